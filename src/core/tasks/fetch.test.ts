import { describe, expect, it } from 'vitest';
import { RandomStream, keyFromSeed } from '../rng';
import { rowIsFinite } from '../task';
import {
  FETCH_FINGER_DROP,
  FETCH_FINGER_RADIUS,
  FETCH_GRIP_START,
  FETCH_STATE_DIM,
  FETCH_TABLE_Z,
  FETCH_TRUE_PARAMS,
  fetchPush as task,
  frictionStopDistance,
  pointToBlockDistance,
} from './fetch';
import { getTask } from './registry';

const SD = FETCH_STATE_DIM;
const H = FETCH_TRUE_PARAMS[5];
const BLOCK_Z = FETCH_TABLE_Z + H;

/** Block at (1.3, 0.75), goal far away; gripper at (gx, gy, gz), everything at rest. */
function scene(gx: number, gy: number, gz: number): Float64Array {
  const s = new Float64Array(SD);
  s.set([gx, gy, gz, 0, 0, 0, 1.3, 0.75, BLOCK_Z, 0, 0, 0, 0, 1.45, 0.9, BLOCK_Z]);
  return s;
}

function params(overrides: Partial<Record<'mass' | 'inertia' | 'mu', number>> = {}): Float64Array {
  const p = Float64Array.from(FETCH_TRUE_PARAMS);
  if (overrides.mass !== undefined) p[0] = overrides.mass;
  if (overrides.inertia !== undefined) p[1] = overrides.inertia;
  if (overrides.mu !== undefined) p[2] = overrides.mu;
  return p;
}

function run(s: Float64Array, action: readonly number[], p: Float64Array, steps: number): void {
  const a = Float64Array.from(action);
  for (let t = 0; t < steps; t++) task.step(s, a, p, 0, 1);
}

/** Fingertips 5 mm above the table, 4 cm behind the block's −x face centre line. */
const LOW_Z = FETCH_TABLE_Z + FETCH_FINGER_DROP + 0.005;

/** Pushes along +x for `steps` control steps at action 0.5, then stops (action 0) for 25 steps. */
function pushThenStop(p: Float64Array, steps = 8): Float64Array {
  const s = scene(1.3 - 0.07, 0.75, LOW_Z);
  run(s, [0.5, 0, 0, 0], p, steps);
  run(s, [0, 0, 0, 0], p, 25);
  return s;
}

describe('fetch paper settings', () => {
  it("are Table 3's N, Σ, λ, α, γ and Fig. 2's horizons (typed in from the paper)", () => {
    expect(task.paper).toMatchObject({
      samples: 36,
      sigma: 3,
      lambda: 0.01,
      alpha: 0.5,
      gamma: 0.9,
      mpqHorizon: 10,
      longHorizon: 64,
    });
  });
});

describe('fetch push-block task spec', () => {
  it('is registered and has the documented dimensions', () => {
    expect(getTask('fetch')).toBe(task);
    expect(task.stateNames.length).toBe(task.stateDim);
    expect(task.obsNames.length).toBe(33);
    expect(task.obsDim).toBe(33);
    expect(task.paramNames.length).toBe(task.trueParams.length);
    expect(task.controlDtSec).toBeCloseTo(0.04, 12);
    expect(task.substeps).toBe(20);
    expect(task.episodeSteps).toBe(100);
    // Table 1: mean 0.35·p, half-width 0.45·p, low end clamped positive.
    for (let j = 0; j < task.trueParams.length; j++) {
      const p = task.trueParams[j];
      expect(task.biased.high[j]).toBeCloseTo(0.8 * p, 12);
      expect(task.biased.low[j]).toBeGreaterThan(0);
      expect(task.dr.low[j]).toBeLessThanOrEqual(task.biased.low[j]);
      expect(task.dr.high[j]).toBeGreaterThan(p);
    }
  });

  it('writes the observation in the App. B order', () => {
    const s = scene(1.25, 0.7, 0.5);
    s[9] = 0.3;
    s[10] = 0.1;
    s[12] = -2;
    s[3] = 0.2;
    const o = new Float64Array(33);
    task.observe(s, 0, o, 0);
    expect(Array.from(o.subarray(0, 6))).toEqual([1.25, 0.7, 0.5, 1.3, 0.75, BLOCK_Z]);
    expect(o[6]).toBeCloseTo(0.05, 12);
    expect(o[13]).toBe(0.3);
    expect(o[14]).toBe(0.1);
    expect(o[19]).toBe(-2);
    expect(o[22]).toBe(0.2);
    expect(o[25]).toBeCloseTo(Math.hypot(0.05, 0.05, BLOCK_Z - 0.5), 12);
    expect(o[26]).toBeCloseTo(0.15, 12);
    expect(o[29]).toBeCloseTo(Math.hypot(0.15, 0.15), 12);
    expect(Array.from(o.subarray(30, 33))).toEqual([1.45, 0.9, BLOCK_Z]);
  });

  it('samples starts as FetchPush does', () => {
    const rng = new RandomStream(keyFromSeed(7));
    const s = new Float64Array(SD);
    for (let e = 0; e < 500; e++) {
      task.sampleInitialState(rng, s, 0);
      expect(Array.from(s.subarray(0, 3))).toEqual([...FETCH_GRIP_START]);
      const ox = s[6] - FETCH_GRIP_START[0];
      const oy = s[7] - FETCH_GRIP_START[1];
      expect(Math.max(Math.abs(ox), Math.abs(oy))).toBeLessThanOrEqual(0.15);
      expect(Math.hypot(ox, oy)).toBeGreaterThanOrEqual(0.1);
      expect(Math.abs(s[13] - FETCH_GRIP_START[0])).toBeLessThanOrEqual(0.15);
      expect(Math.abs(s[14] - FETCH_GRIP_START[1])).toBeLessThanOrEqual(0.15);
      expect(s[8]).toBe(BLOCK_Z);
      expect(s[15]).toBe(BLOCK_Z);
      expect(s[9]).toBe(0);
    }
  });

  it('judges success by the 5 cm block–goal distance', () => {
    const s = scene(1.2, 0.7, 0.5);
    s[13] = 1.3 + 0.049;
    s[14] = 0.75;
    expect(task.isSuccess(s, 0)).toBe(true);
    s[13] = 1.3 + 0.051;
    expect(task.isSuccess(s, 0)).toBe(false);
    const c = new Float64Array(1);
    task.evalCostTerms(s, 0, new Float64Array(4), 0, c);
    expect(c[0]).toBeCloseTo(0.051, 12);
  });
});

describe('fetch push-block physics', () => {
  it('leaves a block at rest without contact at rest', () => {
    const p = params();
    const s = scene(1.15, 0.6, 0.55);
    const before = Float64Array.from(s.subarray(6, 13));
    // The gripper moves about, far from the block.
    run(s, [1, -1, -1, 1], p, 5);
    run(s, [-1, 1, 1, -1], p, 5);
    run(s, [0, 0, 0, 0], p, 40);
    expect(Array.from(s.subarray(6, 13))).toEqual(Array.from(before));
  });

  it('moves a pushed block with the gripper, then stops it within v²/(2μg) ± 20 %', () => {
    for (const mu of [1, 0.4]) {
      const p = params({ mu });
      const s = scene(1.3 - 0.07, 0.75, LOW_Z);
      run(s, [0.5, 0, 0, 0], p, 5);
      const g5 = s[0];
      const b5 = s[6];
      run(s, [0.5, 0, 0, 0], p, 5);
      // While pushed: the block moves along +x as far as the gripper (its speed within a
      // control step can run ahead of the decelerating servo), without turning.
      expect(s[6]).toBeGreaterThan(1.3 + 0.05);
      expect(s[0] - g5).toBeGreaterThan(0.05);
      expect(Math.abs(s[6] - b5 - (s[0] - g5)) / (s[0] - g5)).toBeLessThan(0.05);
      expect(Math.abs(s[11])).toBeLessThan(1e-9);
      expect(Math.abs(s[12])).toBeLessThan(1e-9);
      expect(Math.abs(s[7] - 0.75)).toBeLessThan(1e-9);
      // The finger disc stays at the −x face (within 3 mm: a slippery block coasts ahead a little).
      expect(pointToBlockDistance(s[0], s[1], s[6], s[7], s[9], H)).toBeLessThan(FETCH_FINGER_RADIUS + 0.003);
      // Lift the gripper away and let the block slide out.
      const v0 = s[10];
      const x0 = s[6];
      s[2] = 0.6;
      s[3] = 0;
      s[4] = 0;
      s[5] = 0;
      run(s, [0, 0, 0, 0], p, 40);
      expect(s[10]).toBe(0);
      const predicted = frictionStopDistance(v0, mu);
      expect(predicted).toBeGreaterThan(0.003);
      expect(Math.abs(s[6] - x0 - predicted) / predicted).toBeLessThan(0.2);
    }
  });

  it('moves a heavier or more frictional block less for the same push', () => {
    const base = pushThenStop(params())[6];
    const heavy = pushThenStop(params({ mass: 6, inertia: 3 * 8.33e-4 }))[6];
    const sticky = pushThenStop(params({ mu: 2 }))[6];
    expect(base).toBeGreaterThan(1.3 + 0.05);
    expect(heavy).toBeLessThan(base);
    expect(sticky).toBeLessThan(base);
  });

  it('lets a gripper above the block pass without touching it, and rests it on the top face', () => {
    const p = params();
    // Fingertips 2 mm above the block top, sweeping across it.
    const s = scene(1.2, 0.75, FETCH_TABLE_Z + 2 * H + FETCH_FINGER_DROP + 0.002);
    const before = Float64Array.from(s.subarray(6, 13));
    run(s, [1, 0, 0, 0], p, 8);
    expect(s[0]).toBeGreaterThan(1.35);
    expect(Array.from(s.subarray(6, 13))).toEqual(Array.from(before));
    // Lowered straight onto the block: it stops on the top face and the block stays put.
    const t = scene(1.3, 0.75, 0.55);
    run(t, [0, 0, -1, 0], p, 10);
    expect(t[2]).toBeCloseTo(FETCH_TABLE_Z + 2 * H + FETCH_FINGER_DROP, 9);
    expect(Array.from(t.subarray(6, 13))).toEqual(Array.from(before));
  });

  it('turns a block pushed off-centre, and the turn grows with less inertia', () => {
    const yawAfter = (inertia: number): number => {
      const s = scene(1.3 - 0.07, 0.75 + 0.018, LOW_Z);
      run(s, [0.5, 0, 0, 0], params({ inertia }), 6);
      return s[9];
    };
    const heavy = yawAfter(8.33e-4);
    const light = yawAfter(2e-4);
    expect(Math.abs(heavy)).toBeGreaterThan(0.01);
    expect(Math.abs(light)).toBeGreaterThan(Math.abs(heavy));
  });

  it('produces no NaN or Inf in 10,000 steps at action bounds and biased/DR-range corners', () => {
    const np = task.paramNames.length;
    const corners = 1 << np; // every corner of the biased box, then of the DR box
    const rows = 2 * corners;
    const p = new Float64Array(rows * np);
    for (let r = 0; r < rows; r++) {
      const box = r < corners ? task.biased : task.dr;
      for (let j = 0; j < np; j++) p[r * np + j] = ((r % corners) >> j) & 1 ? box.high[j] : box.low[j];
    }
    const rng = new RandomStream(keyFromSeed(11));
    const s = new Float64Array(rows * SD);
    const a = new Float64Array(rows * 4);
    const obs = new Float64Array(33);
    const c = new Float64Array(1);
    let bad = 0;
    let moved = 0;
    for (let t = 0; t < 10_000; t++) {
      if (t % 100 === 0) for (let r = 0; r < rows; r++) task.sampleInitialState(rng, s, r * SD);
      for (let i = 0; i < a.length; i++) a[i] = rng.uniform() < 0.5 ? -1 : 1;
      // Bias half the rows toward the block so contacts happen often.
      for (let r = 0; r < rows; r += 2) {
        a[r * 4] = s[r * SD + 6] > s[r * SD] ? 1 : -1;
        a[r * 4 + 1] = s[r * SD + 7] > s[r * SD + 1] ? 1 : -1;
      }
      task.step(s, a, p, np, rows);
      for (let r = 0; r < rows; r++) {
        task.observe(s, r * SD, obs, 0);
        task.evalCostTerms(s, r * SD, a, r * 4, c);
        if (!rowIsFinite(s, r * SD, SD) || !rowIsFinite(obs, 0, 33) || !Number.isFinite(c[0])) bad++;
        if (s[r * SD + 10] !== 0 || s[r * SD + 11] !== 0) moved++;
      }
    }
    expect(bad).toBe(0);
    expect(moved).toBeGreaterThan(1000);
  });

  it('gives identical results for identical seeds', () => {
    const rollout = (seed: number): Float64Array => {
      const rng = new RandomStream(keyFromSeed(seed));
      const rows = 8;
      const s = new Float64Array(rows * SD);
      for (let r = 0; r < rows; r++) task.sampleInitialState(rng, s, r * SD);
      const p = new Float64Array(rows * 6);
      for (let r = 0; r < rows; r++)
        for (let j = 0; j < 6; j++) p[r * 6 + j] = rng.uniformIn(task.biased.low[j], task.biased.high[j]);
      const a = new Float64Array(rows * 4);
      for (let t = 0; t < 200; t++) {
        for (let i = 0; i < a.length; i++) a[i] = rng.uniformIn(-1, 1);
        task.step(s, a, p, 6, rows);
      }
      return s;
    };
    expect(Array.from(rollout(3))).toEqual(Array.from(rollout(3)));
    expect(Array.from(rollout(3))).not.toEqual(Array.from(rollout(4)));
  });
});
