import { describe, expect, it } from 'vitest';
import { defaultSettings } from '../../compute/engine/settings';
import { storyHolds, storySettings } from './applyStory';
import { findStory } from './stories';

describe('applying a story', () => {
  const page = { ...defaultSettings('fetch', 'softq'), speed: 3, backend: 'wasm' as const };
  it("takes the story's settings and keeps the page's speed and backend", () => {
    const s = storySettings(findStory('long-horizon-true')!, page);
    expect(s).toMatchObject({ task: 'pendulum', agent: 'mppi', horizon: 16, model: 'true', speed: 3, backend: 'wasm' });
  });
  it('holds until a setting or the Q-function changes', () => {
    const story = findStory('lambda-small')!;
    const s = storySettings(story, page);
    expect(storyHolds(story, s, 'pretrained')).toBe(true);
    expect(storyHolds(story, s, 'none')).toBe(false);
    expect(storyHolds(story, { ...s, lambda: 0.5 }, 'pretrained')).toBe(false);
  });
});
