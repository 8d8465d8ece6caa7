/**
 * The state of one evaluation (a Frame: its locals, its globals and the steps it has taken), the step budget
 * that bounds it, and the two errors the interpreter reports: PythonError at run time, LoadError at load time.
 *
 * `step` is the one place where work is charged against the budget, and openFrame / closeFrame the one place
 * where an evaluation starts and ends (and its steps are recorded for ../work.ts).
 */
import { recordPythonCall } from '../work';
import { PyError, type PyValue } from './value-types';

/** Node evaluations allowed for one call. */
export const STEP_LIMIT = 10_000;

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
  readonly locals: (PyValue | undefined)[];
  readonly globals: ReadonlyMap<string, PyValue>;
  steps: number;
  /** Offset of the node being evaluated, for the position of an error. */
  at: number;
}

/** A fresh frame for one evaluation; every frame opened is closed with closeFrame, however the evaluation ends. */
export function openFrame(locals: (PyValue | undefined)[], globals: ReadonlyMap<string, PyValue>, at: number): Frame {
  return { locals, globals, steps: 0, at };
}

/** Ends an evaluation, finished or stopped: its steps count towards the work of ../work.ts. */
export function closeFrame(f: Frame): void {
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
