/**
 * Opt-in measurement (MEASURE_FPS=1), not a check: the page's frame rate over
 * 10 s of requestAnimationFrame callbacks while pendulum MPQ (N 24, H 8)
 * plays, with the control rate and the backend, printed as JSON and attached.
 *
 * Once with the default backend choice (WebGPU here, on SwiftShader) and once
 * on the CPU path (?backend=wasm):
 *
 *   MEASURE_FPS=1 npx playwright test e2e/measureFps.spec.ts --project webgpu
 */
import { expect, test } from './lab';

for (const backend of ['auto', 'wasm'] as const) {
  test(`frame rate of the playing page, backend ${backend}`, async ({ lab, page }, info) => {
    test.skip(process.env.MEASURE_FPS !== '1', 'opt-in: MEASURE_FPS=1');
    test.setTimeout(60_000);
    await lab.open(`?task=pendulum&agent=mpq&N=24&H=8&backend=${backend}`);
    await lab.ready();
    await page.waitForTimeout(2000); // past the warm-up
    expect(await lab.query('running')).toBe(true);
    const steps0 = await lab.query('controlSteps');
    const drawn0 = await lab.query('framesDrawn');
    const raf = await page.evaluate(
      () =>
        new Promise<{ frames: number; ms: number; worstMs: number }>((resolve) => {
          let frames = 0;
          let worst = 0;
          let last = 0;
          const t0 = performance.now();
          const tick = (t: number) => {
            if (last > 0) worst = Math.max(worst, t - last);
            last = t;
            frames++;
            if (t - t0 < 10_000) requestAnimationFrame(tick);
            else resolve({ frames, ms: t - t0, worstMs: worst });
          };
          requestAnimationFrame(tick);
        }),
    );
    const steps1 = await lab.query('controlSteps');
    const drawn1 = await lab.query('framesDrawn');
    const b = await lab.query('backend');
    const result = {
      rafFps: Number(((raf.frames * 1000) / raf.ms).toFixed(1)),
      sceneFps: Number((((drawn1 - drawn0) * 1000) / raf.ms).toFixed(1)),
      worstFrameMs: Number(raf.worstMs.toFixed(1)),
      controlStepsPerSec: Number((((steps1 - steps0) * 1000) / raf.ms).toFixed(1)),
      windowMs: Math.round(raf.ms),
      backend: b ? `planner ${b.planner} · Q ${b.tfjs}` : null,
      project: info.project.name,
    };
    console.log(`measureFps: ${JSON.stringify(result)}`);
    await info.attach(`fps-${backend}.json`, {
      body: JSON.stringify(result, null, 2),
      contentType: 'application/json',
    });
  });
}
