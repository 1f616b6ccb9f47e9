/**
 * The three.js canvas and what sits on it: the view is made once per engine
 * client and told about task changes; the outcome badge says how the last
 * finished episode went, large enough to read from the back of a room.
 */
import { useEffect, useRef } from 'react';
import { getTask, type TaskId } from '../core/tasks/registry';
import type { EngineClient } from './engineClient';
import type { LabeledEpisode, SeriesInfo } from './plots/seriesBook';
import { cssColor, SCENE_COLORS } from './scenes/sceneColors';
import { SceneView } from './scenes/sceneView';
import { SOFTWARE_POINT_BUDGET } from './scenes/softwareRendering';

export interface SceneCanvasProps {
  client: EngineClient;
  task: TaskId;
  /** Told when the scene view starts (and null when it stops), for the fps and the test API. */
  onView: (view: SceneView | null) => void;
  onError: (message: string) => void;
}

export function SceneCanvas({ client, task, onView, onError }: SceneCanvasProps) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const view = useRef<SceneView | null>(null);
  useEffect(() => {
    if (!canvas.current) return;
    try {
      view.current = new SceneView(canvas.current, client, task);
      // Without a GPU every frame is read back on the page's thread: only the heaviest rollouts are drawn.
      client.setDrawLimit(view.current.softwareRendering ? SOFTWARE_POINT_BUDGET : null);
      onView(view.current);
    } catch (err) {
      onError(`The 3D view could not start (WebGL): ${err instanceof Error ? err.message : String(err)}`);
    }
    return () => {
      view.current?.dispose();
      view.current = null;
      onView(null);
    };
    // The view lives as long as the canvas; task changes go through setTask below.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [client]);
  useEffect(() => view.current?.setTask(task), [task]);
  const spec = getTask(task);
  return (
    <canvas
      ref={canvas}
      className="scene"
      data-testid="scene"
      role="img"
      aria-label={`3D view of ${spec.title}: the real system, the planner's sampled rollouts (wider and brighter for a larger MPPI weight) and the planned path. Drag to orbit, scroll to zoom.`}
    />
  );
}

/** The scene's colour key, in the scene's own colours (scenes/sceneColors.ts). */
export function SceneKey() {
  const entry = (hex: number, text: string) => <span style={{ color: cssColor(hex) }}>━ {text}</span>;
  return (
    <p className="scene-key" aria-hidden="true">
      {entry(SCENE_COLORS.plan, 'plan')} {entry(SCENE_COLORS.rolloutHeavy, 'heavy rollout')}{' '}
      {entry(SCENE_COLORS.rolloutLight, 'light rollout')}
    </p>
  );
}

/** The canvas with its overlays: the last episode's outcome and the colour key. */
export function SceneStage(
  props: SceneCanvasProps & { episodes: readonly LabeledEpisode[]; series: readonly SeriesInfo[] },
) {
  const { episodes, series, ...canvas } = props;
  return (
    <div className="scene-wrap">
      <SceneCanvas {...canvas} />
      <OutcomeBadge episodes={episodes} series={series} />
      <SceneKey />
    </div>
  );
}

const fmtReturn = (x: number): string => (Math.abs(x) >= 100 ? x.toFixed(0) : x.toFixed(1)).replace('-', '−');

/**
 * How the newest finished episode went: success or not and its return, with
 * its series. Keyed by the episode count, so each new one flashes in.
 */
export function OutcomeBadge({
  episodes,
  series,
}: {
  episodes: readonly LabeledEpisode[];
  series: readonly SeriesInfo[];
}) {
  const last = episodes[episodes.length - 1];
  if (!last) return null;
  const r = last.record;
  const label = series.find((s) => s.id === last.series)?.label ?? '';
  const inSeries = episodes.filter((e) => e.series === last.series);
  const wins = inSeries.filter((e) => e.record.success).length;
  return (
    <div
      key={episodes.length}
      className={`outcome-badge ${r.success ? 'success' : 'failure'}`}
      data-testid="outcome-badge"
      role="status"
    >
      <span className="outcome-main">
        {r.success ? '✓ Success' : '✗ No success'} · return {fmtReturn(r.return)}
      </span>
      <span className="outcome-sub">
        {last.phase === 'train' ? 'training ' : ''}episode {inSeries.length} of {label} · {wins} of {inSeries.length}{' '}
        succeeded
      </span>
    </div>
  );
}
