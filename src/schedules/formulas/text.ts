/** The formula as plain text: screen readers' fallback, tests, and the one-line fractions MathML scripts use. */
import { formatNumber, INVISIBLE_TIMES, isFenced, isNumber, isWord, type MathNode, MINUS, op, paren, precedence, row } from './math';

/** `a / b` on one line, with the parentheses the stacked fraction did not need (also used in MathML scripts). */
export function inlineFraction(node: { num: MathNode; den: MathNode }): MathNode {
  const num = precedence(node.num) < 2 ? paren(node.num) : node.num;
  const den = precedence(node.den) < 3 ? paren(node.den) : node.den;
  return row(num, op('/'), den);
}

const SPACED = new Set(['+', MINUS, '·', '×', '/', '=', '<', '>', '≤', '≥', '←', 'mod']);
const LETTER_END = /[\p{L}}]$/u;
const LETTER_START = /^\p{L}/u;

/** A subscript that needs no braces (`t`, `max`, `2`); a superscript may also be a negative number or a fenced group. */
function bare(text: string, allowSign: boolean): boolean {
  return (allowSign ? /^−?[\p{L}\p{N}.]+$/u : /^[\p{L}\p{N}.]+$/u).test(text);
}

function textOf(node: MathNode, compact: boolean): string {
  switch (node.kind) {
    case 'identifier':
      return node.text;
    case 'number':
      return formatNumber(node.value);
    case 'operator':
      if (node.text === INVISIBLE_TIMES) return '';
      if (node.text === ',') return compact ? ',' : ', ';
      if (SPACED.has(node.text)) return compact && node.text !== 'mod' ? node.text : ` ${node.text} `;
      return node.text;
    case 'text':
      return isWord(node.text) ? ` ${node.text} ` : node.text;
    case 'row': {
      let out = '';
      for (const child of node.children) {
        const piece = textOf(child, compact);
        // Juxtaposed names stay apart: `π t`, `π min(…)`.
        if (LETTER_END.test(out) && LETTER_START.test(piece)) out += ' ';
        out += piece;
      }
      return out;
    }
    case 'sub': {
      const s = textOf(node.sub, true);
      return `${textOf(node.base, compact)}_${bare(s, false) ? s : `{${s}}`}`;
    }
    case 'sup': {
      const s = textOf(node.sup, compact);
      return `${textOf(node.base, compact)}^${bare(s, true) || isFenced(node.sup) ? s : `{${s}}`}`;
    }
    case 'subsup': {
      const s = textOf(node.sub, true);
      const p = textOf(node.sup, true);
      return `${textOf(node.base, compact)}_${bare(s, false) ? s : `{${s}}`}^${bare(p, true) ? p : `{${p}}`}`;
    }
    case 'frac':
      if (isNumber(node.num, 1) && isNumber(node.den, 2)) return '½';
      return textOf(inlineFraction(node), compact);
    case 'sqrt': {
      const body = textOf(node.body, compact);
      return `√${bare(body, false) || isFenced(node.body) ? body : `(${body})`}`;
    }
    case 'cases':
      return ` { ${node.rows.map((x) => `${textOf(x.value, compact)} ${textOf(x.condition, compact)}`).join('; ')} } `;
  }
}

/** The formula as one line of plain text: `η_t = 0.1 · 0.5^⌊t / 10⌋`. */
export function toText(node: MathNode): string {
  return textOf(node, false)
    .replace(/\s+/g, ' ')
    .replace(/\( /g, '(')
    .replace(/ \)/g, ')')
    .replace(/ ([,;])/g, '$1')
    .trim();
}
