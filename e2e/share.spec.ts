import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { chooseFamily, downloadCsv, panel, setHorizon, spinbutton } from './helpers';

/** Records Content-Security-Policy violations from the first script on, to assert there are none. */
async function watchCsp(page: Page) {
  await page.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { __csp: string[] }).__csp = seen;
    document.addEventListener('securitypolicyviolation', (e) => seen.push(`${e.violatedDirective}: ${e.blockedURI}`));
  });
}
const cspViolations = (page: Page) => page.evaluate(() => (window as unknown as { __csp: string[] }).__csp);

async function expectNoAxeViolations(page: Page, what: string) {
  const results = await new AxeBuilder({ page }).analyze();
  const summary = results.violations.map(
    (v) => `${v.id} (${v.nodes.length}): ${v.nodes[0]?.target.join(' ')} ${v.nodes[0]?.failureSummary ?? ''}`,
  );
  expect(summary, `axe on ${what}`).toEqual([]);
}

test('a shared link restores the exact view (identical CSV), under a strict CSP', async ({ page, context }) => {
  await watchCsp(page);
  await page.goto('/');
  await expect(page.locator('meta[http-equiv="Content-Security-Policy"]')).toHaveAttribute('content', /script-src 'self'/);
  await setHorizon(page, 20, 3);
  await chooseFamily(panel(page, 'A'), 'torch', 'OneCycleLR');
  await spinbutton(panel(page, 'A'), 'Total steps').fill('60');
  await page.getByRole('button', { name: 'Add schedule', exact: true }).click();
  await chooseFamily(panel(page, 'B'), 'keras', 'CosineDecayRestarts');
  await page.getByLabel('Log scale').check();
  const csv = await downloadCsv(page);
  await expect.poll(() => page.url()).toContain('B=keras.CosineDecayRestarts');
  await expect.poll(() => page.url()).toContain('log=1');

  const other = await context.newPage();
  await other.goto(page.url());
  await expect(other.getByRole('region', { name: 'Schedule B', exact: true })).toBeVisible();
  await expect(other.getByLabel('Log scale')).toBeChecked();
  expect(await downloadCsv(other)).toBe(csv);
  await other.close();

  // Back button not flooded: dragging replaced the entry instead of pushing new ones.
  expect(await page.evaluate(() => history.length)).toBeLessThanOrEqual(2);
  expect(await cspViolations(page)).toEqual([]);
});

test('a garbled, hostile link loads what it can and says what it dropped', async ({ page }) => {
  await watchCsp(page);
  const hostile = encodeURIComponent('<img src=x onerror="window.__pwned=1">');
  await page.goto(`/?v=1&epochs=30&A=torch.NoSuchLR&B=torch.StepLR&B.step_size=2.5&B.gamma=${hostile}&__proto__=1&C=${hostile}`);
  const notice = page.getByRole('alert').filter({ hasText: 'could not be restored' });
  await expect(notice).toBeVisible();
  await expect(notice).toContainText('NoSuchLR');
  // The valid part survived: a StepLR panel over 30 epochs, with its defaults where the link was wrong.
  await expect(page.getByRole('group', { name: 'Training horizon' }).getByRole('spinbutton', { name: 'Epochs', exact: true })).toHaveValue(
    '30',
  );
  await expect(spinbutton(panel(page, 'A'), 'Step size')).toHaveValue('10');
  expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
  expect(await page.locator('img[src="x"]').count()).toBe(0);
  expect(await cspViolations(page)).toEqual([]);
});

test('a shared link with tracking parameters opens without a warning; a misspelt key of ours still gets one', async ({ page }) => {
  const notice = page.getByRole('alert').filter({ hasText: 'could not be restored' });
  await page.goto(
    '/?v=1&epochs=30&A=torch.StepLR&A.step_size=7&utm_source=newsletter&utm_medium=email&utm_campaign=spring&fbclid=IwAR0x&gclid=Cj0K&mc_cid=1&ref=blog&_ga=2.1',
  );
  await expect(spinbutton(panel(page, 'A'), 'Step size')).toHaveValue('7');
  await expect(notice).toHaveCount(0);
  // The address is rewritten to the state alone.
  await expect.poll(() => page.url()).toContain('A.step_size=7');
  expect(page.url()).not.toContain('utm_source');

  await page.goto('/?v=1&A=torch.StepLR&A.step_sise=7&utm_source=newsletter');
  await expect(notice).toContainText('step_sise');
  await expect(notice).not.toContainText('utm_source');
});

test('numbers a float64 cannot hold are refused with a message, not drawn (1e-400, 5e-324, 1e309)', async ({ page }) => {
  await page.goto('/?v=1&A=keras.ReduceLROnPlateau&A.patience=1e-400&A.lr=5e-324&A.momentum=1e309');
  const notice = page.getByRole('alert').filter({ hasText: 'could not be restored' });
  await expect(notice).toContainText('patience is outside the range a float64 can hold');
  await expect(notice).toContainText('lr is outside the range a float64 can hold');
  await expect(notice).toContainText('momentum is outside the range a float64 can hold');
  await expect(page.getByRole('figure', { name: 'Learning-rate curve' })).toBeVisible();
});

/** A LambdaLR def of 10.8 kB: its link would be 12 kB, over what the decoder reads (MAX_LINK_BYTES, 8 kB). */
const LONG_DEF = `def f(epoch):\n${Array.from({ length: 240 }, (_, i) => `    # step ${String(i).padStart(3, '0')}: hold the rate, then decay it\n`).join('')}    return 0.9 ** epoch\n`;
const TAB_KEY = 'lr-playground:state';

test('a state too large for a link is kept for this tab instead of the address bar, and survives a reload', async ({ page }) => {
  await page.goto('/');
  await chooseFamily(panel(page, 'A'), 'torch', 'LambdaLR');
  const source = panel(page, 'A').getByRole('textbox', { name: 'lr_lambda', exact: true });
  await source.fill(LONG_DEF);
  const notice = page.getByRole('status').filter({ hasText: 'too large for a link' });
  await expect(notice).toContainText('kept for this tab');
  await expect(notice).toContainText('Share is unavailable');
  // The address never holds what the decoder would refuse: no state at all, the tab's copy has it.
  await expect.poll(() => new URL(page.url()).search).toBe('');
  expect(await page.evaluate((key) => sessionStorage.getItem(key)?.length ?? 0, TAB_KEY)).toBeGreaterThan(8192);

  await page.reload();
  await expect(source).toHaveValue(LONG_DEF);
  await expect(notice).toBeVisible();
  await expect(page.getByRole('alert').filter({ hasText: 'could not be restored' })).toHaveCount(0);

  // Shortened, the state goes back into the address and the tab's copy is dropped.
  await source.fill('lambda epoch: 0.8 ** epoch');
  await expect.poll(() => page.url()).toContain('A=torch.LambdaLR');
  await expect(notice).toHaveCount(0);
  expect(await page.evaluate((key) => sessionStorage.getItem(key), TAB_KEY)).toBeNull();
});

test('when the tab cannot keep a state too large for a link, the page says why and keeps working', async ({ page }) => {
  await page.addInitScript(() => {
    Storage.prototype.setItem = () => {
      throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    };
  });
  await page.goto('/');
  await chooseFamily(panel(page, 'A'), 'torch', 'LambdaLR');
  await expect.poll(() => page.url()).toContain('A=torch.LambdaLR');
  await panel(page, 'A').getByRole('textbox', { name: 'lr_lambda', exact: true }).fill(LONG_DEF);
  const notice = page.getByRole('status').filter({ hasText: 'too large for a link' });
  await expect(notice).toContainText("could not be kept for this tab (the browser's storage for this page is full)");
  // The last address that fit stays: still readable, never the 12 kB one.
  expect(new URL(page.url()).search.length).toBeLessThanOrEqual(8193);
  expect(page.url()).toContain('A=torch.LambdaLR');
  await expect(page.getByRole('figure', { name: 'Learning-rate curve' })).toBeVisible();
});

test('Download PNG gives a 2x image of the chart with its legend', async ({ page }) => {
  await watchCsp(page);
  await page.goto('/');
  await page.getByRole('button', { name: 'Add schedule', exact: true }).click();
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Download PNG', exact: true }).click();
  const file = await (await download).createReadStream();
  const chunks: Buffer[] = [];
  for await (const chunk of file) chunks.push(chunk as Buffer);
  const png = Buffer.concat(chunks);
  expect(png.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
  const width = png.readUInt32BE(16);
  const height = png.readUInt32BE(20);
  const box = await page.locator('.charts').boundingBox();
  if (!box) throw new Error('no chart box');
  // 2x the chart area plus its padding (12 px each side) and the legend band (30 px).
  expect(width).toBe(Math.round((Math.ceil(box.width) + 24) * 2));
  expect(height).toBe(Math.round((Math.ceil(box.height) + 24 + 30) * 2));
  expect(await cspViolations(page)).toEqual([]);
});

test('dark mode follows the toggle, is kept in the link, and the page passes axe in both themes', async ({ page }) => {
  await page.goto('/');
  await expectNoAxeViolations(page, 'the main view, light');
  await page.getByLabel('Theme').selectOption('dark');
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  expect(background).not.toBe('rgb(246, 247, 249)');
  await expect.poll(() => page.url()).toContain('theme=dark');
  await expectNoAxeViolations(page, 'the main view, dark');
  await page.getByRole('button', { name: 'Copy embed code', exact: true }).click();
  await expect(page.getByRole('dialog')).toBeVisible();
  await expectNoAxeViolations(page, 'the embed-code dialog, dark');
  await page.getByRole('button', { name: 'Close', exact: true }).click();
  await page.getByLabel('Theme').selectOption('light');
  await page.getByRole('button', { name: 'Copy embed code', exact: true }).click();
  await expectNoAxeViolations(page, 'the embed-code dialog, light');
});

test('usable at 360 px: no horizontal scrolling, panels stack', async ({ page }) => {
  await page.setViewportSize({ width: 360, height: 780 });
  await page.goto('/');
  await page.getByRole('button', { name: 'Add schedule', exact: true }).click();
  await chooseFamily(panel(page, 'B'), 'torch', 'OneCycleLR');
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  const a = await panel(page, 'A').boundingBox();
  const b = await panel(page, 'B').boundingBox();
  expect(a && b && b.y > a.y + a.height - 1).toBe(true);
  expect((await page.locator('.chart-frame').first().boundingBox())?.width ?? 0).toBeLessThanOrEqual(360);
});

test.describe('embedded in a page from another origin', () => {
  let server: Server;
  let hostUrl = '';
  let snippet = '';

  test.beforeAll(async ({ browser }) => {
    // The teacher's workflow: copy the embed code from the app...
    const page = await browser.newPage();
    await page.goto('/');
    await setHorizon(page, 30, 1);
    await page.getByRole('button', { name: 'Copy embed code', exact: true }).click();
    snippet = await page.getByRole('dialog').getByRole('textbox').inputValue();
    await page.close();
    // ...and paste it twice into a plain HTML page on another site (localhost vs 127.0.0.1: another origin).
    const second = snippet.replace('A=torch.StepLR', 'A=torch.ExponentialLR&A.gamma=0.9');
    const html = `<!doctype html><html lang="en"><head><title>My tutorial</title></head><body><h1>My tutorial</h1>
<script>window.__heights = []; addEventListener('message', function (e) { if (e.data && e.data.type === 'lr-playground:height') window.__heights.push([e.origin, e.data.height]); });</script>
${snippet}
<p>Some text between the two charts.</p>
${second}
</body></html>`;
    server = createServer((_, res) => {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(html);
    });
    await new Promise<void>((resolve) => server.listen(0, 'localhost', resolve));
    hostUrl = `http://localhost:${(server.address() as AddressInfo).port}/`;
  });

  test.afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  test('both embeds render, size themselves from their height messages, and stay independent', async ({ page }) => {
    expect(snippet).toContain('loading="lazy"');
    expect(snippet).toMatch(/<iframe [^>]*title="[^"]+"/);
    await page.goto(hostUrl);
    const frames = page.locator('iframe');
    await expect(frames).toHaveCount(2);
    const first = page.frameLocator('iframe').nth(0);
    const second = page.frameLocator('iframe').nth(1);
    await expect(first.getByRole('figure', { name: 'Learning-rate curve' })).toBeVisible();
    await expect(second.getByRole('figure', { name: 'Learning-rate curve' })).toBeVisible();
    await expect(first.getByRole('link', { name: 'Open in LR Playground' })).toBeVisible();
    // Nothing but the chart and the controls: no header, no toolbar.
    await expect(first.getByRole('heading', { name: 'LR Playground', exact: true })).toHaveCount(0);
    await expect(first.getByRole('button', { name: 'Presets' })).toHaveCount(0);

    // Each iframe reported a height, from the app's origin, and the snippet's script applied it.
    await expect
      .poll(() => page.evaluate(() => (window as unknown as { __heights: [string, number][] }).__heights.length))
      .toBeGreaterThanOrEqual(2);
    const heights = await page.evaluate(() => (window as unknown as { __heights: [string, number][] }).__heights);
    const appOrigin = new URL(snippet.match(/src="([^"]+)"/)?.[1] ?? '').origin;
    expect(heights.every(([origin, h]) => origin === appOrigin && h > 200)).toBe(true);
    for (let i = 0; i < 2; i++) {
      const styleHeight = await frames.nth(i).evaluate((f) => Number.parseFloat((f as HTMLIFrameElement).style.height));
      expect(styleHeight).toBeGreaterThan(200);
      expect(styleHeight).not.toBe(520);
    }

    // Changing one does not change the other.
    await spinbutton(first.getByRole('region', { name: 'Schedule A', exact: true }), 'Gamma').fill('0.5');
    await expect(spinbutton(first.getByRole('region', { name: 'Schedule A', exact: true }), 'Gamma')).toHaveValue('0.5');
    await expect(spinbutton(second.getByRole('region', { name: 'Schedule A', exact: true }), 'Gamma')).toHaveValue('0.9');
  });

  test('the embed is its own page (embed.html) and its height follows the content down as well as up', async ({ page }) => {
    const src = snippet.match(/src="([^"]+)"/)?.[1]?.replaceAll('&amp;', '&') ?? '';
    expect(new URL(src).pathname).toMatch(/\/embed\.html$/);
    await page.goto(hostUrl);
    const frame = page.locator('iframe').first();
    const inner = page.frameLocator('iframe').first();
    await expect(inner.getByRole('figure', { name: 'Learning-rate curve' })).toBeVisible();
    const heightOf = () => frame.evaluate((f) => Number.parseFloat((f as HTMLIFrameElement).style.height));
    await inner.getByRole('combobox', { name: 'Schedule', exact: true }).selectOption('torch:ReduceLROnPlateau');
    await expect.poll(heightOf).toBeGreaterThan(0);
    await expect(inner.getByRole('spinbutton', { name: 'Patience', exact: true })).toBeVisible();
    const tall = await heightOf();
    await inner.getByRole('combobox', { name: 'Schedule', exact: true }).selectOption('torch:ConstantLR');
    await expect.poll(heightOf).toBeLessThan(tall - 100);
    // The reported height is the content's: no blank band below the last element.
    const gap = await inner.locator('body').evaluate(() => {
      const root = document.getElementById('root') as HTMLElement;
      return window.innerHeight - root.getBoundingClientRect().bottom;
    });
    expect(Math.abs(gap)).toBeLessThanOrEqual(24);
  });

  test('the embed passes axe in both themes and honours hide= and lock=', async ({ page }) => {
    const src = snippet.match(/src="([^"]+)"/)?.[1]?.replaceAll('&amp;', '&') ?? '';
    await page.goto(`${src}&hide=legend,momentum&lock=step_size`);
    await expect(page.getByRole('figure', { name: 'Learning-rate curve' })).toBeVisible();
    await expect(spinbutton(panel(page, 'A'), 'Step size')).toBeDisabled();
    await expect(spinbutton(panel(page, 'A'), 'Gamma')).toBeEnabled();
    await expect(page.getByRole('slider', { name: 'Momentum' })).toHaveCount(0);
    await expectNoAxeViolations(page, 'the embed, light');
    await page.goto(`${src}&theme=dark`);
    await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
    await expect(page.getByRole('figure', { name: 'Learning-rate curve' })).toBeVisible();
    await expectNoAxeViolations(page, 'the embed, dark');
  });
});
