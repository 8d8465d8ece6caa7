import { describe, expect, it } from 'vitest';
import { frameworkDifference } from './compare';
import { fromFramework, sample } from './index';

describe('frameworkDifference', () => {
  it('explains a PyTorch / Keras pair in either order, and nothing else', () => {
    const torch = { framework: 'torch' as const, name: 'ReduceLROnPlateau' };
    const keras = { framework: 'keras' as const, name: 'ReduceLROnPlateau' };
    expect(frameworkDifference(torch, keras)).toMatch(/one epoch earlier/);
    expect(frameworkDifference(keras, torch)).toBe(frameworkDifference(torch, keras));
    expect(frameworkDifference(torch, torch)).toBeUndefined();
    expect(frameworkDifference(torch, { framework: 'keras', name: 'CosineDecay' })).toBeUndefined();
  });
  it('states what the engines really do: Keras reduces on plateau one epoch before torch', () => {
    const metric = [1, 0.9, 0.9, 0.9, 0.9, 0.9, 0.9, 0.9, 0.9, 0.9];
    const run = (framework: 'torch' | 'keras') => {
      const s = fromFramework({ framework, name: 'ReduceLROnPlateau', args: { patience: 2, factor: 0.5 }, optimizer: { lr: 1 } });
      if (!s.ok) throw new Error(s.error.message);
      const r = sample(s.value, metric.length, { metric });
      if (!r.ok) throw new Error(r.error.message);
      return r.value.lr;
    };
    const torchDrop = run('torch').indexOf(0.5);
    const kerasDrop = run('keras').indexOf(0.5);
    expect(kerasDrop).toBeGreaterThan(0);
    expect(torchDrop - kerasDrop).toBe(1);
  });
});
