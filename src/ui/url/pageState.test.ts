import { describe, expect, it } from 'vitest';
import { defaultSettings } from '../../compute/engine/settings';
import { STORIES, STORY_IDS, stepStory } from '../lecture/stories';
import { defaultQSource, encodePageState, parseLink } from './pageState';

describe('parseLink: the page keys beside the settings', () => {
  it('defaults: the lab view, MPQ with the published Q, SoftQ and MPPI without', () => {
    const l = parseLink('');
    expect(l.page).toEqual({ view: 'lab', q: 'pretrained', story: null, madeOn: null });
    expect(l.settings).toEqual(defaultSettings('pendulum'));
    expect(l.notices).toEqual([]);
    expect(parseLink('?agent=softq').page.q).toBe('none');
    expect(parseLink('?agent=mppi&q=pretrained').page.q).toBe('none');
    expect(defaultQSource('mpq')).toBe('pretrained');
  });
  it('reads every key and leaves the rest to parseSettings', () => {
    const l = parseLink('?view=lecture&q=none&story=mpq&on=webgpu&task=fetch&H=12');
    expect(l.page).toEqual({ view: 'lecture', q: 'none', story: 'mpq', madeOn: 'webgpu' });
    expect(l.settings).toMatchObject({ task: 'fetch', horizon: 12 });
    expect(l.notices).toEqual([]);
  });
  it('replaces bad values by defaults and says so; a trained Q is not in a link', () => {
    const l = parseLink('?view=slides&q=mine&story=nope&on=tpu&H=0');
    expect(l.page).toEqual({ view: 'lab', q: 'pretrained', story: null, madeOn: 'cpu' });
    expect(l.notices.map((n) => n.key).sort()).toEqual(['H', 'on', 'q', 'story', 'view']);
    const t = parseLink('?q=trained');
    expect(t.page.q).toBe('none');
    expect(t.notices[0].allowed).toMatch(/not in the link; an untrained Q is used/);
  });
  it('writes what it reads', () => {
    for (const page of [
      { view: 'lecture', q: 'none', story: 'lambda-small', madeOn: 'cpu' },
      { view: 'lab', q: 'pretrained', story: null, madeOn: null },
    ] as const) {
      expect(parseLink(`?${encodePageState(page)}`).page).toEqual(page);
    }
  });
});

describe('lecture stories', () => {
  it('are 5–7 links with unique ids that parse without a notice, the MPQ ones with the published Q', () => {
    expect(STORIES.length).toBeGreaterThanOrEqual(5);
    expect(STORIES.length).toBeLessThanOrEqual(7);
    expect(new Set(STORY_IDS).size).toBe(STORIES.length);
    for (const s of STORIES) {
      const l = parseLink(s.query);
      expect(l.notices, s.id).toEqual([]);
      if (l.settings.agent === 'mpq') expect(l.page.q, s.id).toBe('pretrained');
      expect(s.caption.length).toBeGreaterThan(40);
    }
  });
  it('step forwards and back without wrapping; from none, next is the first', () => {
    expect(stepStory(null, 1)).toBe(STORIES[0]);
    expect(stepStory(STORIES[0].id, -1)).toBe(STORIES[0]);
    expect(stepStory(STORIES[1].id, 1)).toBe(STORIES[2]);
    expect(stepStory(STORIES.at(-1)!.id, 1)).toBe(STORIES.at(-1));
  });
});
