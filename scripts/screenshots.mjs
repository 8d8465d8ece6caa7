// Regenerates the README's screenshots in docs/: builds the app, serves it, and drives Chromium through the
// scenes a new user would: the Keras article's schedule with cosine annealing beside it and the exact values,
// and a PyTorch-vs-Keras comparison. Run: node scripts/screenshots.mjs
import { spawn, spawnSync } from 'node:child_process';
import { chromium } from '@playwright/test';
import { findChromium } from './find-chromium.mjs';

const build = spawnSync(process.execPath, ['node_modules/vite/bin/vite.js', 'build', '--logLevel', 'warn'], { stdio: 'inherit' });
if (build.status !== 0) process.exit(1);
const port = 4311;
const server = spawn(
  process.execPath,
  ['node_modules/vite/bin/vite.js', 'preview', '--host', '127.0.0.1', '--port', String(port), '--strictPort'],
  {
    stdio: 'ignore',
    detached: true,
  },
);
const stop = () => {
  try {
    process.kill(-server.pid, 'SIGTERM');
  } catch {}
};
process.on('exit', stop);
await new Promise((r) => setTimeout(r, 1500));

const found = findChromium();
const browser = await chromium.launch({ ...(found.path ? { executablePath: found.path } : {}), args: ['--disable-quic'] });
const page = await browser.newPage({ viewport: { width: 1440, height: 960 }, deviceScaleFactor: 1 });
const url = `http://127.0.0.1:${port}/`;

const panel = (letter) => page.getByRole('region', { name: `Schedule ${letter}`, exact: true });
const family = (letter, value) => panel(letter).getByRole('combobox', { name: 'Schedule', exact: true }).selectOption(value);

await page.goto(url);
await page.getByRole('button', { name: 'Presets', exact: true }).click();
await page.getByRole('menuitem', { name: 'Keras article: step decay', exact: true }).click();
await page.getByRole('button', { name: 'Add schedule', exact: true }).click();
await family('B', 'torch:CosineAnnealingLR');
await panel('B').getByRole('spinbutton', { name: 'Period (T_max)', exact: true }).fill('50');
await page.getByLabel('Show values').check();
await page.evaluate(() => window.scrollTo(0, 0));
await page.waitForTimeout(400);
await page.screenshot({ path: 'docs/main-view.png' });

await page.goto(url);
await page.getByRole('group', { name: 'Training horizon' }).getByRole('spinbutton', { name: 'Epochs', exact: true }).fill('40');
await family('A', 'torch:ReduceLROnPlateau');
await panel('A').getByRole('spinbutton', { name: 'Patience', exact: true }).fill('3');
await page.getByRole('button', { name: 'Add schedule', exact: true }).click();
await family('B', 'keras:ReduceLROnPlateau');
await panel('B').getByRole('spinbutton', { name: 'Patience', exact: true }).fill('3');
await page.locator('body').click({ position: { x: 5, y: 5 } });
await page.evaluate(() => window.scrollTo(0, 0));
await page.waitForTimeout(400);
await page.screenshot({ path: 'docs/compare-plateau.png' });

await browser.close();
stop();
console.log('wrote docs/main-view.png and docs/compare-plateau.png');
