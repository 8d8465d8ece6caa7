// The curve-speed figures (issue 14), measured in a real Chromium against the production build:
//   - curve_latency_ms: from a slider `input` event to the frame that paints the new curve, with two schedules of
//     10,000 optimizer steps each on the step axis (every series has 10,000 computed points);
//   - first_curve_ms: from navigation start to the first painted curve, cold (a new browser context per load).
// bench/run.mjs imports the two functions; run this file on its own while working on the chart:
//   node bench/lib/curve.mjs [--quick] [--no-build] [--out-dir DIR]
// It builds (vite build, into dist/ unless --out-dir), serves the build with vite preview on port 4333,
// measures both figures and prints them as JSON.
import { spawn, spawnSync } from 'node:child_process';
import { pathToFileURL } from 'node:url';

/** 100 epochs × 100 steps: 10,000 optimizer steps, the most points a panel gets in the latency figure. */
const LATENCY_EPOCHS = 100;
const LATENCY_STEPS_PER_EPOCH = 100;
/**
 * Two cosine schedules stepped every batch (so each has one LR per optimizer step), on the optimizer-step axis.
 * B keeps its settings while A's period is dragged: the figure includes whatever work the unchanged panel costs.
 */
const LATENCY_QUERY = [
  'v=1',
  'A=torch.CosineAnnealingLR',
  'A.stepEvery=batch',
  'A.T_max=120',
  'B=torch.CosineAnnealingLR',
  'B.stepEvery=batch',
  'B.T_max=200',
  `epochs=${LATENCY_EPOCHS}`,
  `steps=${LATENCY_STEPS_PER_EPOCH}`,
  'x=step',
].join('&');
/** The slider that is moved: panel A's period, given in optimizer steps since A steps every batch. */
const MOVED_SLIDER = { panel: 'Schedule A', label: 'Period (T_max)' };
/** A move whose curve is not painted within this many milliseconds counts as a failed measurement. */
const PAINT_TIMEOUT_MS = 5000;

const CURVE = 'path.recharts-line-curve';

/** The value at quantile q (0..1) of sorted numbers, by the nearest-rank method. */
function quantile(sorted, q) {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[rank];
}

const round = (x) => Math.round(x * 100) / 100;

/**
 * Slider-to-paint latency. For each move, in the page:
 *   1. t0 = performance.now(), then the range input's value is set with HTMLInputElement's native value setter
 *      (which bypasses React's value tracking, so React sees what a real drag produces) and an `input` event is
 *      dispatched, exactly as the e2e tests drag a slider;
 *   2. a MutationObserver on the chart (attribute `d` and child lists, whole subtree) waits until panel A's line
 *      `path` has a `d` different from before the move, i.e. the new curve is in the DOM;
 *   3. the next requestAnimationFrame callback runs at the start of the frame that renders that DOM (style,
 *      layout and paint follow it in the same task); a task posted from that callback with
 *      scheduler.postTask at 'user-blocking' priority runs right after the frame's rendering steps, ahead of the
 *      page's ordinary queued tasks (React's deferred work, a loaded chunk's evaluation), so its performance.now()
 *      is t1, the time the painted frame is ready. latency = t1 − t0. (Without scheduler.postTask, a
 *      MessageChannel message stands in: it can queue behind tasks posted earlier, so it may read a little late.)
 * Moves are spaced: the next one starts two frames after the previous curve was painted, so each sample measures
 * one move, not a queue. Values alternate across the slider's range so every move changes the curve.
 */
export async function measureCurveLatency(browser, baseUrl, { quick = false } = {}) {
  const moves = quick ? 60 : 220;
  const warmup = 10;
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
  try {
    const page = await context.newPage();
    await page.goto(new URL(`?${LATENCY_QUERY}`, baseUrl).href);
    const figure = page.getByRole('figure', { name: 'Learning-rate curve' });
    await figure.locator(CURVE).nth(1).waitFor();
    const points = await computedPoints(page);
    const slider = page
      .getByRole('region', { name: MOVED_SLIDER.panel, exact: true })
      .getByRole('slider', { name: MOVED_SLIDER.label, exact: true });
    const times = await slider.evaluate(
      async (input, { moves, timeoutMs, curveSelector }) => {
        const figure = input.ownerDocument.querySelector('figure[aria-label="Learning-rate curve"]');
        if (!figure) throw new Error('no chart figure');
        // Panel A is the first series: its LR line is the first line curve in the chart.
        const curveD = () => figure.querySelector(curveSelector)?.getAttribute('d') ?? '';
        const setValue = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')?.set;
        if (!setValue) throw new Error('no native value setter');
        const min = Number(input.min);
        const max = Number(input.max);
        const step = Number(input.step) || 1;
        const afterPaint = () =>
          new Promise((resolve) => {
            requestAnimationFrame(() => {
              const done = () => resolve(performance.now());
              if (globalThis.scheduler?.postTask) globalThis.scheduler.postTask(done, { priority: 'user-blocking' });
              else {
                const channel = new MessageChannel();
                channel.port1.onmessage = done;
                channel.port2.postMessage(0);
              }
            });
          });
        const frame = () => new Promise((resolve) => requestAnimationFrame(() => resolve()));
        const out = [];
        for (let k = 0; k < moves; k++) {
          // Values alternate between the lower and the upper part of the range, so consecutive moves always differ.
          const span = Math.max(step * 2, Math.min(max - min, 8000));
          const raw = min + ((k % 2 === 0 ? 0.2 : 0.6) + ((k * 0.037) % 0.3)) * span;
          const value = Math.min(max, Math.max(min, Math.round(raw / step) * step));
          const before = curveD();
          if (String(value) === input.value) continue;
          const painted = new Promise((resolve) => {
            const timer = setTimeout(() => {
              observer.disconnect();
              resolve(Number.NaN);
            }, timeoutMs);
            const observer = new MutationObserver(() => {
              if (curveD() === before) return;
              observer.disconnect();
              clearTimeout(timer);
              resolve(afterPaint());
            });
            observer.observe(figure, { subtree: true, childList: true, attributes: true, attributeFilter: ['d'] });
          });
          const t0 = performance.now();
          setValue.call(input, String(value));
          input.dispatchEvent(new Event('input', { bubbles: true }));
          const t1 = await painted;
          out.push(t1 - t0);
          await frame();
          await frame();
        }
        return out;
      },
      { moves: moves + warmup, timeoutMs: PAINT_TIMEOUT_MS, curveSelector: CURVE },
    );
    const measured = times.slice(warmup);
    const failed = measured.filter((t) => !Number.isFinite(t)).length;
    if (failed > 0)
      throw new Error(`curve latency: ${failed} of ${measured.length} moves painted no new curve within ${PAINT_TIMEOUT_MS} ms`);
    const sorted = [...measured].sort((a, b) => a - b);
    return { p50: round(quantile(sorted, 0.5)), p95: round(quantile(sorted, 0.95)), samples: sorted.length, points };
  } finally {
    await context.close();
  }
}

/**
 * The points each series really has, read from the page's own CSV export (one row per optimizer step, a column
 * per panel): the number of runs of equal consecutive values in each column. A per-step cosine changes at every
 * step, so this is its tick count (10,000); a per-epoch series would repeat each value for a whole epoch and count
 * only its epochs. The smaller of A's and B's counts is returned.
 */
async function computedPoints(page) {
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Download CSV', exact: true }).click();
  const stream = await (await download).createReadStream();
  const chunks = [];
  for await (const chunk of stream) chunks.push(chunk);
  const lines = Buffer.concat(chunks).toString('utf8').trimEnd().split('\n');
  const header = (lines[0] ?? '').split(',');
  const columns = ['A', 'B'].map((letter) => header.indexOf(letter));
  if (columns.some((c) => c < 0)) throw new Error(`curve latency: the CSV lacks a column for A or B (header ${header.join(',')})`);
  const cells = lines.slice(1).map((line) => line.split(','));
  const runs = (c) => cells.filter((row, i) => i === 0 || row[c] !== cells[i - 1]?.[c]).length;
  return Math.min(...columns.map(runs));
}

/**
 * Navigation start to the first painted curve, cold: each load gets a new browser context (empty cache, no
 * service worker, no storage). An init script, which runs before any of the page's scripts, watches the document
 * for the first line `path` with a drawn `d`, then takes the time after the frame that paints it (the next
 * animation frame, then a user-blocking task after its rendering steps, as in measureCurveLatency).
 * performance.now() counts from the navigation's time origin, so that time is navigation start → painted curve.
 * ms is the median over the runs.
 */
export async function measureFirstCurve(browser, baseUrl, { quick = false } = {}) {
  const count = quick ? 3 : 7;
  const runs = [];
  for (let r = 0; r < count; r++) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    try {
      await context.addInitScript((curveSelector) => {
        const drawn = () => {
          const path = document.querySelector(curveSelector);
          return path !== null && /^M[\d.\s,eE+-]+[LHV]/.test(path.getAttribute('d') ?? '');
        };
        window.__firstCurve = new Promise((resolve) => {
          const observer = new MutationObserver(() => {
            if (!drawn()) return;
            observer.disconnect();
            requestAnimationFrame(() => {
              const done = () => resolve(performance.now());
              if (globalThis.scheduler?.postTask) globalThis.scheduler.postTask(done, { priority: 'user-blocking' });
              else {
                const channel = new MessageChannel();
                channel.port1.onmessage = done;
                channel.port2.postMessage(0);
              }
            });
          });
          observer.observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ['d'] });
        });
      }, CURVE);
      const page = await context.newPage();
      await page.goto(baseUrl, { waitUntil: 'commit' });
      const ms = await page.evaluate(() => window.__firstCurve);
      runs.push(round(ms));
    } finally {
      await context.close();
    }
  }
  const sorted = [...runs].sort((a, b) => a - b);
  return { ms: round(quantile(sorted, 0.5)), runs };
}

// ------------------------------------------------------------------------------------ the CLI

const PORT = 4333;

async function waitForServer(url, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      const response = await fetch(url);
      if (response.ok) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`no server at ${url} after ${timeoutMs} ms`);
}

async function main() {
  const args = process.argv.slice(2);
  const quick = args.includes('--quick');
  const outAt = args.indexOf('--out-dir');
  const outDir = outAt >= 0 ? args[outAt + 1] : 'dist';
  if (!outDir) throw new Error('--out-dir needs a directory');
  const vite = 'node_modules/vite/bin/vite.js';
  if (!args.includes('--no-build')) {
    const build = spawnSync(process.execPath, [vite, 'build', '--logLevel', 'error', '--outDir', outDir, '--emptyOutDir'], {
      stdio: 'inherit',
    });
    if (build.status !== 0) process.exit(1);
  }
  const server = spawn(
    process.execPath,
    [vite, 'preview', '--host', '127.0.0.1', '--port', String(PORT), '--strictPort', '--outDir', outDir],
    {
      stdio: ['ignore', 'ignore', 'inherit'],
    },
  );
  const baseUrl = `http://127.0.0.1:${PORT}/`;
  let browser;
  try {
    await waitForServer(baseUrl, 15_000);
    const { chromium } = await import('@playwright/test');
    const { findChromium } = await import('../../scripts/find-chromium.mjs');
    const found = findChromium();
    if (!found.path) throw new Error(`no Chromium: ${found.source}`);
    browser = await chromium.launch({ executablePath: found.path, headless: true });
    const first_curve_ms = await measureFirstCurve(browser, baseUrl, { quick });
    const curve_latency_ms = await measureCurveLatency(browser, baseUrl, { quick });
    console.log(JSON.stringify({ curve_latency_ms, first_curve_ms }, null, 2));
  } finally {
    await browser?.close();
    server.kill();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main().catch((err) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  });
}
