/**
 * The page's side of the lab engine's worker: sends typed commands, keeps the
 * newest frame in a plain field for the scene's render loop (never React
 * state), and publishes slow summaries (status, episodes, training progress,
 * backend, value map, notices, errors) into the store at most 5 times a second.
 */
import type {
  EngineCommand,
  EngineEvent,
  EngineFrame,
  EpisodeEvent,
  TrainingProgress,
} from '../compute/engine/protocol';
import type { InspectStage, InspectView } from '../compute/engine/inspect';
import type { RunFile } from '../compute/engine/runFile';
import { inspectSceneFrame, weightsOf, type WeightsData } from './lecture/inspectFrame';
import { settingsProblems, type LabSettings } from '../compute/engine/settings';
import type { FrameSource, SceneFrame } from './scenes/types';
import { pushMessage, type LabStore } from './store';
import { Throttle } from './throttle';

/** Status, episodes and progress reach React at most this often. */
const SUMMARY_EVERY_MS = 200;
/** Value-map resolution (cells per side) and how often it is refreshed while training. */
const VALUE_MAP_RESOLUTION = 41;
const VALUE_MAP_EVERY_MS = 1000;

/** Where the worker script lives; a function so tests and other pages can point elsewhere. */
export type WorkerFactory = () => Worker;

export const spawnEngineWorker: WorkerFactory = () =>
  new Worker(new URL('../compute/engine/worker.ts', import.meta.url), { type: 'module', name: 'mpq-engine' });

/** The settings as text with the keys in a fixed order, to compare records built in different places. */
const settingsKey = (s: LabSettings): string => JSON.stringify(s, Object.keys(s).sort());

/** Commands the engine answers with one `settings` event (or one `error` naming the command). */
type SettingsCommand = 'init' | 'configure' | 'importRun';
const SETTINGS_COMMANDS: readonly string[] = ['init', 'configure', 'importRun'] satisfies SettingsCommand[];

export class EngineClient implements FrameSource {
  /** Frames received since the page started. */
  framesReceived = 0;
  /** Called with the run file after `exportRun`. */
  onRunFile: ((file: unknown) => void) | null = null;

  private readonly worker: Worker;
  private frame: EngineFrame | null = null;
  private sceneFrame: SceneFrame | null = null;
  private inspectFrame: SceneFrame | null = null;
  /** Commands sent whose `settings` (or `error`) answer has not come yet, oldest first. */
  private readonly awaitingSettings: SettingsCommand[] = [];
  /** The settings the engine last reported in force. */
  private engineSettings: LabSettings;
  /** Run files sent with importRun, oldest first, until the engine answers. */
  private readonly importing: unknown[] = [];
  /** A loadWeights is on its way (its success is a notice; the curves then start again). */
  private loadingWeights = false;
  private pendingEpisodes: EpisodeEvent[] = [];
  private pendingProgress: TrainingProgress | null = null;
  private readonly summaries = new Throttle(SUMMARY_EVERY_MS, () => this.publish());
  private lastValueMapMs = -Infinity;
  private valueMapDirty = true;
  private fps: () => number = () => 0;

  constructor(
    private readonly store: LabStore,
    wasmPath: string,
    spawn: WorkerFactory = spawnEngineWorker,
  ) {
    this.worker = spawn();
    this.worker.onmessage = (ev: MessageEvent<EngineEvent>) => this.receive(ev.data);
    this.worker.onerror = (ev) =>
      pushMessage(store, 'errors', `The engine's worker failed: ${ev.message || 'it could not be loaded'}`);
    this.worker.onmessageerror = () => pushMessage(store, 'errors', 'A message from the engine could not be read.');
    const settings = store.getState().settings;
    this.engineSettings = settings;
    this.send({ type: 'init', settings, wasmPath });
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
    this.send(episodes === undefined ? { type: 'train' } : { type: 'train', episodes });
  }
  stopTraining(): void {
    this.send({ type: 'stopTraining' });
  }
  loadWeights(file: unknown): void {
    this.valueMapDirty = true;
    this.loadingWeights = true;
    this.send({ type: 'loadWeights', file });
  }
  exportRun(): void {
    this.send({ type: 'exportRun' });
  }
  importRun(file: unknown): void {
    this.valueMapDirty = true;
    this.store.setState({ runFileError: null });
    this.importing.push(file);
    this.send({ type: 'importRun', file });
  }
  requestValueMap(): void {
    this.lastValueMapMs = performance.now();
    this.valueMapDirty = false;
    this.send({ type: 'valueMap', resolution: VALUE_MAP_RESOLUTION });
  }
  simulateDeviceLoss(): void {
    this.send({ type: 'simulateDeviceLoss' });
  }
  /** Step-through: show sub-step `stage` of the frozen iteration (freezing one first if none is). */
  inspect(stage: InspectStage): void {
    this.send({ type: 'inspect', stage });
  }
  inspectEnd(): void {
    this.send({ type: 'inspectEnd' });
  }

  /** Puts new settings in force: the store (and so the URL) at once, the engine by `configure`. */
  configure(settings: LabSettings): void {
    const problems = settingsProblems(settings);
    if (problems.length > 0) {
      pushMessage(this.store, 'errors', `Settings not applied: ${problems.join('; ')}`);
      return;
    }
    const old = this.store.getState().settings;
    this.store.setState({ settings });
    // A new task or agent gets a new Q-network in the engine, and its curves start again.
    if (settings.task !== old.task || settings.agent !== old.agent)
      this.store.setState({ valueMap: null, episodes: [], progress: null });
    this.valueMapDirty = true;
    this.send({ type: 'configure', settings });
  }

  dispose(): void {
    this.summaries.cancel();
    this.worker.terminate();
  }

  private send(cmd: EngineCommand): void {
    if (SETTINGS_COMMANDS.includes(cmd.type)) this.awaitingSettings.push(cmd.type as SettingsCommand);
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
    if (answered === 'importRun') {
      // The engine took the file, so its curves (checked there) are the plots' episodes now.
      const curves = (this.importing.shift() as Partial<RunFile> | undefined)?.curves;
      this.pendingEpisodes = [];
      this.store.setState({ episodes: Array.isArray(curves) ? curves : [], progress: null, valueMap: null });
    }
    const stale = answered !== 'importRun' && this.awaitingSettings.includes('configure');
    const st = this.store.getState();
    if (stale || settingsKey(settings) === settingsKey(st.settings)) return;
    this.store.setState({ settings, ...(settings.task !== st.settings.task ? { valueMap: null } : {}) });
    this.valueMapDirty = true;
  }

  /** A refused init, configure or importRun: the store goes back to what the engine has in force (unless newer settings are on their way). */
  private onRefused(command: string): void {
    if (command === 'importRun') this.importing.shift();
    if (command === 'loadWeights') this.loadingWeights = false;
    const i = this.awaitingSettings.indexOf(command as SettingsCommand);
    if (i < 0) return;
    this.awaitingSettings.splice(i, 1);
    if (command === 'configure' && !this.awaitingSettings.includes('configure'))
      this.store.setState({ settings: this.engineSettings });
  }

  private receive(ev: EngineEvent): void {
    switch (ev.type) {
      case 'frame':
        this.onFrame(ev.frame);
        break;
      case 'episode':
        this.pendingEpisodes.push(ev.episode);
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
        if (this.loadingWeights) {
          this.loadingWeights = false;
          this.pendingEpisodes = [];
          this.store.setState({ episodes: [], valueMap: null });
        }
        pushMessage(this.store, 'notices', ev.message);
        break;
      case 'error':
        if (ev.command) this.onRefused(ev.command);
        if (ev.command === 'importRun') this.store.setState({ runFileError: ev.message });
        else pushMessage(this.store, 'errors', ev.command ? `${ev.command}: ${ev.message}` : ev.message);
        break;
      default:
        ev satisfies never;
    }
  }

  /** Step-through: the scene shows the frozen iteration's sub-step until it ends. */
  private onInspect(view: InspectView | null): void {
    this.store.setState({ inspect: view });
    this.inspectFrame = view && this.frame ? inspectSceneFrame(view, this.frame) : null;
  }

  private onFrame(f: EngineFrame): void {
    this.frame = f;
    this.framesReceived++;
    this.sceneFrame = {
      taskId: f.task,
      state: f.state,
      params: f.params,
      paths: f.paths,
      weights: f.weights,
      plan: f.plan,
      samples: f.samples,
      horizon: f.horizon,
    };
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
        cost: f.cost,
        freeEnergy: f.freeEnergy,
      };
    }
    if (this.pendingEpisodes.length > 0) {
      patch.episodes = [...st.episodes, ...this.pendingEpisodes];
      this.pendingEpisodes = [];
    }
    if (this.pendingProgress) {
      patch.progress = this.pendingProgress;
      this.pendingProgress = null;
    }
    this.store.setState(patch);
    this.maybeRequestValueMap();
  }

  /** The pendulum's value map follows learning, at most once a second. */
  private maybeRequestValueMap(): void {
    const s = this.store.getState().settings;
    if (s.task !== 'pendulum' || s.agent === 'mppi' || !this.valueMapDirty) return;
    if (performance.now() - this.lastValueMapMs < VALUE_MAP_EVERY_MS) return;
    this.requestValueMap();
  }
}
