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

/**
 * Python builtins the generated scripts call (the loops, the classes, transcribe.ts): a user function named like one
 * would shadow it for the whole script.
 */
const BUILTINS_CALLED = [
  'abs',
  'bool',
  'dict',
  'float',
  'getattr',
  'int',
  'isinstance',
  'len',
  'list',
  'max',
  'min',
  'print',
  'range',
  'reversed',
  'round',
  'str',
  'sum',
  'super',
  'type',
  'zip',
];

/** The user functions a call carries: every module-level name they use, and what each one reads. */
export interface UserNames {
  /** Every identifier the functions use at module level (their names, their preludes' names, what they read). */
  readonly all: ReadonlySet<string>;
  /** By function source: the module-level names it reads or its prelude defines (its own name left out). */
  readonly reads: ReadonlyMap<string, ReadonlySet<string>>;
}

/**
 * Identifiers of the generated program. Ours (`get`, `fresh`) avoid every name the user's functions use, with a
 * trailing `_` or a number. A user function keeps its own name (`userFunction`) unless the script really needs that
 * name for something else: a module or class it imports, a builtin it calls, a class it defines, another user
 * function, or a name another function reads (a constant of its prelude, a builtin).
 */
export class Names {
  /** Names the script defines or imports, with what holds each (for the comment on a renamed function). */
  private readonly taken = new Map<string, string>();
  private readonly chosen = new Map<string, string>();
  private readonly user: UserNames;
  constructor(user: UserNames = { all: new Set(), reads: new Map() }) {
    this.user = user;
    for (const n of BUILTINS_CALLED) this.taken.set(n, `the Python builtin ${n}, which the script calls`);
  }
  private free(name: string): boolean {
    return !this.taken.has(name) && !this.user.all.has(name);
  }
  /** Our fixed identifier `base` (the same name each time it is asked for). */
  get(base: string): string {
    const hit = this.chosen.get(base);
    if (hit) return hit;
    let name = base;
    while (!this.free(name)) name = `${name}_`;
    this.taken.set(name, `the script's ${name}`);
    this.chosen.set(base, name);
    return name;
  }
  /** A new identifier starting with `base` (variables of nested schedulers, generated functions). */
  fresh(base: string): string {
    let name = base;
    for (let i = 2; !this.free(name); i++) name = `${base}_${i}`;
    this.taken.set(name, `the script's ${name}`);
    return name;
  }
  /** A name the script imports or defines itself; `holder` completes "the name is taken by …". */
  reserve(name: string, holder = `the script's ${name}`): void {
    if (!this.taken.has(name)) this.taken.set(name, holder);
  }
  /**
   * The name a user function (def, or lambda assigned to `name`) is written under: its own unless that clashes,
   * then `name_2`, ... with `note`, the comment line saying why.
   */
  userFunction(name: string, source: string): { name: string; note?: string } {
    let holder = this.taken.get(name);
    if (holder === undefined) {
      for (const [other, reads] of this.user.reads) {
        if (other !== source && reads.has(name)) {
          holder = 'what another function of this schedule reads (a constant of its prelude, or a builtin)';
          break;
        }
      }
    }
    if (holder === undefined) {
      this.taken.set(name, 'another function of this schedule');
      return { name };
    }
    let fresh = name;
    for (let i = 2; !this.free(fresh); i++) fresh = `${name}_${i}`;
    this.taken.set(fresh, 'another function of this schedule');
    return { name: fresh, note: `# ${name} was renamed ${fresh}: the name is taken by ${holder}.` };
  }
}

/** Every identifier in the functions a call carries (so generated names avoid them), and what each one reads. */
export function userNamesOf(value: unknown): UserNames {
  const all = new Set<string>();
  const reads = new Map<string, Set<string>>();
  const visit = (v: unknown): void => {
    if (typeof v === 'string') {
      if (!/\b(?:lambda|def)\b/.test(v) || reads.has(v)) return;
      const info = analyzeFunction(v);
      if (!info) return;
      for (const n of info.globals) all.add(n);
      reads.set(v, new Set([...info.globals].filter((n) => n !== info.name)));
    } else if (Array.isArray(v)) {
      for (const x of v) visit(x);
    } else if (v !== null && typeof v === 'object') {
      for (const x of Object.values(v)) visit(x);
    }
  };
  visit(value);
  return { all, reads };
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
    const { name, note } = names.userFunction(info.name, source);
    const edited =
      name === info.name
        ? text
        : (() => {
            const again = analyzeFunction(text);
            return again ? renamed(again, name) : text;
          })();
    blocks.block(note ? `${note}\n${edited}` : edited);
    return { reference: name, info };
  }
  if (info.name) {
    const { name, note } = names.userFunction(info.name, source);
    blocks.block(`${note ? `${note}\n` : ''}${name} = ${text}`);
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
