import type { ParamSpec } from './params';
import type { Framework } from './types';

/** Everything the UI, the worker and the code exporters need to know about one scheduler family. */
export interface FamilySpec {
  framework: Framework;
  /** The class name as the framework spells it ('StepLR', 'OneCycleLR'). */
  name: string;
  /** A short human title ('Step decay'). */
  title: string;
  /** One line on what it does. */
  description: string;
  /** The framework version whose source this family follows (shown in the UI). */
  frameworkVersion: string;
  /** What one tick is in the framework's own documentation. */
  tick: 'epoch' | 'step';
  needsMetric: boolean;
  /** False where the family ignores the optimizer's LR (OneCycleLR and CyclicLR set their own). */
  usesOptimizerLr: boolean;
  /** True where the family can cycle momentum (or Adam's beta1). */
  canCycleMomentum: boolean;
  params: readonly ParamSpec[];
}
