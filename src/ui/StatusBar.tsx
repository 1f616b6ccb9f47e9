/**
 * The status bar: where the planner and the Q-network really run (never a
 * silent fallback), the control rate, the scene's frame rate, and the
 * episode, step and time of the real system.
 */
import type { BackendReport } from '../compute/engine/protocol';
import type { StatusSummary } from './store';

/**
 * "planner webgpu · Q webgpu", "planner cpu (no WGSL kernel for franka) · Q wasm", and while
 * training "… · targets cpu (software WebGPU adapter: …), 2 workers".
 */
export function backendText(b: BackendReport): string {
  const planner = b.plannerNote ? `planner ${b.planner} (${b.plannerNote})` : `planner ${b.planner}`;
  const workers = b.targetWorkers ? `, ${b.targetWorkers} worker${b.targetWorkers > 1 ? 's' : ''}` : '';
  const targets = !b.targets
    ? ''
    : b.targetsNote
      ? ` · targets ${b.targets} (${b.targetsNote})${workers}`
      : ` · targets ${b.targets}${workers}`;
  return `${planner} · Q ${b.tfjs}${targets}`;
}

export interface StatusBarProps {
  backend: BackendReport | null;
  status: StatusSummary;
  fps: number;
  controlDtSec: number;
  episodeSteps: number;
}

export function StatusBar({ backend, status, fps, controlDtSec, episodeSteps }: StatusBarProps) {
  const t = status.episodeStep * controlDtSec;
  return (
    <div className="status-bar" data-testid="status">
      <span className="status-item">
        <span className="status-key">Compute</span>{' '}
        <span
          className={backend ? `badge ${backend.planner === 'webgpu' ? 'gpu' : 'cpu'}` : 'badge'}
          data-testid="backend"
        >
          {backend ? backendText(backend) : 'starting…'}
        </span>
      </span>
      <span className="status-item">
        <span className="status-key">Control</span> <span data-testid="rate">{status.rateHz.toFixed(1)} Hz</span>
        {status.planMs > 0 && <span className="dim"> ({status.planMs.toFixed(1)} ms plan)</span>}
        {status.drawn < status.samples && status.drawn > 0 && (
          <span className="dim" data-testid="drawn">
            {' '}
            · drawing {status.drawn.toLocaleString('en')} of {status.samples.toLocaleString('en')} rollouts (heaviest
            and an even spread)
          </span>
        )}
      </span>
      <span className="status-item">
        <span className="status-key">Scene</span> <span data-testid="fps">{fps.toFixed(0)} fps</span>
      </span>
      <span className="status-item">
        <span className="status-key">{status.training ? 'Training episode' : 'Episode'}</span>{' '}
        <span data-testid="episode">{status.episode + 1}</span> · step{' '}
        <span data-testid="episode-step">
          {status.episodeStep}/{episodeSteps}
        </span>{' '}
        · t {t.toFixed(2)} s · total <span data-testid="control-steps">{status.controlSteps}</span>
      </span>
      <span className="status-item">
        <span className="status-key">{status.running || status.training ? '● running' : '❚❚ paused'}</span>
      </span>
    </div>
  );
}

/** The backend's details under the status bar: what was passed over and why, and the Q check. */
export function BackendNote({ backend }: { backend: BackendReport | null }) {
  if (!backend) return null;
  return (
    <p className="note" data-testid="backend-note">
      {backend.failures.length > 0 ? `Not used: ${backend.failures.join(' · ')}. ` : ''}
      Q-network check on {backend.tfjs}: max |tfjs − TypeScript| = {backend.qCheckMaxAbsDiff.toExponential(1)} (started
      in {Math.round(backend.initMs)} ms).
    </p>
  );
}
