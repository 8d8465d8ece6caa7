/** Shared pieces of the code exporters: names that do not clash, user functions written out, the horizon. */
import type { FamilySpec } from '../family';
import type { ParamSpec } from '../params';
import { findFamily } from '../registry';
import type { Framework } from '../types';
import { pyArgument, shouldWrite } from './emit';
import { analyzeFunction, type PyFunctionInfo, renamed, withDefault } from './pyfunc';

export interface ExportHorizon {
  epochs?: number;
  stepsPerEpoch?: number;
}

export const DEFAULT_EPOCHS = 10;
export const DEFAULT_STEPS_PER_EPOCH = 100;

export function horizonOf(h: ExportHorizon | undefined): { epochs: number; stepsPerEpoch: number } {
  const whole = (x: unknown, fallback: number): number => (typeof x === 'number' && Number.isSafeInteger(x) && x > 0 ? x : fallback);
  return { epochs: whole(h?.epochs, DEFAULT_EPOCHS), stepsPerEpoch: whole(h?.stepsPerEpoch, DEFAULT_STEPS_PER_EPOCH) };
}

/** Identifiers of the generated program, renamed with a trailing `_` where user code uses the same name. */
export class Names {
  private readonly taken = new Set<string>();
  private readonly chosen = new Map<string, string>();
  constructor(userNames: Iterable<string>) {
    for (const n of userNames) this.taken.add(n);
  }
  /** Our fixed identifier `base` (the same name each time it is asked for). */
  get(base: string): string {
    const hit = this.chosen.get(base);
    if (hit) return hit;
    let name = base;
    while (this.taken.has(name)) name = `${name}_`;
    this.taken.add(name);
    this.chosen.set(base, name);
    return name;
  }
  /** A new identifier starting with `base` (variables of nested schedulers, user functions). */
  fresh(base: string): string {
    let name = base;
    for (let i = 2; this.taken.has(name); i++) name = `${base}_${i}`;
    this.taken.add(name);
    return name;
  }
  reserve(name: string): void {
    this.taken.add(name);
  }
}

/** Every identifier in the functions a call carries (so generated names avoid them). */
export function userNamesOf(value: unknown, out = new Set<string>()): Set<string> {
  if (typeof value === 'string') {
    if (/\b(?:lambda|def)\b/.test(value)) {
      const info = analyzeFunction(value);
      if (info) for (const n of info.globals) out.add(n);
    }
    return out;
  }
  if (Array.isArray(value)) {
    for (const v of value) userNamesOf(v, out);
    return out;
  }
  if (value !== null && typeof value === 'object') for (const v of Object.values(value)) userNamesOf(v, out);
  return out;
}

/** Module-level code the snippet needs before its main part: imports, constants and functions, deduplicated. */
export class Blocks {
  readonly imports = new Set<string>();
  readonly fromImports = new Map<string, Set<string>>();
  readonly blocks: string[] = [];
  private readonly constants = new Map<string, string>();

  importFrom(module: string, name: string): void {
    const set = this.fromImports.get(module) ?? new Set<string>();
    set.add(name);
    this.fromImports.set(module, set);
  }

  /** A prelude line of a user function (`import math`, `warm = 5`); a conflicting constant is refused. */
  preludeLine(line: string): boolean {
    if (/^(?:import|from)\s/.test(line)) {
      this.imports.add(line);
      return true;
    }
    const m = /^([A-Za-z_][A-Za-z0-9_]*)\s*=/.exec(line);
    if (m) {
      const old = this.constants.get(m[1] as string);
      if (old !== undefined) return old === line;
      this.constants.set(m[1] as string, line);
    }
    this.blocks.push(line);
    return true;
  }

  block(text: string): void {
    this.blocks.push(text);
  }

  importLines(first: readonly string[]): string[] {
    const lines = [...first];
    for (const line of this.imports) if (!lines.includes(line)) lines.push(line);
    for (const [module, names] of this.fromImports) lines.push(`from ${module} import ${[...names].join(', ')}`);
    return lines;
  }

  /** Constants first, then functions and classes, with blank lines as PEP 8 has them. */
  render(): string {
    const constants = this.blocks.filter((b) => !b.includes('\n') && /^[A-Za-z_][A-Za-z0-9_]*\s*=/.test(b));
    const others = this.blocks.filter((b) => !constants.includes(b));
    const parts: string[] = [];
    if (constants.length > 0) parts.push(constants.join('\n'));
    for (const o of others) parts.push(o);
    return parts.join('\n\n\n');
  }
}

export interface WrittenFunction {
  /** What to pass as the argument: the def's (or assigned lambda's) name, or the lambda itself. */
  readonly reference: string;
}

/**
 * Writes a user function (source text of a lambda or def) into `blocks` and returns what to pass for it.
 * `optionalFrom`: parameters from this index on get a default of None (so the framework may call it with fewer).
 * Null where the source is not one lambda or def, or its constants clash with another function's.
 */
export function writeFunction(
  source: string,
  blocks: Blocks,
  names: Names,
  optionalFrom?: number,
): (WrittenFunction & { info: PyFunctionInfo }) | null {
  const info = analyzeFunction(source);
  if (!info) return null;
  for (const line of info.prelude) if (!blocks.preludeLine(line)) return null;
  for (const m of info.modules) blocks.imports.add(m === 'np' ? 'import numpy as np' : `import ${m}`);
  let text = info.text;
  if (optionalFrom !== undefined) {
    for (let i = optionalFrom; i < info.params.length; i++) {
      const edited = analyzeFunction(text);
      if (edited) text = withDefault(edited, i);
    }
  }
  if (info.kind === 'def') {
    const name = names.fresh(info.name);
    const edited =
      name === info.name
        ? text
        : (() => {
            const again = analyzeFunction(text);
            return again ? renamed(again, name) : text;
          })();
    blocks.block(edited);
    return { reference: name, info };
  }
  if (info.name) {
    const name = names.fresh(info.name);
    blocks.block(`${name} = ${text}`);
    return { reference: name, info };
  }
  return { reference: text, info };
}

/** `name=value` for every argument a call must write (required, or not at its default). */
export function argumentList(
  spec: FamilySpec,
  args: Readonly<Record<string, unknown>>,
  special: (param: ParamSpec, value: unknown) => string | null | undefined,
): string[] {
  const out: string[] = [];
  for (const p of spec.params) {
    const value = args[p.name];
    if (value === undefined || !shouldWrite(p, value)) continue;
    const custom = special(p, value);
    if (custom === null) continue;
    const text = custom ?? pyArgument(p, value);
    if (text !== null) out.push(`${p.name}=${text}`);
  }
  return out;
}

export function familySpec(framework: Framework, name: string): FamilySpec {
  const spec = findFamily(framework, name);
  if (!spec) throw new Error(`unknown family ${framework} ${name}`);
  return spec;
}

/** A reason the exporter could not write exact code, surfaced as the snippet's comment. */
export class Unsupported extends Error {}
