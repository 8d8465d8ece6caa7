import { describe, expect, it } from 'vitest';
import { hashBytes } from '../hash';
import { batchOrder, stratifiedSplit, take, validationCount } from './split';
import { generateSynthetic } from './synthetic';

function blobs(samples: number, classes: number, seed = 1) {
  const r = generateSynthetic('blobs', { samples, noise: 0.1, seed, classes });
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

function split(...args: Parameters<typeof stratifiedSplit>) {
  const r = stratifiedSplit(...args);
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

describe('validationCount', () => {
  it('rounds n·f to the nearest integer, halves up, keeping both sets non-empty', () => {
    expect(validationCount(100, 0.2)).toBe(20);
    expect(validationCount(334, 0.2)).toBe(67); // 66.8
    expect(validationCount(333, 0.2)).toBe(67); // 66.6
    expect(validationCount(12, 0.125)).toBe(2); // 1.5 → 2
    expect(validationCount(2, 0.2)).toBe(1); // 0.4 → 0, clamped to 1
    expect(validationCount(2, 0.5)).toBe(1);
    expect(validationCount(50, 0)).toBe(0);
  });
});

describe('stratifiedSplit', () => {
  it('splits each class exactly by validationCount, default 0.2', () => {
    const d = blobs(1001, 3); // 334, 334, 333
    const s = split(d, 7);
    expect(s.validationPerClass).toEqual([67, 67, 67]);
    expect(s.trainPerClass).toEqual([267, 267, 266]);
    const perClass = (idx: Int32Array) => [0, 1, 2].map((c) => [...idx].filter((i) => d.y[i] === c).length);
    expect(perClass(s.validation)).toEqual(s.validationPerClass);
    expect(perClass(s.train)).toEqual(s.trainPerClass);
  });

  it('is a partition: every index once, both lists ascending', () => {
    const d = blobs(500, 4);
    const s = split(d, 3, 0.3);
    const all = [...s.train, ...s.validation].sort((a, b) => a - b);
    expect(all).toEqual(Array.from({ length: 500 }, (_, i) => i));
    expect([...s.train]).toEqual([...s.train].sort((a, b) => a - b));
    expect([...s.validation]).toEqual([...s.validation].sort((a, b) => a - b));
  });

  it('depends on the seed only: same seed bit-identical, other seed different', () => {
    const d = blobs(500, 2);
    expect(hashBytes(split(d, 1).validation)).toBe(hashBytes(split(d, 1).validation));
    expect(hashBytes(split(d, 1).validation)).not.toBe(hashBytes(split(d, 2).validation));
  });

  it('validationFraction 0 keeps everything for training', () => {
    const s = split(blobs(100, 2), 1, 0);
    expect(s.validation.length).toBe(0);
    expect(s.train.length).toBe(100);
  });

  it('rejects fractions outside 0…0.5 and non-integer seeds, saying what is allowed', () => {
    const d = blobs(100, 2);
    for (const f of [-0.1, 0.6, Number.NaN]) {
      const r = stratifiedSplit(d, 1, f);
      expect(r.ok).toBe(false);
      if (!r.ok) {
        expect(r.error.path).toBe('validationFraction');
        expect(r.error.message).toMatch(/from 0 to 0.5/);
      }
    }
    const r = stratifiedSplit(d, 0.5);
    expect(r.ok || r.error.path).toBe('seed');
  });

  it('take() gathers the rows', () => {
    const d = blobs(50, 2);
    const t = take(d, Int32Array.from([3, 0]));
    expect([...t.x]).toEqual([d.x[6], d.x[7], d.x[0], d.x[1]]);
    expect([...t.y]).toEqual([d.y[3], d.y[0]]);
  });
});

describe('batchOrder', () => {
  it('visits every index exactly once per epoch', () => {
    for (const epoch of [0, 1, 17]) {
      const { order } = batchOrder(5, epoch, 1000, 32);
      const seen = new Uint8Array(1000);
      for (const i of order) seen[i] = (seen[i] as number) + 1;
      expect(seen.every((c) => c === 1)).toBe(true);
    }
  });

  it('is a function of (seed, epoch): same → bit-identical, other epoch or seed → different', () => {
    const h = (seed: number, epoch: number, batchSize = 32) => hashBytes(batchOrder(seed, epoch, 800, batchSize).order);
    expect(h(5, 3)).toBe(h(5, 3));
    expect(h(5, 3)).toBe(h(5, 3, 7)); // the batch size cuts the order, it does not change it
    expect(h(5, 3)).not.toBe(h(5, 4));
    expect(h(5, 3)).not.toBe(h(6, 3));
    expect([...batchOrder(5, 0, 800, 32).order]).not.toEqual(Array.from({ length: 800 }, (_, i) => i));
  });

  it('cuts full batches and a short last one (drop_last=False)', () => {
    expect([...batchOrder(1, 0, 10, 4).boundaries]).toEqual([0, 4, 8, 10]);
    expect([...batchOrder(1, 0, 12, 4).boundaries]).toEqual([0, 4, 8, 12]);
    expect([...batchOrder(1, 0, 3, 8).boundaries]).toEqual([0, 3]);
    expect([...batchOrder(1, 0, 1, 1).boundaries]).toEqual([0, 1]);
  });

  it('rejects invalid arguments', () => {
    expect(() => batchOrder(1, -1, 10, 4)).toThrow(/epoch/);
    expect(() => batchOrder(1, 0, 0, 4)).toThrow(/trainCount/);
    expect(() => batchOrder(1, 0, 10, 0)).toThrow(/batchSize/);
    expect(() => batchOrder(0.5, 0, 10, 4)).toThrow(/seed/);
  });
});
