/**
 * Algorithm 1 (MPQ) and plain evaluation episodes on the real system.
 *
 * Every random draw comes from the run's seed through labelled streams
 * (agent.ts STREAM), so a seed reproduces a run exactly, and MPQ and MPPI runs
 * with the same seed start their episodes from the same states.
 */
import { MpcAgent, STREAM } from './agent';
import type { AgentConfig, LearnConfig } from './config';
import type { QFunction, QLearner } from './qfunction';
import { ReplayBuffer } from './replay';
import { deriveKey, keyFromSeed, RandomStream, type Key } from './rng';
import { TargetGenerator } from './targets';
import { episodeSuccess, rowIsFinite, runningCost, sampleParamBox, type TaskSpec } from './task';

/** One episode's summary (the CLI contract's per-episode record, plus learning figures). */
export interface EpisodeRecord {
  episode: number;
  /** −Σ_t c(s_t, a_t) on the real system. */
  return: number;
  success: boolean;
  steps: number;
  /** Wall time of the episode including its Q update. */
  wallMs: number;
  /** Mean free energy of the control steps (Eq. 7 at the current state). */
  meanFreeEnergy: number;
  /** Mean TD loss over the update's minibatches (null when no update ran). */
  tdLoss: number | null;
  /** The system the episode ran on: the real one, or a domain-randomised simulation. */
  system: SystemKind;
  /** Test episodes on the real system after this episode (when `testEvery` asks for them). */
  test?: TestSummary;
}

/** 'true': the task with its true parameters; 'dr': parameters redrawn every step from the DR box. */
export type SystemKind = 'true' | 'dr';

/** Test episodes on the real system with the agent as it is (no learning). */
export interface TestSummary {
  episodes: number;
  meanReturn: number;
  successRate: number;
}

/** Train episodes and evaluation episodes draw their starts from different streams. */
export type Phase = 'train' | 'eval';

/** The key of episode `episode` of a phase. */
export function episodeKey(seed: number, phase: Phase, episode: number): Key {
  return deriveKey(keyFromSeed(seed), STREAM.episode, phase === 'train' ? 0 : 1, episode);
}

/** What one episode produced; `onTransition` sees every real (s, a, c, s'). */
export interface EpisodeOutcome {
  return: number;
  success: boolean;
  steps: number;
  meanFreeEnergy: number;
}

/**
 * The system the agent acts on: the task's dynamics with its true parameters,
 * or (domain randomisation, paper §4) with parameters redrawn from the DR box
 * before every step from `drRng`.
 */
export class RealSystem {
  readonly state: Float64Array;
  readonly next: Float64Array;
  private readonly params: Float64Array;

  constructor(
    readonly task: TaskSpec,
    private readonly drRng: RandomStream | null = null,
  ) {
    this.state = new Float64Array(task.stateDim);
    this.next = new Float64Array(task.stateDim);
    this.params = Float64Array.from(task.trueParams);
  }

  /** The parameters of the last step. */
  get stepParams(): Float64Array {
    return this.params;
  }

  reset(rng: RandomStream): void {
    this.task.sampleInitialState(rng, this.state, 0);
  }

  /** Steps `next` from `state` under `action`; throws if the physics left the finite numbers. */
  step(action: Float64Array, t: number): void {
    if (this.drRng) sampleParamBox(this.task.dr, this.drRng, 1, this.params);
    this.next.set(this.state);
    this.task.step(this.next, action, this.params, 0, 1);
    if (!rowIsFinite(this.next, 0, this.task.stateDim)) {
      throw new Error(`${this.task.id} physics produced a non-finite state at step ${t}`);
    }
  }

  /** Makes `next` the current state. */
  advance(): void {
    this.state.set(this.next);
  }
}

/** Runs one episode of `agent` from the episode key's start, on the real system or a DR simulation. */
export function runEpisode(
  task: TaskSpec,
  agent: MpcAgent,
  key: Key,
  onTransition?: (s: Float64Array, a: Float64Array, c: number, s2: Float64Array) => void,
  system: SystemKind = 'true',
): EpisodeOutcome {
  const sys = new RealSystem(task, system === 'dr' ? new RandomStream(deriveKey(key, STREAM.dr)) : null);
  sys.reset(new RandomStream(deriveKey(key, STREAM.init)));
  agent.beginEpisode(key);
  const action = new Float64Array(task.actionDim);
  const weights = Float64Array.from(agent.cfg.costWeights);
  const scratch = new Float64Array(Math.max(1, task.costTerms.length));
  const flags: boolean[] = [];
  let ret = 0;
  let feSum = 0;
  for (let t = 0; t < task.episodeSteps; t++) {
    agent.act(sys.state, 0, t, action);
    feSum += agent.lastFreeEnergy;
    const c = runningCost(task, sys.state, 0, action, 0, weights, scratch);
    sys.step(action, t);
    onTransition?.(sys.state, action, c, sys.next);
    ret -= c;
    sys.advance();
    flags.push(task.isSuccess(sys.state, 0));
  }
  return { return: ret, success: episodeSuccess(task.successRule, flags), steps: task.episodeSteps, meanFreeEnergy: feSum / task.episodeSteps };
}

/** Progress report after every episode; training never touches a UI itself. */
export type ProgressFn = (record: EpisodeRecord) => void;

/**
 * Algorithm 1. For agents with a Q ('mpq', 'softq') the Q-learner is updated
 * every `updateEvery` episodes with M minibatches of Eq. 19 targets — from the
 * current Q for MPQ, from the learner's target network for SoftQ; for 'mppi'
 * the episodes just run (no learning), which gives the baseline on the same
 * starts. With `data: 'dr'` the training episodes run on a domain-randomised
 * simulation; `testEvery` adds test episodes on the real system.
 */
export async function train(
  task: TaskSpec,
  agentCfg: AgentConfig,
  learn: LearnConfig,
  q: QLearner | null,
  progress?: ProgressFn,
): Promise<EpisodeRecord[]> {
  const agent = new MpcAgent(task, agentCfg, q);
  const buffer = new ReplayBuffer(learn.bufferCapacity, task.stateDim, task.actionDim);
  const targets = agentCfg.agent !== 'mppi' && q ? new TargetGenerator(task, agentCfg, learn.batchSize, learn.targetIterations) : null;
  if (agentCfg.agent === 'softq' && q && !q.target) throw new Error('softq needs a Q-learner with a target network');
  const system: SystemKind = learn.data === 'dr' ? 'dr' : 'true';
  const indices = new Int32Array(learn.batchSize);
  const root = keyFromSeed(learn.seed);
  const records: EpisodeRecord[] = [];
  let updates = 0;
  for (let e = 0; e < learn.episodes; e++) {
    const t0 = performance.now();
    const out = runEpisode(task, agent, episodeKey(learn.seed, 'train', e), (s, a, c, s2) => buffer.add(s, 0, a, 0, c, s2, 0), system);
    let tdLoss: number | null = null;
    if (targets && q && (e + 1) % learn.updateEvery === 0 && buffer.size >= learn.batchSize && learn.minibatches > 0) {
      let lossSum = 0;
      for (let m = 0; m < learn.minibatches; m++) {
        const rng = new RandomStream(deriveKey(root, STREAM.replay, updates, m));
        buffer.sampleIndices(rng, learn.batchSize, indices);
        const B = targets.compute(buffer, indices, learn.batchSize, deriveKey(root, STREAM.targets, updates, m), q.target ?? q);
        lossSum += await q.trainStep(targets.inputs, targets.targets, B);
      }
      tdLoss = lossSum / learn.minibatches;
      updates++;
    }
    const rec: EpisodeRecord = {
      episode: e + 1,
      return: out.return,
      success: out.success,
      steps: out.steps,
      wallMs: performance.now() - t0,
      meanFreeEnergy: out.meanFreeEnergy,
      tdLoss,
      system,
    };
    if (learn.testEvery > 0 && (e + 1) % learn.testEvery === 0) {
      const tests = evaluate(task, agentCfg, learn.testEpisodes, learn.seed, q);
      const s = summarize(tests);
      rec.test = { episodes: tests.length, meanReturn: s.meanReturn, successRate: s.successRate };
    }
    records.push(rec);
    progress?.(rec);
  }
  return records;
}

/** Test episodes with a fixed Q (or none): no learning, starts from the eval stream. */
export function evaluate(
  task: TaskSpec,
  agentCfg: AgentConfig,
  episodes: number,
  seed: number,
  q: QFunction | null,
  progress?: ProgressFn,
): EpisodeRecord[] {
  const agent = new MpcAgent(task, agentCfg, q);
  const records: EpisodeRecord[] = [];
  for (let e = 0; e < episodes; e++) {
    const t0 = performance.now();
    const out = runEpisode(task, agent, episodeKey(seed, 'eval', e));
    const rec: EpisodeRecord = { episode: e + 1, ...out, wallMs: performance.now() - t0, tdLoss: null, system: 'true' };
    records.push(rec);
    progress?.(rec);
  }
  return records;
}

/** The CLI contract's summary of a list of episodes. */
export function summarize(records: readonly EpisodeRecord[]): { meanReturn: number; successRate: number; lastTenMeanReturn: number } {
  const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : 0);
  return {
    meanReturn: mean(records.map((r) => r.return)),
    successRate: mean(records.map((r) => (r.success ? 1 : 0))),
    lastTenMeanReturn: mean(records.slice(-10).map((r) => r.return)),
  };
}
