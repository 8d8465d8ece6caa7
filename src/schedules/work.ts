/**
 * Work counters: how much the engine did, in units that do not depend on the machine or its load. Tests bound
 * the work of hostile input with them (a wall-clock bound fails on a busy machine); `bench/` measures the time.
 *
 *   const { value, work } = countWork(() => parseScheduleCode(text));
 *   work.pythonSteps; // interpreter steps over every Python evaluation parseScheduleCode made
 *
 * Counting is off unless `countWork` is running: the engine then pays one null check per Python evaluation and
 * per syntax node list it reads. Everything is synchronous, so counting covers exactly the work of `run`.
 */

export interface Work {
  /** Evaluations by the safe Python interpreter: function calls, and expressions evaluated on their own. */
  pythonCalls: number;
  /** Interpreter steps over all those evaluations (each is stopped at STEP_LIMIT steps). */
  pythonSteps: number;
  /** The most steps one evaluation took. */
  maxPythonSteps: number;
  /** Syntax nodes the paste reader visited (a node read twice counts twice). */
  syntaxNodes: number;
}

let current: Work | null = null;

/** Runs `run` and counts the engine's work during it. Calls may nest: an inner count adds to the outer one. */
export function countWork<T>(run: () => T): { value: T; work: Work } {
  const outer = current;
  const work: Work = { pythonCalls: 0, pythonSteps: 0, maxPythonSteps: 0, syntaxNodes: 0 };
  current = work;
  try {
    const value = run();
    return { value, work };
  } finally {
    current = outer;
    if (outer) {
      outer.pythonCalls += work.pythonCalls;
      outer.pythonSteps += work.pythonSteps;
      outer.maxPythonSteps = Math.max(outer.maxPythonSteps, work.maxPythonSteps);
      outer.syntaxNodes += work.syntaxNodes;
    }
  }
}

/** Records one Python evaluation that took `steps` steps (the interpreter calls this, finished or stopped). */
export function recordPythonCall(steps: number): void {
  if (!current) return;
  current.pythonCalls++;
  current.pythonSteps += steps;
  if (steps > current.maxPythonSteps) current.maxPythonSteps = steps;
}

/** Records `count` syntax nodes read by the paste reader. */
export function recordSyntaxNodes(count: number): void {
  if (current) current.syntaxNodes += count;
}
