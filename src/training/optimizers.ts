/**
 * The training engine's optimizers: each framework's update rule (update-rule.ts, shared with the Landscape view)
 * run on tfjs-core tensors, so that a PyTorch panel trains as torch.optim does and a Keras panel as
 * keras.optimizers does. tfjs's own optimizers are not used: they follow neither exactly (their momentum is
 * torch's, their Adam tracks β1^t as a running product so a cycled β1 never reaches the bias correction, and
 * `setMomentum` leaves a cached value behind; ENVIRONMENT.md).
 */
import * as tf from '@tensorflow/tfjs-core';
import { variableOf } from './model';
import type { TrainingConfig, UpdateRule } from './types';
import { type Arithmetic, type Cell, initialMomentum, updateRule } from './update-rule';

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

/** tfjs-core's ops as the rule's arithmetic (a number on the right becomes a float32 scalar, as before). */
const TENSORS: Arithmetic<tf.Tensor> = {
  add: (a, b) => tf.add(a, b),
  sub: (a, b) => tf.sub(a, b),
  mul: (a, b) => tf.mul(a, b),
  div: (a, b) => tf.div(a, b),
  sqrt: (a) => tf.sqrt(a),
  square: (a) => tf.square(a),
};

const cellOf = (variable: tf.Variable): Cell<tf.Tensor> => ({
  read: () => variable,
  write: (value) => variable.assign(value),
});

export function createOptimizer(spec: Spec, rule: UpdateRule, parameters: readonly tf.Variable[]): Optimizer {
  let lr = spec.lr;
  let momentum = initialMomentum(spec);
  const state: tf.Variable[] = [];
  const cells = parameters.map(cellOf);
  const step = updateRule(spec, rule, parameters.length, {
    arithmetic: TENSORS,
    dtype: 'float32',
    zeros: (index) => {
      // A state slot per parameter (a momentum buffer, a second moment), zeros like the parameter.
      const slot = variableOf(tf.zerosLike(parameters[index] as tf.Variable), false);
      state.push(slot);
      return cellOf(slot);
    },
  });
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
      step(cells, gradients, lr, momentum);
    },
    dispose() {
      for (const s of state) s.dispose();
    },
  };
}
