/**
 * The state of one evaluation (a Frame: its locals, its globals and the steps it has taken), the step budget
 * that bounds it, and the two errors the interpreter reports: PythonError at run time, LoadError at load time.
 *
 * `step` and `charge` are the one place where work is charged against the budget (`step`: one node evaluated;
 * `charge`: work that grows with the size of the numbers, priced by cost.ts), and openFrame / closeFrame the one
 * place where an evaluation starts and ends (and its steps are recorded for ../work.ts).
 */
import { recordPythonCall } from '../work';
import { PyError, type Value } from './value-types';

/**
 * Steps allowed for one call: node evaluations, plus the big-integer work of cost.ts in the same units. At the
 * 10 to 40 ns a step takes, one call is bounded to well under a millisecond, whatever it computes.
 */
export const STEP_LIMIT = 10_000;

/** The message of a call stopped by `charge`: its numbers are too big for the budget, not its code too long. */
export const BIG_WORK_MESSAGE = `this function needs more than ${STEP_LIMIT} steps of work for one call (big-integer arithmetic is counted by the size of the numbers); simplify it`;

/** A Python exception raised while running user code, with the offset (in the prepared text) of the failing node. */
export class PythonError extends Error {
  readonly pyType: string;
  readonly detail: string;
  readonly at: number;
  constructor(pyType: string, detail: string, at: number) {
    super(`${pyType}: ${detail}`);
    this.name = 'PythonError';
    this.pyType = pyType;
    this.detail = detail;
    this.at = at;
  }
}

/** A refusal found while loading the code (unknown function, recursion, ...), or an error raised by module code. */
export class LoadError extends Error {
  readonly at: number;
  constructor(message: string, at: number) {
    super(message);
    this.at = at;
  }
}

/** A LoadError for code outside the supported subset. */
export function refuse(message: string, at: number): LoadError {
  return new LoadError(message, at);
}

export interface Frame {
  readonly locals: (Value | undefined)[];
  readonly globals: ReadonlyMap<string, Value>;
  steps: number;
  /** Offset of the node being evaluated, for the position of an error. */
  at: number;
  /** The evaluation that was running when this one opened (none can today: there are no user-defined calls). */
  readonly outer: Frame | null;
}

/**
 * The evaluation running now, which `charge` bills. The arithmetic (ints.ts, builtins) is called with values,
 * not frames, so the frame is found here rather than passed through every operator and builtin; openFrame and
 * closeFrame keep it exact, and everything is synchronous.
 */
let running: Frame | null = null;

/** A fresh frame for one evaluation; every frame opened is closed with closeFrame, however the evaluation ends. */
export function openFrame(locals: (Value | undefined)[], globals: ReadonlyMap<string, Value>, at: number): Frame {
  const f: Frame = { locals, globals, steps: 0, at, outer: running };
  running = f;
  return f;
}

/** Ends an evaluation, finished or stopped: its steps count towards the work of ../work.ts. */
export function closeFrame(f: Frame): void {
  running = f.outer;
  recordPythonCall(f.steps);
}

/** Charges one step (one node evaluated) to the frame, or stops the evaluation at `at` once the budget is spent. */
export function step(f: Frame, at: number): void {
  if (f.steps >= STEP_LIMIT) {
    f.at = at;
    throw new PyError('RuntimeError', `evaluation stopped after ${STEP_LIMIT} steps (the limit for one call)`);
  }
  f.steps++;
}

/**
 * Charges `units` steps of work whose cost grows with the size of the numbers (cost.ts prices it) to the running
 * evaluation, BEFORE that work is done: an operation that would take the call past STEP_LIMIT is refused without
 * being started. Small ints cost 0 units here (their one step per node covers them). Outside any evaluation
 * (the paste reader calls `binop` on its own), each operation alone is held to one call's budget.
 */
export function charge(units: number): void {
  if (units <= 0) return;
  const f = running;
  if ((f ? f.steps : 0) + units > STEP_LIMIT) throw new PyError('RuntimeError', BIG_WORK_MESSAGE);
  if (f) f.steps += units;
}
