import { type FamilySpec, type Framework, families } from '../schedules';

export const FRAMEWORK_GROUPS: readonly { framework: Framework; label: string }[] = [
  { framework: 'torch', label: 'PyTorch' },
  { framework: 'keras', label: 'Keras' },
  { framework: 'transformers', label: 'Hugging Face' },
  { framework: 'playground', label: 'Modern' },
];

/** Families that can sit inside SequentialLR / ChainedScheduler: no containers, nothing that needs a metric. */
export const isChildFamily = (family: FamilySpec) =>
  family.framework === 'torch' && !family.needsMetric && !family.params.some((param) => param.kind === 'schedules');

/** What playground's Warmup may wrap: anything but another wrapper. */
export const isWrappable = (family: FamilySpec) => !family.params.some((param) => param.kind === 'schedule');

export const familiesOf = (framework: Framework, filter: (family: FamilySpec) => boolean = () => true) =>
  families.filter((family) => family.framework === framework && filter(family));

/** A <select> value naming a family across frameworks (both torch and Keras have a ReduceLROnPlateau). */
export const familyKey = (framework: Framework, name: string) => `${framework}:${name}`;

export function parseFamilyKey(key: string): { framework: Framework; name: string } | undefined {
  const at = key.indexOf(':');
  const framework = key.slice(0, at);
  if (framework !== 'torch' && framework !== 'keras' && framework !== 'playground' && framework !== 'transformers') return undefined;
  return { framework, name: key.slice(at + 1) };
}
