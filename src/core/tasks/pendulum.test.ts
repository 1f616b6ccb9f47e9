import { describe, expect, it } from 'vitest';
import { keyFromSeed, RandomStream } from '../rng';
import { pendulum, pendulumEnergy, PENDULUM_MAX_SPEED, wrapAngle } from './pendulum';

const trueP = Float64Array.from(pendulum.trueParams);

function run(theta: number, omega: number, torque: number, steps: number, params = trueP) {
  const s = new Float64Array([theta, omega]);
  const a = new Float64Array([torque]);
  const traj: [number, number][] = [];
  for (let t = 0; t < steps; t++) {
    pendulum.step(s, a, params, 0, 1);
    traj.push([s[0], s[1]]);
  }
  return traj;
}

describe('pendulum paper settings', () => {
  it("are Table 3's N, Σ, λ, α, γ and Fig. 2's horizons (typed in from the paper)", () => {
    expect(pendulum.paper).toMatchObject({
      samples: 24,
      sigma: 4,
      lambda: 0.15,
      alpha: 0.5,
      gamma: 0.9,
      mpqHorizon: 8,
      longHorizon: 32,
    });
  });
});

describe('pendulum physics', () => {
  it('conserves energy without torque (bounded oscillation, no drift) while no clipping applies', () => {
    // Start 0.3 rad from hanging: max speed √(6g/l)·sin(0.15) ≈ 1.2 rad/s, far below the 8 rad/s clip.
    const [m, l] = pendulum.trueParams;
    const e0 = pendulumEnergy(Math.PI - 0.3, 0, m, l);
    const traj = run(Math.PI - 0.3, 0, 0, 4000);
    const energies = traj.map(([th, w]) => pendulumEnergy(th, w, m, l));
    const swing = Math.abs(pendulumEnergy(0, 0, m, l) - pendulumEnergy(Math.PI, 0, m, l));
    // Semi-implicit Euler is symplectic: the energy error stays O(dt) and does not grow.
    for (const e of energies) expect(Math.abs(e - e0)).toBeLessThan(0.01 * swing);
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    expect(Math.abs(mean(energies.slice(0, 400)) - mean(energies.slice(-400)))).toBeLessThan(0.001 * swing);
    for (const [, w] of traj) expect(Math.abs(w)).toBeLessThan(PENDULUM_MAX_SPEED);
  });

  it('stays at its equilibria and falls away from upright', () => {
    expect(run(Math.PI, 0, 0, 100).at(-1)![1]).toBeCloseTo(0, 12);
    expect(run(0, 0, 0, 100).at(-1)).toEqual([0, 0]);
    const fall = run(0.01, 0, 0, 40);
    expect(Math.abs(fall.at(-1)![0])).toBeGreaterThan(1);
  });

  it('clips speed at ±8 rad/s and wraps θ to [−π, π)', () => {
    const traj = run(0, 7.9, 2, 300);
    for (const [th, w] of traj) {
      expect(Math.abs(w)).toBeLessThanOrEqual(PENDULUM_MAX_SPEED);
      expect(th).toBeGreaterThanOrEqual(-Math.PI);
      expect(th).toBeLessThan(Math.PI);
    }
    expect(traj.some(([, w]) => w === PENDULUM_MAX_SPEED)).toBe(true);
    expect(wrapAngle(3 * Math.PI)).toBeCloseTo(-Math.PI, 12);
    expect(wrapAngle(-Math.PI / 2 - 4 * Math.PI)).toBeCloseTo(-Math.PI / 2, 12);
    expect(wrapAngle(0.5)).toBe(0.5);
  });

  it('wrapAngle gives the bits of ((x + π) % 2π, shifted up when negative) − π everywhere', () => {
    const reference = (x: number) => {
      let y = (x + Math.PI) % (2 * Math.PI);
      if (y < 0) y += 2 * Math.PI;
      return y - Math.PI;
    };
    const twoPi = 2 * Math.PI;
    const edges = [0, -0, Math.PI, -Math.PI, twoPi, -twoPi, 3 * Math.PI, -3 * Math.PI, 5 * Math.PI, 1e-300, -1e-300];
    const xs = [...edges, NaN, Infinity, -Infinity, 1e300, -1e300];
    for (const e of edges)
      for (let k = -3; k <= 3; k++) xs.push(e + k * Number.EPSILON * 8, e * (1 + k * Number.EPSILON));
    const rng = new RandomStream(keyFromSeed(12));
    for (let i = 0; i < 200_000; i++) xs.push(rng.uniformIn(-4.5, 4.5) * (i % 10 === 0 ? 30 : 1));
    // What a physics step produces: θ in [−π, π) moved by up to ±0.4 rad.
    for (let i = 0; i < 200_000; i++) xs.push(reference(rng.uniformIn(-10, 10)) + rng.uniformIn(-0.4, 0.4));
    for (const x of xs) if (!Object.is(wrapAngle(x), reference(x))) expect(wrapAngle(x), `x = ${x}`).toBe(reference(x));
  });

  it('a heavier, longer rod accelerates less under the same torque', () => {
    const light = run(Math.PI, 0, 2, 1)[0][1];
    const heavy = run(Math.PI, 0, 2, 1, new Float64Array([1.5, 1.5]))[0][1];
    expect(heavy).toBeGreaterThan(0);
    expect(heavy).toBeLessThan(light);
    // θ̈ = 3u/(m l²) at the bottom (sin π ≈ 0): ratio (1·1²)/(1.5·1.5²).
    expect(heavy / light).toBeCloseTo(1 / (1.5 * 1.5 * 1.5), 6);
  });

  it('steps many rows independently with per-row parameters', () => {
    const s = new Float64Array([1, 0, 1, 0]);
    pendulum.step(s, new Float64Array([1, 1]), new Float64Array([1, 1, 1.5, 1.2]), 2, 2);
    const a = run(1, 0, 1, 1)[0];
    const b = run(1, 0, 1, 1, new Float64Array([1.5, 1.2]))[0];
    expect(Array.from(s)).toEqual([...a, ...b]);
  });

  it('never leaves the finite numbers (10,000 steps at bounds, both ends of the biased box)', () => {
    const rng = new RandomStream(keyFromSeed(4));
    for (const p of [pendulum.biased.low, pendulum.biased.high]) {
      const s = new Float64Array([0, 0]);
      for (let t = 0; t < 10_000; t++) {
        pendulum.step(s, new Float64Array([rng.uniform() < 0.5 ? -2 : 2]), Float64Array.from(p), 0, 1);
        expect(Number.isFinite(s[0]) && Number.isFinite(s[1])).toBe(true);
      }
    }
  });
});

describe('pendulum spec', () => {
  it('observes [cos θ, sin θ, θ̇] and costs θ² + 0.1 θ̇²', () => {
    const s = new Float64Array([0.5, -2]);
    const obs = new Float64Array(3);
    pendulum.observe(s, 0, obs, 0);
    expect(Array.from(obs)).toEqual([Math.cos(0.5), Math.sin(0.5), -2]);
    const terms = new Float64Array(2);
    pendulum.evalCostTerms(s, 0, new Float64Array([0]), 0, terms);
    expect(terms[0] * pendulum.costTerms[0].weight + terms[1] * pendulum.costTerms[1].weight).toBeCloseTo(
      0.25 + 0.4,
      12,
    );
  });

  it('draws initial states from θ ~ U[−π, π], θ̇ ~ U[−1, 1] reproducibly', () => {
    const a = new Float64Array(2);
    const b = new Float64Array(2);
    let maxW = 0;
    let minT = 0;
    let maxT = 0;
    const r1 = new RandomStream(keyFromSeed(8));
    const r2 = new RandomStream(keyFromSeed(8));
    for (let i = 0; i < 2000; i++) {
      pendulum.sampleInitialState(r1, a, 0);
      pendulum.sampleInitialState(r2, b, 0);
      expect(a).toEqual(b);
      maxW = Math.max(maxW, Math.abs(a[1]));
      minT = Math.min(minT, a[0]);
      maxT = Math.max(maxT, a[0]);
    }
    expect(maxW).toBeLessThanOrEqual(1);
    expect(maxW).toBeGreaterThan(0.99);
    expect(minT).toBeLessThan(-3.1);
    expect(maxT).toBeGreaterThan(3.1);
  });
});
