/**
 * Parameter specs: one entry per constructor argument of a family, rich enough to generate the UI controls
 * (label, unit, range, step, log scale, help) and to validate a FrameworkCall's `args`.
 */

interface ParamBase {
  /** The keyword argument's name, exactly as the framework spells it. */
  name: string;
  label: string;
  help: string;
  /** True where the framework has no default: a call without it is an error. */
  required?: boolean;
  /**
   * The value the UI starts with where the framework's default is unusable on its own (None where another
   * argument must then be given, as OneCycleLR's total_steps). `defaultArgs` prefers it over `default`.
   */
  example?: unknown;
}

export interface NumberParam extends ParamBase {
  kind: 'number' | 'integer';
  /** The framework's default or, where `required`, the value the UI starts with. `null` means Python's None. */
  default: number | null;
  /** The argument may be None (e.g. CyclicLR's step_size_down). */
  nullable?: boolean;
  unit?: string;
  /** Valid range (`max` may be Infinity). The slider uses it too unless `sliderMin`/`sliderMax` narrow it. */
  min: number;
  max: number;
  /** `min` itself is excluded (e.g. gamma > 0). */
  exclusiveMin?: boolean;
  exclusiveMax?: boolean;
  sliderMin?: number;
  sliderMax?: number;
  /** Slider increment (for log sliders: the number input's increment). */
  step: number;
  log?: boolean;
  /** The framework's own wording for an out-of-range value, where it has one. */
  rangeMessage?: string;
}

export interface BooleanParam extends ParamBase {
  kind: 'boolean';
  default: boolean;
}

export interface ChoiceParam extends ParamBase {
  kind: 'choice';
  default: string;
  choices: readonly string[];
}

export interface NumberListParam extends ParamBase {
  kind: 'numberList';
  default: readonly number[];
  /** Each element must be an integer. */
  integer?: boolean;
  /** 'nondecreasing' allows repeats (MultiStepLR counts duplicate milestones twice). */
  order?: 'nondecreasing' | 'increasing';
  min?: number;
  unit?: string;
}

export interface FunctionParam extends ParamBase {
  kind: 'function';
  /** Python source text, e.g. 'lambda epoch: 0.95 ** epoch'. */
  default: string | null;
  nullable?: boolean;
}

export interface SchedulesParam extends ParamBase {
  kind: 'schedules';
  /** Families a child may not be (ReduceLROnPlateau needs a metric in step(), which containers cannot pass). */
  exclude: readonly string[];
  default: readonly { name: string; args: Record<string, unknown> }[];
}

/** One wrapped schedule of any framework, e.g. the schedule playground's Warmup runs after its warmup. */
export interface ScheduleParam extends ParamBase {
  kind: 'schedule';
  default: { framework: 'torch' | 'keras' | 'playground' | 'transformers'; name: string; args: Record<string, unknown> };
}

export type ParamSpec = ScheduleParam | NumberParam | BooleanParam | ChoiceParam | NumberListParam | FunctionParam | SchedulesParam;
