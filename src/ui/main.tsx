/**
 * Page entry: reads the link (settings, paper mode's seed count, the page's
 * own keys), starts the engine's worker (paper mode starts its own on demand),
 * mirrors all of it back into the URL, installs the keyboard shortcuts and the
 * test API, keeps runs (runs/runKeeper.ts), registers the offline service
 * worker, renders the page, loads the published Q-function when the link asks
 * for it, and starts playing.
 */
import { createRoot } from 'react-dom/client';
import { usesQ } from '../core/config';
import { App } from './App';
import { EngineClient } from './engineClient';
import { installShortcuts } from './keyboard';
import { applyStory } from './lecture/applyStory';
import { stepStory } from './lecture/stories';
import { PaperRun } from './paper/paperRun';
import { RunKeeper } from './runs/runKeeper';
import { idbRunStorage } from './runs/runStorage';
import { registerOffline } from './offline';
import { downloadJson } from './panels/download';
import type { SceneView } from './scenes/sceneView';
import { createLabStore, mirrorSettingsToUrl, pushMessage } from './store';
import { installTestApi } from './testApi';
import { encodePageState, parseLink } from './url/pageState';
import { encodeSettings } from './url/urlState';
import './styles.css';

const link = parseLink(window.location.search);
// The Q is untrained until the published one, if the link asks for it, is loaded (below).
const store = createLabStore(link.settings, link.notices, link.paperSeeds, { ...link.page, q: 'none' });
// The tfjs wasm binaries are served beside index.html (vite.config.ts), so this works under any sub-path.
const wasmPath = new URL('tfjs-wasm/', document.baseURI).href;
const client = new EngineClient(store, wasmPath);
const paper = new PaperRun(wasmPath);
mirrorSettingsToUrl(
  store,
  (st) =>
    `${encodeSettings(st.settings, st.paperSeeds)}&${encodePageState({
      view: st.view,
      q: st.q,
      story: st.story,
      madeOn: st.backend?.planner ?? st.linkMadeOn,
    })}`,
);

// A link made where the planner ran elsewhere: the same seed may play a different episode here.
const unsubscribeMadeOn = store.subscribe((st) => {
  if (!st.backend || !st.linkMadeOn) return;
  unsubscribeMadeOn();
  if (st.backend.planner !== st.linkMadeOn)
    pushMessage(
      store,
      'notices',
      `This link was made with the planner on ${st.linkMadeOn === 'webgpu' ? 'WebGPU' : 'the CPU'}; here it runs on ${st.backend.planner === 'webgpu' ? 'WebGPU' : 'the CPU'}, so its episodes may differ from the ones the link's author saw (the two planners draw the same noise but round differently).`,
    );
});

let view: SceneView | null = null;
const onView = (v: SceneView | null) => {
  view = v;
};
client.setFpsSource(() => view?.fps() ?? 0);
client.onRunFile = (file) => {
  const s = store.getState().settings;
  downloadJson(`mpq-run-${s.task}-${s.agent}-seed${s.seed}.json`, file);
};
// The learner's work: every checkpoint saved, a replaced Q kept as a run, the last run offered after a reload.
const keeper = new RunKeeper(idbRunStorage, {
  restore: (cp) => client.restoreRun(cp),
  notice: (text) => pushMessage(store, 'notices', text),
  download: downloadJson,
  now: () => Date.now(),
});
client.onCheckpoint = (cp) => keeper.onCheckpoint(cp);
store.subscribe((s, prev) => {
  if (s.settings !== prev.settings) keeper.onSettings(prev.settings, s.settings);
});
void keeper.start();
// Closing the tab or reloading while training asks first (the last episode end is saved either way).
window.addEventListener('beforeunload', (e) => {
  if (!client.training) return;
  e.preventDefault();
  e.returnValue = '';
});
registerOffline();
installShortcuts({
  toggle: () => client.toggle(),
  reset: () => !client.training && client.reset(),
  step: () => !client.training && client.step(),
  toggleView: () => store.setState({ view: store.getState().view === 'lecture' ? 'lab' : 'lecture' }),
  nextStory: () => applyStory(stepStory(store.getState().story, 1), client, store),
  previousStory: () => applyStory(stepStory(store.getState().story, -1), client, store),
  lecture: () => store.getState().view === 'lecture',
});
installTestApi({
  client,
  store,
  paper,
  keeper,
  canvas: () => document.querySelector<HTMLCanvasElement>('[data-testid="scene"]'),
  framesDrawn: () => view?.frames ?? 0,
  fps: () => view?.fps() ?? 0,
  rolloutStyle: () => view?.rolloutStyle() ?? null,
});

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root');
createRoot(root).render(<App store={store} client={client} paper={paper} keeper={keeper} onView={onView} />);

// The published Q first (its load restarts the seed's first episode), then play.
if (usesQ(link.settings.agent) && link.page.q === 'pretrained')
  void client.loadPretrained().finally(() => client.play());
else client.play();
