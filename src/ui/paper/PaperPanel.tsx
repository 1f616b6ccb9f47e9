/**
 * Paper mode: Fig. 2's agents side by side on the lab's task, seed and
 * training episodes, one worker each, their curves filling in as episodes
 * finish. Closing the panel or choosing another task ends the runs (the App
 * clears them on a task change).
 */
import { useMemo } from 'react';
import { useStore } from 'zustand';
import type { LabSettings } from '../../compute/engine/settings';
import { getTask } from '../../core/tasks/registry';
import { NumberField } from '../controls/NumberField';
import '../panels.css';
import { LinePlot } from '../plots/LinePlot';
import { backendText } from '../StatusBar';
import { latestReadout, PAPER_SUCCESS_WINDOW, paperAgents, paperSeeds, paperSeries, seedsProblem } from './paperPlan';
import type { PaperAgentState, PaperState, PaperStore } from './paperRun';
import './paper.css';

export interface PaperPanelProps {
  /** The lab's settings: the task, seed, training episodes and backend of a new run. */
  settings: LabSettings;
  store: PaperStore;
  /** Seeds per agent (the page's store keeps it, so a link carries it). */
  seedCount: number;
  onSeedCount: (n: number) => void;
  onStart: (seedCount: number) => void;
  onStop: () => void;
}

const PERCENT: readonly [number, number] = [0, 100];

const PHASE_TEXT: Record<PaperAgentState['phase'], string> = {
  starting: 'starting',
  running: 'running',
  done: 'done',
  stopped: 'stopped',
  failed: 'failed',
};

/** "MPQ H8 · seed 0 (1 of 2) · 12 / 100 episodes · running · planner cpu · Q wasm". */
export function agentLine(a: PaperAgentState, run: Pick<PaperState, 'seeds' | 'episodes'>): string {
  const done = a.runs.reduce((n, r) => n + r.length, 0);
  const total = run.episodes * run.seeds.length;
  const seed =
    run.seeds.length > 1
      ? `seed ${run.seeds[a.seedIndex]} (${a.seedIndex + 1} of ${run.seeds.length})`
      : `seed ${run.seeds[0]}`;
  const backend = a.backend ? backendText(a.backend) : 'backend: starting…';
  return `${seed} · ${done} / ${total} episodes · ${PHASE_TEXT[a.phase]} · ${backend}`;
}

function statusText(p: PaperState): string {
  const title = p.task ? getTask(p.task).title : '';
  switch (p.status) {
    case 'idle':
      return 'Not started.';
    case 'running':
      return `Running on ${title}: ${p.workers} worker${p.workers === 1 ? '' : 's'} busy.`;
    case 'done':
      return `Finished on ${title}.`;
    case 'stopped':
      return `Stopped on ${title}; the curves keep what finished.`;
  }
}

export function PaperPanel({ settings, store, seedCount, onSeedCount, onStart, onStop }: PaperPanelProps) {
  const run = useStore(store);
  const task = getTask(settings.task);
  const agents = useMemo(() => paperAgents(settings.task), [settings.task]);
  const series = useMemo(() => paperSeries(run.agents), [run.agents]);
  const running = run.status === 'running';
  const seeds = paperSeeds(settings.seed, seedCount);
  const several = run.seeds.length > 1;
  const waiting = running ? 'Waiting for the first episodes' : 'Press Start to run the comparison';
  return (
    <details
      className="panel paper"
      open
      aria-labelledby="paper-heading"
      data-testid="paper-mode"
      onToggle={(e) => {
        if (!e.currentTarget.open) onStop();
      }}
    >
      <summary>
        <h2 id="paper-heading">Paper mode: Fig. 2 side by side</h2>
      </summary>
      <p>
        Five agents act on the real {task.title.toLowerCase()} from the same episode starts. MPQ plans only{' '}
        {agents[0].horizon} steps ahead on a biased model and learns a Q-function from the real system for what lies
        beyond its horizon. The paper claims that MPQ soon beats plain MPPI with the same short horizon and ends up
        beating MPPI with a much longer horizon on the same biased model (O1), and that it comes close to, or beats,
        MPPI with the long horizon on the true dynamics, the dashed reference that no real robot has (O2). SoftQ looks
        one step ahead and relies on its Q-function alone: it learns far more slowly (O3). The plain MPPI agents do not
        learn; their curves vary only with the starts.
      </p>
      <div className="paper-setup">
        <label className="inline-field">
          Seeds
          <NumberField
            testId="paper-seeds"
            label="Seeds to run one after another for each agent"
            value={seedCount}
            disabled={running}
            problem={seedsProblem}
            onChange={onSeedCount}
          />
        </label>
        <p className="hint" data-testid="paper-setup-text">
          {task.title} with the paper's settings; seed{seeds.length > 1 ? 's' : ''} {seeds.join(', ')} (the lab's seed
          {seeds.length > 1 ? ' and the next' : ''}), {settings.trainEpisodes} training episode
          {settings.trainEpisodes === 1 ? '' : 's'} each (the lab's Episodes), backend {settings.backend}. Five workers
          share this computer's cores; Start pauses the lab above.
        </p>
      </div>
      <div className="buttons">
        {running ? (
          <button type="button" className="danger" data-testid="paper-stop" onClick={onStop}>
            ■ Stop paper mode
          </button>
        ) : (
          <button type="button" className="primary" data-testid="paper-start" onClick={() => onStart(seedCount)}>
            ▶ Start paper mode
          </button>
        )}
      </div>
      <p className="hint" role="status" data-testid="paper-status">
        {statusText(run)}
      </p>
      {run.agents.length > 0 && (
        <ul className="paper-agents" data-testid="paper-agents">
          {run.agents.map((a, i) => {
            const readout = latestReadout(a.label, series);
            return (
              <li key={a.label} data-testid={`paper-agent-${i}`}>
                <svg className="paper-swatch" viewBox="0 0 26 10" aria-hidden="true">
                  <line
                    x1="1"
                    y1="5"
                    x2="25"
                    y2="5"
                    stroke={a.color}
                    strokeWidth="4"
                    strokeDasharray={a.dash?.join(' ')}
                  />
                </svg>
                <strong className="paper-label">{a.label}</strong>
                <span className="paper-line" data-testid={`paper-agent-line-${i}`}>
                  {agentLine(a, run)}
                </span>
                {a.error && (
                  <span className="paper-error" data-testid={`paper-agent-error-${i}`}>
                    {' '}
                    · {a.error}
                  </span>
                )}
                {a.notice && <span className="dim"> · {a.notice}</span>}
                {readout && (
                  <span className="paper-readout" data-testid={`paper-agent-readout-${i}`}>
                    {readout}
                    {several ? ' (mean over seeds)' : ''}
                  </span>
                )}
              </li>
            );
          })}
        </ul>
      )}
      <div className="plot-grid">
        <LinePlot
          title={several ? 'Return per training episode (mean over seeds)' : 'Return per training episode'}
          xLabel="training episode"
          yLabel="return = −Σ cost"
          series={series.returns}
          testId="paper-plot-return"
          xInteger
          noun="episodes"
          better="higher"
          emptyText={waiting}
        />
        <LinePlot
          title={`Success rate (last ${PAPER_SUCCESS_WINDOW} episodes)${several ? ', mean over seeds' : ''}`}
          xLabel="training episode"
          yLabel="success %"
          series={series.success}
          testId="paper-plot-success"
          yDomain={PERCENT}
          xInteger
          noun="episodes"
          better="higher"
          emptyText={waiting}
        />
      </div>
      <p className="panel-note">
        {several
          ? 'Each line is the mean over the seeds that have reached that episode; the shaded band spans their lowest and highest value. '
          : ''}
        Dashed: the long horizon on the true dynamics, the reference. With the CPU planner and the same tfjs backend
        these are the runs <code>npm run mpq -- reproduce --experiment fig2 --task {settings.task}</code> makes for the
        same seeds (it runs seeds 1…S).
      </p>
    </details>
  );
}
