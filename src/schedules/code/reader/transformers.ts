/**
 * Hugging Face transformers' schedule functions, `get_linear_schedule_with_warmup(optimizer, 500, 10000)` and
 * `get_scheduler("cosine", optimizer, ...)` with its `scheduler_specific_kwargs`.
 */
import type { SyntaxNode } from '@lezer/common';
import { findFamily } from '../../registry';
import { OPTIMIZER, TRANSFORMERS_POSITIONAL } from '../catalog';
import { type CallArguments, callArguments, kids, stringValue } from '../tree';
import { argument, bindArguments, unknownName } from './arguments';
import { nameAt } from './callees';
import type { ReaderContext } from './context';
import { torchOptimizerArgument } from './torch';
import { type BoundArgument, type Built, type CallSource, Failure, kindOf, own, setOwn, type Value } from './values';

/** `get_scheduler(SchedulerType.COSINE, ...)`: the enum member, read as its value. */
const SCHEDULER_TYPE_MEMBER = /^transformers\.SchedulerType\.([A-Z][A-Z_]*)$/;

/**
 * A Hugging Face transformers schedule function (`get_linear_schedule_with_warmup(optimizer, 500, 10000)`) or
 * `get_scheduler("cosine", optimizer, ...)`: the optimizer as for a torch scheduler, the other arguments as values.
 * While its arguments are read, `len(train_loader)` is the horizon's steps per epoch and an undefined `epochs`
 * (`num_epochs`, ...) its epochs, so `num_training_steps=len(train_loader) * epochs` spans the horizon.
 */
export function hfSchedule(r: ReaderContext, n: SyntaxNode, callee: SyntaxNode, name: string, args: CallArguments, seq: number): Value {
  const positional = own(TRANSFORMERS_POSITIONAL, name);
  if (!positional) throw unknownName(r, 'transformers', name, callee);
  const spec = findFamily('transformers', name);
  let required = 0;
  for (const p of positional) {
    if (p === OPTIMIZER || (name === 'get_scheduler' && p === 'name') || spec?.params.find((q) => q.name === p)?.required) required++;
    else break;
  }
  let bound: Map<string, BoundArgument>;
  try {
    bound = bindArguments(name, positional, required, args);
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
  const source: CallSource = { at: n.from, nameAt: nameAt(r, callee), args: new Map() };
  const optArg = bound.get(OPTIMIZER) ?? bound.get('optimizer');
  bound.delete(OPTIMIZER);
  bound.delete('optimizer');
  if (!optArg) throw new Failure({ message: `TypeError: ${name}() missing 1 required positional argument: 'optimizer'`, at: n.from });
  const optimizer = torchOptimizerArgument(r, name, optArg, seq, source, 'the optimizer argument');
  const out: Record<string, unknown> = {};
  r.lengthsFromHorizon++;
  r.epochNamesFromHorizon++;
  try {
    for (const [param, arg] of bound) {
      if (name === 'get_scheduler' && param === 'scheduler_specific_kwargs') {
        setOwn(out, param, kwargsDict(r, arg, source, seq));
        continue;
      }
      const value = r.evaluate(arg.value, seq);
      const member = value.k === 'module' ? SCHEDULER_TYPE_MEMBER.exec(value.path) : null;
      if (name === 'get_scheduler' && param === 'name' && member) {
        source.args.set(param, { at: arg.at });
        setOwn(out, param, (member[1] as string).toLowerCase());
        continue;
      }
      setOwn(out, param, argument(r, name, param, value, arg, source, seq));
    }
  } finally {
    r.lengthsFromHorizon--;
    r.epochNamesFromHorizon--;
  }
  const built: Built = { framework: 'transformers', name, args: out, source, optimizer, consumed: false, isCallback: false };
  r.built.push(built);
  return { k: 'sched', built };
}

/** get_scheduler's `scheduler_specific_kwargs`: a dict literal `{"num_cycles": 1}`, `dict(num_cycles=1)` or None. */
function kwargsDict(r: ReaderContext, arg: BoundArgument, source: CallSource, seq: number): Record<string, unknown> | null {
  const pasted = r.source;
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
      const keyText = key?.name === 'String' ? stringValue(pasted.src(key)) : null;
      if (!key || !value || ks[i + 1]?.name !== ':' || keyText === null) {
        throw new Failure({
          message: 'Not supported: scheduler_specific_kwargs must be a dict with string keys, e.g. {"num_cycles": 1}',
          at: key?.from ?? node.from,
        });
      }
      entries.push({ key: keyText, value, at: key.from });
    }
  } else if (node.name === 'CallExpression' && pasted.src(node.firstChild as SyntaxNode) === 'dict' && !r.scope.lookup('dict', seq)) {
    const list = node.lastChild ? callArguments(node.lastChild, pasted.text) : undefined;
    if (!list || list.positional.length > 0 || list.starred) {
      throw new Failure({
        message: 'Not supported: dict(...) with positional arguments; write dict(num_cycles=1) or {"num_cycles": 1}',
        at: node.from,
      });
    }
    for (const k of list.keywords) entries.push({ key: k.name, value: k.value, at: k.nameNode.from });
  } else {
    const v = r.evaluate(node, seq);
    if (v.k === 'fail') throw new Failure(v.error);
    if (v.k === 'py' && v.v === null) return null;
    throw new Failure({
      message: `get_scheduler: scheduler_specific_kwargs must be a dict literal here, e.g. {"num_cycles": 1}, got ${kindOf(v)} (the playground reads literals and names assigned above)`,
      at: arg.at,
    });
  }
  const scratch: CallSource = { at: arg.at, nameAt: arg.at, args: new Map() };
  for (const e of entries) {
    const v = r.evaluate(e.value, seq);
    setOwn(out, e.key, argument(r, 'get_scheduler', e.key, v, { value: e.value, at: e.at }, scratch, seq));
  }
  return out;
}
