/** Python literals for generated code: numbers that round-trip exactly, ints where the frameworks check for ints. */
import type { ParamSpec } from '../params';
import { pyStringLiteral } from '../python/unparse';
import { reprFloat } from '../python/values';

/** A float as Python's repr writes it (shortest round trip: `0.1`, `1e-05`, `1.0`). */
export function pyFloat(x: number): string {
  if (Number.isNaN(x)) return "float('nan')";
  if (!Number.isFinite(x)) return x > 0 ? "float('inf')" : "float('-inf')";
  return reprFloat(x);
}

/** An int literal (`30`); a non-integer falls back to a float literal. */
export function pyInt(x: number): string {
  if (!Number.isInteger(x)) return pyFloat(x);
  return Number.isSafeInteger(x) ? String(x) : BigInt(x).toString();
}

/** A number as the literal Python would need here: an int where `integer`, else a float. */
export function pyNumber(x: number, integer: boolean): string {
  return integer ? pyInt(x) : pyFloat(x);
}

/** A Python string literal: printable ASCII as is, every other character escaped (no newline can end it early). */
export const pyString = pyStringLiteral;

export function pyBool(b: boolean): string {
  return b ? 'True' : 'False';
}

/**
 * Whether a number parameter is written as an int: 'integer' params always (torch checks isinstance(x, int) for
 * OneCycleLR's total_steps, CosineAnnealingWarmRestarts' T_0, ...); step counts a framework takes as a float
 * (Keras's decay_steps) when whole, since `1000` reads better than `1000.0` and means the same there.
 */
function writesInt(param: ParamSpec, value: number): boolean {
  if (param.kind === 'integer') return true;
  return param.kind === 'number' && param.unit === 'steps' && Number.isInteger(value) && Math.abs(value) < 1e15;
}

/** A plain argument's literal, or null for kinds written elsewhere (functions, nested schedules). */
export function pyArgument(param: ParamSpec, value: unknown): string | null {
  if (value === null) return 'None';
  switch (param.kind) {
    case 'number':
    case 'integer':
      return typeof value === 'number' ? pyNumber(value, writesInt(param, value)) : null;
    case 'boolean':
      return typeof value === 'boolean' ? pyBool(value) : null;
    case 'choice':
      return typeof value === 'string' ? pyString(value) : null;
    case 'numberList':
      if (!Array.isArray(value)) return null;
      return `[${value.map((v) => pyNumber(v as number, param.integer === true)).join(', ')}]`;
    default:
      return null;
  }
}

function sameValue(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (typeof a === 'number' && typeof b === 'number') return a === b;
  return JSON.stringify(a) === JSON.stringify(b);
}

/** Whether an argument must be written: required, or different from the framework's default. */
export function shouldWrite(param: ParamSpec, value: unknown): boolean {
  if (param.required) return true;
  return !sameValue(value, param.default);
}

/** snake_case of a class name, for variable names (`CosineAnnealingLR` -> `cosine_annealing_lr`). */
export function snakeCase(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1_$2')
    .toLowerCase();
}

/** Joins `name=value` arguments, wrapping onto continuation lines when the call would be long. */
export function callText(head: string, args: readonly string[], indent = ''): string {
  const oneLine = `${head}(${args.join(', ')})`;
  if (oneLine.length + indent.length <= 110) return oneLine;
  const inner = `${indent}    `;
  return `${head}(\n${args.map((a) => `${inner}${a},`).join('\n')}\n${indent})`;
}
