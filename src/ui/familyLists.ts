import { type FamilySpec, families } from '../schedules';

export const FRAMEWORK_GROUPS = [{ framework: 'torch', label: 'PyTorch' }] as const;

/** Families that can sit inside SequentialLR / ChainedScheduler: no containers, nothing that needs a metric. */
export const isChildFamily = (family: FamilySpec) =>
  family.framework === 'torch' && !family.needsMetric && !family.params.some((param) => param.kind === 'schedules');

export const familiesOf = (framework: string, filter: (family: FamilySpec) => boolean = () => true) =>
  families.filter((family) => family.framework === framework && filter(family));
