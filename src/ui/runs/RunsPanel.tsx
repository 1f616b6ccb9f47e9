/**
 * The Runs list of the page's task: the runs kept in this browser with their
 * settings and results, to open, rename, export or delete; the one the page is
 * working on is marked. Says when runs are kept only for this visit.
 */
import { useState } from 'react';
import { useStore } from 'zustand';
import type { TaskId } from '../../core/tasks/registry';
import type { RunKeeper } from './runKeeper';
import type { RunMeta } from './runStorage';
import '../panels.css';

const when = (ms: number): string =>
  new Date(ms).toLocaleString(undefined, { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' });

/** "12 training episodes · last return −143.2 · success 40 % (last 10)". */
export function runSummary(r: RunMeta): string {
  const eps = r.trainEpisodes > 0 ? `${r.trainEpisodes} training episodes` : `${r.episodes} episodes`;
  const ret = r.lastReturn === null ? '' : ` · last return ${r.lastReturn.toFixed(1)}`;
  const win =
    r.successRate === null ? '' : ` · success ${Math.round(100 * r.successRate)} % (last ${Math.min(10, r.episodes)})`;
  return `${r.agent.toUpperCase()} · ${eps}${ret}${win}`;
}

function RunRow({
  run,
  current,
  keeper,
  locked,
}: {
  run: RunMeta;
  current: boolean;
  keeper: RunKeeper;
  locked: boolean;
}) {
  const [editing, setEditing] = useState(false);
  const [name, setName] = useState(run.name);
  return (
    <li className={current ? 'run current' : 'run'} data-testid="run-row">
      {editing ? (
        <form
          className="run-rename"
          onSubmit={(e) => {
            e.preventDefault();
            void keeper.rename(run.id, name);
            setEditing(false);
          }}
        >
          <input
            aria-label="Run name"
            value={name}
            maxLength={80}
            onChange={(e) => setName(e.target.value)}
            autoFocus
          />
          <button type="submit" className="panel-button">
            Save
          </button>
        </form>
      ) : (
        <div className="run-name" data-testid="run-name">
          {run.name}
          {current && <span className="dim"> (this run)</span>}
        </div>
      )}
      <div className="run-summary dim">
        {runSummary(run)} · saved {when(run.savedAt)}
      </div>
      <div className="run-buttons">
        <button
          type="button"
          className="panel-button"
          disabled={current || locked}
          title={locked ? 'Stop training first' : undefined}
          onClick={() => void keeper.open(run.id)}
          data-testid="run-open"
        >
          Open
        </button>
        <button type="button" className="panel-button" onClick={() => setEditing(true)} data-testid="run-rename">
          Rename
        </button>
        <button
          type="button"
          className="panel-button"
          onClick={() => void keeper.exportRun(run.id)}
          data-testid="run-export"
        >
          Export
        </button>
        <button
          type="button"
          className="panel-button"
          onClick={() => {
            if (window.confirm(`Delete the run “${run.name}”? This cannot be undone.`)) void keeper.remove(run.id);
          }}
          data-testid="run-delete"
        >
          Delete
        </button>
      </div>
    </li>
  );
}

export function RunsPanel({ keeper, task, training }: { keeper: RunKeeper; task: TaskId; training: boolean }) {
  const runs = useStore(keeper.state, (s) => s.runs);
  const currentId = useStore(keeper.state, (s) => s.currentId);
  const problem = useStore(keeper.state, (s) => s.problem);
  const mine = runs.filter((r) => r.task === task);
  return (
    <section className="panel runs" aria-label="Runs" data-testid="runs">
      <h2>Runs</h2>
      <p className="panel-note">
        {problem
          ? `Kept only until this tab closes: ${problem}.`
          : 'Saved in this browser after every episode; the last few per task are kept.'}
      </p>
      {mine.length === 0 ? (
        <p className="dim">No runs of this task yet: play or train, and it is saved here.</p>
      ) : (
        <ul className="run-list">
          {mine.map((r) => (
            <RunRow key={r.id} run={r} current={r.id === currentId} keeper={keeper} locked={training} />
          ))}
        </ul>
      )}
    </section>
  );
}

/** The offer to resume the run the page was last working on (after a reload). */
export function ResumeBanner({ keeper, training }: { keeper: RunKeeper; training: boolean }) {
  const run = useStore(keeper.state, (s) => s.resume);
  if (!run) return null;
  return (
    <section className="banner notice resume" data-testid="resume-offer" aria-label="Resume your last run">
      <p>
        <strong>Resume your last run?</strong> “{run.name}”: {runSummary(run)}, saved {when(run.savedAt)}.
      </p>
      <button
        type="button"
        className="primary"
        disabled={training}
        onClick={() => void keeper.open(run.id)}
        data-testid="resume"
      >
        Resume
      </button>
      <button type="button" onClick={() => keeper.dismissResume()} data-testid="resume-dismiss">
        Start fresh
      </button>
    </section>
  );
}
