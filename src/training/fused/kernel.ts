/**
 * The fused training kernel (assembly/mlp.ts, compiled to mlp-kernel.wasm) from JavaScript: loading it, laying its
 * memory out for one model, and `FusedMlp`, the model with its optimizer that trains a batch per call.
 *
 * Where the bytes come from is registered, not imported: the worker registers a fetch of the bundled asset
 * (training.worker.ts), Node tests register a file read. Without a registration the backend is simply absent,
 * as a tfjs backend that is not registered is.
 */
import { OPTIMIZER_DEFAULTS } from '../config';
import type { DenseWeights } from '../init';
import type { LossKind } from '../model';
import type { Hyper } from '../optimizers';
import type { TrainingConfig, UpdateRule } from '../types';
import { adamScalars, initialMomentum } from '../update-rule';

export interface KernelExports {
  memory: WebAssembly.Memory;
  heapBase(): number;
  trainStep(desc: number, rows: number, lr: number, mu: number, a: number, c: number, first: number): void;
  gradientsOf(desc: number, rows: number): void;
  evaluate(desc: number, x: number, y: number, rows: number): void;
  predict(desc: number, x: number, rows: number, predicted: number, confidence: number): void;
  weightMagnitude(desc: number): number;
}

export type KernelSource = () => Promise<ArrayBuffer | Uint8Array>;

let source: KernelSource | null = null;
let compiled: Promise<WebAssembly.Module> | null = null;

/** Where the kernel's bytes come from (the worker: a fetch of the bundled asset; Node tests: a file read). */
export function registerFusedKernel(load: KernelSource): void {
  source = load;
  compiled = null;
}

export function fusedKernelRegistered(): boolean {
  return source !== null;
}

/** Compiles the kernel once per realm (the worker): later runs only instantiate it, which takes microseconds. */
export function compileFusedKernel(): Promise<WebAssembly.Module> {
  if (!source) return Promise.reject(new Error('the fused kernel is not registered in this build or environment'));
  if (!compiled) {
    const load = source;
    compiled = (async () => {
      const bytes = await load();
      return WebAssembly.compile(bytes instanceof Uint8Array ? (bytes.slice().buffer as ArrayBuffer) : bytes);
    })();
    // A failure is not kept: the next call tries again.
    compiled.catch(() => {
      compiled = null;
    });
  }
  return compiled;
}

/** A fresh instance (its own memory) of the compiled kernel. */
export async function instantiateFusedKernel(): Promise<KernelExports> {
  const module = await compileFusedKernel();
  const instance = await WebAssembly.instantiate(module, {});
  return instance.exports as unknown as KernelExports;
}

// ------------------------------------------------------------------------------------------------ the layout

/** The kernel's descriptor slots (assembly/mlp.ts's D_*, F_*, L_*: keep in step). */
const D = {
  layers: 0,
  capacity: 1,
  activation: 2,
  loss: 3,
  classes: 4,
  features: 5,
  params: 6,
  grads: 7,
  state1: 8,
  state2: 9,
  paramCount: 10,
  optimizer: 11,
  nesterov: 12,
  dzA: 13,
  dzB: 14,
  input: 15,
  trainX: 16,
  trainY: 17,
  indices: 18,
  stats: 19,
} as const;
const F = { weightDecay: 0, beta2: 1, eps: 2, decayRate: 3 } as const;
const LAYER_BASE = 192;
const DESCRIPTOR_BYTES = 512;

/** The kernel's optimizer codes (assembly/mlp.ts). */
const OPTIMIZER_CODES: Record<UpdateRule, Record<TrainingConfig['optimizer']['kind'], number>> = {
  torch: { SGD: 0, Adam: 1, AdamW: 2, RMSprop: 3 },
  keras: { SGD: 4, Adam: 5, AdamW: 6, RMSprop: 7 },
};

/** The widest layer and the most hidden layers the kernel's descriptor holds (types.ts allows 4 × 512). */
export const FUSED_LIMITS = { maxLayers: 5, maxWidth: 4096 } as const;

const pad4 = (n: number): number => Math.ceil(n / 4) * 4;
const align16 = (n: number): number => Math.ceil(n / 16) * 16;

export interface LabelledSet {
  x: Float32Array;
  y: Int32Array;
  features: number;
}

export interface FusedModelSpec {
  weights: readonly DenseWeights[];
  activation: TrainingConfig['model']['activation'];
  lossKind: LossKind;
  optimizer: TrainingConfig['optimizer'];
  rule: UpdateRule;
  /** The training rows (batches gather from them) and the validation rows (evaluate reads them). */
  train: LabelledSet;
  validation: LabelledSet;
  /** The most rows a batch has (the batch size, or fewer when the training set is smaller). */
  capacity: number;
}

export interface BatchStats {
  /** The batch's loss as the framework reports it (mean). */
  loss: number;
  /** Top-1 correct predictions in the batch. */
  correct: number;
  /** Log-softmax cross-entropy (the divergence rule's measure). */
  rawLoss: number;
}

/**
 * The MLP and its optimizer in one kernel instance's memory. Every method is synchronous: a batch is one call.
 * The optimizer's hyperparameters follow optimizers.ts's `Optimizer` (setHyper, then read back).
 */
export class FusedMlp {
  private readonly k: KernelExports;
  private readonly desc: number;
  private readonly layers: { fanIn: number; fanOut: number; padded: number; w: number; b: number; gw: number; gb: number }[];
  private readonly at: { indices: number; stats: number; valX: number; valY: number; scratch: number };
  private readonly validationRows: number;
  private readonly spec: FusedModelSpec;
  private lr: number;
  private mu: number;
  private step = 0;
  private momentumStarted = false;

  constructor(kernel: KernelExports, spec: FusedModelSpec) {
    const { weights, train, validation, capacity } = spec;
    if (weights.length < 1 || weights.length > FUSED_LIMITS.maxLayers)
      throw new Error(`the fused kernel takes 1 to ${FUSED_LIMITS.maxLayers} layers`);
    this.k = kernel;
    this.spec = spec;
    this.validationRows = validation.y.length;
    const opt = spec.optimizer;
    this.lr = opt.lr;
    this.mu = initialMomentum(opt);

    // Bytes from the module's heap base: descriptor, stats, parameters, gradients, state, data, activations.
    let next = align16(kernel.heapBase());
    const take = (bytes: number): number => {
      const at = next;
      next = align16(next + bytes);
      return at;
    };
    const desc = take(DESCRIPTOR_BYTES);
    const stats = take(32);
    const shapes = weights.map((w) => ({ fanIn: w.fanIn, fanOut: w.fanOut, padded: pad4(w.fanOut) }));
    // Layer l > 0 reads the previous layer's padded output, so its kernel has that many (zero-padded) rows.
    const rowsOf = (l: number): number => (l === 0 ? (shapes[0] as { fanIn: number }).fanIn : (shapes[l - 1] as { padded: number }).padded);
    const offsets: { w: number; b: number }[] = [];
    let paramCount = 0;
    shapes.forEach((s, l) => {
      offsets.push({ w: paramCount, b: paramCount + rowsOf(l) * s.padded });
      paramCount += rowsOf(l) * s.padded + s.padded;
    });
    const params = take(paramCount * 4);
    const grads = take(paramCount * 4);
    const state1 = take(paramCount * 4);
    const state2 = take(paramCount * 4);
    const features = train.features;
    const trainX = take(train.x.length * 4);
    const trainY = take(train.y.length * 4);
    const valX = take(validation.x.length * 4);
    const valY = take(validation.y.length * 4);
    const indices = take(capacity * 4);
    const input = take(capacity * features * 4);
    const acts = shapes.map((s) => take(capacity * s.padded * 4));
    const widest = Math.max(...shapes.map((s) => s.padded));
    const dzA = take(capacity * widest * 4);
    const dzB = take(capacity * widest * 4);
    const scratch = next;
    this.grow(scratch);

    const i32 = new Int32Array(kernel.memory.buffer);
    const f64 = new Float64Array(kernel.memory.buffer);
    const set = (slot: number, value: number) => {
      i32[desc / 4 + slot] = value;
    };
    set(D.layers, shapes.length);
    set(D.capacity, capacity);
    set(D.activation, spec.activation === 'relu' ? 0 : 1);
    set(D.loss, spec.lossKind === 'log-softmax' ? 0 : 1);
    set(D.classes, (shapes[shapes.length - 1] as { fanOut: number }).fanOut);
    set(D.features, features);
    set(D.params, params);
    set(D.grads, grads);
    set(D.state1, state1);
    set(D.state2, state2);
    set(D.paramCount, paramCount);
    set(D.optimizer, OPTIMIZER_CODES[spec.rule][opt.kind]);
    set(D.dzA, dzA);
    set(D.dzB, dzB);
    set(D.input, input);
    set(D.trainX, trainX);
    set(D.trainY, trainY);
    set(D.indices, indices);
    set(D.stats, stats);
    const defaults = OPTIMIZER_DEFAULTS[spec.rule];
    const isAdam = opt.kind === 'Adam' || opt.kind === 'AdamW';
    set(D.nesterov, opt.kind === 'SGD' && (opt.nesterov ?? defaults.SGD.nesterov) ? 1 : 0);
    const f = desc / 8 + 16;
    f64[f + F.weightDecay] = opt.weight_decay ?? 0;
    f64[f + F.beta2] = isAdam ? (opt.betas?.[1] ?? 0.999) : 0;
    f64[f + F.eps] =
      opt.eps ??
      (spec.rule === 'torch'
        ? opt.kind === 'RMSprop'
          ? OPTIMIZER_DEFAULTS.torch.RMSprop.eps
          : OPTIMIZER_DEFAULTS.torch.Adam.eps
        : opt.kind === 'RMSprop'
          ? OPTIMIZER_DEFAULTS.keras.RMSprop.epsilon
          : OPTIMIZER_DEFAULTS.keras.Adam.epsilon);
    f64[f + F.decayRate] = spec.rule === 'torch' ? OPTIMIZER_DEFAULTS.torch.RMSprop.alpha : OPTIMIZER_DEFAULTS.keras.RMSprop.rho;
    this.layers = shapes.map((s, l) => {
      const o = offsets[l] as { w: number; b: number };
      const layer = {
        ...s,
        w: params + o.w * 4,
        b: params + o.b * 4,
        gw: grads + o.w * 4,
        gb: grads + o.b * 4,
      };
      const base = (desc + LAYER_BASE) / 4 + l * 8;
      i32.set([rowsOf(l), s.padded, layer.w, layer.b, layer.gw, layer.gb, acts[l] as number], base);
      return layer;
    });
    this.desc = desc;
    this.at = { indices, stats, valX, valY, scratch };

    // The weights into their padded places (the padding stays zero), the state zeroed, the data copied in.
    const f32 = new Float32Array(kernel.memory.buffer);
    f32.fill(0, params / 4, (state2 + paramCount * 4) / 4);
    weights.forEach((w, l) => {
      const layer = this.layers[l] as (typeof this.layers)[number];
      for (let k = 0; k < w.fanIn; k++) f32.set(w.kernel.subarray(k * w.fanOut, (k + 1) * w.fanOut), layer.w / 4 + k * layer.padded);
      f32.set(w.bias, layer.b / 4);
    });
    f32.set(train.x, trainX / 4);
    i32.set(train.y, trainY / 4);
    f32.set(validation.x, valX / 4);
    i32.set(validation.y, valY / 4);
  }

  /** Grows the memory to hold `bytes` (a new buffer: views are made after). */
  private grow(bytes: number): void {
    const missing = bytes - this.k.memory.buffer.byteLength;
    if (missing > 0) this.k.memory.grow(Math.ceil(missing / 65536));
  }

  /** Sets the values the next step uses (a scheduler writing the param group / optimizer.learning_rate). */
  setHyper(hyper: Hyper): void {
    this.lr = hyper.lr;
    if (hyper.momentum !== undefined) this.mu = hyper.momentum;
  }

  get learningRate(): number {
    return this.lr;
  }

  get momentum(): number {
    return this.mu;
  }

  private writeIndices(indices: Int32Array): void {
    if (indices.length > this.spec.capacity)
      throw new Error(`a batch of ${indices.length} rows is more than the kernel's ${this.spec.capacity}`);
    new Int32Array(this.k.memory.buffer, this.at.indices, indices.length).set(indices);
  }

  private stats(): BatchStats & { rows: number } {
    const s = new Float64Array(this.k.memory.buffer, this.at.stats, 4);
    const rows = s[3] as number;
    return { loss: (s[0] as number) / rows, rawLoss: (s[1] as number) / rows, correct: s[2] as number, rows };
  }

  /**
   * One optimizer step on the training rows `indices`, with the hyperparameters set last. Adam's per-step scalars
   * are update-rule.ts's (adamScalars: torch's step size and bias correction in float64, Keras's alpha in
   * float32), as the tfjs optimizers compute them.
   */
  trainStep(indices: Int32Array): BatchStats {
    this.writeIndices(indices);
    const opt = this.spec.optimizer;
    let a = 0;
    let c = 0;
    if (opt.kind === 'Adam' || opt.kind === 'AdamW') {
      const t = this.step + 1;
      const beta1 = this.mu;
      const beta2 = opt.betas?.[1] ?? 0.999;
      const scalars = adamScalars(this.spec.rule, this.lr, beta1, beta2, t, 'float32');
      a = this.spec.rule === 'torch' ? scalars.stepSize : scalars.alpha;
      c = this.spec.rule === 'torch' ? scalars.correction2Sqrt : 0;
    }
    const first = opt.kind === 'SGD' && this.mu !== 0 && !this.momentumStarted;
    this.k.trainStep(this.desc, indices.length, this.lr, this.mu, a, c, first ? 1 : 0);
    if (opt.kind === 'SGD' && this.mu !== 0) this.momentumStarted = true;
    this.step += 1;
    const { rows: _rows, ...stats } = this.stats();
    return stats;
  }

  /** The gradients of one batch (no update), Keras layout: the autodiff comparison's input. */
  gradients(indices: Int32Array): { stats: BatchStats; gradients: DenseWeights[] } {
    this.writeIndices(indices);
    this.k.gradientsOf(this.desc, indices.length);
    const { rows: _rows, ...stats } = this.stats();
    return { stats, gradients: this.read('gradients') };
  }

  /** The validation set's mean loss and top-1 count, and Σ|w| (non-finite when a weight is). */
  evaluate(): { loss: number; correct: number; weightMagnitude: number } {
    this.k.evaluate(this.desc, this.at.valX, this.at.valY, this.validationRows);
    const { loss, correct } = this.stats();
    return { loss, correct, weightMagnitude: this.k.weightMagnitude(this.desc) };
  }

  /** The predicted class (first largest logit) and its probability for each row of `points` (rows × features). */
  predict(points: Float32Array): { predicted: Int32Array; confidence: Float32Array } {
    const rows = points.length / this.spec.train.features;
    const x = this.at.scratch;
    const predicted = align16(x + points.length * 4);
    const confidence = align16(predicted + rows * 4);
    this.grow(confidence + rows * 4);
    new Float32Array(this.k.memory.buffer, x, points.length).set(points);
    this.k.predict(this.desc, x, rows, predicted, confidence);
    return {
      predicted: new Int32Array(this.k.memory.buffer, predicted, rows).slice(),
      confidence: new Float32Array(this.k.memory.buffer, confidence, rows).slice(),
    };
  }

  /** Every parameter (or its last gradient), unpadded, Keras layout: copies. */
  readWeights(): DenseWeights[] {
    return this.read('weights');
  }

  private read(what: 'weights' | 'gradients'): DenseWeights[] {
    const f32 = new Float32Array(this.k.memory.buffer);
    return this.layers.map((layer) => {
      const w = what === 'weights' ? layer.w : layer.gw;
      const b = what === 'weights' ? layer.b : layer.gb;
      const kernel = new Float32Array(layer.fanIn * layer.fanOut);
      for (let k = 0; k < layer.fanIn; k++)
        kernel.set(f32.subarray(w / 4 + k * layer.padded, w / 4 + k * layer.padded + layer.fanOut), k * layer.fanOut);
      return { fanIn: layer.fanIn, fanOut: layer.fanOut, kernel, bias: f32.slice(b / 4, b / 4 + layer.fanOut) };
    });
  }
}
