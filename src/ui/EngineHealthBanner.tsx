/**
 * What the page says when the engine cannot answer: a long control step or
 * training update in progress (with its clock and a cancel button), or a dead
 * worker (with a restart button). Nothing while all is well.
 */
import { busyText, type EngineHealth } from './engineWatch';

export interface EngineHealthBannerProps {
  health: EngineHealth;
  /** Restarts the engine from its last checkpoint. */
  onRestart: () => void;
}

export function EngineHealthBanner({ health, onRestart }: EngineHealthBannerProps) {
  if (health.state === 'ok') return null;
  if (health.state === 'busy') {
    // Setup (a backend or kernels starting) is shown only once it lasts.
    if (health.work === 'setup' && health.sinceMs < 3000) return null;
    return (
      <div className="health busy" role="status" data-testid="engine-busy">
        <span>
          The engine is busy: {busyText(health)}. Commands wait until it ends
          {health.work === 'setup' ? '.' : '; pause, stop or new settings cancel it.'}
        </span>
        <button type="button" onClick={onRestart} data-testid="cancel-step">
          {health.work === 'setup' ? 'Restart engine' : 'Cancel it'}
        </button>
      </div>
    );
  }
  return (
    <div className="health dead" role="alert" data-testid="engine-dead">
      <span>The engine stopped: {health.message}.</span>
      <button type="button" className="primary" onClick={onRestart} data-testid="restart-engine">
        Restart engine
      </button>
    </div>
  );
}
