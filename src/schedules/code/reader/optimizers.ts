/**
 * Optimizers of both frameworks, `torch.optim.SGD(params, lr=0.1, momentum=0.9)` and
 * `keras.optimizers.Adam(learning_rate=...)`: what the engine models of them (kind, lr, momentum, betas), the
 * first param group's own lr, and a Keras optimizer whose learning_rate is a schedule.
 */
import type { SyntaxNode } from '@lezer/common';
import type { PyValue } from '../../python';
import { closest } from '../../suggest';
import type { OptimizerKind } from '../../types';
import { KERAS_OPTIMIZERS, TORCH_OPTIMIZERS } from '../catalog';
import { type CallArguments, elements, kids, stringValue } from '../tree';
import { bindArguments } from './arguments';
import { nameAt } from './callees';
import type { ReaderContext } from './context';
import {
  type BoundArgument,
  type Built,
  type CallSource,
  Failure,
  failed,
  kindOf,
  type OptimizerValue,
  pyToJs,
  type Value,
} from './values';

export function optimizer(
  r: ReaderContext,
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
    return failed(`Unknown ${label} optimizer '${name}'.${guess ? ` Did you mean '${guess}'?` : ''}`, nameAt(r, callee));
  }
  const source: CallSource = { at: n.from, nameAt: nameAt(r, callee), args: new Map() };
  let bound: Map<string, BoundArgument>;
  try {
    bound = bindArguments(name, info.positional, framework === 'torch' ? 1 : 0, {
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
    const lr = firstGroupLr(r, params.value, seq);
    if (typeof lr === 'number') groupLr = lr;
    else if (lr) return lr;
  }
  for (const [param, arg] of bound) {
    if (param === 'params') continue;
    const isLr = param === 'lr' || param === 'learning_rate';
    const modelledParam = isLr || (info.modelled && (param === 'momentum' || param === 'betas' || param === 'beta_1'));
    if (!modelledParam) continue;
    const v = r.evaluate(arg.value, seq);
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
  r.optimizers.push(opt);
  return { k: 'optimizer', opt };
}

/** `SGD([{'params': ..., 'lr': 0.1}, ...])`: the first group's lr. */
function firstGroupLr(r: ReaderContext, n: SyntaxNode, seq: number): number | Value | undefined {
  if (n.name !== 'ArrayExpression' && n.name !== 'TupleExpression') return undefined;
  const first = elements(n)?.[0];
  if (first?.name !== 'DictionaryExpression') return undefined;
  const ks = kids(first).filter((c) => c.name !== '{' && c.name !== '}' && c.name !== ',');
  for (let i = 0; i + 2 < ks.length + 1; i += 3) {
    const key = ks[i];
    const value = ks[i + 2];
    if (key?.name === 'String' && stringValue(r.source.src(key)) === 'lr' && value) {
      const v = r.evaluate(value, seq);
      if (v.k === 'py' && typeof pyToJs(v.v) === 'number') return pyToJs(v.v) as number;
      return v.k === 'fail' ? v : failed(`the first param group's lr must be a number, got ${kindOf(v)}`, value.from);
    }
  }
  return undefined;
}
