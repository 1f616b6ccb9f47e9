/**
 * Page entry: reads the settings from the URL, starts the engine's worker
 * (paper mode starts its own on demand),
 * mirrors settings back into the URL, installs the keyboard shortcuts and the
 * test API, renders the lab and starts playing.
 */
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { EngineClient } from './engineClient';
import { installShortcuts } from './keyboard';
import { PaperRun } from './paper/paperRun';
import { downloadJson } from './panels/download';
import type { SceneView } from './scenes/sceneView';
import { createLabStore, mirrorSettingsToUrl } from './store';
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
installShortcuts({
  toggle: () => client.toggle(),
  reset: () => !client.training && client.reset(),
  step: () => !client.training && client.step(),
});
installTestApi({
  client,
  store,
  paper,
  canvas: () => document.querySelector<HTMLCanvasElement>('[data-testid="scene"]'),
  framesDrawn: () => view?.frames ?? 0,
  fps: () => view?.fps() ?? 0,
  rolloutStyle: () => view?.rolloutStyle() ?? null,
});

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root');
createRoot(root).render(<App store={store} client={client} paper={paper} onView={onView} />);
client.play();
