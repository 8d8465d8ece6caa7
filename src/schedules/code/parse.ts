/**
 * `parseScheduleCode`: pasted PyTorch or Keras code -> the scheduler calls it makes, as FrameworkCalls.
 *
 * The paste is prepared tolerantly (source.ts) and parsed once with @lezer/python. Its statements are then read
 * in order, as Python would run them, with a flat scope: imports bind module paths, assignments bind values,
 * `def`s bind functions. Nothing is executed. A statement is evaluated right away only where it constructs
 * something we know (a scheduler, an optimizer, `model.compile`, `model.fit`); every other assignment is kept
 * unevaluated and evaluated only if a scheduler argument uses it, so a broken or unknown line that nothing uses
 * never matters. Argument values are Python expressions over literals and names bound above, evaluated by the safe
 * evaluator of ../python (lists, tuples and strings are read here). Function arguments (a lambda, or a def passed
 * by name) are passed on as Python source, with the constants and math/numpy imports they read prepended.
 *
 * Every error carries the 1-based line and column in the text as pasted. Errors of the engine (`fromFramework`)
 * come with a path like `args.schedulers[1].args.gamma`, which is mapped back to that argument's position.
 *
 * The reader lives in ./reader: context.ts (the state of one reading), statements.ts, expressions.ts,
 * callees.ts, the constructors per framework (torch.ts, transformers.ts, keras.ts, optimizers.ts, stepping.ts,
 * arguments.ts, functions.ts), positions.ts (errors in the paste) and finish.ts (the result).
 */
import { parser } from '@lezer/python';
import { fail, type Result } from '../types';
import { MAX_BRACKET_DEPTH, scanBrackets } from './reader/brackets';
import { ReaderContext } from './reader/context';
import { evaluate } from './reader/expressions';
import { finish, NOTHING_BUILT, ONLY_AN_OPTIMIZER, type ParsedCode } from './reader/finish';
import { block } from './reader/statements';
import { Failure } from './reader/values';
import { kids } from './tree';
import { MAX_CODE_LENGTH, prepareSnippet } from './source';

export { MAX_BRACKET_DEPTH } from './reader/brackets';
export type { ParsedCode } from './reader/finish';

/** Whether an error only says the code builds nothing yet (what a half-typed first line gives). */
export function buildsNothingYet(error: { message: string }): boolean {
  return error.message === NOTHING_BUILT || error.message === ONLY_AN_OPTIMIZER;
}

/**
 * Where code still being typed is open: the innermost bracket not closed yet, or a string it ends inside, or
 * undefined when the code is complete. The paste panel shows a neutral hint instead of an error for such code
 * until the user pauses longer or leaves the box.
 */
export function stillOpen(source: string): { what: string; line: number; column: number } | undefined {
  if (typeof source !== 'string' || source.length > MAX_CODE_LENGTH) return undefined;
  const scan = scanBrackets(source);
  if (scan.tooDeep) return undefined;
  if (scan.inString) return { what: 'a string', ...scan.inString };
  return scan.open ? { what: `'${scan.open.ch}'`, line: scan.open.line, column: scan.open.column } : undefined;
}

/**
 * Reads pasted PyTorch or Keras code and returns the schedules it builds. Never throws: every failure comes back
 * as `{ ok: false, error: { message, line, column } }` with a position in the text as pasted.
 */
export function parseScheduleCode(source: string, options?: { horizon?: { epochs: number; stepsPerEpoch: number } }): Result<ParsedCode> {
  if (typeof source !== 'string') return fail({ message: 'The code must be a string', line: 1, column: 1 });
  if (source.length > MAX_CODE_LENGTH) {
    return fail({
      message: `The code is too long (${source.length.toLocaleString('en-US')} characters; at most ${MAX_CODE_LENGTH.toLocaleString('en-US')}): paste the lines that set up the optimizer and the scheduler`,
      line: 1,
      column: 1,
    });
  }
  let reader: ReaderContext | undefined;
  try {
    // Nesting is bounded before parsing: the parser and the tree walks take seconds on 50,000 `(` and then
    // overflow the stack; the scan is one linear pass (strings and comments do not count).
    const { tooDeep } = scanBrackets(source);
    if (tooDeep) {
      return fail({
        message: `Too deeply nested: this '${tooDeep.ch}' opens bracket level ${MAX_BRACKET_DEPTH + 1}; the playground reads code nested at most ${MAX_BRACKET_DEPTH} levels deep in (), [] and {} together`,
        line: tooDeep.line,
        column: tooDeep.column,
      });
    }
    const snippet = prepareSnippet(source);
    const tree = parser.parse(snippet.text);
    reader = new ReaderContext(snippet, tree, evaluate, options?.horizon);
    block(reader, kids(tree.topNode));
    return finish(reader);
  } catch (e) {
    if (e instanceof Failure && reader) return reader.source.fail(e.located);
    const detail = e instanceof Error ? e.message : String(e);
    return fail({ message: `Internal error while reading the code: ${detail}`, line: 1, column: 1 });
  }
}
