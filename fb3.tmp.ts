import { readFileSync } from 'node:fs';
import { franka as A } from './src/core/tasks/frankaOrig.tmp';
import { franka as B } from './src/core/tasks/franka';
const sd = 16, na = 7;
const states = new Float64Array(readFileSync('/tmp/franka-states.bin').buffer.slice(0));
const nS = states.length / sd, N = 36, Hh = 10, rows = nS * N;
const s0 = new Float64Array(rows * sd);
for (let i = 0; i < nS; i++) for (let n = 0; n < N; n++) s0.set(states.subarray(i * sd, (i + 1) * sd), (i * N + n) * sd);
const noise = new Float64Array(Hh * rows * na);
for (let i = 0; i < noise.length; i++) noise[i] = Math.max(-2.6, Math.min(2.6, 2 * Math.sin(i * 12.9898) * 1.3));
const prm = new Float64Array(rows * 4); for (let i = 0; i < prm.length; i++) prm[i] = 0.5 * (1 + Math.sin(i * 7.1));
function run(T: typeof A) {
  const s = s0.slice(); const act = new Float64Array(rows * na);
  const t0 = performance.now();
  for (let t = 0; t < Hh; t++) { act.set(noise.subarray(t * rows * na, (t + 1) * rows * na)); T.step(s, act, prm, 4, rows); }
  return [performance.now() - t0, s] as const;
}
run(A); run(B);
const ta: number[] = [], tb: number[] = []; let sa!: Float64Array, sb!: Float64Array;
for (let i = 0; i < 5; i++) { let r = run(A); ta.push(r[0]); sa = r[1]; r = run(B); tb.push(r[0]); sb = r[1]; }
const med = (x: number[]) => [...x].sort((p, q) => p - q)[2];
let same = sa.length === sb.length; for (let i = 0; i < sa.length && same; i++) if (!Object.is(sa[i], sb[i])) same = false;
console.log(JSON.stringify({ rowSteps: rows * Hh, origMedianMs: med(ta), newMedianMs: med(tb), ratio: med(ta) / med(tb), bitIdentical: same }));
