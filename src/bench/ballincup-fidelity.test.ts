/**
 * Our ball-in-cup against MuJoCo-WASM on an MJCF written to match it
 * (mjcf/ballincup.ts): the same starts and actions, 1 s each.
 *
 * Tolerances (RMS over the 50 control steps of the ball-centre distance):
 * - string only (free swing, slack drop, taut pull): 0.5 mm. Both use the same
 *   soft-constraint law for the string limit; measured ≈ 0.03–0.05 mm.
 * - catch (wall contacts with friction, then the ball shaken about inside the
 *   cup by ±5 N MPPI actions): 1.5 cm RMS, 4 cm max, and the ball in the cup
 *   for > 30 of the 50 steps on both, the counts within 3 steps. Our contacts
 *   are solved one after another with a 1-D friction law; MuJoCo solves all
 *   rows jointly with a pyramidal cone. The paths agree to < 5 mm for the first
 *   0.38 s (landing on the wall, rolling in); after that each contact's small
 *   difference feeds the next (measured 8.3 mm RMS, 2.4 cm max, in the cup
 *   44 vs 43 steps; on a MuJoCo ball that cannot spin, as dm_control's,
 *   2.5 cm RMS and 44 vs 31).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BALLINCUP_SEQUENCES } from './canned';
import { compareBallInCup } from './fidelity';
import { MjBallInCup, mujoco } from './mujoco';

const STRING_RMS_TOL_M = 5e-4;
const CONTACT_RMS_TOL_M = 1.5e-2;
const CONTACT_MAX_TOL_M = 4e-2;

describe('ball-in-cup follows MuJoCo-WASM', () => {
  let sim: MjBallInCup;
  beforeAll(async () => {
    sim = new MjBallInCup(await mujoco(), { spin: true });
  });
  afterAll(() => sim?.dispose());

  for (const name of ['free-swing', 'slack-drop', 'taut-pull']) {
    it(`${name}: ball path within ${STRING_RMS_TOL_M * 1e3} mm RMS over 1 s`, () => {
      const seq = BALLINCUP_SEQUENCES.find((s) => s.name === name)!;
      const r = compareBallInCup(seq, sim);
      expect(r.steps).toBe(50);
      expect(r.rmsErrorM).toBeLessThan(STRING_RMS_TOL_M);
      expect(r.cupRmsErrorM).toBeLessThan(STRING_RMS_TOL_M);
    });
  }

  it(`catch: ball path within ${CONTACT_RMS_TOL_M * 1e3} mm RMS, and in the cup at the end on both`, () => {
    const seq = BALLINCUP_SEQUENCES.find((s) => s.name === 'catch')!;
    const r = compareBallInCup(seq, sim);
    expect(r.rmsErrorM).toBeLessThan(CONTACT_RMS_TOL_M);
    expect(r.maxErrorM).toBeLessThan(CONTACT_MAX_TOL_M);
    expect(r.inCupOurs).toBeGreaterThan(30);
    expect(Math.abs(r.inCupOurs - r.inCupMujoco)).toBeLessThanOrEqual(3);
  });

  it('the string limit is what agrees: with MuJoCo’s default solref (0.02 s) the swing differs by ≥ 0.5 mm', async () => {
    const soft = new MjBallInCup(await mujoco(), { spin: true, stringTimeconstSec: 0.02 });
    try {
      const r = compareBallInCup(
        BALLINCUP_SEQUENCES.find((s) => s.name === 'free-swing')!,
        soft,
      );
      expect(r.rmsErrorM).toBeGreaterThan(STRING_RMS_TOL_M);
    } finally {
      soft.dispose();
    }
  });
});
