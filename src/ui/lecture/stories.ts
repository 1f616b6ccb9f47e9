/**
 * The lecture stories: a few links that step through the paper's argument on
 * the pendulum, each with a caption for the room. Every outcome a caption
 * states was measured on this code with the CLI, on the seed the story uses
 * (the page plays episode e of seed s exactly where `mpq eval --seed s` plays
 * its episode e, on the CPU planner):
 *
 *     npm run mpq -- eval --task pendulum --seed 0 --episodes 10 --agent A --horizon H --model M [--lambda L]
 *         [--weights public/weights/pendulum.json]
 *
 * docs/lecture.md lists the figures each story rests on.
 */

export interface Story {
  /** In links as `story=<id>`. */
  readonly id: string;
  /** A short title for the story bar. */
  readonly title: string;
  /** What the room should see, one or two sentences. */
  readonly caption: string;
  /** The settings of the story as a link query (what is not given is the task's default). */
  readonly query: string;
}

export const STORIES: readonly Story[] = [
  {
    id: 'short-horizon',
    title: 'A short horizon fails',
    caption:
      'Plain MPPI looks H = 8 steps (0.4 s) ahead on the biased model. That is too short to see that swinging back and forth brings the pendulum up: 1 of the first 10 episodes ends upright.',
    query: 'task=pendulum&agent=mppi&H=8&model=biased&seed=0',
  },
  {
    id: 'long-horizon-true',
    title: 'A longer horizon works — on the true model',
    caption:
      'The same planner looking H = 16 steps (0.8 s) ahead with the true dynamics swings the pendulum up in all of the first 10 episodes (mean return −188).',
    query: 'task=pendulum&agent=mppi&H=16&model=true&seed=0',
  },
  {
    id: 'long-horizon-biased',
    title: '… but the model is biased',
    caption:
      'Same H = 16, but the rollouts use the biased model (mass and length drawn from the wrong box). Its errors compound along the horizon: 1 of 10 episodes upright, mean return −841.',
    query: 'task=pendulum&agent=mppi&H=16&model=biased&seed=0',
  },
  {
    id: 'mpq',
    title: 'MPQ: short horizon + learned Q',
    caption:
      'MPQ plans only H = 8 steps on the biased model, then a soft Q-function learnt on the real system scores where each rollout ends. With the pretrained Q: 10 of 10 episodes upright (mean return −262).',
    query: 'task=pendulum&agent=mpq&H=8&model=biased&seed=0&q=pretrained',
  },
  {
    id: 'lambda-small',
    title: 'λ → 0: one sample takes all the weight',
    caption:
      'With λ = 0.001 the weights exp(−S/λ) single out the cheapest rollout: one bright line, the rest dark. The plan jumps to that one sample; here it still works (9 of 10 upright).',
    query: 'task=pendulum&agent=mpq&H=8&model=biased&seed=0&lambda=0.001&q=pretrained',
  },
  {
    id: 'lambda-large',
    title: 'λ → ∞: every sample counts the same',
    caption:
      'With λ = 100 all weights are equal (all lines alike): the update averages the noise away and the plan hardly moves. 0 of 10 episodes upright.',
    query: 'task=pendulum&agent=mpq&H=8&model=biased&seed=0&lambda=100&q=pretrained',
  },
];

/** The story ids, for checking links. */
export const STORY_IDS: readonly string[] = STORIES.map((s) => s.id);

/** The story with this id, or null. */
export function findStory(id: string | null): Story | null {
  return STORIES.find((s) => s.id === id) ?? null;
}

/** The story `step` places after `id` (wrapping neither way); the first one when no story is on. */
export function stepStory(id: string | null, step: 1 | -1): Story {
  const i = STORIES.findIndex((s) => s.id === id);
  if (i < 0) return STORIES[step > 0 ? 0 : STORIES.length - 1];
  return STORIES[Math.min(STORIES.length - 1, Math.max(0, i + step))];
}
