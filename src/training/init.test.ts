import { describe, expect, it } from 'vitest';
import { glorotLimit, initialWeights, initialWeightsHash, torchBound, toTorchLayout, transpose } from './init';

const F32_EPS = 2 ** -23;

/** Mean and mean of squares of a Float32Array. */
function moments(a: Float32Array): { mean: number; meanSq: number } {
  let sum = 0;
  let sq = 0;
  for (const v of a) {
    sum += v;
    sq += v * v;
  }
  return { mean: sum / a.length, meanSq: sq / a.length };
}

const maxAbs = (a: Float32Array): number => a.reduce((m, v) => Math.max(m, Math.abs(v)), 0);

/**
 * For N draws of U(−L, L): mean has sd L / sqrt(3N); E[X²] = L²/3 and Var(X²) = L⁴(1/5 − 1/9) = 4L⁴/45, so the
 * mean of squares has sd L² sqrt(4/45 / N). Five sds: a false failure has probability below 1e-6.
 */
function expectUniformStats(a: Float32Array, limit: number) {
  const n = a.length;
  const { mean, meanSq } = moments(a);
  expect(Math.abs(mean)).toBeLessThan((5 * limit) / Math.sqrt(3 * n));
  expect(Math.abs(meanSq - limit ** 2 / 3)).toBeLessThan(5 * limit ** 2 * Math.sqrt(4 / 45 / n));
}

describe('initialWeights', () => {
  it('has Keras kernel shapes [in, out] and bias [out] per layer', () => {
    const w = initialWeights([2, 8, 4, 3], 'glorot_uniform', 1);
    expect(w.map((l) => [l.fanIn, l.fanOut, l.kernel.length, l.bias.length])).toEqual([
      [2, 8, 16, 8],
      [8, 4, 32, 4],
      [4, 3, 12, 3],
    ]);
  });

  it('glorot_uniform: within ±sqrt(6/(fan_in+fan_out)), mean ≈ 0, variance ≈ limit²/3, biases zero', () => {
    const w = initialWeights([2, 512, 256, 3], 'glorot_uniform', 123);
    for (const layer of w) {
      const limit = glorotLimit(layer.fanIn, layer.fanOut);
      expect(maxAbs(layer.kernel)).toBeLessThanOrEqual(limit * (1 + F32_EPS));
      expect(layer.bias.every((b) => b === 0)).toBe(true);
    }
    const middle = w[1];
    if (!middle) throw new Error('no middle layer');
    expectUniformStats(middle.kernel, glorotLimit(512, 256));
    expect(glorotLimit(512, 256)).toBeCloseTo(Math.sqrt(6 / 768), 15);
  });

  it('torch_default: weights and biases within ±1/sqrt(fan_in), with uniform statistics', () => {
    const w = initialWeights([2, 512, 256, 3], 'torch_default', 9);
    for (const layer of w) {
      const bound = torchBound(layer.fanIn);
      expect(maxAbs(layer.kernel)).toBeLessThanOrEqual(bound * (1 + F32_EPS));
      expect(maxAbs(layer.bias)).toBeLessThanOrEqual(bound * (1 + F32_EPS));
      expect(layer.bias.some((b) => b !== 0)).toBe(true);
    }
    const middle = w[1];
    if (!middle) throw new Error('no middle layer');
    expectUniformStats(middle.kernel, 1 / Math.sqrt(512));
    // kaiming_uniform_(a=sqrt(5)): gain sqrt(2/(1+5)), bound gain·sqrt(3/fan_in) = 1/sqrt(fan_in).
    expect(Math.sqrt(2 / 6) * Math.sqrt(3 / 512)).toBeCloseTo(torchBound(512), 15);
  });

  it('is bit-identical for the same seed, and the hash follows', () => {
    const a = initialWeights([2, 16, 16, 3], 'glorot_uniform', 77);
    const b = initialWeights([2, 16, 16, 3], 'glorot_uniform', 77);
    expect(a).toEqual(b);
    expect(initialWeightsHash(a)).toBe(initialWeightsHash(b));
    expect(initialWeightsHash(a)).toMatch(/^[0-9a-f]{16}$/);
  });

  it('differs for a different seed', () => {
    const a = initialWeights([2, 16, 3], 'torch_default', 1);
    const b = initialWeights([2, 16, 3], 'torch_default', 2);
    expect(a[0]?.kernel).not.toEqual(b[0]?.kernel);
    expect(initialWeightsHash(a)).not.toBe(initialWeightsHash(b));
  });

  it('keeps a layer unchanged when another layer changes', () => {
    const a = initialWeights([2, 16, 8, 3], 'torch_default', 5);
    const b = initialWeights([2, 16, 32, 3], 'torch_default', 5);
    expect(b[0]).toEqual(a[0]);
  });

  it('rejects bad layer lists and seeds', () => {
    expect(() => initialWeights([2], 'glorot_uniform', 1)).toThrow(/at least two/);
    expect(() => initialWeights([2, 0, 3], 'glorot_uniform', 1)).toThrow(RangeError);
    expect(() => initialWeights([2, 3], 'glorot_uniform', 1.5)).toThrow(/safe integer/);
  });
});

describe('transpose / toTorchLayout', () => {
  it('turns kernel [in, out] into torch weight [out, in] and back', () => {
    const k = Float32Array.from([1, 2, 3, 4, 5, 6]); // [[1,2,3],[4,5,6]]: in = 2, out = 3
    expect([...transpose(k, 2, 3)]).toEqual([1, 4, 2, 5, 3, 6]);
    expect(transpose(transpose(k, 2, 3), 3, 2)).toEqual(k);
    const layer = initialWeights([3, 5], 'torch_default', 3)[0];
    if (!layer) throw new Error('no layer');
    const torchW = toTorchLayout(layer);
    expect(torchW[1 * 3 + 2]).toBe(layer.kernel[2 * 5 + 1]);
    expect(() => transpose(k, 4, 4)).toThrow(RangeError);
  });
});
