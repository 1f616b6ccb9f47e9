import { describe, expect, it } from 'vitest';
import { speedReadout, updatingText } from './StatusBar';
import { IDLE_STATUS } from './store';

describe('speedReadout', () => {
  const playing = { ...IDLE_STATUS, running: true };
  it('gives the speed reached as multiples of real time', () => {
    const r = speedReadout({ ...playing, rateHz: 20, planMs: 1 }, 1, 0.05);
    expect(r).toMatchObject({ achieved: 1, short: false, text: '1× real time' });
  });
  it('says when the asked speed is not reached, and whether planning is why', () => {
    const slow = speedReadout({ ...playing, rateHz: 10, planMs: 45 }, 1, 0.05);
    expect(slow.short).toBe(true);
    expect(slow.text).toBe('0.5× real time of 1× asked: planning takes 45 ms of the 50 ms a step may take');
    const busy = speedReadout({ ...playing, rateHz: 100, planMs: 2 }, 10, 0.05);
    expect(busy.short).toBe(true);
    expect(busy.text).toMatch(/^5× real time of 10× asked: planning takes 2 ms of 5; the rest goes to/);
    // Paused or training: nothing is short.
    expect(speedReadout({ ...IDLE_STATUS, rateHz: 1 }, 1, 0.05).short).toBe(false);
    expect(speedReadout({ ...playing, training: true, rateHz: 1 }, 1, 0.05).short).toBe(false);
  });
});

describe('updatingText', () => {
  const p = { running: true, done: 3, total: 50, etaSec: 60, updates: 96 };
  it('says which minibatch of the update runs, and nothing between updates', () => {
    expect(updatingText({ ...p, phase: 'updating', minibatch: 12, minibatches: 32 })).toBe(
      'updating Q (minibatch 12 of 32)',
    );
    expect(updatingText({ ...p, phase: 'acting', minibatch: 0, minibatches: 32 })).toBeNull();
    expect(updatingText(null)).toBeNull();
  });
});
