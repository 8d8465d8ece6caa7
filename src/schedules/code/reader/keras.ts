/**
 * Keras: its schedules (`keras.optimizers.schedules.ExponentialDecay(...)`) and scheduler callbacks
 * (LearningRateScheduler, ReduceLROnPlateau), and the model calls that tie them together: `model.compile`, whose
 * optimizer a callback acts on, and `model.fit`, whose epochs and steps_per_epoch are the horizon.
 */
import type { SyntaxNode } from '@lezer/common';
import { closest } from '../../suggest';
import { KERAS_OPTIMIZER_STRINGS, KERAS_OPTIMIZERS, KERAS_POSITIONAL } from '../catalog';
import type { CallArguments } from '../tree';
import { argument, bindArguments, requiredCount, unknownName } from './arguments';
import { interesting, nameAt } from './callees';
import type { ReaderContext } from './context';
import { type Built, type CallSource, Failure, failed, type OptimizerValue, opaque, own, setOwn, type Value } from './values';

export function kerasSchedule(
  r: ReaderContext,
  n: SyntaxNode,
  callee: SyntaxNode,
  name: string,
  args: CallArguments,
  seq: number,
  isCallback: boolean,
): Value {
  const positional = own(KERAS_POSITIONAL, name);
  if (!positional) throw unknownName(r, 'keras', name, callee);
  const bound = bindArguments(name, positional, requiredCount('keras', name, positional), args);
  const source: CallSource = { at: n.from, nameAt: nameAt(r, callee), args: new Map() };
  const out: Record<string, unknown> = {};
  for (const [param, arg] of bound) {
    const v = r.evaluate(arg.value, seq);
    setOwn(out, param, argument(r, name, param, v, arg, source, seq));
  }
  const built: Built = { framework: 'keras', name, args: out, source, optimizer: undefined, consumed: false, isCallback };
  r.built.push(built);
  return { k: 'sched', built };
}

/** `model.compile(optimizer=...)`: an optimizer built above, or a name ('adam'); the other arguments only if they build something. */
export function modelCompile(r: ReaderContext, args: CallArguments, seq: number): Value {
  const optArg = args.keywords.find((k) => k.name === 'optimizer')?.value ?? args.positional[0];
  if (!optArg) return opaque('a compiled model');
  let v = r.evaluate(optArg, seq);
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
  for (const k of args.keywords) if (k.value !== optArg && interesting(r, k.value)) r.evaluate(k.value, seq);
  r.compiled = { value: v, at: optArg.from };
  return opaque('a compiled model');
}

/** `model.fit(..., epochs=, steps_per_epoch=)`: the horizon; the callbacks are read if they build something. */
export function modelFit(r: ReaderContext, args: CallArguments, seq: number): Value {
  for (const k of args.keywords) {
    if (k.name === 'epochs' || k.name === 'steps_per_epoch') {
      const v = r.evaluate(k.value, seq);
      if (v.k === 'py' && typeof v.v === 'bigint' && v.v > 0n && v.v <= BigInt(Number.MAX_SAFE_INTEGER)) {
        if (k.name === 'epochs') r.fitHorizon.epochs = Number(v.v);
        else r.fitHorizon.stepsPerEpoch = Number(v.v);
      }
    } else if (interesting(r, k.value)) {
      const v = r.evaluate(k.value, seq);
      if (v.k === 'fail' && interesting(r, k.value, true)) throw new Failure(v.error);
    }
  }
  for (const p of args.positional) if (interesting(r, p)) r.evaluate(p, seq);
  return opaque('a training history');
}
