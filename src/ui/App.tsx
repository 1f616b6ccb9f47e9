/**
 * The MPQ Lab page in one of two layouts. The lab (for a desk): the task
 * picker, the scene with the status bar, the weights panel and the
 * step-through, the controls (agent and Q-function, planner, run, training,
 * model parameters, run file, runs), the learning plots, paper mode and the
 * explanation. The lecture view (for a projector, lecture/LectureView.tsx):
 * one screen, large type. Settings and slow summaries come from the store;
 * the scene pulls frames from the engine client itself.
 */
import { useEffect } from 'react';
import { useStore } from 'zustand';
import { getTask } from '../core/tasks/registry';
import type { LabSettings } from '../compute/engine/settings';
import { CostWeights } from './controls/CostWeights';
import { AgentControls, ModelParams, PlannerControls, TaskPicker } from './controls/SettingsControls';
import { CopyLink } from './controls/CopyLink';
import { PageMessages, ViewToggle } from './controls/Messages';
import { PageQSource } from './controls/QSourceControl';
import { RunControls } from './controls/RunControls';
import { TrainingControls } from './controls/TrainingControls';
import { useLabSettings } from './useLabSettings';
import type { EngineClient } from './engineClient';
import { SHORTCUTS } from './keyboard';
import { LectureView } from './lecture/LectureView';
import { PaperPanel } from './paper/PaperPanel';
import type { PaperRun } from './paper/paperRun';
import { Explanation } from './panels/Explanation';
import { RunFilePanel } from './panels/RunFilePanel';
import { LectureTools } from './lecture/LectureTools';
import { STEP_SHORTCUTS } from './lecture/StepThrough';
import { LearningPlots } from './plots/LearningPlots';
import { ValueHeatmap } from './plots/ValueHeatmap';
import { SceneStage } from './SceneCanvas';
import type { SceneView } from './scenes/sceneView';
import { BackendNote, StatusBar } from './StatusBar';
import { EngineHealthBanner } from './EngineHealthBanner';
import { PanelBoundary } from './PanelBoundary';
import type { RunKeeper } from './runs/runKeeper';
import { ResumeBanner, RunsPanel } from './runs/RunsPanel';
import { pushMessage, type LabStore } from './store';

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

/** The lab layout or the lecture view, as the store says; the lecture view sizes the page's type from the window. */
export function App(props: AppProps) {
  const view = useStore(props.store, (s) => s.view);
  const settings = useStore(props.store, (s) => s.settings);
  useEffect(() => {
    document.documentElement.dataset.view = view;
  }, [view]);
  useEffect(() => {
    document.title = `MPQ Lab · ${getTask(settings.task).title} · ${AGENT_TITLE[settings.agent]}`;
  }, [settings.task, settings.agent]);
  return view === 'lecture' ? (
    <LectureView store={props.store} client={props.client} onView={props.onView} />
  ) : (
    <LabLayout {...props} />
  );
}

function LabLayout({ store, client, paper, keeper, onView }: AppProps) {
  const { settings, status, progress, training, change } = useLabSettings(store, client);
  const backend = useStore(store, (s) => s.backend);
  const fps = useStore(store, (s) => s.fps);
  const episodes = useStore(store, (s) => s.episodes);
  const valueMap = useStore(store, (s) => s.valueMap);
  const runFileError = useStore(store, (s) => s.runFileError);
  const series = useStore(store, (s) => s.series);
  const paperSeeds = useStore(store, (s) => s.paperSeeds);
  const health = useStore(store, (s) => s.health);
  const inspect = useStore(store, (s) => s.inspect);

  const task = getTask(settings.task);
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
        <div className="top-buttons">
          <ViewToggle store={store} to="lecture" />
          <CopyLink />
        </div>
      </header>

      <PageMessages store={store} />
      <PanelBoundary name="The resume offer">
        <ResumeBanner keeper={keeper} training={training} />
      </PanelBoundary>

      <div className="workspace">
        <section className="stage" aria-label="Simulation">
          <PanelBoundary name="The 3D view">
            <SceneStage
              client={client}
              task={settings.task}
              onView={onView}
              onError={(m) => pushMessage(store, 'errors', m)}
              episodes={episodes}
              series={series}
            />
          </PanelBoundary>
          <PanelBoundary name="The status bar">
            <StatusBar
              backend={backend}
              status={status}
              progress={progress}
              speed={settings.speed}
              fps={fps}
              controlDtSec={task.controlDtSec}
              episodeSteps={task.episodeSteps}
            />
            <EngineHealthBanner health={health} onRestart={() => client.restart('restarted from the page')} />
            <BackendNote backend={backend} />
          </PanelBoundary>
          <PanelBoundary name="The lecture tools">
            <div className="lecture-tools">
              <LectureTools
                client={client}
                settings={settings}
                inspect={inspect}
                training={training}
                onChange={change}
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
            <section className="group" aria-label="Q-function">
              <PageQSource store={store} client={client} settings={settings} training={training} />
            </section>
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
          <LearningPlots episodes={episodes} series={series} progress={progress} successRule={task.successRule} />
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
