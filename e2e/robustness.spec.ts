import { expect, test } from './fixtures';
import { downloadCsv, panel, parseCsv, setHorizon, slider, spinbutton } from './helpers';

// What a new user's and a security review's findings need to stay fixed: values that reach a chart axis are
// drawable, nothing shows NaN, number fields never change a value silently, the horizon is bounded, undo works.

test('a denormal or near-overflow LR still draws the page and a chart, and no NaN anywhere', async ({ page }) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  // A link refuses numbers outside float64's normal range, but a typed value or a decaying schedule reaches them.
  for (const [query, typedLr] of [
    ['?v=1&A=keras.ReduceLROnPlateau', '5e-324'],
    ['?v=1&A=torch.ExponentialLR&A.gamma=0.001&epochs=200', undefined],
    ['?v=1&A=torch.StepLR&A.lr=1.7976931348623157e308', undefined],
  ] as const) {
    await page.goto(`/${query}`);
    await expect(page.getByRole('heading', { name: 'LR Playground', level: 1 })).toBeVisible();
    if (typedLr) await spinbutton(panel(page, 'A'), 'Initial LR').fill(typedLr);
    // A flat curve at 0 has no height, so check the drawn path rather than its visibility: numbers, no NaN.
    const curve = page.locator('.schedule-chart path.recharts-line-curve').first();
    for (const log of [false, true]) {
      await page.getByLabel('Log scale').setChecked(log);
      await expect(curve).toHaveAttribute('d', /^M[\d.e+\-,LMHVZ ]+$/);
      await expect(page.getByText('could not be drawn')).toHaveCount(0);
      expect(await page.locator('body').innerText()).not.toMatch(/\bNaN\b/);
      expect(await page.locator('.schedule-chart').first().textContent()).not.toMatch(/NaN|Infinity/);
    }
  }
  expect(errors).toEqual([]);
});

test('number fields refuse what they would change silently, and say why', async ({ page }) => {
  await page.goto('/');
  const a = panel(page, 'A');
  const gamma = spinbutton(a, 'Gamma');
  await gamma.fill('0.5');
  const before = parseCsv(await downloadCsv(page)).column('A');
  for (const [typed, message] of [
    ['1,5', 'Use a dot for decimals: 1.5, not 1,5.'],
    ['0x10', 'hexadecimal'],
    ['1e-400', 'too small for a float64'],
  ] as const) {
    await gamma.fill(typed);
    await expect(gamma).toHaveValue(typed);
    await expect(a.getByText(message)).toBeVisible();
    expect(parseCsv(await downloadCsv(page)).column('A')).toEqual(before);
  }
});

test('the horizon is bounded by the engine, with a message next to the field', async ({ page }) => {
  await page.goto('/');
  const epochs = page.getByRole('group', { name: 'Training horizon' }).getByRole('spinbutton', { name: 'Epochs', exact: true });
  await epochs.fill('1e308');
  await expect(page.getByText('Epochs can be at most 10,000')).toBeVisible();
  await epochs.blur();
  expect(parseCsv(await downloadCsv(page)).column('A')).toHaveLength(50 * 100);
  await page
    .getByRole('textbox', { name: 'Paste PyTorch or Keras code' })
    .fill('scheduler = StepLR(optimizer, step_size=30)\nmodel.fit(x, y, epochs=10**6, steps_per_epoch=10**6)');
  await expect(page.getByText('the playground draws at most 1,000,000')).toBeVisible();
  expect(parseCsv(await downloadCsv(page)).column('A')).toHaveLength(50 * 100);
});

test('undo and redo: buttons, Ctrl+Z and Shift+Ctrl+Z, one step per slider drag, and Undo after Remove', async ({ page }) => {
  await page.goto('/');
  await setHorizon(page, 6, 1);
  const a = panel(page, 'A');
  const undo = page.getByRole('button', { name: 'Undo', exact: true });
  const redo = page.getByRole('button', { name: 'Redo', exact: true });
  const stepSize = slider(a, 'Step size');
  await stepSize.focus();
  for (let i = 0; i < 4; i++) await page.keyboard.press('ArrowRight');
  await expect(spinbutton(a, 'Step size')).toHaveValue('14');
  await page.keyboard.press('Control+z');
  await expect(spinbutton(a, 'Step size')).toHaveValue('10');
  await page.keyboard.press('Control+Shift+z');
  await expect(spinbutton(a, 'Step size')).toHaveValue('14');
  await undo.click();
  await expect(spinbutton(a, 'Step size')).toHaveValue('10');
  await redo.click();
  await expect(spinbutton(a, 'Step size')).toHaveValue('14');

  await page.getByRole('button', { name: 'Add schedule', exact: true }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Added schedule B: CosineAnnealingLR' })).toBeVisible();
  await panel(page, 'B').getByRole('button', { name: 'Remove', exact: true }).click();
  await expect(panel(page, 'B')).toHaveCount(0);
  const notice = page.getByRole('status').filter({ hasText: 'Removed schedule B (CosineAnnealingLR).' });
  await notice.getByRole('button', { name: 'Undo', exact: true }).click();
  await expect(panel(page, 'B')).toBeVisible();
  expect(parseCsv(await downloadCsv(page)).header).toEqual(['step', 'epoch', 'A', 'B']);
  // Back still leaves the app: history entries are replaced, not pushed.
  expect(await page.evaluate(() => history.length)).toBeLessThanOrEqual(2);
});

test('the momentum axis label and the legend fit at phone and tablet widths, clear of the ticks and the plot', async ({ page }) => {
  for (const width of [360, 760]) {
    await page.setViewportSize({ width, height: 800 });
    await page.goto('/?v=1&A=torch.OneCycleLR&B=torch.CyclicLR');
    const chart = page.locator('.schedule-chart').first();
    await expect(chart.locator('path.recharts-line-curve').first()).toBeAttached();
    const layout = await chart.evaluate((root) => {
      const svg = root.querySelector('svg') as SVGSVGElement;
      const box = (e: Element) => e.getBoundingClientRect();
      const label = [...svg.querySelectorAll('text')].find((t) => t.textContent === 'Momentum / β₁') as SVGTextElement;
      const axis = label.closest('.recharts-yAxis') ?? svg;
      const ticks = [...axis.querySelectorAll('.recharts-cartesian-axis-tick-value')].map(box);
      const frame = root.closest('.chart-frame') as HTMLElement;
      const legend = document.querySelector('.chart-legend') as HTMLElement;
      return { svg: box(svg), label: box(label), ticks, frameTop: box(frame).top, legendBottom: box(legend).bottom };
    });
    const inside = (r: DOMRect) =>
      r.left >= layout.svg.left - 1 && r.right <= layout.svg.right + 1 && r.top >= layout.svg.top - 1 && r.bottom <= layout.svg.bottom + 1;
    expect(inside(layout.label), `label inside the chart at ${width}px`).toBe(true);
    for (const t of layout.ticks) {
      const overlaps =
        t.left < layout.label.right && t.right > layout.label.left && t.top < layout.label.bottom && t.bottom > layout.label.top;
      expect(overlaps, `a tick overlaps the axis label at ${width}px`).toBe(false);
    }
    expect(layout.legendBottom, `legend clear of the plot at ${width}px`).toBeLessThanOrEqual(layout.frameTop + 1);
  }
});

test('a wide formula shows that it scrolls, and the keyboard can scroll it', async ({ page }) => {
  await page.setViewportSize({ width: 360, height: 800 });
  await page.goto('/?v=1&A=torch.OneCycleLR');
  const scroller = panel(page, 'A').locator('.formula-scroll');
  await expect(scroller).toHaveAttribute('data-overflow', 'right');
  await expect(panel(page, 'A').getByText('Scroll sideways for the rest of the formula.')).toBeVisible();
  await scroller.focus();
  await page.keyboard.press('End');
  await scroller.evaluate((e) => e.scrollBy({ left: 10_000 }));
  await expect(scroller).toHaveAttribute('data-overflow', 'left');
});

test('on a phone the chart stays in view while a slider far down the page moves', async ({ page }) => {
  await page.setViewportSize({ width: 360, height: 740 });
  await page.goto('/?v=1&A=torch.OneCycleLR');
  const frame = page.locator('.chart-frame').first();
  const top = await frame.evaluate((e) => e.getBoundingClientRect().top);
  expect(top, 'the chart starts on the first screen').toBeLessThan(740);
  const lastSlider = panel(page, 'A').getByRole('slider').last();
  await lastSlider.scrollIntoViewIfNeeded();
  await lastSlider.focus();
  await page.keyboard.press('ArrowRight');
  const box = await frame.evaluate((e) => {
    const r = e.getBoundingClientRect();
    return { top: r.top, bottom: r.bottom };
  });
  expect(box.bottom).toBeGreaterThan(0);
  expect(box.top).toBeLessThan(740);
});

test('a Python function that is slow over the whole curve never freezes the page: it is sampled in a worker and stopped', async ({
  page,
}) => {
  const heavy = 'lambda epoch: 0.5 + 0 * (7 ** (4000 + epoch % 5) % 3)';
  await page.goto(`/?v=1&A=torch.LambdaLR&A.lr_lambda=${encodeURIComponent(heavy)}&A.stepEvery=batch&epochs=10000&steps=100`);
  const pending = page.getByRole('status').filter({ hasText: 'Schedule A: sampling its Python function' });
  await expect(pending).toBeVisible();
  // While the worker is busy the page answers: in one task of the page's main thread (which runs at all only
  // because sampling does not block it), the sampling is still pending and a click on Log scale takes effect.
  // Done in-page so that no round trip to the test runner can let the sampling finish in between.
  const answeredWhileSampling = await page.evaluate(() => {
    const busy = Array.from(document.querySelectorAll('[role="status"]')).some((e) =>
      e.textContent?.includes('Schedule A: sampling its Python function'),
    );
    const box = Array.from(document.querySelectorAll('label')).find((l) => l.textContent?.trim() === 'Log scale')?.control;
    if (!(box instanceof HTMLInputElement)) return 'no Log scale checkbox';
    box.click();
    return busy ? 'pending' : 'sampling already over';
  });
  expect(answeredWhileSampling).toBe('pending');
  await expect(page.getByLabel('Log scale')).toBeChecked();
  // Then the run is refused with a clear message (the interpreter's curve budget, or the worker's time limit).
  await expect(page.getByText(/steps over the curve|took longer than 4 s to sample/)).toBeVisible({ timeout: 20_000 });
  await expect(pending).toHaveCount(0);
  // And the page keeps working.
  await spinbutton(panel(page, 'A'), 'Initial LR').fill('0.05');
  await expect(spinbutton(panel(page, 'A'), 'Initial LR')).toHaveValue('0.05');
});

test('a plateau preview draws its example loss next to the curve, with its selector, and says how a short list is used', async ({
  page,
}) => {
  await page.goto('/?v=1&A=torch.ReduceLROnPlateau&epochs=30&steps=1');
  const results = page.locator('.results');
  const loss = results.getByRole('figure', { name: 'Example validation loss curve' });
  await expect(loss.locator('path.recharts-line-curve')).toHaveAttribute('d', /^M[\d.e+\-,LMHVZ ]+$/);
  const selector = results.getByLabel('Example loss curve');
  await expect(selector).toBeVisible();
  // Next to the chart: the loss sits right under the LR curve, not at the bottom of the page.
  const chartBottom = await page
    .locator('.chart-frame')
    .first()
    .evaluate((e) => e.getBoundingClientRect().bottom);
  const lossTop = await loss.evaluate((e) => e.getBoundingClientRect().top);
  expect(lossTop - chartBottom).toBeLessThan(200);
  await selector.selectOption('custom');
  await results.getByLabel('Loss per epoch').fill('2, 1.5, 1.2');
  await expect(results.getByText('3 values cover epochs 0–2; the last one (1.2) repeats for epochs 3–29.')).toBeVisible();
});

test('the build ships hosting headers: CSP as a header, the app unframeable, the embed page framable', async ({ request }) => {
  const response = await request.get('/_headers');
  expect(response.ok()).toBe(true);
  const text = await response.text();
  const rules = new Map<string, string[]>();
  let path = '';
  for (const line of text.split('\n')) {
    if (line.startsWith('#') || line.trim() === '') continue;
    if (line.startsWith(' ')) {
      rules.get(path)?.push(line.trim());
    } else {
      path = line.trim();
      rules.set(path, []);
    }
  }
  const csp = (p: string) => rules.get(p)?.find((h) => h.startsWith('Content-Security-Policy:')) ?? '';
  for (const page of ['/', '/index.html', '/backends.html']) {
    // 'wasm-unsafe-eval' lets WebAssembly compile (the training worker's WASM backend); JS eval stays refused.
    expect(csp(page)).toContain("script-src 'self' 'wasm-unsafe-eval'");
    expect(csp(page)).not.toContain("'unsafe-eval'");
    expect(csp(page)).toContain("frame-ancestors 'none'");
  }
  expect(csp('/embed.html')).toContain("script-src 'self'");
  expect(csp('/embed.html')).toContain('frame-ancestors *');
  // The embed page is the same app in embed mode.
  const embed = await request.get('/embed.html');
  expect(await embed.text()).toContain('<div id="root"></div>');
});
