/**
 * Each framework's optimizer update rule, written once over an abstract arithmetic, so that the training engine
 * (tfjs tensors, optimizers.ts) and the Landscape view (float64 numbers, src/landscape/path.ts) run the same
 * rule: a PyTorch panel steps as torch.optim does, a Keras panel as keras.optimizers does, on either.
 *
 * Sources (read in the reference environment: torch 2.13.0, Keras 3.15.1):
 * - torch/optim/sgd.py `_single_tensor_sgd`, adam.py `_single_tensor_adam` (AdamW is Adam with decoupled
 *   decay), rmsprop.py `_single_tensor_rmsprop` (the CPU path: foreach and fused are CUDA defaults);
 * - keras/src/optimizers/sgd.py, adam.py, adamw.py, rmsprop.py `update_step`, and base_optimizer.py
 *   `_apply_weight_decay` (Keras 3 decays every optimizer's weights decoupled, before the update).
 *
 * The order of operations is the libraries' (it decides the last bits in float32 and float64 alike). The
 * hyperparameters a schedule drives (LR, momentum, Adam's β1) are arguments of every step, as both frameworks
 * read them from the param group / the optimizer attribute at every step. Pure: no tfjs, no DOM.
 */
import { OPTIMIZER_DEFAULTS } from './config';
import type { TrainingConfig, UpdateRule } from './types';

export type OptimizerSettings = TrainingConfig['optimizer'];

/** The arithmetic a rule is written in: elementwise, with a number on the right broadcast. */
export interface Arithmetic<T> {
  add(a: T, b: T | number): T;
  sub(a: T, b: T | number): T;
  mul(a: T, b: T | number): T;
  div(a: T, b: T | number): T;
  sqrt(a: T): T;
  square(a: T): T;
}

/** Something the rule reads and overwrites: a parameter, or one of the optimizer's state slots. */
export interface Cell<T> {
  read(): T;
  write(value: T): void;
}

export interface RuleStorage<T> {
  readonly arithmetic: Arithmetic<T>;
  /** A new state slot shaped like parameter `index`, all zeros. */
  zeros(index: number): Cell<T>;
  /**
   * The parameters' dtype, which Keras computes Adam's per-step scalars in (`ops.cast(..., variable.dtype)`):
   * 'float32' for the training engine's weights, 'float64' for the landscape's point.
   */
  readonly dtype: 'float32' | 'float64';
}

/** One update of every parameter from its gradient (same order), with this step's LR and momentum (Adam: β1). */
export type UpdateStep<T> = (parameters: readonly Cell<T>[], gradients: readonly T[], lr: number, momentum: number) => void;

/** The momentum (SGD, RMSprop) or β1 (Adam, AdamW) an optimizer starts with. */
export function initialMomentum(spec: OptimizerSettings): number {
  return spec.kind === 'Adam' || spec.kind === 'AdamW' ? (spec.betas?.[0] ?? 0.9) : (spec.momentum ?? 0);
}

/**
 * Adam's per-step scalars at step t (from 1). torch (adam.py): step_size = lr / (1 − β1^t) and
 * bias_correction2_sqrt = sqrt(1 − β2^t), in Python floats. Keras (adam.py): alpha = lr · sqrt(1 − β2^t) / (1 − β1^t)
 * in the variables' dtype, from β's cast to it; in float32, float32(0.999) = 0.99900001, so 1 − β2^t loses
 * digits and a real Keras run takes steps that much shorter. Math.fround after each operation does the same
 * arithmetic.
 */
export function adamScalars(
  rule: UpdateRule,
  lr: number,
  beta1: number,
  beta2: number,
  t: number,
  dtype: 'float32' | 'float64',
): { stepSize: number; correction2Sqrt: number; alpha: number } {
  if (rule === 'torch') return { stepSize: lr / (1 - beta1 ** t), correction2Sqrt: Math.sqrt(1 - beta2 ** t), alpha: Number.NaN };
  const f = dtype === 'float32' ? Math.fround : (x: number) => x;
  const beta1Power = f(f(beta1) ** t);
  const beta2Power = f(f(beta2) ** t);
  return { stepSize: Number.NaN, correction2Sqrt: Number.NaN, alpha: f(f(f(lr) * f(Math.sqrt(f(1 - beta2Power)))) / f(1 - beta1Power)) };
}

/**
 * The weight decay a rule applies: the one given, else the library's default, which is 0 except for AdamW
 * (torch.optim.AdamW() 0.01, keras.optimizers.AdamW() 0.004).
 */
export function weightDecayOf(spec: OptimizerSettings, rule: UpdateRule): number {
  return spec.weight_decay ?? (spec.kind === 'AdamW' ? OPTIMIZER_DEFAULTS[rule].AdamW.weight_decay : 0);
}

/** The update rule of `spec` under `rule`, with its state in `storage` (one slot set per parameter). */
export function updateRule<T>(spec: OptimizerSettings, rule: UpdateRule, parameterCount: number, storage: RuleStorage<T>): UpdateStep<T> {
  const step = rule === 'torch' ? torchStep(spec, parameterCount, storage) : kerasStep(spec, parameterCount, storage);
  const weightDecay = weightDecayOf(spec, rule);
  if (rule !== 'keras' || weightDecay <= 0) return step;
  const ops = storage.arithmetic;
  return (parameters, gradients, lr, momentum) => {
    // keras base_optimizer._apply_weight_decay: variable − variable · wd · lr, before the update step.
    for (const p of parameters) p.write(ops.sub(p.read(), ops.mul(ops.mul(p.read(), weightDecay), lr)));
    step(parameters, gradients, lr, momentum);
  };
}

function slots<T>(count: number, storage: RuleStorage<T>): Cell<T>[] {
  return Array.from({ length: count }, (_, i) => storage.zeros(i));
}

function checked<T>(count: number, step: UpdateStep<T>): UpdateStep<T> {
  return (parameters, gradients, lr, momentum) => {
    if (parameters.length !== count || gradients.length !== count) {
      throw new Error(`expected ${count} parameters and gradients, got ${parameters.length} and ${gradients.length}`);
    }
    step(parameters, gradients, lr, momentum);
  };
}

function torchStep<T>(spec: OptimizerSettings, count: number, storage: RuleStorage<T>): UpdateStep<T> {
  const d = OPTIMIZER_DEFAULTS.torch;
  const ops = storage.arithmetic;
  const weightDecay = weightDecayOf(spec, 'torch');
  // torch's L2 decay (SGD, Adam, RMSprop): grad = grad + wd · param. AdamW decays the weights instead.
  const decayed = (g: T, p: Cell<T>): T => (weightDecay !== 0 && spec.kind !== 'AdamW' ? ops.add(g, ops.mul(p.read(), weightDecay)) : g);
  switch (spec.kind) {
    case 'SGD': {
      // buf = g on the first step with momentum ≠ 0 (torch.clone(grad)), then buf = μ·buf + (1 − dampening)·g
      // (dampening 0); nesterov: g + μ·buf, else buf; param −= lr · that.
      const buffers = slots(count, storage);
      let started = false;
      const nesterov = spec.nesterov ?? d.SGD.nesterov;
      return checked(count, (parameters, gradients, lr, mu) => {
        parameters.forEach((p, i) => {
          let g = decayed(gradients[i] as T, p);
          if (mu !== 0) {
            const buf = buffers[i] as Cell<T>;
            buf.write(started ? ops.add(ops.mul(buf.read(), mu), g) : g);
            g = nesterov ? ops.add(g, ops.mul(buf.read(), mu)) : buf.read();
          }
          p.write(ops.sub(p.read(), ops.mul(g, lr)));
        });
        if (mu !== 0) started = true;
      });
    }
    case 'Adam':
    case 'AdamW': {
      // m.lerp_(g, 1 − β1) (= m + (1 − β1)(g − m)); v = β2·v + (1 − β2)·g²; bias corrections with the current
      // β1, β2 (so a cycled β1 reaches them); denom = sqrt(v) / sqrt(1 − β2^t) + eps; param −= lr / (1 − β1^t) · m / denom.
      // AdamW first: param ·= 1 − lr · wd.
      const m = slots(count, storage);
      const v = slots(count, storage);
      const beta2 = spec.betas?.[1] ?? d.Adam.betas[1];
      const eps = spec.eps ?? d.Adam.eps;
      let t = 0;
      return checked(count, (parameters, gradients, lr, beta1) => {
        t += 1;
        const { stepSize, correction2Sqrt } = adamScalars('torch', lr, beta1, beta2, t, storage.dtype);
        parameters.forEach((p, i) => {
          if (spec.kind === 'AdamW' && weightDecay !== 0) p.write(ops.mul(p.read(), 1 - lr * weightDecay));
          const g = decayed(gradients[i] as T, p);
          const mi = m[i] as Cell<T>;
          const vi = v[i] as Cell<T>;
          mi.write(ops.add(mi.read(), ops.mul(ops.sub(g, mi.read()), 1 - beta1)));
          vi.write(ops.add(ops.mul(vi.read(), beta2), ops.mul(ops.square(g), 1 - beta2)));
          const denom = ops.add(ops.div(ops.sqrt(vi.read()), correction2Sqrt), eps);
          p.write(ops.sub(p.read(), ops.mul(ops.div(mi.read(), denom), stepSize)));
        });
      });
    }
    case 'RMSprop': {
      // square_avg = α·sq + (1 − α)·g²; avg = sqrt(sq) + eps; momentum > 0: buf = μ·buf + g / avg, param −= lr·buf;
      // else param −= lr · g / avg.
      const squares = slots(count, storage);
      const buffers = slots(count, storage);
      const alpha = d.RMSprop.alpha;
      const eps = spec.eps ?? d.RMSprop.eps;
      return checked(count, (parameters, gradients, lr, mu) => {
        parameters.forEach((p, i) => {
          const g = decayed(gradients[i] as T, p);
          const sq = squares[i] as Cell<T>;
          sq.write(ops.add(ops.mul(sq.read(), alpha), ops.mul(ops.square(g), 1 - alpha)));
          const scaled = ops.div(g, ops.add(ops.sqrt(sq.read()), eps));
          if (mu > 0) {
            const buf = buffers[i] as Cell<T>;
            buf.write(ops.add(ops.mul(buf.read(), mu), scaled));
            p.write(ops.sub(p.read(), ops.mul(buf.read(), lr)));
          } else {
            p.write(ops.sub(p.read(), ops.mul(scaled, lr)));
          }
        });
      });
    }
  }
}

function kerasStep<T>(spec: OptimizerSettings, count: number, storage: RuleStorage<T>): UpdateStep<T> {
  const d = OPTIMIZER_DEFAULTS.keras;
  const ops = storage.arithmetic;
  switch (spec.kind) {
    case 'SGD': {
      // m = μ·m − lr·g; nesterov: param += μ·m − lr·g, else param += m. Without momentum: param −= lr·g.
      const buffers = slots(count, storage);
      const nesterov = spec.nesterov ?? d.SGD.nesterov;
      return checked(count, (parameters, gradients, lr, mu) => {
        parameters.forEach((p, i) => {
          const g = gradients[i] as T;
          if (mu !== 0) {
            const m = buffers[i] as Cell<T>;
            m.write(ops.sub(ops.mul(m.read(), mu), ops.mul(g, lr)));
            p.write(ops.add(p.read(), nesterov ? ops.sub(ops.mul(m.read(), mu), ops.mul(g, lr)) : m.read()));
          } else {
            p.write(ops.sub(p.read(), ops.mul(g, lr)));
          }
        });
      });
    }
    case 'Adam':
    case 'AdamW': {
      // alpha = lr · sqrt(1 − β2^t) / (1 − β1^t) (adamScalars); m += (g − m)(1 − β1); v += (g² − v)(1 − β2);
      // param −= m · alpha / (sqrt(v) + ε). (AdamW's decay is the base optimizer's, in updateRule.)
      const m = slots(count, storage);
      const v = slots(count, storage);
      const beta2 = spec.betas?.[1] ?? d.Adam.beta_2;
      const eps = spec.eps ?? d.Adam.epsilon;
      let t = 0;
      return checked(count, (parameters, gradients, lr, beta1) => {
        t += 1;
        const { alpha } = adamScalars('keras', lr, beta1, beta2, t, storage.dtype);
        parameters.forEach((p, i) => {
          const g = gradients[i] as T;
          const mi = m[i] as Cell<T>;
          const vi = v[i] as Cell<T>;
          mi.write(ops.add(mi.read(), ops.mul(ops.sub(g, mi.read()), 1 - beta1)));
          vi.write(ops.add(vi.read(), ops.mul(ops.sub(ops.square(g), vi.read()), 1 - beta2)));
          p.write(ops.sub(p.read(), ops.div(ops.mul(mi.read(), alpha), ops.add(ops.sqrt(vi.read()), eps))));
        });
      });
    }
    case 'RMSprop': {
      // velocity = ρ·velocity + (1 − ρ)·g²; increment = lr·g / sqrt(velocity + ε);
      // momentum > 0: m = μ·m + increment, param −= m; else param −= increment.
      const velocities = slots(count, storage);
      const buffers = slots(count, storage);
      const rho = d.RMSprop.rho;
      const eps = spec.eps ?? d.RMSprop.epsilon;
      return checked(count, (parameters, gradients, lr, mu) => {
        parameters.forEach((p, i) => {
          const g = gradients[i] as T;
          const vel = velocities[i] as Cell<T>;
          vel.write(ops.add(ops.mul(vel.read(), rho), ops.mul(ops.square(g), 1 - rho)));
          const increment = ops.div(ops.mul(g, lr), ops.sqrt(ops.add(vel.read(), eps)));
          if (mu > 0) {
            const buf = buffers[i] as Cell<T>;
            buf.write(ops.add(ops.mul(buf.read(), mu), increment));
            p.write(ops.sub(p.read(), buf.read()));
          } else {
            p.write(ops.sub(p.read(), increment));
          }
        });
      });
    }
  }
}

/** Float64 arithmetic on plain numbers: the landscape's. */
export const FLOAT64: Arithmetic<number> = {
  add: (a, b) => a + b,
  sub: (a, b) => a - b,
  mul: (a, b) => a * b,
  div: (a, b) => a / b,
  sqrt: Math.sqrt,
  square: (a) => a * a,
};
