/**
 * Each framework's optimizer update rule, written out in tfjs-core ops, so that a PyTorch panel trains as
 * torch.optim does and a Keras panel as keras.optimizers does. tfjs's own optimizers are not used: they follow
 * neither exactly (their momentum is torch's, their Adam tracks β1^t as a running product so a cycled β1 never
 * reaches the bias correction, and `setMomentum` leaves a cached value behind; ENVIRONMENT.md).
 *
 * Sources (read in the reference environment: torch 2.13.0, Keras 3.15.1):
 * - torch/optim/sgd.py `_single_tensor_sgd`, adam.py `_single_tensor_adam` (AdamW is Adam with decoupled
 *   decay), rmsprop.py `_single_tensor_rmsprop` (the CPU path: foreach and fused are CUDA defaults);
 * - keras/src/optimizers/sgd.py, adam.py, adamw.py, rmsprop.py `update_step`, and base_optimizer.py
 *   `_apply_weight_decay` (Keras 3 decays every optimizer's weights decoupled, before the update).
 *
 * The hyperparameters a schedule drives (LR, momentum, Adam's β1) are read at every step from `setHyper`, as both
 * frameworks read them from the param group / the optimizer attribute at every step.
 */
import * as tf from '@tensorflow/tfjs-core';
import { OPTIMIZER_DEFAULTS } from './config';
import { variableOf } from './model';
import type { TrainingConfig, UpdateRule } from './types';

export interface Hyper {
  lr: number;
  /** SGD and RMSprop momentum, or Adam's β1, as the schedule set it for this step; absent: the configured value. */
  momentum?: number;
}

export interface Optimizer {
  readonly kind: TrainingConfig['optimizer']['kind'];
  readonly rule: UpdateRule;
  /** Sets the values the next `apply` uses (a scheduler writing param_groups[0]['lr'] / optimizer.learning_rate). */
  setHyper(hyper: Hyper): void;
  /** What the optimizer holds now: read back after `setHyper`, it is what the next update uses. */
  readonly learningRate: number;
  /** SGD / RMSprop momentum, or Adam / AdamW β1. */
  readonly momentum: number;
  /** One update of every parameter from its gradient (same order). Call inside tf.tidy. */
  apply(gradients: readonly tf.Tensor[]): void;
  dispose(): void;
}

type Spec = TrainingConfig['optimizer'];

/** A state slot per parameter (a momentum buffer, a second moment), zeros like the parameter. */
function slots(parameters: readonly tf.Variable[]): tf.Variable[] {
  return parameters.map((p) => variableOf(tf.zerosLike(p), false));
}

export function createOptimizer(spec: Spec, rule: UpdateRule, parameters: readonly tf.Variable[]): Optimizer {
  let lr = spec.lr;
  let momentum = spec.kind === 'Adam' || spec.kind === 'AdamW' ? (spec.betas?.[0] ?? 0.9) : (spec.momentum ?? 0);
  const weightDecay = spec.weight_decay ?? 0;
  const state: tf.Variable[] = [];
  const update = rule === 'torch' ? torchUpdate(spec, parameters, state) : kerasUpdate(spec, parameters, state);
  return {
    kind: spec.kind,
    rule,
    setHyper(hyper) {
      lr = hyper.lr;
      if (hyper.momentum !== undefined) momentum = hyper.momentum;
    },
    get learningRate() {
      return lr;
    },
    get momentum() {
      return momentum;
    },
    apply(gradients) {
      if (gradients.length !== parameters.length) throw new Error(`expected ${parameters.length} gradients, got ${gradients.length}`);
      if (rule === 'keras' && weightDecay > 0) {
        // keras base_optimizer._apply_weight_decay: variable − variable · wd · lr, before the update step.
        for (const p of parameters) p.assign(tf.sub(p, tf.mul(tf.mul(p, weightDecay), lr)));
      }
      update(gradients, lr, momentum);
    },
    dispose() {
      for (const s of state) s.dispose();
    },
  };
}

type Update = (gradients: readonly tf.Tensor[], lr: number, momentum: number) => void;

function torchUpdate(spec: Spec, parameters: readonly tf.Variable[], state: tf.Variable[]): Update {
  const d = OPTIMIZER_DEFAULTS.torch;
  const weightDecay = spec.weight_decay ?? 0;
  // torch's L2 decay (SGD, Adam, RMSprop): grad = grad + wd · param. AdamW decays the weights instead.
  const decayed = (g: tf.Tensor, p: tf.Variable): tf.Tensor =>
    weightDecay !== 0 && spec.kind !== 'AdamW' ? tf.add(g, tf.mul(p, weightDecay)) : g;
  switch (spec.kind) {
    case 'SGD': {
      // buf = g on the first step with momentum ≠ 0 (torch.clone(grad)), then buf = μ·buf + (1 − dampening)·g
      // (dampening 0); nesterov: g + μ·buf, else buf; param −= lr · that.
      const buffers = slots(parameters);
      state.push(...buffers);
      let started = false;
      const nesterov = spec.nesterov ?? d.SGD.nesterov;
      return (gradients, lr, mu) => {
        parameters.forEach((p, i) => {
          let g = decayed(gradients[i] as tf.Tensor, p);
          if (mu !== 0) {
            const buf = buffers[i] as tf.Variable;
            buf.assign(started ? tf.add(tf.mul(buf, mu), g) : g);
            g = nesterov ? tf.add(g, tf.mul(buf, mu)) : buf;
          }
          p.assign(tf.sub(p, tf.mul(g, lr)));
        });
        if (mu !== 0) started = true;
      };
    }
    case 'Adam':
    case 'AdamW': {
      // m.lerp_(g, 1 − β1) (= m + (1 − β1)(g − m)); v = β2·v + (1 − β2)·g²; bias corrections with the current
      // β1, β2 (so a cycled β1 reaches them); denom = sqrt(v) / sqrt(1 − β2^t) + eps; param −= lr / (1 − β1^t) · m / denom.
      // AdamW first: param ·= 1 − lr · wd.
      const m = slots(parameters);
      const v = slots(parameters);
      state.push(...m, ...v);
      const beta2 = spec.betas?.[1] ?? d.Adam.betas[1];
      const eps = spec.eps ?? d.Adam.eps;
      let t = 0;
      return (gradients, lr, beta1) => {
        t += 1;
        const stepSize = lr / (1 - beta1 ** t);
        const correction2Sqrt = Math.sqrt(1 - beta2 ** t);
        parameters.forEach((p, i) => {
          if (spec.kind === 'AdamW' && weightDecay !== 0) p.assign(tf.mul(p, 1 - lr * weightDecay));
          const g = decayed(gradients[i] as tf.Tensor, p);
          const mi = m[i] as tf.Variable;
          const vi = v[i] as tf.Variable;
          mi.assign(tf.add(mi, tf.mul(tf.sub(g, mi), 1 - beta1)));
          vi.assign(tf.add(tf.mul(vi, beta2), tf.mul(tf.square(g), 1 - beta2)));
          const denom = tf.add(tf.div(tf.sqrt(vi), correction2Sqrt), eps);
          p.assign(tf.sub(p, tf.mul(tf.div(mi, denom), stepSize)));
        });
      };
    }
    case 'RMSprop': {
      // square_avg = α·sq + (1 − α)·g²; avg = sqrt(sq) + eps; momentum > 0: buf = μ·buf + g / avg, param −= lr·buf;
      // else param −= lr · g / avg.
      const squares = slots(parameters);
      const buffers = slots(parameters);
      state.push(...squares, ...buffers);
      const alpha = d.RMSprop.alpha;
      const eps = spec.eps ?? d.RMSprop.eps;
      return (gradients, lr, mu) => {
        parameters.forEach((p, i) => {
          const g = decayed(gradients[i] as tf.Tensor, p);
          const sq = squares[i] as tf.Variable;
          sq.assign(tf.add(tf.mul(sq, alpha), tf.mul(tf.square(g), 1 - alpha)));
          const scaled = tf.div(g, tf.add(tf.sqrt(sq), eps));
          if (mu > 0) {
            const buf = buffers[i] as tf.Variable;
            buf.assign(tf.add(tf.mul(buf, mu), scaled));
            p.assign(tf.sub(p, tf.mul(buf, lr)));
          } else {
            p.assign(tf.sub(p, tf.mul(scaled, lr)));
          }
        });
      };
    }
  }
}

function kerasUpdate(spec: Spec, parameters: readonly tf.Variable[], state: tf.Variable[]): Update {
  const d = OPTIMIZER_DEFAULTS.keras;
  switch (spec.kind) {
    case 'SGD': {
      // m = μ·m − lr·g; nesterov: param += μ·m − lr·g, else param += m. Without momentum: param −= lr·g.
      const buffers = slots(parameters);
      state.push(...buffers);
      const nesterov = spec.nesterov ?? d.SGD.nesterov;
      return (gradients, lr, mu) => {
        parameters.forEach((p, i) => {
          const g = gradients[i] as tf.Tensor;
          if (mu !== 0) {
            const m = buffers[i] as tf.Variable;
            m.assign(tf.sub(tf.mul(m, mu), tf.mul(g, lr)));
            p.assign(tf.add(p, nesterov ? tf.sub(tf.mul(m, mu), tf.mul(g, lr)) : m));
          } else {
            p.assign(tf.sub(p, tf.mul(g, lr)));
          }
        });
      };
    }
    case 'Adam':
    case 'AdamW': {
      // alpha = lr · sqrt(1 − β2^t) / (1 − β1^t), in float32; m += (g − m)(1 − β1); v += (g² − v)(1 − β2);
      // param −= m · alpha / (sqrt(v) + ε). (AdamW's decay is the base optimizer's, above.)
      const m = slots(parameters);
      const v = slots(parameters);
      state.push(...m, ...v);
      const beta2 = spec.betas?.[1] ?? d.Adam.beta_2;
      const eps = spec.eps ?? d.Adam.epsilon;
      let t = 0;
      return (gradients, lr, beta1) => {
        t += 1;
        // Keras computes alpha in the variable's dtype, float32, from β's cast to float32: ops.power(cast(β2), t)
        // and 1 − β2^t lose most of β2's digits (float32(0.999) = 0.99900001, so 1 − β2 is 1.3e-5 off), and a
        // real Keras run takes steps that much shorter. Math.fround after each operation does the same arithmetic.
        const f = Math.fround;
        const beta1Power = f(f(beta1) ** t);
        const beta2Power = f(f(beta2) ** t);
        const alpha = f(f(f(lr) * f(Math.sqrt(f(1 - beta2Power)))) / f(1 - beta1Power));
        parameters.forEach((p, i) => {
          const g = gradients[i] as tf.Tensor;
          const mi = m[i] as tf.Variable;
          const vi = v[i] as tf.Variable;
          mi.assign(tf.add(mi, tf.mul(tf.sub(g, mi), 1 - beta1)));
          vi.assign(tf.add(vi, tf.mul(tf.sub(tf.square(g), vi), 1 - beta2)));
          p.assign(tf.sub(p, tf.div(tf.mul(mi, alpha), tf.add(tf.sqrt(vi), eps))));
        });
      };
    }
    case 'RMSprop': {
      // velocity = ρ·velocity + (1 − ρ)·g²; increment = lr·g / sqrt(velocity + ε);
      // momentum > 0: m = μ·m + increment, param −= m; else param −= increment.
      const velocities = slots(parameters);
      const buffers = slots(parameters);
      state.push(...velocities, ...buffers);
      const rho = d.RMSprop.rho;
      const eps = spec.eps ?? d.RMSprop.epsilon;
      return (gradients, lr, mu) => {
        parameters.forEach((p, i) => {
          const g = gradients[i] as tf.Tensor;
          const vel = velocities[i] as tf.Variable;
          vel.assign(tf.add(tf.mul(vel, rho), tf.mul(tf.square(g), 1 - rho)));
          const increment = tf.div(tf.mul(g, lr), tf.sqrt(tf.add(vel, eps)));
          if (mu > 0) {
            const buf = buffers[i] as tf.Variable;
            buf.assign(tf.add(tf.mul(buf, mu), increment));
            p.assign(tf.sub(p, buf));
          } else {
            p.assign(tf.sub(p, increment));
          }
        });
      };
    }
  }
}
