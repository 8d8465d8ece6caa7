// The app's own "Train", end to end in index.html: panels built through a permalink, the real Train button clicked,
// timed in the page from the click to every panel's last epoch, while the page counts its animation frames and
// its long tasks (main-thread tasks over 50 ms).

/** A permalink (src/state/permalink/index.ts's format) for these torch schedules, SGD without momentum, the article MLP. */
export function comparePermalink({ schedules, epochs, seeds, stepsPerEpoch, lr, momentum }) {
  const params = new URLSearchParams();
  params.set('v', '1');
  params.set('epochs', String(epochs));
  params.set('steps', String(stepsPerEpoch));
  schedules.forEach((schedule, i) => {
    const letter = String.fromCharCode(65 + i);
    params.set(letter, `torch.${schedule.name}`);
    for (const [key, value] of Object.entries(schedule.args)) {
      params.set(`${letter}.${key}`, Array.isArray(value) ? value.join(',') : String(value));
    }
    params.set(`${letter}.optimizer`, 'SGD');
    params.set(`${letter}.lr`, String(lr));
    params.set(`${letter}.momentum`, String(momentum));
  });
  params.set('train.dataset', 'digits');
  params.set('train.hidden', '128,64');
  params.set('train.activation', 'relu');
  params.set('train.batch', '32');
  params.set('train.seeds', String(seeds));
  return `?${params.toString()}`;
}

/**
 * Opens the permalink, clicks Train (and "Train anyway" if the app asks to confirm a long run) and waits for every
 * panel's progress bar to reach `epochs`. Returns the wall seconds from the click to the last epoch, the frame
 * deltas' summary, the long-task count and the backend line the page showed.
 */
export async function measureAppCompare(browser, baseUrl, { query, panels, epochs, timeoutMs }) {
  const page = await browser.newPage({ viewport: { width: 1440, height: 960 } });
  const problems = [];
  page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
  try {
    await page.goto(`${baseUrl}${query}`);
    const training = page.getByRole('region', { name: 'Training', exact: true });
    const train = training.getByRole('button', { name: 'Train', exact: true });
    await train.waitFor({ timeout: 60_000 });
    // Let the page settle (lazy chunks, the first charts) before the timed part starts.
    await page.waitForTimeout(500);
    await page.evaluate(
      ({ panels, epochs }) => {
        const state = { clickedAt: null, doneAt: null, deltas: [], idleDeltas: [], longTasks: 0, longTaskMs: [] };
        window.__bench = state;
        document.addEventListener(
          'click',
          () => {
            if (state.clickedAt === null) state.clickedAt = performance.now();
          },
          { capture: true },
        );
        let last = null;
        const frame = (now) => {
          // Before the click: the same page idle, for comparison; from the click to the last epoch: the figure.
          if (last !== null && state.doneAt === null) (state.clickedAt === null ? state.idleDeltas : state.deltas).push(now - last);
          last = now;
          if (state.doneAt === null) requestAnimationFrame(frame);
        };
        requestAnimationFrame(frame);
        new PerformanceObserver((list) => {
          for (const entry of list.getEntries()) {
            if (state.clickedAt !== null && state.doneAt === null && entry.startTime >= state.clickedAt) {
              state.longTasks += 1;
              state.longTaskMs.push(entry.duration);
            }
          }
        }).observe({ type: 'longtask' });
        const finished = () => {
          const bars = document.querySelectorAll('[role="progressbar"][aria-label$=" training progress"]');
          return bars.length === panels && [...bars].every((bar) => Number(bar.getAttribute('aria-valuenow')) === epochs);
        };
        const observer = new MutationObserver(() => {
          if (state.clickedAt !== null && state.doneAt === null && finished()) {
            state.doneAt = performance.now();
            observer.disconnect();
          }
        });
        observer.observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ['aria-valuenow'] });
      },
      { panels, epochs },
    );
    await page.waitForTimeout(1000);
    await train.click();
    const confirm = training.getByRole('button', { name: 'Train anyway', exact: true });
    if (await confirm.isVisible().catch(() => false)) await confirm.click();
    const failedSeed = page.locator('.seed-statuses', { hasText: /failed/ });
    const outcome = await Promise.race([
      page.waitForFunction(() => window.__bench.doneAt !== null, null, { timeout: timeoutMs, polling: 250 }).then(() => 'done'),
      failedSeed
        .first()
        .waitFor({ timeout: timeoutMs })
        .then(() => 'failed'),
    ]);
    if (outcome === 'failed') throw new Error(`a run failed in the page: ${await failedSeed.first().textContent()}`);
    const state = await page.evaluate(() => window.__bench);
    const backendLine = ((await page.locator('.backend-line').first().textContent()) ?? '').trim();
    const backend = /Backend:\s*(.+?)(?:\s*\(asked for|:)/.exec(backendLine)?.[1] ?? null;
    return {
      wallSeconds: (state.doneAt - state.clickedAt) / 1000,
      frameDeltas: state.deltas,
      idleFrameDeltas: state.idleDeltas,
      longTasks: state.longTasks,
      longTaskMs: state.longTaskMs,
      backendLabel: backend,
      backendLine,
      problems,
    };
  } finally {
    await page.close();
  }
}
