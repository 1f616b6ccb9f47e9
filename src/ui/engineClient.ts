/**
 * The page's side of the lab engine's worker: sends typed commands, keeps the
 * newest frame in a plain field for the scene's render loop (never React
 * state), and publishes slow summaries (status, episodes in labelled series,
 * training progress, backend, value map, notices, errors) into the store at
 * most 5 times a second. It keeps the store's Q source true: the published
 * weights fetched and loaded, an untrained Q, one trained or imported here.
 *
 * It also keeps the worker alive (engineWatch.ts): a failed init is retried
 * with the next settings; a worker that ends (the browser hands the page its
 * life lock) or hangs is reported with a restart; a command that must land while a long step runs ends that step by
 * restarting the engine, which comes back with the settings and the last
 * checkpoint (what the run had learnt at its last episode end, stop, load or
 * import).
 */
import { usesQ } from '../core/config';
import { getTask, type TaskId } from '../core/tasks/registry';
import { checkpointRunFile, type RunCheckpoint } from '../compute/engine/checkpoint';
import { unpackCurves } from '../compute/engine/curvePack';
import type {
  BusyWork,
  EngineCommand,
  EngineEvent,
  EngineFrame,
  EpisodeEvent,
  TrainingProgress,
} from '../compute/engine/protocol';
import type { InspectStage, InspectView } from '../compute/engine/inspect';
import { StepCostMeter, stepCostWarning, type MeasuredStepCost } from './controls/stepCost';
import { liveChangeNotice } from './controls/trainingLocks';
import { healthOf, mustCancel, STALL_MS, type EngineHealth, type WatchInput } from './engineWatch';
import { inspectSceneFrame, weightsOf, type WeightsData } from './lecture/inspectFrame';
import { settingsProblems, type LabSettings } from '../compute/engine/settings';
import { SeriesBook, type LabeledEpisode } from './plots/seriesBook';
import { heaviestRollouts, rolloutsWithin } from './scenes/softwareRendering';
import type { FrameSource, SceneFrame } from './scenes/types';
import { dismissMessage, pushMessage, type LabStore } from './store';
import { Throttle } from './throttle';
import { defaultQSource, type QSource } from './url/pageState';

/** Status, episodes and progress reach React at most this often. */
const SUMMARY_EVERY_MS = 200;
/** Value-map resolution (cells per side) and how often it is refreshed while training. */
const VALUE_MAP_RESOLUTION = 41;
const VALUE_MAP_EVERY_MS = 1000;

/** Where the worker script lives; a function so tests and other pages can point elsewhere. */
export type WorkerFactory = () => Worker;

export const spawnEngineWorker: WorkerFactory = () =>
  new Worker(new URL('../compute/engine/worker.ts', import.meta.url), { type: 'module', name: 'mpq-engine' });

/** Fetches a task's published Q-weights file (parsed JSON); throws with a message for the page. */
export type WeightsFetcher = (task: TaskId) => Promise<unknown>;

/** public/weights/<task>.json from the page's own origin (works under any sub-path). */
export const fetchPublishedWeights: WeightsFetcher = async (task) => {
  const url = new URL(`weights/${task}.json`, document.baseURI);
  let res: Response;
  try {
    res = await fetch(url, { headers: { Accept: 'application/json' } });
  } catch (err) {
    throw new Error(`could not fetch weights/${task}.json: ${err instanceof Error ? err.message : String(err)}`, {
      cause: err,
    });
  }
  if (!res.ok)
    throw new Error(
      `No pretrained Q-function is published for ${getTask(task).title} (weights/${task}.json: HTTP ${res.status})`,
    );
  try {
    return await res.json();
  } catch {
    throw new Error(`weights/${task}.json is not a JSON weights file`);
  }
};

/** The settings as text with the keys in a fixed order, to compare records built in different places. */
const settingsKey = (s: LabSettings): string => JSON.stringify(s, Object.keys(s).sort());

/** Commands the engine answers with one `settings` event (or one `error` naming the command). */
type SettingsCommand = 'init' | 'configure' | 'importRun' | 'restoreRun';
const SETTINGS_COMMANDS: readonly string[] = [
  'init',
  'configure',
  'importRun',
  'restoreRun',
] satisfies SettingsCommand[];
/** Commands that must land soon: sent during a long unit of work, they cancel it (see engineWatch.ts). */
const URGENT: readonly string[] = [
  'pause',
  'stopTraining',
  'configure',
  'reset',
  'importRun',
  'restoreRun',
  'loadWeights',
];
/** How often the client looks at the worker's heartbeat. */
const WATCH_EVERY_MS = 250;

/** Tests' hook: the worker closes itself without a word (handled by worker.ts, not the engine). */
const SIMULATE_CRASH = { type: 'simulateCrash' } as const;

export class EngineClient implements FrameSource {
  /** Frames received since the page started. */
  framesReceived = 0;
  /** Called with the run file after `exportRun`. */
  onRunFile: ((file: unknown) => void) | null = null;
  /** Called with every checkpoint the engine sends (the run keeper saves them). */
  onCheckpoint: ((cp: RunCheckpoint) => void) | null = null;
  /** Engine workers started since the page loaded. */
  workersStarted = 0;
  /** The newest checkpoint: what a restarted engine gets back. */
  lastCheckpoint: RunCheckpoint | null = null;

  private worker!: Worker;
  private startedAt = 0;
  private lastHeard: number | null = null;
  /** The largest control step measured, for predicting a settings change's (controls/stepCost.ts). */
  private readonly stepMeter = new StepCostMeter();
  /** The slow-settings warning standing in the notices (its id), replaced by the next one. */
  private stepCostNotice: number | null = null;
  /** When the last watch tick ran, and when the page's thread last came back from a stall (engineWatch.ts). */
  private lastTick = performance.now();
  private listeningSince = 0;
  private busy: WatchInput['busy'] = null;
  /** What the worker's life lock says (engineWatch.ts). */
  private life: WatchInput['life'] = 'unknown';
  private disposed = false;
  /** The engine refused init: the next settings go out as init again. */
  private initFailed = false;
  private readonly watch: ReturnType<typeof setInterval>;
  private frame: EngineFrame | null = null;
  private sceneFrame: SceneFrame | null = null;
  private inspectFrame: SceneFrame | null = null;
  /** Commands sent whose `settings` (or `error`) answer has not come yet, oldest first. */
  private readonly awaitingSettings: SettingsCommand[] = [];
  /** The settings the engine last reported in force. */
  private engineSettings: LabSettings;
  /** When each run file sent with importRun or restoreRun was sent, oldest first, until the engine answers. */
  private readonly importing: number[] = [];
  /** The Q source a loadWeights or resetQ on its way puts in force when the engine confirms it (with a notice). */
  private pendingQ: QSource | null = null;
  /** Counts run files sent (import, restore): a pretrained fetch that began before one is dropped when it ends. */
  private runsSent = 0;
  /** The next restoreRun brings back this tab's own Q (a restarted engine), so the Q source stays. */
  private restoringOwnQ = false;
  private readonly book = new SeriesBook();
  /** The name of the run file last sent with importRun (its refusal names it). */
  private importName: string | null = null;
  private pendingEpisodes: LabeledEpisode[] = [];
  private pendingProgress: TrainingProgress | null = null;
  private readonly summaries = new Throttle(SUMMARY_EVERY_MS, () => this.publish());
  private lastValueMapMs = -Infinity;
  private valueMapDirty = true;
  private fps: () => number = () => 0;
  /** Key points the scene draws at most per frame (null: all the frame carries). */
  private drawLimit: number | null = null;

  constructor(
    private readonly store: LabStore,
    private readonly wasmPath: string,
    private readonly spawn: WorkerFactory = spawnEngineWorker,
    private readonly fetchWeights: WeightsFetcher = fetchPublishedWeights,
  ) {
    this.engineSettings = store.getState().settings;
    this.start();
    this.watch = setInterval(() => this.check(), WATCH_EVERY_MS);
  }

  /** A fresh worker, initialised with the store's settings. */
  private start(): void {
    const worker = this.spawn();
    this.worker = worker;
    this.workersStarted++;
    this.startedAt = performance.now();
    this.lastHeard = null;
    this.busy = null;
    this.life = 'unknown';
    worker.onmessage = (ev: MessageEvent<EngineEvent>) => {
      if (worker === this.worker) this.receive(ev.data);
    };
    worker.onerror = (ev) => {
      if (worker === this.worker)
        pushMessage(this.store, 'errors', `The engine's worker failed: ${ev.message || 'it could not be loaded'}`);
    };
    worker.onmessageerror = () => pushMessage(this.store, 'errors', 'A message from the engine could not be read.');
    const settings = this.store.getState().settings;
    this.engineSettings = settings;
    this.initFailed = false;
    this.send({ type: 'init', settings, wasmPath: this.wasmPath });
  }

  private watchInput(): WatchInput {
    return {
      now: performance.now(),
      startedAt: this.startedAt,
      lastHeard: this.lastHeard,
      busy: this.busy,
      reading: this.importing[0] ?? null,
      listeningSince: this.listeningSince,
      life: this.life,
    };
  }

  /** Waits on the worker's life lock: the browser grants it to the page when the worker ends (engineWatch.ts). */
  private watchLife(lifeLock: string): void {
    const worker = this.worker;
    const locks = typeof navigator === 'undefined' ? undefined : navigator.locks;
    if (!locks || this.life !== 'unknown') return;
    this.life = 'held';
    void locks
      .request(lifeLock, () => {
        if (worker !== this.worker || this.disposed) return;
        this.life = 'ended';
        this.check();
      })
      .catch(() => undefined);
  }

  /** Publishes the engine's health when it changed (a busy unit's clock every check). */
  private check(): void {
    const now = performance.now();
    if (now - this.lastTick > STALL_MS) this.listeningSince = now;
    this.lastTick = now;
    const health = healthOf(this.watchInput());
    const old = this.store.getState().health;
    if (health.state === old.state && health.state !== 'busy') return;
    if (health.state === 'dead' && old.state !== 'dead')
      pushMessage(this.store, 'errors', `The engine stopped: ${health.message}. Restart it to go on.`);
    this.store.setState({ health });
  }

  /**
   * Ends the worker and starts a new one with the store's settings and the last
   * checkpoint (when it belongs to the same task and agent); the engine comes
   * back paused. `why` goes into the notice.
   */
  restart(why: string): void {
    this.worker.terminate();
    this.awaitingSettings.length = 0;
    this.importing.length = 0;
    this.pendingQ = null;
    this.frame = null;
    this.sceneFrame = null;
    this.pendingProgress = null;
    const training = this.store.getState().progress;
    this.store.setState({
      health: { state: 'ok' },
      status: { ...this.store.getState().status, running: false, training: false },
      progress: training?.running ? { ...training, running: false, etaSec: null } : training,
    });
    this.start();
    const cp = this.lastCheckpoint;
    const settings = this.store.getState().settings;
    let restored = 'no run had been saved yet, so the Q-network starts fresh';
    if (cp && cp.settings.task === settings.task && cp.settings.agent === settings.agent) {
      this.restoringOwnQ = true;
      this.restoreRun(cp);
      // The settings chosen since the checkpoint stay in force.
      this.send({ type: 'configure', settings });
      restored = `the run saved at its last ${cp.reason === 'episode' ? 'episode end' : cp.reason} is back (${cp.curves.count} episodes)`;
    } else if (usesQ(settings.agent) && this.store.getState().q !== 'none') {
      // The new worker's Q is the seed's untrained one: the page must not keep naming the Q it had.
      const had = this.store.getState().q;
      this.store.setState({ q: 'none' });
      if (had === 'pretrained') {
        restored = 'no run had been saved yet, so the published Q is loaded again';
        void this.loadPretrained();
      } else restored = `no run had been saved yet, so the ${had} Q is lost and the Q-network starts untrained`;
    }
    pushMessage(this.store, 'notices', `Engine restarted (${why}); ${restored}. It is paused.`);
  }

  /** Test hook: the worker closes itself without a word, as a crash would. */
  simulateCrash(): void {
    this.worker.postMessage(SIMULATE_CRASH);
  }

  /** The engine's health as the watchdog sees it now. */
  health(): EngineHealth {
    return healthOf(this.watchInput());
  }

  /** The newest frame for the scene (a new object per control step). */
  latest(): SceneFrame | null {
    return this.inspectFrame ?? this.sceneFrame;
  }

  /** What the weights panel shows: the frozen iteration's while stepping through, else the newest frame's. */
  latestWeights(): WeightsData | null {
    return weightsOf(this.store.getState().inspect, this.frame);
  }

  /** The newest frame as the engine sent it. */
  latestFrame(): EngineFrame | null {
    return this.frame;
  }

  /** The scene draws at most `points` key points a frame, its heaviest rollouts (scenes/softwareRendering.ts). */
  setDrawLimit(points: number | null): void {
    this.drawLimit = points;
  }

  /** Where the status reads the scene's frame rate from. */
  setFpsSource(fps: () => number): void {
    this.fps = fps;
  }

  play(): void {
    this.send({ type: 'play' });
  }
  pause(): void {
    this.send({ type: 'pause' });
  }
  step(): void {
    this.send({ type: 'step' });
  }
  reset(): void {
    this.send({ type: 'reset' });
  }
  /** Play when paused, pause when playing (the newest frame decides); nothing while training. */
  toggle(): void {
    if (this.frame?.training) return;
    if (this.frame?.running) this.pause();
    else this.play();
  }
  /** True while a training run owns the engine (play, step and reset are refused then). */
  get training(): boolean {
    return this.frame?.training ?? false;
  }
  train(episodes?: number): void {
    // From the first update on, the Q is no longer one a link can rebuild.
    if (usesQ(this.store.getState().settings.agent)) this.store.setState({ q: 'trained' });
    this.book.newRun();
    this.send(episodes === undefined ? { type: 'train' } : { type: 'train', episodes });
  }
  stopTraining(): void {
    this.send({ type: 'stopTraining' });
  }
  /** Loads a weights file; once the engine took it, `source` is the store's Q source and a new series starts. */
  loadWeights(file: unknown, source: QSource = 'imported'): void {
    this.valueMapDirty = true;
    this.pendingQ = source;
    this.send({ type: 'loadWeights', file });
  }

  /** Fetches the task's published weights and loads them (the episode restarts); says how it went in the store. */
  async loadPretrained(): Promise<void> {
    const task = this.store.getState().settings.task;
    const say = (kind: 'loading' | 'failed', text: string) => this.store.setState({ weightsMessage: { kind, text } });
    say('loading', `Loading weights/${task}.json …`);
    const runsBefore = this.runsSent;
    let file: unknown;
    try {
      file = await this.fetchWeights(task);
    } catch (err) {
      say('failed', `${err instanceof Error ? err.message : String(err)}; the Q-function is unchanged.`);
      return;
    }
    const now = this.store.getState().settings;
    if (now.task !== task || !usesQ(now.agent)) return; // the page moved on meanwhile
    if (this.runsSent !== runsBefore) {
      // A run imported or restored meanwhile brought its own Q: the published one must not replace it.
      this.store.setState({ weightsMessage: null });
      return;
    }
    this.loadWeights(file, 'pretrained');
  }

  /** Back to the seed's untrained Q-network (the episode restarts). */
  resetQ(): void {
    this.valueMapDirty = true;
    this.pendingQ = 'none';
    this.send({ type: 'resetQ' });
  }
  exportRun(): void {
    this.send({ type: 'exportRun' });
  }
  /**
   * Imports a run file, its JSON text as read (the engine parses and checks it:
   * a string crosses to the worker far faster than the parsed file); a refusal
   * is shown beside the run-file controls, naming `fileName` when given.
   */
  importRun(file: string, fileName?: string): void {
    this.valueMapDirty = true;
    this.importName = fileName ?? null;
    this.runsSent++;
    this.store.setState({ runFileError: null });
    this.send({ type: 'importRun', file });
  }
  /** Puts a saved run back (its settings, curves, weights and Adam state). */
  restoreRun(cp: RunCheckpoint): void {
    const file = checkpointRunFile(cp);
    this.valueMapDirty = true;
    this.runsSent++;
    this.send({ type: 'restoreRun', file, train: cp.train, updates: cp.updates });
  }
  requestValueMap(): void {
    this.lastValueMapMs = performance.now();
    this.valueMapDirty = false;
    this.send({ type: 'valueMap', resolution: VALUE_MAP_RESOLUTION });
  }
  simulateDeviceLoss(): void {
    this.send({ type: 'simulateDeviceLoss' });
  }
  /** Workers of the engine's target pool from the next training run on (0: the engine's own thread). */
  setTargetWorkers(count: number): void {
    this.send({ type: 'targetWorkers', count });
  }
  /** Step-through: show sub-step `stage` of the frozen iteration (freezing one first if none is). */
  inspect(stage: InspectStage): void {
    this.send({ type: 'inspect', stage });
  }
  inspectEnd(): void {
    this.send({ type: 'inspectEnd' });
  }

  /**
   * Puts new settings in force: the store (and so the URL) at once, the engine
   * by `configure`. `q` asks for a Q source with them (a story, a link);
   * without it a new agent starts from its default Q and the same agent on a
   * new task keeps asking for the published one.
   */
  configure(settings: LabSettings, q?: QSource): void {
    const problems = settingsProblems(settings);
    if (problems.length > 0) {
      pushMessage(this.store, 'errors', `Settings not applied: ${problems.join('; ')}`);
      return;
    }
    const st = this.store.getState();
    const old = st.settings;
    this.warnStepCost(old, settings);
    if (this.training) {
      const live = liveChangeNotice(old, settings);
      if (live) pushMessage(this.store, 'notices', live);
    }
    this.store.setState({ settings });
    // A new task or agent gets a new, untrained Q-network in the engine: a new series; a new task also new curves.
    const newQ = settings.task !== old.task || settings.agent !== old.agent;
    let wanted: QSource = 'none';
    if (newQ) {
      if (settings.task !== old.task) {
        this.book.clear();
        this.pendingEpisodes = [];
        this.store.setState({ episodes: [], series: [] });
      }
      this.book.newRun();
      wanted =
        q ??
        (settings.agent !== old.agent ? defaultQSource(settings.agent) : st.q === 'pretrained' ? 'pretrained' : 'none');
      this.store.setState({ valueMap: null, progress: null, q: 'none' });
    }
    this.valueMapDirty = true;
    // After a refused init the engine has nothing to configure: these settings start it.
    if (this.initFailed) {
      this.initFailed = false;
      this.send({ type: 'init', settings, wasmPath: this.wasmPath });
    } else this.send({ type: 'configure', settings });
    if (!usesQ(settings.agent)) return;
    if (newQ ? wanted === 'pretrained' : q === 'pretrained' && st.q !== 'pretrained') void this.loadPretrained();
    else if (!newQ && q === 'none' && st.q !== 'none') this.resetQ();
  }

  dispose(): void {
    this.disposed = true;
    clearInterval(this.watch);
    this.summaries.cancel();
    this.worker.terminate();
  }

  private send(cmd: EngineCommand): void {
    // A command that must land while a long unit of work runs ends that unit (the engine restarts without it).
    if (URGENT.includes(cmd.type) && mustCancel(this.watchInput())) {
      const what = this.busy!.work;
      this.restart(`the ${what} in progress was cancelled for ${cmd.type}`);
      if (cmd.type === 'pause' || cmd.type === 'stopTraining' || cmd.type === 'configure' || cmd.type === 'reset')
        return; // the restarted engine is paused, not training, on the store's settings, at step 0
    }
    if (SETTINGS_COMMANDS.includes(cmd.type)) this.awaitingSettings.push(cmd.type as SettingsCommand);
    if (cmd.type === 'importRun' || cmd.type === 'restoreRun') this.importing.push(performance.now());
    this.worker.postMessage(cmd);
  }

  /**
   * The engine answers init, configure and importRun in order. An answer to a
   * configure while a newer configure is still on its way is stale (the
   * controls must not jump back while a slider moves); every other answer is
   * what is in force, so the store takes it (an imported run's settings).
   */
  private onSettings(settings: LabSettings): void {
    const answered = this.awaitingSettings.shift();
    this.engineSettings = settings;
    if (answered === 'importRun' || answered === 'restoreRun') {
      // The engine took the file; its curves come with the checkpoint that follows, labelled with this Q source.
      this.importing.shift();
      const own = answered === 'restoreRun' && this.restoringOwnQ;
      this.restoringOwnQ = false;
      const q: QSource = !usesQ(settings.agent)
        ? 'none'
        : own
          ? this.store.getState().q
          : answered === 'importRun'
            ? 'imported'
            : 'trained';
      this.pendingEpisodes = [];
      this.book.clear();
      this.book.newRun();
      this.store.setState({ episodes: [], series: this.book.series, progress: null, valueMap: null, q });
    }
    const stale = answered !== 'importRun' && answered !== 'restoreRun' && this.awaitingSettings.includes('configure');
    const st = this.store.getState();
    if (stale || settingsKey(settings) === settingsKey(st.settings)) return;
    this.store.setState({ settings, ...(settings.task !== st.settings.task ? { valueMap: null } : {}) });
    this.valueMapDirty = true;
  }

  /** A refused init, configure or importRun: the store goes back to what the engine has in force (unless newer settings are on their way). */
  private onRefused(command: string): void {
    if (command === 'importRun' || command === 'restoreRun') this.importing.shift();
    if (command === 'restoreRun') this.restoringOwnQ = false;
    if (command === 'loadWeights' || command === 'resetQ') this.pendingQ = null;
    if (command === 'init') this.initFailed = true;
    const i = this.awaitingSettings.indexOf(command as SettingsCommand);
    if (i < 0) return;
    this.awaitingSettings.splice(i, 1);
    if (command === 'configure' && !this.awaitingSettings.includes('configure'))
      this.store.setState({ settings: this.engineSettings });
  }

  private receive(ev: EngineEvent): void {
    this.lastHeard = performance.now();
    if (ev.type !== 'busy' && this.busy) this.busy = null;
    switch (ev.type) {
      case 'alive':
        if (ev.lifeLock) this.watchLife(ev.lifeLock);
        break;
      case 'busy':
        this.busy = { work: ev.work as BusyWork, predictedMs: ev.predictedMs, at: this.lastHeard };
        break;
      case 'checkpoint':
        // After an import or a restore the engine's curves (checked there) are the plots' episodes.
        if (ev.checkpoint.reason === 'import' || ev.checkpoint.reason === 'restore') this.takeCurves(ev.checkpoint);
        this.lastCheckpoint = ev.checkpoint;
        this.onCheckpoint?.(ev.checkpoint);
        break;
      case 'frame':
        this.onFrame(ev.frame);
        break;
      case 'episode':
        this.pendingEpisodes.push({
          ...ev.episode,
          series: this.book.assign(this.engineSettings, this.store.getState().q, ev.episode.phase),
        });
        this.valueMapDirty = true;
        this.schedule(false);
        break;
      case 'training':
        this.pendingProgress = ev.progress;
        this.schedule(!ev.progress.running);
        break;
      case 'backend':
        this.store.setState({ backend: ev.report });
        break;
      case 'valueMap':
        this.store.setState({ valueMap: ev.map });
        break;
      case 'inspect':
        this.onInspect(ev.view);
        break;
      case 'run':
        this.onRunFile?.(ev.file);
        break;
      case 'settings':
        this.onSettings(ev.settings);
        break;
      case 'notice':
        if (this.pendingQ !== null) {
          // The new Q is in force and the episode restarted: the earlier curve stays as its own series.
          const q = this.pendingQ;
          this.pendingQ = null;
          this.book.newRun();
          this.store.setState({
            q,
            valueMap: null,
            weightsMessage: {
              kind: 'done',
              text:
                q === 'pretrained'
                  ? `Pretrained Q loaded (weights/${this.engineSettings.task}.json); the episode started again.`
                  : q === 'none'
                    ? 'Untrained Q: the network as initialised from the seed; the episode started again.'
                    : 'Q-weights loaded; the episode started again.',
            },
          });
          break;
        }
        pushMessage(this.store, 'notices', ev.message);
        break;
      case 'error':
        if (ev.command) this.onRefused(ev.command);
        if (ev.command === 'init')
          pushMessage(
            this.store,
            'errors',
            `The engine could not start: ${ev.message}. Choose another backend (cpu always works) to start it.`,
          );
        else if (ev.command === 'importRun')
          this.store.setState({ runFileError: this.importName ? `${this.importName}: ${ev.message}` : ev.message });
        else if (ev.command === 'restoreRun')
          this.store.setState({ runFileError: `saved run not restored: ${ev.message}` });
        else pushMessage(this.store, 'errors', ev.command ? `${ev.command}: ${ev.message}` : ev.message);
        break;
      default:
        ev satisfies never;
    }
  }

  /** Learns the cost of a control step from the frame's planning time (controls/stepCost.ts). */
  private observeStepCost(f: EngineFrame): void {
    const planner = this.store.getState().backend?.planner;
    const s = this.engineSettings;
    if (planner && f.task === s.task && f.samples === s.samples && f.horizon === s.horizon)
      this.stepMeter.observe(s, planner, f.planMs);
  }

  /** The measured cost of a control step, when it belongs to the settings in force (else null). */
  stepCost(): MeasuredStepCost | null {
    const c = this.stepMeter.measured;
    const s = this.engineSettings;
    const planner = this.store.getState().backend?.planner;
    return c && c.task === s.task && c.agent === s.agent && c.planner === planner ? c : null;
  }

  /** Warns of settings whose control step is predicted to be slow; a newer warning replaces the one standing. */
  private warnStepCost(old: LabSettings, next: LabSettings): void {
    const warning = stepCostWarning(old, next, this.stepCost());
    if (!warning) return;
    if (this.stepCostNotice !== null) dismissMessage(this.store, 'notices', this.stepCostNotice);
    pushMessage(this.store, 'notices', warning);
    this.stepCostNotice = this.store.getState().notices.at(-1)?.id ?? null;
  }

  /** Step-through: the scene shows the frozen iteration's sub-step until it ends. */
  private onInspect(view: InspectView | null): void {
    this.store.setState({ inspect: view });
    this.inspectFrame = view && this.frame ? inspectSceneFrame(view, this.frame) : null;
  }

  private onFrame(f: EngineFrame): void {
    this.frame = f;
    this.framesReceived++;
    this.observeStepCost(f);
    const scene: SceneFrame = {
      taskId: f.task,
      state: f.state,
      params: f.params,
      paths: f.paths,
      weights: f.weights,
      plan: f.plan,
      samples: f.drawn,
      totalSamples: f.samples,
      horizon: f.horizon,
    };
    this.sceneFrame =
      this.drawLimit === null ? scene : heaviestRollouts(scene, rolloutsWithin(this.drawLimit, f.horizon));
    const s = this.store.getState().status;
    // Start, stop and single steps show at once; a playing run a few times a second.
    this.schedule(!f.running || f.running !== s.running || f.training !== s.training);
  }

  private schedule(urgent: boolean): void {
    this.summaries.request(urgent);
  }

  /** Only through `summaries`, which keeps the pace. */
  private publish(): void {
    const st = this.store.getState();
    const patch: Partial<{ -readonly [K in keyof typeof st]: (typeof st)[K] }> = { fps: this.fps() };
    const f = this.frame;
    if (f) {
      patch.status = {
        controlSteps: f.controlSteps,
        episode: f.episode,
        episodeStep: f.episodeStep,
        running: f.running,
        training: f.training,
        rateHz: f.rateHz,
        planMs: f.planMs,
        samples: f.samples,
        drawn: this.sceneFrame?.samples ?? f.drawn,
        heaviestOnly: (this.sceneFrame?.samples ?? f.drawn) < f.drawn,
        cost: f.cost,
        freeEnergy: f.freeEnergy,
      };
    }
    if (this.pendingEpisodes.length > 0) {
      patch.episodes = [...st.episodes, ...this.pendingEpisodes];
      patch.series = this.book.series;
      this.pendingEpisodes = [];
    }
    if (this.pendingProgress) {
      patch.progress = this.pendingProgress;
      this.pendingProgress = null;
    }
    this.store.setState(patch);
    this.maybeRequestValueMap();
  }

  /** An imported or restored run's curves (checked by the engine) become the plots' episodes, one series. */
  private takeCurves(cp: RunCheckpoint): void {
    const q = this.store.getState().q;
    this.book.clear();
    const episodes: LabeledEpisode[] = unpackCurves(cp.curves).map((ev: EpisodeEvent) => ({
      ...ev,
      series: this.book.assign(this.engineSettings, q, ev.phase),
    }));
    this.book.newRun();
    this.store.setState({ episodes, series: this.book.series });
  }

  /** The pendulum's value map follows learning, at most once a second. */
  private maybeRequestValueMap(): void {
    const s = this.store.getState().settings;
    if (s.task !== 'pendulum' || s.agent === 'mppi' || !this.valueMapDirty) return;
    if (performance.now() - this.lastValueMapMs < VALUE_MAP_EVERY_MS) return;
    this.requestValueMap();
  }
}
