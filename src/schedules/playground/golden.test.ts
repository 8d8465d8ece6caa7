/** Playground families against an independent Python transcription (scripts/golden/playground_golden.py). */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkGoldenCases, type GoldenCase } from '../testing/golden';

const fixture = JSON.parse(readFileSync(new URL('../__fixtures__/playground.json', import.meta.url), 'utf8')) as {
  cases: GoldenCase[];
};

describe('playground fixtures', () => {
  it('covers every playground family', () => {
    const names = new Set(fixture.cases.map((c) => c.call.name));
    for (const name of ['Warmup', 'InverseSqrt']) expect(names.has(name), name).toBe(true);
  });
  checkGoldenCases(fixture.cases);
});
