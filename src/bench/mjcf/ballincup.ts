/**
 * MJCF of OUR ball-in-cup (src/core/tasks/ballincup.ts), written from the task
 * file's numbers (dm_control's ball_in_cup.xml where it follows it), for the
 * MuJoCo comparison only.
 *
 * What is matched on purpose: cup on x/z slide joints (stiffness 20, damping 3,
 * motors gear 5), the cup wall as five capsules (radius 0.008, MuJoCo derives
 * the same 0.0652 kg from density 1000), the string as a spatial tendon from
 * the ball centre to the knot (0, −0.108) with stiffness T, rest length 0.292
 * (MuJoCo's default: the length at qpos0) and a 0.3 m limit whose solref uses
 * our 0.01 s time constant, the ball's mass and inertia from Table 1, friction
 * μ = 1 (condim 3), the ground plane, no cup–ground contact (ours has none).
 *
 * `spin: true` (default) gives the ball a hinge about the plane normal so the
 * inertia acts as in our model; `spin: false` is dm_control's planar ball
 * (x and z slides only, friction makes it skid).
 */
import { BIC_TRUE_PARAMS } from '../../core/tasks/ballincup';

export interface BallInCupMjcfOptions {
  /** Ball hinge about the plane normal (ours) or none (dm_control). */
  spin?: boolean;
  /** Ball mass (kg), inertia (kg·m²), string stiffness (N/m); default the true parameters. */
  params?: readonly number[];
  /** Time constant (s) of the string limit's solref: ours 0.01, MuJoCo's default 0.02. */
  stringTimeconstSec?: number;
}

/** qpos / qvel layout of the generated model. */
export const BIC_MJ = { cupX: 0, cupZ: 1, ballX: 2, ballZ: 3, spin: 4, ballBodyZ: 0.2, cupBodyZ: 0.6 } as const;

const WALL = [
  [-0.05, 0, -0.05, -0.075],
  [-0.05, -0.075, -0.025, -0.1],
  [-0.025, -0.1, 0.025, -0.1],
  [0.025, -0.1, 0.05, -0.075],
  [0.05, -0.075, 0.05, 0],
] as const;

export function ballInCupMjcf(opts: BallInCupMjcfOptions = {}): string {
  const spin = opts.spin ?? true;
  const [m, inertia, T] = opts.params ?? BIC_TRUE_PARAMS;
  const tc = opts.stringTimeconstSec ?? 0.01;
  // contype/conaffinity: floor 1/1, cup 2/2, ball 1/3 → ball touches both, cup never touches the floor.
  const wall = WALL.map(
    ([x0, z0, x1, z1], i) =>
      `      <geom name="wall${i}" type="capsule" size="0.008" fromto="${x0} 0 ${z0} ${x1} 0 ${z1}" contype="2" conaffinity="2"/>`,
  ).join('\n');
  return `<mujoco model="mpq-lab ball-in-cup">
  <option timestep="0.002" gravity="0 0 -9.81" integrator="Euler"/>
  <default>
    <geom friction="1 0.005 0.0001" condim="3"/>
  </default>
  <worldbody>
    <geom name="floor" type="plane" size="2 2 0.1" contype="1" conaffinity="1"/>
    <body name="cup" pos="0 0 0.6">
      <joint name="cup_x" type="slide" axis="1 0 0" stiffness="20" damping="3"/>
      <joint name="cup_z" type="slide" axis="0 0 1" stiffness="20" damping="3"/>
${wall}
      <site name="knot" pos="0 0 -0.108"/>
    </body>
    <body name="ball" pos="0 0 0.2">
      <inertial pos="0 0 0" mass="${m}" diaginertia="${inertia} ${inertia} ${inertia}"/>
      <joint name="ball_x" type="slide" axis="1 0 0"/>
      <joint name="ball_z" type="slide" axis="0 0 1"/>
${spin ? '      <joint name="ball_spin" type="hinge" axis="0 -1 0"/>\n' : ''}      <geom name="ball" type="sphere" size="0.025" contype="1" conaffinity="3"/>
      <site name="ball"/>
    </body>
  </worldbody>
  <tendon>
    <spatial name="string" limited="true" range="0 0.3" stiffness="${T}" solreflimit="${tc} 1">
      <site site="ball"/>
      <site site="knot"/>
    </spatial>
  </tendon>
  <actuator>
    <motor name="x" joint="cup_x" gear="5" ctrllimited="true" ctrlrange="-1 1"/>
    <motor name="z" joint="cup_z" gear="5" ctrllimited="true" ctrlrange="-1 1"/>
  </actuator>
</mujoco>
`;
}
