import { createStore, type StoreApi } from 'zustand/vanilla';
import {
  defaultArgs,
  findFamily,
  type FrameworkCall,
  type OptimizerKind,
  type OptimizerSpec,
} from '../schedules';

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
  framework: 'torch';
  name: string;
  args: Record<string, unknown>;
  optimizer: PanelOptimizer;
}

export interface ViewSettings {
  logScale: boolean;
  showValues: boolean;
}

export interface PlaygroundData {
  horizon: Horizon;
  /** One entry per compared schedule ("Schedule A", "Schedule B", ...). */
  panels: readonly Panel[];
  view: ViewSettings;
}

export interface PlaygroundActions {
  /** Switches a panel to another family and resets its arguments to that family's defaults. */
  setFamily(panelIndex: number, name: string): void;
  /** Sets one argument; `path` may reach into nested schedules, e.g. ['schedulers', 1, 'args', 'gamma']. */
  setArg(panelIndex: number, path: ArgPath, value: unknown): void;
  setOptimizer(panelIndex: number, patch: Partial<PanelOptimizer>): void;
  /** Fields that are not positive integers are ignored, so the horizon is always usable. */
  setHorizon(patch: Partial<Horizon>): void;
  /** Restores the family's default arguments (the optimizer is left alone: it is not the family's). */
  resetPanel(panelIndex: number): void;
  setView(patch: Partial<ViewSettings>): void;
}

export type PlaygroundState = PlaygroundData & PlaygroundActions;
export type PlaygroundStore = StoreApi<PlaygroundState>;

export const PANEL_NAMES = ['A', 'B', 'C', 'D', 'E', 'F'] as const;

export const DEFAULT_HORIZON: Horizon = { epochs: 50, stepsPerEpoch: 100 };
export const DEFAULT_OPTIMIZER: PanelOptimizer = { kind: 'SGD', lr: 0.1, momentum: 0.9 };
export const DEFAULT_VIEW: ViewSettings = { logScale: false, showValues: false };
export const DEFAULT_FAMILY = 'StepLR';

function familyDefaults(name: string): Record<string, unknown> | undefined {
  const spec = findFamily('torch', name);
  return spec ? defaultArgs(spec) : undefined;
}

export function defaultPanel(name: string = DEFAULT_FAMILY): Panel {
  return { framework: 'torch', name, args: familyDefaults(name) ?? {}, optimizer: { ...DEFAULT_OPTIMIZER } };
}

export function defaultData(): PlaygroundData {
  return { horizon: { ...DEFAULT_HORIZON }, panels: [defaultPanel()], view: { ...DEFAULT_VIEW } };
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

export function createPlaygroundStore(initial?: Partial<PlaygroundData>): PlaygroundStore {
  const start = { ...defaultData(), ...initial };
  return createStore<PlaygroundState>()((set) => {
    const updatePanel = (panelIndex: number, update: (panel: Panel) => Panel) =>
      set((state) => {
        const panel = state.panels[panelIndex];
        if (!panel) return state;
        const panels = [...state.panels];
        panels[panelIndex] = update(panel);
        return { panels };
      });

    return {
      ...start,
      setFamily: (panelIndex, name) => {
        const args = familyDefaults(name);
        if (!args) return;
        updatePanel(panelIndex, (panel) => ({ ...panel, name, args }));
      },
      setArg: (panelIndex, path, value) => {
        if (path.length === 0) return;
        updatePanel(panelIndex, (panel) => ({ ...panel, args: setIn(panel.args, path, value) as Record<string, unknown> }));
      },
      setOptimizer: (panelIndex, patch) =>
        updatePanel(panelIndex, (panel) => ({ ...panel, optimizer: { ...panel.optimizer, ...patch } })),
      setHorizon: (patch) =>
        set((state) => ({
          horizon: {
            epochs: isPositiveInteger(patch.epochs) ? patch.epochs : state.horizon.epochs,
            stepsPerEpoch: isPositiveInteger(patch.stepsPerEpoch) ? patch.stepsPerEpoch : state.horizon.stepsPerEpoch,
          },
        })),
      resetPanel: (panelIndex) =>
        updatePanel(panelIndex, (panel) => ({ ...panel, args: familyDefaults(panel.name) ?? panel.args })),
      setView: (patch) => set((state) => ({ view: { ...state.view, ...patch } })),
    };
  });
}

/** The serialisable part of the state (what a URL or a saved session holds). */
export function selectData(state: PlaygroundState): PlaygroundData {
  return { horizon: state.horizon, panels: state.panels, view: state.view };
}

/** The constructor call a panel describes. Adam-style optimizers take momentum as beta1. */
export function panelCall(panel: Panel): FrameworkCall {
  const { kind, lr, momentum } = panel.optimizer;
  const optimizer: OptimizerSpec =
    kind === 'Adam' || kind === 'AdamW' ? { kind, lr, betas: [momentum, 0.999] } : { kind, lr, momentum };
  return { framework: panel.framework, name: panel.name, args: panel.args, optimizer };
}

/** How many ticks the horizon spans for a schedule ticked per epoch or per optimizer step. */
export function tickCount(tick: 'epoch' | 'step', horizon: Horizon): number {
  return tick === 'epoch' ? horizon.epochs : horizon.epochs * horizon.stepsPerEpoch;
}
