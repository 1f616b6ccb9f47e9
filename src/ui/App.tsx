/** The MPQ Lab page (foundation): the pendulum under plain MPPI, its controls and status. */
import { useStore } from 'zustand';
import { PendulumCanvas } from './PendulumCanvas';
import type { SimClient } from './simClient';

export interface AppProps {
  client: SimClient;
  onDraw: () => void;
  /** One line on the planner's settings. */
  plannerText: string;
  /** One line on the planner's model distribution. */
  modelText: string;
  /** Control timestep (s), for the episode clock. */
  controlDtSec: number;
}

export function App({ client, onDraw, plannerText, modelText, controlDtSec }: AppProps) {
  const s = useStore(client.summary);
  const backend = s.backend;
  return (
    <main className="lab">
      <header>
        <h1>MPQ Lab</h1>
        <p className="subtitle">Pendulum swing-up · {plannerText}</p>
      </header>
      <PendulumCanvas client={client} onDraw={onDraw} />
      <div className="controls" role="toolbar" aria-label="Simulation controls">
        <button data-testid="play" aria-label="Play" disabled={s.running} onClick={() => client.play()}>
          ▶ Play
        </button>
        <button data-testid="pause" aria-label="Pause" disabled={!s.running} onClick={() => client.pause()}>
          ❚❚ Pause
        </button>
        <button data-testid="step" aria-label="Step one control step" onClick={() => client.step()}>
          ⇥ Step
        </button>
        <button data-testid="reset" aria-label="Reset to the first episode" onClick={() => client.reset()}>
          ↺ Reset
        </button>
      </div>
      <p className="status" data-testid="status">
        Control rate <span data-testid="rate">{s.rateHz.toFixed(1)} Hz</span> · plan {s.planMs.toFixed(2)} ms/step · tfjs backend{' '}
        <span className="badge" data-testid="backend">
          {backend ? backend.active : 'starting…'}
        </span>
      </p>
      <p className="status">
        Episode {s.episode + 1} · t = {(s.episodeStep * controlDtSec).toFixed(2)} s · step{' '}
        <span data-testid="control-steps">{s.controlSteps}</span> · θ = {s.thetaRad.toFixed(2)} rad · u = {s.torqueNm.toFixed(2)} N·m
      </p>
      {backend && (
        <p className="note" data-testid="backend-note">
          {backend.failures.length > 0 ? `Not used: ${backend.failures.join(' · ')}. ` : ''}
          Q-network check on {backend.active}: max |tfjs − TypeScript| = {backend.qCheckMaxAbsDiff.toExponential(1)} (started in{' '}
          {Math.round(backend.initMs)} ms). The planner itself runs in TypeScript on the CPU.
        </p>
      )}
      {s.rolloutMismatch > 0 && (
        <p className="error" role="alert">
          The drawn rollouts differ from the planner's by {s.rolloutMismatch.toExponential(2)}.
        </p>
      )}
      {s.error && (
        <p className="error" role="alert" data-testid="error">
          {s.error}
        </p>
      )}
      <p className="legend">
        Blue lines: tip paths of the sampled rollouts on the planner's biased model ({modelText}), brighter for a larger
        MPPI weight, pushed outwards with look-ahead time so they do not cover each other. Amber arc: the torque applied. Green
        tick: upright, the goal.
      </p>
    </main>
  );
}
