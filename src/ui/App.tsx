/**
 * The MPQ Lab page: the task picker, the three.js scene with the status bar,
 * the controls (agent, planner, run, training, model parameters, run file),
 * the learning plots, paper mode and the explanation. Settings and slow summaries come
 * from the store; the scene pulls frames from the engine client itself.
 */
import { useEffect, useRef } from 'react';
import { useStore } from 'zustand';
import { getTask, type TaskId } from '../core/tasks/registry';
import type { LabSettings } from '../compute/engine/settings';
import { CostWeights } from './controls/CostWeights';
import { AgentControls, ModelParams, PlannerControls, TaskPicker } from './controls/SettingsControls';
import { CopyLink } from './controls/CopyLink';
import { MessageList, UrlNoticeBanner } from './controls/Messages';
import { RunControls } from './controls/RunControls';
import { TrainingControls } from './controls/TrainingControls';
import type { EngineClient } from './engineClient';
import { SHORTCUTS } from './keyboard';
import { PaperPanel } from './paper/PaperPanel';
import type { PaperRun } from './paper/paperRun';
import { Explanation } from './panels/Explanation';
import { RunFilePanel } from './panels/RunFilePanel';
import { STEP_SHORTCUTS, StepThrough } from './lecture/StepThrough';
import { WeightsPanel } from './lecture/WeightsPanel';
import { LearningPlots } from './plots/LearningPlots';
import { ValueHeatmap } from './plots/ValueHeatmap';
import { SceneView } from './scenes/sceneView';
import { BackendNote, StatusBar } from './StatusBar';
import { EngineHealthBanner } from './EngineHealthBanner';
import { PanelBoundary } from './PanelBoundary';
import type { RunKeeper } from './runs/runKeeper';
import { ResumeBanner, RunsPanel } from './runs/RunsPanel';
import { dismissMessage, pushMessage, type LabStore } from './store';

export interface AppProps {
  store: LabStore;
  client: EngineClient;
  /** Paper mode's workers (Fig. 2's agents side by side). */
  paper: PaperRun;
  /** The runs kept in this browser. */
  keeper: RunKeeper;
  /** Told when the scene view starts (and null when it stops), for the fps and the test API. */
  onView: (view: SceneView | null) => void;
}

const AGENT_TITLE: Record<LabSettings['agent'], string> = { mpq: 'MPQ', mppi: 'plain MPPI', softq: 'SoftQ' };

/** The three.js canvas; the view is made once and told about task changes. */
function SceneCanvas({
  client,
  task,
  onView,
  onError,
}: {
  client: EngineClient;
  task: TaskId;
  onView: AppProps['onView'];
  onError: (m: string) => void;
}) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const view = useRef<SceneView | null>(null);
  useEffect(() => {
    if (!canvas.current) return;
    try {
      view.current = new SceneView(canvas.current, client, task);
      onView(view.current);
    } catch (err) {
      onError(`The 3D view could not start (WebGL): ${err instanceof Error ? err.message : String(err)}`);
    }
    return () => {
      view.current?.dispose();
      view.current = null;
      onView(null);
    };
    // The view lives as long as the page; task changes go through setTask below.
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
      aria-label={`3D view of ${spec.title}: the real system, the planner's sampled rollouts coloured by MPPI weight and the planned path. Drag to orbit, scroll to zoom.`}
    />
  );
}

/** Fetches public/weights/<task>.json from the page's own origin and hands it to the engine. */
async function loadPretrained(client: EngineClient, store: LabStore, task: TaskId): Promise<void> {
  const url = new URL(`weights/${task}.json`, document.baseURI);
  const say = (weightsMessage: string) => store.setState({ weightsMessage });
  say(`Loading weights/${task}.json …`);
  try {
    const res = await fetch(url, { headers: { Accept: 'application/json' } });
    if (!res.ok)
      return say(
        `No pretrained Q-function is published for ${getTask(task).title} (weights/${task}.json: HTTP ${res.status}). Train one and export it as a run file instead.`,
      );
    let file: unknown;
    try {
      file = await res.json();
    } catch {
      return say(`weights/${task}.json is not a JSON weights file, so nothing was loaded.`);
    }
    client.loadWeights(file);
    say(`Loaded weights/${task}.json into the Q-function.`);
  } catch (err) {
    say(`Could not fetch weights/${task}.json: ${err instanceof Error ? err.message : String(err)}`);
  }
}

export function App({ store, client, paper, keeper, onView }: AppProps) {
  const settings = useStore(store, (s) => s.settings);
  const status = useStore(store, (s) => s.status);
  const backend = useStore(store, (s) => s.backend);
  const fps = useStore(store, (s) => s.fps);
  const episodes = useStore(store, (s) => s.episodes);
  const progress = useStore(store, (s) => s.progress);
  const valueMap = useStore(store, (s) => s.valueMap);
  const urlNotices = useStore(store, (s) => s.urlNotices);
  const notices = useStore(store, (s) => s.notices);
  const errors = useStore(store, (s) => s.errors);
  const runFileError = useStore(store, (s) => s.runFileError);
  const weightsMessage = useStore(store, (s) => s.weightsMessage);
  const paperSeeds = useStore(store, (s) => s.paperSeeds);
  const health = useStore(store, (s) => s.health);
  const inspect = useStore(store, (s) => s.inspect);

  const task = getTask(settings.task);
  const training = status.training || (progress?.running ?? false);
  const change = (next: LabSettings) => {
    if (next !== settings) client.configure(next);
  };
  const onTaskChange = (next: LabSettings) => {
    if (next.task !== settings.task) store.setState({ weightsMessage: null });
    change(next);
  };
  // Paper mode's runs belong to their task: another task ends them; so does leaving the page's lab.
  useEffect(() => {
    const runTask = paper.store.getState().task;
    if (runTask !== null && runTask !== settings.task) paper.clear();
  }, [paper, settings.task]);
  useEffect(() => () => paper.stop(), [paper]);
  const startPaper = (seedCount: number) => {
    // The five workers get the cores: the lab's own play pauses (a training run of the lab goes on).
    if (client.latestFrame()?.running && !client.training) client.pause();
    paper.start(settings, seedCount);
  };
  useEffect(() => {
    document.title = `MPQ Lab · ${task.title} · ${AGENT_TITLE[settings.agent]}`;
  }, [task, settings.agent]);

  return (
    <div className="lab">
      <header className="top">
        <div>
          <h1 title="Model Predictive Q-Learning">MPQ Lab</h1>
          <p className="subtitle">
            <strong>{task.title}</strong> · {AGENT_TITLE[settings.agent]} · N {settings.samples} · H {settings.horizon}
          </p>
        </div>
        <TaskPicker settings={settings} onChange={onTaskChange} training={training} />
        <CopyLink />
      </header>

      <UrlNoticeBanner notices={urlNotices} onDismiss={() => store.setState({ urlNotices: [] })} />
      <MessageList messages={errors} kind="error" onDismiss={(id) => dismissMessage(store, 'errors', id)} />
      <MessageList messages={notices} kind="notice" onDismiss={(id) => dismissMessage(store, 'notices', id)} />
      <PanelBoundary name="The resume offer">
        <ResumeBanner keeper={keeper} training={training} />
      </PanelBoundary>

      <div className="workspace">
        <section className="stage" aria-label="Simulation">
          <PanelBoundary name="The 3D view">
            <SceneCanvas
              client={client}
              task={settings.task}
              onView={onView}
              onError={(m) => pushMessage(store, 'errors', m)}
            />
          </PanelBoundary>
          <PanelBoundary name="The status bar">
            <StatusBar
              backend={backend}
              status={status}
              fps={fps}
              controlDtSec={task.controlDtSec}
              episodeSteps={task.episodeSteps}
            />
            <EngineHealthBanner health={health} onRestart={() => client.restart('restarted from the page')} />
            <BackendNote backend={backend} />
          </PanelBoundary>
          <PanelBoundary name="The lecture tools">
            <div className="lecture-tools">
              <WeightsPanel source={client} />
              <StepThrough
                view={inspect}
                settings={settings}
                onChange={change}
                enabled={!training}
                actions={{
                  inspect: (stage) => client.inspect(stage),
                  end: () => client.inspectEnd(),
                  step: () => client.step(),
                }}
              />
            </div>
          </PanelBoundary>
          <p className="shortcuts">
            Keys:{' '}
            {[...SHORTCUTS, ...STEP_SHORTCUTS].map(([k, what]) => (
              <span key={k}>
                <kbd>{k}</kbd> {what}
              </span>
            ))}
          </p>
        </section>

        <aside className="controls" aria-label="Controls">
          <PanelBoundary name="The run controls">
            <RunControls
              settings={settings}
              onChange={change}
              running={status.running}
              training={training}
              actions={{
                play: () => client.play(),
                pause: () => client.pause(),
                step: () => client.step(),
                reset: () => client.reset(),
              }}
            />
          </PanelBoundary>
          <PanelBoundary name="The agent controls">
            <AgentControls settings={settings} onChange={change} training={training} />
          </PanelBoundary>
          <PanelBoundary name="The planner controls">
            <PlannerControls settings={settings} onChange={change} training={training} />
          </PanelBoundary>
          <PanelBoundary name="The cost weights">
            <CostWeights settings={settings} onChange={change} training={training} />
          </PanelBoundary>
          <PanelBoundary name="The training controls">
            <TrainingControls
              settings={settings}
              onChange={change}
              progress={progress}
              training={training}
              onStart={() => client.train(settings.trainEpisodes)}
              onStop={() => client.stopTraining()}
              onLoadWeights={() => void loadPretrained(client, store, settings.task)}
              weightsMessage={weightsMessage}
            />
          </PanelBoundary>
          <PanelBoundary name="The model parameters">
            <ModelParams settings={settings} onChange={change} training={training} />
          </PanelBoundary>
          <PanelBoundary name="The run file controls">
            <RunFilePanel
              onExport={() => client.exportRun()}
              onImport={(file, name) => {
                keeper.nameNext(`Imported ${name}`);
                client.importRun(file, name);
              }}
              error={runFileError}
            />
          </PanelBoundary>
          <PanelBoundary name="The Runs list">
            <RunsPanel keeper={keeper} task={settings.task} training={training} />
          </PanelBoundary>
        </aside>
      </div>

      <div className="analysis">
        <PanelBoundary name="The learning plots">
          <LearningPlots episodes={episodes} progress={progress} successRule={task.successRule} />
        </PanelBoundary>
        <PanelBoundary name="Paper mode">
          <PaperPanel
            settings={settings}
            store={paper.store}
            seedCount={paperSeeds}
            onSeedCount={(n) => store.setState({ paperSeeds: n })}
            onStart={startPaper}
            onStop={() => paper.stop()}
          />
        </PanelBoundary>
        {settings.task === 'pendulum' && settings.agent !== 'mppi' && (
          <PanelBoundary name="The value map">
            <ValueHeatmap map={valueMap} />
          </PanelBoundary>
        )}
        <PanelBoundary name="The explanation">
          <Explanation task={settings.task} settings={settings} />
        </PanelBoundary>
      </div>

      <footer className="footer">
        Bhardwaj, Handa, Fox, Boots: <cite>Information Theoretic Model Predictive Q-Learning</cite>, L4DC 2020.
        Everything runs in this tab; the link holds every setting and the seed.
      </footer>
    </div>
  );
}
