import { describe, expect, it } from 'vitest';
import { defaultSettings } from '../../compute/engine/settings';
import { liveChangeNotice } from './trainingLocks';

describe('liveChangeNotice', () => {
  it('names the live settings that changed, and nothing for others', () => {
    const s = defaultSettings('pendulum');
    expect(liveChangeNotice(s, { ...s, lambda: 0.3, horizon: 12 })).toBe(
      'The training run goes on with λ 0.3, H 12 from its next control step (its Eq. 19 targets too).',
    );
    expect(liveChangeNotice(s, { ...s, speed: 2 })).toBeNull();
  });
});
