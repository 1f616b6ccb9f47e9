/**
 * The lecture view: one screen, no scrolling at 1280×720 and 1920×1080, type
 * sized from the window (24 px and more at 1080 p). The scene is large; beside
 * it the weights panel and the step-through of one MPPI iteration with the
 * current sub-step's equation; on the right the teaching controls — play /
 * step / reset, λ first (the one slider a lecturer moves most), H, Σ, the
 * agent and its Q-function, the planner's model box for one parameter; above
 * them the story bar and its caption.
 */
import { useState } from 'react';
import { useStore } from 'zustand';
import { getTask, taskIds } from '../../core/tasks/registry';
import type { LabSettings } from '../../compute/engine/settings';
import { PageQSource } from '../controls/QSourceControl';
import { RunButtons } from '../controls/RunControls';
import {
  AgentChoice,
  ModelChoice,
  ParamBox,
  PLANNER_SLIDERS,
  PlannerSlider,
  type SettingsProps,
} from '../controls/SettingsControls';
import { paramLabel } from '../controls/paramLabel';
import { withTask } from '../controls/editSettings';
import { PageMessages, ViewToggle } from '../controls/Messages';
import { useLabSettings } from '../useLabSettings';
import type { EngineClient } from '../engineClient';
import { SceneStage } from '../SceneCanvas';
import type { SceneView } from '../scenes/sceneView';
import { LectureStatus } from '../StatusBar';
import { pushMessage, type LabStore } from '../store';
import { applyStory, storyHolds } from './applyStory';
import { findStory, STORIES, stepStory } from './stories';
import { LectureTools } from './LectureTools';
import './lecture.css';

export interface LectureViewProps {
  store: LabStore;
  client: EngineClient;
  onView: (view: SceneView | null) => void;
}

/** The story bar: previous / next, the story's title and caption, and whether the settings still are the story's. */
function StoryBar({ store, client }: { store: LabStore; client: EngineClient }) {
  const storyId = useStore(store, (s) => s.story);
  const settings = useStore(store, (s) => s.settings);
  const q = useStore(store, (s) => s.q);
  const story = findStory(storyId);
  const i = story ? STORIES.indexOf(story) : -1;
  const go = (step: 1 | -1) => applyStory(stepStory(storyId, step), client, store);
  return (
    <section className="story-bar" aria-label="Lecture stories" data-testid="story-bar">
      <div className="story-nav">
        <button
          type="button"
          data-testid="story-prev"
          disabled={i === 0}
          onClick={() => go(-1)}
          aria-keyshortcuts="PageUp ["
          aria-label="Previous story"
        >
          ◀
        </button>
        <h2 className="story-title" data-testid="story-title">
          {story ? `${i + 1}/${STORIES.length} · ${story.title}` : `Stories (${STORIES.length}): press ▶`}
        </h2>
        <button
          type="button"
          data-testid="story-next"
          disabled={i === STORIES.length - 1}
          onClick={() => go(1)}
          aria-keyshortcuts="PageDown ]"
          aria-label="Next story"
        >
          ▶
        </button>
      </div>
      {story && (
        <p className="story-caption" data-testid="story-caption">
          {story.caption}
          {!storyHolds(story, settings, q) && (
            <>
              {' '}
              <button type="button" className="link-button" onClick={() => applyStory(story, client, store)}>
                (settings changed — back to the story)
              </button>
            </>
          )}
        </p>
      )}
    </section>
  );
}

/** The planner's box of one model parameter (which one is the lecturer's choice). */
function OneParam({ settings, onChange, training }: SettingsProps) {
  const task = getTask(settings.task);
  const [j, setJ] = useState(0);
  const k = Math.min(j, task.paramNames.length - 1);
  return (
    <div className="one-param" data-testid="one-param">
      <label className="one-param-pick">
        Model box of{' '}
        <select value={k} onChange={(e) => setJ(Number(e.target.value))} data-testid="one-param-select">
          {task.paramNames.map((p, i) => (
            <option key={p} value={i}>
              {paramLabel(p).name}
            </option>
          ))}
        </select>
      </label>
      <div className="param-head" aria-hidden="true">
        <span>low</span>
        <span>high</span>
        <span>real</span>
      </div>
      <ParamBox settings={settings} onChange={onChange} training={training} j={k} />
    </div>
  );
}

const LECTURE_SLIDERS = ['lambda', 'horizon', 'sigma'].map((key) => PLANNER_SLIDERS.find((s) => s.key === key)!);

export function LectureView({ store, client, onView }: LectureViewProps) {
  const { settings, status, progress, training, change } = useLabSettings(store, client);
  const backend = useStore(store, (s) => s.backend);
  const episodes = useStore(store, (s) => s.episodes);
  const series = useStore(store, (s) => s.series);
  const inspect = useStore(store, (s) => s.inspect);
  const task = getTask(settings.task);
  return (
    <div className="lecture" data-testid="lecture-view">
      <header className="lecture-top">
        <div className="lecture-title">
          <h1 title="Model Predictive Q-Learning">MPQ Lab</h1>
          <label className="lecture-task">
            <span className="sr-only">Task</span>
            <select
              data-testid="lecture-task"
              value={settings.task}
              disabled={training}
              onChange={(e) => change(withTask(settings, e.target.value as LabSettings['task']))}
            >
              {taskIds().map((id) => (
                <option key={id} value={id}>
                  {getTask(id).label}
                </option>
              ))}
            </select>
          </label>
        </div>
        <StoryBar store={store} client={client} />
        <ViewToggle store={store} to="lab" />
      </header>

      <div className="lecture-messages">
        <PageMessages store={store} />
      </div>

      <section className="lecture-stage" aria-label="Simulation">
        <SceneStage
          client={client}
          task={settings.task}
          onView={onView}
          onError={(m) => pushMessage(store, 'errors', m)}
          episodes={episodes}
          series={series}
        />
        <LectureStatus
          backend={backend}
          status={status}
          progress={progress}
          speed={settings.speed}
          controlDtSec={task.controlDtSec}
          episodeSteps={task.episodeSteps}
        />
      </section>

      <aside className="lecture-side" aria-label="Teaching controls">
        <RunButtons
          running={status.running}
          training={training}
          actions={{
            play: () => client.play(),
            pause: () => client.pause(),
            step: () => client.step(),
            reset: () => client.reset(),
          }}
        />
        {LECTURE_SLIDERS.map((sp) => (
          <PlannerSlider key={sp.key} spec={sp} settings={settings} onChange={change} />
        ))}
        <AgentChoice settings={settings} onChange={change} training={training} />
        <PageQSource store={store} client={client} settings={settings} training={training} sayDone={false} />
        <ModelChoice settings={settings} onChange={change} training={training} />
        <OneParam settings={settings} onChange={change} training={training} />
      </aside>

      <section className="lecture-tools-column" aria-label="One MPPI iteration">
        <LectureTools client={client} settings={settings} inspect={inspect} training={training} onChange={change} />
      </section>
    </div>
  );
}
