import AxeBuilder from '@axe-core/playwright';
import type { BrowserType, Locator, Page } from '@playwright/test';
import { findChromium } from '../scripts/find-chromium.mjs';
import { expect, test } from './fixtures';

/**
 * The training backends on backends.html, through the real worker. Headless Chromium here has no GPU: WebGL runs
 * on SwiftShader (ANGLE on its Vulkan), WebGPU only with --enable-unsafe-webgpu and on a fallback adapter.
 *
 * Tolerance: each backend's epoch losses (training and validation) must equal the CPU backend's within a relative
 * 1e-5. Measured here after one epoch of the article's MLP on the digits (1,437 training images, 45 batches):
 * WASM 3.1e-7, WebGL 1.0e-7, WebGPU 1.0e-7 (300 samples): a few float32 ulps (2^-23 ≈ 1.2e-7), from different
 * summation orders and fused kernels. 1e-5 leaves 30x room for other drivers while anything really wrong (a
 * different batch order, a wrong gradient, another initialisation) moves the first epoch's loss by 1e-3 or more.
 */
const TOLERANCE = 1e-5;

/** The automatic choice's reason says a real GPU was found (then `auto` rightly picks it, not WASM). */
const onRealGpu = (reason: string) => /^(WebGPU|WebGL) on a real GPU/.test(reason);
const out = (page: Page, label: string) => page.getByRole('table', { name: 'Backend comparison' }).getByLabel(label, { exact: true });
const status = (page: Page) => page.getByRole('status', { name: 'Status' });
const text = async (locator: Locator) => ((await locator.textContent()) ?? '').trim();
const numbers = async (page: Page, label: string) => (await text(out(page, label))).split(/\s+/).map(Number);

async function runCheck(page: Page, query: string, timeout = 60_000) {
  await page.goto(`/backends.html?${query}&autorun=1`);
  await expect(status(page)).toHaveText(/^Done: /, { timeout });
}

/** The compared run's losses against the CPU reference's, every epoch, training and validation. */
async function expectAgreesWithCpu(page: Page) {
  for (const kind of ['losses', 'val losses']) {
    const reference = await numbers(page, `Reference ${kind}`);
    const compared = await numbers(page, `Compared ${kind}`);
    expect(compared).toHaveLength(reference.length);
    expect(reference.length).toBeGreaterThan(0);
    reference.forEach((r, i) => {
      expect(Number.isFinite(r)).toBe(true);
      expect(Math.abs((compared[i] as number) - r) / Math.abs(r), `${kind} of epoch ${i}: ${compared[i]} vs CPU ${r}`).toBeLessThanOrEqual(
        TOLERANCE,
      );
    });
  }
  expect(Number(await text(out(page, 'Compared max relative difference')))).toBeLessThanOrEqual(TOLERANCE);
  expect(await text(out(page, 'Compared val accuracy'))).toBe(await text(out(page, 'Reference val accuracy')));
}

test('the page ships the CSP with wasm-unsafe-eval (WebAssembly) and no JS eval', async ({ page }) => {
  await page.goto('/backends.html');
  const csp = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
  expect(csp).toContain("script-src 'self' 'wasm-unsafe-eval'");
  expect(csp).not.toContain("'unsafe-eval'");
  await expect(page).toHaveTitle('Training backends on this device');
});

test('auto times the fused kernel against WASM here, trains on the faster, and gives both figures', async ({ page }) => {
  await page.goto('/backends.html');
  const reason = page.getByLabel('Automatic reason', { exact: true });
  await expect(reason).not.toBeEmpty({ timeout: 30_000 });
  test.skip(onRealGpu(await text(reason)), 'this machine has a real GPU');
  const why = await text(reason);
  const figures = /fused wasm: ([\d.]+) ms\/epoch; wasm: ([\d.]+) ms\/epoch/.exec(why);
  expect(figures, why).not.toBeNull();
  const [fusedMs, wasmMs] = [Number(figures?.[1]), Number(figures?.[2])];
  // Which one wins is a measurement; that the faster one trains, and why, is the behaviour.
  await expect(page.getByLabel('Automatic backend', { exact: true })).toHaveText(fusedMs <= wasmMs ? 'fused' : 'wasm');
  // Either way the reason keeps why tfjs's best is WASM here.
  await expect(reason).toContainText(/WASM: no real GPU \(.*WebGL renderer is SwiftShader, a software renderer\)/);
  await expect(reason).toContainText('for this model (64-128-64-10, batch 32)');
  await expect(page.getByLabel('Automatic notices', { exact: true })).toHaveText('none');
});

for (const backend of ['fused', 'wasm', 'webgl'] as const) {
  test(`forced ${backend}: runs on ${backend} and one epoch's losses equal the CPU's`, async ({ page }) => {
    test.setTimeout(120_000);
    await page.addInitScript(() => {
      const seen: string[] = [];
      (window as unknown as { __csp: string[] }).__csp = seen;
      document.addEventListener('securitypolicyviolation', (e) => seen.push(`${e.violatedDirective}: ${e.blockedURI}`));
    });
    await runCheck(page, `backend=${backend}&epochs=1`, 100_000);
    await expect(out(page, 'Reference backend')).toHaveText('cpu');
    await expect(out(page, 'Compared backend')).toHaveText(backend);
    await expect(out(page, 'Compared reason')).toContainText('Forced: ');
    await expect(page.getByLabel('Compared notices', { exact: true })).toHaveText('none');
    expect(Number(await text(out(page, 'Compared ms per epoch')))).toBeGreaterThan(0);
    await expectAgreesWithCpu(page);
    if (backend === 'wasm') {
      // The filled-in page: no accessibility violations, no CSP violation on the way.
      expect(await page.evaluate(() => (window as unknown as { __csp: string[] }).__csp)).toEqual([]);
      const axe = await new AxeBuilder({ page }).analyze();
      expect(axe.violations.map((v) => `${v.id}: ${v.nodes[0]?.target.join(' ')}`)).toEqual([]);
    }
  });
}

test('a bad config shows the failed message, and the page is ready for another check', async ({ page }) => {
  await page.goto('/backends.html?lr=0&backend=cpu&epochs=1&samples=200&autorun=1');
  await expect(status(page)).toHaveText('Failed.', { timeout: 30_000 });
  await expect(page.getByRole('alert', { name: 'Problems' })).toContainText('optimizer.lr');
  await expect(page.getByRole('button', { name: 'Check backends' })).toBeEnabled();
});

test('stopping mid-run stops it, and a new check then runs to the end', async ({ page }) => {
  test.setTimeout(120_000);
  await page.goto('/backends.html?backend=cpu&epochs=200&autorun=1');
  // One epoch in: the run is really training.
  await expect(out(page, 'Reference first epoch ms')).not.toBeEmpty({ timeout: 30_000 });
  await page.getByRole('button', { name: 'Stop' }).click();
  await expect(status(page)).toHaveText('Stopped.', { timeout: 30_000 });
  const epochsAtStop = (await numbers(page, 'Reference losses')).length;
  expect(epochsAtStop).toBeLessThan(200);
  await expect(page.getByRole('button', { name: 'Stop' })).toBeDisabled();
  await page.getByLabel('Epochs', { exact: true }).fill('1');
  await page.getByLabel('Samples (digits)', { exact: true }).fill('300');
  await page.getByRole('button', { name: 'Check backends' }).click();
  await expect(status(page)).toHaveText(/^Done: cpu vs CPU, 1 epoch\.$/, { timeout: 60_000 });
  await expect(out(page, 'Compared backend')).toHaveText('cpu');
  expect(await numbers(page, 'Compared losses')).toEqual(await numbers(page, 'Reference losses'));
});

/**
 * A browser of its own with --enable-unsafe-webgpu, launched for the test (the file's other tests keep the
 * configured one), with the same guard as the `page` fixture: no page errors and no console errors.
 */
async function withWebGpuPage(
  playwright: { chromium: BrowserType },
  baseURL: string | undefined,
  body: (page: Page) => Promise<void>,
): Promise<void> {
  const chromium = findChromium();
  const browser = await playwright.chromium.launch({
    ...(chromium.path ? { executablePath: chromium.path } : {}),
    args: ['--disable-quic', '--enable-unsafe-webgpu'],
  });
  try {
    const page = await browser.newPage(baseURL ? { baseURL } : {});
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(`console.error: ${message.text()}`);
    });
    await body(page);
    expect(problems, 'page errors and console errors').toEqual([]);
  } finally {
    await browser.close();
  }
}

test.describe('WebGPU (Chromium with --enable-unsafe-webgpu: a fallback adapter on SwiftShader)', () => {
  test('with the test-only allowFallbackAdapter, forced webgpu runs on WebGPU and agrees with the CPU', async ({ playwright, baseURL }) => {
    // WebGPU on SwiftShader is ~30x slower than WASM: 300 samples (240 to train on), one epoch.
    test.setTimeout(240_000);
    await withWebGpuPage(playwright, baseURL, async (page) => {
      await runCheck(page, 'backend=webgpu&epochs=1&samples=300&allowFallbackAdapter=1', 200_000);
      // auto's tfjs choice is WebGPU here; it is timed against the fused kernel, and the faster trains.
      const autoReason = await text(page.getByLabel('Automatic reason', { exact: true }));
      const figures = /fused wasm: ([\d.]+) ms\/epoch; webgpu: ([\d.]+) ms\/epoch/.exec(autoReason);
      expect(figures, autoReason).not.toBeNull();
      await expect(page.getByLabel('Automatic backend', { exact: true })).toHaveText(
        Number(figures?.[1]) <= Number(figures?.[2]) ? 'fused' : 'webgpu',
      );
      await expect(out(page, 'Compared backend')).toHaveText('webgpu');
      await expect(out(page, 'Compared reason')).toContainText('Forced: WebGPU on a fallback (software) adapter, allowed for tests');
      await expectAgreesWithCpu(page);
    });
  });

  test('without it, auto never picks WebGPU and forced webgpu falls back with a notice', async ({ playwright, baseURL }) => {
    test.setTimeout(120_000);
    await withWebGpuPage(playwright, baseURL, async (page) => {
      await runCheck(page, 'backend=webgpu&epochs=1&samples=200', 100_000);
      const autoReason = await text(page.getByLabel('Automatic reason', { exact: true }));
      test.skip(onRealGpu(autoReason), 'this machine has a real GPU');
      await expect(page.getByLabel('Automatic backend', { exact: true })).toHaveText(/^(fused|wasm)$/);
      expect(autoReason).toContain('the WebGPU adapter is a fallback (software) adapter');
      await expect(out(page, 'Compared backend')).toHaveText('wasm');
      await expect(out(page, 'Compared reason')).toHaveText('WASM: webgpu was requested but could not run (see the notices)');
      const notices = page.getByLabel('Compared notices', { exact: true });
      await expect(notices).toContainText('webgpu was requested but cannot run: the WebGPU adapter is a fallback (software) adapter');
      await expect(notices).toContainText('fell back to wasm');
    });
  });
});
