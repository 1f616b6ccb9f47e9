/**
 * The page's zustand store: the settings, paper mode's seed count and the
 * page's own link keys (view, Q source, story; all mirrored into the URL) and
 * the slow
 * summaries the controls show (status a few times a second, episodes, training
 * progress, backend, value map, notices, errors). Frame-rate data never passes
 * through here: the scene reads the engine client's newest frame directly.
 */
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { InspectView } from '../compute/engine/inspect';
import type { BackendReport, TrainingProgress, ValueMap } from '../compute/engine/protocol';
import type { LabSettings } from '../compute/engine/settings';
import type { EngineHealth } from './engineWatch';
import type { LabeledEpisode, SeriesInfo } from './plots/seriesBook';
import type { PageState, PageView, PlannerPlace, QSource } from './url/pageState';
import type { UrlNotice } from './url/urlState';

/** What the status bar shows of the newest frame (published at most 5 times a second). */
export interface StatusSummary {
  readonly controlSteps: number;
  readonly episode: number;
  readonly episodeStep: number;
  readonly running: boolean;
  readonly training: boolean;
  readonly rateHz: number;
  readonly planMs: number;
  /** N, and the rollouts of it the frame carried (drawBudget.ts). */
  readonly samples: number;
  readonly drawn: number;
  /** The scene draws only the heaviest `drawn` (software rendering: scenes/softwareRendering.ts). */
  readonly heaviestOnly: boolean;
  readonly cost: number;
  readonly freeEnergy: number;
}

/** What became of a request for a Q-function. */
export interface WeightsMessage {
  readonly kind: 'loading' | 'done' | 'failed';
  readonly text: string;
}

/** A message for the user with an id, so it can be dismissed. */
export interface Message {
  readonly id: number;
  readonly text: string;
}

export interface LabState {
  readonly settings: LabSettings;
  /** Paper mode's seed count (1–3), in the URL as `paperSeeds`. */
  readonly paperSeeds: number;
  /** The desk layout or the one-screen lecture view (`view` in the URL). */
  readonly view: PageView;
  /** Where the Q-function came from (`q` in the URL). */
  readonly q: QSource;
  /** The lecture story the settings came from (`story` in the URL), or null. */
  readonly story: string | null;
  /** Where the planner ran in the tab that made the link this page opened (null: the link did not say). */
  readonly linkMadeOn: PlannerPlace | null;
  /** URL values that were not used (cleared by the banner's dismiss button). */
  readonly urlNotices: readonly UrlNotice[];
  readonly backend: BackendReport | null;
  readonly status: StatusSummary;
  /** Finished episodes in order (play and training), each with its series. */
  readonly episodes: readonly LabeledEpisode[];
  /** The plots' labelled series, oldest first. */
  readonly series: readonly SeriesInfo[];
  readonly progress: TrainingProgress | null;
  readonly valueMap: ValueMap | null;
  /** The engine's notices (e.g. a fallback to the CPU planner). */
  readonly notices: readonly Message[];
  /** Refused commands and failures, newest last. */
  readonly errors: readonly Message[];
  /** Frames per second the scene draws (updated with the status). */
  readonly fps: number;
  /** Last run-file import problem, shown beside the run-file controls. */
  readonly runFileError: string | null;
  /** Outcome of the last request for a Q-function (loading, loaded, failed). */
  readonly weightsMessage: WeightsMessage | null;
  /** Whether the engine's worker answers (engineWatch.ts). */
  readonly health: EngineHealth;
  /** Step-through of one MPPI iteration: the frozen iteration at its sub-step, null when not stepping through. */
  readonly inspect: InspectView | null;
}

export const IDLE_STATUS: StatusSummary = {
  controlSteps: 0,
  episode: 0,
  episodeStep: 0,
  running: false,
  training: false,
  rateHz: 0,
  planMs: 0,
  samples: 0,
  drawn: 0,
  heaviestOnly: false,
  cost: 0,
  freeEnergy: 0,
};

/** Keep this many notices and errors on screen. */
const KEEP_MESSAGES = 5;

export type LabStore = StoreApi<LabState>;

/** The page keys of a store made without a link: the lab view, an untrained Q, no story. */
const NO_PAGE: PageState = { view: 'lab', q: 'none', story: null, madeOn: null };

export function createLabStore(
  settings: LabSettings,
  urlNotices: readonly UrlNotice[],
  paperSeeds = 1,
  page: PageState = NO_PAGE,
): LabStore {
  return createStore<LabState>(() => ({
    settings,
    paperSeeds,
    view: page.view,
    q: settings.agent === 'mppi' ? 'none' : page.q,
    story: page.story,
    linkMadeOn: page.madeOn,
    urlNotices,
    backend: null,
    status: IDLE_STATUS,
    episodes: [],
    series: [],
    progress: null,
    valueMap: null,
    notices: [],
    errors: [],
    fps: 0,
    runFileError: null,
    weightsMessage: null,
    health: { state: 'ok' },
    inspect: null,
  }));
}

let nextMessageId = 1;

/** Appends a message to `notices` or `errors`, dropping the oldest beyond the last few. */
export function pushMessage(store: LabStore, list: 'notices' | 'errors', text: string): void {
  const old = store.getState()[list];
  store.setState({ [list]: [...old, { id: nextMessageId++, text }].slice(-KEEP_MESSAGES) });
}

export function dismissMessage(store: LabStore, list: 'notices' | 'errors', id: number): void {
  store.setState({ [list]: store.getState()[list].filter((m) => m.id !== id) });
}

/** The parts of the state a link holds (a change to any of them rewrites the address). */
const LINKED: readonly (keyof LabState)[] = ['settings', 'paperSeeds', 'view', 'q', 'story', 'backend'];

/**
 * Writes the link's parts of the state (settings, paper mode's seed count, the
 * page keys, where the planner runs) into the address bar (history.replaceState,
 * no reload, path and hash kept) whenever they change, at most every `everyMs`
 * (browsers throttle replaceState when a slider drags). Returns the unsubscribe.
 */
export function mirrorSettingsToUrl(store: LabStore, encode: (state: LabState) => string, everyMs = 150): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const write = () => {
    timer = undefined;
    const query = `?${encode(store.getState())}`;
    if (window.location.search !== query)
      window.history.replaceState(
        window.history.state,
        '',
        `${window.location.pathname}${query}${window.location.hash}`,
      );
  };
  write();
  const unsubscribe = store.subscribe((s, prev) => {
    if (LINKED.some((k) => s[k] !== prev[k]) && timer === undefined) timer = setTimeout(write, everyMs);
  });
  return () => {
    unsubscribe();
    if (timer !== undefined) clearTimeout(timer);
  };
}
