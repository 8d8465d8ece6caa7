/**
 * A schedule's live formula as native MathML (MathML Core: Chromium, Firefox and Safari render it): no KaTeX,
 * no HTML strings, every node a React element. The tree comes from src/schedules/formulas.ts.
 */
import { createElement, type ReactNode, type RefObject, useId, useLayoutEffect, useRef, useState } from 'react';
import { FUNCTION_NAMES, type Formula as FormulaModel, inlineFraction, type MathNode, numberParts } from '../schedules/formulas';
import './formula.css';

const NBSP = '\u00a0';
const APPLY = '\u2061';

function isFunctionName(node: MathNode): boolean {
  const name = node.kind === 'sub' ? node.base : node;
  return name.kind === 'operator' && FUNCTION_NAMES.has(name.text);
}

const INVISIBLE_TIMES = '\u2062';

function startsWithFunction(node: MathNode): boolean {
  if (isFunctionName(node)) return true;
  return node.kind === 'row' && node.children[0] !== undefined && startsWithFunction(node.children[0]);
}

const FENCES: Readonly<Record<string, string>> = { '(': ')', '⌊': '⌋', '⌈': '⌉', '[': ']' };

/** Whether a node is taller than a line of text, so that fences around it should stretch. */
function isTall(node: MathNode, inline: boolean): boolean {
  switch (node.kind) {
    case 'frac':
      return !inline;
    case 'cases':
      return true;
    case 'subsup':
      return node.base.kind === 'operator' && node.base.text === '∏';
    case 'row':
      return node.children.some((c) => isTall(c, inline));
    case 'sqrt':
      return isTall(node.body, inline);
    default:
      return false;
  }
}

function el(tag: string, props: Record<string, string> | null, ...children: ReactNode[]): ReactNode {
  return createElement(tag, props, ...children);
}

function renderNumber(value: number): ReactNode {
  const { negative, mantissa, exponent } = numberParts(value);
  const digits = mantissa === '∞' || mantissa === 'NaN' ? el('mi', { mathvariant: 'normal' }, mantissa) : el('mn', null, mantissa);
  const magnitude =
    exponent === undefined
      ? digits
      : el(
          'mrow',
          null,
          digits,
          el('mo', null, '×'),
          el(
            'msup',
            null,
            el('mn', null, '10'),
            exponent < 0 ? el('mrow', null, el('mo', null, '−'), el('mn', null, String(-exponent))) : el('mn', null, String(exponent)),
          ),
        );
  return negative ? el('mrow', null, el('mo', null, '−'), magnitude) : magnitude;
}

function renderOperator(text: string): ReactNode {
  // Function names read as upright names; `mod` is a binary operator with the spacing of one.
  if (FUNCTION_NAMES.has(text)) return el('mi', null, text);
  if (text === 'mod') return el('mo', { lspace: '0.4em', rspace: '0.4em' }, text);
  if (text === '∏') return el('mo', { largeop: 'true' }, text);
  return el('mo', null, text);
}

/**
 * `inScript`: inside a sub- or superscript or a fraction, where a stacked fraction would be too small, fractions go
 * inline.
 */
function render(node: MathNode, inScript: boolean): ReactNode {
  switch (node.kind) {
    case 'identifier':
      return el('mi', node.text === 'π' ? { mathvariant: 'normal' } : null, node.text);
    case 'number':
      return renderNumber(node.value);
    case 'operator':
      return renderOperator(node.text);
    case 'text':
      return el('mtext', null, node.text.length > 1 ? `${NBSP}${node.text}${NBSP}` : node.text);
    case 'row': {
      const [open, middle, close] = node.children;
      if (
        node.children.length === 3 &&
        open?.kind === 'operator' &&
        close?.kind === 'operator' &&
        middle &&
        FENCES[open.text] === close.text
      ) {
        // Fences stretch only around something tall: Chromium spaces a stretchy fence at its normal size oddly.
        const fence = isTall(middle, inScript) ? null : { stretchy: 'false' };
        return el('mrow', null, el('mo', fence, open.text), render(middle, inScript), el('mo', fence, close.text));
      }
      const children: ReactNode[] = [];
      node.children.forEach((c, i) => {
        // A thin space between a factor and a function name (π min(…)), as in print.
        const previous = node.children[i - 1];
        if (startsWithFunction(c) && previous?.kind === 'operator' && previous.text === INVISIBLE_TIMES) {
          children.push(el('mspace', { width: '0.1667em' }));
        }
        children.push(render(c, inScript));
        // After a function name (cos, min, log_2) comes an invisible "function application", for screen readers.
        if (isFunctionName(c)) children.push(el('mo', null, APPLY));
      });
      return el('mrow', null, ...children);
    }
    case 'sub':
      return el('msub', null, render(node.base, inScript), render(node.sub, true));
    case 'sup':
      return el('msup', null, render(node.base, inScript), render(node.sup, true));
    case 'subsup':
      return el('msubsup', null, render(node.base, inScript), render(node.sub, true), render(node.sup, true));
    case 'frac':
      return inScript ? render(inlineFraction(node), true) : el('mfrac', null, render(node.num, true), render(node.den, true));
    case 'sqrt':
      return el('msqrt', null, render(node.body, inScript));
    case 'cases':
      return el(
        'mrow',
        null,
        el('mo', { stretchy: 'true', fence: 'true' }, '{'),
        el(
          'mtable',
          { className: 'formula-cases' },
          ...node.rows.map((r) =>
            el(
              'mtr',
              null,
              el('mtd', null, render(r.value, inScript)),
              el('mtd', { className: 'formula-condition' }, render(r.condition, inScript)),
            ),
          ),
        ),
      );
  }
}

/** Which sides of a scrolled box have more content beyond them ('left', 'right', 'both'), or undefined. */
function useOverflowSides(ref: RefObject<HTMLElement | null>, content: unknown): string | undefined {
  const [sides, setSides] = useState<string | undefined>();
  // biome-ignore lint/correctness/useExhaustiveDependencies: `content` is what changes the width to measure
  useLayoutEffect(() => {
    const box = ref.current;
    if (!box) return;
    const measure = () => {
      const left = box.scrollLeft > 1;
      const right = box.scrollLeft + box.clientWidth < box.scrollWidth - 1;
      setSides(left && right ? 'both' : left ? 'left' : right ? 'right' : undefined);
    };
    measure();
    box.addEventListener('scroll', measure, { passive: true });
    const observer = typeof ResizeObserver === 'function' ? new ResizeObserver(measure) : undefined;
    observer?.observe(box);
    return () => {
      box.removeEventListener('scroll', measure);
      observer?.disconnect();
    };
  }, [ref, content]);
  return sides;
}

/**
 * The formula, its plain-text form as the accessible name, and a caption saying what the symbols are. A formula
 * wider than its box scrolls sideways, with a fade on the side that has more and keyboard scrolling (it is
 * focusable), so a cut-off formula never looks complete.
 */
export function Formula({ formula }: { formula: FormulaModel | undefined }) {
  const scroller = useRef<HTMLDivElement>(null);
  const overflow = useOverflowSides(scroller, formula);
  const hintId = useId();
  if (!formula) return null;
  return (
    <figure className="formula" aria-label="Formula">
      <div
        ref={scroller}
        className="formula-scroll"
        data-overflow={overflow}
        // Focusable only where there is something to scroll to, so the keyboard can reach the rest.
        tabIndex={overflow ? 0 : undefined}
        aria-describedby={overflow ? hintId : undefined}
      >
        {createElement('math', { display: 'block', alttext: formula.text, 'aria-label': formula.text }, render(formula.math, false))}
      </div>
      {overflow ? (
        <p className="formula-scroll-hint" id={hintId}>
          Scroll sideways for the rest of the formula.
        </p>
      ) : null}
      <figcaption className="formula-legend">{formula.legend}</figcaption>
    </figure>
  );
}
