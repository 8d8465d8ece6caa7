/**
 * `parseScheduleCode`: pasted PyTorch or Keras code -> the scheduler calls it makes, as FrameworkCalls.
 *
 * The paste is prepared tolerantly (source.ts) and parsed once with @lezer/python. Its statements are then read
 * in order, as Python would run them, with a flat scope: imports bind module paths, assignments bind values,
 * `def`s bind functions. Nothing is executed. A statement is evaluated right away only where it constructs
 * something we know (a scheduler, an optimizer, `model.compile`, `model.fit`); every other assignment is kept
 * unevaluated and evaluated only if a scheduler argument uses it, so a broken or unknown line that nothing uses
 * never matters. Argument values are Python expressions over literals and names bound above, evaluated by the safe
 * evaluator of ../python (lists, tuples and strings are read here). Function arguments (a lambda, or a def passed
 * by name) are passed on as Python source, with the constants and math/numpy imports they read prepended.
 *
 * Every error carries the 1-based line and column in the text as pasted. Errors of the engine (`fromFramework`)
 * come with a path like `args.schedulers[1].args.gamma`, which is mapped back to that argument's position.
 */
import type { SyntaxNode, Tree } from '@lezer/common';
import { parser } from '@lezer/python';
import { type PyValue, evaluateToPython } from '../python';
import { NpFloat, NpInt, reprFloat } from '../python/values';
import { findFamily, fromFramework } from '../registry';
import { closest } from '../suggest';
import { stepEveryOf } from '../run';
import {
  type FrameworkCall,
  type OptimizerKind,
  type OptimizerSpec,
  type Result,
  type Schedule,
  type ScheduleError,
  type StepEvery,
  fail,
  ok,
} from '../types';
import {
  canonical,
  DEFAULT_MODULES,
  KERAS_CALLBACKS,
  KERAS_OPTIMIZER_STRINGS,
  KERAS_OPTIMIZERS,
  KERAS_POSITIONAL,
  KERAS_SCHEDULES,
  OPTIMIZER,
  type OptimizerInfo,
  TORCH_OPTIMIZERS,
  TORCH_SCHEDULER_POSITIONAL,
  TRANSFORMERS_POSITIONAL,
} from './catalog';
import { MAX_CODE_LENGTH, offsetOf, prepareSnippet, type Snippet } from './source';
import { type CallArguments, callArguments, dottedName, elements, kids, type Segment, stringValue, walk } from './tree';

export interface ParsedCode {
  /** One validated schedule per scheduler the code builds and does not nest in another, in order. */
  schedules: Schedule[];
  /** The calls as written (only the arguments given), in the same order. */
  calls: FrameworkCall[];
  /** From `model.fit(epochs=, steps_per_epoch=)`, or a `for epoch in range(...)` loop (and a loop nested in it). */
  horizon?: { epochs?: number; stepsPerEpoch?: number };
  /**
   * Where the code calls each schedule's step(), in the same order: 'batch' inside a loop nested in another,
   * 'epoch' in a single loop; undefined where it calls none (Keras's fit, or no loop).
   */
  steppedIn: (StepEvery | undefined)[];
}

// ------------------------------------------------------------------------------------------------ values

interface FunctionRef {
  /** A LambdaExpression or FunctionDefinition. */
  readonly node: SyntaxNode;
  readonly name: string;
}

interface OptimizerValue {
  readonly framework: 'torch' | 'keras';
  readonly info: OptimizerInfo;
  readonly spec: OptimizerSpec;
  readonly source: CallSource;
  /** A Keras optimizer whose learning_rate is a schedule. */
  readonly schedule?: Built;
}

type Value =
  | { readonly k: 'py'; readonly v: PyValue }
  | { readonly k: 'str'; readonly v: string }
  | { readonly k: 'seq'; readonly items: readonly Value[]; readonly at: readonly number[] }
  | { readonly k: 'fn'; readonly fn: FunctionRef }
  | { readonly k: 'module'; readonly path: string }
  | { readonly k: 'optimizer'; readonly opt: OptimizerValue }
  | { readonly k: 'sched'; readonly built: Built }
  | { readonly k: 'class'; readonly name: string; readonly base: string }
  | { readonly k: 'opaque'; readonly what: string }
  | { readonly k: 'fail'; readonly error: Located };

interface Located {
  readonly message: string;
  /** Offset in the prepared text; or an already mapped position. */
  readonly at: number;
  readonly position?: { line: number; column: number };
}

const opaque = (what: string): Value => ({ k: 'opaque', what });
const failed = (message: string, at: number): Value => ({ k: 'fail', error: { message, at } });

/** A failure of a statement we use: parsing stops and reports it. */
class Failure extends Error {
  constructor(readonly located: Located) {
    super(located.message);
  }
}

// ------------------------------------------------------------------------------------------------ sources

interface FunctionSource {
  /** Lines of generated prelude (constants, imports) before the function's own text. */
  readonly preludeLines: number;
  /** The function's own text (prepared), and where it starts in the prepared text. */
  readonly text: string;
  readonly from: number;
}

interface ArgSource {
  /** Keyword name, or the value of a positional argument. */
  readonly at: number;
  readonly items?: readonly number[];
  readonly children?: readonly (CallSource | undefined)[];
  readonly fn?: FunctionSource;
}

interface CallSource {
  /** Start of the call (its callee). */
  readonly at: number;
  /** The class name in the callee. */
  readonly nameAt: number;
  readonly args: Map<string, ArgSource>;
  optimizer?: CallSource;
}

interface Built {
  readonly framework: 'torch' | 'keras' | 'transformers';
  readonly name: string;
  readonly args: Record<string, unknown>;
  readonly source: CallSource;
  /** Torch: the optimizer argument; Keras callbacks: set after reading everything (the compiled optimizer). */
  optimizer: OptimizerValue | undefined;
  consumed: boolean;
  readonly isCallback: boolean;
  /** Where the code calls its step(): per optimizer step (in the batch loop) or per epoch, if seen. */
  steppedPer?: 'epoch' | 'step';
}

// ------------------------------------------------------------------------------------------------ bindings

interface Binding {
  readonly seq: number;
  /** Offset of the statement (for "assigned later" hints). */
  readonly at: number;
  value?: Value;
  thunk?: () => Value;
  busy?: boolean;
}

/** Deepest nesting of values evaluated here (the safe evaluator allows 200 levels inside one expression). */
const MAX_NESTING = 100;
const NUMERIC_BUILTINS = new Set(['abs', 'min', 'max', 'round', 'float', 'int', 'pow', 'bool']);
const TORCH_SCHEDULER_NAMES = Object.keys(TORCH_SCHEDULER_POSITIONAL);
const KERAS_NAMES: readonly string[] = [...KERAS_SCHEDULES, ...KERAS_CALLBACKS];
const ALL_SCHEDULER_NAMES = [...new Set([...TORCH_SCHEDULER_NAMES, ...KERAS_NAMES])];
/** Hugging Face transformers' schedule functions (and get_scheduler). */
const TRANSFORMERS_NAMES = Object.keys(TRANSFORMERS_POSITIONAL);
/** `get_scheduler(SchedulerType.COSINE, ...)`: the enum member, read as its value. */
const SCHEDULER_TYPE_MEMBER = /^transformers\.SchedulerType\.([A-Z][A-Z_]*)$/;
/** The variable a `len(loader)` is replaced with where the horizon supplies it (not a name users write). */
const HORIZON_LEN = 'len_from_the_horizon_';
const SCHEDULE_BASES = new Set([
  'torch.optim.lr_scheduler.LRScheduler',
  'torch.optim.lr_scheduler._LRScheduler',
  'keras.optimizers.schedules.LearningRateSchedule',
]);
/** What a Keras callback does to set the LR (`self.model.optimizer.learning_rate = ...`, `K.set_value(...lr, ...)`). */
const SETS_LR = /\.(?:learning_rate|lr)\s*=(?!=)|set_value\s*\(|\.(?:learning_rate|lr)\.assign\s*\(/;
/** Base classes of custom schedulers, by name (also when bound indirectly, e.g. through getattr). */
const SCHEDULE_BASE_NAMES = new Set(['LRScheduler', '_LRScheduler', 'LearningRateSchedule']);
/** Torch arguments checked with isinstance(x, int) / isinstance(x, float) by the constructors. */
const TORCH_INT_ARGS: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  OneCycleLR: {
    total_steps: 'Expected positive integer total_steps, but got',
    epochs: 'Expected positive integer epochs, but got',
    steps_per_epoch: 'Expected positive integer steps_per_epoch, but got',
  },
  SWALR: { anneal_epochs: 'anneal_epochs must be equal or greater than 0, got' },
  CosineAnnealingWarmRestarts: {
    T_0: 'Expected positive integer T_0, but got',
    T_mult: 'Expected integer T_mult >= 1, but got',
  },
};

type Target =
  | { k: 'torchScheduler'; name: string }
  | { k: 'kerasSchedule'; name: string }
  | { k: 'kerasCallback'; name: string }
  | { k: 'hfSchedule'; name: string }
  | { k: 'torchOptimizer'; name: string }
  | { k: 'kerasOptimizer'; name: string }
  | { k: 'compile' }
  | { k: 'fit' }
  | { k: 'step'; built: Built }
  | { k: 'numeric' }
  | { k: 'len' }
  | { k: 'class'; name: string }
  | { k: 'wrong'; message: string }
  | { k: 'other'; what: string };

interface Resolved {
  /** Canonical dotted path when the callee is a module member, e.g. 'torch.optim.lr_scheduler.StepLR'. */
  readonly path?: string;
  /** A bare name nothing binds. */
  readonly bare?: string;
  /** The value the first segment is bound to, and the attributes after it. */
  readonly object?: Value;
  readonly attrs: readonly string[];
  readonly last: Segment;
}

function kindOf(v: Value): string {
  switch (v.k) {
    case 'py':
      return typeof v.v === 'boolean' ? 'a bool' : v.v === null ? 'None' : 'a number';
    case 'str':
      return 'a string';
    case 'seq':
      return 'a list';
    case 'fn':
      return 'a function';
    case 'module':
      return `the module '${v.path}'`;
    case 'optimizer':
      return 'an optimizer';
    case 'sched':
      return `a ${v.built.name} scheduler`;
    case 'class':
      return `the class ${v.name}`;
    case 'opaque':
      return v.what;
    case 'fail':
      return 'an error';
  }
}

function pyRepr(v: PyValue): string | null {
  if (v === null) return 'None';
  switch (typeof v) {
    case 'boolean':
      return v ? 'True' : 'False';
    case 'bigint':
      return v.toString();
    case 'number':
      if (Number.isNaN(v)) return "float('nan')";
      if (!Number.isFinite(v)) return v > 0 ? "float('inf')" : "float('-inf')";
      return reprFloat(v);
    default:
      if (v instanceof NpFloat) return pyRepr(v.v);
      if (v instanceof NpInt) return v.v.toString();
      return null;
  }
}

function pyToJs(v: PyValue): unknown {
  if (typeof v === 'bigint') return Number(v);
  if (v instanceof NpFloat) return v.v;
  if (v instanceof NpInt) return Number(v.v);
  return v;
}

function isInt(v: PyValue): boolean {
  return typeof v === 'bigint' || typeof v === 'boolean' || v instanceof NpInt;
}

// ------------------------------------------------------------------------------------------------ the reader

class Reader {
  private readonly text: string;
  private readonly errors: number[] = [];
  private readonly bindings = new Map<string, Binding[]>();
  /** Where each name is assigned or defined anywhere in the paste (for "assigned later" hints). */
  private readonly assignedAt = new Map<string, number[]>();
  /** Offset of the statement being read. */
  private statementAt = 0;
  private seq = 0;
  private readonly built: Built[] = [];
  /** Schedulers whose step() the branch being read calls (for the SWA recipe's `if epoch > swa_start:`). */
  private stepLog: Built[] | undefined;
  /** PyTorch's SWA loop: `if epoch > swa_start: swa_scheduler.step()` / `else: scheduler.step()`. */
  private readonly recipes: { scheduler: Built; swa: Built; swaStart: number }[] = [];
  private readonly optimizers: OptimizerValue[] = [];
  private compiled: { value: Value; at: number } | undefined;
  private fitHorizon: { epochs?: number; stepsPerEpoch?: number } = {};
  private loopHorizon: { epochs?: number; stepsPerEpoch?: number } = {};
  private oneCycleHorizon: { epochs?: number; stepsPerEpoch?: number } = {};
  /** Inside a transformers schedule's arguments (> 0): `len(loader)` and an undefined `epochs` come from the horizon. */
  private lengthsFromHorizon = 0;
  /** The horizon values those arguments used. */
  private lenHorizon: { epochs?: number; stepsPerEpoch?: number } = {};
  /** Depth of `for epoch in range(...)` loops being read (0: none). */
  private epochLoopDepth = 0;
  /** How deep `evaluate` is nested. */
  private depth = 0;
  /** Loops (for / while) around the statement being read, innermost last: whether each is an epoch loop. */
  private readonly loops: boolean[] = [];
  private readonly flavor: { torch: boolean; keras: boolean };

  constructor(
    readonly snippet: Snippet,
    private readonly tree: Tree,
    private readonly horizon: { epochs: number; stepsPerEpoch: number } = { epochs: 50, stepsPerEpoch: 100 },
  ) {
    this.text = snippet.text;
    tree.iterate({
      enter: (ref) => {
        if (ref.type.isError) this.errors.push(ref.from);
      },
    });
    this.errors.sort((a, b) => a - b);
    tree.iterate({
      enter: (ref) => {
        if (ref.name !== 'AssignStatement' && ref.name !== 'FunctionDefinition') return;
        for (let c = ref.node.firstChild; c && c.name !== 'AssignOp' && c.name !== 'Body'; c = c.nextSibling) {
          if (c.name !== 'VariableName') continue;
          const name = snippet.text.slice(c.from, c.to);
          const list = this.assignedAt.get(name) ?? [];
          list.push(ref.from);
          this.assignedAt.set(name, list);
        }
      },
    });
    this.flavor = {
      torch: /\btorch\b/.test(this.text),
      keras: /\b(?:keras|tensorflow|tf_keras)\b|\btf\s*\./.test(this.text),
    };
  }

  private src(n: SyntaxNode): string {
    return this.text.slice(n.from, n.to);
  }

  // -------------------------------------------------------------------------------------------- errors

  /** The first repair or syntax error inside [from, to), as a Located, if any. */
  private brokenIn(from: number, to: number): Located | undefined {
    const problem = this.snippet.problemIn(from, to);
    let lo = 0;
    let hi = this.errors.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((this.errors[mid] as number) < from) lo = mid + 1;
      else hi = mid;
    }
    const error = this.errors[lo];
    const syntax = error !== undefined && error < to ? { message: 'SyntaxError: invalid syntax', at: error } : undefined;
    if (problem && (!syntax || problem.at <= syntax.at)) return problem;
    return syntax;
  }

  private checkIntact(from: number, to: number): void {
    const broken = this.brokenIn(from, to);
    if (broken) throw new Failure(broken);
  }

  /** The end of the line a statement ends on (a stray `)` after it belongs to it). */
  private lineEnd(to: number): number {
    const nl = this.text.indexOf('\n', to);
    return nl < 0 ? this.text.length : nl;
  }

  // -------------------------------------------------------------------------------------------- bindings

  private bind(name: string, at: number, value: Value | (() => Value)): void {
    const b: Binding = typeof value === 'function' ? { seq: this.seq, at, thunk: value } : { seq: this.seq, at, value };
    const list = this.bindings.get(name);
    if (list) list.push(b);
    else this.bindings.set(name, [b]);
  }

  /** The binding of `name` visible at statement `seq` (the last one made before it). */
  private lookup(name: string, seq: number): Binding | undefined {
    const list = this.bindings.get(name);
    if (!list) return undefined;
    for (let i = list.length - 1; i >= 0; i--) {
      const b = list[i] as Binding;
      if (b.seq < seq) return b;
    }
    return undefined;
  }

  private valueOf(b: Binding): Value {
    if (b.value) return b.value;
    if (b.busy) return failed('Not supported: a value defined in terms of itself', b.at);
    b.busy = true;
    try {
      b.value = b.thunk ? b.thunk() : opaque('a value');
    } catch (e) {
      if (e instanceof Failure) b.value = { k: 'fail', error: e.located };
      else throw e;
    } finally {
      b.busy = false;
    }
    return b.value;
  }

  private nameValue(name: string, at: number, seq: number): Value {
    const b = this.lookup(name, seq);
    if (b) return this.valueOf(b);
    const module = DEFAULT_MODULES.get(name);
    if (module) return { k: 'module', path: module };
    return failed(this.notDefined(name, seq), at);
  }

  private notDefined(name: string, seq: number): string {
    const later = this.bindings.get(name)?.find((b) => b.seq >= seq)?.at ?? this.assignedAt.get(name)?.find((at) => at > this.statementAt);
    if (later !== undefined)
      return `NameError: name '${name}' is not defined (it is assigned later, on line ${this.snippet.position(later).line})`;
    return `NameError: name '${name}' is not defined`;
  }

  // -------------------------------------------------------------------------------------------- statements

  read(): void {
    this.block(kids(this.tree.topNode));
  }

  private block(list: readonly SyntaxNode[]): void {
    for (const st of list) {
      if (st.name === 'StatementGroup') this.block(kids(st).filter((c) => c.name !== ';'));
      else this.statement(st);
    }
  }

  private bodies(st: SyntaxNode): void {
    for (const c of kids(st)) if (c.name === 'Body') this.block(kids(c).filter((b) => b.name !== ':'));
  }

  private statement(st: SyntaxNode): void {
    this.seq++;
    this.statementAt = st.from;
    switch (st.name) {
      case 'ImportStatement':
        if (!this.brokenIn(st.from, st.to)) this.importStatement(st);
        return;
      case 'AssignStatement':
        this.assign(st);
        return;
      case 'UpdateStatement':
        this.update(st);
        return;
      case 'ExpressionStatement':
      case 'ReturnStatement': {
        const values = kids(st).filter((c) => c.name !== 'return' && c.name !== ',');
        if (values.some((v) => this.interesting(v))) {
          this.checkIntact(st.from, this.lineEnd(st.to));
          for (const v of values) {
            const value = this.evaluate(v, this.seq);
            if (value.k === 'fail' && this.interesting(v, true)) throw new Failure(value.error);
          }
        }
        return;
      }
      case 'FunctionDefinition':
        this.functionDefinition(st);
        return;
      case 'DecoratedStatement': {
        const inner = kids(st).find((c) => c.name === 'FunctionDefinition' || c.name === 'ClassDefinition');
        if (inner) {
          this.seq--;
          this.statement(inner);
        }
        return;
      }
      case 'ClassDefinition':
        this.classDefinition(st);
        return;
      case 'ForStatement':
        this.forStatement(st);
        return;
      case 'WithStatement': {
        const ks = kids(st);
        for (let i = 0; i < ks.length; i++) {
          if (ks[i]?.name === 'as' && ks[i + 1]?.name === 'VariableName') {
            const v = ks[i + 1] as SyntaxNode;
            this.bind(this.src(v), v.from, opaque('a context manager'));
          }
        }
        this.bodies(st);
        return;
      }
      case 'WhileStatement':
        this.loops.push(false);
        try {
          this.bodies(st);
        } finally {
          this.loops.pop();
        }
        return;
      case 'IfStatement':
        if (!this.swaRecipeBranch(st)) this.bodies(st);
        return;
      case 'TryStatement':
        this.bodies(st);
        return;
      default:
        return;
    }
  }

  private importStatement(st: SyntaxNode): void {
    const ks = kids(st);
    const dotted = (nodes: readonly SyntaxNode[]): string =>
      nodes
        .filter((n) => n.name === 'VariableName' || n.name === '.')
        .map((n) => this.src(n))
        .join('');
    if (ks[0]?.name === 'import') {
      for (const group of splitBy(ks.slice(1), ',')) {
        const asAt = group.findIndex((n) => n.name === 'as');
        const path = dotted(asAt < 0 ? group : group.slice(0, asAt));
        if (!path) continue;
        if (asAt >= 0) {
          const alias = group[asAt + 1];
          if (alias) this.bind(this.src(alias), st.from, { k: 'module', path: canonical(path) });
        } else {
          const first = path.split('.')[0] as string;
          this.bind(first, st.from, { k: 'module', path: canonical(first) });
        }
      }
      return;
    }
    const importAt = ks.findIndex((n) => n.name === 'import');
    if (importAt < 0) return;
    const module = dotted(ks.slice(1, importAt));
    if (!module || module.startsWith('.')) return;
    const rest = ks.slice(importAt + 1).filter((n) => n.name !== '(' && n.name !== ')');
    if (rest.length === 1 && rest[0]?.name === '*') {
      this.bind(`*${module}`, st.from, { k: 'module', path: canonical(module) });
      return;
    }
    for (const group of splitBy(rest, ',')) {
      const first = group[0];
      if (!first) continue;
      const alias = group[1]?.name === 'as' ? group[2] : first;
      if (alias) this.bind(this.src(alias), st.from, { k: 'module', path: canonical(`${module}.${this.src(first)}`) });
    }
  }

  private assignTargets(st: SyntaxNode): { targets: SyntaxNode[][]; value: SyntaxNode | undefined } {
    const segments = splitBy(
      kids(st).filter((n) => n.name !== 'TypeDef'),
      'AssignOp',
    );
    const valueSeg = segments[segments.length - 1] ?? [];
    return { targets: segments.slice(0, -1), value: valueSeg.length === 1 ? valueSeg[0] : undefined };
  }

  private assign(st: SyntaxNode): void {
    const { targets, value } = this.assignTargets(st);
    const names: SyntaxNode[] = [];
    for (const t of targets) for (const n of t) if (n.name === 'VariableName') names.push(n);
    const simple = targets.every((t) => t.length === 1 && t[0]?.name === 'VariableName');
    const seq = this.seq;
    if (!value) {
      for (const n of names) this.bind(this.src(n), st.from, failed('Not supported: this assignment (a tuple on the right)', st.from));
      return;
    }
    if (this.interesting(value)) {
      this.checkIntact(st.from, this.lineEnd(st.to));
      const v = this.evaluate(value, seq);
      if (v.k === 'fail' && this.interesting(value, true)) throw new Failure(v.error);
      for (const n of names) this.bind(this.src(n), st.from, simple ? v : opaque('an unpacked value'));
      return;
    }
    if (value.name === 'LambdaExpression' && simple) {
      const broken = this.brokenIn(st.from, this.lineEnd(st.to));
      for (const n of names)
        this.bind(this.src(n), st.from, broken ? { k: 'fail', error: broken } : { k: 'fn', fn: { node: value, name: this.src(n) } });
      return;
    }
    const thunk = (): Value => {
      const broken = this.brokenIn(st.from, this.lineEnd(st.to));
      if (broken) return { k: 'fail', error: broken };
      return this.evaluate(value, seq);
    };
    for (const n of names) this.bind(this.src(n), st.from, simple ? thunk : () => opaque('an unpacked value'));
  }

  private update(st: SyntaxNode): void {
    const ks = kids(st);
    const target = ks[0];
    const op = ks.find((n) => n.name === 'UpdateOp');
    const value = ks[ks.length - 1];
    if (target?.name !== 'VariableName' || !op || !value || ks.length !== 3) return;
    const name = this.src(target);
    const seq = this.seq;
    const operator = this.src(op).slice(0, -1);
    this.bind(name, st.from, () => {
      const broken = this.brokenIn(st.from, st.to);
      if (broken) return { k: 'fail', error: broken };
      const previous = this.nameValue(name, target.from, seq);
      if (previous.k === 'fail') return previous;
      if (previous.k !== 'py') return failed(`Not supported: '${operator}=' on ${kindOf(previous)}`, st.from);
      const right = this.evaluate(value, seq);
      if (right.k === 'fail') return right;
      if (right.k !== 'py') return failed(`Not supported: '${operator}=' with ${kindOf(right)}`, value.from);
      const vars = new Map<string, PyValue>([
        ['a', previous.v],
        ['b', right.v],
      ]);
      const r = evaluateToPython(`a ${operator} b`, vars);
      return r.ok ? { k: 'py', v: r.value } : failed(r.error.message, st.from);
    });
  }

  private functionDefinition(st: SyntaxNode): void {
    const ks = kids(st);
    const nameNode = ks.find((n) => n.name === 'VariableName');
    if (!nameNode) return;
    const name = this.src(nameNode);
    const broken = this.brokenIn(st.from, st.to);
    this.bind(name, st.from, broken ? { k: 'fail', error: broken } : { k: 'fn', fn: { node: st, name } });
    // A function that builds an optimizer or scheduler (main(), configure_optimizers()) is read like top-level
    // code; its parameters are unknown values.
    const body = ks.find((n) => n.name === 'Body');
    if (!body || !this.buildsSomething(body)) return;
    const params = ks.find((n) => n.name === 'ParamList');
    if (params) {
      for (const p of kids(params)) if (p.name === 'VariableName') this.bind(this.src(p), p.from, opaque(`the parameter '${this.src(p)}'`));
    }
    this.block(kids(body).filter((b) => b.name !== ':'));
  }

  private classDefinition(st: SyntaxNode): void {
    const ks = kids(st);
    const nameNode = ks.find((n) => n.name === 'VariableName');
    const argList = ks.find((n) => n.name === 'ArgList');
    if (nameNode) {
      let base = '';
      if (argList) {
        for (const b of kids(argList)) {
          const segments = dottedName(b, this.text);
          if (!segments) continue;
          const r = this.resolve(segments, this.seq);
          const last = segments[segments.length - 1]?.name ?? '';
          if ((r.path && SCHEDULE_BASES.has(r.path)) || SCHEDULE_BASE_NAMES.has(last)) base = r.path ?? last;
          // A Keras callback is a scheduler only if it sets the optimizer's LR (a callback printing it is not).
          if ((r.path === 'keras.callbacks.Callback' || last === 'Callback') && SETS_LR.test(this.src(st)))
            base = 'keras.callbacks.Callback';
        }
      }
      this.bind(
        this.src(nameNode),
        st.from,
        base ? { k: 'class', name: this.src(nameNode), base } : opaque(`the class ${this.src(nameNode)}`),
      );
    }
    const body = ks.find((n) => n.name === 'Body');
    if (body && this.buildsSomething(body)) this.block(kids(body).filter((b) => b.name !== ':'));
  }

  private forStatement(st: SyntaxNode): void {
    const ks = kids(st);
    const inAt = ks.findIndex((n) => n.name === 'in');
    const body = ks.find((n) => n.name === 'Body');
    const targets = ks.slice(1, Math.max(1, inAt)).filter((n) => n.name === 'VariableName');
    for (const t of targets) this.bind(this.src(t), t.from, opaque('a loop variable'));
    const iterable = ks[inAt + 1];
    let count: number | undefined;
    if (iterable && body && !this.brokenIn(st.from, body.from)) count = this.rangeCount(iterable, this.seq + 1);
    const isEpochLoop = this.epochLoopDepth === 0 && count !== undefined && targets.some((t) => /epoch/i.test(this.src(t)));
    if (isEpochLoop && count !== undefined) this.loopHorizon.epochs ??= count;
    else if (this.epochLoopDepth > 0 && count !== undefined && this.loopHorizon.stepsPerEpoch === undefined) {
      this.loopHorizon.stepsPerEpoch = count;
    }
    if (isEpochLoop) this.epochLoopDepth++;
    this.loops.push(isEpochLoop || targets.some((t) => /epoch/i.test(this.src(t))));
    try {
      this.bodies(st);
    } finally {
      if (isEpochLoop) this.epochLoopDepth--;
      this.loops.pop();
    }
  }

  /** The number of iterations of `range(...)`, when its arguments evaluate to ints. */
  private rangeCount(n: SyntaxNode, seq: number): number | undefined {
    if (n.name !== 'CallExpression') return undefined;
    const [callee, argList] = kids(n);
    if (!callee || !argList) return undefined;
    const name = dottedName(callee, this.text)
      ?.map((s) => s.name)
      .join('.');
    const args = callArguments(argList, this.text);
    // tqdm(range(n)) and trange(n) are progress bars around range(n).
    if ((name === 'tqdm' || name === 'tqdm.tqdm' || name === 'tqdm.auto.tqdm') && args.positional[0])
      return this.rangeCount(args.positional[0], seq);
    if (name !== 'range' && name !== 'trange' && name !== 'tqdm.trange') return undefined;
    if (name === 'range' && this.lookup('range', seq)) return undefined;
    if (args.keywords.length > 0 || args.starred || args.positional.length < 1 || args.positional.length > 3) return undefined;
    const values: bigint[] = [];
    for (const p of args.positional) {
      const v = this.evaluate(p, seq);
      if (v.k !== 'py' || typeof v.v !== 'bigint') return undefined;
      values.push(v.v);
    }
    const [start, stop, step] =
      values.length === 1 ? [0n, values[0] as bigint, 1n] : [values[0] as bigint, values[1] as bigint, values[2] ?? 1n];
    if (step <= 0n || stop <= start) return undefined;
    const count = Number((stop - start + step - 1n) / step);
    return count > 0 && Number.isSafeInteger(count) ? count : undefined;
  }

  // -------------------------------------------------------------------------------------------- callees

  private resolve(segments: readonly Segment[], seq: number): Resolved {
    const first = segments[0] as Segment;
    const last = segments[segments.length - 1] as Segment;
    const attrs = segments.slice(1).map((s) => s.name);
    const binding = this.lookup(first.name, seq);
    if (binding) {
      const v = this.valueOf(binding);
      if (v.k === 'module') return { path: canonical([v.path, ...attrs].join('.')), attrs, last };
      return { object: v, attrs, last };
    }
    if (attrs.length === 0) {
      // `from torch.optim.lr_scheduler import *`
      for (const [key, list] of this.bindings) {
        if (!key.startsWith('*')) continue;
        const b = list.find((x) => x.seq < seq);
        const v = b ? this.valueOf(b) : undefined;
        if (v?.k !== 'module') continue;
        const path = canonical(`${v.path}.${first.name}`);
        if (this.knownPath(path)) return { path, attrs, last };
      }
    }
    const module = DEFAULT_MODULES.get(first.name);
    if (module && attrs.length > 0) return { path: canonical([module, ...attrs].join('.')), attrs, last };
    return attrs.length === 0
      ? { bare: first.name, attrs, last }
      : { object: failed(this.notDefined(first.name, seq), first.at), attrs, last };
  }

  private knownPath(path: string): boolean {
    const target = this.pathTarget(path);
    return target.k !== 'other';
  }

  /** What a canonical module path names. */
  private pathTarget(path: string): Target {
    const dot = path.lastIndexOf('.');
    const module = path.slice(0, dot);
    const name = path.slice(dot + 1);
    if (module === 'torch.optim.lr_scheduler') {
      if (name === 'LRScheduler' || name === '_LRScheduler' || name === 'SWARecipe') return { k: 'other', what: path };
      if (name === 'SWALR') {
        return {
          k: 'wrong',
          message: "AttributeError: module 'torch.optim.lr_scheduler' has no attribute 'SWALR' (it is torch.optim.swa_utils.SWALR)",
        };
      }
      return { k: 'torchScheduler', name };
    }
    if (module === 'torch.optim.swa_utils') {
      return name === 'SWALR' ? { k: 'torchScheduler', name } : { k: 'other', what: path };
    }
    if (module === 'torch.optim') {
      if (TORCH_OPTIMIZERS.has(name)) return { k: 'torchOptimizer', name };
      if (TORCH_SCHEDULER_NAMES.includes(name)) {
        return {
          k: 'wrong',
          message: `AttributeError: module 'torch.optim' has no attribute '${name}' (it is torch.optim.lr_scheduler.${name})`,
        };
      }
      if (closest(name, [...TORCH_OPTIMIZERS.keys()]) && name !== 'Optimizer') return { k: 'torchOptimizer', name };
      return { k: 'other', what: path };
    }
    if (module === 'keras.optimizers.schedules') {
      if (name === 'LearningRateSchedule' || name === 'serialize' || name === 'deserialize') return { k: 'other', what: path };
      return { k: 'kerasSchedule', name };
    }
    if (module === 'keras.optimizers') {
      if (KERAS_OPTIMIZERS.has(name)) return { k: 'kerasOptimizer', name };
      if ((KERAS_SCHEDULES as readonly string[]).includes(name)) {
        return {
          k: 'wrong',
          message: `AttributeError: module 'keras.optimizers' has no attribute '${name}' (it is keras.optimizers.schedules.${name})`,
        };
      }
      if (closest(name, [...KERAS_OPTIMIZERS.keys()]) && name !== 'Optimizer') return { k: 'kerasOptimizer', name };
      return { k: 'other', what: path };
    }
    if (module === 'keras.callbacks') {
      if ((KERAS_CALLBACKS as readonly string[]).includes(name)) return { k: 'kerasCallback', name };
      const guess = closest(name, KERAS_CALLBACKS);
      if (guess && name !== 'Callback') return { k: 'kerasCallback', name };
      return { k: 'other', what: path };
    }
    if (module === 'transformers') {
      if (TRANSFORMERS_NAMES.includes(name)) return { k: 'hfSchedule', name };
      // transformers.AdamW (removed in transformers 5) was torch's AdamW as far as the LR goes.
      if (TORCH_OPTIMIZERS.has(name)) return { k: 'torchOptimizer', name };
      if (/^get_\w*schedul/.test(name) && closest(name, TRANSFORMERS_NAMES)) return { k: 'hfSchedule', name };
      return { k: 'other', what: path };
    }
    if (module === 'math' || module === 'numpy') return { k: 'numeric' };
    return { k: 'other', what: path };
  }

  /** Whether an (unevaluated) call's first argument or keywords look like a torch scheduler's or optimizer's. */
  private looksTorch(args: CallArguments | undefined, seq: number): boolean {
    if (!args) return this.flavor.torch || !this.flavor.keras;
    if (this.flavor.torch && !this.flavor.keras) return true;
    if (this.flavor.keras && !this.flavor.torch) return false;
    if (
      args.keywords.some(
        (k) => k.name === 'optimizer' || k.name === 'lr' || k.name === 'params' || k.name === 'threshold_mode' || k.name === 'eps',
      )
    ) {
      return true;
    }
    if (args.keywords.some((k) => k.name === 'learning_rate' || k.name === 'monitor' || k.name === 'min_delta')) return false;
    const first = args.positional[0];
    if (!first) return false;
    if (first.name === 'String' || first.name === 'Number') return false;
    if (first.name === 'VariableName') {
      const b = this.lookup(this.src(first), seq);
      const v = b ? this.valueOf(b) : undefined;
      if (v?.k === 'optimizer') return v.opt.framework === 'torch';
      if (v?.k === 'sched' || v?.k === 'py') return false;
    }
    return true;
  }

  private target(callee: SyntaxNode, args: CallArguments | undefined, seq: number): Target {
    const segments = dottedName(callee, this.text);
    if (!segments) return { k: 'other', what: `a call to ${this.excerpt(callee)}` };
    const r = this.resolve(segments, seq);
    if (r.path) return this.pathTarget(r.path);
    if (r.object) {
      const method = r.attrs[r.attrs.length - 1];
      const v = r.object;
      if (r.attrs.length === 0) {
        if (v.k === 'class') return { k: 'class', name: v.name };
        return { k: 'other', what: `a call to ${this.excerpt(callee)}` };
      }
      if (method === 'step' && r.attrs.length === 1 && v.k === 'sched') return { k: 'step', built: v.built };
      if (method === 'compile' && v.k !== 'module' && v.k !== 'py') return { k: 'compile' };
      if (method === 'fit' && v.k !== 'module' && v.k !== 'py') return { k: 'fit' };
      return { k: 'other', what: `a call to ${this.excerpt(callee)}` };
    }
    const name = r.bare as string;
    if (NUMERIC_BUILTINS.has(name)) return { k: 'numeric' };
    if (name === 'len') return { k: 'len' };
    const isTorch = TORCH_SCHEDULER_NAMES.includes(name);
    const isKeras = KERAS_NAMES.includes(name);
    if (isTorch && isKeras) return this.looksTorch(args, seq) ? { k: 'torchScheduler', name } : { k: 'kerasCallback', name };
    if (isTorch) return { k: 'torchScheduler', name };
    if ((KERAS_SCHEDULES as readonly string[]).includes(name)) return { k: 'kerasSchedule', name };
    if (isKeras) return { k: 'kerasCallback', name };
    if (TRANSFORMERS_NAMES.includes(name)) return { k: 'hfSchedule', name };
    if (/^get_\w*schedul/.test(name) && closest(name, TRANSFORMERS_NAMES) && args?.positional[0]) return { k: 'hfSchedule', name };
    const torchOpt = TORCH_OPTIMIZERS.has(name);
    const kerasOpt = KERAS_OPTIMIZERS.has(name);
    if (torchOpt || kerasOpt) {
      if (torchOpt && kerasOpt) return this.looksTorch(args, seq) ? { k: 'torchOptimizer', name } : { k: 'kerasOptimizer', name };
      return torchOpt ? { k: 'torchOptimizer', name } : { k: 'kerasOptimizer', name };
    }
    // A misspelt scheduler called like one: StepLRR(optimizer, ...), ExponentialDecayy(initial_learning_rate=...).
    const guess = closest(name, ALL_SCHEDULER_NAMES);
    if (guess && args && this.calledLike(guess, args, seq)) {
      if (TORCH_SCHEDULER_NAMES.includes(guess) && (!KERAS_NAMES.includes(guess) || this.looksTorch(args, seq))) {
        return { k: 'torchScheduler', name };
      }
      return (KERAS_SCHEDULES as readonly string[]).includes(guess) ? { k: 'kerasSchedule', name } : { k: 'kerasCallback', name };
    }
    return { k: 'other', what: `a call to ${name}()` };
  }

  /** Whether a call to an unknown name passes what `family` takes (its optimizer first, or its keywords). */
  private calledLike(family: string, args: CallArguments, seq: number): boolean {
    const params = [...(own(TORCH_SCHEDULER_POSITIONAL, family) ?? []), ...(own(KERAS_POSITIONAL, family) ?? [])];
    if (args.keywords.some((k) => params.includes(k.name) && k.name !== 'name' && k.name !== 'verbose')) return true;
    const first = args.positional[0];
    if (first?.name === 'VariableName') {
      const b = this.lookup(this.src(first), seq);
      const v = b ? this.valueOf(b) : undefined;
      return v?.k === 'optimizer' || /opt/i.test(this.src(first));
    }
    return false;
  }

  /**
   * Whether evaluating `n` builds something we read (a scheduler, an optimizer, compile/fit, a misspelt
   * scheduler). With `strict`, only calls whose failure must be reported (not numeric helpers).
   */
  private interesting(n: SyntaxNode, strict = false): boolean {
    let found = false;
    walk(n, (m) => {
      if (found) return false;
      if (m.name === 'LambdaExpression') return false;
      if (m.name !== 'CallExpression') return undefined;
      const [callee, argList] = kids(m);
      if (!callee) return undefined;
      const args = argList ? callArguments(argList, this.text) : undefined;
      const t = this.target(callee, args, this.seq);
      if (t.k !== 'other' && t.k !== 'numeric' && t.k !== 'len' && (!strict || t.k !== 'step')) found = true;
      return undefined;
    });
    return found;
  }

  /** Whether a body (of a def or class) builds an optimizer or a scheduler, judged by the callees' names. */
  private buildsSomething(body: SyntaxNode): boolean {
    let found = false;
    walk(body, (m) => {
      if (found) return false;
      if (m.name !== 'CallExpression') return undefined;
      const callee = m.firstChild;
      const segments = callee ? dottedName(callee, this.text) : null;
      const last = segments?.[segments.length - 1]?.name;
      if (
        last &&
        (ALL_SCHEDULER_NAMES.includes(last) ||
          TRANSFORMERS_NAMES.includes(last) ||
          TORCH_OPTIMIZERS.has(last) ||
          KERAS_OPTIMIZERS.has(last) ||
          last === 'compile' ||
          last === 'fit')
      ) {
        found = true;
      }
      return undefined;
    });
    return found;
  }

  private excerpt(n: SyntaxNode): string {
    const s = this.src(n).replace(/\s+/g, ' ');
    return s.length > 40 ? `${s.slice(0, 40)}…` : s;
  }

  // -------------------------------------------------------------------------------------------- expressions

  evaluate(n: SyntaxNode, seq: number): Value {
    // Lists in lists in parentheses...: bounded like the safe evaluator bounds expressions (and the JS stack).
    if (this.depth >= MAX_NESTING) return failed(`Not supported: values nested more than ${MAX_NESTING} levels deep`, n.from);
    this.depth++;
    try {
      return this.evaluateNode(n, seq);
    } finally {
      this.depth--;
    }
  }

  private evaluateNode(n: SyntaxNode, seq: number): Value {
    switch (n.name) {
      case 'Boolean':
        return { k: 'py', v: this.src(n) === 'True' };
      case 'None':
        return { k: 'py', v: null };
      case 'String': {
        const s = stringValue(this.src(n));
        return s === null ? opaque('a string this reader does not decode') : { k: 'str', v: s };
      }
      case 'ContinuedString': {
        let out = '';
        for (const part of kids(n)) {
          const s = part.name === 'String' ? stringValue(this.src(part)) : null;
          if (s === null) return opaque('an f-string');
          out += s;
        }
        return { k: 'str', v: out };
      }
      case 'FormatString':
        return opaque('an f-string');
      case 'VariableName':
        return this.nameValue(this.src(n), n.from, seq);
      case 'ParenthesizedExpression': {
        const inner = kids(n).filter((c) => c.name !== '(' && c.name !== ')');
        if (inner.length === 1) return this.evaluate(inner[0] as SyntaxNode, seq);
        return opaque('a parenthesized expression');
      }
      case 'ArrayExpression':
      case 'TupleExpression': {
        const items = elements(n);
        if (!items) return failed('Not supported: list comprehensions (write the list out)', n.from);
        return { k: 'seq', items: items.map((i) => this.evaluate(i, seq)), at: items.map((i) => i.from) };
      }
      case 'DictionaryExpression':
        for (const c of kids(n)) if (this.interesting(c)) this.evaluate(c, seq);
        return opaque('a dict');
      case 'LambdaExpression':
        return { k: 'fn', fn: { node: n, name: '<lambda>' } };
      case 'CallExpression':
        return this.call(n, seq);
      case 'MemberExpression': {
        const segments = dottedName(n, this.text);
        if (!segments) return failed(`Not supported: ${this.excerpt(n)} (the playground cannot know this value; write a number)`, n.from);
        const r = this.resolve(segments, seq);
        if (r.path && (r.path.startsWith('math.') || r.path.startsWith('numpy.'))) return this.numeric(n, seq);
        if (r.path) return { k: 'module', path: r.path };
        if (r.object?.k === 'fail') return r.object;
        return failed(`Not supported: ${this.excerpt(n)} (the playground cannot know this value; write a number)`, n.from);
      }
      case 'Number': {
        // Plain decimal literals directly (a long list of numbers need not go through the evaluator one by one).
        const text = this.src(n);
        if (/^(?:0|[1-9][0-9]{0,14})$/.test(text)) return { k: 'py', v: BigInt(text) };
        if (/^[0-9]{1,15}\.[0-9]{0,15}(?:[eE][+-]?[0-9]{1,3})?$/.test(text)) return { k: 'py', v: Number(text) };
        return this.numeric(n, seq);
      }
      case 'UnaryExpression':
      case 'BinaryExpression':
      case 'ConditionalExpression':
        return this.numeric(n, seq);
      default:
        return opaque(`${this.excerpt(n)}`);
    }
  }

  /** A numeric expression, by the safe evaluator, with the numbers bound above as its variables. */
  private numeric(n: SyntaxNode, seq: number): Value {
    const vars = new Map<string, PyValue>();
    /** `len(...)` calls the horizon supplies, replaced by HORIZON_LEN in the evaluated text. */
    const lengths: { from: number; to: number }[] = [];
    let problem: Value | undefined;
    walk(n, (m) => {
      if (problem) return false;
      if (m.name === 'CallExpression') {
        const [callee] = kids(m);
        if (callee?.name === 'VariableName' && this.src(callee) === 'len' && !this.lookup('len', seq) && this.lengthsFromHorizon > 0) {
          lengths.push({ from: m.from, to: m.to });
          const spe = this.fitHorizon.stepsPerEpoch ?? this.loopHorizon.stepsPerEpoch ?? this.horizon.stepsPerEpoch;
          this.lenHorizon.stepsPerEpoch ??= spe;
          vars.set(HORIZON_LEN, BigInt(this.lenHorizon.stepsPerEpoch));
          return false;
        }
        if (callee?.name === 'VariableName' && this.src(callee) === 'len' && !this.lookup('len', seq)) {
          problem = failed(
            `Not supported: ${this.excerpt(m)}: the playground cannot know this length; write the number (e.g. steps_per_epoch=100)`,
            m.from,
          );
          return false;
        }
      }
      if (m.name === 'ArgList') {
        // keyword names in calls are not variables
        const ks = kids(m);
        for (let i = 0; i < ks.length; i++) if (ks[i + 1]?.name === 'AssignOp') i++;
      }
      if (m.name !== 'VariableName') return undefined;
      if (m.parent?.name === 'ArgList' && m.nextSibling?.name === 'AssignOp') return undefined;
      const name = this.src(m);
      if (vars.has(name)) return undefined;
      const b = this.lookup(name, seq);
      if (!b) {
        if (DEFAULT_MODULES.has(name) || NUMERIC_BUILTINS.has(name)) return undefined;
        if (this.lengthsFromHorizon > 0 && /epoch/i.test(name) && !this.assignedAt.has(name)) {
          this.lenHorizon.epochs ??= this.fitHorizon.epochs ?? this.loopHorizon.epochs ?? this.horizon.epochs;
          vars.set(name, BigInt(this.lenHorizon.epochs));
          return undefined;
        }
        problem = failed(this.notDefined(name, seq), m.from);
        return false;
      }
      const v = this.valueOf(b);
      if (v.k === 'py') vars.set(name, v.v);
      else if (v.k === 'module' && (v.path === name || (v.path === 'numpy' && name === 'np'))) return undefined;
      else if (v.k === 'fail') problem = v;
      else problem = failed(`TypeError: '${name}' is ${kindOf(v)} here, where a number is expected`, m.from);
      return undefined;
    });
    if (problem) return problem;
    let slice = this.src(n);
    for (const r of [...lengths].sort((a, b) => b.from - a.from))
      slice = `${slice.slice(0, r.from - n.from)}${HORIZON_LEN}${slice.slice(r.to - n.from)}`;
    const r = evaluateToPython(`(${slice})`, vars);
    if (r.ok) return { k: 'py', v: r.value };
    const at =
      r.error.line !== undefined && r.error.column !== undefined
        ? n.from + Math.max(0, offsetOf(`(${slice})`, r.error.line, r.error.column) - 1)
        : n.from;
    return failed(r.error.message, Math.min(at, n.to));
  }

  private call(n: SyntaxNode, seq: number): Value {
    const [callee, argList] = kids(n);
    if (!callee || !argList) return opaque('a call');
    const args = callArguments(argList, this.text);
    const t = this.target(callee, args, seq);
    switch (t.k) {
      case 'numeric':
      case 'len':
        return this.numeric(n, seq);
      case 'torchScheduler':
        return this.torchScheduler(n, callee, t.name, args, seq);
      case 'hfSchedule':
        return this.hfSchedule(n, callee, t.name, args, seq);
      case 'kerasSchedule':
      case 'kerasCallback':
        return this.kerasSchedule(n, callee, t.name, args, seq, t.k === 'kerasCallback');
      case 'torchOptimizer':
      case 'kerasOptimizer':
        return this.optimizer(n, callee, t.k === 'torchOptimizer' ? 'torch' : 'keras', t.name, args, seq);
      case 'compile':
        return this.compile(args, seq);
      case 'fit':
        return this.fit(args, seq);
      case 'step':
        return this.step(n, t.built, args);
      case 'class':
        throw new Failure({
          message: `Not supported: the custom scheduler class ${t.name} (the playground runs the frameworks' own schedulers, and Python functions through LambdaLR or LearningRateScheduler)`,
          at: n.from,
        });
      case 'wrong':
        throw new Failure({ message: t.message, at: callee.from });
      case 'other':
        for (const a of [...args.positional, ...args.keywords.map((k) => k.value)]) if (this.interesting(a)) this.evaluate(a, seq);
        return opaque(t.what);
    }
  }

  // -------------------------------------------------------------------------------------------- constructors

  /** Binds a call's arguments to parameter names the way Python does (positional first, then keywords). */
  private bindArguments(
    label: string,
    positionalNames: readonly string[],
    required: number,
    args: CallArguments,
  ): Map<string, { value: SyntaxNode; at: number }> {
    if (args.starred) throw new Failure({ message: `Not supported: *args and **kwargs in a call to ${label}`, at: args.starred.from });
    if (args.generator) throw new Failure({ message: 'Not supported: a generator expression as an argument', at: args.generator.from });
    if (args.positional.length > positionalNames.length) {
      const extra = args.positional[positionalNames.length] as SyntaxNode;
      const takes = required === positionalNames.length ? `${required + 1}` : `from ${required + 1} to ${positionalNames.length + 1}`;
      throw new Failure({
        message: `TypeError: ${label}.__init__() takes ${takes} positional arguments but ${args.positional.length + 1} were given`,
        at: extra.from,
      });
    }
    const bound = new Map<string, { value: SyntaxNode; at: number }>();
    args.positional.forEach((value, i) => {
      bound.set(positionalNames[i] as string, { value, at: value.from });
    });
    for (const k of args.keywords) {
      if (bound.has(k.name)) {
        throw new Failure({ message: `TypeError: ${label}.__init__() got multiple values for argument '${k.name}'`, at: k.nameNode.from });
      }
      bound.set(k.name, { value: k.value, at: k.nameNode.from });
    }
    return bound;
  }

  private nameAt(callee: SyntaxNode): number {
    const segments = dottedName(callee, this.text);
    return segments ? (segments[segments.length - 1] as Segment).at : callee.from;
  }

  private requiredCount(framework: 'torch' | 'keras', name: string, positional: readonly string[]): number {
    const spec = findFamily(framework, name);
    let count = 0;
    for (const p of positional) {
      if (p === OPTIMIZER && name !== 'ChainedScheduler') count++;
      else if (spec?.params.find((s) => s.name === p)?.required) count++;
      else break;
    }
    return count;
  }

  /** An unknown class name: the engine's own message ("Unknown PyTorch scheduler 'StepLRR'. Did you mean ..."). */
  private unknownName(framework: 'torch' | 'keras' | 'transformers', name: string, callee: SyntaxNode): Failure {
    const made = fromFramework({ framework, name, args: {} });
    const message = made.ok ? `Unknown scheduler '${name}'` : made.error.message;
    return new Failure({ message, at: this.nameAt(callee) });
  }

  /**
   * The optimizer a torch scheduler or a transformers schedule function is given: a torch.optim optimizer, or
   * undefined (its defaults) for a name nothing binds or `self.optimizer`; anything else is an error.
   */
  private torchOptimizerArgument(
    name: string,
    optArg: { value: SyntaxNode; at: number },
    seq: number,
    source: CallSource,
    what: string,
  ): OptimizerValue | undefined {
    const v = this.evaluate(optArg.value, seq);
    if (v.k === 'optimizer') {
      if (v.opt.framework !== 'torch') {
        throw new Failure({ message: `${name}: the optimizer must be a torch.optim optimizer, got a Keras optimizer`, at: optArg.at });
      }
      source.optimizer = v.opt.source;
      return v.opt;
    }
    if (v.k === 'fail') {
      const isName = optArg.value.name === 'VariableName' || optArg.value.name === 'MemberExpression';
      if (!isName || !/^NameError|^Not supported: .*cannot know/.test(v.error.message)) throw new Failure(v.error);
      return undefined;
    }
    if (v.k !== 'opaque') throw new Failure({ message: `${name}: ${what} must be the optimizer, got ${kindOf(v)}`, at: optArg.at });
    return undefined;
  }

  private torchScheduler(n: SyntaxNode, callee: SyntaxNode, name: string, args: CallArguments, seq: number): Value {
    const positional = own(TORCH_SCHEDULER_POSITIONAL, name);
    if (!positional) throw this.unknownName('torch', name, callee);
    const bound = this.bindArguments(name, positional, this.requiredCount('torch', name, positional), args);
    const source: CallSource = { at: n.from, nameAt: this.nameAt(callee), args: new Map() };
    let optimizer: OptimizerValue | undefined;
    const optArg = bound.get(OPTIMIZER) ?? bound.get('optimizer');
    bound.delete(OPTIMIZER);
    if (name === 'ChainedScheduler') bound.delete('optimizer');
    else bound.delete('optimizer');
    if (optArg) {
      optimizer = this.torchOptimizerArgument(name, optArg, seq, source, 'the first argument');
    } else if (name !== 'ChainedScheduler') {
      throw new Failure({ message: `TypeError: ${name}.__init__() missing 1 required positional argument: 'optimizer'`, at: n.from });
    }
    const out: Record<string, unknown> = {};
    for (const [param, arg] of bound) {
      if (param === 'lr_lambda' && (arg.value.name === 'ArrayExpression' || arg.value.name === 'TupleExpression')) {
        throw new Failure({
          message: 'Not supported: one lr_lambda per param group (the playground models one param group: pass one function)',
          at: arg.at,
        });
      }
      const v = this.evaluate(arg.value, seq);
      if (param === 'schedulers') {
        setOwn(out, param, this.children(name, v, arg, source, optimizer));
        if (!optimizer && v.k === 'seq') {
          // ChainedScheduler (and a SequentialLR given no optimizer we know) act on their children's optimizer.
          const first = v.items.find((item) => item.k === 'sched' && item.built.optimizer);
          if (first?.k === 'sched' && first.built.optimizer) {
            optimizer = first.built.optimizer;
            source.optimizer = optimizer.source;
          }
        }
        continue;
      }
      const checks = own(TORCH_INT_ARGS, name);
      const intCheck = checks ? own(checks, param) : undefined;
      if (intCheck && v.k === 'py' && v.v !== null && !isInt(v.v)) {
        throw new Failure({ message: `ValueError: ${intCheck} ${pyRepr(v.v)}`, at: arg.at });
      }
      if (name === 'OneCycleLR' && param === 'pct_start' && v.k === 'py' && typeof v.v !== 'number' && !(v.v instanceof NpFloat)) {
        throw new Failure({ message: `ValueError: Expected float between 0 and 1 pct_start, but got ${pyRepr(v.v)}`, at: arg.at });
      }
      setOwn(out, param, this.argument(name, param, v, arg, source, seq));
    }
    if (name === 'OneCycleLR') {
      const epochs = out.epochs;
      const spe = out.steps_per_epoch;
      if (typeof epochs === 'number') this.oneCycleHorizon.epochs ??= epochs;
      if (typeof spe === 'number') this.oneCycleHorizon.stepsPerEpoch ??= spe;
    }
    if (optimizer && !optimizer.info.modelled && (name === 'CyclicLR' || name === 'OneCycleLR') && out.cycle_momentum !== false) {
      throw new Failure({
        message: `Not supported: cycling momentum with torch.optim.${optimizer.info.name} (the playground models SGD, Adam, AdamW and RMSprop; pass cycle_momentum=False to cycle the LR only)`,
        at: n.from,
      });
    }
    const built: Built = { framework: 'torch', name, args: out, source, optimizer, consumed: false, isCallback: false };
    this.built.push(built);
    return { k: 'sched', built };
  }

  private children(
    name: string,
    v: Value,
    arg: { value: SyntaxNode; at: number },
    source: CallSource,
    optimizer: OptimizerValue | undefined,
  ): unknown {
    if (v.k === 'fail') throw new Failure(v.error);
    if (v.k !== 'seq') throw new Failure({ message: `${name}: schedulers must be a list of schedulers, got ${kindOf(v)}`, at: arg.at });
    const calls: { name: string; args: Record<string, unknown> }[] = [];
    const sources: (CallSource | undefined)[] = [];
    v.items.forEach((item, i) => {
      const at = v.at[i] ?? arg.at;
      if (item.k === 'fail') throw new Failure(item.error);
      if (item.k !== 'sched' || item.built.framework !== 'torch') {
        throw new Failure({ message: `${name}: schedulers[${i}] must be a torch scheduler, got ${kindOf(item)}`, at });
      }
      const child = item.built;
      if (child.optimizer && optimizer && child.optimizer !== optimizer) {
        throw new Failure({
          message: `ValueError: ${name} expects all schedulers to belong to the same optimizer, but schedulers[${i}] has a different one`,
          at,
        });
      }
      child.consumed = true;
      calls.push({ name: child.name, args: child.args });
      sources.push(child.source);
    });
    source.args.set('schedulers', { at: arg.at, items: v.at, children: sources });
    return calls;
  }

  /** A scheduler's argument as the engine takes it (numbers, strings, lists, Python source). */
  private argument(
    owner: string,
    param: string,
    v: Value,
    arg: { value: SyntaxNode; at: number },
    source: CallSource,
    seq: number,
  ): unknown {
    switch (v.k) {
      case 'py':
        source.args.set(param, { at: arg.at });
        return pyToJs(v.v);
      case 'str':
        source.args.set(param, { at: arg.at });
        return v.v;
      case 'seq': {
        const items = v.items.map((item, i) => {
          if (item.k === 'py') return pyToJs(item.v);
          if (item.k === 'str') return item.v;
          if (item.k === 'fail') throw new Failure(item.error);
          throw new Failure({ message: `${owner}: ${param}[${i}] must be a number, got ${kindOf(item)}`, at: v.at[i] ?? arg.at });
        });
        source.args.set(param, { at: arg.at, items: v.at });
        return items;
      }
      case 'fn': {
        const fn = this.functionSource(v.fn, seq);
        source.args.set(param, { at: arg.at, fn: fn.source });
        return fn.text;
      }
      case 'fail':
        throw new Failure(v.error);
      default: {
        const framework = TORCH_SCHEDULER_NAMES.includes(owner) ? 'torch' : TRANSFORMERS_NAMES.includes(owner) ? 'transformers' : 'keras';
        const spec = findFamily(framework, owner)?.params.find((p) => p.name === param);
        const expected =
          spec?.kind === 'boolean'
            ? 'True or False'
            : spec?.kind === 'choice'
              ? 'a string'
              : spec?.kind === 'numberList'
                ? 'a list of numbers'
                : spec?.kind === 'function'
                  ? 'a function (a lambda, or a def passed by name)'
                  : 'a number';
        const hint =
          v.k === 'opaque' ? ' (the playground reads literals, names assigned above and math/np functions; it runs no other code)' : '';
        throw new Failure({ message: `${owner}: ${param} must be ${expected}, got ${kindOf(v)}${hint}`, at: arg.at });
      }
    }
  }

  /**
   * A Hugging Face transformers schedule function (`get_linear_schedule_with_warmup(optimizer, 500, 10000)`) or
   * `get_scheduler("cosine", optimizer, ...)`: the optimizer as for a torch scheduler, the other arguments as values.
   * While its arguments are read, `len(train_loader)` is the horizon's steps per epoch and an undefined `epochs`
   * (`num_epochs`, ...) its epochs, so `num_training_steps=len(train_loader) * epochs` spans the horizon.
   */
  private hfSchedule(n: SyntaxNode, callee: SyntaxNode, name: string, args: CallArguments, seq: number): Value {
    const positional = own(TRANSFORMERS_POSITIONAL, name);
    if (!positional) throw this.unknownName('transformers', name, callee);
    const spec = findFamily('transformers', name);
    let required = 0;
    for (const p of positional) {
      if (p === OPTIMIZER || (name === 'get_scheduler' && p === 'name') || spec?.params.find((q) => q.name === p)?.required) required++;
      else break;
    }
    let bound: Map<string, { value: SyntaxNode; at: number }>;
    try {
      bound = this.bindArguments(name, positional, required, args);
    } catch (e) {
      // These are functions: Python says `get_x()`, not `get_x.__init__()` (and counts no `self`).
      if (!(e instanceof Failure)) throw e;
      const message = e.located.message
        .replace(`${name}.__init__()`, `${name}()`)
        .replace(
          /takes (?:from )?(\d+)(?: to (\d+))? positional arguments but (\d+) were given/,
          (_m, a: string, b: string | undefined, c: string) =>
            `takes ${b ? `from ${Number(a) - 1} to ${Number(b) - 1}` : Number(a) - 1} positional arguments but ${Number(c) - 1} were given`,
        );
      throw new Failure({ ...e.located, message });
    }
    const source: CallSource = { at: n.from, nameAt: this.nameAt(callee), args: new Map() };
    const optArg = bound.get(OPTIMIZER) ?? bound.get('optimizer');
    bound.delete(OPTIMIZER);
    bound.delete('optimizer');
    if (!optArg) throw new Failure({ message: `TypeError: ${name}() missing 1 required positional argument: 'optimizer'`, at: n.from });
    const optimizer = this.torchOptimizerArgument(name, optArg, seq, source, 'the optimizer argument');
    const out: Record<string, unknown> = {};
    this.lengthsFromHorizon++;
    try {
      for (const [param, arg] of bound) {
        if (name === 'get_scheduler' && param === 'scheduler_specific_kwargs') {
          setOwn(out, param, this.kwargsDict(arg, source, seq));
          continue;
        }
        const value = this.evaluate(arg.value, seq);
        const member = value.k === 'module' ? SCHEDULER_TYPE_MEMBER.exec(value.path) : null;
        if (name === 'get_scheduler' && param === 'name' && member) {
          source.args.set(param, { at: arg.at });
          setOwn(out, param, (member[1] as string).toLowerCase());
          continue;
        }
        setOwn(out, param, this.argument(name, param, value, arg, source, seq));
      }
    } finally {
      this.lengthsFromHorizon--;
    }
    const built: Built = { framework: 'transformers', name, args: out, source, optimizer, consumed: false, isCallback: false };
    this.built.push(built);
    return { k: 'sched', built };
  }

  /** get_scheduler's `scheduler_specific_kwargs`: a dict literal `{"num_cycles": 1}`, `dict(num_cycles=1)` or None. */
  private kwargsDict(arg: { value: SyntaxNode; at: number }, source: CallSource, seq: number): Record<string, unknown> | null {
    source.args.set('scheduler_specific_kwargs', { at: arg.at });
    const node = arg.value;
    const out: Record<string, unknown> = {};
    const entries: { key: string; value: SyntaxNode; at: number }[] = [];
    if (node.name === 'None') return null;
    if (node.name === 'DictionaryExpression') {
      const ks = kids(node).filter((c) => c.name !== '{' && c.name !== '}' && c.name !== ',');
      for (let i = 0; i < ks.length; i += 3) {
        const key = ks[i];
        const value = ks[i + 2];
        const text = key?.name === 'String' ? stringValue(this.src(key)) : null;
        if (!key || !value || ks[i + 1]?.name !== ':' || text === null) {
          throw new Failure({
            message: 'Not supported: scheduler_specific_kwargs must be a dict with string keys, e.g. {"num_cycles": 1}',
            at: key?.from ?? node.from,
          });
        }
        entries.push({ key: text, value, at: key.from });
      }
    } else if (node.name === 'CallExpression' && this.src(node.firstChild as SyntaxNode) === 'dict' && !this.lookup('dict', seq)) {
      const list = node.lastChild ? callArguments(node.lastChild, this.text) : undefined;
      if (!list || list.positional.length > 0 || list.starred) {
        throw new Failure({
          message: 'Not supported: dict(...) with positional arguments; write dict(num_cycles=1) or {"num_cycles": 1}',
          at: node.from,
        });
      }
      for (const k of list.keywords) entries.push({ key: k.name, value: k.value, at: k.nameNode.from });
    } else {
      const v = this.evaluate(node, seq);
      if (v.k === 'fail') throw new Failure(v.error);
      if (v.k === 'py' && v.v === null) return null;
      throw new Failure({
        message: `get_scheduler: scheduler_specific_kwargs must be a dict literal here, e.g. {"num_cycles": 1}, got ${kindOf(v)} (the playground reads literals and names assigned above)`,
        at: arg.at,
      });
    }
    const scratch: CallSource = { at: arg.at, nameAt: arg.at, args: new Map() };
    for (const e of entries) {
      const v = this.evaluate(e.value, seq);
      setOwn(out, e.key, this.argument('get_scheduler', e.key, v, { value: e.value, at: e.at }, scratch, seq));
    }
    return out;
  }

  private kerasSchedule(n: SyntaxNode, callee: SyntaxNode, name: string, args: CallArguments, seq: number, isCallback: boolean): Value {
    const positional = own(KERAS_POSITIONAL, name);
    if (!positional) throw this.unknownName('keras', name, callee);
    const bound = this.bindArguments(name, positional, this.requiredCount('keras', name, positional), args);
    const source: CallSource = { at: n.from, nameAt: this.nameAt(callee), args: new Map() };
    const out: Record<string, unknown> = {};
    for (const [param, arg] of bound) {
      const v = this.evaluate(arg.value, seq);
      setOwn(out, param, this.argument(name, param, v, arg, source, seq));
    }
    const built: Built = { framework: 'keras', name, args: out, source, optimizer: undefined, consumed: false, isCallback };
    this.built.push(built);
    return { k: 'sched', built };
  }

  private optimizer(
    n: SyntaxNode,
    callee: SyntaxNode,
    framework: 'torch' | 'keras',
    name: string,
    args: CallArguments,
    seq: number,
  ): Value {
    const table = framework === 'torch' ? TORCH_OPTIMIZERS : KERAS_OPTIMIZERS;
    const info = table.get(name);
    const label = framework === 'torch' ? 'PyTorch' : 'Keras';
    if (!info) {
      const guess = closest(name, [...table.keys()]);
      return failed(`Unknown ${label} optimizer '${name}'.${guess ? ` Did you mean '${guess}'?` : ''}`, this.nameAt(callee));
    }
    const source: CallSource = { at: n.from, nameAt: this.nameAt(callee), args: new Map() };
    let bound: Map<string, { value: SyntaxNode; at: number }>;
    try {
      bound = this.bindArguments(name, info.positional, framework === 'torch' ? 1 : 0, {
        ...args,
        positional: args.positional.slice(0, info.positional.length),
      });
    } catch (e) {
      if (e instanceof Failure) return { k: 'fail', error: e.located };
      throw e;
    }
    const spec: { kind: OptimizerKind; lr?: number; momentum?: number; betas?: [number, number] } = { kind: info.kind };
    let schedule: Built | undefined;
    const number = (param: string, v: Value, at: number): number | Value => {
      if (v.k === 'fail') return v;
      if (v.k !== 'py' || typeof pyToJs(v.v) !== 'number') return failed(`${name}: ${param} must be a number, got ${kindOf(v)}`, at);
      source.args.set(param, { at });
      return pyToJs(v.v) as number;
    };
    const params = bound.get('params');
    let groupLr: number | undefined;
    if (framework === 'torch' && params) {
      // Param groups: the first group's own lr, if it sets one, wins over the optimizer's default lr.
      const lr = this.firstGroupLr(params.value, seq);
      if (typeof lr === 'number') groupLr = lr;
      else if (lr) return lr;
    }
    for (const [param, arg] of bound) {
      if (param === 'params') continue;
      const isLr = param === 'lr' || param === 'learning_rate';
      const modelledParam = isLr || (info.modelled && (param === 'momentum' || param === 'betas' || param === 'beta_1'));
      if (!modelledParam) continue;
      const v = this.evaluate(arg.value, seq);
      if (isLr && framework === 'keras' && v.k === 'sched' && v.built.framework === 'keras' && !v.built.isCallback) {
        schedule = v.built;
        continue;
      }
      if (param === 'betas') {
        if (v.k === 'fail') return v;
        if (v.k !== 'seq' || v.items.length !== 2 || v.items.some((x) => x.k !== 'py')) {
          return failed(`${name}: betas must be a pair of numbers, e.g. (0.9, 0.999)`, arg.at);
        }
        spec.betas = v.items.map((x) => pyToJs((x as { v: PyValue }).v)) as [number, number];
        source.args.set('betas', { at: arg.at, items: v.at });
        continue;
      }
      const x = number(param, v, arg.at);
      if (typeof x !== 'number') return x;
      if (isLr) {
        spec.lr = groupLr ?? x;
        source.args.set('lr', { at: arg.at });
        source.args.set('learning_rate', { at: arg.at });
      } else if (param === 'momentum') spec.momentum = x;
      else if (param === 'beta_1') spec.betas = [x, 0.999];
    }
    if (groupLr !== undefined) spec.lr = groupLr;
    const opt: OptimizerValue = { framework, info, spec, source, ...(schedule ? { schedule } : {}) };
    this.optimizers.push(opt);
    return { k: 'optimizer', opt };
  }

  /** `SGD([{'params': ..., 'lr': 0.1}, ...])`: the first group's lr. */
  private firstGroupLr(n: SyntaxNode, seq: number): number | Value | undefined {
    if (n.name !== 'ArrayExpression' && n.name !== 'TupleExpression') return undefined;
    const first = elements(n)?.[0];
    if (first?.name !== 'DictionaryExpression') return undefined;
    const ks = kids(first).filter((c) => c.name !== '{' && c.name !== '}' && c.name !== ',');
    for (let i = 0; i + 2 < ks.length + 1; i += 3) {
      const key = ks[i];
      const value = ks[i + 2];
      if (key?.name === 'String' && stringValue(this.src(key)) === 'lr' && value) {
        const v = this.evaluate(value, seq);
        if (v.k === 'py' && typeof pyToJs(v.v) === 'number') return pyToJs(v.v) as number;
        return v.k === 'fail' ? v : failed(`the first param group's lr must be a number, got ${kindOf(v)}`, value.from);
      }
    }
    return undefined;
  }

  private compile(args: CallArguments, seq: number): Value {
    const optArg = args.keywords.find((k) => k.name === 'optimizer')?.value ?? args.positional[0];
    if (!optArg) return opaque('a compiled model');
    let v = this.evaluate(optArg, seq);
    if (v.k === 'str') {
      const kerasName = KERAS_OPTIMIZER_STRINGS.get(v.v.toLowerCase());
      const info = kerasName ? KERAS_OPTIMIZERS.get(kerasName) : undefined;
      if (info) {
        const opt: OptimizerValue = {
          framework: 'keras',
          info,
          spec: { kind: info.kind },
          source: { at: optArg.from, nameAt: optArg.from, args: new Map() },
        };
        v = { k: 'optimizer', opt };
      } else {
        const guess = closest(v.v, [...KERAS_OPTIMIZER_STRINGS.keys()]);
        v = failed(`Unknown Keras optimizer '${v.v}'.${guess ? ` Did you mean '${guess}'?` : ''}`, optArg.from);
      }
    }
    for (const k of args.keywords) if (k.value !== optArg && this.interesting(k.value)) this.evaluate(k.value, seq);
    this.compiled = { value: v, at: optArg.from };
    return opaque('a compiled model');
  }

  private fit(args: CallArguments, seq: number): Value {
    for (const k of args.keywords) {
      if (k.name === 'epochs' || k.name === 'steps_per_epoch') {
        const v = this.evaluate(k.value, seq);
        if (v.k === 'py' && typeof v.v === 'bigint' && v.v > 0n && v.v <= BigInt(Number.MAX_SAFE_INTEGER)) {
          if (k.name === 'epochs') this.fitHorizon.epochs = Number(v.v);
          else this.fitHorizon.stepsPerEpoch = Number(v.v);
        }
      } else if (this.interesting(k.value)) {
        const v = this.evaluate(k.value, seq);
        if (v.k === 'fail' && this.interesting(k.value, true)) throw new Failure(v.error);
      }
    }
    for (const p of args.positional) if (this.interesting(p)) this.evaluate(p, seq);
    return opaque('a training history');
  }

  /**
   * PyTorch's SWA loop, `if epoch > swa_start: swa_scheduler.step()` and `else: scheduler.step()` (or `>=`, one
   * epoch earlier), with an SWALR built after the scheduler on the same optimizer: read as one SWARecipe. Reads
   * both branches (true) when the statement has that shape, whatever they step.
   */
  private swaRecipeBranch(st: SyntaxNode): boolean {
    const ks = kids(st);
    if (ks.length !== 5 || ks[0]?.name !== 'if' || ks[2]?.name !== 'Body' || ks[3]?.name !== 'else' || ks[4]?.name !== 'Body') return false;
    const condition = ks[1] as SyntaxNode;
    const parts = condition.name === 'BinaryExpression' ? kids(condition) : [];
    const comparison = parts[1] ? this.src(parts[1]) : '';
    if (parts.length !== 3 || (comparison !== '>' && comparison !== '>=') || this.brokenIn(st.from, st.to)) return false;
    const bound = this.evaluate(parts[2] as SyntaxNode, this.seq);
    if (bound.k !== 'py' || typeof bound.v !== 'bigint' || bound.v < -(2n ** 40n) || bound.v > 2n ** 40n) return false;
    const stepsIn = (body: SyntaxNode): Built[] => {
      const outer = this.stepLog;
      const log: Built[] = [];
      this.stepLog = log;
      try {
        this.block(kids(body).filter((b) => b.name !== ':'));
      } finally {
        this.stepLog = outer;
      }
      outer?.push(...log);
      return log;
    };
    const [swa, ...moreSwa] = stepsIn(ks[2] as SyntaxNode);
    const [scheduler, ...moreScheduler] = stepsIn(ks[4] as SyntaxNode);
    const built = this.built;
    if (
      swa &&
      scheduler &&
      moreSwa.length === 0 &&
      moreScheduler.length === 0 &&
      swa.framework === 'torch' &&
      swa.name === 'SWALR' &&
      scheduler.framework === 'torch' &&
      scheduler.name !== 'SWALR' &&
      scheduler.name !== 'ReduceLROnPlateau' &&
      swa.optimizer === scheduler.optimizer &&
      built.indexOf(scheduler) < built.indexOf(swa) &&
      !this.recipes.some((r) => r.swa === swa || r.scheduler === scheduler)
    ) {
      this.recipes.push({ scheduler, swa, swaStart: Number(bound.v) - (comparison === '>=' ? 1 : 0) });
    }
    return true;
  }

  private step(n: SyntaxNode, built: Built, args: CallArguments): Value {
    this.stepLog?.push(built);
    // Where step() is called tells the tick: in a loop nested in another, per batch; in an epoch loop, per epoch.
    const depth = this.loops.length;
    if (depth >= 2) built.steppedPer = 'step';
    else if (depth === 1 && this.loops[0]) built.steppedPer = 'epoch';
    const count = args.positional.length + args.keywords.length;
    const plateau =
      (built.framework === 'torch' && built.name === 'ReduceLROnPlateau') ||
      (built.name === 'get_scheduler' && built.args.name === 'reduce_lr_on_plateau');
    if (count > 0 && !plateau) {
      throw new Failure({
        message: `Not supported: ${built.name}.step() with an argument (${this.excerpt(n)}): the playground's curve is the one step() without arguments gives, once per tick`,
        at: n.from,
      });
    }
    return opaque('None');
  }

  // -------------------------------------------------------------------------------------------- functions

  /** The source the engine compiles for a function argument: constants and imports it reads, then its text. */
  private functionSource(ref: FunctionRef, seq: number): { text: string; source: FunctionSource } {
    const node = ref.node;
    const broken = this.brokenIn(node.from, node.to);
    if (broken) throw new Failure(broken);
    const own = new Set<string>();
    const params = kids(node).find((c) => c.name === 'ParamList');
    if (params) for (const p of kids(params)) if (p.name === 'VariableName') own.add(this.src(p));
    if (node.name === 'FunctionDefinition') {
      walk(node, (m) => {
        if (m.name === 'AssignStatement' || m.name === 'UpdateStatement') {
          for (const c of kids(m)) {
            if (c.name === 'AssignOp' || c.name === 'UpdateOp') break;
            if (c.name === 'VariableName') own.add(this.src(c));
          }
        }
        return undefined;
      });
    }
    const prelude: string[] = [];
    const seen = new Set<string>();
    walk(node, (m) => {
      if (m.name !== 'VariableName' || m.parent?.name === 'ParamList') return undefined;
      if (m.parent?.name === 'FunctionDefinition') return undefined;
      const name = this.src(m);
      if (own.has(name) || seen.has(name)) return undefined;
      seen.add(name);
      const b = this.lookup(name, seq);
      if (!b) return undefined;
      const v = this.valueOf(b);
      if (v.k === 'py') {
        const text = pyRepr(v.v);
        if (text !== null) prelude.push(`${name} = ${text}`);
      } else if (v.k === 'module') {
        const line = importLine(v.path, name);
        if (line) prelude.push(line);
      }
      return undefined;
    });
    let text = this.src(node);
    if (node.name === 'FunctionDefinition') text = text.replace(/\s+$/, '');
    const full = prelude.length > 0 ? `${prelude.join('\n')}\n${text}` : text;
    return { text: full, source: { preludeLines: prelude.length, text, from: node.from } };
  }

  // -------------------------------------------------------------------------------------------- results

  finish(): Result<ParsedCode> {
    const compiledOpt = this.compiled?.value;
    const lastKeras = [...this.optimizers].reverse().find((o) => o.framework === 'keras');
    const schedules: Schedule[] = [];
    const calls: FrameworkCall[] = [];
    const stepping: (StepEvery | undefined)[] = [];
    for (const b of this.built) {
      if (b.consumed || this.recipes.some((r) => r.swa === b)) continue;
      if (b.isCallback) {
        if (compiledOpt?.k === 'fail') return this.fail(compiledOpt.error);
        if (compiledOpt?.k === 'optimizer') b.optimizer = compiledOpt.opt;
        else if (!compiledOpt && lastKeras) b.optimizer = lastKeras;
        if (b.optimizer) b.source.optimizer = b.optimizer.source;
      }
      const recipe = this.recipes.find((r) => r.scheduler === b);
      const call: FrameworkCall = recipe
        ? {
            framework: 'torch',
            name: 'SWARecipe',
            args: {
              schedulers: [
                { name: b.name, args: b.args },
                { name: 'SWALR', args: recipe.swa.args },
              ],
              swa_start: recipe.swaStart,
            },
          }
        : { framework: b.framework, name: b.name, args: b.args };
      if (b.optimizer && (b.framework === 'torch' || b.framework === 'transformers' || b.isCallback))
        call.optimizer = { ...b.optimizer.spec };
      let made = fromFramework(call);
      if (!made.ok) return this.fail(this.locate(made.error, b));
      // Where the code calls step() decides a torch scheduler's tick: in the batch loop it counts optimizer steps
      // (a StepLR stepped per batch), in the epoch loop epochs (a OneCycleLR stepped per epoch). ReduceLROnPlateau
      // and the transformers schedules keep their own tick; the paste notice says so.
      const steppedIn: StepEvery | undefined = b.steppedPer === undefined ? undefined : b.steppedPer === 'step' ? 'batch' : 'epoch';
      if (steppedIn && b.framework === 'torch' && !made.value.needsMetric && steppedIn !== stepEveryOf(made.value)) {
        call.stepEvery = steppedIn;
        made = fromFramework(call);
        if (!made.ok) return this.fail(this.locate(made.error, b));
      }
      schedules.push(made.value);
      calls.push(call);
      stepping.push(steppedIn);
    }
    const unknown = schedules.length === 0 ? this.schedulerLikeCall() : undefined;
    if (unknown) {
      return this.fail({
        message: `No learning-rate scheduler found: ${unknown.name}() is not one the playground knows (it reads torch.optim.lr_scheduler's schedulers, keras.optimizers.schedules, Keras's LearningRateScheduler and ReduceLROnPlateau callbacks and Hugging Face transformers' get_*_schedule functions)`,
        at: unknown.at,
      });
    }
    if (schedules.length === 0) {
      const message =
        this.optimizers.length > 0 || this.compiled
          ? 'No learning-rate scheduler found: the code sets up an optimizer but no scheduler (e.g. torch.optim.lr_scheduler.StepLR(optimizer, step_size=30), keras.optimizers.schedules.ExponentialDecay(...) or keras.callbacks.LearningRateScheduler(schedule))'
          : 'No learning-rate scheduler found: paste code that builds one, e.g. torch.optim.lr_scheduler.StepLR(optimizer, step_size=30), keras.optimizers.schedules.ExponentialDecay(0.1, 1000, 0.96) or keras.callbacks.LearningRateScheduler(schedule)';
      return fail({ message, line: 1, column: 1 });
    }
    const horizon: { epochs?: number; stepsPerEpoch?: number } = {};
    const epochs = this.fitHorizon.epochs ?? this.loopHorizon.epochs ?? this.oneCycleHorizon.epochs ?? this.lenHorizon.epochs;
    const spe =
      this.fitHorizon.stepsPerEpoch ??
      this.loopHorizon.stepsPerEpoch ??
      this.oneCycleHorizon.stepsPerEpoch ??
      this.lenHorizon.stepsPerEpoch;
    if (epochs !== undefined) horizon.epochs = epochs;
    if (spe !== undefined) horizon.stepsPerEpoch = spe;
    return ok({ schedules, calls, steppedIn: stepping, ...(epochs !== undefined || spe !== undefined ? { horizon } : {}) });
  }

  /** The first call to something named like a scheduler (get_cosine_schedule_with_warmup, CosineLRScheduler). */
  private schedulerLikeCall(): Segment | undefined {
    let found: Segment | undefined;
    walk(this.tree.topNode, (m) => {
      if (found) return false;
      if (m.name !== 'CallExpression' || !m.firstChild) return undefined;
      const name = dottedName(m.firstChild, this.text)?.at(-1);
      if (name && /sched|warmup|_lr$|^lr_|decay|anneal|cosine|cycl/i.test(name.name) && name.name !== 'step') found = name;
      return undefined;
    });
    return found;
  }

  fail(located: Located): Result<never> {
    const position = located.position ?? this.snippet.position(located.at);
    return fail({ message: located.message, line: position.line, column: position.column });
  }

  /** Maps an engine error (its `path`, and line/column inside a function argument) to the paste. */
  private locate(error: ScheduleError, built: Built): Located {
    const tokens = [...(error.path ?? '').matchAll(/([A-Za-z_][A-Za-z0-9_]*)|\[(\d+)\]/g)];
    let call: CallSource = built.source;
    let at = call.at;
    let arg: ArgSource | undefined;
    for (let i = 0; i < tokens.length; i++) {
      const word = tokens[i]?.[1];
      const index = tokens[i]?.[2];
      if (index !== undefined) {
        const k = Number(index);
        const child = arg?.children?.[k];
        if (child) {
          call = child;
          at = child.at;
          arg = undefined;
        } else if (arg?.items?.[k] !== undefined) {
          at = arg.items[k] as number;
        }
        continue;
      }
      if (word === 'name') {
        at = call.nameAt;
      } else if (word === 'args') {
        const param = tokens[i + 1]?.[1];
        i++;
        arg = param ? call.args.get(param) : undefined;
        at = arg ? arg.at : call.at;
      } else if (word === 'optimizer') {
        const param = tokens[i + 1]?.[1];
        i++;
        const opt = call.optimizer;
        const optArg = param && opt ? opt.args.get(param) : undefined;
        at = optArg ? optArg.at : (opt?.at ?? call.at);
      }
    }
    if (arg?.fn && error.line !== undefined && error.column !== undefined) {
      const fn = arg.fn;
      const line = error.line - fn.preludeLines;
      const offset = line < 1 ? 0 : offsetOf(fn.text, line, error.column);
      return { message: error.message, at: fn.from + offset };
    }
    return { message: error.message, at };
  }
}

/** A record's own entry (never an inherited one such as `constructor` or `__proto__`). */
function own<T>(record: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.hasOwn(record, key) ? record[key] : undefined;
}

/** Sets an own property, also for names like `__proto__` (which plain assignment would treat as the prototype). */
function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

function splitBy(list: readonly SyntaxNode[], separator: string): SyntaxNode[][] {
  const out: SyntaxNode[][] = [[]];
  for (const n of list) {
    if (n.name === separator) out.push([]);
    else (out[out.length - 1] as SyntaxNode[]).push(n);
  }
  return out;
}

/** An import line binding `alias` to a math / numpy module or member, for a function's prelude. */
function importLine(path: string, alias: string): string | null {
  const as = (name: string): string => (name === alias ? '' : ` as ${alias}`);
  if (path === 'math' || path === 'numpy') return `import ${path}${as(path)}`;
  const m = /^(math|numpy)\.([A-Za-z_][A-Za-z0-9_]*)$/.exec(path);
  if (m) return `from ${m[1]} import ${m[2]}${as(m[2] as string)}`;
  return null;
}

/**
 * Reads pasted PyTorch or Keras code and returns the schedules it builds. Never throws: every failure comes back
 * as `{ ok: false, error: { message, line, column } }` with a position in the text as pasted.
 */
export function parseScheduleCode(source: string, options?: { horizon?: { epochs: number; stepsPerEpoch: number } }): Result<ParsedCode> {
  if (typeof source !== 'string') return fail({ message: 'The code must be a string', line: 1, column: 1 });
  if (source.length > MAX_CODE_LENGTH) {
    return fail({
      message: `The code is too long (${source.length.toLocaleString('en-US')} characters; at most ${MAX_CODE_LENGTH.toLocaleString('en-US')}): paste the lines that set up the optimizer and the scheduler`,
      line: 1,
      column: 1,
    });
  }
  let reader: Reader | undefined;
  try {
    const snippet = prepareSnippet(source);
    const tree = parser.parse(snippet.text);
    reader = new Reader(snippet, tree, options?.horizon);
    reader.read();
    return reader.finish();
  } catch (e) {
    if (e instanceof Failure && reader) return reader.fail(e.located);
    const detail = e instanceof Error ? e.message : String(e);
    return fail({ message: `Internal error while reading the code: ${detail}`, line: 1, column: 1 });
  }
}
