/**
 * The LR range test ("Find LR") as the page uses it: where a suggestion goes in a panel, writing it there through
 * the store's own actions (so undo and the link follow), and the part of a training config the test depends on (a
 * result is stale once that changes). Pure: no tfjs, no React; only the schedules' specs and the engine's config
 * helpers, which the page already imports.
 */
import { findFamily, type NumberParam } from '../schedules';
import { updateRuleOf } from '../training/config';
import type { TrainingConfig } from '../training/types';
import type { Panel, PlaygroundStore } from './store';

/**
 * Where a suggestion goes: an argument of the schedule (its peak, OneCycleLR's and CyclicLR's `max_lr`, or a Keras
 * schedule's `initial_learning_rate`), or the optimizer's LR. `none` where neither shapes the curve (a Keras
 * PiecewiseConstantDecay sets every LR itself through `values`), or the family is unknown.
 */
export type LrTarget =
  | { kind: 'arg'; name: 'max_lr' | 'initial_learning_rate'; label: 'max_lr' | 'initial LR' }
  | { kind: 'optimizer'; label: 'initial LR' }
  | { kind: 'none'; reason: string };

/** The argument names a suggestion can go into, in the order they are preferred, with their button labels. */
const TARGET_ARGS = [
  { name: 'max_lr', label: 'max_lr' },
  { name: 'initial_learning_rate', label: 'initial LR' },
] as const;

const isNumberParam = (p: { kind: string }): p is NumberParam => p.kind === 'number';

/**
 * Where a suggestion goes for this panel's family, read from its spec: its own `max_lr` if it has one (torch
 * OneCycleLR, CyclicLR), else its `initial_learning_rate` (Keras's LearningRateSchedules), else the optimizer's LR
 * where the family scales it. Wrappers (SequentialLR, ChainedScheduler, SWARecipe, Warmup) have neither argument
 * themselves and scale the optimizer's LR, so the suggestion goes there.
 */
export function lrTargetOf(panel: Pick<Panel, 'framework' | 'name'>): LrTarget {
  const spec = findFamily(panel.framework, panel.name);
  if (!spec) return { kind: 'none', reason: `There is no schedule ${panel.framework}.${panel.name}.` };
  for (const target of TARGET_ARGS) {
    const param = spec.params.find((p) => p.name === target.name);
    if (param && isNumberParam(param)) return { kind: 'arg', name: target.name, label: target.label };
  }
  if (spec.usesOptimizerLr) return { kind: 'optimizer', label: 'initial LR' };
  return {
    kind: 'none',
    reason: `${spec.name} sets its learning rates itself (its arguments, not the optimizer's LR): there is no single LR to write.`,
  };
}

/**
 * Writes `lr` where lrTargetOf says, through setArg / setOptimizer (one undo step, in the link as usual). False
 * (and nothing written) where the panel does not exist, has no target, or `lr` is not a positive finite number.
 */
export function applyLrSuggestion(store: PlaygroundStore, panelIndex: number, lr: number): boolean {
  const state = store.getState();
  const panel = state.panels[panelIndex];
  if (!panel || !(typeof lr === 'number' && Number.isFinite(lr) && lr > 0)) return false;
  const target = lrTargetOf(panel);
  if (target.kind === 'arg') state.setArg(panelIndex, [target.name], lr);
  else if (target.kind === 'optimizer') state.setOptimizer(panelIndex, { lr });
  else return false;
  return true;
}

/**
 * The part of a config the test depends on, as stable text: dataset, model, initialisation, batch size, seed, the
 * optimizer without its LR (the test sweeps the LR) and the update rule (the schedule's framework decides it). Not
 * the schedule's arguments or the epochs: using a suggestion (a new max_lr or LR) keeps a result current.
 */
export function lrTestKey(config: TrainingConfig): string {
  const { lr: _lr, ...optimizer } = config.optimizer;
  return JSON.stringify({
    dataset: config.dataset,
    model: config.model,
    init: config.init,
    batchSize: config.batchSize,
    seed: config.seed,
    optimizer,
    updateRule: updateRuleOf(config),
  });
}
