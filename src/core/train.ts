/**
 * Algorithm 1 (MPQ) and plain evaluation episodes on the real system.
 *
 * Every random draw comes from the run's seed through labelled streams
 * (agent.ts STREAM), so a seed reproduces a run exactly, and MPQ and MPPI runs
 * with the same seed start their episodes from the same states.
 */
import { MpcAgent, STREAM, type Actor } from './agent';
import { trainingEpisodesOf, type AgentConfig, type LearnConfig } from './config';
import type { DenseWeights } from './mlp';
import type { QFunction, QLearner } from './qfunction';
import { ReplayBuffer } from './replay';
import { deriveKey, keyFromSeed, RandomStream, type Key } from './rng';
import { gatherMinibatch, localTargets, type TargetSource, type TargetSourceFactory } from './targets';
import { drBoxOf } from './dr';
import { episodeSuccess, rowIsFinite, runningCost, sampleParamBox, type ParamBox, type TaskSpec } from './task';

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
  /** Validation episodes on the real system after this episode (select 'best', Alg. 1 line 9). */
  validation?: ValidationSummary;
}

/** One validation of θ (select 'best'): its test figures and whether it is the best so far. */
export interface ValidationSummary extends TestSummary {
  best: boolean;
}

/** 'true': the task with its true parameters; 'dr': a domain-randomised simulation (LearnConfig's drBox, drDraw). */
export type SystemKind = 'true' | 'dr';

/** Test episodes on the real system with the agent as it is (no learning). */
export interface TestSummary {
  episodes: number;
  meanReturn: number;
  successRate: number;
}

/** Train, evaluation and validation episodes draw their starts from different streams. */
export type Phase = 'train' | 'eval' | 'validate';

const PHASE_INDEX: Readonly<Record<Phase, number>> = { train: 0, eval: 1, validate: 2 };

/** The key of episode `episode` of a phase. */
export function episodeKey(seed: number, phase: Phase, episode: number): Key {
  return deriveKey(keyFromSeed(seed), STREAM.episode, PHASE_INDEX[phase], episode);
}

/** What one episode produced; `onTransition` sees every real (s, a, c, s'). */
export interface EpisodeOutcome {
  return: number;
  success: boolean;
  steps: number;
  meanFreeEnergy: number;
}

/** How a domain-randomised simulation draws its parameters: from `box`, before every step or once per episode. */
export interface DrDrawSpec {
  readonly box: ParamBox;
  readonly perEpisode: boolean;
}

/**
 * The system the agent acts on: the task's dynamics with its true parameters
 * (or `trueParams` when given: the page's sliders), or (domain randomisation,
 * paper §4.3) with parameters drawn from `dr.box` with `drRng` — before every
 * step, or once when the system is made (`dr.perEpisode`).
 */
export class RealSystem {
  readonly state: Float64Array;
  readonly next: Float64Array;
  private readonly params: Float64Array;

  constructor(
    readonly task: TaskSpec,
    private readonly drRng: RandomStream | null = null,
    trueParams: readonly number[] = task.trueParams,
    private readonly dr: DrDrawSpec = { box: task.biased, perEpisode: false },
  ) {
    if (trueParams.length !== task.paramNames.length)
      throw new Error(`${task.id} has ${task.paramNames.length} parameters, got ${trueParams.length}`);
    this.state = new Float64Array(task.stateDim);
    this.next = new Float64Array(task.stateDim);
    this.params = Float64Array.from(trueParams);
    if (drRng && dr.perEpisode) sampleParamBox(dr.box, drRng, 1, this.params);
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
    if (this.drRng && !this.dr.perEpisode) sampleParamBox(this.dr.box, this.drRng, 1, this.params);
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

/** A real transition (s, a, c, s'), as the replay buffer takes it. */
export type TransitionFn = (s: Float64Array, a: Float64Array, c: number, s2: Float64Array) => void;

/**
 * One episode on the system, a control step at a time: the bookkeeping shared
 * by runEpisode, the Trainer and the lab engine. The caller's agent writes
 * `action` for `sys.state`, then `apply` executes it.
 */
export class EpisodeRun {
  /** The system of the current episode (a new one per episode). */
  sys: RealSystem;
  /** The action to execute next (written by the agent). */
  readonly action: Float64Array;
  /** Control steps taken in this episode. */
  t = 0;
  /** −Σ c so far. */
  return = 0;
  /** Running cost of the last step. */
  lastCost = 0;
  private feSum = 0;
  private readonly flags: boolean[] = [];
  private readonly weights: Float64Array;
  private readonly scratch: Float64Array;

  constructor(
    readonly task: TaskSpec,
    costWeights: readonly number[],
    private readonly trueParams: readonly number[] = task.trueParams,
  ) {
    this.action = new Float64Array(task.actionDim);
    this.weights = Float64Array.from(costWeights);
    this.scratch = new Float64Array(Math.max(1, task.costTerms.length));
    this.sys = new RealSystem(task, null, trueParams);
  }

  /**
   * Starts the episode of this key (start state from its init stream) on the
   * real system, or on a DR simulation drawing as `dr` says (its parameters
   * from the key's DR stream).
   */
  begin(key: Key, dr: DrDrawSpec | null = null): void {
    this.sys = new RealSystem(
      this.task,
      dr ? new RandomStream(deriveKey(key, STREAM.dr)) : null,
      this.trueParams,
      dr ?? undefined,
    );
    this.sys.reset(new RandomStream(deriveKey(key, STREAM.init)));
    this.action.fill(0);
    this.t = 0;
    this.return = 0;
    this.lastCost = 0;
    this.feSum = 0;
    this.flags.length = 0;
  }

  /** True once the episode's control steps are all taken. */
  get over(): boolean {
    return this.t >= this.task.episodeSteps;
  }

  /** Executes `action` (chosen with free energy `freeEnergy`) and returns the step's running cost. */
  apply(freeEnergy: number, onTransition?: TransitionFn): number {
    const { task, sys, action } = this;
    this.feSum += freeEnergy;
    const c = runningCost(task, sys.state, 0, action, 0, this.weights, this.scratch);
    sys.step(action, this.t);
    onTransition?.(sys.state, action, c, sys.next);
    this.return -= c;
    sys.advance();
    this.flags.push(task.isSuccess(sys.state, 0));
    this.t++;
    this.lastCost = c;
    return c;
  }

  /** The episode's summary (call when `over`). */
  outcome(): EpisodeOutcome {
    return {
      return: this.return,
      success: episodeSuccess(this.task.successRule, this.flags),
      steps: this.t,
      meanFreeEnergy: this.feSum / this.t,
    };
  }
}

/** Runs one episode of `agent` from the episode key's start, on the real system or a DR simulation. */
export function runEpisode(
  task: TaskSpec,
  agent: MpcAgent,
  key: Key,
  onTransition?: TransitionFn,
  dr: DrDrawSpec | null = null,
): EpisodeOutcome {
  const run = new EpisodeRun(task, agent.cfg.costWeights);
  run.begin(key, dr);
  agent.beginEpisode(key);
  while (!run.over) {
    agent.act(run.sys.state, 0, run.t, run.action);
    run.apply(agent.lastFreeEnergy, onTransition);
  }
  return run.outcome();
}

/** Progress report after every episode; training never touches a UI itself. */
export type ProgressFn = (record: EpisodeRecord) => void;

/** What a Trainer may be given instead of its defaults. */
export interface TrainerOptions {
  /** Acts in the training episodes (default: a CPU MpcAgent on `q`). */
  actor?: Actor;
  /** The real system's parameters (default: the task's). */
  trueParams?: readonly number[];
  /** Where Eq. 19 targets are computed (default: this thread, core/targets.ts's TargetGenerator). */
  targets?: TargetSourceFactory;
}

/**
 * Algorithm 1, one unit of work at a time, so that a host can interleave it
 * with other work (the lab engine) or run it flat out (`train`). For agents
 * with a Q ('mpq', 'softq') the Q-learner is updated every `updateEvery`
 * episodes with M minibatches of Eq. 19 targets — from the current Q for MPQ,
 * from the learner's target network for SoftQ; for 'mppi' the episodes just run
 * (no learning), which gives the baseline on the same starts. With
 * `data: 'dr'` the episodes run on a domain-randomised simulation; `testEvery`
 * adds test episodes on the real system.
 *
 * Use: while (!finished) { while (acting) await stepControl(); await endEpisode(); }
 * (`updateStep` runs the update one minibatch at a time where that matters).
 */
export class Trainer {
  readonly buffer: ReplayBuffer;
  readonly records: EpisodeRecord[] = [];
  readonly system: SystemKind;
  /** How the DR episodes draw their parameters (null: training on the real system). */
  private readonly dr: DrDrawSpec | null;
  /** The current episode on the system. */
  readonly run: EpisodeRun;
  /** Episodes finished. */
  episode = 0;
  /** Updates (M minibatches each) completed. */
  updates = 0;
  private agentCfg: AgentConfig;
  private actor: Actor;
  private targets: TargetSource | null;
  private readonly targetFactory: TargetSourceFactory;
  private readonly indices: Int32Array;
  /** The minibatch: next states s′, costs c, network inputs (obs(s), a) and targets y. */
  private readonly starts: Float64Array;
  private readonly costs: Float64Array;
  private readonly inputs: Float32Array;
  private readonly y: Float32Array;
  private readonly root: Key;
  private readonly onTransition: TransitionFn;
  private key: Key = [0, 0];
  private inEpisode = false;
  private t0 = 0;
  /** Minibatches of the current episode's update done, and their loss sum. */
  private minibatch = 0;
  private lossSum = 0;
  /** Training episodes of the run (the budget less the validation episodes with select 'best'). */
  readonly trainingEpisodes: number;
  /** Select 'best': the best θ on validation so far and its figures. */
  private best: { layers: DenseWeights[]; score: [number, number] } | null = null;

  constructor(
    readonly task: TaskSpec,
    agentCfg: AgentConfig,
    readonly learn: LearnConfig,
    private readonly q: QLearner | null,
    opts: TrainerOptions = {},
  ) {
    if (agentCfg.agent === 'softq' && q && !q.target) throw new Error('softq needs a Q-learner with a target network');
    this.trainingEpisodes = trainingEpisodesOf(learn);
    if (learn.select === 'best' && q && (!q.weights || !q.setLayers))
      throw new Error("select 'best' needs a Q-learner that hands out and takes back its weights");
    if (this.trainingEpisodes < 1) throw new Error('the episode budget leaves no training episode');
    this.agentCfg = agentCfg;
    this.actor = opts.actor ?? new MpcAgent(task, agentCfg, q);
    this.buffer = new ReplayBuffer(learn.bufferCapacity, task.stateDim, task.actionDim);
    this.targetFactory = opts.targets ?? localTargets;
    this.targets = this.makeTargets();
    this.system = learn.data === 'dr' ? 'dr' : 'true';
    this.dr =
      learn.data === 'dr'
        ? { box: drBoxOf(task, learn.drBox, agentCfg), perEpisode: learn.drDraw === 'episode' }
        : null;
    this.indices = new Int32Array(learn.batchSize);
    this.starts = new Float64Array(learn.batchSize * task.stateDim);
    this.costs = new Float64Array(learn.batchSize);
    this.inputs = new Float32Array(learn.batchSize * (task.obsDim + task.actionDim));
    this.y = new Float32Array(learn.batchSize);
    this.root = keyFromSeed(learn.seed);
    this.run = new EpisodeRun(task, agentCfg.costWeights, opts.trueParams);
    this.onTransition = (s, a, c, s2) => this.buffer.add(s, 0, a, 0, c, s2, 0);
  }

  private makeTargets(): TargetSource | null {
    const { task, agentCfg, learn, q } = this;
    return agentCfg.agent !== 'mppi' && q
      ? this.targetFactory(task, agentCfg, learn.batchSize, learn.targetIterations)
      : null;
  }

  /** All training episodes finished (their validations included). */
  get finished(): boolean {
    return this.episode >= this.trainingEpisodes;
  }

  /** True while the current episode still has control steps to run. */
  get acting(): boolean {
    return !this.finished && (!this.inEpisode || !this.run.over);
  }

  /** One control step of the current episode (beginning it first if needed). */
  async stepControl(): Promise<void> {
    if (!this.acting) throw new Error('no control step to run: the episode is over (call endEpisode)');
    const { run, actor } = this;
    if (!this.inEpisode) {
      this.t0 = performance.now();
      this.key = episodeKey(this.learn.seed, 'train', this.episode);
      run.begin(this.key, this.dr);
      actor.beginEpisode(this.key);
      this.inEpisode = true;
      this.minibatch = 0;
      this.lossSum = 0;
    }
    const pending = actor.act(run.sys.state, 0, run.t, run.action);
    if (pending) await pending;
    run.apply(actor.lastFreeEnergy, this.onTransition);
  }

  private updateDue(): boolean {
    const { learn } = this;
    return (
      this.targets !== null &&
      this.q !== null &&
      (this.episode + 1) % learn.updateEvery === 0 &&
      this.buffer.size >= learn.batchSize &&
      learn.minibatches > 0
    );
  }

  /** One minibatch of the update after an episode (Eq. 19 targets, one Adam step); false when none is left to run. */
  async updateStep(): Promise<boolean> {
    if (!this.inEpisode || !this.run.over || !this.updateDue() || this.minibatch >= this.learn.minibatches)
      return false;
    const { learn, targets, q, root, indices, buffer, task } = this;
    const m = this.minibatch;
    const B = learn.batchSize;
    const rng = new RandomStream(deriveKey(root, STREAM.replay, this.updates, m));
    buffer.sampleIndices(rng, B, indices);
    gatherMinibatch(task, buffer, indices, B, this.starts, this.inputs);
    for (let b = 0; b < B; b++) this.costs[b] = buffer.costs[indices[b]];
    const key = deriveKey(root, STREAM.targets, this.updates, m);
    const pending = targets!.compute(
      { starts: this.starts, costs: this.costs, count: B, key },
      q!.target ?? q!,
      this.y,
    );
    if (pending) await pending;
    this.lossSum += await q!.trainStep(this.inputs, this.y, B);
    this.minibatch++;
    return true;
  }

  /** Finishes the episode: the rest of its update, its test episodes, and its record. */
  async endEpisode(): Promise<EpisodeRecord> {
    if (!this.inEpisode || !this.run.over) throw new Error('the episode is not over yet');
    while (await this.updateStep());
    const { learn, task } = this;
    let tdLoss: number | null = null;
    if (this.updateDue()) {
      tdLoss = this.lossSum / learn.minibatches;
      this.updates++;
    }
    const out = this.run.outcome();
    const e = this.episode;
    const rec: EpisodeRecord = {
      episode: e + 1,
      return: out.return,
      success: out.success,
      steps: out.steps,
      wallMs: performance.now() - this.t0,
      meanFreeEnergy: out.meanFreeEnergy,
      tdLoss,
      system: this.system,
    };
    const last = e + 1 === this.trainingEpisodes;
    if (learn.select === 'best' && this.q && ((e + 1) % learn.validateEvery === 0 || last)) {
      rec.validation = this.validate();
      if (last && this.best) this.q.setLayers!(this.best.layers);
    }
    if (learn.testEvery > 0 && (e + 1) % learn.testEvery === 0) {
      const tests = evaluate(task, this.agentCfg, learn.testEpisodes, learn.seed, this.q);
      const s = summarize(tests);
      rec.test = { episodes: tests.length, meanReturn: s.meanReturn, successRate: s.successRate };
    }
    this.records.push(rec);
    this.episode++;
    this.inEpisode = false;
    return rec;
  }

  /**
   * Alg. 1 line 9: runs θ on the validation starts (the same `validateEpisodes`
   * real-system starts every time, no learning) and keeps a copy of it when it
   * beats the best so far — by success rate, then mean return (by mean return
   * where the task is judged by return).
   */
  private validate(): ValidationSummary {
    const { task, learn, q } = this;
    const agent = new MpcAgent(task, this.agentCfg, q);
    const recs: EpisodeOutcome[] = [];
    for (let i = 0; i < learn.validateEpisodes; i++)
      recs.push(runEpisode(task, agent, episodeKey(learn.seed, 'validate', i)));
    const meanReturn = recs.reduce((a, r) => a + r.return, 0) / recs.length;
    const successRate = recs.filter((r) => r.success).length / recs.length;
    const score: [number, number] = task.paper.metric === 'return' ? [meanReturn, 0] : [successRate, meanReturn];
    const better =
      this.best === null ||
      score[0] > this.best.score[0] ||
      (score[0] === this.best.score[0] && score[1] > this.best.score[1]);
    if (better) this.best = { layers: q!.weights!().map(copyLayer), score };
    return { episodes: recs.length, meanReturn, successRate, best: better };
  }

  /** Acts with `actor` from now on (its plan starts afresh in the current episode). */
  setActor(actor: Actor): void {
    this.actor = actor;
    if (this.inEpisode) actor.beginEpisode(this.key);
  }

  /** New MPPI settings (same task and agent) for the acting agent's targets; the acting agent is the caller's to update. */
  setAgentConfig(cfg: AgentConfig): void {
    if (cfg.task !== this.agentCfg.task || cfg.agent !== this.agentCfg.agent)
      throw new Error('a Trainer keeps its task and agent');
    this.agentCfg = cfg;
    this.targets?.dispose();
    this.targets = this.makeTargets();
  }

  /** Releases the target source (its workers or GPU buffers); the trainer is not used afterwards. */
  dispose(): void {
    this.targets?.dispose();
    this.targets = null;
  }
}

const copyLayer = (l: DenseWeights): DenseWeights => ({ ...l, kernel: l.kernel.slice(), bias: l.bias.slice() });

/** Algorithm 1 for `learn.episodes` episodes (see Trainer). */
export async function train(
  task: TaskSpec,
  agentCfg: AgentConfig,
  learn: LearnConfig,
  q: QLearner | null,
  progress?: ProgressFn,
  targets?: TargetSourceFactory,
): Promise<EpisodeRecord[]> {
  const trainer = new Trainer(task, agentCfg, learn, q, { targets });
  try {
    while (!trainer.finished) {
      while (trainer.acting) await trainer.stepControl();
      const record = await trainer.endEpisode();
      progress?.(record);
    }
  } finally {
    trainer.dispose();
  }
  return trainer.records;
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
export function summarize(records: readonly EpisodeRecord[]): {
  meanReturn: number;
  successRate: number;
  lastTenMeanReturn: number;
} {
  const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : 0);
  return {
    meanReturn: mean(records.map((r) => r.return)),
    successRate: mean(records.map((r) => (r.success ? 1 : 0))),
    lastTenMeanReturn: mean(records.slice(-10).map((r) => r.return)),
  };
}
