/**
 * The schedule engine's public API. Tests, the UI, the worker and tutorial authors use these names.
 *
 *   const s = fromFramework({ framework: 'torch', name: 'StepLR', args: { step_size: 30 }, optimizer: { lr: 0.1 } });
 *   if (s.ok) { const r = sample(s.value, 100); if (r.ok) r.value.lr; }
 *
 * Index semantics: `lr[i]` is the LR the optimizer uses during tick `i` (0-based). For torch that is
 * `optimizer.param_groups[0]['lr']` after the constructor and `i` calls of `scheduler.step()`.
 */
export type {
  Framework,
  FrameworkCall,
  OptimizerKind,
  OptimizerSpec,
  Result,
  Schedule,
  ScheduleError,
  TickValues,
} from './types';
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
export { type ExportHorizon, type ParsedCode, parseScheduleCode, toKerasCode, toPyTorchCode } from './code';
