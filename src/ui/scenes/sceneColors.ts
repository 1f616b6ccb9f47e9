/**
 * The scene's colours, in one place: the three.js scenes draw with them and the
 * page's colour key (the explanation) names them, so the words match the
 * picture. A dark scene, like the page around it: strong, distinct colours
 * that stay readable on a projector.
 */

/** Colours of the drawn systems (hex RGB). */
export const PALETTE = {
  background: 0x0f1626,
  floor: 0x1a2335,
  gridMajor: 0x44526f,
  gridMinor: 0x2a3449,
  /** Thin parts that must stand out against the dark floor: rods, strings. */
  structure: 0xd8dee9,
  dark: 0x5d6a82,
  metal: 0x8d97aa,
  light: 0xeef1f6,
  accent: 0xff8c1a,
  blue: 0x4f8ff7,
  red: 0xff5a5a,
  green: 0x3ddc84,
  wood: 0x6e5238,
  cabinet: 0x566178,
} as const;

/** Colours of what the planner draws (hex RGB). */
export const SCENE_COLORS = {
  /** A rollout with (next to) no weight: dim slate blue. */
  rolloutLight: 0x56698f,
  /** A rollout holding all the weight: bright gold. */
  rolloutHeavy: 0xffd23f,
  /** The planned mean trajectory: magenta. */
  plan: 0xff3d9a,
  /** An earlier plan, faint behind the plan (step-through). */
  ghostPlan: 0x9aa3b5,
  /** Rollouts not weighted yet (step-through's first sub-steps): grey. */
  rolloutPlain: 0x8c95a6,
  /** The goal or success region. */
  goal: PALETTE.green,
} as const;

/** A hex colour as CSS text: 0xff3d9a → "#ff3d9a". */
export function cssColor(hex: number): string {
  return `#${hex.toString(16).padStart(6, '0')}`;
}
