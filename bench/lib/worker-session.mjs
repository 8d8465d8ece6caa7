// Training through the app's real training worker (the built dist/assets/training.worker-*.js) from a page of the
// build, speaking its protocol (src/training/protocol.ts) directly: the same `train` the app runs, without the UI.
import { readdirSync } from 'node:fs';

/** The built worker chunk's file name in dist/assets, or null. */
export function builtWorkerFile(dir = 'dist/assets') {
  return readdirSync(dir).find((f) => /^training\.worker-[\w-]+\.js$/.test(f)) ?? null;
}

/**
 * Opens a page of the build whose CSP lets a worker compile WebAssembly (backends.html) and waits until its own
 * start-up probe has answered, so that probe's worker is not training beside the measurement.
 */
export async function openWorkerPage(browser, baseUrl) {
  const page = await browser.newPage();
  await page.goto(`${baseUrl}backends.html`);
  await page
    .getByLabel('Automatic backend', { exact: true })
    .filter({ hasText: /\S/ })
    .waitFor({ timeout: 30_000 })
    .catch(() => {
      // The page's own probe is only waited for; a page that never shows it still hosts the worker.
    });
  return page;
}

/**
 * In a new worker, sends each start in turn (the next once every run of the previous one has ended) and gathers
 * per run its backend-ready, epoch seconds, done (with the worker's tensor count) or failure. A failure without a
 * runId (the worker refused the whole command, e.g. an unknown backend name) ends that start for all its runs.
 * The worker is terminated at the end, or after timeoutMs (what was gathered comes back with timedOut: true).
 *
 * starts: [{ runs: [{ runId, config, backend }], allowFallbackAdapter? }]
 */
export async function runWorkerSession(page, { workerFile, starts, timeoutMs }) {
  return page.evaluate(
    async ({ workerFile, starts, timeoutMs }) => {
      const worker = new Worker(`./assets/${workerFile}`, { type: 'module' });
      const runs = {};
      const commandFailures = [];
      let timedOut = false;
      let finishStart = () => {};
      let pending = new Set();
      const endRun = (runId) => {
        pending.delete(runId);
        if (pending.size === 0) finishStart();
      };
      worker.onmessage = (event) => {
        const m = event.data;
        if (m.type === 'backend-ready') {
          for (const id of m.runIds)
            if (runs[id]) runs[id].ready = { requested: m.requested, backend: m.backend, reason: m.reason, notices: m.notices };
        } else if (m.type === 'epoch') {
          runs[m.runId]?.seconds.push(m.metrics.seconds);
        } else if (m.type === 'done') {
          if (runs[m.runId]) {
            runs[m.runId].done = { backend: m.result.backend, tensors: m.tensors ?? null, stopped: m.result.stopped === true };
            runs[m.runId].diverged = m.result.diverged ?? null;
          }
          endRun(m.runId);
        } else if (m.type === 'failed') {
          if (m.runId !== undefined && runs[m.runId]) {
            runs[m.runId].failed = m.message;
            endRun(m.runId);
          } else {
            commandFailures.push(m.message);
            for (const id of pending) if (runs[id]) runs[id].failed = m.message;
            pending = new Set();
            finishStart();
          }
        }
      };
      worker.onerror = (event) => {
        commandFailures.push(`worker error: ${event.message ?? 'unknown'}`);
        for (const id of pending) if (runs[id]) runs[id].failed = `worker error: ${event.message ?? 'unknown'}`;
        pending = new Set();
        finishStart();
      };
      const timer = new Promise((resolve) =>
        setTimeout(() => {
          timedOut = true;
          resolve();
        }, timeoutMs),
      );
      for (const start of starts) {
        if (timedOut) break;
        for (const r of start.runs) runs[r.runId] = { backend: r.backend, seconds: [], ready: null, done: null, failed: null };
        pending = new Set(start.runs.map((r) => r.runId));
        const ended = new Promise((resolve) => {
          finishStart = resolve;
        });
        worker.postMessage({
          v: 1,
          type: 'start',
          runs: start.runs,
          ...(start.allowFallbackAdapter ? { allowFallbackAdapter: true } : {}),
        });
        await Promise.race([ended, timer]);
      }
      worker.terminate();
      return { runs, commandFailures, timedOut };
    },
    { workerFile, starts, timeoutMs },
  );
}
