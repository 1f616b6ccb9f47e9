/**
 * Settings that would make a control step take over a second are warned about
 * as they are applied, before any step runs with them: the page measures its
 * own steps (controls/stepCost.ts) and predicts the new step from them.
 */
import { expect, test } from './lab';

test('raising N and H far enough warns, with the predicted time, before a step runs; lowering them does not', async ({
  lab,
  page,
}) => {
  test.setTimeout(90_000);
  await lab.open('?task=pendulum&N=64&H=8&backend=cpu');
  await lab.ready(60_000);
  // The page plays from the start; the prediction needs two measured steps of the settings in force.
  await lab.waitFor('controlSteps', (n) => n >= 4, 30_000);
  await lab.pause();
  const steps = await lab.query('controlSteps');
  expect((await lab.query('notices')).some((m) => m.startsWith('Slow settings'))).toBe(false);

  // The page's largest step, N 16,384 × H 128 × 10 iterations, is 40,960 times the rows of the measured
  // N 64 × H 8 step: far over a second on any machine this runs on.
  await lab.setValue('iters', '10');
  await lab.setValue('H', '128');
  await lab.setValue('N', '16384');
  const notices = await lab.waitFor('notices', (n) => n.some((m) => m.includes('N 16,384 × H 128')));
  const warning = notices.find((m) => m.includes('N 16,384 × H 128'))!;
  expect(warning).toMatch(/^Slow settings: N 16,384 × H 128 × 10 iterations on the CPU take about .+ per control step/);
  expect(warning).toContain('A step in progress can be cancelled');
  await expect(page.getByText(/Slow settings: N 16,384 × H 128/)).toBeVisible();
  // Warned before it ran: no step was taken with the new settings.
  expect(await lab.query('controlSteps')).toBe(steps);

  // Back to cheap settings: no new warning, and a step runs at once.
  const count = (await lab.query('notices')).filter((m) => m.startsWith('Slow settings')).length;
  await lab.setValue('N', '64');
  await lab.setValue('H', '8');
  await lab.setValue('iters', '1');
  await lab.button('step').click();
  await lab.waitFor('controlSteps', (n) => n > steps, 20_000);
  expect((await lab.query('notices')).filter((m) => m.startsWith('Slow settings')).length).toBeLessThanOrEqual(count);
  expect(lab.errors).toEqual([]);
});
