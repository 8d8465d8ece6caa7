import { readFileSync } from 'node:fs';
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { panel, slider } from './helpers';

interface ExportedPanel {
  panel: string;
  points?: [number, number][];
  lr?: number[];
  loss?: number[];
  end?: { kind: string; step?: number; lr?: number };
  error?: string;
}
interface ExportedPaths {
  format: string;
  surface: string;
  start: [number, number];
  steps: number;
  panels: ExportedPanel[];
}

/** The read-outs' number format: 4 significant digits, exponent form below 1e-3 and from 1e5. */
function short(x: number): string {
  const a = Math.abs(x);
  if (x === 0) return '0';
  return a < 1e-3 || a >= 1e5 ? x.toExponential(3).replace(/\.?0+e/, 'e') : String(Number(x.toPrecision(4)));
}

/** The reference paths (scripts/golden/landscape_reference.py: independent NumPy float64, and real torch.optim). */
interface ReferenceCase {
  id: string;
  numpy: { points: [number, number][]; lr: number[] };
  real: { points: [number, number][] };
}
const reference = JSON.parse(readFileSync(new URL('../src/landscape/__fixtures__/landscape.json', import.meta.url), 'utf8')) as {
  cases: ReferenceCase[];
};
const referenceCase = (id: string) => {
  const found = reference.cases.find((c) => c.id === id);
  if (!found) throw new Error(`no reference case ${id}`);
  return found;
};

/** Every coordinate within 1e-12 relative (compared at 0.1 at least, where a coordinate passes near 0). */
function expectPointsClose(actual: readonly [number, number][], expected: readonly [number, number][], what: string) {
  expect(actual.length, what).toBe(expected.length);
  let worst = 0;
  actual.forEach((p, k) => {
    for (const c of [0, 1] as const) {
      const e = (expected[k] as [number, number])[c];
      worst = Math.max(worst, Math.abs(p[c] - e) / Math.max(Math.abs(e), 0.1));
    }
  });
  expect(worst, what).toBeLessThanOrEqual(1e-12);
}

const landscapeTab = (page: Page) => page.getByRole('tab', { name: 'Landscape', exact: true });
const pathOf = (page: Page, letter: string) => page.locator(`.landscape-path[data-panel="${letter}"]`);
const readout = (page: Page, letter: string) => page.locator(`.landscape-readouts tr[data-panel="${letter}"]`);

async function downloadPaths(page: Page): Promise<ExportedPaths> {
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Download paths (JSON)', exact: true }).click();
  const file = await download;
  expect(file.suggestedFilename()).toBe('lr-landscape-paths.json');
  return JSON.parse(readFileSync(await file.path(), 'utf8')) as ExportedPaths;
}

const exported = (paths: ExportedPaths, letter: string) => {
  const found = paths.panels.find((p) => p.panel === letter);
  if (!found?.points) throw new Error(`no path for ${letter}: ${JSON.stringify(found)}`);
  return found as Required<Pick<ExportedPanel, 'points' | 'lr' | 'loss'>> & ExportedPanel;
};

test('StepLR and OneCycleLR side by side on Rosenbrock: a path per panel, and a schedule slider moves its path', async ({ page }) => {
  await page.goto('/?v=1&epochs=20&steps=10&A=torch.StepLR&A.step_size=3&A.gamma=0.5&B=torch.OneCycleLR');
  // The tab is part of the link; the tabs follow the WAI-ARIA pattern (arrow keys select).
  await page.getByRole('tab', { name: 'Schedule', exact: true }).focus();
  await page.keyboard.press('ArrowRight');
  await expect(landscapeTab(page)).toHaveAttribute('aria-selected', 'true');
  await expect.poll(() => page.url()).toContain('tab=landscape');
  await expect(page.getByRole('figure', { name: /Loss landscape: Rosenbrock/ })).toBeVisible();
  await expect(page.locator('.landscape-path')).toHaveCount(2);
  await expect(pathOf(page, 'A')).toHaveAttribute('data-points', '201');
  await expect(pathOf(page, 'B')).toHaveAttribute('data-points', '201');
  // The canvas holds the painted contours (not a blank bitmap).
  const distinctColours = await page.locator('.landscape-canvas').evaluate((canvas: HTMLCanvasElement) => {
    const data = canvas.getContext('2d')?.getImageData(0, 0, canvas.width, canvas.height).data;
    const seen = new Set<number>();
    if (data)
      for (let i = 0; i < data.length; i += 4 * 97)
        seen.add((data[i] as number) * 65536 + (data[i + 1] as number) * 256 + (data[i + 2] as number));
    return seen.size;
  });
  expect(distinctColours).toBeGreaterThan(10);

  const before = await downloadPaths(page);
  expect(before.format).toBe('lr-playground-landscape');
  expect(before.surface).toBe('rosenbrock');
  expect(before.start).toEqual([-1.5, 2]);
  const a0 = exported(before, 'A');
  const b0 = exported(before, 'B');
  // A's path is the reference's: NumPy float64 and real torch.optim.SGD, StepLR stepped after every 10 steps.
  const three = referenceCase('e2e/rosenbrock/torch-sgd-momentum/StepLR-3');
  expect(a0.lr).toEqual(three.numpy.lr);
  expectPointsClose(a0.points, three.numpy.points, 'step_size 3 vs NumPy');
  expectPointsClose(a0.points, three.real.points, 'step_size 3 vs torch.optim.SGD');

  // One ArrowRight on A's step-size slider: A's path changes (to the reference's step_size 4), B's stays.
  const stepSize = slider(panel(page, 'A'), 'Step size');
  const drawnA = await pathOf(page, 'A').locator('polyline').first().getAttribute('points');
  const drawnB = await pathOf(page, 'B').locator('polyline').first().getAttribute('points');
  await stepSize.focus();
  await page.keyboard.press('ArrowRight');
  await expect(stepSize).toHaveValue('4');
  await expect(pathOf(page, 'A').locator('polyline').first()).not.toHaveAttribute('points', drawnA ?? '');
  await expect(pathOf(page, 'B').locator('polyline').first()).toHaveAttribute('points', drawnB ?? '');
  const after = await downloadPaths(page);
  const four = referenceCase('e2e/rosenbrock/torch-sgd-momentum/StepLR-4');
  expectPointsClose(exported(after, 'A').points, four.numpy.points, 'step_size 4 vs NumPy');
  expectPointsClose(exported(after, 'A').points, four.real.points, 'step_size 4 vs torch.optim.SGD');
  expect(exported(after, 'B').points).toEqual(b0.points);

  // Read-outs: final loss and where each got within 1e-3 of the minimum (or not).
  await expect(readout(page, 'A')).toContainText(/within 0\.001 of the minimum|not within 0\.001/);
  await expect(readout(page, 'B')).toContainText(/within 0\.001 of the minimum|not within 0\.001/);
});

test('the step slider shows every path at step k, with its LR', async ({ page }) => {
  await page.goto('/?v=1&epochs=20&steps=10&tab=landscape&A=torch.StepLR');
  const step = page.getByRole('slider', { name: 'Step', exact: true });
  await expect(step).toHaveAttribute('max', '200');
  await step.focus();
  await page.keyboard.press('Home');
  await expect(page.locator('.landscape-step output')).toContainText('0 of 200');
  for (let i = 0; i < 150; i++) await page.keyboard.press('ArrowRight');
  await expect(page.locator('.landscape-step output')).toContainText('150 of 200 (epoch 15)');
  const paths = await downloadPaths(page);
  const a = exported(paths, 'A');
  // At step 150 the LR of that step (the 150th, at index 149) and the loss there.
  const shown = await readout(page, 'A').locator('td').first().textContent();
  expect(shown).toContain(`lr ${short(a.lr[149] as number)}`);
  expect(shown).toContain(`loss ${short(a.loss[150] as number)}`);
  const marker = pathOf(page, 'A').locator('.landscape-at');
  const cx1 = await marker.getAttribute('cx');
  await step.focus();
  await page.keyboard.press('End');
  await expect(marker).not.toHaveAttribute('cx', cx1 ?? '');
});

test('the start point: a focusable handle moved by the arrow keys, kept in the link, where every path starts', async ({ page }) => {
  await page.goto('/?v=1&epochs=10&steps=10&tab=landscape&A=torch.StepLR');
  const handle = page.getByRole('button', { name: 'Start point', exact: true });
  await expect(handle).toHaveAttribute('data-x', '-1.5');
  await handle.focus();
  // Rosenbrock's map is 4 wide and 4 high: an arrow moves 1 % of it, Shift + arrow 10 %.
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('Shift+ArrowDown');
  await expect(handle).toHaveAttribute('data-x', '-1.42');
  await expect(handle).toHaveAttribute('data-y', '1.6');
  await expect.poll(() => page.url()).toContain('landscape.start=-1.42,1.6');
  const paths = await downloadPaths(page);
  expect(paths.start).toEqual([-1.42, 1.6]);
  expect(exported(paths, 'A').points[0]).toEqual([-1.42, 1.6]);

  // A pointer drag moves it too (to where the pointer is released, inside the map).
  const frame = page.locator('.landscape-frame');
  const box = await frame.boundingBox();
  if (!box) throw new Error('no map');
  await handle.hover();
  await page.mouse.down();
  await page.mouse.move(box.x + box.width * 0.75, box.y + box.height * 0.25, { steps: 5 });
  await page.mouse.up();
  await expect.poll(async () => Number(await handle.getAttribute('data-x'))).toBeCloseTo(1, 1);
  await expect.poll(async () => Number(await handle.getAttribute('data-y'))).toBeCloseTo(2, 1);

  // Home puts it back; the link then has no start.
  await handle.focus();
  await page.keyboard.press('Home');
  await expect(handle).toHaveAttribute('data-x', '-1.5');
  await expect.poll(() => page.url()).not.toContain('landscape.start');
});

test('a diverging path stops, is marked, and says where and at which LR', async ({ page }) => {
  await page.goto('/?v=1&epochs=10&steps=10&tab=landscape&A=torch.StepLR&A.lr=50');
  await expect(pathOf(page, 'A')).toHaveAttribute('data-end', 'diverged');
  await expect(pathOf(page, 'A').locator('.landscape-diverged')).toHaveCount(1);
  await expect(readout(page, 'A')).toContainText(/diverged at step \d+ \(lr = 0\.5\)/);
  const paths = await downloadPaths(page);
  const a = exported(paths, 'A');
  expect(a.end?.kind).toBe('diverged');
  for (const [x, y] of a.points) {
    expect(Number.isFinite(x) && Number.isFinite(y)).toBe(true);
    expect(x >= -6 && x <= 6 && y >= -5 && y <= 7).toBe(true);
  }
});

test('the surface picker, noise and a bad number: each with a clear result, nothing lost', async ({ page }) => {
  await page.goto('/?v=1&epochs=10&steps=10&tab=landscape&A=torch.StepLR&landscape.start=0.5,0.5');
  await page.getByRole('combobox', { name: 'Surface' }).selectOption('saddle');
  await expect(page.getByRole('figure', { name: /Loss landscape: Saddle/ })).toBeVisible();
  await expect.poll(() => page.url()).toContain('landscape.surface=saddle');
  // A new surface starts from its own start point.
  await expect.poll(() => page.url()).not.toContain('landscape.start');
  const exact = exported(await downloadPaths(page), 'A').points;

  const noise = page.getByRole('textbox', { name: 'Gradient noise', exact: true });
  await noise.fill('0.5');
  await expect.poll(() => page.url()).toContain('landscape.noise=0.5');
  const noisy = exported(await downloadPaths(page), 'A').points;
  expect(noisy).not.toEqual(exact);
  await noise.fill('-1');
  await expect(page.getByRole('alert').filter({ hasText: 'Gradient noise must be from 0 to 1000' })).toBeVisible();
  await expect(noise).toHaveValue('-1');
  await expect.poll(() => page.url()).toContain('landscape.noise=0.5');
  // The seed gives a different draw; the same seed the same path.
  await page.getByRole('textbox', { name: 'Noise seed', exact: true }).fill('7');
  const seeded = exported(await downloadPaths(page), 'A').points;
  expect(seeded).not.toEqual(noisy);
  await page.getByRole('textbox', { name: 'Noise seed', exact: true }).fill('0');
  expect(exported(await downloadPaths(page), 'A').points).toEqual(noisy);
});

test('a link restores the landscape, a garbled one says what it dropped, and an embed shows just the map', async ({ page, context }) => {
  await page.goto('/?v=1&tab=landscape&landscape.surface=rosenbrock&landscape.start=-1.5,2&landscape.seed=3');
  await expect(landscapeTab(page)).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByRole('button', { name: 'Start point' })).toHaveAttribute('data-y', '2');

  await page.goto('/?v=1&tab=landscape&landscape.surface=himmelblau&landscape.start=abc,%3Cb%3E');
  const notice = page.getByRole('alert').filter({ hasText: 'could not be restored' });
  await expect(notice).toContainText('landscape.start must be two numbers x,y inside the Himmelblau map');
  await expect(page.getByRole('figure', { name: /Loss landscape: Himmelblau/ })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Start point' })).toHaveAttribute('data-x', '0');

  const embed = await context.newPage();
  await embed.goto('/?v=1&embed=1&hide=controls,tabs&tab=landscape&landscape.surface=six-hump-camel&A=torch.OneCycleLR');
  await expect(embed.getByRole('figure', { name: /Loss landscape: Six-hump camel/ })).toBeVisible();
  await expect(embed.getByRole('tablist')).toHaveCount(0);
  await expect(embed.getByRole('region', { name: 'Schedule A', exact: true })).toHaveCount(0);
  await expect(embed.locator('.landscape-path')).toHaveCount(1);
  await embed.close();
});

test('Download PNG on the Landscape tab saves the map with its paths', async ({ page }) => {
  await page.goto('/?v=1&epochs=10&steps=10&tab=landscape&A=torch.StepLR&B=torch.OneCycleLR');
  await expect(page.locator('.landscape-path')).toHaveCount(2);
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Download PNG', exact: true }).click();
  const file = await download;
  expect(file.suggestedFilename()).toBe('lr-landscape.png');
  const bytes = readFileSync(await file.path());
  expect([...bytes.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  // The image is the map's width and taller than the map (title and legend rows).
  const width = bytes.readUInt32BE(16);
  const height = bytes.readUInt32BE(20);
  const canvasWidth = await page.locator('.landscape-canvas').evaluate((c: HTMLCanvasElement) => c.width);
  expect(width).toBe(canvasWidth);
  expect(height).toBeGreaterThan(width);
});

test('the Landscape tab passes axe, light and dark', async ({ page }) => {
  for (const theme of ['light', 'dark']) {
    await page.goto(`/?v=1&epochs=10&steps=10&theme=${theme}&tab=landscape&A=torch.StepLR&B=torch.OneCycleLR&C=torch.LambdaLR`);
    // C runs a Python function (LambdaLR's lr_lambda): its path reads the curve the sampling worker computed.
    await expect(page.locator('.landscape-path')).toHaveCount(3);
    const results = await new AxeBuilder({ page }).include('.results').analyze();
    const summary = results.violations.map(
      (v) => `${v.id} (${v.nodes.length}): ${v.nodes[0]?.target.join(' ')} ${v.nodes[0]?.failureSummary ?? ''}`,
    );
    expect(summary, `axe on the Landscape tab (${theme})`).toEqual([]);
  }
});
