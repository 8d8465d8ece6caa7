/**
 * What a call calls: a callee's dotted name resolved through the imports and bindings above it to a canonical
 * module path (`torch.optim.lr_scheduler.StepLR`), a bound value's method (`scheduler.step`, `model.fit`) or a
 * bare name, and from there the kind of thing it builds (a Target). Names both frameworks use (Adam,
 * ReduceLROnPlateau) and misspelt schedulers are told apart by how they are called.
 */
import type { SyntaxNode } from '@lezer/common';
import { closest } from '../../suggest';
import {
  canonical,
  DEFAULT_MODULES,
  KERAS_CALLBACKS,
  KERAS_OPTIMIZERS,
  KERAS_POSITIONAL,
  KERAS_SCHEDULES,
  TORCH_OPTIMIZERS,
  TORCH_SCHEDULER_POSITIONAL,
  TRANSFORMERS_POSITIONAL,
} from '../catalog';
import { type CallArguments, callArguments, dottedName, kids, type Segment, walk } from '../tree';
import type { ReaderContext } from './context';
import { type Built, failed, own, type Value } from './values';

export const NUMERIC_BUILTINS = new Set(['abs', 'min', 'max', 'round', 'float', 'int', 'pow', 'bool']);
export const TORCH_SCHEDULER_NAMES = Object.keys(TORCH_SCHEDULER_POSITIONAL);
const KERAS_NAMES: readonly string[] = [...KERAS_SCHEDULES, ...KERAS_CALLBACKS];
const ALL_SCHEDULER_NAMES = [...new Set([...TORCH_SCHEDULER_NAMES, ...KERAS_NAMES])];
/** Hugging Face transformers' schedule functions (and get_scheduler). */
export const TRANSFORMERS_NAMES = Object.keys(TRANSFORMERS_POSITIONAL);

export type Target =
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

export interface Resolved {
  /** Canonical dotted path when the callee is a module member, e.g. 'torch.optim.lr_scheduler.StepLR'. */
  readonly path?: string;
  /** A bare name nothing binds. */
  readonly bare?: string;
  /** The value the first segment is bound to, and the attributes after it. */
  readonly object?: Value;
  readonly attrs: readonly string[];
  readonly last: Segment;
}

export function resolve(r: ReaderContext, segments: readonly Segment[], seq: number): Resolved {
  const { scope } = r;
  const first = segments[0] as Segment;
  const last = segments[segments.length - 1] as Segment;
  const attrs = segments.slice(1).map((s) => s.name);
  const binding = scope.lookup(first.name, seq);
  if (binding) {
    const v = scope.valueOf(binding);
    if (v.k === 'module') return { path: canonical([v.path, ...attrs].join('.')), attrs, last };
    return { object: v, attrs, last };
  }
  if (attrs.length === 0) {
    // `from torch.optim.lr_scheduler import *`
    for (const [key, list] of scope.bindings) {
      if (!key.startsWith('*')) continue;
      const b = list.find((x) => x.seq < seq);
      const v = b ? scope.valueOf(b) : undefined;
      if (v?.k !== 'module') continue;
      const path = canonical(`${v.path}.${first.name}`);
      // Only a name the module really has comes from the star: `train(epoch)` or `print(...)` next to
      // `from torch.optim.lr_scheduler import *` are the script's own calls, not misspelt schedulers.
      if (starMember(path) && pathTarget(path).k !== 'other') return { path, attrs, last };
    }
  }
  const module = DEFAULT_MODULES.get(first.name);
  if (module && attrs.length > 0) return { path: canonical([module, ...attrs].join('.')), attrs, last };
  return attrs.length === 0
    ? { bare: first.name, attrs, last }
    : { object: failed(scope.notDefined(first.name, seq), first.at), attrs, last };
}

/** Whether a canonical path `module.name` is a name its module exports (what `from module import *` binds). */
function starMember(path: string): boolean {
  const dot = path.lastIndexOf('.');
  const module = path.slice(0, dot);
  const name = path.slice(dot + 1);
  switch (module) {
    case 'torch.optim.lr_scheduler':
      return name !== 'SWALR' && TORCH_SCHEDULER_NAMES.includes(name);
    case 'torch.optim.swa_utils':
      return name === 'SWALR';
    case 'torch.optim':
      return TORCH_OPTIMIZERS.has(name);
    case 'keras.optimizers.schedules':
      return (KERAS_SCHEDULES as readonly string[]).includes(name);
    case 'keras.optimizers':
      return KERAS_OPTIMIZERS.has(name);
    case 'keras.callbacks':
      return (KERAS_CALLBACKS as readonly string[]).includes(name);
    case 'transformers':
      return TRANSFORMERS_NAMES.includes(name) || TORCH_OPTIMIZERS.has(name);
    default:
      // math / numpy: their members are numeric helpers, and what the evaluator lacks it reports by name.
      return module === 'math' || module === 'numpy';
  }
}

/** What a canonical module path names. */
function pathTarget(path: string): Target {
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
function looksTorch(r: ReaderContext, args: CallArguments | undefined, seq: number): boolean {
  const { flavor } = r;
  if (!args) return flavor.torch || !flavor.keras;
  if (flavor.torch && !flavor.keras) return true;
  if (flavor.keras && !flavor.torch) return false;
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
    const b = r.scope.lookup(r.source.src(first), seq);
    const v = b ? r.scope.valueOf(b) : undefined;
    if (v?.k === 'optimizer') return v.opt.framework === 'torch';
    if (v?.k === 'sched' || v?.k === 'py') return false;
  }
  return true;
}

export function target(r: ReaderContext, callee: SyntaxNode, args: CallArguments | undefined, seq: number): Target {
  const segments = dottedName(callee, r.source.text);
  if (!segments) return { k: 'other', what: `a call to ${r.source.excerpt(callee)}` };
  const resolved = resolve(r, segments, seq);
  if (resolved.path) return pathTarget(resolved.path);
  if (resolved.object) {
    const method = resolved.attrs[resolved.attrs.length - 1];
    const v = resolved.object;
    if (resolved.attrs.length === 0) {
      if (v.k === 'class') return { k: 'class', name: v.name };
      return { k: 'other', what: `a call to ${r.source.excerpt(callee)}` };
    }
    if (method === 'step' && resolved.attrs.length === 1 && v.k === 'sched') return { k: 'step', built: v.built };
    if (method === 'compile' && v.k !== 'module' && v.k !== 'py') return { k: 'compile' };
    if (method === 'fit' && v.k !== 'module' && v.k !== 'py') return { k: 'fit' };
    return { k: 'other', what: `a call to ${r.source.excerpt(callee)}` };
  }
  const name = resolved.bare as string;
  if (NUMERIC_BUILTINS.has(name)) return { k: 'numeric' };
  if (name === 'len') return { k: 'len' };
  const isTorch = TORCH_SCHEDULER_NAMES.includes(name);
  const isKeras = KERAS_NAMES.includes(name);
  if (isTorch && isKeras) return looksTorch(r, args, seq) ? { k: 'torchScheduler', name } : { k: 'kerasCallback', name };
  if (isTorch) return { k: 'torchScheduler', name };
  if ((KERAS_SCHEDULES as readonly string[]).includes(name)) return { k: 'kerasSchedule', name };
  if (isKeras) return { k: 'kerasCallback', name };
  if (TRANSFORMERS_NAMES.includes(name)) return { k: 'hfSchedule', name };
  if (/^get_\w*schedul/.test(name) && closest(name, TRANSFORMERS_NAMES) && args?.positional[0]) return { k: 'hfSchedule', name };
  const torchOpt = TORCH_OPTIMIZERS.has(name);
  const kerasOpt = KERAS_OPTIMIZERS.has(name);
  if (torchOpt || kerasOpt) {
    if (torchOpt && kerasOpt) return looksTorch(r, args, seq) ? { k: 'torchOptimizer', name } : { k: 'kerasOptimizer', name };
    return torchOpt ? { k: 'torchOptimizer', name } : { k: 'kerasOptimizer', name };
  }
  // A misspelt scheduler called like one: StepLRR(optimizer, ...), ExponentialDecayy(initial_learning_rate=...).
  const guess = closest(name, ALL_SCHEDULER_NAMES);
  if (guess && args && calledLike(r, guess, args, seq)) {
    if (TORCH_SCHEDULER_NAMES.includes(guess) && (!KERAS_NAMES.includes(guess) || looksTorch(r, args, seq))) {
      return { k: 'torchScheduler', name };
    }
    return (KERAS_SCHEDULES as readonly string[]).includes(guess) ? { k: 'kerasSchedule', name } : { k: 'kerasCallback', name };
  }
  return { k: 'other', what: `a call to ${name}()` };
}

/** Whether a call to an unknown name passes what `family` takes (its optimizer first, or its keywords). */
function calledLike(r: ReaderContext, family: string, args: CallArguments, seq: number): boolean {
  const params = [...(own(TORCH_SCHEDULER_POSITIONAL, family) ?? []), ...(own(KERAS_POSITIONAL, family) ?? [])];
  if (args.keywords.some((k) => params.includes(k.name) && k.name !== 'name' && k.name !== 'verbose')) return true;
  const first = args.positional[0];
  if (first?.name === 'VariableName') {
    const b = r.scope.lookup(r.source.src(first), seq);
    const v = b ? r.scope.valueOf(b) : undefined;
    return v?.k === 'optimizer' || /opt/i.test(r.source.src(first));
  }
  return false;
}

/** Where a call's class name is (`StepLR` in `lr_scheduler.StepLR(...)`), for errors about the name. */
export function nameAt(r: ReaderContext, callee: SyntaxNode): number {
  const segments = dottedName(callee, r.source.text);
  return segments ? (segments[segments.length - 1] as Segment).at : callee.from;
}

/**
 * Whether evaluating `n` builds something we read (a scheduler, an optimizer, compile/fit, a misspelt
 * scheduler). With `strict`, only calls whose failure must be reported (not numeric helpers).
 */
export function interesting(r: ReaderContext, n: SyntaxNode, strict = false): boolean {
  let found = false;
  walk(n, (m) => {
    if (found) return false;
    if (m.name === 'LambdaExpression') return false;
    if (m.name !== 'CallExpression') return undefined;
    const [callee, argList] = kids(m);
    if (!callee) return undefined;
    const args = argList ? callArguments(argList, r.source.text) : undefined;
    const t = target(r, callee, args, r.scope.seq);
    if (t.k !== 'other' && t.k !== 'numeric' && t.k !== 'len' && (!strict || t.k !== 'step')) found = true;
    return undefined;
  });
  return found;
}

/** Whether a body (of a def or class) builds an optimizer or a scheduler, judged by the callees' names. */
export function buildsSomething(r: ReaderContext, body: SyntaxNode): boolean {
  let found = false;
  walk(body, (m) => {
    if (found) return false;
    if (m.name !== 'CallExpression') return undefined;
    const callee = m.firstChild;
    const segments = callee ? dottedName(callee, r.source.text) : null;
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
