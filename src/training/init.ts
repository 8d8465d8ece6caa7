/**
 * Seeded initial weights for the MLP: layers [inputs, ...hidden, classes], each a Dense layer with bias.
 *
 * Layout (Keras's): layer l's kernel has shape [fanIn, fanOut], row-major, so kernel[i · fanOut + o] is the weight
 * from input i to unit o, and y = x · kernel + bias. torch's nn.Linear.weight is [out, in]; `toTorchLayout` gives
 * that. Both schemes match their framework's distribution, not its random stream: torch.manual_seed(s) and
 * keras.utils.set_random_seed(s) do not give these values.
 *
 * Each layer's kernel and bias have their own generator, seeded from (seed, 'init', layer, 0 | 1): the weights
 * depend on the seed, the scheme and the layer shapes only — never on the schedule, optimizer or data — and a
 * layer's weights stay the same when another layer's width changes.
 */
import { hashBytes } from './hash';
import { createRng, STREAM } from './random';

export const INIT_SCHEMES = ['glorot_uniform', 'torch_default'] as const;
export type InitScheme = (typeof INIT_SCHEMES)[number];

export interface DenseWeights {
  fanIn: number;
  fanOut: number;
  /** [fanIn, fanOut] row-major. */
  kernel: Float32Array;
  bias: Float32Array;
}

/**
 * glorot_uniform: Keras's Dense default (keras.initializers.GlorotUniform; Glorot & Bengio 2010):
 * W ~ U(−limit, limit), limit = sqrt(6 / (fan_in + fan_out)); biases zero (Dense's bias_initializer='zeros').
 */
export const glorotLimit = (fanIn: number, fanOut: number): number => Math.sqrt(6 / (fanIn + fanOut));

/**
 * torch_default: nn.Linear.reset_parameters (torch 2.x): kaiming_uniform_(weight, a=sqrt(5)) has
 * gain = sqrt(2 / (1 + a²)) = sqrt(1/3) and bound = gain · sqrt(3 / fan_in) = 1 / sqrt(fan_in); the bias is
 * U(−1/sqrt(fan_in), 1/sqrt(fan_in)). So both are U(−1/sqrt(fan_in), 1/sqrt(fan_in)).
 */
export const torchBound = (fanIn: number): number => 1 / Math.sqrt(fanIn);

export function initialWeights(layers: readonly number[], scheme: InitScheme, seed: number): DenseWeights[] {
  if (layers.length < 2 || !layers.every((n) => Number.isInteger(n) && n >= 1)) {
    throw new RangeError(`layers must be at least two positive integers [inputs, ...hidden, classes], got [${layers.join(', ')}]`);
  }
  if (!Number.isSafeInteger(seed)) throw new RangeError(`seed must be a safe integer, got ${seed}`);
  const result: DenseWeights[] = [];
  for (let l = 0; l + 1 < layers.length; l++) {
    const fanIn = layers[l] as number;
    const fanOut = layers[l + 1] as number;
    const limit = scheme === 'glorot_uniform' ? glorotLimit(fanIn, fanOut) : torchBound(fanIn);
    const kernelRng = createRng(seed, STREAM.init, l, 0);
    const kernel = new Float32Array(fanIn * fanOut);
    for (let i = 0; i < kernel.length; i++) kernel[i] = limit * (2 * kernelRng.next() - 1);
    const bias = new Float32Array(fanOut);
    if (scheme === 'torch_default') {
      const biasRng = createRng(seed, STREAM.init, l, 1);
      for (let o = 0; o < fanOut; o++) bias[o] = limit * (2 * biasRng.next() - 1);
    }
    result.push({ fanIn, fanOut, kernel, bias });
  }
  return result;
}

/** A [rows, cols] row-major matrix as [cols, rows] row-major: a kernel [in, out] as torch's weight [out, in] (and back). */
export function transpose(matrix: Float32Array, rows: number, cols: number): Float32Array {
  if (matrix.length !== rows * cols) throw new RangeError(`expected ${rows}×${cols} = ${rows * cols} values, got ${matrix.length}`);
  const out = new Float32Array(matrix.length);
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) out[c * rows + r] = matrix[r * cols + c] as number;
  return out;
}

/** Layer's kernel in torch's nn.Linear.weight layout [out, in]. */
export const toTorchLayout = (layer: DenseWeights): Float32Array => transpose(layer.kernel, layer.fanIn, layer.fanOut);

/** initialWeightsHash: hashBytes over kernel₀, bias₀, kernel₁, bias₁, … */
export const initialWeightsHash = (weights: readonly DenseWeights[]): string => hashBytes(...weights.flatMap((w) => [w.kernel, w.bias]));
