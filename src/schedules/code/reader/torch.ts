/**
 * PyTorch's schedulers, `torch.optim.lr_scheduler.StepLR(optimizer, ...)` and torch.optim.swa_utils.SWALR: the
 * optimizer argument, the children of SequentialLR / ChainedScheduler, and the checks the constructors make
 * before the engine sees the arguments (isinstance checks, one lr_lambda per param group, cycling momentum).
 */
import type { SyntaxNode } from '@lezer/common';
import { NpFloat } from '../../python/values';
import { OPTIMIZER, TORCH_SCHEDULER_POSITIONAL } from '../catalog';
import type { CallArguments } from '../tree';
import { argument, bindArguments, requiredCount, unknownName } from './arguments';
import { nameAt } from './callees';
import type { ReaderContext } from './context';
import {
  type BoundArgument,
  type Built,
  type CallSource,
  Failure,
  isInt,
  kindOf,
  type OptimizerValue,
  own,
  pyRepr,
  setOwn,
  type Value,
} from './values';

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

/**
 * The optimizer a torch scheduler or a transformers schedule function is given: a torch.optim optimizer, or
 * undefined (its defaults) for a name nothing binds or `self.optimizer`; anything else is an error.
 */
export function torchOptimizerArgument(
  r: ReaderContext,
  name: string,
  optArg: BoundArgument,
  seq: number,
  source: CallSource,
  what: string,
): OptimizerValue | undefined {
  const v = r.evaluate(optArg.value, seq);
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

export function torchScheduler(r: ReaderContext, n: SyntaxNode, callee: SyntaxNode, name: string, args: CallArguments, seq: number): Value {
  const positional = own(TORCH_SCHEDULER_POSITIONAL, name);
  if (!positional) throw unknownName(r, 'torch', name, callee);
  const bound = bindArguments(name, positional, requiredCount('torch', name, positional), args);
  const source: CallSource = { at: n.from, nameAt: nameAt(r, callee), args: new Map() };
  let optimizer: OptimizerValue | undefined;
  const optArg = bound.get(OPTIMIZER) ?? bound.get('optimizer');
  bound.delete(OPTIMIZER);
  bound.delete('optimizer');
  if (optArg) {
    optimizer = torchOptimizerArgument(r, name, optArg, seq, source, 'the first argument');
  } else if (name !== 'ChainedScheduler') {
    throw new Failure({ message: `TypeError: ${name}.__init__() missing 1 required positional argument: 'optimizer'`, at: n.from });
  }
  const out: Record<string, unknown> = {};
  // `steps_per_epoch=len(train_loader)`, `T_max=len(train_loader) * 10`: the loader's length is the horizon's.
  let childOptimizer: OptimizerValue | undefined;
  r.lengthsFromHorizon++;
  try {
    childOptimizer = torchArguments(r, name, bound, out, source, optimizer, seq);
  } finally {
    r.lengthsFromHorizon--;
  }
  if (!optimizer && childOptimizer) {
    optimizer = childOptimizer;
    source.optimizer = optimizer.source;
  }
  if (name === 'OneCycleLR') oneCycleHorizon(r, out);
  if (optimizer && !optimizer.info.modelled && (name === 'CyclicLR' || name === 'OneCycleLR') && out.cycle_momentum !== false) {
    throw new Failure({
      message: `Not supported: cycling momentum with torch.optim.${optimizer.info.name} (the playground models SGD, Adam, AdamW and RMSprop; pass cycle_momentum=False to cycle the LR only)`,
      at: n.from,
    });
  }
  const built: Built = { framework: 'torch', name, args: out, source, optimizer, consumed: false, isCallback: false };
  r.built.push(built);
  return { k: 'sched', built };
}

/**
 * OneCycleLR's horizon: its `epochs` and `steps_per_epoch`, or its `total_steps` (which wins in torch): the
 * horizon's steps per epoch where they divide it, else one epoch of total_steps steps, so the cycle spans the chart.
 */
function oneCycleHorizon(r: ReaderContext, out: Record<string, unknown>): void {
  const total = out.total_steps;
  if (typeof total === 'number' && Number.isSafeInteger(total) && total > 0) {
    if (r.oneCycleHorizon.epochs !== undefined || r.oneCycleHorizon.stepsPerEpoch !== undefined) return;
    const spe = r.fitHorizon.stepsPerEpoch ?? r.loopHorizon.stepsPerEpoch ?? r.horizon.stepsPerEpoch;
    const divides = total % spe === 0;
    r.oneCycleHorizon.epochs = divides ? total / spe : 1;
    r.oneCycleHorizon.stepsPerEpoch = divides ? spe : total;
    r.oneCycleTotal = total;
    return;
  }
  const epochs = out.epochs;
  const spe = out.steps_per_epoch;
  if (typeof epochs === 'number') r.oneCycleHorizon.epochs ??= epochs;
  if (typeof spe === 'number') r.oneCycleHorizon.stepsPerEpoch ??= spe;
}

/** A torch scheduler's arguments other than its optimizer, checked as the constructor checks them, into `out`. */
function torchArguments(
  r: ReaderContext,
  name: string,
  bound: Map<string, BoundArgument>,
  out: Record<string, unknown>,
  source: CallSource,
  optimizer: OptimizerValue | undefined,
  seq: number,
): OptimizerValue | undefined {
  let childOptimizer: OptimizerValue | undefined;
  for (const [param, arg] of bound) {
    if (param === 'lr_lambda' && (arg.value.name === 'ArrayExpression' || arg.value.name === 'TupleExpression')) {
      throw new Failure({
        message: 'Not supported: one lr_lambda per param group (the playground models one param group: pass one function)',
        at: arg.at,
      });
    }
    const v = r.evaluate(arg.value, seq);
    if (param === 'schedulers') {
      setOwn(out, param, children(name, v, arg, source, optimizer));
      if (!optimizer && v.k === 'seq') {
        // ChainedScheduler (and a SequentialLR given no optimizer we know) act on their children's optimizer.
        const first = v.items.find((item) => item.k === 'sched' && item.built.optimizer);
        if (first?.k === 'sched' && first.built.optimizer) childOptimizer = first.built.optimizer;
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
    setOwn(out, param, argument(r, name, param, v, arg, source, seq));
  }
  return childOptimizer;
}

/** SequentialLR's and ChainedScheduler's `schedulers`: torch schedulers on one optimizer, nested in this one. */
function children(name: string, v: Value, arg: BoundArgument, source: CallSource, optimizer: OptimizerValue | undefined): unknown {
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
