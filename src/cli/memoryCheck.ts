/**
 * Refusing a run whose buffers do not fit, before any is allocated, with the
 * largest value of the flag that sizes the offending block that would fit.
 * The limit is the machine's: the buffers together may take at most three
 * quarters of its memory (the rest is Node, tfjs and the OS), and one typed
 * array at most the length V8 allows (Node 20: under 2^32 elements,
 * `buffer.constants.MAX_LENGTH`).
 */
import { constants } from 'node:buffer';
import os from 'node:os';
import type { AgentConfig, LearnConfig } from '../core/config';
import { ruleOf } from '../core/ranges';
import { runBuffers, type BufferPart } from '../core/runMemory';
import type { TaskSpec } from '../core/task';
import { UsageError } from './flags';

export interface MemoryLimits {
  /** Most bytes of buffers in all. */
  bytes: number;
  /** Most elements of one typed array. */
  arrayElements: number;
  /** The machine's memory, for the message. */
  machineBytes: number;
}

/** The most memory and the longest typed array this machine allows a run's buffers. */
export function memoryLimits(): MemoryLimits {
  const machineBytes = os.totalmem();
  return { bytes: Math.floor(machineBytes * 0.75), arrayElements: constants.MAX_LENGTH - 1, machineBytes };
}

/** Rows of the CLI's Q forward pass: one minibatch's targets at once (B × N terminal rows). */
export function forwardRows(agent: AgentConfig, learn: LearnConfig): number {
  return agent.mppi.samples * Math.max(1, learn.batchSize);
}

/** The flag that sizes each block, and how to set it on a config. */
const KNOB: Record<
  BufferPart['key'],
  { flag: string; max: number; set: (a: AgentConfig, l: LearnConfig, v: number) => void }
> = {
  planner: { flag: '--samples', max: ruleOf('samples').max!, set: (a, _l, v) => (a.mppi.samples = v) },
  replay: { flag: '--buffer', max: ruleOf('bufferCapacity').max!, set: (_a, l, v) => (l.bufferCapacity = v) },
  targets: { flag: '--batch-size', max: ruleOf('batchSize').max!, set: (_a, l, v) => (l.batchSize = v) },
  qForward: { flag: '--batch-size', max: ruleOf('batchSize').max!, set: (_a, l, v) => (l.batchSize = v) },
};

const GiB = 2 ** 30;
const size = (b: number) => (b >= 1024 * GiB ? `${(b / 1024 / GiB).toFixed(1)} TiB` : `${(b / GiB).toFixed(1)} GiB`);

/** What is over the limits, or null when the run's buffers fit. */
function overLimit(
  task: TaskSpec,
  agent: AgentConfig,
  learn: LearnConfig,
  training: boolean,
  limits: MemoryLimits,
): { part: BufferPart; what: string } | null {
  const parts = runBuffers(task, agent, learn, { training, qRows: forwardRows(agent, learn) });
  const longest = parts.reduce((a, p) => (p.largestArray.elements > a.largestArray.elements ? p : a));
  if (longest.largestArray.elements > limits.arrayElements)
    return {
      part: longest,
      what: `an array of ${longest.largestArray.elements.toExponential(2)} elements for ${longest.name}, where one array may hold ${limits.arrayElements}`,
    };
  const total = parts.reduce((a, p) => a + p.bytes, 0);
  if (total <= limits.bytes) return null;
  const largest = parts.reduce((a, p) => (p.bytes > a.bytes ? p : a));
  return {
    part: largest,
    what: `${size(total)} of buffers (${size(largest.bytes)} for ${largest.name}), where this machine allows ${size(limits.bytes)} (three quarters of its ${size(limits.machineBytes)})`,
  };
}

/** Throws a UsageError saying what the run needs, what is allowed and the largest value of the flag to lower that fits. */
export function checkRunMemory(
  task: TaskSpec,
  agent: AgentConfig,
  learn: LearnConfig,
  training: boolean,
  limits: MemoryLimits = memoryLimits(),
): void {
  const over = overLimit(task, agent, learn, training, limits);
  if (!over) return;
  const knob = KNOB[over.part.key];
  const fitsWith = (v: number) => {
    const a = structuredClone(agent);
    const l = structuredClone(learn);
    knob.set(a, l, v);
    return overLimit(task, a, l, training, limits) === null;
  };
  // The estimate grows with the knob, so the largest value that fits is found by bisection.
  let lo = 0;
  let hi = knob.max;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (fitsWith(mid)) lo = mid;
    else hi = mid - 1;
  }
  const advice =
    lo >= 1
      ? `with the other settings as given, ${knob.flag} may be at most ${lo}`
      : `no ${knob.flag} fits with the other settings as given: lower --samples or --horizon`;
  throw new UsageError(`this configuration needs ${over.what}: ${advice}`);
}
