/**
 * Turning an experiment's runs into curves (mean and min–max band over seeds),
 * SVG plots and a markdown table beside the paper's numbers. Orderings the paper
 * claims are checked and stated plainly, whichever way they come out.
 */
import { getTask, type TaskId } from '../../core/tasks/registry';
import type { EpisodeRecord } from '../../core/train';
import { bandOverRuns, finalMetric, metricOf, stat, type Stat } from './bands';
import type { ExperimentId, RunSpec } from './experiments';
import { lineChart, type Series } from './svg';

export interface RunResult extends RunSpec {
  episodes: EpisodeRecord[];
  wallMs: number;
}

/** Runs grouped by task, then label, in the order they were planned. */
function groups(runs: readonly RunResult[]): Map<TaskId, Map<string, RunResult[]>> {
  const g = new Map<TaskId, Map<string, RunResult[]>>();
  for (const r of runs) {
    if (!g.has(r.task)) g.set(r.task, new Map());
    const byLabel = g.get(r.task)!;
    if (!byLabel.has(r.label)) byLabel.set(r.label, []);
    byLabel.get(r.label)!.push(r);
  }
  return g;
}

/** Mean metric over the last 10 training episodes of a run. */
const runFinal = (r: RunResult): number => finalMetric(r.episodes, metricOf(r.task));

/** Success rate of the last test on the real system (Table 2). */
function testSuccess(r: RunResult): number {
  const t = [...r.episodes].reverse().find((e) => e.test)?.test;
  if (!t) throw new Error(`run ${r.label} seed ${r.seed} has no test on the real system`);
  return t.successRate;
}

const fmt = (s: Stat, digits = 2) =>
  s.seeds > 1
    ? `${s.mean.toFixed(digits)} (${s.min.toFixed(digits)}–${s.max.toFixed(digits)})`
    : s.mean.toFixed(digits);

export interface Report {
  /** Markdown: tables and the orderings checked. */
  markdown: string;
  /** One SVG per task (Fig. 2, Fig. 3); none for Table 2. */
  svgs: Map<TaskId, string>;
  /** The tables' numbers, for the JSON. */
  summary: Record<string, Record<string, Stat>>;
}

export function buildReport(exp: ExperimentId, runs: readonly RunResult[]): Report {
  const svgs = new Map<TaskId, string>();
  const summary: Record<string, Record<string, Stat>> = {};
  const md: string[] = [];
  for (const [task, byLabel] of groups(runs)) {
    const metric = metricOf(task);
    const rows: Record<string, Stat> = {};
    md.push(`### ${task}`, '');
    if (exp === 'fig2') {
      const series: Series[] = [];
      for (const [label, rs] of byLabel) {
        const w = metric === 'success' ? Math.min(10, rs[0].episodes.length) : 1;
        series.push(
          bandOverRuns(
            label,
            rs.map((r) => r.episodes),
            metric,
            w,
          ),
        );
        rows[label] = stat(rs.map(runFinal));
      }
      svgs.set(
        task,
        lineChart(series, {
          title: `Fig. 2 — ${task} (mean and min–max over ${byLabel.values().next().value!.length} seeds)`,
          xLabel: 'training episode',
          yLabel: metric === 'return' ? 'episode return' : 'success rate (moving average of 10 episodes)',
        }),
      );
      md.push(
        `| agent | ${metric === 'return' ? 'mean return' : 'success rate'}, last 10 episodes (mean over seeds, min–max) |`,
        '|---|---|',
      );
      for (const [label, s] of Object.entries(rows)) md.push(`| ${label} | ${fmt(s, metric === 'return' ? 1 : 2)} |`);
      const labels = Object.keys(rows);
      const mpq = labels.find((l) => l.startsWith('MPQ'))!;
      const same = labels.find((l) => l === mpq.replace('MPQ', 'MPPI'));
      const long = labels.find((l) => l.startsWith('MPPI') && l !== same && !l.includes('true'));
      md.push('');
      if (same)
        md.push(
          `- ${mpq} beats ${same}: **${rows[mpq].mean > rows[same].mean ? 'yes' : 'no'}** (${rows[mpq].mean.toFixed(3)} vs ${rows[same].mean.toFixed(3)}).`,
        );
      if (long)
        md.push(
          `- ${mpq} matches or beats ${long}: **${rows[mpq].mean >= rows[long].mean ? 'yes' : 'no'}** (${rows[mpq].mean.toFixed(3)} vs ${rows[long].mean.toFixed(3)}).`,
        );
    } else if (exp === 'table2') {
      const paper = getTask(task).paper.table2 ?? {};
      md.push(
        '| agent | ours: success on the real system after training (mean over seeds, min–max) | paper |',
        '|---|---|---|',
      );
      for (const [label, rs] of byLabel) {
        rows[label] = stat(rs.map(testSuccess));
        md.push(`| ${label} | ${fmt(rows[label])} | ${paper[label]?.toFixed(2) ?? '—'} |`);
      }
      const real = rows['MPQ REAL']?.mean;
      if (real !== undefined) {
        md.push('');
        for (const other of ['MPQ DR', 'H1 REAL', 'H1 DR']) {
          if (rows[other])
            md.push(
              `- MPQ REAL beats ${other}: **${real > rows[other].mean ? 'yes' : 'no'}** (${real.toFixed(2)} vs ${rows[other].mean.toFixed(2)}).`,
            );
        }
      }
    } else {
      const hs = [...new Set([...byLabel.keys()].map((l) => Number(l.split('H')[1])))];
      md.push(`| H | MPQ ${metric}, last 10 episodes | MPPI ${metric}, last 10 episodes |`, '|---|---|---|');
      const series: Series[] = [];
      for (const kind of ['MPQ', 'MPPI']) {
        const stats = hs.map((h) => stat(byLabel.get(`${kind} H${h}`)!.map(runFinal)));
        hs.forEach((h, i) => (rows[`${kind} H${h}`] = stats[i]));
        series.push({
          label: kind,
          x: hs,
          mean: stats.map((s) => s.mean),
          lo: stats.map((s) => s.min),
          hi: stats.map((s) => s.max),
        });
      }
      for (const h of hs) md.push(`| ${h} | ${fmt(rows[`MPQ H${h}`])} | ${fmt(rows[`MPPI H${h}`])} |`);
      const mpq = hs.map((h) => rows[`MPQ H${h}`].mean);
      const best = mpq.indexOf(Math.max(...mpq));
      md.push(
        '',
        `- MPQ is best at H = ${hs[best]}; ${best > 0 && best < hs.length - 1 ? "it rises, then falls or flattens (Fig. 3's trend): **yes**" : 'the rise-then-fall trend of Fig. 3 does **not** show on this grid'}.`,
      );
      svgs.set(
        task,
        lineChart(series, {
          title: `Fig. 3 — ${task}`,
          xLabel: 'horizon H',
          yLabel: `${metric}, last 10 training episodes`,
        }),
      );
    }
    md.push('');
    summary[task] = rows;
  }
  return { markdown: md.join('\n'), svgs, summary };
}
