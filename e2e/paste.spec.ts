import { readFileSync } from 'node:fs';
import { expect, test } from './fixtures';
import type { Page } from '@playwright/test';
import { downloadCsv, panel, parseCsv, setHorizon, spinbutton } from './helpers';

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

const pasteRegion = (page: Page) => page.getByRole('region', { name: 'Paste code' });
const pasteBox = (page: Page) => page.getByRole('textbox', { name: 'Paste PyTorch or Keras code' });

test('item 2: the Keras docs example with ops.exp and the PyTorch docs OneCycleLR with len(data_loader) plot, and the notice says how', async ({
  page,
}) => {
  await pasteBox(page).fill(
    'import keras\nfrom keras import ops\ndef scheduler(epoch, lr):\n    if epoch < 10:\n        return lr\n    else:\n        return lr * ops.exp(-0.1)\ncallback = keras.callbacks.LearningRateScheduler(scheduler)\n',
  );
  const status = pasteRegion(page).getByRole('status');
  await expect(status).toContainText('Plotted LearningRateScheduler in schedule A.');
  await expect(status).toContainText('ops.exp() is read as math.exp()');
  await pasteBox(page).fill(
    'optimizer = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)\nscheduler = torch.optim.lr_scheduler.OneCycleLR(optimizer, max_lr=0.01, steps_per_epoch=len(data_loader), epochs=10)\n',
  );
  await expect(status).toContainText(
    "Plotted OneCycleLR in schedule A. len(data_loader) is taken from the horizon's Steps per epoch (100).",
  );
  await expect(pasteRegion(page).getByRole('alert')).toHaveCount(0);
});

test('item 3: a scheduler pasted without an optimizer keeps the panel optimizer, and the notice says so', async ({ page }) => {
  const lr = spinbutton(panel(page, 'A'), 'Initial LR');
  await lr.fill('0.2');
  await lr.blur();
  await pasteBox(page).fill('scheduler = StepLR(optimizer, step_size=30)');
  await expect(pasteRegion(page).getByRole('status')).toContainText('The code sets up no optimizer for StepLR: schedule A keeps its own (');
  await expect(pasteRegion(page).getByRole('status')).toContainText('initial LR 0.2');
  await expect(spinbutton(panel(page, 'A'), 'Step size')).toHaveValue('30');
  await expect(lr).toHaveValue('0.2');
});

test('item 4: half-typed code gets a neutral "incomplete" hint; the error comes on blur or after a longer pause', async ({ page }) => {
  const region = pasteRegion(page);
  const box = pasteBox(page);
  await box.pressSequentially('s');
  await expect(region.getByText(/^No scheduler yet:/)).toBeVisible();
  await expect(region.getByRole('alert')).toHaveCount(0);
  await box.fill('scheduler = StepLR(');
  const hint = region.getByText("Incomplete: '(' on line 1, column 19 is not closed yet", { exact: false });
  await expect(hint).toBeVisible();
  await expect(hint).not.toHaveClass(/field-error/);
  await expect(hint).not.toHaveAttribute('role', 'alert');
  await expect(region.getByRole('alert')).toHaveCount(0);
  await expect(box).not.toHaveAttribute('aria-invalid', 'true');
  await box.blur();
  await expect(region.getByRole('alert')).toHaveText("SyntaxError: '(' was never closed (line 1, column 19)");
  // CosineAnnealingLR( says the same, after the longer pause, with no blur.
  await box.fill('CosineAnnealingLR(optimizer, T_max=');
  await expect(region.getByText("Incomplete: '(' on line 1, column 18 is not closed yet", { exact: false })).toBeVisible();
  await expect(region.getByRole('alert')).toHaveCount(0);
  await expect(region.getByRole('alert')).toHaveText("SyntaxError: '(' was never closed (line 1, column 18)", { timeout: 6000 });
});

test('item 5: the error caret at a high column stays inside the error box at 360 px', async ({ page }) => {
  await page.setViewportSize({ width: 360, height: 800 });
  const line = 'scheduler = torch.optim.lr_scheduler.OneCycleLR(optimizer, max_lr=0.01, steps_per_epoch=100, epochs=10, pct_start=bad)';
  const column = line.indexOf('bad') + 1;
  expect(column).toBeGreaterThan(80);
  await pasteBox(page).fill(line);
  await expect(pasteRegion(page).getByRole('alert')).toContainText(`(line 1, column ${column})`);
  const excerpt = pasteRegion(page).locator('pre.code-excerpt');
  await expect(excerpt).toBeVisible();
  const box = await excerpt.evaluate((pre) => {
    const walker = document.createTreeWalker(pre, NodeFilter.SHOW_TEXT);
    let node = walker.nextNode() as Text | null;
    while (node && !node.data.includes('^')) node = walker.nextNode() as Text | null;
    if (!node) throw new Error('no caret in the excerpt');
    const range = document.createRange();
    const at = node.data.lastIndexOf('^');
    range.setStart(node, at);
    range.setEnd(node, at + 1);
    const caret = range.getBoundingClientRect();
    const outer = pre.getBoundingClientRect();
    return { caretLeft: caret.left, caretRight: caret.right, left: outer.left, right: outer.right, text: pre.textContent ?? '' };
  });
  expect(box.text).toContain('bad');
  expect(box.right).toBeLessThanOrEqual(360);
  expect(box.caretLeft).toBeGreaterThanOrEqual(box.left);
  expect(box.caretRight).toBeLessThanOrEqual(box.right);
});

test('item 6: the README OneCycleLR line with total_steps=1000 sets the horizon: 1000 CSV rows, no faded curve', async ({ page }) => {
  await pasteBox(page).fill('torch.optim.lr_scheduler.OneCycleLR(optimizer, max_lr=0.1, total_steps=1000)');
  const status = pasteRegion(page).getByRole('status');
  await expect(status).toContainText('Plotted OneCycleLR in schedule A.');
  await expect(status).toContainText("OneCycleLR's total_steps=1,000 sets the horizon: 10 epochs × 100 steps per epoch.");
  const horizon = page.getByRole('group', { name: 'Training horizon' });
  await expect(spinbutton(horizon, 'Epochs')).toHaveValue('10');
  await expect(spinbutton(horizon, 'Steps per epoch')).toHaveValue('100');
  const csv = parseCsv(await downloadCsv(page));
  expect(csv.rows).toBe(1000);
  const a = csv.column('A');
  expect(a.every(Number.isFinite)).toBe(true);
  expect(Math.max(...a)).toBeCloseTo(0.1, 6);
  // A panel whose settings fail keeps its last good curve, faded: none here.
  await expect(page.locator('.recharts-line-curve[stroke-opacity="0.35"]')).toHaveCount(0);
  await expect(panel(page, 'A').getByRole('alert')).toHaveCount(0);
});
