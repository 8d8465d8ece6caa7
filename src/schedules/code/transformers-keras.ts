/**
 * Hugging Face transformers' schedules as Keras 3 LearningRateSchedule subclasses, for "Copy as Keras": each
 * class computes `initial_lr * factor(step)` with keras.ops in float64, factor being the lambda the library's
 * `get_*` function hands to torch's LambdaLR (transformers/optimization.py, 5.24.0). The arguments are the
 * library's own (plus `initial_lr`, the optimizer's LR that LambdaLR multiplies); `get_config` returns them, so a
 * compiled model saves and loads. ops.where replaces max(0, …) (ops.maximum returns float32 on the torch backend).
 * Calls on which the library raises while stepping (a zero-length polynomial decay, a negative power, a timescale
 * that is not positive) have no exact Keras form: Keras cannot raise at a step.
 */
import type { FrameworkCall } from '../types';
import { callText, pyArgument } from './emit';
import { familySpec, Unsupported } from './program';

export interface KerasClass {
  name: string;
  lines: string[];
  /** The constructor call, e.g. `LinearScheduleWithWarmup(initial_lr=0.1, num_warmup_steps=10, ...)`. */
  call: string;
}

const POS = (x: string): string => `ops.where(${x} > 0.0, ${x}, 0.0)`;

/** Lines computing `factor` from `t` (a float64 tensor) and the config's locals. */
function factorLines(name: string): { locals: string[]; lines: string[] } | null {
  const warm = 't / max(1, W)';
  switch (name) {
    case 'get_constant_schedule':
      return { locals: [], lines: ['factor = ops.ones_like(t)'] };
    case 'get_constant_schedule_with_warmup':
      return { locals: ['W'], lines: ['factor = ops.where(t < W, t / max(1.0, W), 1.0)'] };
    case 'get_linear_schedule_with_warmup':
      return { locals: ['W', 'T'], lines: ['decay = (T - t) / max(1, T - W)', `factor = ops.where(t < W, ${warm}, ${POS('decay')})`] };
    case 'get_cosine_schedule_with_warmup':
      return {
        locals: ['W', 'T', 'cycles'],
        lines: [
          'progress = (t - W) / max(1, T - W)',
          'wave = 0.5 * (1.0 + ops.cos(math.pi * float(cycles) * 2.0 * progress))',
          `factor = ops.where(t < W, ${warm}, ${POS('wave')})`,
        ],
      };
    case 'get_cosine_with_hard_restarts_schedule_with_warmup':
      return {
        locals: ['W', 'T', 'cycles'],
        lines: [
          'progress = (t - W) / max(1, T - W)',
          'wave = 0.5 * (1.0 + ops.cos(math.pi * ops.mod(float(cycles) * progress, 1.0)))',
          `factor = ops.where(t < W, ${warm}, ops.where(progress >= 1.0, 0.0, ${POS('wave')}))`,
        ],
      };
    case 'get_polynomial_decay_schedule_with_warmup':
      return {
        locals: ['W', 'T', 'lr_end', 'power'],
        lines: [
          'lr_init = c["initial_lr"]',
          'remaining = 1 - (t - W) / (T - W)',
          `decay = (lr_init - lr_end) * ops.power(${POS('remaining')}, power) + lr_end`,
          'factor = ops.where(t < W, t / max(1, W), ops.where(t > T, lr_end / lr_init, decay / lr_init))',
        ],
      };
    case 'get_inverse_sqrt_schedule':
      return {
        locals: ['W', 'timescale'],
        lines: [
          'if timescale is None:',
          '    timescale = W or 10_000',
          `factor = ops.where(t < W, ${warm}, 1.0 / ops.sqrt((t + timescale - W) / timescale))`,
        ],
      };
    case 'get_cosine_with_min_lr_schedule_with_warmup':
      return {
        locals: ['W', 'T', 'cycles', 'rate'],
        lines: [
          'progress = (t - W) / max(1, T - W)',
          'wave = 0.5 * (1.0 + ops.cos(math.pi * float(cycles) * 2.0 * progress))',
          'floored = wave * (1 - rate) + rate',
          `factor = ops.where(t < W, ${warm}, ${POS('floored')})`,
        ],
      };
    case 'get_cosine_with_min_lr_schedule_with_warmup_lr_rate':
      return {
        locals: ['W', 'T', 'cycles', 'rate'],
        lines: [
          'w = c["warmup_lr_rate"]',
          'warm = (t + 1.0) / max(1.0, W) if w is None else w + (1.0 - w) * t / max(1, W - 1)',
          'progress = (t - W + 1.0) / max(1.0, T - W)',
          'wave = 0.5 * (1.0 + ops.cos(math.pi * cycles * 2.0 * progress))',
          'floored = wave * (1 - rate) + rate',
          `factor = ops.where(t < W, warm, ${POS('floored')})`,
        ],
      };
    case 'get_wsd_schedule':
      return {
        locals: ['W', 'D', 'S', 'r', 'cycles'],
        lines: [
          'p = t / max(1, W)',
          `shapes = {"linear": p, "cosine": 0.5 * (1.0 - ops.cos(math.pi * p)), "1-sqrt": 1.0 - ops.sqrt(${POS('1.0 - p')})}`,
          'warm = shapes[c["warmup_type"]] * (1.0 - r) + r',
          'q = (t - W - S) / max(1, D)',
          'shapes = {"linear": 1.0 - q, "cosine": 0.5 * (1.0 + ops.cos(math.pi * float(cycles) * 2.0 * q)),',
          `          "1-sqrt": 1.0 - ops.sqrt(${POS('q')})}`,
          'decay = shapes[c["decay_type"]] * (1.0 - r) + r',
          `factor = ops.where(t < W, ${POS('warm')}, ops.where(t < W + S, 1.0, ops.where(t < W + S + D, ${POS('decay')}, r)))`,
        ],
      };
    default:
      return null;
  }
}

/** How each local is read from the config. */
const LOCALS: Readonly<Record<string, string>> = {
  W: 'c["num_warmup_steps"]',
  T: 'c["num_training_steps"]',
  D: 'c["num_decay_steps"]',
  S: 'c["num_stable_steps"] if c["num_stable_steps"] is not None else c["num_training_steps"] - c["num_warmup_steps"] - c["num_decay_steps"]',
  r: 'c["min_lr_ratio"]',
  cycles: 'c["num_cycles"]',
  lr_end: 'c["lr_end"]',
  power: 'c["power"]',
  timescale: 'c["timescale"]',
  rate: 'c["min_lr_rate"] if c["min_lr"] is None else c["min_lr"] / c["initial_lr"]',
};

/** The class's name for a transformers function (`LinearScheduleWithWarmup`); null for a name it does not know. */
export function transformersClassName(name: string): string | null {
  if (!factorLines(name)) return null;
  return name
    .replace(/^get_/, '')
    .split('_')
    .map((w) => (w === 'lr' ? 'LR' : w.charAt(0).toUpperCase() + w.slice(1)))
    .join('');
}

/**
 * The class and its constructor call for a validated transformers call, the class written as `name` (its
 * transformersClassName unless that clashes); null for a name it does not know.
 */
export function transformersKerasClass(call: FrameworkCall, name = transformersClassName(call.name)): KerasClass | null {
  const body = factorLines(call.name);
  if (!body || !name) return null;
  const a = call.args;
  const W = a.num_warmup_steps as number;
  if (call.name === 'get_polynomial_decay_schedule_with_warmup') {
    const T = a.num_training_steps as number;
    if (T === W) throw new Unsupported('with num_training_steps equal to num_warmup_steps the library divides by zero at that step');
    if ((a.power as number) < 0 && T > W)
      throw new Unsupported('a negative power raises ZeroDivisionError at the last training step in the library');
  }
  if (call.name === 'get_inverse_sqrt_schedule' && a.timescale !== null && (a.timescale as number) <= 0) {
    throw new Unsupported('a timescale that is not positive raises in the library once the warmup ends');
  }
  const spec = familySpec('transformers', call.name);
  const lr = call.optimizer?.lr ?? 1e-3;
  const params = spec.params.map((p) => p.name);
  const config = ['initial_lr', ...params];
  const defaults = spec.params.map((p) => (p.required ? p.name : `${p.name}=${pyArgument(p, p.default) ?? 'None'}`));
  const lines = [
    '@keras.saving.register_keras_serializable(package="lr_playground")',
    `class ${name}(keras.optimizers.schedules.LearningRateSchedule):`,
    `    """Hugging Face transformers' ${call.name} (transformers/optimization.py)`,
    '    as a Keras schedule of the optimizer step: initial_lr * factor(step), as the torch LambdaLR the library',
    '    builds computes it."""',
    '',
    `    def __init__(self, ${['initial_lr', ...defaults].join(', ')}):`,
    `        self.config = {${config.map((k) => `"${k}": ${k}`).join(', ')}}`,
    '',
    '    def __call__(self, step):',
    '        c = self.config',
    '        t = ops.cast(step, "float64")',
    ...body.locals.map((l) => `        ${l} = ${LOCALS[l] as string}`),
    ...body.lines.map((l) => `        ${l}`),
    '        return c["initial_lr"] * factor',
    '',
    '    def get_config(self):',
    '        return dict(self.config)',
  ];
  const args = [`initial_lr=${pyArgument({ name: 'lr', label: '', help: '', kind: 'number', default: 0, min: 0, max: 1, step: 1 }, lr)}`];
  for (const p of spec.params) {
    const text = pyArgument(p, a[p.name] ?? p.default);
    if (text !== null) args.push(`${p.name}=${text}`);
  }
  return { name, lines, call: callText(name, args) };
}
