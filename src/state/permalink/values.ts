/**
 * Argument values as link text and back: numbers as the shortest decimal that round-trips, JSON with the link's
 * number spelling, the plain forms of strings and lists, and the checks a literal passes before it becomes a
 * number (inside float64's normal range) or JSON (bounded nesting). Nothing here evaluates anything.
 */
import type { ParamSpec } from '../../schedules';
import { MAX_JSON_DEPTH, MIN_NORMAL_FLOAT } from './limits';

/** A decimal number as `String(x)` writes one (plus a leading '+' and a bare '.5', as people type them). */
const NUMBER_TEXT = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
export const LONE_SURROGATES = new RegExp(LONE_SURROGATE.source, 'g');
/**
 * Characters left readable: `+` for a space, and `, : / @ =`, which a query value may hold as they are
 * (URLSearchParams splits on the first `=` only). Brackets, braces and quotes stay encoded: some chat and mail
 * clients end a link at them.
 */
const READABLE = /%(20|2C|3A|2F|40|3D)/g;
const READABLE_CHAR: Readonly<Record<string, string>> = { '20': '+', '2C': ',', '3A': ':', '2F': '/', '40': '@', '3D': '=' };

export function numberText(x: number): string {
  // String() gives the shortest decimal that reads back to the same double; '+' would read back as a space.
  return Object.is(x, -0) ? '-0' : String(x).replace('e+', 'e');
}

/** JSON with the link's number spelling (-0 kept, non-finite numbers as strings so they fail validation). */
export function toJson(value: unknown, depth = 0): string {
  if (depth > 64) return 'null';
  if (typeof value === 'number') return Number.isFinite(value) ? numberText(value) : JSON.stringify(String(value));
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'boolean' || value === null) return String(value);
  if (Array.isArray(value)) return `[${value.map((x) => toJson(x, depth + 1)).join(',')}]`;
  if (typeof value === 'object') {
    const fields: string[] = [];
    for (const [key, x] of Object.entries(value)) {
      if (x !== undefined) fields.push(`${JSON.stringify(key)}:${toJson(x, depth + 1)}`);
    }
    return `{${fields.join(',')}}`;
  }
  return 'null';
}

export const BAD_JSON: unique symbol = Symbol('bad JSON');

export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return BAD_JSON;
  }
}

export function parseNumber(text: string): number | undefined {
  return NUMBER_TEXT.test(text) ? Number(text) : undefined;
}

/**
 * Whether a decimal literal names a number float64 cannot hold: one that overflows to ±Infinity (`1e309`), or a
 * non-zero one that underflows to 0 (`1e-400`) or to a denormal (`5e-324`, `1e-310`), which has lost precision
 * and breaks the chart's axis maths. Text that is not a decimal literal is left to the schemas.
 */
export function outOfFloatRange(text: string): boolean {
  if (!NUMBER_TEXT.test(text)) return false;
  const x = Number(text);
  if (!Number.isFinite(x)) return true;
  if (x !== 0) return Math.abs(x) < MIN_NORMAL_FLOAT;
  // 0 from a literal with a non-zero digit before its exponent is an underflow; '0', '-0.000', '0e5' are zero.
  const exponentAt = text.search(/[eE]/);
  return /[1-9]/.test(exponentAt < 0 ? text : text.slice(0, exponentAt));
}

/** What is wrong with a JSON value's text before it is parsed: too deep, or a number float64 cannot hold. */
export type JsonProblem = { kind: 'depth' } | { kind: 'range'; literal: string } | undefined;

/** One pass over the text, outside strings: bracket depth and every number literal. */
export function scanJson(text: string): JsonProblem {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c)
        i++; // a backslash escapes the next character
      else if (c === 0x22) inString = false;
      continue;
    }
    if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      if (++depth > MAX_JSON_DEPTH) return { kind: 'depth' };
    } else if (c === 0x5d || c === 0x7d) depth--;
    else if (c === 0x2d || (c >= 0x30 && c <= 0x39)) {
      let end = i + 1;
      while (end < text.length && /[0-9eE+.-]/.test(text.charAt(end))) end++;
      const literal = text.slice(i, end);
      if (outOfFloatRange(literal)) return { kind: 'range', literal };
      i = end - 1;
    }
  }
  return undefined;
}

/** A string the plain form can carry: read back as itself, not as None or JSON. */
export function isPlainString(text: string): boolean {
  return text !== 'None' && !text.startsWith('"') && !LONE_SURROGATE.test(text);
}

/** An argument's value as the text after `A.<name>=`. */
export function argText(param: ParamSpec, value: unknown): string {
  switch (param.kind) {
    case 'number':
    case 'integer':
      if (value === null) return 'None';
      if (typeof value === 'number' && Number.isFinite(value)) return numberText(value);
      break;
    case 'boolean':
      if (typeof value === 'boolean') return String(value);
      break;
    case 'numberList':
      if (Array.isArray(value) && value.length > 0 && value.every((x) => typeof x === 'number' && Number.isFinite(x))) {
        return value.map(numberText).join(',');
      }
      break;
    case 'choice':
    case 'function':
      if (value === null && param.kind === 'function') return 'None';
      if (typeof value === 'string' && isPlainString(value)) return value;
      break;
    case 'schedule':
    case 'schedules':
      break;
  }
  return toJson(value);
}

/** Whether the text of `A.<name>=` is read as JSON (nested schedules, quoted strings, bracketed lists). */
export function isJsonText(param: ParamSpec, text: string): boolean {
  switch (param.kind) {
    case 'schedule':
    case 'schedules':
      return true;
    case 'numberList':
      return text.startsWith('[');
    case 'choice':
    case 'function':
      return text.startsWith('"');
    default:
      return false;
  }
}

/** The number literals of a plain (not JSON) argument text: one for a number, each item for a list. */
export function plainLiterals(param: ParamSpec, text: string): string[] {
  if (param.kind === 'number' || param.kind === 'integer') return [text];
  if (param.kind === 'numberList' && !text.startsWith('[')) return text.split(',');
  return [];
}

/** The text of `A.<name>=` turned into the value the argument's schema checks (the inverse of argText). */
export function argCandidate(param: ParamSpec, text: string): unknown {
  switch (param.kind) {
    case 'number':
    case 'integer':
      return text === 'None' || text === 'null' ? null : (parseNumber(text) ?? text);
    case 'boolean':
      return flagCandidate(text);
    case 'numberList':
      if (text.startsWith('[')) return parseJson(text);
      return text === '' ? [] : text.split(',').map((item) => parseNumber(item) ?? item);
    case 'choice':
    case 'function':
      if (text === 'None') return null;
      return text.startsWith('"') ? parseJson(text) : text;
    case 'schedule':
    case 'schedules':
      return parseJson(text);
  }
}

export function flagCandidate(text: string): unknown {
  if (text === '1' || text === 'true' || text === 'True') return true;
  if (text === '0' || text === 'false' || text === 'False') return false;
  return text;
}

/** A query key or value as link text: percent-encoded, with the readable characters left as they are. */
export function encodeQueryPart(text: string): string {
  const wellFormed = text.replaceAll(LONE_SURROGATES, '\uFFFD');
  return encodeURIComponent(wellFormed).replace(READABLE, (match, hex: string) => READABLE_CHAR[hex.toUpperCase()] ?? match);
}

/** The same value: numbers by Object.is (so -0 is not 0), arrays and plain objects field by field. */
export function same(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((x, i) => same(x, b[i]));
  if (isObject(a) && isObject(b) && !Array.isArray(b)) {
    const keys = Object.keys(a).filter((k) => a[k] !== undefined);
    const other = Object.keys(b).filter((k) => b[k] !== undefined);
    return keys.length === other.length && keys.every((k) => Object.hasOwn(b, k) && same(a[k], b[k]));
  }
  return false;
}

function isObject(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null;
}

export function utf8Bytes(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) bytes += 1;
    else if (c < 0x800) bytes += 2;
    else if (c >= 0xd800 && c < 0xdc00 && i + 1 < text.length) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next < 0xe000) {
        bytes += 4;
        i++;
      } else bytes += 3;
    } else bytes += 3;
  }
  return bytes;
}
