/**
 * Hugging Face transformers' schedule functions (transformers/optimization.py, release 5.24.0), each a torch
 * LambdaLR stepped once per optimizer step. Named exactly as the library names them; `get_scheduler` is
 * normalised onto these (./scheduler.ts). Shared semantics: ./common.ts.
 */
import type { StandaloneFamily } from '../family';
import { getConstantSchedule, getConstantScheduleWithWarmup } from './constant';
import {
  getCosineScheduleWithWarmup,
  getCosineWithHardRestartsScheduleWithWarmup,
  getCosineWithMinLrScheduleWithWarmup,
  getCosineWithMinLrScheduleWithWarmupLrRate,
} from './cosine';
import { getLinearScheduleWithWarmup, getPolynomialDecayScheduleWithWarmup } from './decay';
import { getInverseSqrtSchedule } from './inverse-sqrt';
import { getWsdSchedule } from './wsd';

export { GET_SCHEDULER_POSITIONAL, resolveGetScheduler, SCHEDULER_TYPES } from './scheduler';

export const transformersFamilies: readonly StandaloneFamily[] = [
  getConstantSchedule,
  getConstantScheduleWithWarmup,
  getLinearScheduleWithWarmup,
  getCosineScheduleWithWarmup,
  getCosineWithHardRestartsScheduleWithWarmup,
  getPolynomialDecayScheduleWithWarmup,
  getInverseSqrtSchedule,
  getCosineWithMinLrScheduleWithWarmup,
  getCosineWithMinLrScheduleWithWarmupLrRate,
  getWsdSchedule,
];
