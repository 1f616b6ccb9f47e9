/**
 * LabSettings ⇄ URL query, so a link reproduces a lab (with its seed).
 *
 * Keys are short and readable: task, agent, N, H, lambda, sigma, alpha, gamma,
 * iters, model, seed, speed, episodes, data, backend, and per task parameter
 * `lo.<name>`, `hi.<name>` (the planner's box) and `true.<name>` (the real
 * system), where <name> is the parameter's name without its unit suffix
 * (`mass_kg` → `mass`; the full name is accepted too), and per cost term
 * `w.<term>` (its weight, within the term's range). One page setting that
 * is not the engine's rides along: `paperSeeds`, paper mode's seed count.
 *
 * Parsing starts from defaultSettings(task, agent) and replaces every value
 * that is malformed or outside what settings.ts allows by its default, with a
 * notice naming the key, the value given and what is allowed. It never throws.
 */
import { AGENT_KINDS, DATA_SOURCES } from '../../core/config';
import { MODEL_SOURCES } from '../../core/model';
import { checkNumber } from '../../core/ranges';
import type { TaskSpec } from '../../core/task';
import { getTask, taskIds, type TaskId } from '../../core/tasks/registry';
import { PAPER_SEEDS_RULE } from '../paper/paperPlan';
import { BACKEND_REQUESTS } from '../../compute/backendNames';
import {
  defaultModelBox,
  defaultSettings,
  paramLimits,
  SETTING_RULES,
  settingsProblems,
  type LabSettings,
  type NumericSetting,
} from '../../compute/engine/settings';

/** One URL value that was not used, and why. */
export interface UrlNotice {
  /** The query key as given. */
  readonly key: string;
  /** The value as given. */
  readonly value: string;
  /** What is allowed instead (or why the key is not used). */
  readonly allowed: string;
}

export interface ParsedUrl {
  readonly settings: LabSettings;
  /** Paper mode's seed count (1 unless the link gives one). */
  readonly paperSeeds: number;
  readonly notices: readonly UrlNotice[];
}

/** Paper mode's seed count when a link does not give one. */
export const DEFAULT_PAPER_SEEDS = 1;

/** Query key of each numeric setting, in the order they are written. */
export const NUMBER_KEYS: readonly (readonly [string, NumericSetting])[] = [
  ['N', 'samples'],
  ['H', 'horizon'],
  ['lambda', 'lambda'],
  ['sigma', 'sigma'],
  ['alpha', 'alpha'],
  ['gamma', 'gamma'],
  ['iters', 'iterations'],
  ['seed', 'seed'],
  ['speed', 'speed'],
  ['episodes', 'trainEpisodes'],
];

/** The three per-parameter prefixes and the settings arrays they fill. */
const PARAM_PREFIXES = [
  ['lo', 'modelLow'],
  ['hi', 'modelHigh'],
  ['true', 'trueParams'],
] as const;

/** The prefix of a cost term's weight: `w.<term name>`. */
const WEIGHT_PREFIX = 'w';

/** Unit tokens that end parameter names (`ball_inertia_kg_m2`, `string_stiffness_N_per_m`). */
const UNIT_TOKENS = new Set(['kg', 'm', 'm2', 'N', 'Nm', 'Nms', 'Ns', 's', 'rad', 'per']);

/** A parameter's name without its unit suffix: `string_stiffness_N_per_m` → `string_stiffness`. */
export function shortParamName(name: string): string {
  const parts = name.split('_');
  while (parts.length > 1 && UNIT_TOKENS.has(parts[parts.length - 1])) parts.pop();
  return parts.join('_');
}

/** The URL names of a task's parameters: short names, or the full ones where two short names would clash. */
export function paramUrlNames(task: TaskSpec): string[] {
  const short = task.paramNames.map(shortParamName);
  return short.map((s, j) => (short.indexOf(s) === short.lastIndexOf(s) ? s : task.paramNames[j]));
}

/** Shortest decimal text that reads back as the same double. */
const num = (x: number): string => String(x);

/** Strict decimal numbers only ("", "0x10", " 1", "Infinity" are not numbers here). */
const NUMBER_TEXT = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;

function parseNumber(text: string): number | null {
  return NUMBER_TEXT.test(text) ? Number(text) : null;
}

const fmt = (x: number): string => String(Number(x.toPrecision(6)));

/**
 * The query (without '?') for a settings record and paper mode's seed count;
 * every setting is written, so a link does not depend on today's defaults.
 */
export function encodeSettings(s: LabSettings, paperSeeds = DEFAULT_PAPER_SEEDS): string {
  const task = getTask(s.task);
  const q = new URLSearchParams();
  q.set('task', s.task);
  q.set('agent', s.agent);
  for (const [key, field] of NUMBER_KEYS.slice(0, 7)) q.set(key, num(s[field]));
  q.set('model', s.model);
  const names = paramUrlNames(task);
  for (const [prefix, field] of PARAM_PREFIXES) names.forEach((n, j) => q.set(`${prefix}.${n}`, num(s[field][j])));
  task.costTerms.forEach((t, k) => q.set(`${WEIGHT_PREFIX}.${t.name}`, num(s.costWeights[k])));
  for (const [key, field] of NUMBER_KEYS.slice(7)) q.set(key, num(s[field]));
  q.set('data', s.data);
  q.set('backend', s.backend);
  q.set('paperSeeds', num(paperSeeds));
  // URLSearchParams writes spaces as '+', and '.' needs no escaping: keys stay readable.
  return q.toString();
}

/** Reads settings from a query string ('?a=b&…' or 'a=b&…'). Never throws. */
export function parseSettings(search: string): ParsedUrl {
  try {
    return parseUnsafe(search);
  } catch (err) {
    // A bug here must not stop the page: fall back to the defaults and say so.
    const message = err instanceof Error ? err.message : String(err);
    return {
      settings: defaultSettings('pendulum'),
      paperSeeds: DEFAULT_PAPER_SEEDS,
      notices: [{ key: '(link)', value: search, allowed: `not read (${message}); the defaults are used` }],
    };
  }
}

function parseUnsafe(search: string): ParsedUrl {
  const notices: UrlNotice[] = [];
  const notice = (key: string, value: string, allowed: string) => notices.push({ key, value, allowed });

  // Last value wins for a repeated key; the earlier ones are noticed.
  const given = new Map<string, string>();
  for (const [k, v] of new URLSearchParams(search)) {
    const earlier = given.get(k);
    if (earlier !== undefined) notice(k, earlier, `given more than once; the last value (${v}) is used`);
    given.set(k, v);
  }
  const used = new Set<string>();
  const take = (key: string): string | undefined => {
    used.add(key);
    return given.get(key);
  };
  const oneOf = <T extends string>(key: string, allowed: readonly T[], fallback: T): T => {
    const v = take(key);
    if (v === undefined) return fallback;
    if ((allowed as readonly string[]).includes(v)) return v as T;
    notice(key, v, `one of ${allowed.join(' | ')}; the default ${fallback} is used`);
    return fallback;
  };

  const ids = taskIds();
  const taskId: TaskId = oneOf('task', ids, 'pendulum');
  const agent = oneOf('agent', AGENT_KINDS, 'mpq');
  const defaults = defaultSettings(taskId, agent);
  const task = getTask(taskId);
  const s: LabSettings = {
    ...defaults,
    modelLow: [...defaults.modelLow],
    modelHigh: [...defaults.modelHigh],
    trueParams: [...defaults.trueParams],
    costWeights: [...defaults.costWeights],
  };

  for (const [key, field] of NUMBER_KEYS) {
    const v = take(key);
    if (v === undefined) continue;
    const rule = SETTING_RULES[field];
    const x = parseNumber(v);
    const bad = x === null ? checkNumber(NaN, rule) : checkNumber(x, rule);
    if (bad !== null || x === null) notice(key, v, `${bad}; the default ${num(defaults[field])} is used`);
    else s[field] = x;
  }
  s.model = oneOf('model', MODEL_SOURCES, defaults.model);
  s.data = oneOf('data', DATA_SOURCES, defaults.data);
  s.backend = oneOf('backend', BACKEND_REQUESTS, defaults.backend);

  // The box's default follows the model source (the broad box, TaskSpec.dr, for 'dr').
  const box = defaultModelBox(task, s.model);
  s.modelLow = [...box.low];
  s.modelHigh = [...box.high];
  const names = paramUrlNames(task);
  const paramDefault = (field: (typeof PARAM_PREFIXES)[number][1], j: number): number =>
    field === 'modelLow' ? box.low[j] : field === 'modelHigh' ? box.high[j] : task.trueParams[j];
  for (const [prefix, field] of PARAM_PREFIXES) {
    names.forEach((name, j) => {
      const fullKey = `${prefix}.${task.paramNames[j]}`;
      const shortKey = `${prefix}.${name}`;
      const key = given.has(shortKey) ? shortKey : fullKey;
      if (shortKey !== fullKey) used.add(fullKey);
      const v = take(key);
      if (v === undefined) return;
      const [lo, hi] = paramLimits(task, j);
      const x = parseNumber(v);
      if (x === null || !(x >= lo && x <= hi))
        notice(key, v, `a number in [${fmt(lo)}, ${fmt(hi)}]; the default ${num(paramDefault(field, j))} is used`);
      else s[field][j] = x;
    });
  }

  // A low end above the high end: both ends of that parameter go back to the default box.
  names.forEach((name, j) => {
    if (s.modelLow[j] > s.modelHigh[j]) {
      notice(
        `lo.${name}`,
        `${num(s.modelLow[j])} > hi.${name} ${num(s.modelHigh[j])}`,
        `lo ≤ hi; the default box [${num(box.low[j])}, ${num(box.high[j])}] is used`,
      );
      s.modelLow[j] = box.low[j];
      s.modelHigh[j] = box.high[j];
    }
  });
  task.costTerms.forEach((t, k) => {
    const key = `${WEIGHT_PREFIX}.${t.name}`;
    const v = take(key);
    if (v === undefined) return;
    const [lo, hi] = t.range;
    const x = parseNumber(v);
    if (x === null || !(x >= lo && x <= hi))
      notice(key, v, `a number in [${fmt(lo)}, ${fmt(hi)}]; the default ${num(defaults.costWeights[k])} is used`);
    else s.costWeights[k] = x;
  });
  let paperSeeds = DEFAULT_PAPER_SEEDS;
  const seedsText = take('paperSeeds');
  if (seedsText !== undefined) {
    const x = parseNumber(seedsText);
    const bad = checkNumber(x ?? NaN, PAPER_SEEDS_RULE);
    if (bad !== null || x === null)
      notice('paperSeeds', seedsText, `${bad}; the default ${DEFAULT_PAPER_SEEDS} is used`);
    else paperSeeds = x;
  }
  if (s.agent === 'softq' && s.horizon !== 1) {
    notice('H', num(s.horizon), 'softq plans one step: 1; 1 is used');
    s.horizon = 1;
  }

  for (const [k, v] of given) {
    if (!used.has(k)) notice(k, v, unknownKeyText(k, task));
  }

  // settings.ts has the last word: anything it still rejects means the defaults.
  const problems = settingsProblems(s);
  if (problems.length > 0) {
    notice('(link)', search, `settings rejected (${problems.join('; ')}); the defaults are used`);
    return { settings: defaultSettings(taskId, agent), paperSeeds, notices };
  }
  return { settings: s, paperSeeds, notices };
}

function unknownKeyText(key: string, task: TaskSpec): string {
  const prefix = PARAM_PREFIXES.find(([p]) => key.startsWith(`${p}.`));
  if (prefix) return `not a parameter of ${task.id}; its parameters are ${paramUrlNames(task).join(', ')}`;
  if (key.startsWith(`${WEIGHT_PREFIX}.`))
    return `not a cost term of ${task.id}; its terms are ${task.costTerms.map((t) => t.name).join(', ')}`;
  const known = ['task', 'agent', ...NUMBER_KEYS.map(([k]) => k), 'model', 'data', 'backend', 'paperSeeds'];
  return `not a setting (known: ${known.join(', ')}, lo.*, hi.*, true.*, ${WEIGHT_PREFIX}.*); ignored`;
}
