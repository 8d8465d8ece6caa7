import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { downloadCsv } from './helpers';

/**
 * Every preset, chosen from the "Presets" menu and exported with "Download CSV", against the CSV that
 * scripts/golden/presets_golden.py computed with real PyTorch / real Python (never with the engine under test).
 * The labels are spelled out here on purpose: tutorials use them verbatim, so renaming one should fail a test.
 */
const PRESETS = [
  { id: 'keras-article-step-decay', label: 'Keras article: step decay' },
  { id: 'resnet-step', label: 'ResNet step schedule' },
  { id: 'transformer-inverse-sqrt', label: 'Transformer warmup + inverse sqrt' },
  { id: 'one-cycle-fastai', label: 'One-cycle (fast.ai)' },
  { id: 'sgdr', label: 'Cosine with warm restarts (SGDR)' },
  { id: 'llm-wsd', label: 'LLM warmup-stable-decay' },
  { id: 'bert-finetune-linear', label: 'BERT fine-tuning (linear warmup/decay)' },
  { id: 'llm-cosine-min-lr', label: 'LLM pre-training (cosine with min LR)' },
] as const;

interface PresetData {
  id: string;
  label: string;
  note?: string;
  data: { horizon: { epochs: number; stepsPerEpoch: number } };
}

// The presets' data file (shared by the app and the fixture generator): read for the horizons and the note text.
const presetData = (JSON.parse(readFileSync(new URL('../src/state/presets.json', import.meta.url), 'utf8')) as { presets: PresetData[] })
  .presets;

function dataOf(id: string): PresetData {
  const found = presetData.find((p) => p.id === id);
  if (!found) throw new Error(`preset ${id} is missing from src/state/presets.json`);
  return found;
}

const expectedCsv = (id: string) => readFileSync(new URL(`./fixtures/presets/${id}.csv`, import.meta.url), 'utf8');

async function choosePreset(page: Page, label: string) {
  await page.getByRole('button', { name: 'Presets', exact: true }).click();
  const menu = page.getByRole('menu');
  await expect(menu).toBeVisible();
  await menu.getByRole('menuitem', { name: label, exact: true }).click();
  await expect(page.getByRole('menu')).toHaveCount(0);
}

/** Differences beyond `relTol`; cells are compared as numbers (Python writes 1e-05 where JavaScript writes 1e-5). */
function csvDifferences(got: string, want: string, relTol = 1e-12): string[] {
  const gotLines = got.split('\n');
  const wantLines = want.split('\n');
  const problems: string[] = [];
  for (let r = 1; r < wantLines.length && problems.length < 20; r++) {
    const g = (gotLines[r] ?? '').split(',');
    const w = (wantLines[r] as string).split(',');
    if (g.length !== w.length) {
      problems.push(`line ${r + 1}: ${g.length} cells, want ${w.length}`);
      continue;
    }
    w.forEach((want, c) => {
      const cell = g[c] as string;
      if (c < 2) {
        if (cell !== want) problems.push(`line ${r + 1}, ${c === 0 ? 'step' : 'epoch'}: got ${cell}, want ${want}`);
        return;
      }
      if (want === '' || cell === '') {
        if (cell !== want) problems.push(`line ${r + 1}, column ${c + 1}: got "${cell}", want "${want}"`);
        return;
      }
      const a = Number(cell);
      const b = Number(want);
      const ok = a === b || Math.abs(a - b) <= relTol * Math.max(Math.abs(a), Math.abs(b));
      if (!ok) problems.push(`line ${r + 1}, column ${c + 1}: got ${cell}, want ${want}`);
    });
  }
  return problems;
}

test.beforeEach(async ({ page }) => {
  await page.goto('/');
});

test('the Presets menu lists exactly the presets, in order', async ({ page }) => {
  expect(presetData.map((p) => [p.id, p.label])).toEqual(PRESETS.map((p) => [p.id, p.label]));
  await page.getByRole('button', { name: 'Presets', exact: true }).click();
  await expect(page.getByRole('menu').getByRole('menuitem')).toHaveText(PRESETS.map((p) => p.label));
});

for (const { id, label } of PRESETS) {
  test(`${label}: the downloaded CSV matches the PyTorch/Python reference`, async ({ page }) => {
    const { horizon } = dataOf(id).data;
    await choosePreset(page, label);
    const horizonGroup = page.getByRole('group', { name: 'Training horizon' });
    await expect(horizonGroup.getByRole('spinbutton', { name: 'Epochs', exact: true })).toHaveValue(String(horizon.epochs));

    const got = await downloadCsv(page);
    const want = expectedCsv(id);
    expect(got.split('\n')[0]).toBe(want.split('\n')[0]);
    expect(got.endsWith('\n')).toBe(true);
    const rows = got.split('\n').length - 2;
    expect(rows).toBe(want.split('\n').length - 2);
    expect(rows).toBe(horizon.epochs * horizon.stepsPerEpoch);
    expect(csvDifferences(got, want)).toEqual([]);
  });
}

test("the Keras article preset explains where the article's table is off", async ({ page }) => {
  const { note } = dataOf('keras-article-step-decay');
  expect(note).toContain('index 9');
  expect(note).toContain('0.003125');
  await choosePreset(page, 'Keras article: step decay');
  await expect(page.getByText(note as string)).toBeVisible();
});
