import { createStore, type StoreApi } from 'zustand/vanilla';
import {
  defaultArgs,
  findFamily,
  type Framework,
  type FrameworkCall,
  fromFramework,
  MAX_TICKS,
  type OptimizerKind,
  type OptimizerSpec,
  type StepEvery,
} from '../schedules';
import { MAX_GRADIENT_NOISE } from '../landscape/limits';
import { isSurface, type Point, type Surface } from '../landscape/maps';
import { ACTIVATIONS, DATASET_LIMITS, DATASET_NAMES, INITS } from '../training/types';
import { BACKEND_CHOICES, defaultTraining, type TrainingPatch, type TrainingSettings } from './training-settings';

/**
 * The playground's single source of truth. Only serialisable, URL-worthy data lives here (the next step puts
 * it in the URL); samples, errors and hover state are derived or local to components.
 */

export type ArgPath = readonly (string | number)[];

export interface Horizon {
  epochs: number;
  stepsPerEpoch: number;
}

export interface PanelOptimizer {
  kind: OptimizerKind;
  lr: number;
  /** SGD / RMSprop momentum; Adam's and AdamW's beta1. */
  momentum: number;
}

export interface Panel {
  framework: Framework;
  name: string;
  args: Record<string, unknown>;
  optimizer: PanelOptimizer;
  /** Where the loop calls step(); absent: the family's own tick (torch panels can choose). */
  stepEvery?: StepEvery;
}

export interface ViewSettings {
  logScale: boolean;
  showValues: boolean;
  /** One small chart per panel on a shared y axis, instead of all curves on one chart. */
  sideBySide: boolean;
  /** What the x axis counts: epochs, or optimizer steps. */
  xAxis: 'epoch' | 'step';
  /** 'system' follows the operating system's light/dark setting. */
  theme: 'system' | 'light' | 'dark';
  /** What the results column shows: the schedule curves, or the optimizers' paths on a 2-D loss landscape. */
  tab: ResultsTab;
}

export const RESULTS_TABS = ['schedule', 'landscape'] as const;
export type ResultsTab = (typeof RESULTS_TABS)[number];

/** The Landscape view: which surface, where the paths start, and what stands in for minibatch noise. */
export interface LandscapeSettings {
  surface: Surface;
  /** Absent: the surface's own start (surfaceOf(surface).start). */
  start?: Point;
  /** Absent: the surface's own LR scale (surfaceOf(surface).lrScale). */
  lrScale?: number;
  /** The standard deviation of the noise added to each gradient coordinate; 0: exact gradients. */
  gradientNoise: number;
  seed: number;
}

/** The example validation loss that plateau schedules are previewed against (training supplies the real one). */
export type MetricPreset = 'steady' | 'early-plateau' | 'noisy' | 'custom';

export interface ExampleMetricSettings {
  preset: MetricPreset;
  /** The user's own values, one per epoch, used when `preset` is 'custom' (the last value repeats). */
  custom: readonly number[];
}

export interface PlaygroundData {
  horizon: Horizon;
  /** One entry per compared schedule ("Schedule A", "Schedule B", ...). */
  panels: readonly Panel[];
  view: ViewSettings;
  metric: ExampleMetricSettings;
  /** What the Training section trains with (dataset, model, batch, seeds, …); its epochs are the horizon's. */
  training: TrainingSettings;
  landscape: LandscapeSettings;
}

export interface PlaygroundActions {
  /** Switches a panel to another family and resets its arguments to that family's defaults. */
  setFamily(panelIndex: number, name: string, framework?: Framework): void;
  /** Adds a panel (up to MAX_PANELS), by default one of a family not on the page yet (nextPanel); false when full. */
  addPanel(panel?: Panel): boolean;
  /** Inserts a copy of a panel right after it; returns false when full. */
  duplicatePanel(panelIndex: number): boolean;
  /** Removes a panel; the last panel cannot be removed. */
  removePanel(panelIndex: number): void;
  setMetric(patch: Partial<ExampleMetricSettings>): void;
  /** Replaces panels and horizon (and the metric or view where given) at once, as a preset or a link does. */
  load(data: Partial<PlaygroundData>): void;
  /** Sets one argument; `path` may reach into nested schedules, e.g. ['schedulers', 1, 'args', 'gamma']. */
  setArg(panelIndex: number, path: ArgPath, value: unknown): void;
  setOptimizer(panelIndex: number, patch: Partial<PanelOptimizer>): void;
  /** Where the loop calls the panel's step(): 'epoch' or 'batch' (torch panels); the family's own is stored as absent. */
  setStepEvery(panelIndex: number, stepEvery: StepEvery): void;
  /**
   * Fields that are not positive integers are ignored, and so is a patch that would make the horizon longer than
   * the engine's MAX_TICKS optimizer steps, so the horizon is always usable.
   */
  setHorizon(patch: Partial<Horizon>): void;
  /** Restores the family's default arguments (the optimizer is left alone: it is not the family's). */
  resetPanel(panelIndex: number): void;
  setView(patch: Partial<ViewSettings>): void;
  /**
   * Changes training settings. A value of the right type is stored even where it is out of range (batch size 0),
   * so the control can show trainingIssues' message next to it; a value of the wrong type, or a word that is not
   * one of the choices, is ignored. `samples` or `noise` given as undefined go back to the dataset's default.
   * A new dataset keeps the samples and noise that fit it and drops the others (to the new dataset's defaults).
   */
  setTraining(patch: TrainingPatch): void;
  /**
   * Sets the horizon's steps per epoch to what training runs, so the planned curve is the one training applies.
   * The caller computes the count with trainingStepsPerEpoch (src/state/training.ts: ceil(n_train / batch)): the
   * dataset size tables load with the training section, not with the store. Returns whether the horizon changed:
   * false where it already agrees, where the count is not a positive integer, or where the horizon would pass
   * MAX_TICKS. Undoable like any edit.
   */
  syncHorizonToTraining(stepsPerEpoch: number): boolean;
  /**
   * Changes the Landscape settings. A new surface drops the start and LR scale (they are the surface's own
   * defaults again); a start that is not two finite numbers, a noise outside [0, MAX_GRADIENT_NOISE], a seed that
   * is not a whole number from 0 to MAX_LANDSCAPE_SEED or an LR scale that is not positive is ignored. `start` or `lrScale` given as
   * undefined go back to the surface's default.
   */
  setLandscape(patch: { [K in keyof LandscapeSettings]?: LandscapeSettings[K] | undefined }): void;
}

export type PlaygroundState = PlaygroundData & PlaygroundActions;
export type PlaygroundStore = StoreApi<PlaygroundState>;

export const PANEL_NAMES = ['A', 'B', 'C', 'D', 'E', 'F'] as const;
export const MAX_PANELS = PANEL_NAMES.length;

export const DEFAULT_HORIZON: Horizon = { epochs: 50, stepsPerEpoch: 100 };
export const DEFAULT_OPTIMIZER: PanelOptimizer = { kind: 'SGD', lr: 0.1, momentum: 0.9 };
export const DEFAULT_VIEW: ViewSettings = {
  logScale: false,
  showValues: false,
  sideBySide: false,
  xAxis: 'epoch',
  theme: 'system',
  tab: 'schedule',
};
/** The largest Landscape noise seed (seven digits, what a link can carry). */
export const MAX_LANDSCAPE_SEED = 9_999_999;
export const DEFAULT_LANDSCAPE: LandscapeSettings = { surface: 'rosenbrock', gradientNoise: 0, seed: 0 };
export const DEFAULT_METRIC: ExampleMetricSettings = { preset: 'early-plateau', custom: [] };
export const DEFAULT_FAMILY = 'StepLR';

/** The horizon (in optimizer steps) the transformers families' default step counts are written for. */
const TRANSFORMERS_DEFAULT_STEPS = DEFAULT_HORIZON.epochs * DEFAULT_HORIZON.stepsPerEpoch;
const STEP_COUNTS = ['num_warmup_steps', 'num_training_steps', 'num_decay_steps'];

/**
 * A family's default arguments. With a horizon, the transformers families' step counts are scaled to it
 * (their defaults are for the default 5,000-step horizon: training steps = the horizon, warmup 10 %).
 */
function familyDefaults(framework: Framework, name: string, horizon?: Horizon): Record<string, unknown> | undefined {
  const spec = findFamily(framework, name);
  if (!spec) return undefined;
  const args = defaultArgs(spec);
  if (framework === 'transformers' && horizon) {
    const scale = (horizon.epochs * horizon.stepsPerEpoch) / TRANSFORMERS_DEFAULT_STEPS;
    for (const key of STEP_COUNTS) if (typeof args[key] === 'number') args[key] = Math.round((args[key] as number) * scale);
  }
  return args;
}

export function defaultPanel(name: string = DEFAULT_FAMILY, framework: Framework = 'torch'): Panel {
  return { framework, name, args: familyDefaults(framework, name) ?? {}, optimizer: { ...DEFAULT_OPTIMIZER } };
}

/** What "Add schedule" adds: the first of these torch families not on the page yet, so the new curve is visibly new. */
const FAMILIES_TO_ADD = [
  'CosineAnnealingLR',
  'OneCycleLR',
  'ExponentialLR',
  'MultiStepLR',
  'LinearLR',
  'CosineAnnealingWarmRestarts',
  'StepLR',
];

/** A new panel that differs from those on the page: another family, with the first panel's optimizer. */
export function nextPanel(panels: readonly Panel[]): Panel {
  const used = new Set(panels.filter((p) => p.framework === 'torch').map((p) => p.name));
  const name = FAMILIES_TO_ADD.find((family) => !used.has(family)) ?? DEFAULT_FAMILY;
  const panel = defaultPanel(name);
  const first = panels[0];
  return first ? { ...panel, optimizer: { ...first.optimizer } } : panel;
}

export function defaultData(): PlaygroundData {
  return {
    horizon: { ...DEFAULT_HORIZON },
    panels: [defaultPanel()],
    view: { ...DEFAULT_VIEW },
    metric: { ...DEFAULT_METRIC },
    training: defaultTraining(),
    landscape: { ...DEFAULT_LANDSCAPE },
  };
}

/** Returns a copy of `target` with `value` at `path`, copying only the containers along the path. */
export function setIn(target: unknown, path: ArgPath, value: unknown): unknown {
  const [key, ...rest] = path;
  if (key === undefined) return value;
  if (typeof key === 'number') {
    const copy = Array.isArray(target) ? [...target] : [];
    copy[key] = setIn(copy[key], rest, value);
    return copy;
  }
  const base = target !== null && typeof target === 'object' && !Array.isArray(target) ? target : {};
  const copy: Record<string, unknown> = { ...(base as Record<string, unknown>) };
  copy[key] = setIn(copy[key], rest, value);
  return copy;
}

export function getIn(target: unknown, path: ArgPath): unknown {
  let current = target;
  for (const key of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string | number, unknown>)[key];
  }
  return current;
}

const isPositiveInteger = (x: unknown): x is number => typeof x === 'number' && Number.isInteger(x) && x >= 1;

/** Whole epochs and steps per epoch, at most MAX_TICKS optimizer steps in all (what the engine samples). */
export const isUsableHorizon = (h: Horizon): boolean =>
  isPositiveInteger(h.epochs) && isPositiveInteger(h.stepsPerEpoch) && h.epochs * h.stepsPerEpoch <= MAX_TICKS;

export function createPlaygroundStore(initial?: Partial<PlaygroundData>): PlaygroundStore {
  const start = { ...defaultData(), ...initial };
  return createStore<PlaygroundState>()((set, get) => {
    const updatePanel = (panelIndex: number, update: (panel: Panel) => Panel) =>
      set((state) => {
        const panel = state.panels[panelIndex];
        if (!panel) return state;
        const next = update(panel);
        if (next === panel) return state;
        const panels = [...state.panels];
        panels[panelIndex] = next;
        return { panels };
      });

    return {
      ...start,
      setFamily: (panelIndex, name, framework) => {
        updatePanel(panelIndex, (panel) => {
          const fw = framework ?? panel.framework;
          const args = familyDefaults(fw, name, get().horizon);
          // A torch panel keeps its step() choice across torch families that take it.
          return args ? withStepEvery({ ...panel, framework: fw, name, args }, panel.stepEvery) : panel;
        });
      },
      addPanel: (panel) => {
        let added = false;
        set((state) => {
          if (state.panels.length >= MAX_PANELS) return state;
          added = true;
          return { panels: [...state.panels, panel ?? nextPanel(state.panels)] };
        });
        return added;
      },
      duplicatePanel: (panelIndex) => {
        let added = false;
        set((state) => {
          const panel = state.panels[panelIndex];
          if (!panel || state.panels.length >= MAX_PANELS) return state;
          added = true;
          const copy: Panel = structuredClone(panel);
          return { panels: [...state.panels.slice(0, panelIndex + 1), copy, ...state.panels.slice(panelIndex + 1)] };
        });
        return added;
      },
      removePanel: (panelIndex) =>
        set((state) => {
          if (state.panels.length <= 1 || !state.panels[panelIndex]) return state;
          return { panels: state.panels.filter((_, i) => i !== panelIndex) };
        }),
      setMetric: (patch) => set((state) => ({ metric: { ...state.metric, ...patch } })),
      load: (data) =>
        set((state) => ({
          horizon: data.horizon && isUsableHorizon(data.horizon) ? data.horizon : state.horizon,
          panels: data.panels && data.panels.length > 0 ? data.panels.slice(0, MAX_PANELS) : state.panels,
          view: data.view ?? state.view,
          metric: data.metric ?? state.metric,
          training: data.training ?? state.training,
          landscape: data.landscape ?? state.landscape,
        })),
      setArg: (panelIndex, path, value) => {
        if (path.length === 0) return;
        updatePanel(panelIndex, (panel) => ({ ...panel, args: setIn(panel.args, path, value) as Record<string, unknown> }));
      },
      setOptimizer: (panelIndex, patch) => updatePanel(panelIndex, (panel) => ({ ...panel, optimizer: { ...panel.optimizer, ...patch } })),
      setStepEvery: (panelIndex, stepEvery) => updatePanel(panelIndex, (panel) => withStepEvery(panel, stepEvery)),
      setHorizon: (patch) =>
        set((state) => {
          const horizon = {
            epochs: isPositiveInteger(patch.epochs) ? patch.epochs : state.horizon.epochs,
            stepsPerEpoch: isPositiveInteger(patch.stepsPerEpoch) ? patch.stepsPerEpoch : state.horizon.stepsPerEpoch,
          };
          return isUsableHorizon(horizon) ? { horizon } : state;
        }),
      resetPanel: (panelIndex) =>
        updatePanel(panelIndex, (panel) => ({ ...panel, args: familyDefaults(panel.framework, panel.name, get().horizon) ?? panel.args })),
      setView: (patch) => set((state) => ({ view: { ...state.view, ...patch } })),
      setTraining: (patch) =>
        set((state) => {
          const training = patchTraining(state.training, patch);
          return training === state.training ? state : { training };
        }),
      syncHorizonToTraining: (stepsPerEpoch) => {
        let changed = false;
        set((state) => {
          if (!Number.isInteger(stepsPerEpoch) || stepsPerEpoch < 1 || stepsPerEpoch === state.horizon.stepsPerEpoch) return state;
          const horizon = { ...state.horizon, stepsPerEpoch };
          if (!isUsableHorizon(horizon)) return state;
          changed = true;
          return { horizon };
        });
        return changed;
      },
      setLandscape: (patch) =>
        set((state) => {
          const landscape = patchLandscape(state.landscape, patch);
          return landscape === state.landscape ? state : { landscape };
        }),
    };
  });
}

const isFinitePoint = (x: unknown): x is Point =>
  Array.isArray(x) && x.length === 2 && x.every((c) => typeof c === 'number' && Number.isFinite(c));

/** `landscape` with `patch` applied (setLandscape's rules); the same object where nothing changes. */
export function patchLandscape(
  landscape: LandscapeSettings,
  patch: { [K in keyof LandscapeSettings]?: LandscapeSettings[K] | undefined },
): LandscapeSettings {
  const next: LandscapeSettings = { ...landscape };
  if (isSurface(patch.surface) && patch.surface !== landscape.surface) {
    next.surface = patch.surface;
    delete next.start;
    delete next.lrScale;
  }
  if (Object.hasOwn(patch, 'start')) {
    if (patch.start === undefined) delete next.start;
    else if (isFinitePoint(patch.start)) next.start = [patch.start[0], patch.start[1]];
  }
  if (Object.hasOwn(patch, 'lrScale')) {
    if (patch.lrScale === undefined) delete next.lrScale;
    else if (typeof patch.lrScale === 'number' && Number.isFinite(patch.lrScale) && patch.lrScale > 0) next.lrScale = patch.lrScale;
  }
  const noise = patch.gradientNoise;
  if (typeof noise === 'number' && noise >= 0 && noise <= MAX_GRADIENT_NOISE) next.gradientNoise = noise;
  const seed = patch.seed;
  if (typeof seed === 'number' && Number.isInteger(seed) && seed >= 0 && seed <= MAX_LANDSCAPE_SEED) next.seed = seed;
  const same =
    next.surface === landscape.surface &&
    next.start?.[0] === landscape.start?.[0] &&
    next.start?.[1] === landscape.start?.[1] &&
    next.lrScale === landscape.lrScale &&
    next.gradientNoise === landscape.gradientNoise &&
    next.seed === landscape.seed;
  return same ? landscape : next;
}

/** The serialisable part of the state (what a URL or a saved session holds). */
export function selectData(state: PlaygroundState): PlaygroundData {
  return {
    horizon: state.horizon,
    panels: state.panels,
    view: state.view,
    metric: state.metric,
    training: state.training,
    landscape: state.landscape,
  };
}

const isNumber = (x: unknown): x is number => typeof x === 'number';
const oneOf = <T extends string>(words: readonly T[], x: unknown): x is T =>
  typeof x === 'string' && (words as readonly string[]).includes(x);

/** Whether `value` is a usable `samples` or `noise` of a dataset (for what a new dataset keeps). */
function fitsDataset(dataset: TrainingSettings['dataset'], field: 'samples' | 'noise', value: number | undefined): boolean {
  const range = DATASET_LIMITS[dataset][field];
  if (value === undefined || !range) return false;
  return value >= range.min && value <= range.max && (field === 'noise' || Number.isInteger(value));
}

/** `training` with `patch` applied (setTraining's rules); the same object where nothing changes. */
export function patchTraining(training: TrainingSettings, patch: TrainingPatch): TrainingSettings {
  const next: TrainingSettings = { ...training };
  if (oneOf(DATASET_NAMES, patch.dataset) && patch.dataset !== training.dataset) {
    next.dataset = patch.dataset;
    for (const field of ['samples', 'noise'] as const) {
      if (!Object.hasOwn(patch, field) && !fitsDataset(patch.dataset, field, training[field])) delete next[field];
    }
  }
  for (const field of ['samples', 'noise'] as const) {
    if (!Object.hasOwn(patch, field)) continue;
    const value = patch[field];
    if (value === undefined) delete next[field];
    else if (isNumber(value)) next[field] = value;
  }
  if (Array.isArray(patch.hidden) && patch.hidden.every(isNumber)) next.hidden = [...patch.hidden];
  if (oneOf(ACTIVATIONS, patch.activation)) next.activation = patch.activation;
  if (oneOf(INITS, patch.init)) next.init = patch.init;
  if (oneOf(BACKEND_CHOICES, patch.backend)) next.backend = patch.backend;
  if (isNumber(patch.batchSize)) next.batchSize = patch.batchSize;
  if (isNumber(patch.seeds)) next.seeds = patch.seeds;
  if (isNumber(patch.targetAccuracy)) next.targetAccuracy = patch.targetAccuracy;
  return sameTraining(next, training) ? training : next;
}

function sameTraining(a: TrainingSettings, b: TrainingSettings): boolean {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)] as (keyof TrainingSettings)[]);
  for (const key of keys) {
    const x = a[key];
    const y = b[key];
    if (Array.isArray(x) && Array.isArray(y)) {
      if (x.length !== y.length || x.some((w, i) => !Object.is(w, y[i]))) return false;
    } else if (!Object.is(x, y)) return false;
  }
  return true;
}

/**
 * `panel` with `stepEvery` where its family takes it and it is not the family's own tick; without it where it is
 * the family's own, or where the family refuses it (a Keras schedule, ReduceLROnPlateau).
 */
export function withStepEvery(panel: Panel, stepEvery: StepEvery | undefined): Panel {
  const { stepEvery: _old, ...rest } = panel;
  if (stepEvery === undefined) return _old === undefined ? panel : rest;
  const built = fromFramework(panelCall({ ...rest, stepEvery }));
  const keep = built.ok ? built.value.call.stepEvery !== undefined : built.error.path !== 'stepEvery';
  if (!keep) return _old === undefined ? panel : rest;
  return _old === stepEvery ? panel : { ...rest, stepEvery };
}

/** The constructor call a panel describes. Adam-style optimizers take momentum as beta1. */
/**
 * A panel's optimizer as the engines take it (the schedule's, training's, the landscape's): SGD and RMSprop with
 * momentum, Adam and AdamW with betas [momentum, 0.999].
 */
export function panelOptimizerOf(
  panel: Panel,
): { kind: OptimizerKind; lr: number; momentum: number } | { kind: 'Adam' | 'AdamW'; lr: number; betas: [number, number] } {
  const { kind, lr, momentum } = panel.optimizer;
  return kind === 'Adam' || kind === 'AdamW' ? { kind, lr, betas: [momentum, 0.999] } : { kind, lr, momentum };
}

export function panelCall(panel: Panel): FrameworkCall {
  const optimizer: OptimizerSpec = panelOptimizerOf(panel);
  return {
    framework: panel.framework,
    name: panel.name,
    args: panel.args,
    optimizer,
    ...(panel.stepEvery !== undefined ? { stepEvery: panel.stepEvery } : {}),
  };
}

/** How many ticks the horizon spans for a schedule ticked per epoch or per optimizer step. */
export function tickCount(tick: 'epoch' | 'step', horizon: Horizon): number {
  return tick === 'epoch' ? horizon.epochs : horizon.epochs * horizon.stepsPerEpoch;
}
