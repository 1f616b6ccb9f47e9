/**
 * The learning curves: return per episode, rolling success rate (when the task
 * has a success test), TD loss on a log axis and mean free energy per episode,
 * one colour per labelled series (a run of one agent, horizon, model and Q),
 * with the training run's progress bar above them.
 */
import { useMemo } from 'react';
import type { TrainingProgress } from '../../compute/engine/protocol';
import type { SuccessRule } from '../../core/task';
import '../panels.css';
import { describeSuccessRule } from '../panels/explanationText';
import { LinePlot } from './LinePlot';
import { learningSeries, progressText, ROLLING_WINDOW } from './learningSeries';
import type { LabeledEpisode, SeriesInfo } from './seriesBook';

export interface LearningPlotsProps {
  /** Finished episodes, oldest first. */
  episodes: readonly LabeledEpisode[];
  /** The series they belong to, oldest first. */
  series: readonly SeriesInfo[];
  /** The current or last training run; null before the first. */
  progress: TrainingProgress | null;
  /** The task's success rule; without it the success plot is left out. */
  successRule?: SuccessRule;
}

const PERCENT: readonly [number, number] = [0, 100];

export function LearningPlots({ episodes, series, progress, successRule }: LearningPlotsProps) {
  const s = useMemo(() => learningSeries(episodes, series), [episodes, series]);
  const waiting = 'No finished episode yet';
  return (
    <section className="panel learning" aria-labelledby="learning-heading">
      <h2 id="learning-heading">Learning</h2>
      {progress && (
        <div className="train-progress">
          <progress
            max={Math.max(1, progress.total)}
            value={Math.min(progress.done, progress.total)}
            aria-label={`Training progress: ${progressText(progress)}`}
            data-testid="train-progress"
          />
          <span className="progress-text" data-testid="train-progress-text">
            {progressText(progress)}
            {progress.updates > 0 && ` · ${progress.updates} Q updates`}
          </span>
        </div>
      )}
      <div className="plot-grid">
        <LinePlot
          title="Return per episode"
          xLabel="episode of the series"
          yLabel="return = −Σ cost"
          series={s.returns}
          testId="plot-return"
          xInteger
          noun="episodes"
          better="higher"
          emptyText={waiting}
        />
        {successRule && (
          <LinePlot
            title={`Success rate (last ${ROLLING_WINDOW} episodes)`}
            xLabel="episode of the series"
            yLabel="success %"
            series={s.success}
            testId="plot-success"
            yDomain={PERCENT}
            xInteger
            noun="episodes"
            better="higher"
            emptyText={waiting}
          />
        )}
        <LinePlot
          title="TD loss (log scale)"
          xLabel="episode of the series"
          yLabel="TD loss, log scale"
          series={s.loss}
          testId="plot-loss"
          yScale="log"
          xInteger
          noun="episodes"
          better="lower"
          emptyText="No Q update yet"
        />
        <LinePlot
          title="Mean free energy per episode"
          xLabel="episode of the series"
          yLabel="free energy (soft min of S)"
          series={s.freeEnergy}
          testId="plot-free-energy"
          xInteger
          noun="episodes"
          better="lower"
          emptyText={waiting}
        />
      </div>
      {successRule && <p className="panel-note">Success: {describeSuccessRule(successRule)}.</p>}
      <p className="panel-note">
        One colour per series: a new agent, horizon, planner model or Q-function starts a new one, so settings compare
        over the same episode numbers. Faint lines: each episode; thick lines: the mean of the last {ROLLING_WINDOW},
        the shaded band ±1 standard deviation. Training episodes update the Q-function, play episodes only use it.
      </p>
    </section>
  );
}
