import { describe, expect, it } from 'vitest';
import { curveBuffers, packCurves, unpackCurves } from './curvePack';
import type { EpisodeEvent } from './protocol';
import { canonicalEpisode } from './runFile';

describe('packCurves', () => {
  it('gives back exactly the episode events it packed, nulls and test summaries included', () => {
    const curves: EpisodeEvent[] = [
      {
        phase: 'play',
        record: {
          episode: 1,
          return: -12.5,
          success: false,
          steps: 100,
          wallMs: 30.25,
          meanFreeEnergy: 4,
          tdLoss: null,
          system: 'true',
        },
      },
      {
        phase: 'train',
        record: {
          episode: 2,
          return: -1e-9,
          success: true,
          steps: 7,
          wallMs: 1,
          meanFreeEnergy: -3,
          tdLoss: 0.125,
          system: 'dr',
          test: { episodes: 5, meanReturn: -2, successRate: 0.4 },
        },
      },
    ];
    const packed = packCurves(curves);
    expect(packed.count).toBe(2);
    expect(unpackCurves(packed)).toEqual(curves.map(canonicalEpisode));
    expect(JSON.stringify(unpackCurves(packed))).toBe(JSON.stringify(curves.map(canonicalEpisode)));
    expect(curveBuffers(packed)).toHaveLength(12);
    expect(unpackCurves(packCurves([]))).toEqual([]);
  });
});
