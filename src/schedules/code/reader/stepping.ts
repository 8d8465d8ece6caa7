/**
 * Where the code calls a scheduler's step(): inside a loop nested in another (per batch) or in an epoch loop
 * (per epoch), which decides a torch scheduler's tick; and PyTorch's SWA loop, `if epoch > swa_start:
 * swa_scheduler.step()` / `else: scheduler.step()`, which makes two schedulers one SWARecipe.
 */
import type { SyntaxNode } from '@lezer/common';
import { type CallArguments, kids } from '../tree';
import type { ReaderContext } from './context';
import { type Built, Failure, opaque, type Value } from './values';

/**
 * PyTorch's SWA loop, `if epoch > swa_start: swa_scheduler.step()` and `else: scheduler.step()` (or `>=`, one
 * epoch earlier), with an SWALR built after the scheduler on the same optimizer: read as one SWARecipe. Reads
 * both branches (true) when the statement has that shape, whatever they step; `readBody` reads a branch's statements.
 */
export function swaRecipeBranch(r: ReaderContext, st: SyntaxNode, readBody: (body: SyntaxNode) => void): boolean {
  const ks = kids(st);
  if (ks.length !== 5 || ks[0]?.name !== 'if' || ks[2]?.name !== 'Body' || ks[3]?.name !== 'else' || ks[4]?.name !== 'Body') return false;
  const condition = ks[1] as SyntaxNode;
  const parts = condition.name === 'BinaryExpression' ? kids(condition) : [];
  const comparison = parts[1] ? r.source.src(parts[1]) : '';
  if (parts.length !== 3 || (comparison !== '>' && comparison !== '>=') || r.source.brokenIn(st.from, st.to)) return false;
  const bound = r.evaluate(parts[2] as SyntaxNode, r.scope.seq);
  if (bound.k !== 'py' || typeof bound.v !== 'bigint' || bound.v < -(2n ** 40n) || bound.v > 2n ** 40n) return false;
  const stepsIn = (body: SyntaxNode): Built[] => {
    const outer = r.stepLog;
    const log: Built[] = [];
    r.stepLog = log;
    try {
      readBody(body);
    } finally {
      r.stepLog = outer;
    }
    outer?.push(...log);
    return log;
  };
  const [swa, ...moreSwa] = stepsIn(ks[2] as SyntaxNode);
  const [scheduler, ...moreScheduler] = stepsIn(ks[4] as SyntaxNode);
  const built = r.built;
  if (
    swa &&
    scheduler &&
    moreSwa.length === 0 &&
    moreScheduler.length === 0 &&
    swa.framework === 'torch' &&
    swa.name === 'SWALR' &&
    scheduler.framework === 'torch' &&
    scheduler.name !== 'SWALR' &&
    scheduler.name !== 'ReduceLROnPlateau' &&
    swa.optimizer === scheduler.optimizer &&
    built.indexOf(scheduler) < built.indexOf(swa) &&
    !r.recipes.some((recipe) => recipe.swa === swa || recipe.scheduler === scheduler)
  ) {
    r.recipes.push({ scheduler, swa, swaStart: Number(bound.v) - (comparison === '>=' ? 1 : 0) });
  }
  return true;
}

/** `scheduler.step()`: remembers where it is called; an argument is refused (except a plateau's metric). */
export function step(r: ReaderContext, n: SyntaxNode, built: Built, args: CallArguments): Value {
  r.stepLog?.push(built);
  // Where step() is called tells the tick: in a loop nested in another, per batch; in an epoch loop, per epoch.
  const depth = r.loops.length;
  if (depth >= 2) built.steppedPer = 'step';
  else if (depth === 1 && r.loops[0]) built.steppedPer = 'epoch';
  const count = args.positional.length + args.keywords.length;
  const plateau =
    (built.framework === 'torch' && built.name === 'ReduceLROnPlateau') ||
    (built.name === 'get_scheduler' && built.args.name === 'reduce_lr_on_plateau');
  if (count > 0 && !plateau) {
    throw new Failure({
      message: `Not supported: ${built.name}.step() with an argument (${r.source.excerpt(n)}): the playground's curve is the one step() without arguments gives, once per tick`,
      at: n.from,
    });
  }
  return opaque('None');
}
