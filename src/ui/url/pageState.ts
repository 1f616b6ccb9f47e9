/**
 * The page's own URL keys, beside the engine's settings (urlState.ts):
 *
 * - `view=lab|lecture`: the desk layout or the one-screen lecture view;
 * - `q=pretrained|none|trained|imported`: where the Q-function came from.
 *   `pretrained` (the published weights/<task>.json) and `none` (the seed's
 *   untrained network) can be rebuilt by whoever opens the link; `trained` and
 *   `imported` say the Q was learnt or imported in the tab that made the link,
 *   which a link cannot carry, so such a link starts from an untrained Q and
 *   says so;
 * - `story=<id>`: the lecture story the settings came from;
 * - `on=cpu|webgpu`: where the planner ran in the tab that made the link, so
 *   a tab that runs it elsewhere can say its episode may differ.
 *
 * `parseLink` reads a whole link: these keys here, the rest through
 * parseSettings; bad values are replaced by their defaults with a notice, as
 * there.
 */
import type { AgentKind } from '../../core/config';
import { usesQ } from '../../core/config';
import { STORY_IDS } from '../lecture/stories';
import { pageDefaultSettings } from '../pageDefaults';
import { parseSettings, type ParsedUrl, type UrlNotice } from './urlState';

export type PageView = 'lab' | 'lecture';
export const PAGE_VIEWS: readonly PageView[] = ['lab', 'lecture'];

export type QSource = 'pretrained' | 'none' | 'trained' | 'imported';
export const Q_SOURCES: readonly QSource[] = ['pretrained', 'none', 'trained', 'imported'];

export type PlannerPlace = 'cpu' | 'webgpu';
export const PLANNER_PLACES: readonly PlannerPlace[] = ['cpu', 'webgpu'];

/** The page keys of a link. */
export interface PageState {
  readonly view: PageView;
  readonly q: QSource;
  readonly story: string | null;
  /** Where the planner ran in the tab that made the link (null: not said). */
  readonly madeOn: PlannerPlace | null;
}

/** The Q-function a page starts with for an agent: MPQ the published one, SoftQ (and plain MPPI, which has none) none. */
export function defaultQSource(agent: AgentKind): QSource {
  return agent === 'mpq' ? 'pretrained' : 'none';
}

/** What the Q source means, in a few words for the page. */
export function qSourceText(q: QSource, agent: AgentKind): string {
  if (!usesQ(agent)) return 'no Q-function (plain MPPI)';
  switch (q) {
    case 'pretrained':
      return 'pretrained Q (the published weights)';
    case 'none':
      return 'untrained Q (as initialised from the seed)';
    case 'trained':
      return 'Q trained in this tab';
    case 'imported':
      return 'Q from an imported run file';
  }
}

const KEYS = ['view', 'q', 'story', 'on'] as const;

/** parseSettings starts from the paper's settings; where the page starts elsewhere (pageDefaults.ts) and the link is silent, the page's. */
function withPageDefaults(parsed: ParsedUrl, given: URLSearchParams): ParsedUrl {
  const s = parsed.settings;
  if (given.has('iters')) return parsed;
  return { ...parsed, settings: { ...s, iterations: pageDefaultSettings(s.task, s.agent).iterations } };
}

/** A whole link read: the engine's settings and paper mode's seed count (urlState.ts), the page keys, every notice. */
export interface ParsedLink extends ParsedUrl {
  readonly page: PageState;
}

/** Reads a query ('?a=b&…' or 'a=b&…'): the page keys here, the rest through parseSettings. Never throws. */
export function parseLink(search: string): ParsedLink {
  const given = new Map<string, string>();
  const rest = new URLSearchParams();
  for (const [k, v] of new URLSearchParams(search)) {
    if ((KEYS as readonly string[]).includes(k)) given.set(k, v);
    else rest.append(k, v);
  }
  const parsed = withPageDefaults(parseSettings(rest.toString()), rest);
  const agent = parsed.settings.agent;
  const notices: UrlNotice[] = [...parsed.notices];
  const oneOf = <T extends string>(key: string, allowed: readonly T[], fallback: T): T => {
    const v = given.get(key);
    if (v === undefined) return fallback;
    if ((allowed as readonly string[]).includes(v)) return v as T;
    notices.push({ key, value: v, allowed: `one of ${allowed.join(' | ')}; ${fallback} is used` });
    return fallback;
  };
  const view = oneOf('view', PAGE_VIEWS, 'lab');
  let q = oneOf('q', Q_SOURCES, defaultQSource(agent));
  if (q === 'trained' || q === 'imported') {
    notices.push({
      key: 'q',
      value: q,
      allowed: `the link's Q-function was ${q} in the tab that made it and is not in the link; an untrained Q is used (a run file carries a trained Q)`,
    });
    q = 'none';
  }
  if (!usesQ(agent)) q = 'none';
  let story = given.get('story') ?? null;
  if (story !== null && !STORY_IDS.includes(story)) {
    notices.push({ key: 'story', value: story, allowed: `one of ${STORY_IDS.join(' | ')}; no story is shown` });
    story = null;
  }
  const madeOn = given.has('on') ? oneOf('on', PLANNER_PLACES, 'cpu') : null;
  return { ...parsed, page: { view, q, story, madeOn }, notices };
}

/** The page keys as a query fragment (no '?'); `on` is where the planner runs in this tab, when known. */
export function encodePageState(page: PageState): string {
  const q = new URLSearchParams();
  q.set('view', page.view);
  q.set('q', page.q);
  if (page.story !== null) q.set('story', page.story);
  if (page.madeOn !== null) q.set('on', page.madeOn);
  return q.toString();
}
