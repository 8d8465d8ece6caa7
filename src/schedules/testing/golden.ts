/**
 * Shared checks for golden fixtures (real PyTorch, or an independent Python transcription): each case goes
 * through the public API, `fromFramework` (with the call's `stepEvery`, where the case has one) then `sample`,
 * and must match at relative 1e-12 (absolute 1e-15 near zero). Error cases must fail where the reference failed.
 */
import { expect, it } from 'vitest';
import { type FrameworkCall, fromFramework, sample } from '../index';

export interface GoldenCase {
  id: string;
  call: FrameworkCall;
  n: number;
  metric?: number[];
  lr?: number[];
  momentum?: number[];
  /** tick null: the constructor raised; otherwise the tick whose value could not be computed. */
  error?: { type: string; tick: number | null; message: string };
}

const RTOL = 1e-12;
const ATOL = 1e-15;

/** Index of the first element outside tolerance, or -1. */
export function firstMismatch(actual: readonly number[], expected: readonly number[]): number {
  if (actual.length !== expected.length) return Math.min(actual.length, expected.length);
  for (let i = 0; i < expected.length; i++) {
    const a = actual[i] as number;
    const e = expected[i] as number;
    if (!(Math.abs(a - e) <= Math.max(RTOL * Math.abs(e), ATOL))) return i;
  }
  return -1;
}

export function expectClose(actual: readonly number[], expected: readonly number[], what: string): void {
  const at = firstMismatch(actual, expected);
  expect(at, `${what}: first mismatch at tick ${at}: got ${actual[at]}, reference ${expected[at]}`).toBe(-1);
}

/** Registers one vitest case per fixture case. */
export function checkGoldenCases(cases: readonly GoldenCase[]): void {
  for (const c of cases) {
    it(c.id, () => {
      const built = fromFramework(c.call);
      const options = c.metric ? { metric: c.metric } : undefined;
      if (c.error && c.error.tick === null) {
        expect(built.ok, `the reference raised ${c.error.type}: ${c.error.message}`).toBe(false);
        return;
      }
      expect(built.ok, built.ok ? '' : built.error.message).toBe(true);
      if (!built.ok) return;
      // The call's stepEvery (where the reference loop called step()) goes through: per batch, ticks are steps.
      if (c.call.stepEvery !== undefined) expect(built.value.tick).toBe(c.call.stepEvery === 'batch' ? 'step' : 'epoch');
      if (c.error) {
        const tick = c.error.tick as number;
        const failed = sample(built.value, c.n, options);
        expect(failed.ok, `the reference raised ${c.error.type} at tick ${tick}`).toBe(false);
        if (!failed.ok) expect(failed.error.tick).toBe(tick);
        const before = sample(built.value, tick, options);
        expect(before.ok).toBe(true);
        if (before.ok) expectClose(before.value.lr, c.lr ?? [], 'lr before the error');
        return;
      }
      const result = sample(built.value, c.n, options);
      expect(result.ok, result.ok ? '' : result.error.message).toBe(true);
      if (!result.ok) return;
      expectClose(result.value.lr, c.lr ?? [], 'lr');
      if (c.momentum) {
        expect(result.value.momentum, 'momentum series').toBeDefined();
        expectClose(result.value.momentum ?? [], c.momentum, 'momentum');
      } else {
        expect(result.value.momentum).toBeUndefined();
      }
    });
  }
}
