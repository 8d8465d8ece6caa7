/**
 * The reader's one flat scope, as Python would see it statement by statement: every binding remembers the
 * statement that made it, so a name means what was last assigned above the statement being read. A binding may
 * hold a thunk, evaluated the first time something uses it (an unknown line that nothing uses never matters).
 */
import type { Tree } from '@lezer/common';
import { DEFAULT_MODULES } from '../catalog';
import type { PastedText } from './positions';
import { Failure, failed, opaque, type Value } from './values';

export interface Binding {
  readonly seq: number;
  /** Offset of the statement (for "assigned later" hints). */
  readonly at: number;
  value?: Value;
  thunk?: () => Value;
  busy?: boolean;
}

export class Scope {
  /** Every binding of each name, in the order made. */
  readonly bindings = new Map<string, Binding[]>();
  /** Where each name is assigned or defined anywhere in the paste (for "assigned later" hints). */
  readonly assignedAt = new Map<string, number[]>();
  /** Number of the statement being read (bindings made by it are not visible to it). */
  seq = 0;
  /** Offset of the statement being read. */
  statementAt = 0;

  constructor(
    private readonly source: PastedText,
    tree: Tree,
  ) {
    tree.iterate({
      enter: (ref) => {
        if (ref.name !== 'AssignStatement' && ref.name !== 'FunctionDefinition') return;
        for (let c = ref.node.firstChild; c && c.name !== 'AssignOp' && c.name !== 'Body'; c = c.nextSibling) {
          if (c.name !== 'VariableName') continue;
          const name = source.text.slice(c.from, c.to);
          const list = this.assignedAt.get(name) ?? [];
          list.push(ref.from);
          this.assignedAt.set(name, list);
        }
      },
    });
  }

  bind(name: string, at: number, value: Value | (() => Value)): void {
    const b: Binding = typeof value === 'function' ? { seq: this.seq, at, thunk: value } : { seq: this.seq, at, value };
    const list = this.bindings.get(name);
    if (list) list.push(b);
    else this.bindings.set(name, [b]);
  }

  /** The binding of `name` visible at statement `seq` (the last one made before it). */
  lookup(name: string, seq: number): Binding | undefined {
    const list = this.bindings.get(name);
    if (!list) return undefined;
    for (let i = list.length - 1; i >= 0; i--) {
      const b = list[i] as Binding;
      if (b.seq < seq) return b;
    }
    return undefined;
  }

  valueOf(b: Binding): Value {
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

  nameValue(name: string, at: number, seq: number): Value {
    const b = this.lookup(name, seq);
    if (b) return this.valueOf(b);
    const module = DEFAULT_MODULES.get(name);
    if (module) return { k: 'module', path: module };
    return failed(this.notDefined(name, seq), at);
  }

  notDefined(name: string, seq: number): string {
    const later = this.bindings.get(name)?.find((b) => b.seq >= seq)?.at ?? this.assignedAt.get(name)?.find((at) => at > this.statementAt);
    if (later !== undefined)
      return `NameError: name '${name}' is not defined (it is assigned later, on line ${this.source.snippet.position(later).line})`;
    return `NameError: name '${name}' is not defined`;
  }
}
