import { describe, expect, it } from 'vitest';
import { defaultSettings } from '../../compute/engine/settings';
import { predictStepMs, StepCostMeter, stepCostWarning, WARN_ABOVE_MS } from './stepCost';

const franka = { ...defaultSettings('franka'), backend: 'cpu' as const, samples: 512, horizon: 16, iterations: 1 };

describe('slow settings warning', () => {
  it('predicts a step from the largest step measured: rows × the cost per row', () => {
    const meter = new StepCostMeter();
    meter.observe(franka, 'cpu', 400); // the first step of a size: warm-up, not a measurement on its own
    expect(meter.measured).toBeNull();
    meter.observe(franka, 'cpu', 40); // 512 × 16 × 1 rows in 40 ms: the fastest of two
    meter.observe(franka, 'cpu', 90); // a stall
    meter.observe({ ...franka, samples: 64 }, 'cpu', 20); // a smaller step (mostly overhead) does not replace it
    const cost = meter.measured!;
    expect(cost.rows).toBe(512 * 16);
    expect(cost.msPerRow).toBeCloseTo(40 / (512 * 16), 12);
    const heavy = { ...franka, samples: 16384, horizon: 128, iterations: 10 };
    // 16384 × 128 × 10 rows = 2560 × the measured step's: 102.4 s.
    expect(predictStepMs(heavy, cost)).toBeCloseTo(102_400, 6);
    meter.observe(franka, 'cpu', Number.NaN); // nothing learnt from a bad reading
    expect(meter.measured!.ms).toBe(40);
  });

  it('warns, naming the time and the way to cancel, only for a larger step predicted over a second', () => {
    const meter = new StepCostMeter();
    meter.observe(franka, 'cpu', 40);
    meter.observe(franka, 'cpu', 40);
    const heavy = { ...franka, samples: 16384, horizon: 128, iterations: 10 };
    expect(stepCostWarning(franka, heavy, meter.measured)).toBe(
      'Slow settings: N 16,384 × H 128 × 10 iterations on the CPU take about 2 min per control step ' +
        '(predicted from the steps measured here). A step in progress can be cancelled: Pause, or "Cancel it" on the busy banner.',
    );
    // Under a second (N 4096: 320 ms), a smaller step, another task or backend, or no measurement: no warning.
    expect(predictStepMs({ ...franka, samples: 4096, horizon: 16 }, meter.measured!)).toBeLessThan(WARN_ABOVE_MS);
    expect(stepCostWarning(franka, { ...franka, samples: 4096 }, meter.measured)).toBeNull();
    expect(stepCostWarning(heavy, { ...heavy, samples: 8192 }, meter.measured)).toBeNull();
    expect(stepCostWarning(franka, { ...heavy, backend: 'wasm' }, meter.measured)).toBeNull();
    expect(stepCostWarning(franka, { ...defaultSettings('pendulum'), samples: 16384 }, meter.measured)).toBeNull();
    expect(stepCostWarning(franka, heavy, null)).toBeNull();
  });
});
