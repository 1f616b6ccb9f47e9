/**
 * The one table of numeric settings. For each: its kind, the range every entry
 * point accepts (CLI flags, configs checked by core/config.ts), the page's
 * tighter limit where a browser tab cannot run the whole range, its unit, the
 * paper's symbol and a one-line doc. The CLI's flags, the page's URL parser,
 * the engine's command checks and the page's sliders all read their limits
 * here, so a value allowed in one place is allowed in all of them (or, on the
 * page, inside the page's documented limit).
 *
 * Names are those of the core configs: MppiConfig (samples … iterations) and
 * LearnConfig (episodes … testEpisodes); `speed` and `seeds` belong to the page
 * and to `reproduce`.
 */

/** A numeric rule: integer or real, with inclusive or exclusive bounds. */
export interface NumberRule {
  integer?: boolean;
  min?: number;
  /** Exclusive lower bound. */
  above?: number;
  max?: number;
}

/** One row of the table. */
export interface SettingRange {
  /** Whole numbers only, or any finite real. */
  readonly kind: 'integer' | 'real';
  /** Inclusive lower bound. */
  readonly min?: number;
  /** Exclusive lower bound (for values that must be strictly positive). */
  readonly above?: number;
  /** Inclusive upper bound. */
  readonly max?: number;
  /** The page's tighter bounds (inclusive) where a tab cannot run the whole range; absent: the same range. */
  readonly page?: { readonly min?: number; readonly max?: number };
  /** Short name, as a control's label says it ("temperature"). */
  readonly name: string;
  /** Unit of the value ('' when it has none). */
  readonly unit: string;
  /** The paper's symbol, where it has one. */
  readonly symbol?: string;
  /** One line: what the value is. */
  readonly doc: string;
  /** The page slider's scale: 'log' where the range spans decades. */
  readonly scale?: 'log' | 'linear';
  /** The slider's top when the page's limit is too far for a slider to be useful (the field beside it goes on). */
  readonly sliderMax?: number;
}

/** The settings of core/mppi.ts's MppiConfig that are numbers. */
export const MPPI_KEYS = ['samples', 'horizon', 'lambda', 'sigma', 'alpha', 'gamma', 'iterations'] as const;
export type MppiKey = (typeof MPPI_KEYS)[number];

/** The settings of core/config.ts's LearnConfig that are single numbers. */
export const LEARN_KEYS = [
  'episodes',
  'seed',
  'updateEvery',
  'minibatches',
  'batchSize',
  'bufferCapacity',
  'targetIterations',
  'learningRate',
  'targetTau',
  'testEvery',
  'testEpisodes',
  'validateEvery',
  'validateEpisodes',
] as const;
export type LearnKey = (typeof LEARN_KEYS)[number];

/** Every named setting of the table. */
export type SettingName = MppiKey | LearnKey | 'speed' | 'seeds' | 'noiseFilter';

/** The table. */
export const SETTING_RANGES: Readonly<Record<SettingName, SettingRange>> = {
  // MPPI (paper §3.2, Table 3)
  samples: {
    name: 'samples',
    kind: 'integer',
    min: 2,
    max: 65536,
    page: { max: 16384 },
    sliderMax: 4096,
    scale: 'log',
    unit: '',
    symbol: 'N',
    doc: 'MPPI samples (rollouts) per iteration',
  },
  horizon: {
    name: 'horizon',
    kind: 'integer',
    min: 1,
    max: 512,
    page: { max: 128 },
    unit: 'steps',
    symbol: 'H',
    doc: 'planning horizon in control steps',
  },
  lambda: {
    name: 'temperature',
    kind: 'real',
    above: 0,
    max: 1e6,
    page: { min: 1e-4, max: 100 },
    scale: 'log',
    unit: '',
    symbol: 'λ',
    doc: 'temperature of the MPPI weights (Eq. 15, 17)',
  },
  sigma: {
    name: 'noise covariance',
    kind: 'real',
    above: 0,
    max: 1e6,
    page: { min: 1e-3, max: 100 },
    scale: 'log',
    unit: '',
    symbol: 'Σ',
    doc: 'noise covariance per action dimension (the noise s.d. is √Σ)',
  },
  alpha: {
    name: 'step size',
    kind: 'real',
    above: 0,
    max: 1,
    page: { min: 0.01 },
    unit: '',
    symbol: 'α',
    doc: 'step size of the mean update (Eq. 18)',
  },
  gamma: { name: 'discount', kind: 'real', min: 0, max: 1, unit: '', symbol: 'γ', doc: 'discount (Eq. 16, 19)' },
  iterations: {
    name: 'MPPI iterations per step',
    kind: 'integer',
    min: 1,
    max: 100,
    page: { max: 10 },
    unit: '',
    doc: 'MPPI iterations per control step',
  },
  // Learning (Alg. 1, App. B)
  episodes: {
    name: 'training episodes',
    kind: 'integer',
    min: 1,
    max: 1_000_000,
    page: { max: 10_000 },
    unit: 'episodes',
    doc: 'training episodes of one run',
  },
  seed: {
    name: 'seed',
    kind: 'integer',
    min: 0,
    max: Number.MAX_SAFE_INTEGER,
    page: { max: 2 ** 31 - 1 },
    unit: '',
    doc: 'root seed of every random stream of the run',
  },
  updateEvery: {
    name: 'update every',
    kind: 'integer',
    min: 1,
    unit: 'episodes',
    symbol: 'N_update',
    doc: 'episodes between Q updates',
  },
  minibatches: {
    name: 'minibatches',
    kind: 'integer',
    min: 0,
    max: 100_000,
    unit: '',
    symbol: 'M',
    doc: 'minibatches per Q update',
  },
  batchSize: {
    name: 'batch size',
    kind: 'integer',
    min: 1,
    max: 65536,
    unit: 'tuples',
    symbol: 'K',
    doc: 'tuples per minibatch',
  },
  bufferCapacity: {
    name: 'replay capacity',
    kind: 'integer',
    min: 1,
    max: 10_000_000,
    unit: 'tuples',
    symbol: '|D|',
    doc: 'replay buffer capacity',
  },
  targetIterations: {
    name: 'target iterations',
    kind: 'integer',
    min: 1,
    max: 100,
    unit: '',
    doc: 'MPPI iterations from s′ behind each Eq. 19 target',
  },
  learningRate: { name: 'learning rate', kind: 'real', above: 0, max: 1, unit: '', doc: 'Adam learning rate' },
  targetTau: {
    name: 'target τ',
    kind: 'real',
    above: 0,
    max: 1,
    unit: '',
    symbol: 'τ',
    doc: "SoftQ target network's Polyak factor per Adam step",
  },
  testEvery: {
    name: 'test every',
    kind: 'integer',
    min: 0,
    unit: 'episodes',
    doc: 'test on the real system after every this many training episodes (0: never)',
  },
  testEpisodes: {
    name: 'test episodes',
    kind: 'integer',
    min: 1,
    max: 10_000,
    unit: 'episodes',
    doc: 'episodes per test',
  },
  validateEvery: {
    name: 'validate every',
    kind: 'integer',
    min: 1,
    max: 1_000_000,
    unit: 'episodes',
    doc: "with select 'best': validate θ on the real system after every this many training episodes (Alg. 1 line 9)",
  },
  validateEpisodes: {
    name: 'validation episodes',
    kind: 'integer',
    min: 1,
    max: 10_000,
    unit: 'episodes',
    doc: "with select 'best': real-system episodes per validation, counted in the run's episode budget",
  },
  noiseFilter: {
    name: 'noise filter coefficient',
    kind: 'real',
    min: -1,
    max: 10,
    unit: '',
    doc: "one of the three coefficients (b0, b1, b2) of the causal filter over each sample's noise (core/mppi.ts)",
  },
  // The page and `reproduce`
  speed: {
    name: 'Speed',
    kind: 'real',
    min: 0.1,
    max: 10,
    scale: 'log',
    unit: '× real time',
    doc: "the page's simulation speed",
  },
  seeds: {
    name: 'seeds',
    kind: 'integer',
    min: 1,
    max: 100,
    page: { max: 3 },
    unit: 'seeds',
    doc: 'seeds of a comparison (reproduce; paper mode runs them one after another)',
  },
};

/** The rule of a setting over its whole range: what the CLI and core/config.ts accept. */
export function ruleOf(name: SettingName): NumberRule {
  const r = SETTING_RANGES[name];
  const rule: NumberRule = {};
  if (r.kind === 'integer') rule.integer = true;
  if (r.min !== undefined) rule.min = r.min;
  if (r.above !== undefined) rule.above = r.above;
  if (r.max !== undefined) rule.max = r.max;
  return rule;
}

/** The rule of a setting on the page: its range with the page's tighter bounds (URL, engine commands, controls). */
export function pageRuleOf(name: SettingName): NumberRule {
  const rule = ruleOf(name);
  const page = SETTING_RANGES[name].page;
  if (page?.min !== undefined) {
    rule.min = page.min;
    delete rule.above;
  }
  if (page?.max !== undefined) rule.max = page.max;
  return rule;
}

/** Checks a value against a rule; returns null when fine, else what is allowed ("an integer in [1, 512]"). */
export function checkNumber(value: number, rule: NumberRule): string | null {
  const kind = rule.integer ? 'an integer' : 'a number';
  const lo = rule.min !== undefined ? `[${rule.min}` : rule.above !== undefined ? `(${rule.above}` : null;
  let text: string;
  if (lo !== null && rule.max !== undefined) text = `${kind} in ${lo}, ${rule.max}]`;
  else if (rule.min !== undefined) text = `${kind} ≥ ${rule.min}`;
  else if (rule.above !== undefined) text = `${kind} > ${rule.above}`;
  else if (rule.max !== undefined) text = `${kind} ≤ ${rule.max}`;
  else text = kind;
  if (!Number.isFinite(value)) return text;
  if (rule.integer && !Number.isInteger(value)) return text;
  if (rule.min !== undefined && value < rule.min) return text;
  if (rule.above !== undefined && value <= rule.above) return text;
  if (rule.max !== undefined && value > rule.max) return text;
  return null;
}
