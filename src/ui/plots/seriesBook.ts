/**
 * Labelled series for the learning plots: the episodes played or trained with
 * one agent, horizon, planner model, Q-function (and N, λ, Σ where they
 * differ from the task's paper settings) form one series, named by those, so
 * two settings compare side by side. A new Q (weights loaded, reset, a new
 * agent) starts a new series even when the label repeats; a repeated label
 * gets a number.
 */
import { getTask } from '../../core/tasks/registry';
import type { EpisodeEvent, EpisodePhase } from '../../compute/engine/protocol';
import type { LabSettings } from '../../compute/engine/settings';
import { qSourceText, type QSource } from '../url/pageState';

/** One series of the plots. */
export interface SeriesInfo {
  readonly id: number;
  readonly label: string;
  readonly phase: EpisodePhase;
}

/** A finished episode with the series it belongs to. */
export interface LabeledEpisode extends EpisodeEvent {
  readonly series: number;
}

const AGENT: Record<LabSettings['agent'], string> = { mpq: 'MPQ', mppi: 'MPPI', softq: 'SoftQ' };
const fmt = (x: number): string => String(Number(x.toPrecision(3)));

/** "MPQ H8 biased · pretrained Q", "MPPI H16 true · λ 0.001", "MPQ H8 biased · untrained Q · training". */
export function seriesLabel(s: LabSettings, q: QSource, phase: EpisodePhase): string {
  const p = getTask(s.task).paper;
  const parts = [`${AGENT[s.agent]} H${s.horizon} ${s.model}`];
  if (s.samples !== p.samples) parts.push(`N ${s.samples}`);
  if (s.lambda !== p.lambda) parts.push(`λ ${fmt(s.lambda)}`);
  if (s.sigma !== p.sigma) parts.push(`Σ ${fmt(s.sigma)}`);
  if (s.agent !== 'mppi') parts.push(qSourceText(q, s.agent).replace(/ \(.*\)$/, ''));
  if (phase === 'train') parts.push('training');
  return parts.join(' · ');
}

export class SeriesBook {
  private list: SeriesInfo[] = [];
  /**
   * Per phase, the series the next episode of that phase joins while the run goes on (none: it opens a new one).
   * Per phase, so a training run's test episodes between its training episodes do not cut either series.
   */
  private open = new Map<EpisodePhase, { label: string; id: number }>();

  /** The series so far, oldest first. */
  get series(): readonly SeriesInfo[] {
    return this.list;
  }

  /** A new Q-function or a new run: the next episode opens a new series, even under the same label. */
  newRun(): void {
    this.open.clear();
  }

  /** Forgets every series (a new task, an imported run). */
  clear(): void {
    this.list = [];
    this.open.clear();
  }

  /** The series id of an episode that finished now under these settings and Q source. */
  assign(s: LabSettings, q: QSource, phase: EpisodePhase): number {
    const label = seriesLabel(s, q, phase);
    const o = this.open.get(phase);
    if (o && o.label === label) return o.id;
    const same = this.list.filter((x) => x.label === label || x.label.startsWith(`${label} (`)).length;
    const info: SeriesInfo = { id: this.list.length, label: same > 0 ? `${label} (${same + 1})` : label, phase };
    this.list = [...this.list, info];
    this.open.set(phase, { label, id: info.id });
    return info.id;
  }
}
