/** Small helpers over @lezer/python's syntax tree. */
import type { SyntaxNode } from '@lezer/common';
import { recordSyntaxNodes } from '../work';

/** Children of a node, without comments. */
export function kids(n: SyntaxNode): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  for (let c = n.firstChild; c; c = c.nextSibling) if (c.name !== 'Comment') out.push(c);
  recordSyntaxNodes(out.length);
  return out;
}

/** Every descendant (pre-order), without comments; `enter` returns false to skip a subtree. */
export function walk(n: SyntaxNode, enter: (m: SyntaxNode) => boolean | undefined): void {
  const stack: SyntaxNode[] = [n];
  while (stack.length > 0) {
    const m = stack.pop() as SyntaxNode;
    if (enter(m) === false) continue;
    const children = kids(m);
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i] as SyntaxNode);
  }
}

export interface Segment {
  readonly name: string;
  readonly at: number;
}

/** `a.b.c` as segments when the chain is plain names (no calls or subscripts in between), else null. */
export function dottedName(n: SyntaxNode, text: string): Segment[] | null {
  const out: Segment[] = [];
  let m: SyntaxNode | null = n;
  while (m) {
    if (m.name === 'VariableName') {
      out.unshift({ name: text.slice(m.from, m.to), at: m.from });
      return out;
    }
    if (m.name !== 'MemberExpression') return null;
    const ks = kids(m);
    const dot = ks[1];
    const prop = ks[2];
    if (dot?.name !== '.' || prop?.name !== 'PropertyName' || ks.length !== 3) return null;
    out.unshift({ name: text.slice(prop.from, prop.to), at: prop.from });
    m = ks[0] ?? null;
  }
  return null;
}

/** The arguments of an ArgList: positional values, keyword (name, value) pairs, and any `*`/`**`. */
export interface CallArguments {
  readonly positional: SyntaxNode[];
  readonly keywords: { name: string; nameNode: SyntaxNode; value: SyntaxNode }[];
  readonly starred: SyntaxNode | null;
  readonly generator: SyntaxNode | null;
}

export function callArguments(argList: SyntaxNode, text: string): CallArguments {
  const parts = kids(argList);
  const positional: SyntaxNode[] = [];
  const keywords: { name: string; nameNode: SyntaxNode; value: SyntaxNode }[] = [];
  let starred: SyntaxNode | null = null;
  let generator: SyntaxNode | null = null;
  for (let i = 0; i < parts.length; i++) {
    const p = parts[i] as SyntaxNode;
    if (p.name === '(' || p.name === ')' || p.name === ',') continue;
    if (p.name === '*' || p.name === '**') {
      starred ??= p;
      i++;
      continue;
    }
    if (p.name === 'for' || p.name === 'async') {
      generator ??= p;
      break;
    }
    const next = parts[i + 1];
    if (next?.name === 'AssignOp' && p.name === 'VariableName') {
      const value = parts[i + 2];
      if (value) keywords.push({ name: text.slice(p.from, p.to), nameNode: p, value });
      i += 2;
      continue;
    }
    positional.push(p);
  }
  return { positional, keywords, starred, generator };
}

/** The value nodes of a list, tuple or set display (null for a comprehension). */
export function elements(n: SyntaxNode): SyntaxNode[] | null {
  const out: SyntaxNode[] = [];
  for (const c of kids(n)) {
    if (c.name === 'for' || c.name === 'async') return null;
    if (c.name === '[' || c.name === ']' || c.name === '(' || c.name === ')' || c.name === ',' || c.name === '{' || c.name === '}')
      continue;
    out.push(c);
  }
  return out;
}

/**
 * The value of a plain Python string literal (prefixes r/u/b allowed; escapes \\ \' \" \n \t \r \0 decoded),
 * or null for an f-string or anything this does not decode.
 */
export function stringValue(source: string): string | null {
  const m = /^([rRuUbB]{0,2})('''|"""|'|")([\s\S]*)\2$/.exec(source);
  if (!m) return null;
  const prefix = (m[1] as string).toLowerCase();
  const body = m[3] as string;
  if (prefix.includes('r')) return body;
  let out = '';
  for (let i = 0; i < body.length; i++) {
    const c = body[i] as string;
    if (c !== '\\') {
      out += c;
      continue;
    }
    const next = body[i + 1];
    i++;
    switch (next) {
      case 'n':
        out += '\n';
        break;
      case 't':
        out += '\t';
        break;
      case 'r':
        out += '\r';
        break;
      case '0':
        out += '\0';
        break;
      case '\\':
      case "'":
      case '"':
        out += next;
        break;
      case '\n':
        break;
      default:
        return null;
    }
  }
  return out;
}
