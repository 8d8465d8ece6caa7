import { expect, test } from './fixtures';
import { chooseFamily, downloadCsv, panel, parseCsv, setHorizon, slider, spinbutton } from './helpers';

test.beforeEach(async ({ page }) => {
  await page.goto('/');
});

test('arrow keys and a drag on a slider change the CSV as expected', async ({ page }) => {
  await setHorizon(page, 30, 2);
  const a = panel(page, 'A');
  await chooseFamily(a, 'torch', 'StepLR');
  await spinbutton(a, 'Initial LR').fill('0.1');
  await spinbutton(a, 'Gamma').fill('0.5');

  // Keyboard: Home then four ArrowRight steps puts step_size at 5.
  const stepSize = slider(a, 'Step size');
  await stepSize.focus();
  await page.keyboard.press('Home');
  for (let i = 0; i < 4; i++) await page.keyboard.press('ArrowRight');
  await expect(spinbutton(a, 'Step size')).toHaveValue('5');
  let csv = parseCsv(await downloadCsv(page));
  expect(csv.header).toEqual(['step', 'epoch', 'A']);
  expect(csv.rows).toBe(60);
  expect(csv.column('epoch')).toEqual(Array.from({ length: 60 }, (_, s) => Math.floor(s / 2)));
  // StepLR(step_size=5, gamma=0.5) from lr 0.1: halving is exact in binary, so these values are exact.
  expect(csv.column('A')).toEqual(Array.from({ length: 60 }, (_, s) => 0.1 * 0.5 ** Math.floor(Math.floor(s / 2) / 5)));

  // Mouse: drag the thumb to the far left (step_size 1): the LR halves every epoch.
  await stepSize.scrollIntoViewIfNeeded();
  const box = await stepSize.boundingBox();
  if (!box) throw new Error('slider has no box');
  await page.mouse.move(box.x + box.width * 0.3, box.y + box.height / 2);
  await page.mouse.down();
  await page.mouse.move(box.x - 40, box.y + box.height / 2, { steps: 8 });
  await page.mouse.up();
  await expect(spinbutton(a, 'Step size')).toHaveValue('1');
  csv = parseCsv(await downloadCsv(page));
  expect(csv.column('A')).toEqual(Array.from({ length: 60 }, (_, s) => 0.1 * 0.5 ** Math.floor(s / 2)));
});

test('add, duplicate and remove schedules', async ({ page }) => {
  await setHorizon(page, 4, 1);
  await page.getByRole('button', { name: 'Add schedule', exact: true }).click();
  const b = panel(page, 'B');
  await expect(b).toBeVisible();
  await chooseFamily(b, 'torch', 'ExponentialLR');
  await spinbutton(b, 'Gamma').fill('0.5');

  await spinbutton(panel(page, 'A'), 'Step size').fill('2');
  await panel(page, 'A').getByRole('button', { name: 'Duplicate', exact: true }).click();
  // The copy is inserted after A: it becomes B and the ExponentialLR moves to C.
  await expect(panel(page, 'C')).toBeVisible();
  await expect(spinbutton(panel(page, 'B'), 'Step size')).toHaveValue('2');
  let csv = parseCsv(await downloadCsv(page));
  expect(csv.header).toEqual(['step', 'epoch', 'A', 'B', 'C']);
  expect(csv.column('B')).toEqual(csv.column('A'));
  expect(csv.column('C')).toEqual([0.1, 0.05, 0.025, 0.0125]);

  await panel(page, 'B').getByRole('button', { name: 'Remove', exact: true }).click();
  await expect(panel(page, 'C')).toHaveCount(0);
  csv = parseCsv(await downloadCsv(page));
  expect(csv.header).toEqual(['step', 'epoch', 'A', 'B']);
  expect(csv.column('B')).toEqual([0.1, 0.05, 0.025, 0.0125]);
  // The last panel cannot be removed.
  await panel(page, 'B').getByRole('button', { name: 'Remove', exact: true }).click();
  await expect(panel(page, 'A').getByRole('button', { name: 'Remove', exact: true })).toBeDisabled();
});

test('a PyTorch and a Keras ReduceLROnPlateau side by side: the callout says where and why they part', async ({ page }) => {
  await setHorizon(page, 40, 1);
  const a = panel(page, 'A');
  await chooseFamily(a, 'torch', 'ReduceLROnPlateau');
  await spinbutton(a, 'Patience').fill('3');
  await page.getByRole('button', { name: 'Add schedule', exact: true }).click();
  const b = panel(page, 'B');
  await chooseFamily(b, 'keras', 'ReduceLROnPlateau');
  await spinbutton(b, 'Patience').fill('3');
  await expect(page.getByLabel('Example loss curve')).toBeVisible();

  const csv = parseCsv(await downloadCsv(page));
  const torchLr = csv.column('A');
  const kerasLr = csv.column('B');
  const firstDiff = torchLr.findIndex((v, i) => v !== kerasLr[i]);
  expect(firstDiff).toBeGreaterThan(0);
  // Keras reduces first, one epoch before PyTorch.
  expect(kerasLr[firstDiff]).toBeLessThan(torchLr[firstDiff] as number);
  expect(torchLr[firstDiff + 1]).toBe(kerasLr[firstDiff]);

  const callout = page.getByRole('note').filter({ hasText: 'ReduceLROnPlateau' });
  await expect(callout).toContainText(`diverge at epoch ${firstDiff}`);
  await expect(callout).toContainText('one epoch earlier');

  // Side by side: one small chart per schedule.
  await page.getByLabel('Side by side').check();
  await expect(page.getByRole('figure', { name: 'Schedule A curve' })).toBeVisible();
  await expect(page.getByRole('figure', { name: 'Schedule B curve' })).toBeVisible();
});

test('the hover read-out shows the exact value under the cursor', async ({ page }) => {
  await setHorizon(page, 10, 1);
  const a = panel(page, 'A');
  await chooseFamily(a, 'torch', 'ExponentialLR');
  await spinbutton(a, 'Gamma').fill('0.9');
  const chart = page.getByRole('figure', { name: 'Learning-rate curve' });
  const plot = chart.locator('.recharts-cartesian-grid');
  const box = await plot.boundingBox();
  if (!box) throw new Error('no plot area');
  // The axis spans epochs 0..10 (the last epoch lasts until the end of the horizon): epoch 5 is halfway.
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  const readout = page.locator('.readout');
  await expect(readout).toContainText('Epoch 5');
  // torch computes 0.1 · 0.9 · 0.9 … recursively: the exact double, printed in full.
  let lr = 0.1;
  for (let i = 0; i < 5; i++) lr *= 0.9;
  await expect(readout).toContainText(String(lr));
});

test('a one-cycle shorter than the horizon says so at its total_steps control instead of drawing garbage', async ({ page }) => {
  await setHorizon(page, 10, 10);
  const a = panel(page, 'A');
  await chooseFamily(a, 'torch', 'OneCycleLR');
  await spinbutton(a, 'Total steps').fill('50');
  const alert = a.getByRole('alert');
  await expect(alert).toContainText('Tried to step 51 times');
  await expect(alert).toContainText('shorter than the horizon');
  await spinbutton(a, 'Total steps').fill('100');
  await expect(a.getByRole('alert')).toHaveCount(0);
});
