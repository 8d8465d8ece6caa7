// How many training workers, and whether the page stays smooth while they train: builds the app, serves it, and in
// headless Chromium trains 2 panels × 3 seeds × 20 epochs of the article's MLP on the digits (WASM) with 1 and with
// 2 workers, alternating, while the page counts its animation frames. Prints a table and JSON
// (bench/training-workers.json): wall seconds, frames per second and the longest frame. src/ui/training/pool.ts's
// TRAINING_WORKERS is chosen from these figures.
// Run: node bench/training-workers.mjs [--no-build] [--rounds N]
import { spawn, spawnSync } from 'node:child_process';
import { readdirSync, writeFileSync } from 'node:fs';
import { chromium } from '@playwright/test';
import { findChromium } from '../scripts/find-chromium.mjs';

const rounds = Number(process.argv[process.argv.indexOf('--rounds') + 1]) || 2;
if (!process.argv.includes('--no-build')) {
  const build = spawnSync(process.execPath, ['node_modules/vite/bin/vite.js', 'build', '--logLevel', 'error'], { stdio: 'inherit' });
  if (build.status !== 0) process.exit(1);
}
const worker = readdirSync('dist/assets').find((f) => /^training\.worker-[\w-]+\.js$/.test(f));
if (!worker) {
  console.error('training-workers: no training worker in dist/assets');
  process.exit(1);
}
const port = 4327;
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
const page = await browser.newPage();
// backends.html: a page of this build whose CSP lets the worker compile WebAssembly, with nothing else running.
await page.goto(`http://127.0.0.1:${port}/backends.html`);

const results = [];
for (let round = 0; round < rounds; round++) {
  for (const workers of [1, 2]) {
    results.push(
      await page.evaluate(
        async ({ workers, worker }) => {
          const stepDecay = 'import numpy as np\ndef step_decay(epoch):\n    return 0.1 * np.power(0.5, np.floor((1 + epoch) / 10))\n';
          const runs = [];
          for (const panel of [0, 1]) {
            for (let seed = 0; seed < 3; seed++) {
              runs.push({
                runId: `${panel}-${seed}`,
                backend: 'wasm',
                config: {
                  dataset: { name: 'digits' },
                  model: { kind: 'mlp', hidden: [128, 64], activation: 'relu' },
                  init: 'glorot_uniform',
                  optimizer: { kind: 'SGD', lr: 0.1 },
                  schedule:
                    panel === 0
                      ? { framework: 'keras', name: 'LearningRateScheduler', args: { schedule: stepDecay } }
                      : { framework: 'torch', name: 'CosineAnnealingLR', args: { T_max: 20 } },
                  epochs: 20,
                  batchSize: 32,
                  seed,
                },
              });
            }
          }
          const started = performance.now();
          let frames = 0;
          let longest = 0;
          let last = started;
          let running = true;
          const frame = (now) => {
            longest = Math.max(longest, now - last);
            last = now;
            frames++;
            if (running) requestAnimationFrame(frame);
          };
          requestAnimationFrame(frame);
          const pool = Array.from({ length: workers }, () => new Worker(`/assets/${worker}`, { type: 'module' }));
          const failures = [];
          await Promise.all(
            pool.map(
              (w, i) =>
                new Promise((resolve) => {
                  const mine = runs.filter((_, j) => j % workers === i);
                  let ended = 0;
                  w.onmessage = (e) => {
                    if (e.data.type === 'failed') failures.push(e.data.message);
                    if ((e.data.type === 'done' || e.data.type === 'failed') && ++ended === mine.length) resolve();
                  };
                  w.postMessage({ v: 1, type: 'start', runs: mine });
                }),
            ),
          );
          running = false;
          const seconds = (performance.now() - started) / 1000;
          for (const w of pool) w.terminate();
          return { workers, seconds, framesPerSecond: frames / seconds, longestFrameMs: longest, failures };
        },
        { workers, worker },
      ),
    );
  }
}
await browser.close();
stop();

console.log('2 panels × 3 seeds × 20 epochs, digits, WASM (headless Chromium)');
console.log('workers   wall s   frames/s   longest frame ms');
for (const r of results) {
  console.log(
    `${String(r.workers).padStart(7)}   ${r.seconds.toFixed(2).padStart(6)}   ${r.framesPerSecond.toFixed(1).padStart(8)}   ${r.longestFrameMs.toFixed(1).padStart(16)}`,
  );
  if (r.failures.length > 0) console.log(`  failed: ${r.failures.join('; ')}`);
}
writeFileSync('bench/training-workers.json', `${JSON.stringify({ date: new Date().toISOString(), results }, null, 2)}\n`);
console.log(JSON.stringify(results));
