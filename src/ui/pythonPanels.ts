import { findFamily, type Framework } from '../schedules';

/**
 * Whether a call carries a user's Python function (LambdaLR's lr_lambda, CyclicLR's scale_fn, a Keras schedule
 * function), directly or in a nested schedule. Such panels are sampled in a worker (see pythonSampler.ts): the
 * interpreter bounds each call's work, but a whole curve of calls can still take seconds, never on the page.
 */
export function callRunsPython(call: { framework: Framework; name: string; args: Readonly<Record<string, unknown>> }, depth = 0): boolean {
  if (depth > 16) return true; // deeper than the engine allows anyway: let the worker say so
  const spec = findFamily(call.framework, call.name);
  if (!spec) return false;
  for (const param of spec.params) {
    const value = call.args[param.name];
    if (param.kind === 'function' && typeof value === 'string' && value.trim() !== '') return true;
    if (param.kind === 'schedule' && isCall(value) && callRunsPython(asCall(value, call.framework), depth + 1)) return true;
    if (param.kind === 'schedules' && Array.isArray(value)) {
      for (const child of value) if (isCall(child) && callRunsPython(asCall(child, call.framework), depth + 1)) return true;
    }
  }
  return false;
}

function isCall(value: unknown): value is { name: string; args: Record<string, unknown>; framework?: Framework } {
  return value !== null && typeof value === 'object' && typeof (value as { name?: unknown }).name === 'string';
}

function asCall(value: { name: string; args: Record<string, unknown>; framework?: Framework }, fallback: Framework) {
  const args = value.args !== null && typeof value.args === 'object' ? value.args : {};
  return { framework: value.framework ?? fallback, name: value.name, args };
}
