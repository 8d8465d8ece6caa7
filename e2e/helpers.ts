import { readFileSync } from 'node:fs';
import type { Locator, Page } from '@playwright/test';
import { expect } from './fixtures';

export const panel = (page: Page, letter: string) => page.getByRole('region', { name: `Schedule ${letter}`, exact: true });
export const slider = (scope: Locator, label: string) => scope.getByRole('slider', { name: label, exact: true });
export const spinbutton = (scope: Locator, label: string) => scope.getByRole('spinbutton', { name: label, exact: true });

export async function setHorizon(page: Page, epochs: number, stepsPerEpoch: number) {
  const group = page.getByRole('group', { name: 'Training horizon' });
  for (const [label, value] of [
    ['Epochs', epochs],
    ['Steps per epoch', stepsPerEpoch],
  ] as const) {
    const input = group.getByRole('spinbutton', { name: label, exact: true });
    await input.fill(String(value));
    await expect(input).toHaveValue(String(value));
  }
}

export async function chooseFamily(scope: Locator, framework: 'torch' | 'keras' | 'playground' | 'transformers', name: string) {
  await scope.getByRole('combobox', { name: 'Schedule', exact: true }).selectOption(`${framework}:${name}`);
}

export async function downloadCsv(page: Page): Promise<string> {
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Download CSV', exact: true }).click();
  return readFileSync(await (await download).path(), 'utf8');
}

/** The CSV as a header and columns of numbers (empty cells become NaN). */
export function parseCsv(text: string): { header: string[]; column(name: string): number[]; rows: number } {
  const lines = text.trimEnd().split('\n');
  const header = (lines[0] ?? '').split(',');
  const cells = lines.slice(1).map((line) => line.split(','));
  return {
    header,
    rows: cells.length,
    column(name: string) {
      const at = header.indexOf(name);
      if (at < 0) throw new Error(`no column ${name} in ${header.join(',')}`);
      return cells.map((row) => (row[at] === '' || row[at] === undefined ? Number.NaN : Number(row[at])));
    },
  };
}
