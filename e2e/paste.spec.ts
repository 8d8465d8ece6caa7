import { readFileSync } from 'node:fs';
import { expect, test } from './fixtures';
import { downloadCsv, panel, parseCsv, setHorizon } from './helpers';

// The beginner article's code block exactly as copied from its web page: non-breaking-space indentation, a
// `Sequential([` that is never closed, and the `model.fit(...)` call swallowed by a comment.
const articleSnippet = readFileSync(new URL('./fixtures/article-snippet.py', import.meta.url), 'utf8');
const articleCsv = readFileSync(new URL('./fixtures/presets/keras-article-step-decay.csv', import.meta.url), 'utf8');

test.beforeEach(async ({ page }) => {
  await page.goto('/');
});

test('pasting the article code block plots its exact curve (CSV against the real-Python fixture)', async ({ page }) => {
  expect(articleSnippet).toContain('\u00a0');
  await setHorizon(page, 50, 10);
  const pasteBox = page.getByRole('textbox', { name: 'Paste PyTorch or Keras code' });
  await pasteBox.fill(articleSnippet);
  await page.getByRole('button', { name: 'Plot', exact: true }).click();
  await expect(page.getByRole('region', { name: 'Paste code' }).getByRole('status')).toContainText('LearningRateScheduler');
  await expect(panel(page, 'A').getByRole('combobox', { name: 'Schedule', exact: true })).toHaveValue('keras:LearningRateScheduler');
  const got = parseCsv(await downloadCsv(page));
  const want = parseCsv(articleCsv);
  expect(got.header).toEqual(want.header);
  expect(got.rows).toBe(want.rows);
  expect(got.column('A')).toEqual(want.column('A'));
});

test('a PyTorch line plots as you type; an error shows its line and column and keeps the last curve', async ({ page }) => {
  const pasteBox = page.getByRole('textbox', { name: 'Paste PyTorch or Keras code' });
  await pasteBox.fill(
    'optimizer = torch.optim.SGD(model.parameters(), lr=0.05, momentum=0.9)\nscheduler = torch.optim.lr_scheduler.MultiStepLR(optimizer, milestones=[30, 80], gamma=0.1)\nfor epoch in range(100):\n    train(...)\n    scheduler.step()\n',
  );
  // No click: the curve follows the typing after a short pause.
  await expect(panel(page, 'A').getByRole('combobox', { name: 'Schedule', exact: true })).toHaveValue('torch:MultiStepLR');
  await expect(panel(page, 'A').getByRole('textbox', { name: 'Milestones' })).toHaveValue(/30,\s*80/);
  const before = await downloadCsv(page);

  await pasteBox.fill('scheduler = StepLRR(optimizer, step_size=3)');
  const alert = page.getByRole('region', { name: 'Paste code' }).getByRole('alert');
  await expect(alert).toContainText("Did you mean 'StepLR'");
  await expect(alert).toContainText('line 1, column');
  await pasteBox.fill('scheduler = StepLR(optimizer)');
  await expect(alert).toContainText("missing 1 required positional argument: 'step_size'");
  // The panels did not change.
  expect(await downloadCsv(page)).toBe(before);
});

test('Copy as PyTorch and Copy as Keras give code for the panel', async ({ page }) => {
  await panel(page, 'A').getByRole('button', { name: 'Copy as PyTorch', exact: true }).click();
  const dialog = page.getByRole('dialog');
  await expect(dialog).toBeVisible();
  const code = await dialog.getByRole('textbox').inputValue();
  expect(code).toContain('StepLR(');
  expect(code).toContain('scheduler.step()');
  await dialog.getByRole('button', { name: 'Close', exact: true }).click();
  await panel(page, 'A').getByRole('button', { name: 'Copy as Keras', exact: true }).click();
  const keras = await page.getByRole('dialog').getByRole('textbox').inputValue();
  expect(keras).toMatch(/LearningRateScheduler|LearningRateSchedule/);
});
