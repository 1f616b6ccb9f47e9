/**
 * Putting a lecture story in force: its link's settings (the page keeps its
 * own speed and backend), its Q-function, the seed's first episode, playing.
 */
import type { LabSettings } from '../../compute/engine/settings';
import type { EngineClient } from '../engineClient';
import type { LabStore } from '../store';
import { parseLink } from '../url/pageState';
import type { Story } from './stories';

/** The settings a story asks for, given the page's current ones (speed and backend are the page's). */
export function storySettings(story: Story, current: LabSettings): LabSettings {
  return { ...parseLink(story.query).settings, speed: current.speed, backend: current.backend };
}

/** True while the page's settings and Q are still the story's. */
export function storyHolds(story: Story, current: LabSettings, q: string): boolean {
  const want = storySettings(story, current);
  return JSON.stringify(want) === JSON.stringify(current) && parseLink(story.query).page.q === q;
}

export function applyStory(story: Story, client: EngineClient, store: LabStore): void {
  const { settings } = store.getState();
  if (client.training) client.stopTraining();
  client.configure(storySettings(story, settings), parseLink(story.query).page.q);
  store.setState({ story: story.id, view: 'lecture' });
  client.reset();
  client.play();
}
