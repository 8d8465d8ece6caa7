import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { downloadCsv } from './helpers';

/**
 * The run history (issue 16) on the production build: runs kept across reloads in IndexedDB, drawn dashed when
 * selected, exported and imported, refused files, refused storage, and "Restore settings". Small runs on the
 * fused kernel (deterministic: a run repeated is bit-identical).
 */

const SMALL = 'epochs=3&train.dataset=moons&train.samples=200&train.seeds=1&train.backend=fused';
const TWO_PANELS = `/?v=1&A=torch.StepLR&A.step_size=1&A.gamma=0.5&B=torch.ExponentialLR&B.gamma=0.8&${SMALL}`;

const training = (page: Page) => page.getByRole('region', { name: 'Training', exact: true });
const history = (page: Page) => page.getByRole('region', { name: 'History', exact: true });
const rows = (page: Page) => history(page).getByRole('table', { name: 'Runs' }).locator('tbody tr');
const progress = (page: Page, letter: string) =>
  page.getByRole('progressbar', { name: `Schedule ${letter} training progress`, exact: true });
const button = (page: Page, name: string) => training(page).getByRole('button', { name, exact: true });

async function trainAndWait(page: Page, letters: readonly string[], epochs = 3) {
  await button(page, 'Train').click();
  for (const letter of letters) await expect(progress(page, letter)).toHaveAttribute('aria-valuenow', String(epochs), { timeout: 60_000 });
}

async function download(page: Page, name: string): Promise<string> {
  const event = page.waitForEvent('download');
  await history(page).getByRole('button', { name, exact: true }).click();
  return readFileSync(await (await event).path(), 'utf8');
}

async function downloadTrainingCsv(page: Page): Promise<string> {
  const event = page.waitForEvent('download');
  await button(page, 'Download training CSV').click();
  return readFileSync(await (await event).path(), 'utf8');
}

const rowTexts = (page: Page) => rows(page).allInnerTexts();

async function importText(page: Page, text: string, name = 'lr-runs.json') {
  await history(page)
    .getByLabel('Import runs', { exact: true })
    .setInputFiles({ name, mimeType: 'application/json', buffer: Buffer.from(text, 'utf8') });
}

test('runs are kept across a reload, labelled, and a selected run is drawn dashed on its panel', async ({ page }) => {
  test.setTimeout(120_000);
  await page.goto(TWO_PANELS);
  await trainAndWait(page, ['A', 'B']);
  await expect(rows(page)).toHaveCount(2);
  await page.reload();
  await expect(rows(page)).toHaveCount(2);
  const t = history(page);
  await expect(t.getByRole('checkbox', { name: 'Select run A: same settings', exact: true })).toBeVisible();
  await expect(t.getByRole('checkbox', { name: 'Select run B: same settings', exact: true })).toBeVisible();
  await expect(rows(page).first()).toContainText('moons');
  await expect(rows(page).filter({ hasText: 'torch.ExponentialLR' })).toHaveCount(1);
  await expect(rows(page).filter({ hasText: 'torch.StepLR' })).toContainText('done');

  const lossB = page.getByRole('img', { name: 'Schedule B loss chart', exact: true });
  await expect(lossB).toHaveCount(0);
  await t.getByRole('checkbox', { name: 'Select run B: same settings', exact: true }).check();
  await expect(lossB).toBeVisible();
  await expect(lossB.locator('path[stroke-dasharray="5 4"]').first()).toBeAttached();
  // Panel A has no run and no selected run: no charts.
  await expect(page.getByRole('img', { name: 'Schedule A loss chart', exact: true })).toHaveCount(0);
});

test('export, import into a fresh browser context, export again: the same runs', async ({ page, browser }) => {
  test.setTimeout(120_000);
  await page.goto(TWO_PANELS);
  await trainAndWait(page, ['A', 'B']);
  await expect(rows(page)).toHaveCount(2);
  const listed = await rowTexts(page);
  const file = await download(page, 'Export runs');
  const first = JSON.parse(file);
  expect(first.format).toBe('lr-playground-runs');
  expect(first.runs).toHaveLength(2);

  const context = await browser.newContext();
  try {
    const other = await context.newPage();
    await other.goto(TWO_PANELS);
    await expect(history(other)).toBeVisible();
    await expect(rows(other)).toHaveCount(0);
    await importText(other, file);
    await expect(history(other).getByRole('status')).toHaveText('Imported 2 runs (0 already present)');
    await expect(rows(other)).toHaveCount(2);
    expect(await rowTexts(other)).toEqual(listed);
    // Importing the same file again adds nothing.
    await importText(other, file);
    await expect(history(other).getByRole('status')).toHaveText('Imported 0 runs (2 already present)');
    await expect(rows(other)).toHaveCount(2);
    const again = JSON.parse(await download(other, 'Export runs'));
    expect(again.runs).toEqual(first.runs);
    const { exportedAt: _a, ...restA } = first;
    const { exportedAt: _b, ...restB } = again;
    expect(restB).toEqual(restA);
  } finally {
    await context.close();
  }
});

test('a truncated file, extra keys and __proto__ are refused with a message, and nothing changes', async ({ page }) => {
  test.setTimeout(120_000);
  await page.goto(`/?v=1&A=torch.StepLR&A.step_size=1&${SMALL}`);
  await trainAndWait(page, ['A']);
  await expect(rows(page)).toHaveCount(1);
  const before = await rowTexts(page);
  const file = await download(page, 'Export runs');
  const alert = history(page).getByRole('alert');

  await importText(page, file.slice(0, Math.floor(file.length / 2)));
  await expect(alert).toContainText('not valid JSON');
  expect(await rowTexts(page)).toEqual(before);

  const extra = JSON.parse(file);
  extra.runs[0].extra = 1;
  extra.runs[0].id = 'another-id';
  await importText(page, JSON.stringify(extra));
  await expect(alert).toContainText('unknown key "extra"');
  expect(await rowTexts(page)).toEqual(before);

  const proto = file.replace('"format":', '"__proto__": { "polluted": true },\n  "format":');
  expect(proto).not.toBe(file);
  await importText(page, proto);
  await expect(alert).toContainText('__proto__');
  expect(await rowTexts(page)).toEqual(before);
  expect(await page.evaluate(() => (Object.prototype as { polluted?: unknown }).polluted)).toBeUndefined();
  await page.reload();
  await expect(rows(page)).toHaveCount(1);
});

test('storage refused: a message, training still works, and the session keeps its runs', async ({ page }) => {
  test.setTimeout(120_000);
  await page.addInitScript(() => {
    IDBFactory.prototype.open = () => {
      throw new DOMException('The user denied permission to access the database.', 'SecurityError');
    };
  });
  await page.goto(`/?v=1&A=torch.StepLR&A.step_size=1&${SMALL}`);
  await trainAndWait(page, ['A']);
  await expect(history(page).getByRole('alert')).toContainText('runs are kept until you close this tab');
  await expect(rows(page)).toHaveCount(1);
  await expect(rows(page).first()).toContainText('done');
  // Train again: both runs of the session are listed.
  await trainAndWait(page, ['A']);
  await expect(rows(page)).toHaveCount(2);
});

test('Restore settings puts the run back: training again gives the same CSV', async ({ page }) => {
  test.setTimeout(150_000);
  await page.goto(`/?v=1&A=torch.StepLR&A.step_size=1&A.gamma=0.5&${SMALL}`);
  await trainAndWait(page, ['A']);
  const before = await downloadTrainingCsv(page);
  const curveBefore = await downloadCsv(page);
  await expect(rows(page)).toHaveCount(1);

  // Another gamma (and another training setting), trained: a different curve.
  await page.goto(
    `/?v=1&A=torch.StepLR&A.step_size=1&A.gamma=0.9&epochs=4&train.dataset=moons&train.samples=200&train.seeds=1&train.backend=fused`,
  );
  await expect(rows(page)).toHaveCount(1);
  await expect(history(page).getByRole('checkbox', { name: /^Select run A: gamma 0\.9 → 0\.5, epochs 4 → 3/ })).toBeVisible();
  await trainAndWait(page, ['A'], 4);
  const changed = await downloadTrainingCsv(page);
  expect(changed).not.toEqual(before);
  await expect(rows(page)).toHaveCount(2);

  await history(page)
    .getByRole('button', { name: /^Restore settings of run A: gamma 0\.9 → 0\.5/ })
    .click();
  await expect(page).toHaveURL(/A\.gamma=0\.5/);
  await expect(history(page).getByRole('checkbox', { name: 'Select run A: gamma 0.5 → 0.9, epochs 3 → 4', exact: true })).toBeVisible();
  // The schedule's curve is the run's again (the chart's "Download CSV"), and training again reproduces the run.
  expect(await downloadCsv(page)).toEqual(curveBefore);
  await trainAndWait(page, ['A']);
  expect(await downloadTrainingCsv(page)).toEqual(before);
});
