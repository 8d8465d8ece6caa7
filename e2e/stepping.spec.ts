import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { downloadCsv, panel, parseCsv } from './helpers';

// Recorded from real PyTorch 2.13 by scripts/golden/torch_golden.py: LinearLR(start_factor=0.1, total_iters=1000)
// on SGD(lr=0.1), scheduler.step() after every batch of a 12 x 100 loop, written as the app's CSV.
const linearCsv = readFileSync(new URL('./fixtures/stepping/LinearLR-per-batch.csv', import.meta.url), 'utf8');
// The same generator's StepLR(step_size=7, gamma=0.5) on SGD(lr=0.1, momentum=0.9), 6 epochs x 5 batches, with
// scheduler.step() after every batch and once per epoch.
const stepLrPerBatch = readFileSync(new URL('./fixtures/stepping/StepLR-per-batch.csv', import.meta.url), 'utf8');
const stepLrPerEpoch = readFileSync(new URL('./fixtures/stepping/StepLR-per-epoch.csv', import.meta.url), 'utf8');

const pasted = [
  'import torch',
  'from torch.optim.lr_scheduler import LinearLR',
  '',
  'model = torch.nn.Linear(10, 1)',
  'optimizer = torch.optim.SGD(model.parameters(), lr=0.1)',
  'scheduler = LinearLR(optimizer, start_factor=0.1, total_iters=1000)',
  '',
  'for epoch in range(12):',
  '    for batch in range(100):',
  '        optimizer.zero_grad()',
  '        loss = model(torch.randn(4, 10)).pow(2).mean()',
  '        loss.backward()',
  '        optimizer.step()',
  '        scheduler.step()',
  '',
].join('\n');

const stepEvery = (page: Page) => panel(page, 'A').getByRole('combobox', { name: 'step() every', exact: true });

test('a LinearLR stepped in the batch loop draws the per-batch curve, and its CSV equals real PyTorch', async ({ page }) => {
  await page.goto('/');
  const pasteBox = page.getByRole('textbox', { name: 'Paste PyTorch or Keras code' });
  await pasteBox.fill(pasted);
  await page.getByRole('button', { name: 'Plot', exact: true }).click();
  const status = page.getByRole('region', { name: 'Paste code' }).getByRole('status');
  await expect(status).toContainText('LinearLR.step() after every batch');
  await expect(status).not.toContainText('once per epoch');
  await expect(panel(page, 'A').getByRole('combobox', { name: 'Schedule', exact: true })).toHaveValue('torch:LinearLR');
  await expect(stepEvery(page)).toHaveValue('batch');
  await expect(page).toHaveURL(/[?&]A\.stepEvery=batch(&|$)/);
  const got = parseCsv(await downloadCsv(page));
  const want = parseCsv(linearCsv);
  expect(got.header).toEqual(want.header);
  expect(got.rows).toBe(want.rows);
  expect(got.rows).toBe(1200);
  expect(got.column('step')).toEqual(want.column('step'));
  expect(got.column('epoch')).toEqual(want.column('epoch'));
  expect(got.column('A')).toEqual(want.column('A'));
});

test('the "step() every" control changes the CSV and the link', async ({ page }) => {
  const perBatchWant = parseCsv(stepLrPerBatch);
  const perEpochWant = parseCsv(stepLrPerEpoch);
  await page.goto('/?v=1&epochs=6&steps=5&A=torch.StepLR&A.step_size=7&A.gamma=0.5');
  await expect(stepEvery(page)).toHaveValue('epoch');
  const perEpoch = parseCsv(await downloadCsv(page));
  expect(perEpoch.header).toEqual(perEpochWant.header);
  expect(perEpoch.column('A')).toEqual(perEpochWant.column('A'));

  await stepEvery(page).selectOption('batch');
  await expect(page).toHaveURL(/[?&]A\.stepEvery=batch(&|$)/);
  const perBatch = parseCsv(await downloadCsv(page));
  expect(perBatch.rows).toBe(perBatchWant.rows);
  expect(perBatch.column('A')).toEqual(perBatchWant.column('A'));
  expect(perBatch.column('A')).not.toEqual(perEpoch.column('A'));

  // The link restores the choice.
  await page.goto(page.url());
  await expect(stepEvery(page)).toHaveValue('batch');
  expect(parseCsv(await downloadCsv(page)).column('A')).toEqual(perBatchWant.column('A'));

  await stepEvery(page).selectOption('epoch');
  await expect(page).not.toHaveURL(/stepEvery/);
  expect(parseCsv(await downloadCsv(page)).column('A')).toEqual(perEpochWant.column('A'));
});

test('a Keras panel has no "step() every" control', async ({ page }) => {
  await page.goto('/?v=1&A=keras.CosineDecay');
  await expect(panel(page, 'A').getByRole('combobox', { name: 'Schedule', exact: true })).toHaveValue('keras:CosineDecay');
  await expect(stepEvery(page)).toHaveCount(0);
});
