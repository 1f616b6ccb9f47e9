/**
 * The learner's work survives: a trained run is saved after every episode, is
 * offered after a reload and comes back with the same weights and curves; a
 * trained Q replaced by the pretrained one stays in the Runs list; closing the
 * tab while training asks first.
 */
import { expect, test } from './lab';

test('train 3 episodes, reload, resume: the same weights and curves; pretrained weights keep the run', async ({
  lab,
  page,
}) => {
  test.setTimeout(90_000);
  await lab.open('?task=pendulum&backend=cpu&episodes=3&seed=2');
  await lab.ready();
  await page.getByTestId('train-start').click();
  await lab.waitFor('training', (t) => t === true);
  // Training asks before the tab closes.
  const asks = () =>
    page.evaluate(() => {
      const e = new Event('beforeunload', { cancelable: true });
      window.dispatchEvent(e);
      return e.defaultPrevented;
    });
  expect(await asks()).toBe(true);
  await lab.waitFor('trainingDone', (d) => d === 3, 60_000);
  await lab.waitFor('training', (t) => t === false);
  expect(await asks()).toBe(false);
  await lab.saved();
  const weights = await lab.query('weightsHash');
  const curves = await lab.query('curvesHash');
  expect(weights).not.toBeNull();
  expect(await lab.query('episodes')).toBeGreaterThanOrEqual(3);

  await page.reload();
  await lab.ready();
  const offer = page.getByTestId('resume-offer');
  await expect(offer).toContainText('3 training episodes');
  await page.getByTestId('resume').click();
  await expect(offer).toBeHidden();
  await lab.waitFor('weightsHash', (h) => h === weights);
  await lab.waitFor('curvesHash', (h) => h === curves);
  const name = (await lab.query('runs'))[0];

  // Pretrained weights replace the Q: the trained run stays in the list, and the page says so.
  await page.getByTestId('q-pretrained').click();
  await lab.waitFor('notices', (n) => n.some((m) => m.includes('is kept in Runs')));
  await lab.waitFor('runs', (r) => r.includes(name) && r.some((x) => x.startsWith('Pretrained')));
  await expect(page.getByTestId('runs')).toContainText(name);
  expect(lab.errors).toEqual([]);
});
