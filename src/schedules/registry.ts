/** The family registry and `fromFramework`: validate a call, then bind it to a simulation factory. */
import { type Args, type ChildCall, type ChildValidator, validateArgs } from './args';
import type { FamilySpec, StandaloneContext, StandaloneFamily } from './family';
import { compileUserFunction } from './functions';
import { KERAS_DEFAULT_LR, kerasFamilies } from './keras';
import { playgroundFamilies } from './playground';
import { resolveGetScheduler, transformersFamilies } from './transformers';
import { resolveOptimizer, type ResolvedOptimizer } from './optimizer';
import { didYouMean } from './suggest';
import {
  type BuildContext,
  type MetricScheduler,
  type TorchFamily,
  torchFamilies,
  TORCH_DEFAULT_LR,
  TorchOptimizer,
  type TorchScheduler,
} from './torch';
import {
  errorFromRuntime,
  FRAMEWORKS,
  fail,
  type Framework,
  type FrameworkCall,
  ok,
  type Result,
  type Schedule,
  type ScheduleError,
  ScheduleRuntimeError,
  type Simulation,
  type StepEvery,
} from './types';

export const families: readonly FamilySpec[] = [
  ...torchFamilies.map((f) => f.spec),
  ...kerasFamilies.map((f) => f.spec),
  ...playgroundFamilies.map((f) => f.spec),
  ...transformersFamilies.map((f) => f.spec),
];

type StandaloneFramework = 'keras' | 'playground' | 'transformers';

function standaloneFamilies(framework: StandaloneFramework): readonly StandaloneFamily[] {
  return framework === 'keras' ? kerasFamilies : framework === 'transformers' ? transformersFamilies : playgroundFamilies;
}

const FRAMEWORK_LABEL: Record<Framework, string> = {
  torch: 'PyTorch',
  keras: 'Keras',
  playground: 'playground',
  transformers: 'Hugging Face transformers',
};
/** Nested schedulers deeper than this are refused (a guard against hostile input, not a torch limit). */
const MAX_NESTING = 6;

export function findFamily(framework: Framework, name: string): FamilySpec | undefined {
  return families.find((f) => f.framework === framework && f.name === name);
}

function findTorchFamily(name: string): TorchFamily | undefined {
  return torchFamilies.find((f) => f.spec.name === name);
}

/** Every argument at its default (or, where the framework has none, the UI's starting value): a valid call. */
export function defaultArgs(spec: FamilySpec): Record<string, unknown> {
  const args: Record<string, unknown> = {};
  for (const p of spec.params) {
    const value = p.example !== undefined ? p.example : p.default;
    args[p.name] = structuredCloneJson(value);
  }
  return args;
}

function structuredCloneJson(value: unknown): unknown {
  return value === null || typeof value !== 'object' ? value : JSON.parse(JSON.stringify(value));
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function validateTorchCall(name: unknown, rawArgs: unknown, path: string, depth: number): Result<{ family: TorchFamily; args: Args }> {
  const namePath = path ? `${path}.name` : 'name';
  if (typeof name !== 'string' || name === '') {
    return fail({ message: 'name must be the scheduler class name, e.g. "StepLR"', path: namePath });
  }
  const family = findTorchFamily(name);
  if (!family) {
    return fail({
      message: `Unknown PyTorch scheduler '${name}'.${didYouMean(
        name,
        torchFamilies.map((f) => f.spec.name),
      )}`,
      path: namePath,
    });
  }
  const validateChild: ChildValidator = (child, childPath, exclude) => {
    if (depth >= MAX_NESTING)
      return fail({ message: `Schedulers nested more than ${MAX_NESTING} deep are not supported`, path: childPath });
    if (!isRecord(child)) {
      return fail({ message: 'each scheduler must be an object { name, args }', path: childPath });
    }
    if (typeof child.name === 'string' && exclude.includes(child.name)) {
      return fail({
        message: `${name} does not support \`${child.name}\` scheduler as it requires additional kwargs to be specified when calling \`step\``,
        path: `${childPath}.name`,
      });
    }
    const inner = validateTorchCall(child.name, child.args, childPath, depth + 1);
    if (!inner.ok) return inner;
    return ok({ name: inner.value.family.spec.name, args: inner.value.args as Record<string, unknown> });
  };
  const args = validateArgs(name, family.spec.params, rawArgs, path ? `${path}.args` : 'args', validateChild);
  if (!args.ok) return args;
  return ok({ family, args: args.value });
}

/** Per-step if any nested scheduler is per-step (a OneCycleLR inside a SequentialLR is stepped per batch). */
function tickOf(family: TorchFamily, args: Args): 'epoch' | 'step' {
  if (family.spec.tick === 'step') return 'step';
  const children = args.schedulers as readonly ChildCall[] | undefined;
  if (!children) return 'epoch';
  for (const child of children) {
    const f = findTorchFamily(child.name);
    if (f && tickOf(f, child.args as Args) === 'step') return 'step';
  }
  return 'epoch';
}

const STEP_EVERY: readonly StepEvery[] = ['epoch', 'batch'];
const TICK_OF: Record<StepEvery, 'epoch' | 'step'> = { epoch: 'epoch', batch: 'step' };

/** Reads `call.stepEvery`: undefined (the family's tick), 'epoch' or 'batch'; anything else is refused. */
function readStepEvery(value: unknown): Result<StepEvery | undefined> {
  if (value === undefined) return ok(undefined);
  if (typeof value === 'string' && (STEP_EVERY as readonly string[]).includes(value)) return ok(value as StepEvery);
  return fail({
    message: `stepEvery must be 'epoch' or 'batch' (where the loop calls step()), got ${JSON.stringify(value) ?? String(value)}`,
    path: 'stepEvery',
  });
}

/** A schedule that is stepped only at its own tick refuses another stepEvery. */
function ownTickOnly(name: string, tick: 'epoch' | 'step', why: string): ScheduleError {
  const own = tick === 'step' ? 'batch' : 'epoch';
  return {
    message: `${name} is stepped every ${own === 'batch' ? 'optimizer step (batch)' : 'epoch'}${why ? ` (${why})` : ''}, so stepEvery must be '${own}'`,
    path: 'stepEvery',
  };
}

/** `path` relative to a nested scheduler ('args.gamma') made absolute ('args.schedulers[1].args.gamma'). */
function joinPath(prefix: string, path: string): string {
  return prefix ? `${prefix}.${path}` : path;
}

/**
 * Builds a torch scheduler (and, recursively, its children) on `optimizer`. `pathPrefix` is the absolute path of
 * this call ('' at the top): errors a family throws with a relative path ('args.x') are made absolute here once;
 * errors marked `absolute` (from children and from compiled Python functions) pass through unchanged.
 */
function buildTorch(family: TorchFamily, args: Args, optimizer: TorchOptimizer, pathPrefix: string): TorchScheduler | MetricScheduler {
  const ctx: BuildContext = {
    buildChild(child, childPath) {
      const absolute = joinPath(pathPrefix, childPath);
      const f = findTorchFamily(child.name);
      if (!f) throw new ScheduleRuntimeError(`Unknown PyTorch scheduler '${child.name}'`, `${absolute}.name`, undefined, true);
      return buildTorch(f, child.args as Args, optimizer, absolute) as TorchScheduler;
    },
    compile: (source, path, arity) => compileUserFunction(source, joinPath(pathPrefix, path), [arity]),
  };
  try {
    const built = family.build(args, optimizer, ctx);
    if (!('stepWithMetric' in built)) built.pathPrefix = pathPrefix;
    return built;
  } catch (err) {
    if (err instanceof ScheduleRuntimeError && !err.absolute && pathPrefix && err.path !== undefined) {
      const at = err.line !== undefined && err.column !== undefined ? { line: err.line, column: err.column } : undefined;
      throw new ScheduleRuntimeError(err.message, joinPath(pathPrefix, err.path), at, true);
    }
    throw err;
  }
}

function isMetricScheduler(s: TorchScheduler | MetricScheduler): s is MetricScheduler {
  return 'stepWithMetric' in s;
}

function torchSchedule(family: TorchFamily, args: Args, opt: ResolvedOptimizer, call: FrameworkCall, tick: 'epoch' | 'step'): Schedule {
  const probe = new TorchOptimizer(opt.kind, opt.lr, opt.momentum, opt.betas);
  const built = buildTorch(family, args, probe, '');
  const cyclesMomentum = !isMetricScheduler(built) && built.cyclesMomentum;
  return {
    framework: 'torch',
    name: family.spec.name,
    tick,
    needsMetric: family.spec.needsMetric,
    ...(family.monitor ? { monitor: family.monitor(args) } : {}),
    cyclesMomentum,
    call,
    start(): Simulation {
      const optimizer = new TorchOptimizer(opt.kind, opt.lr, opt.momentum, opt.betas);
      const scheduler = buildTorch(family, args, optimizer, '');
      return {
        current: () => (cyclesMomentum ? { lr: optimizer.group.lr, momentum: optimizer.momentum } : { lr: optimizer.group.lr }),
        advance(metric) {
          if (isMetricScheduler(scheduler)) scheduler.stepWithMetric(metric as number);
          else scheduler.step();
        },
      };
    },
  };
}

/** Validates a framework call and returns a schedule that `sample` can run. Never throws. */
export function fromFramework(call: FrameworkCall): Result<Schedule> {
  try {
    return fromFrameworkUnsafe(call);
  } catch (err) {
    if (err instanceof ScheduleRuntimeError) return fail(errorFromRuntime(err));
    return fail({ message: `Internal error while building the schedule: ${err instanceof Error ? err.message : String(err)}` });
  }
}

function fromFrameworkUnsafe(call: FrameworkCall): Result<Schedule> {
  if (!isRecord(call)) return fail({ message: 'A scheduler call must be an object { framework, name, args }' });
  const framework: unknown = call.framework;
  if (typeof framework !== 'string' || !(FRAMEWORKS as readonly string[]).includes(framework)) {
    return fail({
      message: `framework must be 'torch', 'keras', 'playground' or 'transformers', got ${JSON.stringify(framework)}`,
      path: 'framework',
    });
  }
  const stepEvery = readStepEvery(call.stepEvery);
  if (!stepEvery.ok) return stepEvery;
  if (framework === 'transformers' && call.name === 'get_scheduler') return getSchedulerCall(call, 0);
  if (framework !== 'torch') return standaloneSchedule(framework as StandaloneFramework, call, 0);
  const validated = validateTorchCall(call.name, call.args, '', 0);
  if (!validated.ok) return validated;
  const { family, args } = validated.value;
  const usual = tickOf(family, args);
  // Any torch scheduler may be stepped per epoch or per batch (its tick then counts what the loop counts), but
  // ReduceLROnPlateau compares an epoch's validation metric.
  if (family.spec.needsMetric && stepEvery.value !== undefined && TICK_OF[stepEvery.value] !== usual) {
    return fail(ownTickOnly(family.spec.name, usual, 'it compares the validation metric of each epoch'));
  }
  const tick = stepEvery.value === undefined ? usual : TICK_OF[stepEvery.value];
  const optimizer = resolveOptimizer(call.optimizer, (kind) => TORCH_DEFAULT_LR[kind]);
  if (!optimizer.ok) return optimizer;
  const o = optimizer.value;
  const normalized: FrameworkCall = {
    framework: 'torch',
    name: family.spec.name,
    args: args as Record<string, unknown>,
    optimizer:
      o.kind === 'Adam' || o.kind === 'AdamW'
        ? { kind: o.kind, lr: o.lr, betas: o.betas }
        : { kind: o.kind, lr: o.lr, momentum: o.momentum },
    ...(tick !== usual ? { stepEvery: stepEvery.value as StepEvery } : {}),
  };
  return ok(torchSchedule(family, args, o, normalized, tick));
}

/** Where a name belongs to another framework, say so ('StepLR' is torch's, 'CosineDecay' is Keras's). */
function otherFrameworkHint(name: string, framework: Framework): string {
  const owner = families.find((f) => f.name === name && f.framework !== framework);
  return owner ? `: it is a ${FRAMEWORK_LABEL[owner.framework]} scheduler (use framework '${owner.framework}').` : '';
}

/**
 * transformers' `get_scheduler(name, ...)`: normalised onto the function `name` selects (see
 * transformers/scheduler.ts); errors in an argument that came from scheduler_specific_kwargs point into it.
 */
function getSchedulerCall(call: FrameworkCall, depth: number): Result<Schedule> {
  const resolved = resolveGetScheduler(call.args);
  if (!resolved.ok) return resolved;
  const { framework, name, args, fromKwargs } = resolved.value;
  const specific: FrameworkCall = {
    framework,
    name,
    args,
    ...(call.optimizer ? { optimizer: call.optimizer } : {}),
    ...(call.stepEvery !== undefined ? { stepEvery: call.stepEvery } : {}),
  };
  const made = framework === 'torch' ? fromFrameworkUnsafe(specific) : standaloneSchedule(framework, specific, depth);
  if (made.ok) return made;
  const path = made.error.path;
  const arg = path?.match(/^args\.([A-Za-z_][A-Za-z0-9_]*)(.*)$/);
  if (!arg || !fromKwargs.has(arg[1] as string)) return made;
  return fail({ ...made.error, path: `args.scheduler_specific_kwargs.${arg[1]}${arg[2]}` });
}

function standaloneSchedule(framework: StandaloneFramework, call: FrameworkCall, depth: number): Result<Schedule> {
  const list = standaloneFamilies(framework);
  const name: unknown = call.name;
  if (typeof name !== 'string' || name === '') {
    return fail({ message: 'name must be the scheduler class name, e.g. "CosineDecay"', path: 'name' });
  }
  const family = list.find((f) => f.spec.name === name);
  if (!family) {
    const hint =
      otherFrameworkHint(name, framework) ||
      `.${didYouMean(
        name,
        list.map((f) => f.spec.name),
      )}`;
    return fail({ message: `Unknown ${FRAMEWORK_LABEL[framework]} schedule '${name}'${hint}`, path: 'name' });
  }
  // torch's and Keras's `verbose` and a Keras schedule's `name` change nothing; transformers' functions take neither.
  if (framework === 'transformers' && isRecord(call.args)) {
    for (const key of ['verbose', 'name']) {
      if (Object.hasOwn(call.args, key))
        return fail({ message: `TypeError: ${name}() got an unexpected keyword argument '${key}'`, path: `args.${key}` });
    }
  }
  const noChildren: ChildValidator = (_child, childPath) => fail({ message: 'nested schedulers are not supported here', path: childPath });
  const args = validateArgs(name, family.spec.params, call.args, 'args', noChildren);
  if (!args.ok) return args;
  const defaultLr =
    framework === 'keras'
      ? (kind: keyof typeof KERAS_DEFAULT_LR) => KERAS_DEFAULT_LR[kind]
      : (kind: keyof typeof TORCH_DEFAULT_LR) => TORCH_DEFAULT_LR[kind];
  const optimizer = resolveOptimizer(call.optimizer, defaultLr);
  if (!optimizer.ok) return optimizer;
  const o = optimizer.value;
  // A wrapper (playground's Warmup) takes its tick, metric need and momentum from the schedule it wraps.
  let wrapped: Schedule | undefined;
  const context: StandaloneContext = {
    initialLr: o.lr,
    compile: (source, path, accepted) => compileUserFunction(source, path, accepted),
    startNested(inner, path) {
      if (depth >= MAX_NESTING) throw new ScheduleRuntimeError(`Schedules nested more than ${MAX_NESTING} deep are not supported`, path);
      // The loop steps the wrapper; the wrapped schedule advances once per wrapper tick, so it takes the
      // wrapper's stepEvery (a nested call's own stepEvery is not read).
      const innerCall: FrameworkCall = {
        framework: inner.framework,
        name: inner.name,
        args: inner.args,
        ...(call.optimizer ? { optimizer: call.optimizer } : {}),
        ...(call.stepEvery !== undefined ? { stepEvery: call.stepEvery } : {}),
      };
      const nested =
        inner.framework === 'torch'
          ? fromFrameworkUnsafe(innerCall)
          : inner.framework === 'transformers' && inner.name === 'get_scheduler'
            ? getSchedulerCall(innerCall, depth + 1)
            : standaloneSchedule(inner.framework, innerCall, depth + 1);
      if (!nested.ok) {
        const innerPath = nested.error.path === 'stepEvery' ? 'stepEvery' : nested.error.path ? `${path}.${nested.error.path}` : path;
        throw new ScheduleRuntimeError(nested.error.message, innerPath);
      }
      wrapped = nested.value;
      const { tick, needsMetric, cyclesMomentum } = nested.value;
      return { simulation: nested.value.start(), tick, needsMetric, cyclesMomentum };
    },
  };
  // A dry run surfaces errors the constructor would raise (e.g. mismatched boundaries and values).
  family.start(args.value, context);
  const inner = wrapped as Schedule | undefined;
  const tick = inner ? inner.tick : family.spec.tick;
  const stepEvery = call.stepEvery as StepEvery | undefined;
  // Keras schedules and callbacks and transformers' functions are documented for one place in the loop.
  if (!inner && stepEvery !== undefined && TICK_OF[stepEvery] !== tick) {
    const why =
      framework === 'keras'
        ? tick === 'step'
          ? 'a Keras LearningRateSchedule is called with the optimizer step'
          : 'Keras calls its callbacks at the end of each epoch'
        : framework === 'transformers'
          ? 'transformers schedules are stepped after every optimizer step'
          : '';
    return fail(ownTickOnly(name, tick, why));
  }
  const usual = inner ? (inner.call.stepEvery === undefined ? inner.tick : inner.tick === 'step' ? 'epoch' : 'step') : tick;
  const normalized: FrameworkCall = {
    framework,
    name,
    args: args.value as Record<string, unknown>,
    optimizer: { kind: o.kind, lr: o.lr },
    ...(tick !== usual && stepEvery !== undefined ? { stepEvery } : {}),
  };
  const monitor = inner ? inner.monitor : family.monitor?.(args.value);
  return ok({
    framework,
    name,
    tick,
    needsMetric: inner ? inner.needsMetric : family.spec.needsMetric,
    ...(monitor ? { monitor } : {}),
    cyclesMomentum: inner ? inner.cyclesMomentum : false,
    call: normalized,
    start: () => family.start(args.value, context),
  });
}
