/**
 * The lab engine: one object that owns a run — the settings, the real system,
 * the planner, the Q-network and training — driven by typed commands and
 * reporting through typed events. It keeps no timers: a host calls `stepOnce`
 * (play, paced by the host), `trainChunk` (training, flat out) and `emitFrame`
 * (throttled by the host), so the same engine runs in the page's worker
 * (worker.ts) and in Node (tests, CLI).
 *
 * Commands, steps and frames run one at a time (an internal queue), so a
 * command never lands in the middle of a control step or of a minibatch.
 * A refused command (parseCommand's checks, or one out of order) emits an
 * `error` event and changes nothing.
 *
 * Play: episode e of seed s starts where `mpq eval --seed s` starts its episode
 * e (core/train.ts's eval stream); agents mpq and softq plan with the current Q.
 * Training: core/train.ts's Trainer (Algorithm 1), the same records as
 * `train()` for the same seed and config.
 */
import * as tf from '@tensorflow/tfjs';
import { STREAM } from '../../core/agent';
import { defaultLearnConfig, usesQ, type AgentConfig, type LearnConfig } from '../../core/config';
import { deriveKey, keyFromSeed, RandomStream, type Key } from '../../core/rng';
import type { TaskSpec } from '../../core/task';
import { localTargets, type TargetSourceFactory } from '../../core/targets';
import { getTask, type TaskId } from '../../core/tasks/registry';
import { episodeKey, EpisodeRun, Trainer, type EpisodeRecord } from '../../core/train';
import { weightsFromFile, weightsToFile } from '../../core/weightsFile';
import { qCheck, startBackend, startCpuPath, webgpuDeviceLost, type BackendStarter } from './backendChoice';
import { commandName, parseCommand } from './commands';
import { parseTrainState, type CheckpointReason } from './checkpoint';
import { curveBuffers, packCurves } from './curvePack';
import { drawnCount } from './drawBudget';
import {
  copyDisplay,
  CpuPlanner,
  planDisplay,
  webgpuPlanner,
  type GpuPlannerFactory,
  type PlanDisplay,
  type Planner,
} from './planner';
import type {
  BackendReport,
  EngineCommand,
  EngineEvent,
  EngineFrame,
  EpisodeEvent,
  EpisodePhase,
  BusyWork,
  TrainingProgress,
} from './protocol';
import type { QTrainState } from '../qnetwork';
import { FrozenIteration, viewBuffers, type InspectStage } from './inspect';
import { QSlot } from './qslot';
import { RateWindow } from './rateWindow';
import { makeRunFile, parseRunFile } from './runFile';
import { agentConfigOf, canonicalSettings, type LabSettings } from './settings';
import { defaultPoolSize, spawnTargetWorker, TargetPool } from './targetPool';
import { measuredTargets, type TargetsChooser, type TargetsPlan } from './targetsChoice';
import { pendulumValueMap } from './valueMap';
import { announces, RowCost, stepRows } from './workCost';

export type EmitFn = (ev: EngineEvent, transfer?: Transferable[]) => void;

/** What the engine may be given instead of its defaults (tests, the CLI). */
export interface EngineDeps {
  /** Makes the GPU planner or says why there is none (default: GpuMppi on tfjs's WebGPU device, for tasks with WGSL). */
  gpuPlanner?: GpuPlannerFactory;
  /** Starts the tfjs backend for a request (default: backendChoice.ts's startBackend). */
  startBackend?: BackendStarter;
  /** Resolves with a reason when the WebGPU device is lost; null when none is in use (default: tfjs's device). */
  deviceLost?: () => Promise<string> | null;
  /** Decides where a training run's Eq. 19 targets go (default: targetsChoice.ts's measurement). */
  targets?: TargetsChooser;
  /** Workers of the CPU's target pool (0: the engine's own thread; default targetPool.ts's defaultPoolSize()). */
  targetWorkers?: number;
  /** Starts one target worker (default: targetPool.ts's spawnTargetWorker). */
  spawnTargetWorker?: () => Worker;
  /** Learning settings the page does not set (M, K, buffer, hidden widths…); default core/config's. */
  learn?: Partial<Omit<LearnConfig, 'episodes' | 'seed' | 'data'>>;
  /** Wall clock in ms (default performance.now). */
  now?: () => number;
  /** Milliseconds a planner takes per control step from `state` (backend 'auto' compares the GPU and CPU planners with it; default: timed). */
  timePlanner?: (planner: Planner, state: Float64Array) => Promise<number>;
}

/** Planning calls timed per planner for backend 'auto' (after one warm-up), and the time they may take. */
const TIMED_PLANS = 5;
const TIMING_BUDGET_MS = 300;

/** What the host should be doing. */
export type Activity = 'idle' | 'playing' | 'training';

/** A training run says how far it is at least this often (ms), so its ETA moves. */
const PROGRESS_EVERY_MS = 1000;

/** The Q-network's options for a run (seeded like the CLI's networkFor). */
function qOptions(task: TaskSpec, s: LabSettings, learn: LearnConfig) {
  return {
    inputDim: task.obsDim + task.actionDim,
    hidden: learn.hidden,
    learningRate: learn.learningRate,
    initKey: deriveKey(keyFromSeed(s.seed), STREAM.qinit),
    maxRows: 4096,
    targetTau: s.agent === 'softq' ? learn.targetTau : undefined,
  };
}

const sameNumbers = (a: readonly number[], b: readonly number[]): boolean =>
  a.length === b.length && a.every((x, i) => x === b[i]);
const messageOf = (err: unknown): string => (err instanceof Error ? err.message : String(err));

/** A training run in progress. */
interface Training {
  trainer: Trainer;
  planner: Planner;
  total: number;
  startMs: number;
  /** Minibatches of the current update run so far (0 while acting). */
  minibatch: number;
  lastProgressMs: number;
}

export class LabEngine {
  private readonly gpuFactory: GpuPlannerFactory;
  private readonly starter: BackendStarter;
  private readonly deviceLost: () => Promise<string> | null;
  private readonly chooseTargets: TargetsChooser;
  /** Where the running training's Eq. 19 targets go (null when not training, or for plain MPPI). */
  private targetsPlan: TargetsPlan | null = null;
  /** Workers of the CPU's target pool (0: this thread), the pool once started, and how to start a worker. */
  private poolSize: number;
  private pool: TargetPool | null = null;
  private readonly spawnTargetWorker: () => Worker;
  private readonly now: () => number;
  private readonly learnDefaults: Partial<LearnConfig>;
  private readonly timePlanner: (planner: Planner, state: Float64Array) => Promise<number>;
  private queue: Promise<unknown> = Promise.resolve();

  private settings: LabSettings | null = null;
  private wasmPath: string | undefined;
  /** The last picture drawn, for frames with no new step in between (displayOf). */
  private lastDisplay: { planner: Planner; version: number; out: PlanDisplay } | null = null;
  /** False when init asked for no frame events. */
  private framesOn = true;
  private task!: TaskSpec<TaskId>;
  private agentCfg!: AgentConfig;
  private q: QSlot | null = null;
  private planner!: Planner;
  private plannerNote = '';
  /** Why backend 'auto' put the planner where it is (a measurement), or ''. */
  private autoNote = '';
  private report: BackendReport | null = null;
  private backendFailures: string[] = [];
  private qCheckDiff = 0;
  private initMs = 0;
  private deviceWatch = 0;
  private lostNote: string | null = null;

  private run!: EpisodeRun;
  private playEpisode = 0;
  private playKey: Key = [0, 0];
  private playStartMs = 0;
  private playing = false;
  private training: Training | null = null;
  private controlSteps = 0;
  /** Which run the last control step belonged to (what a frame shows). */
  private lastSource: 'play' | 'train' = 'play';
  private lastFreeEnergy = 0;
  private lastPlanMs = 0;
  /** Control rate and planning time over the same recent steps. */
  private readonly window = new RateWindow();
  private curves: EpisodeEvent[] = [];
  /** Measured cost per rollout row of control steps (per planner kind) and of training updates. */
  private readonly rowCost = { cpu: new RowCost(), webgpu: new RowCost(), update: new RowCost() };
  /** Step-through: the frozen iteration and the sub-step shown (null when not stepping through). */
  private frozen: { it: FrozenIteration; stage: InspectStage } | null = null;

  constructor(
    private readonly emit: EmitFn,
    deps: EngineDeps = {},
  ) {
    this.gpuFactory = deps.gpuPlanner ?? webgpuPlanner;
    this.starter = deps.startBackend ?? startBackend;
    this.deviceLost = deps.deviceLost ?? webgpuDeviceLost;
    this.chooseTargets = deps.targets ?? measuredTargets;
    this.poolSize = deps.targetWorkers ?? defaultPoolSize();
    this.spawnTargetWorker = deps.spawnTargetWorker ?? spawnTargetWorker;
    this.now = deps.now ?? (() => performance.now());
    this.learnDefaults = deps.learn ?? {};
    this.timePlanner = deps.timePlanner ?? ((p, s) => this.timePlans(p, s));
  }

  // ---- what the host reads ----

  /** Idle (paused or before init), playing in real time, or training flat out. */
  get activity(): Activity {
    return this.training ? 'training' : this.playing ? 'playing' : 'idle';
  }

  /** Control timestep of the task (s), for pacing play. */
  get controlDtSec(): number {
    return this.settings ? this.task.controlDtSec : 0.05;
  }

  /** Simulation speed (multiples of real time). */
  get speed(): number {
    return this.settings?.speed ?? 1;
  }

  /** The settings in force (a copy; null before init). */
  get currentSettings(): LabSettings | null {
    return this.settings && canonicalSettings(this.settings);
  }

  /** Control steps since the last reset (training included). */
  get steps(): number {
    return this.controlSteps;
  }

  /** The real system's state of play (a copy). */
  get playState(): Float64Array {
    return this.run ? this.run.sys.state.slice() : new Float64Array(0);
  }

  // ---- host-driven stepping ----

  /** Handles one command (raw message); problems become `error` events. */
  handle(raw: unknown): Promise<void> {
    return this.serial(async () => {
      const cmd = parseCommand(raw);
      if (typeof cmd === 'string') {
        this.error(commandName(raw), cmd);
        return;
      }
      try {
        await this.dispatch(cmd);
      } catch (err) {
        this.error(cmd.type, messageOf(err));
      }
    });
  }

  /** One control step of play when playing (else nothing); true when a step ran. Emits a frame when `frame`. */
  stepOnce(opts: { frame?: boolean } = {}): Promise<boolean> {
    return this.serial(async () => {
      if (this.activity !== 'playing') return false;
      const ok = await this.playStep();
      if (opts.frame !== false) await this.postFrame();
      return ok;
    });
  }

  /** Training work (control steps, minibatches, episode ends) for about `maxMs`; returns the control steps run. */
  trainChunk(maxMs: number): Promise<number> {
    return this.serial(async () => {
      const t0 = this.now();
      let steps = 0;
      while (this.training) {
        try {
          steps += await this.trainWork();
        } catch (err) {
          this.stopTraining();
          this.error('train', messageOf(err));
          break;
        }
        if (this.now() - t0 >= maxMs) break;
      }
      return steps;
    });
  }

  /** Emits a frame of the last control step (the host throttles these). */
  emitFrame(): Promise<void> {
    return this.serial(async () => {
      if (this.settings) await this.postFrame();
    });
  }

  /** Waits for everything queued so far. */
  idle(): Promise<void> {
    return this.serial(async () => {});
  }

  private serial<T>(fn: () => Promise<T>): Promise<T> {
    const p = this.queue.then(fn);
    this.queue = p.catch(() => undefined);
    return p;
  }

  private error(command: string | null, message: string): void {
    this.emit({ type: 'error', command, message });
  }

  // ---- commands ----

  private async dispatch(cmd: EngineCommand): Promise<void> {
    // Starting a backend, (re)building a GPU planner or a new task's system and Q-network can hold the worker
    // for a while (seconds on a busy CPU): say so first.
    const next = 'settings' in cmd ? cmd.settings : null;
    const setup =
      (cmd.type === 'init' && this.settings === null) ||
      ((cmd.type === 'configure' || cmd.type === 'importRun' || cmd.type === 'restoreRun') &&
        this.settings !== null &&
        (this.planner.where === 'webgpu' ||
          (next !== null &&
            (next.backend !== this.settings.backend ||
              next.task !== this.settings.task ||
              next.agent !== this.settings.agent))));
    if (setup) this.emit({ type: 'busy', work: 'setup', predictedMs: null });
    if (cmd.type === 'init') return this.init(cmd.settings, cmd.wasmPath, cmd.frames ?? true);
    // The rate restarts with every command that starts, stops or interrupts stepping.
    if (cmd.type !== 'configure' && cmd.type !== 'valueMap' && cmd.type !== 'exportRun') this.window.clear();
    if (!this.settings) throw new Error('the engine is not initialised: send init first');
    const busy = (): void => {
      if (this.training) throw new Error('training is running: send stopTraining first');
    };
    switch (cmd.type) {
      case 'configure':
        return this.configure(cmd.settings);
      case 'play':
        busy();
        this.leaveInspect();
        this.playing = true;
        return this.postFrame();
      case 'pause':
        busy();
        this.playing = false;
        return this.postFrame();
      case 'step':
        busy();
        this.leaveInspect();
        this.playing = false;
        await this.playStep();
        return this.postFrame();
      case 'reset':
        busy();
        this.leaveInspect();
        this.resetPlay();
        return this.postFrame();
      case 'train':
        return this.startTraining(cmd.episodes ?? this.settings.trainEpisodes);
      case 'stopTraining':
        if (!this.training) throw new Error('no training is running');
        this.stopTraining();
        await this.checkpoint('stop');
        return this.postFrame();
      case 'loadWeights':
        busy();
        this.leaveInspect();
        return this.loadWeights(cmd.file);
      case 'resetQ':
        busy();
        this.leaveInspect();
        return this.resetQ();
      case 'exportRun':
        return this.exportRun();
      case 'importRun':
        busy();
        return this.importRun(cmd.file);
      case 'restoreRun':
        busy();
        return this.restoreRun(cmd.file, cmd.train, cmd.updates);
      case 'valueMap':
        return this.valueMap(cmd.resolution);
      case 'inspect':
        busy();
        this.playing = false;
        return this.inspect(cmd.stage);
      case 'inspectEnd':
        this.leaveInspect();
        return this.postFrame();
      case 'targetWorkers':
        return this.setTargetWorkers(cmd.count);
      case 'simulateDeviceLoss':
        if (this.planner.where !== 'webgpu' && tf.getBackend() !== 'webgpu') {
          throw new Error(`nothing runs on a WebGPU device (planner ${this.planner.where}, tfjs ${tf.getBackend()})`);
        }
        return this.onDeviceLost('simulated by the simulateDeviceLoss command');
      default:
        return cmd satisfies never;
    }
  }

  /** The learning config of a run of `episodes` under settings s (task: s's task, the current one by default). */
  private learnConfig(s: LabSettings, episodes: number, task: TaskSpec = this.task): LearnConfig {
    return {
      ...defaultLearnConfig(task),
      ...this.learnDefaults,
      episodes,
      seed: s.seed,
      data: s.data,
      testEvery: 0,
    };
  }

  private async init(settings: LabSettings, wasmPath: string | undefined, frames: boolean): Promise<void> {
    if (this.settings) throw new Error('the engine is already initialised (send configure to change settings)');
    const t0 = this.now();
    const started = await this.starter(settings.backend, wasmPath);
    this.wasmPath = wasmPath;
    this.framesOn = frames;
    this.backendFailures = started.failures;
    const task = getTask(settings.task);
    const learn = this.learnConfig(settings, 1, task);
    this.qCheckDiff = await qCheck(task.obsDim + task.actionDim, learn.hidden);
    this.settings = canonicalSettings(settings);
    this.task = task;
    this.agentCfg = agentConfigOf(settings, task);
    await this.newQ();
    await this.replacePlanner();
    this.resetPlay();
    this.initMs = this.now() - t0;
    this.watchDevice();
    this.emitReport(true);
    this.emit({ type: 'settings', settings: this.currentSettings! });
    await this.postFrame();
  }

  /** A fresh Q-network for the settings' task and agent (none for plain MPPI); the curves start again. */
  private async newQ(): Promise<void> {
    const s = this.settings!;
    this.q?.dispose();
    this.q = null;
    this.curves = [];
    if (!usesQ(s.agent)) return;
    this.q = new QSlot(qOptions(this.task, s, this.learnConfig(s, 1)));
    await this.q.save();
  }

  /** A planner for the current config: on the GPU when the factory gives one (and no device was lost), else on the CPU. */
  private async makePlanner(): Promise<{ planner: Planner; note: string }> {
    let note = this.lostNote ?? '';
    if (this.lostNote === null) {
      try {
        const made = await this.gpuFactory(this.task, this.agentCfg, this.q?.network ?? null);
        if (typeof made !== 'string')
          return this.settings!.backend === 'auto' ? this.faster(made) : { planner: made, note: '' };
        note = made;
      } catch (err) {
        note = `the GPU planner could not start (${messageOf(err)}), so the rollouts run on the CPU`;
      }
    }
    return { planner: new CpuPlanner(this.task, this.agentCfg, this.q), note };
  }

  /**
   * Backend 'auto' with a GPU planner: which plans faster for these settings is
   * measured (a few planning steps of each from the current state), the faster
   * one kept, and the reason said in the status. The timed plans are thrown
   * away: each planner starts its episode afresh after them.
   */
  private async faster(gpu: Planner): Promise<{ planner: Planner; note: string }> {
    const cpu = new CpuPlanner(this.task, this.agentCfg, this.q);
    const state = this.run ? this.run.sys.state.slice() : this.someStart();
    const gpuMs = await this.timePlanner(gpu, state);
    const cpuMs = await this.timePlanner(cpu, state);
    const f = (ms: number) => ms.toPrecision(2);
    const at = `N ${this.agentCfg.mppi.samples} × H ${this.agentCfg.mppi.horizon}`;
    if (cpuMs <= gpuMs) {
      gpu.dispose();
      this.autoNote = `auto: the CPU planner is faster here (${f(cpuMs)} ms a step against ${f(gpuMs)} ms on WebGPU at ${at})`;
      return { planner: cpu, note: this.autoNote };
    }
    cpu.dispose();
    this.autoNote = `auto: WebGPU is faster here (${f(gpuMs)} ms a step against ${f(cpuMs)} ms on the CPU at ${at})`;
    return { planner: gpu, note: this.autoNote };
  }

  /** Mean ms per planning step of `planner` from `state`: one warm-up, then up to TIMED_PLANS within the budget. */
  private async timePlans(planner: Planner, state: Float64Array): Promise<number> {
    const action = new Float64Array(this.task.actionDim);
    const act = async () => {
      const pending = planner.act(state, 0, 0, action);
      if (pending) await pending;
    };
    planner.beginEpisode(this.playKey);
    await act();
    const t0 = this.now();
    let n = 0;
    while (n < TIMED_PLANS && (n === 0 || this.now() - t0 < TIMING_BUDGET_MS)) {
      await act();
      n++;
    }
    return (this.now() - t0) / n;
  }

  /** A start state of the task (for timing before the first episode exists). */
  private someStart(): Float64Array {
    const s = new Float64Array(this.task.stateDim);
    this.task.sampleInitialState(new RandomStream(this.playKey), s, 0);
    return s;
  }

  /** Replaces the play planner (and the training one while training); plans restart in the current episodes. */
  private async replacePlanner(): Promise<void> {
    const made = await this.makePlanner();
    (this.planner as Planner | undefined)?.dispose();
    this.planner = made.planner;
    this.plannerNote = made.note;
    this.planner.beginEpisode(this.playKey);
    if (this.training) {
      const t = this.training;
      t.planner.dispose();
      t.planner = (await this.makePlanner()).planner;
      t.trainer.setActor(t.planner);
    }
  }

  private async configure(next: LabSettings): Promise<void> {
    const prev = this.settings!;
    const newTaskOrAgent = next.task !== prev.task || next.agent !== prev.agent;
    const newBackend = next.backend !== prev.backend;
    // New cost weights change the return being counted: the episode starts again (from the same start state).
    const resetEpisode =
      newTaskOrAgent ||
      newBackend ||
      next.seed !== prev.seed ||
      !sameNumbers(next.trueParams, prev.trueParams) ||
      !sameNumbers(next.costWeights, prev.costWeights);
    await this.applySettings(next, { newQ: newTaskOrAgent, newBackend, resetEpisode });
  }

  /**
   * Puts settings in force. The only step that can fail (starting another
   * backend) comes first, so a failure changes nothing.
   */
  private async applySettings(
    next: LabSettings,
    how: { newQ: boolean; newBackend: boolean; resetEpisode: boolean },
  ): Promise<void> {
    const prev = this.settings!;
    const task = next.task === this.task.id ? this.task : getTask(next.task);
    if (how.newBackend) {
      await this.q?.save();
      const started = await this.starter(next.backend, this.wasmPath);
      this.backendFailures = started.failures;
      if (started.tfjs === 'webgpu') this.lostNote = null;
      this.qCheckDiff = await qCheck(task.obsDim + task.actionDim, this.learnConfig(next, 1, task).hidden);
      this.q?.rebuild();
      this.watchDevice();
    }
    if (this.training && (how.resetEpisode || how.newQ)) this.stopTraining();
    this.settings = canonicalSettings(next);
    this.task = task;
    this.agentCfg = agentConfigOf(next, task);
    if (how.newQ) await this.newQ();
    if (how.newQ || how.newBackend || !this.planner.update(this.agentCfg)) await this.replacePlanner();
    else if (this.training && !this.training.planner.update(this.agentCfg)) {
      const t = this.training;
      t.planner.dispose();
      t.planner = (await this.makePlanner()).planner;
      t.trainer.setActor(t.planner);
    }
    // A run that goes on takes the new MPPI values for its Eq. 19 targets too.
    this.training?.trainer.setAgentConfig(this.agentCfg);
    if (how.resetEpisode) this.resetPlay();
    await this.followInspect(prev, how.resetEpisode || how.newQ);
    this.emit({ type: 'settings', settings: this.currentSettings! });
    this.emitReport(false);
    if (how.resetEpisode) await this.postFrame();
  }

  // ---- step-through of one MPPI iteration (inspect.ts) ----

  /** Freezes the next control step's first iteration (unless frozen already) and shows sub-step `stage`. */
  private async inspect(stage: InspectStage): Promise<void> {
    if (!this.frozen) await this.freeze(stage);
    else this.frozen.stage = stage;
    this.emitInspect();
  }

  private async freeze(stage: InspectStage): Promise<void> {
    if (this.run.over) this.beginPlayEpisode(this.playEpisode + 1);
    const { run, task } = this;
    const samples = await this.planner.inspect(run.sys.state, run.t);
    const params = run.sys.stepParams;
    const it = new FrozenIteration(task, samples, {
      planner: this.planner.where,
      episode: this.playEpisode,
      episodeStep: run.t,
      iterations: this.settings!.iterations,
      realStep: (state, action) => {
        const next = state.slice();
        task.step(next, action, params, 0, 1);
        return next;
      },
    });
    const s = this.settings!;
    if (s.lambda !== samples.lambda || s.alpha !== samples.alpha) it.retune(s.lambda, s.alpha);
    this.frozen = { it, stage };
  }

  /** After new settings: leave step-through on a new episode, re-weight on λ or α alone, else freeze anew. */
  private async followInspect(prev: LabSettings, leave: boolean): Promise<void> {
    const f = this.frozen;
    if (!f) return;
    if (leave) return this.leaveInspect();
    const s = this.settings!;
    const rest = (x: LabSettings) => ({ ...x, lambda: 0, alpha: 0, speed: 0, trainEpisodes: 0 });
    if (JSON.stringify(rest(prev)) === JSON.stringify(rest(s))) f.it.retune(s.lambda, s.alpha);
    else await this.freeze(f.stage);
    this.emitInspect();
  }

  private emitInspect(): void {
    const f = this.frozen;
    if (!f) return;
    const view = f.it.view(f.stage);
    this.emit({ type: 'inspect', view }, viewBuffers(view));
  }

  private leaveInspect(): void {
    if (!this.frozen) return;
    this.frozen = null;
    this.emit({ type: 'inspect', view: null });
  }

  /** Back to episode 0 of the seed, step 0 (the Q-network and playing/paused stay). */
  private resetPlay(): void {
    const s = this.settings!;
    this.run = new EpisodeRun(this.task, this.agentCfg.costWeights, s.trueParams);
    this.controlSteps = 0;
    this.lastSource = 'play';
    this.beginPlayEpisode(0);
  }

  private beginPlayEpisode(e: number): void {
    this.playEpisode = e;
    this.playKey = episodeKey(this.settings!.seed, 'eval', e);
    this.run.begin(this.playKey);
    this.planner.beginEpisode(this.playKey);
    this.playStartMs = this.now();
    this.lastFreeEnergy = 0;
    this.lastPlanMs = 0;
  }

  /** One control step on the real system; an episode's end posts its record and the next step begins the next one. */
  private async playStep(): Promise<boolean> {
    if (this.run.over) this.beginPlayEpisode(this.playEpisode + 1);
    const { run, planner } = this;
    const rows = stepRows(this.settings!);
    this.announce('control step', this.rowCost[planner.where], rows);
    const t0 = this.now();
    try {
      const pending = planner.act(run.sys.state, 0, run.t, run.action);
      if (pending) await pending;
      this.lastPlanMs = this.now() - t0;
      this.rowCost[planner.where].observe(this.lastPlanMs, rows);
      this.lastFreeEnergy = planner.lastFreeEnergy;
      run.apply(this.lastFreeEnergy);
      this.window.record(this.now(), this.lastPlanMs);
    } catch (err) {
      this.playing = false;
      this.error('play', messageOf(err));
      return false;
    }
    this.controlSteps++;
    this.lastSource = 'play';
    if (run.over) {
      const out = run.outcome();
      this.postEpisode('play', {
        episode: this.playEpisode + 1,
        ...out,
        wallMs: this.now() - this.playStartMs,
        tdLoss: null,
        system: 'true',
      });
      await this.checkpoint('episode');
    }
    return true;
  }

  private postEpisode(phase: EpisodePhase, record: EpisodeRecord): void {
    const episode: EpisodeEvent = { phase, record };
    this.curves.push(episode);
    this.emit({ type: 'episode', episode });
  }

  // ---- training ----

  /** Algorithm 1 for mpq and softq; for plain MPPI the Trainer runs the same training episodes without a Q (the baseline on the same starts, as the CLI's). */
  private async startTraining(episodes: number): Promise<void> {
    const s = this.settings!;
    if (this.training) throw new Error('training is already running');
    this.leaveInspect();
    const learn = this.learnConfig(s, episodes);
    const q = this.q;
    this.targetsPlan =
      q && usesQ(this.agentCfg.agent)
        ? await this.chooseTargets({
            task: this.task,
            cfg: this.agentCfg,
            learn,
            q: q.target ?? q,
            cpu: this.cpuTargets(),
          })
        : null;
    const { planner } = await this.makePlanner();
    const trainer = new Trainer(this.task, this.agentCfg, learn, q, {
      actor: planner,
      trueParams: s.trueParams,
      // Through the engine's current plan, so a lost device moves the targets too.
      targets: (...a) => (this.targetsPlan?.factory ?? this.cpuTargets())(...a),
    });
    this.training = {
      trainer,
      planner,
      total: episodes,
      startMs: this.now(),
      minibatch: 0,
      lastProgressMs: this.now(),
    };
    this.playing = false;
    this.emitProgress();
    this.emitReport(false);
  }

  /** One unit of training work; returns the control steps it ran (0 or 1). */
  private async trainWork(): Promise<number> {
    const t = this.training!;
    const { trainer } = t;
    if (trainer.acting) {
      const rows = stepRows(this.settings!);
      const cost = this.rowCost[t.planner.where];
      this.announce('control step', cost, rows);
      const t0 = this.now();
      await trainer.stepControl();
      this.lastPlanMs = this.now() - t0;
      cost.observe(this.lastPlanMs, rows);
      this.lastFreeEnergy = t.planner.lastFreeEnergy;
      this.window.record(this.now(), this.lastPlanMs);
      this.controlSteps++;
      this.lastSource = 'train';
      if (this.now() - t.lastProgressMs >= PROGRESS_EVERY_MS) this.emitProgress();
      return 1;
    }
    // One minibatch: Eq. 19 targets for K samples, each an MPPI run of N × H rows per target iteration.
    const { batchSize, targetIterations } = trainer.learn;
    const rows = batchSize * targetIterations * stepRows({ ...this.settings!, iterations: 1 });
    this.announce('training update', this.rowCost.update, rows);
    const t0 = this.now();
    if (await trainer.updateStep()) {
      this.rowCost.update.observe(this.now() - t0, rows);
      // Updating Q: say so (and which minibatch) instead of letting the control rate freeze.
      t.minibatch++;
      this.window.clear();
      this.emitProgress();
      return 0;
    }
    t.minibatch = 0;
    const rec = await trainer.endEpisode();
    if (rec.tdLoss !== null) await this.q!.save();
    this.postEpisode('train', rec);
    if (trainer.finished) {
      this.stopTraining();
      await this.checkpoint('stop');
      await this.postFrame();
    } else {
      this.emitProgress();
      await this.checkpoint('episode');
    }
    return 0;
  }

  private progress(running: boolean): TrainingProgress {
    const t = this.training!;
    const done = t.trainer.episode;
    const elapsedSec = (this.now() - t.startMs) / 1000;
    // The share of the run behind us, counting the current episode's steps, so the ETA starts in episode 1.
    const step = t.trainer.acting && t.minibatch === 0 ? t.trainer.run.t : this.task.episodeSteps;
    const share = (done + step / this.task.episodeSteps) / t.total;
    const updating = t.minibatch > 0;
    return {
      running,
      done,
      total: t.total,
      etaSec: !running ? 0 : share > 0 ? (elapsedSec * (1 - share)) / share : null,
      updates: this.q?.updates ?? 0,
      phase: updating ? 'updating' : 'acting',
      minibatch: updating ? t.minibatch : 0,
      minibatches: this.learnConfig(this.settings!, 1).minibatches,
    };
  }

  private emitProgress(): void {
    const t = this.training;
    if (t) t.lastProgressMs = this.now();
    this.emit({ type: 'training', progress: this.progress(true) });
  }

  /** Ends the training run after the current unit of work; what was learnt stays. */
  private stopTraining(): void {
    const t = this.training;
    if (!t) return;
    const last = this.progress(false);
    t.planner.dispose();
    t.trainer.dispose();
    this.training = null;
    this.targetsPlan = null;
    this.emitReport(false);
    this.lastSource = 'play';
    this.emit({ type: 'training', progress: last });
  }

  // ---- files and maps ----

  private async loadWeights(file: unknown): Promise<void> {
    const s = this.settings!;
    if (!this.q) throw new Error(`agent ${s.agent} has no Q-function to load weights into`);
    const layers = weightsFromFile(file, this.task, this.learnConfig(s, 1).hidden);
    await this.q.load(layers);
    this.curves = [];
    // A new Q is a new run: its first episode starts where the seed's first episode starts.
    this.resetPlay();
    this.emit({ type: 'notice', message: `Q-weights loaded for ${this.task.id} (${layers.length} layers)` });
    await this.checkpoint('load');
    await this.postFrame();
  }

  /** Back to an untrained Q-network (the seed's initialisation) and to the seed's first episode. */
  private async resetQ(): Promise<void> {
    const s = this.settings!;
    if (!usesQ(s.agent)) throw new Error(`agent ${s.agent} has no Q-function`);
    await this.newQ();
    await this.replacePlanner();
    this.resetPlay();
    this.emit({ type: 'notice', message: `Q-function reset to an untrained network for ${this.task.id}` });
    await this.checkpoint('load');
    await this.postFrame();
  }

  private async exportRun(): Promise<void> {
    const weights = this.q ? weightsToFile(this.task, await this.q.save()) : null;
    this.emit({ type: 'run', file: makeRunFile(this.settings!, this.curves, weights, this.report) });
  }

  private async importRun(file: unknown): Promise<void> {
    await this.applyRun(file, null, 0);
    await this.checkpoint('import');
  }

  /** A run the page saved: the run file's checks, then Adam's state and the target network put back. */
  private async restoreRun(file: unknown, rawTrain: unknown, rawUpdates: unknown): Promise<void> {
    const train = rawTrain === null ? null : parseTrainState(rawTrain);
    if (typeof rawUpdates !== 'number' || !Number.isInteger(rawUpdates) || rawUpdates < 0)
      throw new Error(`updates: got ${JSON.stringify(rawUpdates)}, expected a whole number ≥ 0`);
    await this.applyRun(file, train, rawUpdates);
    await this.checkpoint('restore');
  }

  /**
   * Puts a run in force. Everything that can be refused is checked before the
   * engine changes: the file, then the train state against a scratch network.
   */
  private async applyRun(file: unknown, train: QTrainState | null, updates: number): Promise<void> {
    const prev = this.settings!;
    const run = parseRunFile(file, this.learnConfig(prev, 1).hidden);
    const restoring = train !== null;
    if (restoring && !usesQ(run.settings.agent)) throw new Error('saved training state given for plain MPPI');
    if (restoring && run.layers) {
      const task = getTask(run.settings.task);
      const probe = new QSlot(qOptions(task, run.settings, this.learnConfig(run.settings, 1)));
      try {
        await probe.load(run.layers);
        await probe.setTrainState(train, updates);
      } finally {
        probe.dispose();
      }
    }
    await this.applySettings(run.settings, {
      newQ: true,
      newBackend: run.settings.backend !== prev.backend,
      resetEpisode: true,
    });
    if (this.q && run.layers) await this.q.load(run.layers);
    if (this.q && train) await this.q.setTrainState(train, updates);
    this.curves = run.curves;
    this.emit({
      type: 'notice',
      message: `run ${restoring ? 'restored' : 'imported'}: ${run.settings.task}, agent ${run.settings.agent}, ${run.curves.length} episodes`,
    });
  }

  /** Sends what the run has learnt so far for the page to save (packed curves and weights, transferred). */
  private async checkpoint(reason: CheckpointReason): Promise<void> {
    const s = this.settings!;
    const layers = this.q ? await this.q.save() : null;
    const curves = packCurves(this.curves);
    const checkpoint = {
      settings: canonicalSettings(s),
      curves,
      weights: layers && weightsToFile(this.task, layers),
      train: this.q ? await this.q.trainState() : null,
      updates: this.q?.updates ?? 0,
      reason,
    };
    const moments = checkpoint.train?.moments.map((m) => m.buffer as ArrayBuffer) ?? [];
    this.emit({ type: 'checkpoint', checkpoint }, [...curveBuffers(curves), ...moments]);
  }

  /** Tells the host a long unit of work is about to start (it cannot answer until it ends). */
  private announce(work: BusyWork, cost: RowCost, rows: number): void {
    const predictedMs = cost.predict(rows);
    if (announces(predictedMs, rows)) this.emit({ type: 'busy', work, predictedMs });
  }

  private async valueMap(resolution: number): Promise<void> {
    const s = this.settings!;
    if (s.task !== 'pendulum') throw new Error(`the value map is drawn for the pendulum only, not ${s.task}`);
    if (!this.q) throw new Error(`agent ${s.agent} has no Q-function to draw`);
    const map = await pendulumValueMap(this.task, this.q, s.lambda, resolution);
    this.emit({ type: 'valueMap', map }, [map.values.buffer]);
  }

  // ---- the CPU's target pool ----

  /** The CPU's target source: the pool of workers (started on first use), or this thread when the pool has none. */
  private cpuTargets(): TargetSourceFactory {
    if (this.poolSize === 0) return localTargets;
    if (this.pool?.size !== this.poolSize) {
      this.pool?.dispose();
      this.pool = new TargetPool(this.poolSize, this.spawnTargetWorker);
    }
    return this.pool.factory;
  }

  /** A new size for the pool, from the next training run on (0: the engine's own thread). */
  private setTargetWorkers(count: number): void {
    if (this.training) throw new Error('training is running: the target pool changes between runs');
    if (count > 0 && typeof Worker === 'undefined') throw new Error('this host cannot start workers');
    this.poolSize = count;
    if (this.pool && this.pool.size !== count) {
      this.pool.dispose();
      this.pool = null;
    }
  }

  // ---- backend and device loss ----

  private currentReport(): BackendReport {
    const tfjs = tf.getBackend();
    const where = this.planner.where;
    return {
      requested: this.settings!.backend,
      tfjs,
      planner: where,
      plannerNote:
        (where === 'cpu' && (tfjs === 'webgpu' || this.lostNote !== null)) || this.plannerNote === this.autoNote
          ? this.plannerNote
          : '',
      failures: [...this.backendFailures],
      qCheckMaxAbsDiff: this.qCheckDiff,
      initMs: this.initMs,
      ...(this.targetsPlan && { targets: this.targetsPlan.where, targetsNote: this.targetsPlan.note }),
      ...(this.targetsPlan?.where === 'cpu' && { targetWorkers: this.pool?.size ?? 0 }),
    };
  }

  /** Emits a `backend` event when the report changed (or always with `force`). */
  private emitReport(force: boolean): void {
    const next = this.currentReport();
    if (!force && this.report && JSON.stringify(next) === JSON.stringify(this.report)) return;
    this.report = next;
    this.emit({ type: 'backend', report: next });
  }

  private watchDevice(): void {
    const watch = ++this.deviceWatch;
    const lost = this.deviceLost();
    lost?.then((reason) => {
      if (watch === this.deviceWatch)
        void this.serial(() => this.onDeviceLost(reason)).catch((err) => this.error(null, messageOf(err)));
    });
  }

  /**
   * The WebGPU device is gone: plan on the CPU, move tfjs to the CPU path
   * (wasm, else cpu) with the Q rebuilt from its last saved weights, and carry
   * on from the same state (the plans restart from zero).
   */
  private async onDeviceLost(reason: string): Promise<void> {
    if (this.lostNote !== null) return;
    this.lostNote = `the WebGPU device was lost (${reason}), so the rollouts run on the CPU`;
    this.deviceWatch++;
    if (tf.getBackend() === 'webgpu') {
      const started = await startCpuPath(this.wasmPath);
      this.backendFailures = [
        ...started.failures.slice(0, 1).map((f) => `${f} (${reason})`),
        ...started.failures.slice(1),
      ];
      this.q?.rebuild();
    }
    // Only the plans restart: the systems of play and training keep their states.
    await this.replacePlanner();
    if (this.targetsPlan?.where === 'webgpu') {
      this.targetsPlan = { where: 'cpu', note: 'the WebGPU device was lost', factory: this.cpuTargets() };
      this.training?.trainer.setAgentConfig(this.agentCfg);
    }
    this.emit({
      type: 'notice',
      message: `${this.lostNote[0].toUpperCase()}${this.lostNote.slice(1)}; tfjs runs ${tf.getBackend()}.`,
    });
    this.emitReport(true);
  }

  // ---- frames ----

  /**
   * The picture of the planner's last act, D rollouts over H: drawn anew after
   * an act (or anything else that changes it), else a copy of the last one, so
   * a frame with no new step (pause, play, a single step's echo) does not sort
   * N weights and re-trace D rollouts again — at N 16384, H 128 that was tens
   * of ms before Pause could answer. Copies, because a frame's buffers are
   * transferred away.
   */
  private async displayOf(planner: Planner, D: number, H: number): Promise<PlanDisplay> {
    const last = this.lastDisplay;
    if (
      !last ||
      last.planner !== planner ||
      last.version !== planner.displayVersion ||
      last.out.weights.length !== D ||
      last.out.plan.length !== H * 3
    ) {
      const out = planDisplay(D, H);
      await planner.display(out);
      this.lastDisplay = { planner, version: planner.displayVersion, out };
    }
    return copyDisplay(this.lastDisplay!.out);
  }

  private async postFrame(): Promise<void> {
    if (!this.framesOn) return;
    const t = this.training;
    const fromTrain = t !== null && this.lastSource === 'train';
    const run = fromTrain ? t.trainer.run : this.run;
    const planner = fromTrain ? t.planner : this.planner;
    const drawn = planner.hasDisplay;
    const N = planner.samples;
    const H = planner.horizon;
    // At most DRAW_BUDGET rollouts and DRAW_POINTS points travel to the page (drawBudget.ts).
    const D = drawn ? drawnCount(N, H) : 0;
    const out = drawn ? await this.displayOf(planner, D, H) : planDisplay(0, 0);
    const { paths, weights, plan, costSplit } = out;
    const weightStats = out.stats ?? null;
    const running = this.playing || t !== null;
    const frame: EngineFrame = {
      task: this.task.id,
      controlSteps: this.controlSteps,
      episode: fromTrain ? t.trainer.episode : this.playEpisode,
      episodeStep: run.t,
      running,
      training: t !== null,
      state: run.sys.state.slice(),
      params: Array.from(run.sys.stepParams),
      action: run.action.slice(),
      cost: run.lastCost,
      freeEnergy: this.lastFreeEnergy,
      paths,
      weights,
      costSplit,
      weightStats,
      plan,
      samples: N,
      drawn: D,
      horizon: H,
      rateHz: running ? this.window.rateHz() : 0,
      planMs: this.window.size > 0 ? this.window.meanPlanMs() : this.lastPlanMs,
    };
    this.emit({ type: 'frame', frame }, [
      frame.state.buffer,
      frame.action.buffer,
      paths.buffer,
      weights.buffer,
      costSplit.buffer,
      plan.buffer,
      ...(weightStats ? [weightStats.ranks.buffer, weightStats.sorted.buffer] : []),
    ]);
  }
}
