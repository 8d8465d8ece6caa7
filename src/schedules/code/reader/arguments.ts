/**
 * Arguments of a constructor call, shared by the frameworks' constructors: binding them to parameter names as
 * Python does (with Python's TypeErrors), and turning an evaluated argument into what the engine's FrameworkCall
 * takes (numbers, strings, lists, Python source), remembering where each came from.
 */
import type { SyntaxNode } from '@lezer/common';
import { findFamily, fromFramework } from '../../registry';
import { OPTIMIZER } from '../catalog';
import type { CallArguments } from '../tree';
import { nameAt, TORCH_SCHEDULER_NAMES, TRANSFORMERS_NAMES } from './callees';
import type { ReaderContext } from './context';
import { functionSource } from './functions';
import { type BoundArgument, type CallSource, Failure, kindOf, pyToJs, type Value } from './values';

/** Binds a call's arguments to parameter names the way Python does (positional first, then keywords). */
export function bindArguments(
  label: string,
  positionalNames: readonly string[],
  required: number,
  args: CallArguments,
): Map<string, BoundArgument> {
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
  const bound = new Map<string, BoundArgument>();
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

/** How many of a family's leading positional parameters are required (the optimizer, then required params). */
export function requiredCount(framework: 'torch' | 'keras', name: string, positional: readonly string[]): number {
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
export function unknownName(r: ReaderContext, framework: 'torch' | 'keras' | 'transformers', name: string, callee: SyntaxNode): Failure {
  const made = fromFramework({ framework, name, args: {} });
  const message = made.ok ? `Unknown scheduler '${name}'` : made.error.message;
  return new Failure({ message, at: nameAt(r, callee) });
}

/** A scheduler's argument as the engine takes it (numbers, strings, lists, Python source). */
export function argument(
  r: ReaderContext,
  owner: string,
  param: string,
  v: Value,
  arg: BoundArgument,
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
      const fn = functionSource(r, v.fn, seq);
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
