/**
 * The schedule engine's public API. Tests, the UI, the worker and tutorial authors use these names.
 *
 *   const s = fromFramework({ framework: 'torch', name: 'StepLR', args: { step_size: 30 }, optimizer: { lr: 0.1 } });
 *   if (s.ok) { const r = sample(s.value, 100); if (r.ok) r.value.lr; }
 *
 * Index semantics: `lr[i]` is the LR the optimizer uses during tick `i` (0-based). For torch that is
 * `optimizer.param_groups[0]['lr']` after the constructor and `i` calls of `scheduler.step()`.
 *
 * A training loop steps a schedule live with `startRun` (what `sample` itself runs on):
 *   const run = startRun(s.value);            // run.value.stepEvery: 'epoch' | 'batch'; .monitor for plateaus
 *   run.value.current();                      // { ok, value: { lr, momentum? } } for the next optimizer step
 *   run.value.step(valLoss);                  // one scheduler.step(); the metric only for plateau schedules
 */
export type {
  Framework,
  FrameworkCall,
  Monitor,
  OptimizerKind,
  OptimizerSpec,
  Result,
  Schedule,
  ScheduleError,
  ScheduleRun,
  StepEvery,
  TickValues,
} from './types';
export { FRAMEWORKS, OPTIMIZER_KINDS } from './types';
export type { FamilySpec } from './family';
export type {
  BooleanParam,
  ChoiceParam,
  FunctionParam,
  NumberListParam,
  NumberParam,
  ParamSpec,
  ScheduleParam,
  SchedulesParam,
} from './params';
export { frameworkDifference } from './compare';
export { type Formula, formulaFor, type MathNode } from './formulas';
export { families, findFamily, fromFramework, defaultArgs } from './registry';
export { sample, MAX_TICKS } from './sample';
export { startRun, stepEveryOf } from './run';
export { type ExportHorizon, type ParsedCode, parseScheduleCode, toKerasCode, toPyTorchCode } from './code';
/** Paste notices about where the code calls step(): outside code/, so the page can show them without the reader. */
export { steppingNotes } from './stepping-notes';
