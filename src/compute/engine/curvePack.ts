/**
 * Learning curves as columns of typed arrays: how a checkpoint carries them out
 * of the worker and into IndexedDB. A list of 200,000 episode objects costs
 * the page a long structured clone every save; eleven typed arrays cost a copy.
 * Unpacking gives back the same episode events (keys in run-file order).
 */
import type { EpisodeEvent } from './protocol';
import { canonicalEpisode } from './runFile';

/** One entry per episode in each column; NaN marks a null TD loss and an absent test summary. */
export interface PackedCurves {
  readonly count: number;
  /** 0 play, 1 train. */
  readonly phase: Uint8Array;
  /** 0 the real system, 1 a domain-randomised simulation. */
  readonly system: Uint8Array;
  readonly success: Uint8Array;
  readonly episode: Float64Array;
  readonly ret: Float64Array;
  readonly steps: Float64Array;
  readonly wallMs: Float64Array;
  readonly meanFreeEnergy: Float64Array;
  readonly tdLoss: Float64Array;
  readonly testEpisodes: Float64Array;
  readonly testMeanReturn: Float64Array;
  readonly testSuccessRate: Float64Array;
}

/** The columns of a curve list. */
export function packCurves(curves: readonly EpisodeEvent[]): PackedCurves {
  const n = curves.length;
  const f = () => new Float64Array(n);
  const p: PackedCurves = {
    count: n,
    phase: new Uint8Array(n),
    system: new Uint8Array(n),
    success: new Uint8Array(n),
    episode: f(),
    ret: f(),
    steps: f(),
    wallMs: f(),
    meanFreeEnergy: f(),
    tdLoss: f(),
    testEpisodes: f(),
    testMeanReturn: f(),
    testSuccessRate: f(),
  };
  curves.forEach(({ phase, record: r }, i) => {
    p.phase[i] = phase === 'train' ? 1 : 0;
    p.system[i] = r.system === 'dr' ? 1 : 0;
    p.success[i] = r.success ? 1 : 0;
    p.episode[i] = r.episode;
    p.ret[i] = r.return;
    p.steps[i] = r.steps;
    p.wallMs[i] = r.wallMs;
    p.meanFreeEnergy[i] = r.meanFreeEnergy;
    p.tdLoss[i] = r.tdLoss ?? NaN;
    p.testEpisodes[i] = r.test?.episodes ?? NaN;
    p.testMeanReturn[i] = r.test?.meanReturn ?? NaN;
    p.testSuccessRate[i] = r.test?.successRate ?? NaN;
  });
  return p;
}

/** The curve list back from its columns. */
export function unpackCurves(p: PackedCurves): EpisodeEvent[] {
  const out: EpisodeEvent[] = new Array(p.count);
  for (let i = 0; i < p.count; i++) {
    const test = Number.isNaN(p.testEpisodes[i])
      ? undefined
      : { episodes: p.testEpisodes[i], meanReturn: p.testMeanReturn[i], successRate: p.testSuccessRate[i] };
    out[i] = canonicalEpisode({
      phase: p.phase[i] === 1 ? 'train' : 'play',
      record: {
        episode: p.episode[i],
        return: p.ret[i],
        success: p.success[i] === 1,
        steps: p.steps[i],
        wallMs: p.wallMs[i],
        meanFreeEnergy: p.meanFreeEnergy[i],
        tdLoss: Number.isNaN(p.tdLoss[i]) ? null : p.tdLoss[i],
        system: p.system[i] === 1 ? 'dr' : 'true',
        ...(test ? { test } : {}),
      },
    });
  }
  return out;
}

/** The packed columns' buffers, to transfer instead of copy. */
export function curveBuffers(p: PackedCurves): ArrayBuffer[] {
  return Object.values(p)
    .filter((v): v is Uint8Array | Float64Array => ArrayBuffer.isView(v))
    .map((v) => v.buffer as ArrayBuffer);
}
