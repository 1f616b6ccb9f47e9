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
   * Per phase, so that play episodes between training episodes (or the other way) keep both series open.
   */
  private open: Partial<Record<EpisodePhase, { readonly label: string; readonly id: number }>> = {};
  /** Series opened so far under each label (the second gets "(2)"). */
  private readonly counts = new Map<string, number>();

  /** The series so far, oldest first. */
  get series(): readonly SeriesInfo[] {
    return this.list;
  }

  /** A new Q-function or a new run: the next episode opens a new series, even under the same label. */
  newRun(): void {
    this.open = {};
  }

  /** Forgets every series (a new task, an imported run). */
  clear(): void {
    this.list = [];
    this.open = {};
    this.counts.clear();
  }

  /** The series id of an episode that finished now under these settings and Q source. */
  assign(s: LabSettings, q: QSource, phase: EpisodePhase): number {
    const label = seriesLabel(s, q, phase);
    const open = this.open[phase];
    if (open && open.label === label) return open.id;
    const same = this.counts.get(label) ?? 0;
    const info: SeriesInfo = { id: this.list.length, label: same > 0 ? `${label} (${same + 1})` : label, phase };
    this.counts.set(label, same + 1);
    this.list = [...this.list, info];
    this.open[phase] = { label, id: info.id };
    return info.id;
  }
}
