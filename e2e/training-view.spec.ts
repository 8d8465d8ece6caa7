import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { downloadCsv, parseCsv } from './helpers';

/**
 * The training view on the production build, through the real worker (WASM here: headless Chromium has no GPU).
 * Each run is the article's MLP; the digits have 1,437 training images, so batch 32 gives 45 steps per epoch.
 */

const ARTICLE_STEP_DECAY = `import numpy as np

def step_decay(epoch):
    initial_lr = 0.1
    drop_factor = 0.5
    epochs_drop = 10
    lr = initial_lr * np.power(drop_factor, np.floor((1 + epoch) / epochs_drop))
    return lr
`;

/** Schedule A: the article's Keras step decay; Schedule B: torch's cosine annealing over the same 10 epochs. */
const COMPARISON =
  `/?v=1&A=keras.LearningRateScheduler&A.schedule=${encodeURIComponent(ARTICLE_STEP_DECAY)}` +
  '&B=torch.CosineAnnealingLR&B.T_max=10&epochs=10&steps=45&train.dataset=digits&train.seeds=2&train.backend=wasm';

const training = (page: Page) => page.getByRole('region', { name: 'Training', exact: true });
const progress = (page: Page, letter: string) =>
  page.getByRole('progressbar', { name: `Schedule ${letter} training progress`, exact: true });
const button = (page: Page, name: string) => training(page).getByRole('button', { name, exact: true });

async function downloadTrainingCsv(page: Page): Promise<string> {
  const download = page.waitForEvent('download');
  await button(page, 'Download training CSV').click();
  return readFileSync(await (await download).path(), 'utf8');
}

/** Every aria-valuenow a progress bar takes, recorded in the page from before Train is pressed. */
async function recordProgress(page: Page, letter: string): Promise<() => Promise<number[]>> {
  await progress(page, letter).waitFor();
  await page.evaluate((name) => {
    const bar = Array.from(document.querySelectorAll('[role="progressbar"]')).find((e) => e.getAttribute('aria-label') === name);
    const seen: number[] = [];
    (window as unknown as { progressSeen: number[] }).progressSeen = seen;
    if (!bar) return;
    new MutationObserver(() => seen.push(Number(bar.getAttribute('aria-valuenow')))).observe(bar, {
      attributes: true,
      attributeFilter: ['aria-valuenow'],
    });
  }, `Schedule ${letter} training progress`);
  return () => page.evaluate(() => (window as unknown as { progressSeen: number[] }).progressSeen);
}

test('two schedules train side by side on the digits: live progress, applied LR = the planned curve, accuracy, summary', async ({
  page,
}) => {
  test.setTimeout(180_000);
  await page.goto(COMPARISON);
  await expect(training(page)).toBeVisible();
  const seen = await recordProgress(page, 'A');
  await button(page, 'Train').click();
  await expect(progress(page, 'A')).toHaveAttribute('aria-valuenow', '10', { timeout: 120_000 });
  await expect(progress(page, 'B')).toHaveAttribute('aria-valuenow', '10', { timeout: 120_000 });
  // Streamed: the bar moved through intermediate epochs, not only at the end.
  const values = new Set(await seen());
  expect([...values].filter((v) => v > 0 && v < 10).length).toBeGreaterThanOrEqual(3);

  // The LR each run applied, per epoch, is the planned curve's LR at that epoch's first step.
  const planned = parseCsv(await downloadCsv(page));
  const trained = parseCsv(await downloadTrainingCsv(page));
  expect(trained.header).toEqual(['panel', 'seed', 'epoch', 'loss', 'accuracy', 'val_loss', 'val_accuracy', 'lr']);
  expect(trained.rows).toBe(2 * 2 * 10);
  const lines = (await downloadTrainingCsv(page)).trimEnd().split('\n').slice(1);
  const plannedLr = { A: planned.column('A'), B: planned.column('B') };
  for (const line of lines) {
    const [panel, , epoch, , , , valAccuracy, lr] = line.split(',');
    const curve = plannedLr[panel as 'A' | 'B'];
    expect(Number(lr), `${panel} epoch ${epoch}`).toBe(curve[Number(epoch) * 45]);
    expect(Number(valAccuracy)).toBeGreaterThanOrEqual(0);
  }
  // Validation accuracy: the article's MLP reaches 96.9 % on the digits after 20 epochs of the article's schedule
  // on every backend (measured, issue 12); after 10 epochs at these LRs each run is above 93 % here. 90 % leaves
  // room for another machine's float32 while a broken run (chance is 10 %) cannot pass.
  const finalAccuracy = lines.filter((l) => l.split(',')[2] === '9').map((l) => Number(l.split(',')[6]));
  expect(finalAccuracy).toHaveLength(4);
  for (const a of finalAccuracy) expect(a).toBeGreaterThan(0.9);

  const summary = training(page).getByRole('table', { name: 'Training summary' });
  await expect(summary).toContainText(/±/);
  await expect(summary.getByRole('row')).toHaveCount(3);
  await expect(page.getByRole('img', { name: 'Schedule A loss chart' })).toBeVisible();
});

test('pause stops epochs arriving and resume continues; stop mid-run, then train again', async ({ page }) => {
  test.setTimeout(180_000);
  await page.goto('/?v=1&A=torch.StepLR&A.step_size=5&epochs=30&steps=45&train.dataset=digits&train.seeds=1&train.backend=wasm');
  await button(page, 'Train').click();
  await expect
    .poll(async () => Number(await progress(page, 'A').getAttribute('aria-valuenow')), { timeout: 60_000 })
    .toBeGreaterThanOrEqual(2);
  await button(page, 'Pause').click();
  const pausedAt = Number(await progress(page, 'A').getAttribute('aria-valuenow'));
  await page.waitForTimeout(1500);
  // At most the epoch that was under way when Pause arrived completes.
  expect(Number(await progress(page, 'A').getAttribute('aria-valuenow'))).toBeLessThanOrEqual(pausedAt + 1);
  const held = Number(await progress(page, 'A').getAttribute('aria-valuenow'));
  await page.waitForTimeout(1000);
  expect(Number(await progress(page, 'A').getAttribute('aria-valuenow'))).toBe(held);
  await button(page, 'Resume').click();
  await expect.poll(async () => Number(await progress(page, 'A').getAttribute('aria-valuenow')), { timeout: 60_000 }).toBeGreaterThan(held);
  await button(page, 'Stop').click();
  await expect(button(page, 'Train')).toBeEnabled();
  const stoppedAt = Number(await progress(page, 'A').getAttribute('aria-valuenow'));
  expect(stoppedAt).toBeLessThan(30);
  // Train again: a fresh run from epoch 0 to the end; then the worker holds no tensor (every run freed its own).
  await button(page, 'Train').click();
  await expect(progress(page, 'A')).toHaveAttribute('aria-valuenow', '30', { timeout: 120_000 });
  await expect(training(page).getByRole('status', { name: 'Worker memory' })).toHaveText(
    'Tensors left in the worker after the last run: 0',
  );
});

test('a 2-D set draws a decision-boundary heat map per panel', async ({ page }) => {
  await page.goto(
    '/?v=1&A=torch.StepLR&B=torch.ExponentialLR&epochs=5&train.dataset=moons&train.samples=300&train.seeds=1&train.backend=wasm',
  );
  await button(page, 'Train').click();
  await expect(progress(page, 'B')).toHaveAttribute('aria-valuenow', '5', { timeout: 60_000 });
  for (const letter of ['A', 'B']) {
    const map = page.getByRole('img', { name: `Schedule ${letter} decision boundary` });
    await expect(map).toBeVisible();
    // The canvas is painted with more than one class colour.
    const colours = await map.evaluate((node) => {
      const canvas = node instanceof HTMLCanvasElement ? node : node.querySelector('canvas');
      if (!canvas) return 0;
      const data = (canvas.getContext('2d') as CanvasRenderingContext2D).getImageData(0, 0, canvas.width, canvas.height).data;
      const distinct = new Set<string>();
      for (let i = 0; i < data.length; i += 4 * 97) distinct.add(`${data[i]},${data[i + 1]},${data[i + 2]}`);
      return distinct.size;
    });
    expect(colours).toBeGreaterThan(2);
  }
});

test('an LR of 50 on one panel diverges there, by the documented rule, and the other panel finishes', async ({ page }) => {
  await page.goto(
    '/?v=1&A=torch.StepLR&A.lr=0.1&B=torch.StepLR&B.lr=50&epochs=5&steps=45&train.dataset=digits&train.seeds=1&train.backend=wasm',
  );
  await expect(
    training(page)
      .getByText(/Initial LR|lr/)
      .first(),
  ).toBeVisible();
  await button(page, 'Train').click();
  await expect(progress(page, 'A')).toHaveAttribute('aria-valuenow', '5', { timeout: 60_000 });
  const summary = training(page).getByRole('table', { name: 'Training summary' });
  await expect(summary.getByRole('row', { name: /^Schedule B\b/ })).toContainText(/diverged at epoch \d+ \(lr = 50\)/);
  await expect(summary.getByRole('row', { name: /^Schedule A\b/ })).not.toContainText('diverged');
  await expect(training(page)).toContainText('10× the first batch');
});

test('a link with training settings restores them', async ({ page }) => {
  await page.goto(
    '/?v=1&A=torch.StepLR&train.dataset=spiral&train.samples=400&train.noise=0.3&train.hidden=32,16&train.activation=tanh&train.batch=16&train.seeds=4&train.init=torch_default&train.backend=cpu&train.target=80',
  );
  const t = training(page);
  await expect(t.getByLabel('Dataset', { exact: true })).toHaveValue('spiral');
  await expect(t.getByLabel('Samples', { exact: true })).toHaveValue('400');
  await expect(t.getByLabel('Noise', { exact: true })).toHaveValue('0.3');
  await expect(t.getByLabel('Hidden layers', { exact: true })).toHaveValue(/32,\s*16/);
  await expect(t.getByLabel('Activation', { exact: true })).toHaveValue('tanh');
  await expect(t.getByLabel('Batch size', { exact: true })).toHaveValue('16');
  await expect(t.getByLabel('Seeds', { exact: true })).toHaveValue('4');
  await expect(t.getByLabel('Initialisation', { exact: true })).toHaveValue('torch_default');
  await expect(t.getByLabel('Backend', { exact: true })).toHaveValue('cpu');
  await expect(t.getByLabel('Target accuracy', { exact: true })).toHaveValue('80');
});
