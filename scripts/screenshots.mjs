// Regenerates the README's screenshots in docs/: builds the app, serves it, and drives Chromium through the
// scenes a new user would: the Keras article's schedule with cosine annealing beside it and the exact values,
// a PyTorch-vs-Keras comparison, the Landscape tab and training. Run: node scripts/screenshots.mjs
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

// The Landscape tab: StepLR and OneCycleLR driving SGD with momentum on Rosenbrock, side by side.
await page.goto(`${url}?v=1&epochs=50&steps=100&tab=landscape&A=torch.StepLR&B=torch.OneCycleLR`);
await page.locator('.landscape-path').nth(1).waitFor();
await page.waitForTimeout(400);
await page.locator('.results').screenshot({ path: 'docs/landscape.png' });

// Training: the article's step decay (A) against cosine annealing (B) on the digits, 3 seeds × 20 epochs each,
// on WASM; the wall time from Train to both panels' last epoch is printed (the closing note's figure).
const STEP_DECAY = `import numpy as np

def step_decay(epoch):
    initial_lr = 0.1
    drop_factor = 0.5
    epochs_drop = 10
    lr = initial_lr * np.power(drop_factor, np.floor((1 + epoch) / epochs_drop))
    return lr
`;
const training = page.getByRole('region', { name: 'Training', exact: true });
const progress = (letter) => page.getByRole('progressbar', { name: `Schedule ${letter} training progress`, exact: true });
const trainAndWait = async (epochs) => {
  const started = Date.now();
  await training.getByRole('button', { name: 'Train', exact: true }).click();
  for (const letter of ['A', 'B']) {
    await progress(letter)
      .and(page.locator(`[aria-valuenow="${epochs}"]`))
      .waitFor({ timeout: 600_000 });
  }
  return (Date.now() - started) / 1000;
};
await page.goto(
  `${url}?v=1&A=keras.LearningRateScheduler&A.schedule=${encodeURIComponent(STEP_DECAY)}&B=torch.CosineAnnealingLR&B.T_max=20` +
    '&epochs=20&steps=45&train.dataset=digits&train.seeds=3&train.backend=wasm',
);
const seconds = await trainAndWait(20);
console.log(`2 panels × 3 seeds × 20 epochs on the digits (WASM): ${seconds.toFixed(1)} s from Train to the last epoch`);
await page.waitForTimeout(600);
await training.screenshot({ path: 'docs/training-digits.png' });

await page.goto(
  `${url}?v=1&A=torch.StepLR&A.step_size=10&B=torch.OneCycleLR&B.max_lr=0.5&B.total_steps=600&epochs=30&steps=20&train.dataset=moons&train.samples=500&train.noise=0.2&train.hidden=16,16&train.seeds=3&train.backend=wasm`,
);
await trainAndWait(30);
await page.waitForTimeout(600);
await training.screenshot({ path: 'docs/training-moons.png' });

await browser.close();
stop();
console.log('wrote docs/main-view.png, docs/compare-plateau.png, docs/landscape.png, docs/training-digits.png and docs/training-moons.png');
