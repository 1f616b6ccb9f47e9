/**
 * The status bar: where the planner and the Q-network really run (never a
 * silent fallback), the control rate and planning time (over the same recent
 * steps), the speed achieved against the speed asked for, the scene's frame
 * rate, and the episode, step and time of the real system. While training
 * updates the Q-function it says so instead of showing a stalled rate.
 */
import type { BackendReport, TrainingProgress } from '../compute/engine/protocol';
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

/** The speed actually reached against the one asked for; `short` when play runs clearly slower than asked. */
export interface SpeedReadout {
  /** Multiples of real time reached (control rate × control step). */
  readonly achieved: number;
  readonly short: boolean;
  readonly text: string;
}

const trim = (x: number): string => String(Number(x.toPrecision(3)));

/** What the speed readout says for a status (play only; training runs flat out). */
export function speedReadout(status: StatusSummary, asked: number, controlDtSec: number): SpeedReadout {
  const achieved = status.rateHz * controlDtSec;
  const budgetMs = (1000 * controlDtSec) / asked;
  const short = status.running && !status.training && status.rateHz > 0 && achieved < 0.9 * asked;
  const why =
    status.planMs >= 0.8 * budgetMs
      ? `planning takes ${trim(status.planMs)} ms of the ${trim(budgetMs)} ms a step may take`
      : `planning takes ${trim(status.planMs)} ms of ${trim(budgetMs)}; the rest goes to the simulation, the drawing and other work on this machine`;
  const text = short ? `${trim(achieved)}× real time of ${trim(asked)}× asked: ${why}` : `${trim(achieved)}× real time`;
  return { achieved, short, text };
}

/** "updating Q (minibatch 12 of 32)" while a training run updates, else null. */
export function updatingText(progress: TrainingProgress | null): string | null {
  if (!progress?.running || progress.phase !== 'updating') return null;
  return `updating Q (minibatch ${progress.minibatch} of ${progress.minibatches})`;
}

export interface StatusBarProps {
  backend: BackendReport | null;
  status: StatusSummary;
  progress: TrainingProgress | null;
  /** The speed asked for (multiples of real time). */
  speed: number;
  fps: number;
  controlDtSec: number;
  episodeSteps: number;
}

/** Control rate, planning time and speed, or the Q update in progress. */
function ControlReadout({
  status,
  progress,
  speed,
  controlDtSec,
}: Omit<StatusBarProps, 'backend' | 'fps' | 'episodeSteps'>) {
  const updating = updatingText(progress);
  if (updating)
    return (
      <span className="status-item">
        <span className="status-key">Control</span>{' '}
        <span data-testid="rate" className="updating">
          {updating}
        </span>
      </span>
    );
  const sp = speedReadout(status, speed, controlDtSec);
  return (
    <span className="status-item">
      <span className="status-key">Control</span> <span data-testid="rate">{status.rateHz.toFixed(1)} Hz</span>
      {status.planMs > 0 && <span className="dim"> · {status.planMs.toFixed(1)} ms plan</span>}
      {status.running && !status.training && status.rateHz > 0 && (
        <span className={sp.short ? 'speed-short' : 'dim'} data-testid="speed-readout">
          {' '}
          · {sp.text}
        </span>
      )}
      {status.drawn < status.samples && status.drawn > 0 && (
        <span className="dim" data-testid="drawn">
          {' '}
          · drawing {status.drawn.toLocaleString('en')} of {status.samples.toLocaleString('en')} rollouts{' '}
          {status.heaviestOnly ? '(the heaviest: this browser draws without a GPU)' : '(heaviest and an even spread)'}
        </span>
      )}
    </span>
  );
}

/** "Episode 3 · step 45/200 " (or "Training episode …"). */
function EpisodeReadout({ status, episodeSteps }: { status: StatusSummary; episodeSteps: number }) {
  return (
    <>
      <span className="status-key">{status.training ? 'Training episode' : 'Episode'}</span>{' '}
      <span data-testid="episode">{status.episode + 1}</span> · step{' '}
      <span data-testid="episode-step">
        {status.episodeStep}/{episodeSteps}
      </span>{' '}
    </>
  );
}

export function StatusBar(props: StatusBarProps) {
  const { backend, status, fps, controlDtSec, episodeSteps } = props;
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
      <ControlReadout {...props} />
      <span className="status-item">
        <span className="status-key">Scene</span> <span data-testid="fps">{fps.toFixed(0)} fps</span>
      </span>
      <span className="status-item">
        <EpisodeReadout status={status} episodeSteps={episodeSteps} />· t {t.toFixed(2)} s · total{' '}
        <span data-testid="control-steps">{status.controlSteps}</span>
      </span>
      <span className="status-item">
        <span className="status-key">{status.running || status.training ? '● running' : '❚❚ paused'}</span>
      </span>
    </div>
  );
}

/** The lecture view's one-line status: episode and step, the rate and speed, where the planner runs. */
export function LectureStatus(props: Omit<StatusBarProps, 'fps'>) {
  const { backend, status, controlDtSec, episodeSteps } = props;
  return (
    <div className="status-bar lecture-status" data-testid="status">
      <span className="status-item">
        <EpisodeReadout status={status} episodeSteps={episodeSteps} />· t{' '}
        {(status.episodeStep * controlDtSec).toFixed(1)} s
      </span>
      <ControlReadout {...props} />
      <span className="status-item dim" data-testid="backend">
        {backend ? `planner ${backend.planner} · Q ${backend.tfjs}` : 'starting…'}
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
