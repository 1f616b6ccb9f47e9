/**
 * Canned ball-in-cup action sequences for the fidelity check (1 s = 50 control
 * steps each), all from rest states with the cup at its start (0, 0.6).
 */
import { BIC_SITE_Z, BIC_STRING_MAX } from '../core/tasks/ballincup';
import { FETCH_GRIP_START, FETCH_TABLE_Z, FETCH_TRUE_PARAMS } from '../core/tasks/fetch';
import { hold, restStart, type CannedSequence, type FetchSequence } from './fidelity';

const KNOT_Z = 0.6 + BIC_SITE_Z;
const SWING_ANGLE_RAD = Math.PI / 6;

/**
 * The catch: the first second of MPPI (H 48, true model, seed 1, eval episode 5)
 * on our physics, actions rounded to 1e-4. The ball starts above and right of
 * the cup, the cup runs under it, the ball lands on the wall and rolls in
 * (in the cup from step 7 on, on both simulators).
 */
const CATCH_ACTIONS: [number, number][] = [
  [1, -0.7929],
  [1, 0.6668],
  [1, -0.6352],
  [1, -0.1205],
  [1, 1],
  [-0.6246, 1],
  [-0.3905, 0.4079],
  [0.3286, -1],
  [0.4544, -0.7046],
  [-0.0294, -0.2575],
  [0.878, -0.9269],
  [1, -1],
  [1, -0.2448],
  [-0.8788, 0.5076],
  [-0.0642, -1],
  [0.6187, 0.5417],
  [-0.6316, 1],
  [-0.9137, -0.5185],
  [0.1437, -1],
  [-1, 0.1365],
  [-1, 0.5179],
  [-0.1664, -1],
  [-1, -0.2101],
  [-0.0737, -0.4777],
  [-1, 0.6004],
  [-0.4458, -0.4004],
  [-1, -0.8758],
  [-1, -1],
  [-1, -0.7415],
  [1, -1],
  [-1, -0.8454],
  [1, -1],
  [-0.0997, -0.1623],
  [-0.305, -1],
  [-0.4027, 1],
  [-0.8689, -0.7108],
  [-1, 0.2848],
  [0.3812, -0.5382],
  [-1, 0.096],
  [0.8361, 1],
  [-1, 0.2152],
  [-0.7281, -0.8322],
  [-0.3645, -1],
  [1, 0.9337],
  [-0.5573, 1],
  [-0.4789, 0.8457],
  [1, -1],
  [-0.8779, 0.5278],
  [-0.4451, 1],
  [-0.4219, -1],
];

export const BALLINCUP_SEQUENCES: readonly CannedSequence[] = [
  {
    name: 'free-swing',
    doc: 'string taut at 30° from the vertical, no action: a 1 s pendulum swing (string limit active throughout)',
    start: restStart(BIC_STRING_MAX * Math.sin(SWING_ANGLE_RAD), KNOT_Z - BIC_STRING_MAX * Math.cos(SWING_ANGLE_RAD)),
    actions: hold(50, 0, 0),
  },
  {
    name: 'slack-drop',
    doc: 'ball at rest 0.21 m from the knot (slack), no action: free fall, the string snaps taut, then a swing',
    start: restStart(0.15, 0.35),
    actions: hold(50, 0, 0),
  },
  {
    name: 'taut-pull',
    doc: 'slack ball, cup driven up and right (u = (0.5, 1)) for 0.3 s: the pull takes the string taut with a jerk; then no action',
    start: restStart(0.05, 0.3),
    actions: [...hold(15, 0.5, 1), ...hold(35, 0, 0)],
  },
  {
    name: 'catch',
    doc: 'ball above the cup, MPPI actions that run the cup under it: wall contact with friction, then the ball rests in the cup',
    start: [0.1232193112373352, 0.6534948140382767, 0, 0, 0, 0, 0.6, 0, 0],
    actions: CATCH_ACTIONS,
  },
];

/** Fetch start: gripper at (gx, gy, gz) at rest, block at rest at (bx, by) on the table, goal 0.15 further along y. */
function fetchStart(gx: number, gy: number, gz: number, bx: number, by: number): number[] {
  const z = FETCH_TABLE_Z + FETCH_TRUE_PARAMS[5];
  return [gx, gy, gz, 0, 0, 0, bx, by, z, 0, 0, 0, 0, bx, by + 0.15, z];
}

function fetchHold(steps: number, dx: number, dy: number, dz: number): [number, number, number, number][] {
  return Array.from({ length: steps }, () => [dx, dy, dz, 0] as [number, number, number, number]);
}

const [G0X, G0Y, G0Z] = FETCH_GRIP_START;
/** Grip height with the fingertips 1 cm above the table (below the block top at 0.45). */
const LOW_Z = FETCH_TABLE_Z + 0.0185 + 0.01;

/** Fetch sequences, 1 s = 25 control steps each, pushing along +y (the table's long side: the block stays on it). */
export const FETCH_SEQUENCES: readonly FetchSequence[] = [
  {
    name: 'push-centre',
    doc: 'fingers low, 6 cm behind the block, pushed along +y through its centre at 0.3 (target moves 1.5 cm per step)',
    start: fetchStart(G0X, G0Y, LOW_Z, G0X, G0Y + 0.06),
    actions: fetchHold(25, 0, 0.3, 0),
  },
  {
    name: 'push-off-centre',
    doc: 'as push-centre, 1.5 cm off the block axis: the block turns while it slides',
    start: fetchStart(G0X + 0.015, G0Y, LOW_Z, G0X, G0Y + 0.06),
    actions: fetchHold(25, 0, 0.3, 0),
  },
  {
    name: 'lower-and-push',
    doc: 'gripper at its start height lowered for 0.2 s (dz = −1), then pushed along +y at 0.4',
    start: fetchStart(G0X, G0Y, G0Z, G0X, G0Y + 0.08),
    actions: [...fetchHold(5, 0, 0, -1), ...fetchHold(20, 0, 0.4, 0)],
  },
];
