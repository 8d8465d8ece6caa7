import { expect, test } from './fixtures';
import { downloadCsv, panel, parseCsv, setHorizon, slider, spinbutton } from './helpers';

// What a new user's and a security review's findings need to stay fixed: values that reach a chart axis are
// drawable, nothing shows NaN, number fields never change a value silently, the horizon is bounded, undo works.

test('a denormal or near-overflow LR still draws the page and a chart, and no NaN anywhere', async ({ page }) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  // A link refuses numbers outside float64's normal range, but a typed value or a decaying schedule reaches them.
  for (const [query, typedLr] of [
    ['?v=1&A=keras.ReduceLROnPlateau', '5e-324'],
    ['?v=1&A=torch.ExponentialLR&A.gamma=0.001&epochs=200', undefined],
    ['?v=1&A=torch.StepLR&A.lr=1.7976931348623157e308', undefined],
  ] as const) {
    await page.goto(`/${query}`);
    await expect(page.getByRole('heading', { name: 'LR Playground', level: 1 })).toBeVisible();
    if (typedLr) await spinbutton(panel(page, 'A'), 'Initial LR').fill(typedLr);
    await expect(page.locator('.schedule-chart .recharts-line').first()).toBeVisible();
    await page.getByLabel('Log scale').check();
    await expect(page.locator('.schedule-chart .recharts-line').first()).toBeVisible();
    await expect(page.getByText('could not be drawn')).toHaveCount(0);
    expect(await page.locator('body').innerText()).not.toMatch(/\bNaN\b/);
  }
  expect(errors).toEqual([]);
});

test('number fields refuse what they would change silently, and say why', async ({ page }) => {
  await page.goto('/');
  const a = panel(page, 'A');
  const gamma = spinbutton(a, 'Gamma');
  await gamma.fill('0.5');
  const before = parseCsv(await downloadCsv(page)).column('A');
  for (const [typed, message] of [
    ['1,5', 'Use a dot for decimals: 1.5, not 1,5.'],
    ['0x10', 'hexadecimal'],
    ['1e-400', 'too small for a float64'],
  ] as const) {
    await gamma.fill(typed);
    await expect(gamma).toHaveValue(typed);
    await expect(a.getByText(message)).toBeVisible();
    expect(parseCsv(await downloadCsv(page)).column('A')).toEqual(before);
  }
});

test('the horizon is bounded by the engine, with a message next to the field', async ({ page }) => {
  await page.goto('/');
  const epochs = page.getByRole('group', { name: 'Training horizon' }).getByRole('spinbutton', { name: 'Epochs', exact: true });
  await epochs.fill('1e308');
  await expect(page.getByText('Epochs can be at most 10,000')).toBeVisible();
  await epochs.blur();
  expect(parseCsv(await downloadCsv(page)).column('A')).toHaveLength(50 * 100);
  await page
    .getByRole('textbox', { name: 'Paste PyTorch or Keras code' })
    .fill('scheduler = StepLR(optimizer, step_size=30)\nmodel.fit(x, y, epochs=10**6, steps_per_epoch=10**6)');
  await expect(page.getByText('the playground draws at most 1,000,000')).toBeVisible();
  expect(parseCsv(await downloadCsv(page)).column('A')).toHaveLength(50 * 100);
});

test('undo and redo: buttons, Ctrl+Z and Shift+Ctrl+Z, one step per slider drag, and Undo after Remove', async ({ page }) => {
  await page.goto('/');
  await setHorizon(page, 6, 1);
  const a = panel(page, 'A');
  const undo = page.getByRole('button', { name: 'Undo', exact: true });
  const redo = page.getByRole('button', { name: 'Redo', exact: true });
  const stepSize = slider(a, 'Step size');
  await stepSize.focus();
  for (let i = 0; i < 4; i++) await page.keyboard.press('ArrowRight');
  await expect(spinbutton(a, 'Step size')).toHaveValue('14');
  await page.keyboard.press('Control+z');
  await expect(spinbutton(a, 'Step size')).toHaveValue('10');
  await page.keyboard.press('Control+Shift+z');
  await expect(spinbutton(a, 'Step size')).toHaveValue('14');
  await undo.click();
  await expect(spinbutton(a, 'Step size')).toHaveValue('10');
  await redo.click();
  await expect(spinbutton(a, 'Step size')).toHaveValue('14');

  await page.getByRole('button', { name: 'Add schedule', exact: true }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Added schedule B: CosineAnnealingLR' })).toBeVisible();
  await panel(page, 'B').getByRole('button', { name: 'Remove', exact: true }).click();
  await expect(panel(page, 'B')).toHaveCount(0);
  const notice = page.getByRole('status').filter({ hasText: 'Removed schedule B (CosineAnnealingLR).' });
  await notice.getByRole('button', { name: 'Undo', exact: true }).click();
  await expect(panel(page, 'B')).toBeVisible();
  expect(parseCsv(await downloadCsv(page)).header).toEqual(['step', 'epoch', 'A', 'B']);
  // Back still leaves the app: history entries are replaced, not pushed.
  expect(await page.evaluate(() => history.length)).toBeLessThanOrEqual(2);
});
