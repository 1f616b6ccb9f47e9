/** Page entry: starts the worker, exposes the test API, renders the lab and starts playing. */
import { createRoot } from 'react-dom/client';
import { defaultAgentConfig } from '../core/config';
import { pendulum } from '../core/tasks/pendulum';
import { App } from './App';
import { SimClient } from './simClient';
import { installTestApi } from './testApi';
import './styles.css';

// The tfjs wasm binaries are served beside index.html (vite.config.ts), so this works under any sub-path.
const wasmPath = new URL('tfjs-wasm/', document.baseURI).href;
const client = new SimClient(wasmPath, 0);
let framesDrawn = 0;
const onDraw = () => {
  framesDrawn++;
};
installTestApi(client, () => framesDrawn);

const m = defaultAgentConfig(pendulum, 'mppi').mppi;
const plannerText = `plain MPPI, N ${m.samples}, H ${m.horizon}, λ ${m.lambda}, Σ ${m.sigma}, α ${m.alpha}, γ ${m.gamma}`;

const b = pendulum.biased;
const modelText = pendulum.paramNames.map((name, i) => `${name} ~ U[${b.low[i]}, ${b.high[i]}]`).join(', ');

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root');
createRoot(root).render(<App client={client} onDraw={onDraw} plannerText={plannerText} modelText={modelText} controlDtSec={pendulum.controlDtSec} />);
client.play();
