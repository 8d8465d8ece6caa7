import { readFileSync } from 'node:fs';
import type { Locator, Page } from '@playwright/test';
import { expect, test } from './fixtures';

interface FixtureCase {
  id: string;
  call: { name: string; args: Record<string, unknown>; optimizer?: { kind?: string; lr?: number } };
  n: number;
  lr: number[];
}

// Expected values come from the committed PyTorch fixture, never from the engine under test.
const fixture = JSON.parse(readFileSync(new URL('../src/schedules/__fixtures__/torch.json', import.meta.url), 'utf8')) as {
  cases: FixtureCase[];
};

function fixtureCase(id: string): FixtureCase {
  const found = fixture.cases.find((c) => c.id === id);
  if (!found) throw new Error(`fixture case ${id} is missing from torch.json`);
  return found;
}

function numberArg(c: FixtureCase, name: string): number {
  const value = c.call.args[name];
  if (typeof value !== 'number') throw new Error(`${c.id}: args.${name} is not a number`);
  return value;
}

const panelA = (page: Page) => page.getByRole('region', { name: 'Schedule A', exact: true });
const slider = (scope: Locator, label: string) => scope.getByRole('slider', { name: label, exact: true });
const spinbutton = (scope: Locator, label: string) => scope.getByRole('spinbutton', { name: label, exact: true });

async function setEpochs(page: Page, epochs: number) {
  const input = page.getByRole('group', { name: 'Training horizon' }).getByRole('spinbutton', { name: 'Epochs', exact: true });
  await input.fill(String(epochs));
  await expect(input).toHaveValue(String(epochs));
}

async function chooseFamily(page: Page, name: string) {
  await panelA(page).getByRole('combobox', { name: 'Schedule', exact: true }).selectOption(`torch:${name}`);
}

async function readTable(page: Page): Promise<{ ticks: number[]; lr: number[] }> {
  const table = page.getByRole('table', { name: 'Schedule values' });
  await expect(table).toBeVisible();
  const rows = await table
    .locator('tbody tr')
    .evaluateAll((trs) => trs.map((tr) => Array.from(tr.querySelectorAll('th, td'), (cell) => cell.textContent ?? '')));
  return { ticks: rows.map((r) => Number(r[0])), lr: rows.map((r) => Number(r[1])) };
}

/** Waits until the table has `n` rows and every value is within `relTol` of the fixture. */
async function expectTableMatches(page: Page, expected: readonly number[], relTol = 1e-12) {
  await expect(page.getByRole('table', { name: 'Schedule values' }).locator('tbody tr')).toHaveCount(expected.length);
  const table = await readTable(page);
  expect(table.ticks).toEqual(expected.map((_, i) => i));
  const mismatches = expected.flatMap((want, i) => {
    const got = table.lr[i] ?? Number.NaN;
    const ok = got === want || Math.abs(got - want) <= relTol * Math.max(Math.abs(got), Math.abs(want));
    return ok ? [] : [`tick ${i}: got ${got}, want ${want}`];
  });
  expect(mismatches).toEqual([]);
}

test.beforeEach(async ({ page }) => {
  await page.goto('/');
});

test('the page loads with a schedule panel and a drawn curve', async ({ page }) => {
  await expect(page.getByRole('heading', { name: 'LR Playground' })).toBeVisible();
  await expect(panelA(page)).toBeVisible();
  await expect(panelA(page).getByRole('combobox', { name: 'Schedule', exact: true })).toHaveValue('torch:StepLR');
  const curve = page.getByRole('figure', { name: 'Learning-rate curve' }).locator('path.recharts-line-curve');
  await expect(curve).toHaveCount(1);
  await expect(curve).toHaveAttribute('d', /^M[\d.\s,-]+[LHV]/);
});

test('StepLR and CosineAnnealingLR reproduce the PyTorch fixture', async ({ page }) => {
  const stepCase = fixtureCase('e2e/StepLR');
  const cosineCase = fixtureCase('e2e/CosineAnnealingLR');
  expect(Object.keys(stepCase.call.args).sort()).toEqual(['gamma', 'step_size']);
  expect(Object.keys(cosineCase.call.args)).toEqual(['T_max']);
  expect(cosineCase.n).toBe(stepCase.n);
  const panel = panelA(page);

  await setEpochs(page, stepCase.n);
  await chooseFamily(page, 'StepLR');
  await spinbutton(panel, 'Initial LR').fill(String(stepCase.call.optimizer?.lr));

  // Step size with the keyboard only: Home goes to the slider's minimum, each ArrowRight adds one step.
  const stepSize = numberArg(stepCase, 'step_size');
  const stepSlider = slider(panel, 'Step size');
  await stepSlider.focus();
  await page.keyboard.press('Home');
  const sliderMin = Number(await stepSlider.getAttribute('min'));
  const sliderStep = Number(await stepSlider.getAttribute('step'));
  await expect(spinbutton(panel, 'Step size')).toHaveValue(String(sliderMin));
  for (let value = sliderMin; value < stepSize; value += sliderStep) await page.keyboard.press('ArrowRight');
  await expect(stepSlider).toHaveValue(String(stepSize));
  await expect(spinbutton(panel, 'Step size')).toHaveValue(String(stepSize));
  await page.keyboard.press('ArrowRight');
  await expect(spinbutton(panel, 'Step size')).toHaveValue(String(stepSize + sliderStep));
  await page.keyboard.press('ArrowLeft');
  await expect(spinbutton(panel, 'Step size')).toHaveValue(String(stepSize));

  await spinbutton(panel, 'Gamma').fill(String(numberArg(stepCase, 'gamma')));
  await page.getByRole('checkbox', { name: 'Show values' }).check();
  await expectTableMatches(page, stepCase.lr);

  // CosineAnnealingLR: T_max set by "dragging": only `input` events, never a `change` (release).
  await chooseFamily(page, 'CosineAnnealingLR');
  await expect(spinbutton(panel, 'Initial LR')).toHaveValue(String(cosineCase.call.optimizer?.lr));
  const tMax = numberArg(cosineCase, 'T_max');
  const periodSlider = slider(panel, 'Period (T_max)');
  await spinbutton(panel, 'Period (T_max)').fill(String(tMax + 7));
  const before = await readTable(page);
  const changeEvents = await periodSlider.evaluate((el, value) => {
    const input = el as HTMLInputElement;
    let changes = 0;
    input.addEventListener('change', () => {
      changes += 1;
    });
    (window as unknown as { __changes: () => number }).__changes = () => changes;
    // The native setter bypasses React's value tracking, so React sees the same thing a drag produces.
    Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')?.set?.call(input, String(value));
    input.dispatchEvent(new Event('input', { bubbles: true }));
    return changes;
  }, tMax);
  expect(changeEvents).toBe(0);
  await expect(spinbutton(panel, 'Period (T_max)')).toHaveValue(String(tMax));
  await expectTableMatches(page, cosineCase.lr);
  expect((await readTable(page)).lr).not.toEqual(before.lr);
  expect(await page.evaluate(() => (window as unknown as { __changes: () => number }).__changes())).toBe(0);
});

test('ExponentialLR reproduces the PyTorch fixture', async ({ page }) => {
  const expCase = fixtureCase('e2e/ExponentialLR');
  expect(Object.keys(expCase.call.args)).toEqual(['gamma']);
  const panel = panelA(page);
  await setEpochs(page, expCase.n);
  await chooseFamily(page, 'ExponentialLR');
  await spinbutton(panel, 'Initial LR').fill(String(expCase.call.optimizer?.lr));
  await spinbutton(panel, 'Gamma').fill(String(numberArg(expCase, 'gamma')));
  await page.getByRole('checkbox', { name: 'Show values' }).check();
  await expectTableMatches(page, expCase.lr);
});

test('an invalid value shows an alert next to its control, and fixing it removes the alert', async ({ page }) => {
  const panel = panelA(page);
  await chooseFamily(page, 'StepLR');
  const stepSize = spinbutton(panel, 'Step size');
  const curve = page.getByRole('figure', { name: 'Learning-rate curve' }).locator('path.recharts-line-curve');
  await expect(curve).toHaveCount(1);
  await expect(panel.getByRole('alert')).toHaveCount(0);

  await stepSize.fill('0');
  const alert = panel.getByRole('alert');
  await expect(alert).toHaveCount(1);
  await expect(alert).toContainText('step_size');
  await expect(stepSize).toHaveAttribute('aria-invalid', 'true');
  // The last good curve stays on screen (dimmed) and the page keeps working.
  await expect(curve).toHaveCount(1);
  await expect(curve).toHaveAttribute('stroke-opacity', '0.35');
  await expect(page.getByRole('heading', { name: 'LR Playground' })).toBeVisible();

  await stepSize.fill('3');
  await expect(panel.getByRole('alert')).toHaveCount(0);
  await expect(page.getByRole('alert')).toHaveCount(0);
  await expect(stepSize).not.toHaveAttribute('aria-invalid', 'true');
  await expect(curve).toHaveAttribute('stroke-opacity', '1');
});
