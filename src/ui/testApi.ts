/**
 * A typed, read-only window API for the e2e tests (Playwright reads it with
 * page.evaluate). Frame values come from the engine client's newest frame,
 * not from the throttled store; paper mode's from its store and worker count;
 * `simulateDeviceLoss` and `setTargetWorkers` are its commands.
 */
import type { BackendReport } from '../compute/engine/protocol';
import type { LabSettings } from '../compute/engine/settings';
import type { EngineClient } from './engineClient';
import { summarize, type WeightsSummary } from './lecture/WeightsPanel';
import type { PaperRun } from './paper/paperRun';
import type { RolloutStyle } from './scenes/rolloutLines';
import type { RunKeeper } from './runs/runKeeper';
import type { LabStore } from './store';
import type { UrlNotice } from './url/urlState';

/** The newest frame in plain numbers (typed arrays copied). */
export interface FrameStats {
  readonly task: string;
  readonly controlSteps: number;
  readonly episode: number;
  readonly episodeStep: number;
  readonly state: number[];
  readonly action: number[];
  /** Running cost c(s, a) of the step, with the cost weights in force. */
  readonly cost: number;
  /** The lowest-cost sample's S_n split [running, terminal, control, S] over all N (null when nothing was planned). */
  readonly best: number[] | null;
  readonly samples: number;
  readonly horizon: number;
  /** Σ of all N MPPI weights (1 after a planning step, 0 when none were drawn). */
  readonly weightSum: number;
  /** Values in `paths`: samples × horizon × 3 after a planning step. */
  readonly pathValues: number;
  readonly rateHz: number;
}

/** One finished episode as the tests read it. */
export interface EpisodeOutcome {
  readonly series: string;
  readonly phase: string;
  readonly success: boolean;
  readonly return: number;
}

/** One paper-mode agent as the tests read it. */
export interface PaperAgentStats {
  readonly label: string;
  readonly phase: string;
  /** Finished training episodes over all its seeds, and how many the run has in all. */
  readonly done: number;
  readonly total: number;
  /** Points on its return curve (episodes reached by at least one seed). */
  readonly points: number;
  /** What its worker reported: the Q-network's tfjs backend and where the planner runs (null before the report). */
  readonly tfjs: string | null;
  readonly planner: string | null;
  readonly error: string | null;
}

/** Pixels of the scene canvas. */
export interface CanvasInk {
  /** Fraction of pixels unlike the corner (background) pixel. */
  readonly ink: number;
  /** Distinct RGB colours. */
  readonly colors: number;
  readonly width: number;
  readonly height: number;
}

export interface MpqTestApi {
  controlSteps(): number;
  running(): boolean;
  training(): boolean;
  backend(): BackendReport | null;
  settings(): LabSettings;
  frame(): FrameStats | null;
  /** Frames received from the engine. */
  framesReceived(): number;
  /** Frames the scene has drawn. */
  framesDrawn(): number;
  /** The scene's frame rate (frames per second). */
  fps(): number;
  /** Widths and colours the scene last drew the rollouts with, per rollout with its weight (null before a frame). */
  rolloutStyle(): RolloutStyle | null;
  /** Finished episodes the plots hold. */
  episodes(): number;
  /** Each finished episode: its series' label, phase, success and return, oldest first. */
  outcomes(): EpisodeOutcome[];
  /** The page's keys: view, Q source, story. */
  page(): { view: string; q: string; story: string | null };
  /** Training episodes done of the current run (null before one started). */
  trainingDone(): number | null;
  /** URL values that were not used. */
  urlNotices(): readonly UrlNotice[];
  /** The engine's notices. */
  notices(): string[];
  errors(): string[];
  /** Reads the scene canvas's pixels after the next drawn frame. */
  canvasInk(): Promise<CanvasInk>;
  /** Paper mode: 'idle', 'running', 'done' or 'stopped'. */
  paperStatus(): string;
  /** Paper-mode workers alive now. */
  paperWorkers(): number;
  /** Paper-mode workers started since the page loaded. */
  paperSpawned(): number;
  paperAgents(): PaperAgentStats[];
  /** Sends the engine's `simulateDeviceLoss` command. */
  simulateDeviceLoss(): void;
  /** Sends the engine's `targetWorkers` command: the target pool's size from the next training run on. */
  setTargetWorkers(count: number): void;
  /** The training episodes' records the plots hold, without their wall times (which no two runs share). */
  trainRecords(): Record<string, unknown>[];
  /** FNV-1a hash of the float32 Q-weights of the newest checkpoint (null before one). */
  weightsHash(): string | null;
  /** FNV-1a hash of the plots' episodes as JSON. */
  curvesHash(): string;
  /** The engine's health: 'ok', 'busy' or 'dead'. */
  health(): string;
  /** Engine workers started since the page loaded (1 + restarts). */
  workersStarted(): number;
  /** Names of the kept runs of the page's task, newest first. */
  runs(): string[];
  /** Why runs are not kept between visits (null while saving works). */
  storageProblem(): string | null;
  /** Test hook: the engine's worker closes itself without a word. */
  killWorker(): void;
  /** Resolves when every run save queued so far has been written. */
  saved(): Promise<void>;
  /** The weights panel's numbers (ESS, best and median cost split) of what it shows now. */
  weights(): WeightsSummary | null;
  /** Step-through: the frozen iteration's sub-step and numbers (null when not stepping through). */
  inspect(): InspectStats | null;
}

/** The frozen iteration as the tests read it. */
export interface InspectStats {
  readonly stage: string;
  readonly planner: string;
  readonly samples: number;
  readonly horizon: number;
  readonly lambda: number;
  readonly ess: number;
  readonly episodeStep: number;
  /** ε, all N·H·na values. */
  readonly noise: number[];
  readonly weights: number[];
  readonly costs: number[];
  /** Largest gap between the TypeScript recomputation and the planner's own weights and plan. */
  readonly plannerGap: number;
  readonly action: number[];
  readonly nextState: number[];
}

declare global {
  interface Window {
    __mpqTest?: MpqTestApi;
  }
}

export interface TestApiSources {
  client: EngineClient;
  store: LabStore;
  paper: PaperRun;
  keeper: RunKeeper;
  /** The scene canvas, once mounted. */
  canvas: () => HTMLCanvasElement | null;
  framesDrawn: () => number;
  fps: () => number;
  rolloutStyle: () => RolloutStyle | null;
}

/** Copies the WebGL canvas into a 2D canvas inside an animation frame (while its drawing buffer is still valid) and counts. */
function readInk(canvas: HTMLCanvasElement | null): Promise<CanvasInk> {
  return new Promise((resolve) => {
    requestAnimationFrame(() => {
      if (!canvas || canvas.width === 0 || canvas.height === 0)
        return resolve({ ink: 0, colors: 0, width: 0, height: 0 });
      const copy = document.createElement('canvas');
      copy.width = canvas.width;
      copy.height = canvas.height;
      const ctx = copy.getContext('2d', { willReadFrequently: true });
      if (!ctx) return resolve({ ink: 0, colors: 0, width: canvas.width, height: canvas.height });
      ctx.drawImage(canvas, 0, 0);
      const d = ctx.getImageData(0, 0, copy.width, copy.height).data;
      const colors = new Set<number>();
      let ink = 0;
      for (let i = 0; i < d.length; i += 4) {
        if (d[i] !== d[0] || d[i + 1] !== d[1] || d[i + 2] !== d[2]) ink++;
        colors.add((d[i] << 16) | (d[i + 1] << 8) | d[i + 2]);
      }
      resolve({ ink: ink / (d.length / 4), colors: colors.size, width: copy.width, height: copy.height });
    });
  });
}

/** FNV-1a (32-bit) over bytes, as 8 hex digits. */
function fnv1a(bytes: Uint8Array): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < bytes.length; i++) h = Math.imul(h ^ bytes[i], 0x01000193) >>> 0;
  return h.toString(16).padStart(8, '0');
}

export function installTestApi(src: TestApiSources): void {
  const { client, store } = src;
  window.__mpqTest = Object.freeze<MpqTestApi>({
    controlSteps: () => client.latestFrame()?.controlSteps ?? 0,
    running: () => client.latestFrame()?.running ?? false,
    training: () => client.latestFrame()?.training ?? false,
    backend: () => store.getState().backend,
    settings: () => structuredClone(store.getState().settings),
    frame: () => {
      const f = client.latestFrame();
      if (!f) return null;
      return {
        task: f.task,
        controlSteps: f.controlSteps,
        episode: f.episode,
        episodeStep: f.episodeStep,
        state: Array.from(f.state),
        action: Array.from(f.action),
        cost: f.cost,
        best: f.weightStats ? Array.from(f.weightStats.best) : null,
        samples: f.samples,
        horizon: f.horizon,
        weightSum: f.weightStats?.sum ?? 0,
        pathValues: f.paths.length,
        rateHz: f.rateHz,
      };
    },
    framesReceived: () => client.framesReceived,
    framesDrawn: src.framesDrawn,
    fps: src.fps,
    rolloutStyle: src.rolloutStyle,
    episodes: () => store.getState().episodes.length,
    outcomes: () => {
      const { episodes, series } = store.getState();
      return episodes.map((e) => ({
        series: series.find((x) => x.id === e.series)?.label ?? '',
        phase: e.phase,
        success: e.record.success,
        return: e.record.return,
      }));
    },
    page: () => {
      const { view, q, story } = store.getState();
      return { view, q, story };
    },
    trainingDone: () => store.getState().progress?.done ?? null,
    urlNotices: () => store.getState().urlNotices,
    notices: () => store.getState().notices.map((m) => m.text),
    errors: () => store.getState().errors.map((m) => m.text),
    canvasInk: () => readInk(src.canvas()),
    paperStatus: () => src.paper.store.getState().status,
    paperWorkers: () => src.paper.workers,
    paperSpawned: () => src.paper.spawned,
    paperAgents: () => {
      const p = src.paper.store.getState();
      return p.agents.map((a) => ({
        label: a.label,
        phase: a.phase,
        done: a.runs.reduce((n, r) => n + r.length, 0),
        total: p.episodes * p.seeds.length,
        points: Math.max(0, ...a.runs.map((r) => r.length)),
        tfjs: a.backend?.tfjs ?? null,
        planner: a.backend?.planner ?? null,
        error: a.error,
      }));
    },
    simulateDeviceLoss: () => client.simulateDeviceLoss(),
    setTargetWorkers: (count) => client.setTargetWorkers(count),
    trainRecords: () =>
      store
        .getState()
        .episodes.filter((e) => e.phase === 'train')
        .map(({ record: { wallMs: _w, ...rest } }) => rest),
    weightsHash: () => {
      const w = client.lastCheckpoint?.weights;
      if (!w) return null;
      const all = Float32Array.from(w.layers.flatMap((l) => [...l.kernel, ...l.bias]));
      return fnv1a(new Uint8Array(all.buffer));
    },
    curvesHash: () => fnv1a(new TextEncoder().encode(JSON.stringify(store.getState().episodes))),
    health: () => client.health().state,
    workersStarted: () => client.workersStarted,
    runs: () => {
      const task = store.getState().settings.task;
      return src.keeper.state
        .getState()
        .runs.filter((r) => r.task === task)
        .map((r) => r.name);
    },
    storageProblem: () => src.keeper.state.getState().problem,
    killWorker: () => client.simulateCrash(),
    saved: () => src.keeper.idle(),
    weights: () => {
      const d = client.latestWeights();
      return d ? summarize(d) : null;
    },
    inspect: () => {
      const v = store.getState().inspect;
      if (!v) return null;
      return {
        stage: v.stage,
        planner: v.planner,
        samples: v.samples,
        horizon: v.horizon,
        lambda: v.lambda,
        ess: v.ess,
        episodeStep: v.episodeStep,
        noise: Array.from(v.noise),
        weights: Array.from(v.weights),
        costs: Array.from(v.costs),
        plannerGap: v.plannerGap,
        action: Array.from(v.action),
        nextState: Array.from(v.nextState),
      };
    },
  });
}
