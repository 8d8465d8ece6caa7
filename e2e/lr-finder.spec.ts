import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { downloadCsv, panel, parseCsv, spinbutton } from './helpers';

/**
 * "Find LR" (the LR range test) on the production build, through its own real worker: OneCycleLR on the digits
 * (1,437 training images, batch 32: 45 steps per epoch; the default sweep is fastai's, 1e-7 to 10 in 100 steps).
 */
const ONE_CYCLE = '/?v=1&A=torch.OneCycleLR&A.total_steps=450&epochs=10&steps=45&train.dataset=digits&train.seeds=1';

const article = (page: Page, letter = 'A') => page.getByRole('article', { name: `Schedule ${letter} training`, exact: true });
const lrTest = (page: Page, letter = 'A') =>
  article(page, letter).getByRole('region', { name: `Schedule ${letter} LR range test`, exact: true });
const findLr = (page: Page) => lrTest(page).getByRole('button', { name: 'Find LR', exact: true });
const lrProgress = (page: Page, letter = 'A') =>
  lrTest(page, letter).getByRole('progressbar', { name: `Schedule ${letter} LR range test progress`, exact: true });
const suggestions = (page: Page) => lrTest(page).getByRole('list', { name: 'Schedule A LR suggestions', exact: true });

/** Every aria-valuenow the LR test's progress bar takes, recorded in the page from before Find LR is pressed. */
async function recordLrProgress(page: Page): Promise<() => Promise<number[]>> {
  await lrTest(page).waitFor();
  await page.evaluate(() => {
    const region = Array.from(document.querySelectorAll('section')).find(
      (e) => e.getAttribute('aria-label') === 'Schedule A LR range test',
    );
    const seen: number[] = [];
    (window as unknown as { lrSeen: number[] }).lrSeen = seen;
    if (!region) return;
    const read = () => {
      const bar = region.querySelector('[role="progressbar"]');
      if (bar) seen.push(Number(bar.getAttribute('aria-valuenow')));
    };
    new MutationObserver(read).observe(region, { subtree: true, childList: true, attributes: true, attributeFilter: ['aria-valuenow'] });
  });
  return () => page.evaluate(() => (window as unknown as { lrSeen: number[] }).lrSeen);
}

/** Runs the test and waits for its result: the suggestion list. */
async function runLrTest(page: Page) {
  await findLr(page).click();
  await expect(suggestions(page)).toBeVisible({ timeout: 60_000 });
}

test('Find LR sweeps with the panel optimizer, shows the curve and four suggestions; "Use valley as max_lr" writes it', async ({
  page,
}) => {
  test.setTimeout(120_000);
  await page.goto(ONE_CYCLE);
  await expect(findLr(page)).toBeEnabled();
  // 1,000 steps (fastai's sweep, ten times finer): the fused kernel runs the default 100 within a frame or two.
  await lrTest(page).getByLabel('Steps', { exact: true }).fill('1000');
  const seen = await recordLrProgress(page);
  await runLrTest(page);

  // Streamed: the bar showed steps before the end, and ends at the steps run, of 1,000.
  const bar = lrProgress(page);
  await expect(bar).toHaveAttribute('aria-valuemax', '1000');
  const final = Number(await bar.getAttribute('aria-valuenow'));
  expect(final).toBeGreaterThan(200);
  expect(final).toBeLessThanOrEqual(1000);
  const values = await seen();
  expect(values.some((v) => v > 0 && v < final)).toBe(true);

  await expect(lrTest(page).getByRole('img', { name: 'Schedule A LR range test chart', exact: true })).toBeVisible();
  await expect(lrTest(page)).toContainText(
    /fastai convention: (completed 1000 steps|stopped early: the loss passed 4× its best at lr \d\.\d\de-?\d+ \(step \d+ of 1000\))/,
  );
  // The x axis is logarithmic: its ticks are powers of ten.
  const chart = lrTest(page).getByRole('img', { name: 'Schedule A LR range test chart', exact: true });
  for (const tick of ['1e-7', '1e-5', '1e-3', '0.01', '0.1', '1', '10']) await expect(chart).toContainText(tick);
  const items = suggestions(page).getByRole('listitem');
  await expect(items).toHaveCount(4);
  for (const [i, k] of ['valley', 'steep', 'minimum', 'slide'].entries()) await expect(items.nth(i)).toContainText(k);
  const valleyItem = suggestions(page).locator('li[data-suggestion="valley"]');
  await expect(valleyItem).toContainText(/valley \d\.\d\de-?\d+/);
  const valley = Number(await valleyItem.getAttribute('data-value'));
  expect(valley).toBeGreaterThan(1e-7);
  expect(valley).toBeLessThan(10);
  // The markers: one labelled dot per suggestion found.
  await expect(lrTest(page).locator('.recharts-reference-dot')).not.toHaveCount(0);

  await lrTest(page).getByRole('button', { name: 'Use valley as max_lr', exact: true }).click();
  const maxLr = spinbutton(panel(page, 'A'), 'Max LR');
  await expect(maxLr).toHaveValue(String(valley));
  // The schedule follows: OneCycleLR's peak is the suggestion, and the link holds it.
  const planned = parseCsv(await downloadCsv(page)).column('A');
  expect(Math.max(...planned)).toBe(valley);
  // The address bar is written a moment after a change.
  await expect.poll(() => new URL(page.url()).searchParams.get('A.max_lr')).toBe(String(valley));
  // Using a suggestion does not make the result stale.
  await expect(lrTest(page)).toHaveAttribute('data-stale', 'false');
  await expect(lrTest(page).getByText(/^Stale:/)).toHaveCount(0);
});

test('changing a training setting marks the result stale; it stays on screen', async ({ page }) => {
  test.setTimeout(120_000);
  await page.goto(ONE_CYCLE);
  await runLrTest(page);
  await expect(lrTest(page)).toHaveAttribute('data-stale', 'false');
  const hidden = page.getByRole('region', { name: 'Training', exact: true }).getByLabel('Hidden layers', { exact: true });
  await hidden.fill('32');
  await expect(lrTest(page).getByRole('status').filter({ hasText: 'Stale:' })).toHaveText(
    'Stale: the model, data or optimizer changed since this test. Find LR again.',
  );
  await expect(lrTest(page)).toHaveAttribute('data-stale', 'true');
  await expect(lrTest(page).locator('figure')).toHaveAttribute('data-stale', 'true');
  await expect(suggestions(page)).toBeVisible();
  // Back to what it ran with: current again.
  await hidden.fill('128, 64');
  await expect(lrTest(page)).toHaveAttribute('data-stale', 'false');
});

test('a bad End LR says what is wrong and disables Find LR; fixing it enables it again', async ({ page }) => {
  await page.goto(ONE_CYCLE);
  const endLr = lrTest(page).getByLabel('End LR', { exact: true });
  await expect(endLr).toHaveValue('10');
  await endLr.fill('1000');
  await expect(lrTest(page).getByRole('alert')).toHaveText('endLr must be above startLr (1e-7) and at most 100, got 1000');
  await expect(findLr(page)).toBeDisabled();
  await expect(lrTest(page)).toContainText("Fix the LR test's options: endLr must be above startLr");
  await endLr.fill('abc');
  await expect(lrTest(page).getByRole('alert')).toContainText('End LR');
  await expect(findLr(page)).toBeDisabled();
  await endLr.fill('10');
  await expect(lrTest(page).getByRole('alert')).toHaveCount(0);
  await expect(findLr(page)).toBeEnabled();
});

test('Stop LR test ends it early: the steps run so far stay, suggestions only where there are enough steps', async ({ page }) => {
  test.setTimeout(120_000);
  // The CPU backend and 1,000 steps: slow enough to stop half-way.
  await page.goto(`${ONE_CYCLE}&train.backend=cpu`);
  await lrTest(page).getByLabel('Steps', { exact: true }).fill('1000');
  await findLr(page).click();
  const stop = lrTest(page).getByRole('button', { name: 'Stop LR test', exact: true });
  await expect(findLr(page)).toBeDisabled();
  await expect.poll(async () => Number(await lrProgress(page).getAttribute('aria-valuenow')), { timeout: 60_000 }).toBeGreaterThan(0);
  await stop.click();
  await expect(suggestions(page)).toBeVisible({ timeout: 30_000 });
  await expect(stop).toHaveCount(0);
  await expect(findLr(page)).toBeEnabled();
  const done = Number(await lrProgress(page).getAttribute('aria-valuenow'));
  expect(done).toBeLessThan(1000);
  await expect(lrTest(page)).toContainText(`stopped after ${done} of 1000 steps`);
  // A "Use" button for each suggestion found (none below fastai's window: the first 100 and the last 5 steps).
  const found = await suggestions(page).locator('li[data-value]').count();
  await expect(suggestions(page).getByRole('button')).toHaveCount(found);
  if (done < 105) await expect(suggestions(page)).toContainText('valley — (none: too few steps)');
  // The panel's training never saw the test.
  await expect(article(page).getByRole('progressbar', { name: 'Schedule A training progress', exact: true })).toHaveAttribute(
    'aria-valuenow',
    '0',
  );
  await expect(article(page)).toContainText('not trained yet');
});

/**
 * The last step: "Use valley", train, and the run with that max_lr beats the default max_lr (0.1) after
 * 10 epochs on the seed the test ran with (seed 0). Measured on the digits (Node, fused kernel, 5 seeds, 10
 * epochs, OneCycleLR over the 450 steps), this holds with Adam, the optimizer fastai's valley is tuned for: valley
 * 1.0e-3 against the default 0.1, validation loss 0.156 against 0.189 and accuracy 96.7 % against 95.8 % on seed 0,
 * lower validation loss on 3 of 5 seeds, and 0.1 let one seed of AdamW collapse to chance. It does NOT hold with
 * the playground's default optimizer, SGD with momentum 0.9: there the default 0.1 is already near the best
 * max_lr (steep's 0.21 is on par) and valley's 3.0e-3 is 33× lower and ends at 90.8 % against 97.8 % on seed 0
 * (worse on all 5 seeds). The README's LR finder section has the table. So the check trains with Adam.
 */
test('Use valley, then train: with Adam, the suggested max_lr beats the default 0.1 after 10 epochs on seed 0', async ({ page }) => {
  test.setTimeout(240_000);
  const adam = (letter: string) => `&${letter}=torch.OneCycleLR&${letter}.total_steps=450&${letter}.optimizer=Adam&${letter}.lr=0.001`;
  await page.goto(`/?v=1${adam('A')}${adam('B')}&epochs=10&steps=45&train.dataset=digits&train.seeds=1&train.backend=fused`);
  await runLrTest(page);
  const valley = Number(await suggestions(page).locator('li[data-suggestion="valley"]').getAttribute('data-value'));
  expect(valley).toBeLessThan(0.1);
  await lrTest(page).getByRole('button', { name: 'Use valley as max_lr', exact: true }).click();
  await expect(spinbutton(panel(page, 'A'), 'Max LR')).toHaveValue(String(valley));
  await expect(spinbutton(panel(page, 'B'), 'Max LR')).toHaveValue('0.1');

  const training = page.getByRole('region', { name: 'Training', exact: true });
  await training.getByRole('button', { name: 'Train', exact: true }).click();
  for (const letter of ['A', 'B']) {
    await expect(page.getByRole('progressbar', { name: `Schedule ${letter} training progress`, exact: true })).toHaveAttribute(
      'aria-valuenow',
      '10',
      { timeout: 180_000 },
    );
  }
  await expect(training.getByRole('button', { name: 'Train', exact: true })).toBeEnabled({ timeout: 30_000 });
  const download = page.waitForEvent('download');
  await training.getByRole('button', { name: 'Download training CSV', exact: true }).click();
  const lines = readFileSync(await (await download).path(), 'utf8')
    .trimEnd()
    .split('\n');
  const header = (lines[0] ?? '').split(',');
  const col = (name: string) => header.indexOf(name);
  const last = (letter: string) => {
    const rows = lines
      .slice(1)
      .map((l) => l.split(','))
      .filter((r) => r[col('panel')] === letter && r[col('epoch')] === '9');
    expect(rows, `panel ${letter}'s epoch 10`).toHaveLength(1);
    const row = rows[0] as string[];
    return { valLoss: Number(row[col('val_loss')]), valAccuracy: Number(row[col('val_accuracy')]), lr: Number(row[col('lr')]) };
  };
  const suggested = last('A');
  const standard = last('B');
  test.info().annotations.push({
    type: 'measured',
    description: `valley ${valley}: val_loss ${suggested.valLoss}, val_accuracy ${suggested.valAccuracy}; default 0.1: val_loss ${standard.valLoss}, val_accuracy ${standard.valAccuracy}`,
  });
  expect(suggested.valLoss).toBeLessThan(standard.valLoss);
  expect(suggested.valAccuracy).toBeGreaterThanOrEqual(standard.valAccuracy);
});
