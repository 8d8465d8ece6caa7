/** Small helpers shared by the engine's tests: build calls, expect errors, build schedules that must be valid. */
import { expect } from 'vitest';
import { type Framework, type FrameworkCall, fromFramework, type Result, type Schedule } from '../index';

const callOf =
  (framework: Framework) =>
  (name: string, args: Record<string, unknown>, optimizer?: FrameworkCall['optimizer']): FrameworkCall => ({
    framework,
    name,
    args,
    ...(optimizer ? { optimizer } : {}),
  });

export const torch = callOf('torch');
export const keras = callOf('keras');

export function expectError(result: Result<unknown>, message: RegExp, path?: string): void {
  expect(result.ok).toBe(false);
  if (result.ok) return;
  expect(result.error.message).toMatch(message);
  if (path !== undefined) expect(result.error.path).toBe(path);
}

export function build(call: FrameworkCall): Schedule {
  const r = fromFramework(call);
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}
