/**
 * Labels of the history: how a run differs from another run or from the current settings, in a few words
 * (`T_max 50 → 90`, `seed 2`, `optimizer SGD → Adam`, `schedulers[1].gamma 0.1 → 0.5`), and the helpers a list of
 * runs needs (final validation accuracy, filters). Pure.
 */
import { type FrameworkCall, findFamily, type Framework, FRAMEWORKS } from '../../schedules';
import { DATASET_LIMITS, DEFAULT_VALIDATION_FRACTION, type TrainingConfig } from '../../training/types';
import type { TrainingSettings } from '../training-settings';
import type { StoredRun } from './record';

/** What a label compares: a run's config (and the settings it came from, for the requested backend). */
export interface Comparable {
  config: TrainingConfig;
  settings?: Pick<TrainingSettings, 'backend'>;
}

/** At most this many differences are spelled out; the rest are counted (`+2 more`). */
export const MAX_LABEL_DIFFERENCES = 3;
export const SAME_SETTINGS = 'same settings';

type Json = unknown;

const isPlainObject = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);

function deepEqual(a: Json, b: Json): boolean {
  if (Object.is(a, b)) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => deepEqual(x, b[i]));
  if (isPlainObject(a) && isPlainObject(b)) {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    return [...keys].every((k) => deepEqual(a[k], b[k]));
  }
  return false;
}

/** A value in a label: numbers as written, lists comma-separated, None for null; long text is not shown. */
function valueText(x: Json): string | undefined {
  if (x === undefined) return 'default';
  if (x === null) return 'None';
  if (typeof x === 'number') return String(x);
  if (typeof x === 'boolean') return x ? 'True' : 'False';
  if (typeof x === 'string') return x.length <= 24 && !x.includes('\n') ? x : undefined;
  if (Array.isArray(x) && x.every((y) => typeof y === 'number')) return x.length === 0 ? 'none' : x.join(',');
  return undefined;
}

/** `name a → b`, or `name changed` where a value would not fit in a label (a Python function's source). */
function change(name: string, from: Json, to: Json): string {
  const a = valueText(from);
  const b = valueText(to);
  return a === undefined || b === undefined ? `${name} changed` : `${name} ${a} → ${b}`;
}

interface CallLike {
  framework?: unknown;
  name: string;
  args?: unknown;
}

const isCall = (x: unknown): x is CallLike =>
  isPlainObject(x) && typeof x.name === 'string' && (x.args === undefined || isPlainObject(x.args));

const isFramework = (x: unknown): x is Framework => typeof x === 'string' && (FRAMEWORKS as readonly string[]).includes(x);

/** The framework's default of each argument a family has (the values a call that leaves them out gets). */
function defaultsOf(framework: Framework, name: string): Record<string, unknown> {
  const spec = findFamily(framework, name);
  const defaults: Record<string, unknown> = {};
  for (const p of spec?.params ?? []) defaults[p.name] = p.default;
  return defaults;
}

const callName = (call: CallLike, showFramework: boolean) =>
  showFramework && typeof call.framework === 'string' ? `${call.framework}.${call.name}` : call.name;

const join = (prefix: string, key: string) => (prefix === '' ? key : `${prefix}.${key}`);

/** The differences of two calls' arguments, by path (`T_max`, `schedulers[1].gamma`, `schedule.T_max`). */
function argDifferences(prefix: string, a: CallLike, b: CallLike, framework: Framework, out: string[]): void {
  const defaults = defaultsOf(framework, a.name);
  const argsA = (a.args ?? {}) as Record<string, unknown>;
  const argsB = (b.args ?? {}) as Record<string, unknown>;
  const keys = [...new Set([...Object.keys(defaults), ...Object.keys(argsA), ...Object.keys(argsB)])];
  for (const key of keys) {
    const from = Object.hasOwn(argsA, key) ? argsA[key] : defaults[key];
    const to = Object.hasOwn(argsB, key) ? argsB[key] : defaults[key];
    valueDifferences(join(prefix, key), from, to, framework, out);
  }
}

function valueDifferences(path: string, a: Json, b: Json, framework: Framework, out: string[]): void {
  if (deepEqual(a, b)) return;
  if (isCall(a) && isCall(b)) {
    // A nested schedule (SequentialLR's children have no framework: their parent's).
    const fa = isFramework(a.framework) ? a.framework : framework;
    const fb = isFramework(b.framework) ? b.framework : framework;
    if (fa !== fb || a.name !== b.name) out.push(`${path} ${callName(a, fa !== fb)} → ${callName(b, fa !== fb)}`);
    else argDifferences(path, a, b, fa, out);
    return;
  }
  if (Array.isArray(a) && Array.isArray(b) && [...a, ...b].some((x) => typeof x === 'object' && x !== null)) {
    if (a.length !== b.length) out.push(`${path} ${a.length} → ${b.length} items`);
    else for (let i = 0; i < a.length; i++) valueDifferences(`${path}[${i}]`, a[i], b[i], framework, out);
    return;
  }
  out.push(change(path, a, b));
}

function scheduleDifferences(a: FrameworkCall, b: FrameworkCall, out: string[]): void {
  if (a.framework !== b.framework || a.name !== b.name) {
    const both = a.framework !== b.framework;
    out.push(`${callName(a, both)} → ${callName(b, both)}`);
    return;
  }
  argDifferences('', a, b, a.framework, out);
  if (a.stepEvery !== b.stepEvery) out.push(change('step every', a.stepEvery, b.stepEvery));
}

function datasetDifferences(a: TrainingConfig['dataset'], b: TrainingConfig['dataset'], out: string[]): void {
  if (a.name !== b.name) {
    out.push(`dataset ${a.name} → ${b.name}`);
    return;
  }
  const limits = DATASET_LIMITS[a.name];
  const samples = (d: TrainingConfig['dataset']) => d.samples ?? limits?.samples.default;
  const noise = (d: TrainingConfig['dataset']) => d.noise ?? limits?.noise?.default;
  const validation = (d: TrainingConfig['dataset']) => d.validationFraction ?? DEFAULT_VALIDATION_FRACTION;
  if (samples(a) !== samples(b)) out.push(change('samples', samples(a), samples(b)));
  if (noise(a) !== noise(b)) out.push(change('noise', noise(a), noise(b)));
  if (validation(a) !== validation(b)) out.push(change('validation', validation(a), validation(b)));
}

function optimizerDifferences(a: TrainingConfig['optimizer'], b: TrainingConfig['optimizer'], out: string[]): void {
  const sameKind = a.kind === b.kind;
  if (!sameKind) out.push(`optimizer ${a.kind} → ${b.kind}`);
  for (const key of ['lr', 'momentum', 'betas', 'weight_decay', 'eps', 'nesterov'] as const) {
    // Across optimizers, an option only one of them has (SGD's momentum, Adam's betas) is not a change of its own.
    if (!sameKind && (a[key] === undefined || b[key] === undefined)) continue;
    if (!deepEqual(a[key], b[key])) out.push(change(key, a[key], b[key]));
  }
}

/** Every difference from `reference` to `run`, most telling first (dataset, schedule, optimizer, model, the rest). */
export function differences(run: Comparable, reference: Comparable): string[] {
  const a = reference.config;
  const b = run.config;
  const out: string[] = [];
  datasetDifferences(a.dataset, b.dataset, out);
  scheduleDifferences(a.schedule, b.schedule, out);
  optimizerDifferences(a.optimizer, b.optimizer, out);
  if (!deepEqual(a.model.hidden, b.model.hidden)) out.push(change('hidden', a.model.hidden, b.model.hidden));
  if (a.model.activation !== b.model.activation) out.push(change('activation', a.model.activation, b.model.activation));
  if (a.init !== b.init) out.push(change('init', a.init, b.init));
  if (a.batchSize !== b.batchSize) out.push(change('batch', a.batchSize, b.batchSize));
  if (a.epochs !== b.epochs) out.push(change('epochs', a.epochs, b.epochs));
  // Seeds are runs of one setting: the run's own seed is what tells them apart.
  if (a.seed !== b.seed) out.push(`seed ${b.seed}`);
  const backendA = reference.settings?.backend;
  const backendB = run.settings?.backend;
  if (backendA !== undefined && backendB !== undefined && backendA !== backendB) out.push(change('backend', backendA, backendB));
  return out;
}

/**
 * How `run` differs from `reference` (the current settings, or its neighbour in the list), in a short label:
 * `T_max 50 → 90`, `optimizer SGD → Adam, lr 0.1 → 0.01`, `seed 2`, at most MAX_LABEL_DIFFERENCES then `+N more`;
 * `same settings` when nothing differs.
 */
export function describeDifference(run: Comparable, reference: Comparable, max = MAX_LABEL_DIFFERENCES): string {
  const all = differences(run, reference);
  if (all.length === 0) return SAME_SETTINGS;
  const shown = all.slice(0, max).join(', ');
  return all.length > max ? `${shown}, +${all.length - max} more` : shown;
}

/** The history's label of a run: its panel letter and how it differs (`B: T_max 50 → 90`). */
export function runLabel(run: StoredRun, reference: Comparable, max = MAX_LABEL_DIFFERENCES): string {
  return `${run.panel.letter}: ${describeDifference(run, reference, max)}`;
}

/** The validation accuracy after the run's last epoch (undefined for a run stopped before its first). */
export function finalValAccuracy(run: Pick<StoredRun, 'epochs'>): number | undefined {
  return run.epochs[run.epochs.length - 1]?.val_accuracy;
}

/** A run's schedule family, as the filters name it: `torch.StepLR`. */
export const familyOf = (run: Pick<StoredRun, 'config'>): string => `${run.config.schedule.framework}.${run.config.schedule.name}`;

/** The runs of one dataset and/or one family (familyOf's text); an absent filter keeps every run. */
export function filterRuns<T extends Pick<StoredRun, 'config'>>(
  runs: readonly T[],
  filter: { dataset?: string | undefined; family?: string | undefined },
): T[] {
  return runs.filter(
    (r) =>
      (filter.dataset === undefined || r.config.dataset.name === filter.dataset) &&
      (filter.family === undefined || familyOf(r) === filter.family),
  );
}
