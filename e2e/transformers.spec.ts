import { readFileSync } from 'node:fs';
import { expect, test } from './fixtures';
import { chooseFamily, downloadCsv, panel, parseCsv, setHorizon } from './helpers';

// The BERT fine-tuning preset's curve as the real transformers library computes it (scripts/golden/presets_golden.py).
const bertCsv = readFileSync(new URL('./fixtures/presets/bert-finetune-linear.csv', import.meta.url), 'utf8');

test.beforeEach(async ({ page }) => {
  await page.goto('/');
});

test('a Hugging Face schedule from the picker: its version, formula, and training steps fitted to the horizon', async ({ page }) => {
  await setHorizon(page, 3, 1000);
  const a = panel(page, 'A');
  await chooseFamily(a, 'transformers', 'get_linear_schedule_with_warmup');
  await expect(a.getByText('Follows transformers 5.24')).toBeVisible();
  await expect(a.getByRole('spinbutton', { name: 'Training steps', exact: true })).toHaveValue('3000');
  await expect(a.getByRole('spinbutton', { name: 'Warmup steps', exact: true })).toHaveValue('300');
  await expect(a.getByRole('figure', { name: 'Formula' }).locator('math')).toHaveAttribute(
    'alttext',
    /\(3000 − t\) \/ 2700 if 300 ≤ t < 3000/,
  );
});

test('pasting get_scheduler code with len(train_dataloader) plots the real library’s curve over the horizon', async ({ page }) => {
  await setHorizon(page, 50, 1000);
  const code = [
    'from torch.optim import AdamW',
    'from transformers import get_scheduler',
    'optimizer = AdamW(model.parameters(), lr=2e-5)',
    'num_epochs = 3',
    'num_training_steps = num_epochs * len(train_dataloader)',
    'lr_scheduler = get_scheduler("linear", optimizer=optimizer, num_warmup_steps=300, num_training_steps=num_training_steps)',
    'for epoch in range(num_epochs):',
    '    for batch in train_dataloader:',
    '        optimizer.step()',
    '        lr_scheduler.step()',
  ].join('\n');
  await page.getByRole('textbox', { name: 'Paste PyTorch or Keras code' }).fill(code);
  await page.getByRole('button', { name: 'Plot', exact: true }).click();
  await expect(panel(page, 'A').getByRole('combobox', { name: 'Schedule', exact: true })).toHaveValue(
    'transformers:get_linear_schedule_with_warmup',
  );
  const got = parseCsv(await downloadCsv(page));
  const want = parseCsv(bertCsv);
  expect(got.rows).toBe(want.rows);
  const a = got.column('A');
  const b = want.column('A');
  for (let i = 0; i < b.length; i++)
    expect(Math.abs((a[i] as number) - (b[i] as number)) <= 1e-12 * Math.abs(b[i] as number), `row ${i}`).toBe(true);
});

test('Copy as PyTorch writes the transformers call, stepped after every batch', async ({ page }) => {
  const a = panel(page, 'A');
  await chooseFamily(a, 'transformers', 'get_cosine_with_min_lr_schedule_with_warmup');
  await a.getByRole('button', { name: 'Copy as PyTorch', exact: true }).click();
  const code = await page.getByRole('dialog').getByRole('textbox').inputValue();
  expect(code).toContain('from transformers import get_cosine_with_min_lr_schedule_with_warmup');
  const call = code.slice(code.indexOf('scheduler = get_cosine_with_min_lr_schedule_with_warmup('));
  const args = call.slice(0, call.indexOf(')') + 1).replace(/\s+/g, ' ');
  for (const arg of ['optimizer', 'num_warmup_steps=500', 'num_training_steps=5000', 'min_lr_rate=0.1']) expect(args).toContain(arg);
  expect(code).toMatch(/ {8}scheduler\.step\(\)/);
});
