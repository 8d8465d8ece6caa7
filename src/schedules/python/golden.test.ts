/**
 * Every case of src/schedules/__fixtures__/python.json (written by scripts/golden/python_semantics.py with the
 * real CPython and numpy) against the interpreter: same value (exact; relative 1e-15 where the fixture marks a
 * transcendental function or a float power), same Python type, same exception class.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ScheduleRuntimeError } from '../types';
import { canonicalPython } from './canonical';
import { compilePythonValues, NpFloat, NpInt, type PyValue } from './index';

type Encoded = number | boolean | { special: 'inf' | '-inf' | 'nan' } | { int: string } | null;

interface GoldenCase {
  source: string;
  args: Encoded[];
  arg_types: ('int' | 'float' | 'bool')[];
  result?: Encoded;
  type?: 'int' | 'float' | 'bool' | 'float64' | 'int64' | 'NoneType';
  approx?: boolean;
  error?: string;
  message?: string;
}

const fixture = JSON.parse(readFileSync(new URL('../__fixtures__/python.json', import.meta.url), 'utf8')) as {
  python_version: string;
  numpy_version: string;
  cases: GoldenCase[];
};

const RTOL = 1e-15;

function decodeNumber(e: Encoded): number | bigint | boolean | null {
  if (e === null || typeof e === 'number' || typeof e === 'boolean') return e;
  if ('int' in e) return BigInt(e.int);
  return e.special === 'nan' ? Number.NaN : e.special === 'inf' ? Infinity : -Infinity;
}

function decodeArg(e: Encoded, type: 'int' | 'float' | 'bool'): PyValue {
  const v = decodeNumber(e);
  if (type === 'bool') return Boolean(v);
  if (type === 'int') return typeof v === 'bigint' ? v : BigInt(v as number);
  return Number(v);
}

function typeOf(v: PyValue): string {
  if (v === null) return 'NoneType';
  if (v instanceof NpFloat) return 'float64';
  if (v instanceof NpInt) return 'int64';
  return ({ bigint: 'int', number: 'float', boolean: 'bool' } as Record<string, string>)[typeof v] ?? '?';
}

function sameFloat(actual: number, expected: number, approx: boolean): boolean {
  if (Number.isNaN(expected)) return Number.isNaN(actual);
  if (Object.is(actual, expected)) return true;
  if (!approx || !Number.isFinite(expected)) return false;
  return Math.abs(actual - expected) <= RTOL * Math.abs(expected);
}

/** Runs one case; returns null when it matches Python, else a description of the difference. */
function check(c: GoldenCase): string | null {
  const compiled = compilePythonValues(c.source);
  if (!compiled.ok) {
    const cls = compiled.error.message.split(':')[0];
    if (c.error && cls === c.error) return null;
    return `compile error ${compiled.error.message}; Python: ${c.error ?? JSON.stringify(c.result)}`;
  }
  const args = c.args.map((a, i) => decodeArg(a, c.arg_types[i] ?? 'float'));
  let value: PyValue;
  try {
    value = compiled.value.invoke(args);
  } catch (e) {
    if (!(e instanceof ScheduleRuntimeError)) return `threw ${String(e)}`;
    if (e.line === undefined) return `error without a position: ${e.message}`;
    const cls = e.message.split(':')[0];
    if (c.error === 'complex' ? e.message.includes('complex') : cls === c.error) return null;
    return `raised ${e.message}; Python: ${c.error ? `${c.error}: ${c.message}` : JSON.stringify(c.result)}`;
  }
  if (c.error) return `returned ${String(value)}; Python raised ${c.error}: ${c.message}`;
  const type = typeOf(value);
  if (type !== c.type) return `type ${type}, Python ${c.type} (value ${String(value)})`;
  const expected = decodeNumber(c.result ?? null);
  const raw = value instanceof NpFloat || value instanceof NpInt ? value.v : value;
  if (typeof raw === 'number') {
    return sameFloat(raw, expected as number, c.approx === true) ? null : `got ${raw}, Python ${String(expected)}`;
  }
  if (typeof raw === 'bigint') {
    const e = typeof expected === 'bigint' ? expected : BigInt(expected as number);
    return raw === e ? null : `got ${raw}, Python ${e}`;
  }
  return raw === expected ? null : `got ${String(raw)}, Python ${String(expected)}`;
}

describe(`Python fixtures (CPython ${fixture.python_version}, numpy ${fixture.numpy_version})`, () => {
  it('has several hundred cases, including the seed article functions', () => {
    expect(fixture.cases.length).toBeGreaterThan(500);
    expect(fixture.cases.filter((c) => c.source.includes('def step_decay')).length).toBe(61);
    expect(fixture.cases.filter((c) => c.source === 'lambda epoch: 0.5 ** math.floor((1 + epoch) / 10)').length).toBe(61);
  });

  // In runs of CASES_PER_TEST, so that no single test holds the whole fixture's work.
  const CASES_PER_TEST = 500;
  for (let from = 0; from < fixture.cases.length; from += CASES_PER_TEST) {
    const cases = fixture.cases.slice(from, from + CASES_PER_TEST);
    it(`matches every case: ${from + 1} to ${from + cases.length} of ${fixture.cases.length}`, () => {
      const failures: string[] = [];
      for (const c of cases) {
        const diff = check(c);
        if (diff) failures.push(`${c.source.replace(/\n/g, '⏎')} ${JSON.stringify(c.args)}: ${diff}`);
      }
      expect(failures, failures.slice(0, 60).join('\n')).toEqual([]);
    });
  }

  // Exports carry the function regenerated from the checked tree (unparse.ts), not the user's text: that text
  // must mean what the original means to CPython, case for case.
  for (let from = 0; from < fixture.cases.length; from += CASES_PER_TEST) {
    const cases = fixture.cases.slice(from, from + CASES_PER_TEST);
    it(`the regenerated source that exports carry matches too: ${from + 1} to ${from + cases.length}`, () => {
      const failures: string[] = [];
      let regenerated = 0;
      for (const c of cases) {
        const canonical = canonicalPython(c.source);
        if (!canonical.ok) {
          // Only a function the interpreter refuses may fail to regenerate.
          if (compilePythonValues(c.source).ok) failures.push(`${c.source}: not regenerated: ${canonical.error.message}`);
          continue;
        }
        regenerated++;
        const twice = canonicalPython(canonical.value);
        if (!twice.ok || twice.value !== canonical.value) failures.push(`${c.source}: regenerating twice changes it`);
        const diff = check({ ...c, source: canonical.value });
        if (diff)
          failures.push(`${c.source.replace(/\n/g, '⏎')} -> ${canonical.value.replace(/\n/g, '⏎')} ${JSON.stringify(c.args)}: ${diff}`);
      }
      expect(failures, failures.slice(0, 40).join('\n')).toEqual([]);
      expect(regenerated).toBeGreaterThan(0);
    });
  }

  it('is exact on every case not marked approximate', () => {
    const exact = fixture.cases.filter((c) => !c.approx && !c.error);
    expect(exact.length).toBeGreaterThan(1000);
  });
});
