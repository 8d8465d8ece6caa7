/**
 * The state of one reading of a paste, shared by the reader's modules (each a set of functions taking it first):
 * the prepared text, the scope, what has been built so far, the horizons seen, and where the statement being read
 * sits in loops. Evaluating an expression is reached through `evaluate`, which the entry point supplies, so the
 * constructors (which evaluate their arguments) and the expression evaluator (which calls the constructors) do
 * not import each other.
 */
import type { SyntaxNode, Tree } from '@lezer/common';
import type { Snippet } from '../source';
import { PastedText } from './positions';
import { Scope } from './scope';
import type { Built, OptimizerValue, Value } from './values';

export interface PartialHorizon {
  epochs?: number;
  stepsPerEpoch?: number;
}

/** PyTorch's SWA loop: `if epoch > swa_start: swa_scheduler.step()` / `else: scheduler.step()`. */
export interface SwaRecipe {
  readonly scheduler: Built;
  readonly swa: Built;
  readonly swaStart: number;
}

export type Evaluator = (r: ReaderContext, n: SyntaxNode, seq: number) => Value;

export class ReaderContext {
  readonly source: PastedText;
  readonly scope: Scope;
  /** Every scheduler built, in order (also those nested in another). */
  readonly built: Built[] = [];
  /** Schedulers whose step() the branch being read calls (for the SWA recipe's `if epoch > swa_start:`). */
  stepLog: Built[] | undefined;
  readonly recipes: SwaRecipe[] = [];
  readonly optimizers: OptimizerValue[] = [];
  compiled: { value: Value; at: number } | undefined;
  readonly fitHorizon: PartialHorizon = {};
  readonly loopHorizon: PartialHorizon = {};
  readonly oneCycleHorizon: PartialHorizon = {};
  /** OneCycleLR's `total_steps`, where it set oneCycleHorizon. */
  oneCycleTotal: number | undefined;
  /** Inside a scheduler's arguments (> 0): `len(loader)` comes from the horizon. */
  lengthsFromHorizon = 0;
  /** Inside a transformers schedule's arguments (> 0): an undefined `epochs` (`num_epochs`, ...) comes from the horizon too. */
  epochNamesFromHorizon = 0;
  /** The horizon values those arguments used. */
  readonly lenHorizon: PartialHorizon = {};
  /** Depth of `for epoch in range(...)` loops being read (0: none). */
  epochLoopDepth = 0;
  /** How deep `evaluate` is nested. */
  depth = 0;
  /** Loops (for / while) around the statement being read, innermost last: whether each is an epoch loop. */
  readonly loops: boolean[] = [];
  /** What the reading assumed or rewrote, for the paste notice (each said once, in order). */
  readonly notes: string[] = [];
  /** Which frameworks the paste mentions, for names both have (Adam, ReduceLROnPlateau). */
  readonly flavor: { readonly torch: boolean; readonly keras: boolean };

  constructor(
    snippet: Snippet,
    readonly tree: Tree,
    private readonly evaluator: Evaluator,
    readonly horizon: { readonly epochs: number; readonly stepsPerEpoch: number } = { epochs: 50, stepsPerEpoch: 100 },
  ) {
    this.source = new PastedText(snippet, tree);
    this.scope = new Scope(this.source, tree);
    const text = this.source.text;
    this.flavor = {
      torch: /\btorch\b/.test(text),
      keras: /\b(?:keras|tensorflow|tf_keras)\b|\btf\s*\./.test(text),
    };
  }

  /** Records a sentence for the paste notice (once). */
  note(text: string): void {
    if (!this.notes.includes(text)) this.notes.push(text);
  }

  /** The value of an expression as seen from statement `seq`. */
  evaluate(n: SyntaxNode, seq: number): Value {
    return this.evaluator(this, n, seq);
  }
}
