import { describe, expect, it } from 'vitest';
import { bandOf, meanSd, type SeedSeries, summarizePanel, TRAINING_CSV_HEADER, trainingCsv } from './summary';
import type { EpochMetrics } from './types';

/** Epochs from per-epoch val accuracies (and optionally val losses); the rest derived so each value is distinct. */
function epochs(valAccuracy: number[], valLoss: number[] = valAccuracy.map((a) => 1 - a), seconds = 0.5): EpochMetrics[] {
  return valAccuracy.map((a, epoch) => ({
    epoch,
    loss: 2 - epoch * 0.25,
    accuracy: a + 0.01,
    val_loss: valLoss[epoch] as number,
    val_accuracy: a,
    lr: 0.1 / (epoch + 1),
    seconds,
  }));
}

describe('meanSd', () => {
  it('mean and sample standard deviation (n − 1)', () => {
    // 2, 4, 4, 4, 5, 5, 7, 9: mean 5, Σ(x − 5)² = 32, sample variance 32 / 7.
    const r = meanSd([2, 4, 4, 4, 5, 5, 7, 9]);
    expect(r.mean).toBe(5);
    expect(r.sd).toBeCloseTo(Math.sqrt(32 / 7), 14);
    expect(r.n).toBe(8);
  });
  it('sd 0 for one value, NaN for none; non-finite values skipped', () => {
    expect(meanSd([0.7])).toEqual({ mean: 0.7, sd: 0, n: 1 });
    const none = meanSd([]);
    expect(none.n).toBe(0);
    expect(none.mean).toBeNaN();
    expect(none.sd).toBeNaN();
    expect(meanSd([1, Number.NaN, 3, Number.POSITIVE_INFINITY])).toEqual({ mean: 2, sd: Math.SQRT2, n: 2 });
  });
});

describe('summarizePanel', () => {
  const seeds: SeedSeries[] = [
    { seed: 0, epochs: epochs([0.5, 0.8, 0.7]) },
    { seed: 1, epochs: epochs([0.6, 0.9, 0.9]) },
    { seed: 2, epochs: epochs([0.4, 0.5, 0.6]), seconds: 10 },
  ];

  it('final, best, best epoch and final loss over seeds, by hand', () => {
    const s = summarizePanel(seeds, 0.75);
    // Final val accuracies 0.7, 0.9, 0.6: mean 0.7333…, deviations −0.0333, 0.1667, −0.1333: Σ² = 0.04667, / 2 → sd 0.15275.
    expect(s.finalValAccuracy.mean).toBeCloseTo(2.2 / 3, 12);
    expect(s.finalValAccuracy.sd).toBeCloseTo(Math.sqrt(0.0466666666666667 / 2), 12);
    expect(s.finalValAccuracy.n).toBe(3);
    // Best 0.8, 0.9, 0.6: mean 0.7667, sd = sqrt((0.0333² + 0.1333² + 0.1667²) / 2) = sqrt(0.046667 / 2).
    expect(s.bestValAccuracy.mean).toBeCloseTo(2.3 / 3, 12);
    expect(s.bestValAccuracy.sd).toBeCloseTo(Math.sqrt(0.0466666666666667 / 2), 12);
    // Best epochs, from 1: 2, 2 (first of the tie 0.9, 0.9), 3: mean 7/3, sd sqrt((1/9 + 1/9 + 4/9) / 2) = sqrt(1/3).
    expect(s.bestEpoch.mean).toBeCloseTo(7 / 3, 12);
    expect(s.bestEpoch.sd).toBeCloseTo(Math.sqrt(1 / 3), 12);
    // Final val losses 1 − final accuracies: 0.3, 0.1, 0.4.
    expect(s.finalValLoss.mean).toBeCloseTo(0.8 / 3, 12);
    expect(s.finalValLoss.n).toBe(3);
    // Seconds: 3 epochs × 0.5 for seeds 0 and 1, seed 2's own 10.
    expect(s.wallSeconds).toBeCloseTo(13, 12);
    expect(s.diverged).toEqual([]);
    expect(s.pairedDifference).toBeUndefined();
  });

  it('epochs to target: from 1, over the seeds that reached it, out of all', () => {
    // Target 0.75: seed 0 in epoch 2 (0.8), seed 1 in epoch 2 (0.9), seed 2 never.
    expect(summarizePanel(seeds, 0.75).epochsToTarget).toEqual({ mean: 2, sd: 0, n: 2, reached: 2, of: 3 });
    // Target 0.6: seed 0 epoch 2, seed 1 epoch 1, seed 2 epoch 3 (≥ is inclusive): mean 2, sd 1.
    expect(summarizePanel(seeds, 0.6).epochsToTarget).toEqual({ mean: 2, sd: 1, n: 3, reached: 3, of: 3 });
    const never = summarizePanel(seeds, 0.95).epochsToTarget;
    expect([never.n, never.reached, never.of]).toEqual([0, 0, 3]);
    expect(never.mean).toBeNaN();
  });

  it('a diverged seed: listed, out of the final values, in the best and target ones', () => {
    const withDiverged: SeedSeries[] = [
      ...seeds,
      { seed: 3, epochs: epochs([0.85, Number.NaN]), diverged: { epoch: 1, step: 17, lr: 5, reason: 'loss is NaN' } },
    ];
    const s = summarizePanel(withDiverged, 0.75);
    expect(s.diverged).toEqual([{ seed: 3, epoch: 1, lr: 5 }]);
    expect(s.finalValAccuracy.n).toBe(3);
    expect(s.finalValAccuracy.mean).toBeCloseTo(2.2 / 3, 12);
    // Best: 0.8, 0.9, 0.6, 0.85 (the NaN skipped); best epochs 2, 2, 3, 1.
    expect(s.bestValAccuracy.n).toBe(4);
    expect(s.bestValAccuracy.mean).toBeCloseTo(3.15 / 4, 12);
    expect(s.bestEpoch.mean).toBeCloseTo(2, 12);
    expect(s.epochsToTarget).toMatchObject({ reached: 3, of: 4, mean: 5 / 3 });
    // A seed that diverged in its first epoch has no epoch at all.
    const early = summarizePanel([{ seed: 9, epochs: [], diverged: { epoch: 0, step: 2, lr: 10 } }], 0.5);
    expect(early.finalValAccuracy.n).toBe(0);
    expect(early.bestValAccuracy.n).toBe(0);
    expect(early.epochsToTarget).toMatchObject({ n: 0, reached: 0, of: 1 });
    expect(early.wallSeconds).toBe(0);
    expect(early.diverged).toEqual([{ seed: 9, epoch: 0, lr: 10 }]);
  });

  it('the paired difference against a baseline: by seed, only the seeds both have', () => {
    const baseline: SeedSeries[] = [
      { seed: 1, epochs: epochs([0.7, 0.8]) },
      { seed: 0, epochs: epochs([0.6]) },
      { seed: 7, epochs: epochs([0.99]) },
    ];
    const s = summarizePanel(seeds, 0.75, baseline);
    // Seed 0: 0.7 − 0.6 = 0.1; seed 1: 0.9 − 0.8 = 0.1; seed 2 has no partner, nor has seed 7.
    expect(s.pairedDifference?.n).toBe(2);
    expect(s.pairedDifference?.mean).toBeCloseTo(0.1, 12);
    expect(s.pairedDifference?.sd).toBeCloseTo(0, 12);
    const other = summarizePanel(seeds, 0.75, [
      { seed: 0, epochs: epochs([0.9]) },
      { seed: 2, epochs: epochs([0.2]) },
    ]);
    // 0.7 − 0.9 = −0.2 and 0.6 − 0.2 = 0.4: mean 0.1, sd sqrt((0.09 + 0.09) / 1).
    expect(other.pairedDifference?.mean).toBeCloseTo(0.1, 12);
    expect(other.pairedDifference?.sd).toBeCloseTo(Math.sqrt(0.18), 12);
    // A diverged baseline seed has no final value to pair.
    const diverged = summarizePanel(seeds, 0.75, [{ seed: 0, epochs: epochs([0.5]), diverged: { epoch: 1, step: 3, lr: 1 } }]);
    expect(diverged.pairedDifference?.n).toBe(0);
    expect(diverged.pairedDifference?.mean).toBeNaN();
    // The baseline itself gets none.
    expect(summarizePanel(seeds, 0.75, seeds).pairedDifference).toBeUndefined();
  });

  it('an empty panel', () => {
    const s = summarizePanel([], 0.5);
    expect(s.finalValAccuracy.n).toBe(0);
    expect(s.finalValAccuracy.mean).toBeNaN();
    expect(s.epochsToTarget).toMatchObject({ reached: 0, of: 0 });
    expect(s.wallSeconds).toBe(0);
  });
});

describe('bandOf', () => {
  it('per epoch over the seeds that have it: mean, min, max, n', () => {
    const seeds: SeedSeries[] = [
      { seed: 0, epochs: epochs([0.5, 0.8, 0.7]) },
      { seed: 1, epochs: epochs([0.6, 0.9]) },
      { seed: 2, epochs: epochs([0.4, Number.NaN]) },
    ];
    const band = bandOf(seeds, 'val_accuracy');
    expect(band.map((b) => b.epoch)).toEqual([0, 1, 2]);
    expect(band[0]?.mean).toBeCloseTo(0.5, 12);
    expect(band[0]).toMatchObject({ min: 0.4, max: 0.6, n: 3 });
    // Epoch 1: 0.8 and 0.9 (seed 2's NaN skipped).
    expect(band[1]?.mean).toBeCloseTo(0.85, 12);
    expect(band[1]).toMatchObject({ min: 0.8, max: 0.9, n: 2 });
    expect(band[2]).toEqual({ epoch: 2, mean: 0.7, min: 0.7, max: 0.7, n: 1 });
    const lr = bandOf(seeds, 'lr');
    [0.1, 0.05, 0.1 / 3].forEach((v, i) => {
      expect(lr[i]?.mean).toBeCloseTo(v, 15);
    });
    expect(lr.map((b) => b.n)).toEqual([3, 3, 1]);
    expect(bandOf(seeds, 'loss')[1]).toEqual({ epoch: 1, mean: 1.75, min: 1.75, max: 1.75, n: 3 });
    expect(bandOf([], 'val_loss')).toEqual([]);
  });

  it('epochs come sorted whatever order the seeds have them in', () => {
    const late: SeedSeries = { seed: 5, epochs: epochs([0.1, 0.2, 0.3]).slice(1) };
    const early: SeedSeries = { seed: 6, epochs: epochs([0.4]) };
    expect(bandOf([late, early], 'val_accuracy').map((b) => [b.epoch, b.n])).toEqual([
      [0, 1],
      [1, 1],
      [2, 1],
    ]);
  });
});

describe('trainingCsv', () => {
  it('one row per (panel, seed, epoch), full precision, \\n line ends', () => {
    const m: EpochMetrics = { epoch: 0, loss: 0.1 + 0.2, accuracy: 1 / 3, val_loss: Number.NaN, val_accuracy: 0.5, lr: 1e-7, seconds: 1 };
    const csv = trainingCsv([
      { panel: 'A', seed: 0, epochs: [m, { ...m, epoch: 1, loss: Number.POSITIVE_INFINITY, momentum: 0.9 }] },
      { panel: 'B', seed: 42, epochs: [] },
      { panel: 'B', seed: 43, epochs: [{ ...m, lr: 0.001 }] },
    ]);
    expect(TRAINING_CSV_HEADER).toBe('panel,seed,epoch,loss,accuracy,val_loss,val_accuracy,lr');
    expect(csv).toBe(
      'panel,seed,epoch,loss,accuracy,val_loss,val_accuracy,lr\n' +
        'A,0,0,0.30000000000000004,0.3333333333333333,NaN,0.5,1e-7\n' +
        'A,0,1,Infinity,0.3333333333333333,NaN,0.5,1e-7\n' +
        'B,43,0,0.30000000000000004,0.3333333333333333,NaN,0.5,0.001\n',
    );
  });

  it('quotes a panel name with a comma, a quote or a line break', () => {
    const m: EpochMetrics = { epoch: 0, loss: 1, accuracy: 0, val_loss: 1, val_accuracy: 0, lr: 0.1, seconds: 1 };
    const csv = trainingCsv([
      { panel: 'StepLR, γ=0.5', seed: 1, epochs: [m] },
      { panel: 'the "fast" one', seed: 1, epochs: [m] },
    ]);
    expect(csv.split('\n').slice(1, 3)).toEqual(['"StepLR, γ=0.5",1,0,1,0,1,0,0.1', '"the ""fast"" one",1,0,1,0,1,0,0.1']);
    expect(trainingCsv([])).toBe(`${TRAINING_CSV_HEADER}\n`);
  });
});
