/**
 * MJCF of OUR Fetch push (src/core/tasks/fetch.ts), written from the task file's
 * numbers (Gymnasium-Robotics' FetchPush where it follows it), for the MuJoCo
 * comparison only.
 *
 * Matched on purpose: no arm — the grip point is a 9.5175 kg body on three
 * slide joints (gravity compensated, joint ranges = our workspace box), servoed
 * at 50 rad/s critically damped (position actuators kp = m·ωn², joint damping
 * 2·m·ωn, the stiffness and damping our servo uses); the closed finger pair as
 * a vertical cylinder of radius 0.014 whose bottom is 0.0185 below the grip
 * point, touching only the block (not the table); the block a 2 kg cube of
 * half-size 0.025 on a free joint (damping 0.01, friction 1 0.005 0.0001,
 * condim 3 as push.xml) on the table box (top z = 0.4, centre (1.3, 0.75),
 * half-size (0.25, 0.35)) above a floor.
 */
import {
  FETCH_FINGER_DROP,
  FETCH_FINGER_RADIUS,
  FETCH_GRIPPER_MASS,
  FETCH_TRUE_PARAMS,
  FETCH_WS_HI,
  FETCH_WS_LO,
} from '../../core/tasks/fetch';

/** Servo natural frequency (rad/s), as fetch.ts. */
export const FETCH_MJ_SERVO_WN = 50;
/** qpos layout: gripper x, y, z (world), then the block's free joint (x, y, z, qw, qx, qy, qz). */
export const FETCH_MJ = { grip: 0, block: 3, quat: 6 } as const;

export function fetchMjcf(): string {
  const m = FETCH_GRIPPER_MASS;
  const kp = m * FETCH_MJ_SERVO_WN * FETCH_MJ_SERVO_WN;
  const kv = 2 * m * FETCH_MJ_SERVO_WN;
  const [mass, , mu, muT, muR, h] = FETCH_TRUE_PARAMS;
  const fingerHalf = 0.02;
  const axes = ['1 0 0', '0 1 0', '0 0 1'];
  const joints = axes
    .map(
      (ax, i) =>
        `      <joint name="g${'xyz'[i]}" type="slide" axis="${ax}" damping="${kv}" limited="true" range="${FETCH_WS_LO[i]} ${FETCH_WS_HI[i]}"/>`,
    )
    .join('\n');
  const acts = [0, 1, 2]
    .map((i) => `    <position name="a${'xyz'[i]}" joint="g${'xyz'[i]}" kp="${kp}" ctrllimited="false"/>`)
    .join('\n');
  // contype/conaffinity: table and floor 1/1, fingers 2/2, block 1/3 → fingers touch only the block.
  return `<mujoco model="mpq-lab fetch push">
  <option timestep="0.002" gravity="0 0 -9.81" integrator="Euler"/>
  <worldbody>
    <geom name="floor" type="plane" pos="0.8 0.75 0" size="0.85 0.7 1" contype="1" conaffinity="1"/>
    <geom name="table" type="box" pos="1.3 0.75 0.2" size="0.25 0.35 0.2" contype="1" conaffinity="1"/>
    <body name="gripper" pos="0 0 0" gravcomp="1">
${joints}
      <inertial pos="0 0 0" mass="${m}" diaginertia="0.01 0.01 0.01"/>
      <geom name="fingers" type="cylinder" size="${FETCH_FINGER_RADIUS} ${fingerHalf}" pos="0 0 ${fingerHalf - FETCH_FINGER_DROP}" friction="${mu} ${muT} ${muR}" contype="2" conaffinity="2"/>
    </body>
    <body name="block" pos="0 0 0">
      <joint name="block" type="free" damping="0.01"/>
      <geom name="block" type="box" size="${h} ${h} ${h}" mass="${mass}" friction="${mu} ${muT} ${muR}" condim="3" contype="1" conaffinity="3"/>
    </body>
  </worldbody>
  <actuator>
${acts}
  </actuator>
</mujoco>
`;
}
