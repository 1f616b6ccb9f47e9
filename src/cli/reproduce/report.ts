/**
 * Turning an experiment's runs into curves (mean and min–max band over seeds),
 * SVG plots and a markdown table beside the paper's numbers. Orderings the paper
 * claims are checked and stated plainly, whichever way they come out.
 */
import { getTask, type TaskId } from '../../core/tasks/registry';
import type { EpisodeRecord } from '../../core/train';
import { differenceInterval } from '../../plotmath/proportions';
import { mean } from '../../plotmath/stats';
import { bandOverRuns, cumulativeBand, finalMetric, metricOf, stat, totalSuccesses, type Stat } from './bands';
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

/**
 * A run's metric over its whole training, as the paper's Fig. 2 and Fig. 3 draw it: cumulative successes
 * (success tasks) or the average return per episode (return tasks).
 */
const runWhole = (r: RunResult): number =>
  metricOf(r.task) === 'success' ? totalSuccesses(r.episodes) : mean(r.episodes.map((e) => e.return));

/** What runWhole measures, for a table head or an axis, after `episodes` training episodes. */
const wholeName = (task: TaskId, episodes: number): string =>
  metricOf(task) === 'success'
    ? `cumulative successes after ${episodes} episodes`
    : `average return over all ${episodes} episodes`;

/** The last test on the real system (Table 2). */
function lastTest(r: RunResult): { episodes: number; successRate: number } {
  const t = [...r.episodes].reverse().find((e) => e.test)?.test;
  if (!t) throw new Error(`run ${r.label} seed ${r.seed} has no test on the real system`);
  return t;
}

/** Success rate of the last test on the real system (Table 2). */
const testSuccess = (r: RunResult): number => lastTest(r).successRate;

/** Successes and episodes of the runs' last tests, pooled over seeds. */
function pooledTests(rs: readonly RunResult[]): { k: number; n: number } {
  let k = 0;
  let n = 0;
  for (const r of rs) {
    const t = lastTest(r);
    k += Math.round(t.successRate * t.episodes);
    n += t.episodes;
  }
  return { k, n };
}

/** Mean (min–max) over seeds; "to" between negative ends, where a dash would read as a minus. */
const fmt = (s: Stat, digits = 2) =>
  s.seeds > 1
    ? `${s.mean.toFixed(digits)} (${s.min.toFixed(digits)}${s.min < 0 ? ' to ' : '–'}${s.max.toFixed(digits)})`
    : s.mean.toFixed(digits);

export interface Report {
  /** Markdown: tables and the orderings checked. */
  markdown: string;
  /** SVGs by name: `<task>` (Fig. 2, Fig. 3) and `<task>-cumulative` (Fig. 2 and 3 of a success task); none for Table 2. */
  svgs: Map<string, string>;
  /** The tables' numbers, for the JSON. */
  summary: Record<string, Record<string, Stat>>;
  /** Table 2: MPQ REAL − each other row, pooled over seeds, with a 95 % interval. */
  differences?: Record<string, Record<string, { diff: number; lo: number; hi: number; episodes: [number, number] }>>;
  /** Fig. 2 and 3: each agent's cumulative successes (success tasks) or mean return over all episodes (return tasks). */
  whole?: Record<string, Record<string, Stat>>;
}

/** The names of the SVGs an experiment writes for a task (before it runs: for the output checks). */
export function svgNames(exp: ExperimentId, task: TaskId): string[] {
  if (exp === 'table2') return [];
  if (metricOf(task) === 'success') return [task, `${task}-cumulative`];
  return [task];
}

export function buildReport(exp: ExperimentId, runs: readonly RunResult[]): Report {
  const svgs = new Map<string, string>();
  const summary: Record<string, Record<string, Stat>> = {};
  const differences: NonNullable<Report['differences']> = {};
  const whole: NonNullable<Report['whole']> = {};
  const md: string[] = [];
  for (const [task, byLabel] of groups(runs)) {
    const metric = metricOf(task);
    const rows: Record<string, Stat> = {};
    const seeds = byLabel.values().next().value!.length;
    const episodes = Math.max(...runs.filter((r) => r.task === task).map((r) => r.episodes.length));
    md.push(`### ${task}`, '');
    if (exp === 'fig2') {
      const series: Series[] = [];
      const cumulative: Series[] = [];
      const totals: Record<string, Stat> = {};
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
        if (metric === 'success')
          cumulative.push(
            cumulativeBand(
              label,
              rs.map((r) => r.episodes),
            ),
          );
        rows[label] = stat(rs.map(runFinal));
        totals[label] = stat(rs.map(runWhole));
      }
      svgs.set(
        task,
        lineChart(series, {
          title: `Fig. 2 — ${task} (mean and min–max over ${seeds} seeds)`,
          xLabel: 'training episode',
          yLabel: metric === 'return' ? 'average return (per episode)' : 'success rate (moving average of 10 episodes)',
        }),
      );
      if (metric === 'success')
        svgs.set(
          `${task}-cumulative`,
          lineChart(cumulative, {
            title: `Fig. 2 — ${task}, cumulative successes as the paper draws it (mean and min–max over ${seeds} seeds)`,
            xLabel: 'training episode',
            yLabel: 'cumulative successes',
          }),
        );
      const wholeHead = `${wholeName(task, episodes)} (the paper's Fig. 2)`;
      md.push(
        `| agent | ${metric === 'return' ? 'mean return' : 'success rate'}, last 10 episodes (mean over seeds, min–max) | ${wholeHead} |`,
        '|---|---|---|',
      );
      for (const [label, s] of Object.entries(rows))
        md.push(
          `| ${label} | ${fmt(s, metric === 'return' ? 1 : 2)} | ${fmt(totals[label], metric === 'return' ? 1 : 1)} |`,
        );
      const labels = Object.keys(rows);
      const mpq = labels.find((l) => l.startsWith('MPQ'))!;
      const same = labels.find((l) => l === mpq.replace('MPQ', 'MPPI'));
      const long = labels.find((l) => l.startsWith('MPPI') && l !== same && !l.includes('true'));
      const what = metric === 'success' ? 'cumulative successes' : 'average return';
      md.push('');
      if (same)
        md.push(
          `- ${mpq} beats ${same}: **${rows[mpq].mean > rows[same].mean ? 'yes' : 'no'}** (${rows[mpq].mean.toFixed(3)} vs ${rows[same].mean.toFixed(3)}, last 10); ${what}: **${totals[mpq].mean > totals[same].mean ? 'yes' : 'no'}** (${totals[mpq].mean.toFixed(1)} vs ${totals[same].mean.toFixed(1)}).`,
        );
      if (long)
        md.push(
          `- ${mpq} matches or beats ${long}: **${rows[mpq].mean >= rows[long].mean ? 'yes' : 'no'}** (${rows[mpq].mean.toFixed(3)} vs ${rows[long].mean.toFixed(3)}, last 10); ${what}: **${totals[mpq].mean >= totals[long].mean ? 'yes' : 'no'}** (${totals[mpq].mean.toFixed(1)} vs ${totals[long].mean.toFixed(1)}).`,
        );
      whole[task] = totals;
    } else if (exp === 'table2') {
      const paper = getTask(task).paper.table2 ?? {};
      md.push(
        '| agent | ours: success on the real system after training (mean over seeds, min–max) | per seed | paper |',
        '|---|---|---|---|',
      );
      for (const [label, rs] of byLabel) {
        rows[label] = stat(rs.map(testSuccess));
        const perSeed = rs.map((r) => `${Math.round(testSuccess(r) * lastTest(r).episodes)}/${lastTest(r).episodes}`);
        md.push(`| ${label} | ${fmt(rows[label])} | ${perSeed.join(', ')} | ${paper[label]?.toFixed(2) ?? '—'} |`);
      }
      const realRuns = byLabel.get('MPQ REAL');
      if (realRuns) {
        const real = pooledTests(realRuns);
        const diffs: NonNullable<Report['differences']>[string] = {};
        md.push('');
        for (const other of [...byLabel.keys()].filter((l) => l !== 'MPQ REAL')) {
          const o = pooledTests(byLabel.get(other)!);
          const d = differenceInterval(real.k, real.n, o.k, o.n);
          diffs[other] = { ...d, episodes: [real.n, o.n] };
          const verdict = d.lo > 0 ? 'yes' : d.hi < 0 ? 'no, the reverse' : 'not resolved (the interval holds 0)';
          md.push(
            `- MPQ REAL beats ${other}: **${verdict}**: ${(real.k / real.n).toFixed(3)} vs ${(o.k / o.n).toFixed(3)} (${real.k}/${real.n} vs ${o.k}/${o.n} test episodes pooled over seeds); difference ${d.diff.toFixed(3)}, 95 % interval [${d.lo.toFixed(3)}, ${d.hi.toFixed(3)}] (Newcombe's score interval, test episodes treated as independent).`,
          );
        }
        differences[task] = diffs;
      }
    } else {
      const hs = [...new Set([...byLabel.keys()].map((l) => Number(l.split('H')[1])))];
      const totals: Record<string, Stat> = {};
      const wholeHead = wholeName(task, episodes);
      md.push(
        `| H | MPQ ${metric}, last 10 episodes | MPQ ${wholeHead} | MPPI ${metric}, last 10 episodes | MPPI ${wholeHead} |`,
        '|---|---|---|---|---|',
      );
      const series: Series[] = [];
      const wholeSeries: Series[] = [];
      const band = (label: string, stats: Stat[]): Series => ({
        label,
        x: hs,
        mean: stats.map((s) => s.mean),
        lo: stats.map((s) => s.min),
        hi: stats.map((s) => s.max),
      });
      for (const kind of ['MPQ', 'MPPI']) {
        const stats = hs.map((h) => stat(byLabel.get(`${kind} H${h}`)!.map(runFinal)));
        const wholes = hs.map((h) => stat(byLabel.get(`${kind} H${h}`)!.map(runWhole)));
        hs.forEach((h, i) => {
          rows[`${kind} H${h}`] = stats[i];
          totals[`${kind} H${h}`] = wholes[i];
        });
        series.push(band(kind, stats));
        wholeSeries.push(band(kind, wholes));
      }
      const digits = metric === 'return' ? 1 : 2;
      for (const h of hs)
        md.push(
          `| ${h} | ${fmt(rows[`MPQ H${h}`], digits)} | ${fmt(totals[`MPQ H${h}`], 1)} | ${fmt(rows[`MPPI H${h}`], digits)} | ${fmt(totals[`MPPI H${h}`], 1)} |`,
        );
      const bestOf = (kind: string, by: Record<string, Stat>): number => {
        const m = hs.map((h) => by[`${kind} H${h}`].mean);
        return m.indexOf(Math.max(...m));
      };
      const trend = (best: number) =>
        best > 0 && best < hs.length - 1
          ? "it rises, then falls or flattens (Fig. 3's trend): **yes**"
          : 'the rise-then-fall trend of Fig. 3 does **not** show on this grid';
      const best = bestOf('MPQ', rows);
      const bestWhole = bestOf('MPQ', totals);
      const longest = hs[hs.length - 1];
      const mpqBest = totals[`MPQ H${hs[bestWhole]}`];
      const mppiLong = totals[`MPPI H${longest}`];
      md.push(
        '',
        `- By the last 10 episodes, MPQ is best at H = ${hs[best]}; ${trend(best)}.`,
        `- By the ${wholeHead} (the paper's Fig. 3), MPQ is best at H = ${hs[bestWhole]}; ${trend(bestWhole)}.`,
        `- MPQ at its best H (${hs[bestWhole]}) matches or beats plain MPPI at the longest H (${longest}), ${wholeHead}: **${mpqBest.mean >= mppiLong.mean ? 'yes' : 'no'}** (${mpqBest.mean.toFixed(1)} vs ${mppiLong.mean.toFixed(1)}).`,
      );
      svgs.set(
        task,
        lineChart(series, {
          title: `Fig. 3 — ${task} (mean and min–max over ${seeds} seeds)`,
          xLabel: 'horizon H',
          yLabel: `${metric}, last 10 training episodes`,
          markers: true,
          xTicks: hs,
        }),
      );
      if (metric === 'success')
        svgs.set(
          `${task}-cumulative`,
          lineChart(wholeSeries, {
            title: `Fig. 3 — ${task}, ${wholeHead} as the paper draws it (mean and min–max over ${seeds} seeds)`,
            xLabel: 'horizon H',
            yLabel: 'cumulative successes',
            markers: true,
            xTicks: hs,
          }),
        );
      whole[task] = totals;
    }
    md.push('');
    summary[task] = rows;
  }
  return {
    markdown: md.join('\n'),
    svgs,
    summary,
    ...(exp === 'table2' ? { differences } : {}),
    ...(exp !== 'table2' ? { whole } : {}),
  };
}
