/**
 * Page entry: reads the settings from the URL, starts the engine's worker
 * (paper mode starts its own on demand),
 * mirrors settings back into the URL, installs the keyboard shortcuts and the
 * test API, keeps runs (runs/runKeeper.ts), registers the offline service
 * worker, renders the lab and starts playing.
 */
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { EngineClient } from './engineClient';
import { installShortcuts } from './keyboard';
import { PaperRun } from './paper/paperRun';
import { RunKeeper } from './runs/runKeeper';
import { idbRunStorage } from './runs/runStorage';
import { registerOffline } from './offline';
import { downloadJson } from './panels/download';
import type { SceneView } from './scenes/sceneView';
import { createLabStore, mirrorSettingsToUrl, pushMessage } from './store';
import { installTestApi } from './testApi';
import { encodeSettings, parseSettings } from './url/urlState';
import './styles.css';

const { settings, paperSeeds, notices } = parseSettings(window.location.search);
const store = createLabStore(settings, notices, paperSeeds);
// The tfjs wasm binaries are served beside index.html (vite.config.ts), so this works under any sub-path.
const wasmPath = new URL('tfjs-wasm/', document.baseURI).href;
const client = new EngineClient(store, wasmPath);
const paper = new PaperRun(wasmPath);
mirrorSettingsToUrl(store, encodeSettings);

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
});
installTestApi({
  client,
  store,
  paper,
  keeper,
  canvas: () => document.querySelector<HTMLCanvasElement>('[data-testid="scene"]'),
  framesDrawn: () => view?.frames ?? 0,
  fps: () => view?.fps() ?? 0,
  rolloutColors: () => view?.rolloutColors() ?? null,
});

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root');
createRoot(root).render(<App store={store} client={client} paper={paper} keeper={keeper} onView={onView} />);
client.play();
