/**
 * What a slider movement costs on the Landscape tab: every panel's path recomputed (src/landscape/path.ts, on the
 * page's main thread) and the contour map painted once per surface and size. The goal is a frame: 6 panels ×
 * 1,000 steps well under 16.7 ms (60 Hz); the default horizon (5,000 steps) and the longest path (10,000) too.
 * Run: `npm run bench:micro` (prints a table; JSON in bench/results.json).
 */
import { bench, describe } from 'vitest';
import { contourPixels, type LandscapeOptimizer, optimizePath, surfaceOf } from '../src/landscape';
import type { FrameworkCall } from '../src/schedules';

/** Six panels as a comparison would have them: three schedules, two frameworks, the four optimizer kinds. */
const PANELS: { schedule: FrameworkCall; optimizer: LandscapeOptimizer }[] = [
  {
    schedule: { framework: 'torch', name: 'StepLR', args: { step_size: 3, gamma: 0.5 } },
    optimizer: { framework: 'torch', kind: 'SGD', lr: 0.1, momentum: 0.9 },
  },
  {
    schedule: { framework: 'torch', name: 'OneCycleLR', args: { max_lr: 0.1, total_steps: 10_000 } },
    optimizer: { framework: 'torch', kind: 'SGD', lr: 0.1, momentum: 0.9 },
  },
  {
    schedule: { framework: 'torch', name: 'CosineAnnealingLR', args: { T_max: 10 } },
    optimizer: { framework: 'torch', kind: 'Adam', lr: 0.01, betas: [0.9, 0.999] },
  },
  {
    schedule: { framework: 'keras', name: 'ExponentialDecay', args: { initial_learning_rate: 0.1, decay_steps: 100, decay_rate: 0.9 } },
    optimizer: { framework: 'keras', kind: 'SGD', lr: 0.1, momentum: 0.9 },
  },
  {
    schedule: { framework: 'torch', name: 'ReduceLROnPlateau', args: { patience: 2 } },
    optimizer: { framework: 'torch', kind: 'RMSprop', lr: 0.01, momentum: 0 },
  },
  {
    schedule: { framework: 'keras', name: 'CosineDecay', args: { initial_learning_rate: 0.01, decay_steps: 1000 } },
    optimizer: { framework: 'keras', kind: 'AdamW', lr: 0.01, betas: [0.9, 0.999], weight_decay: 0.004 },
  },
];

function allPanels(steps: number, stepsPerEpoch: number) {
  for (const panel of PANELS) {
    const path = optimizePath({
      surface: 'rosenbrock',
      start: [-1.5, 2],
      steps,
      stepsPerEpoch,
      lrScale: panel.optimizer.kind === 'SGD' ? 0.01 : 1,
      ...panel,
    });
    if (!path.ok) throw new Error(path.error.message);
  }
}

// Checked once before timing: every panel builds and runs.
allPanels(10, 10);

describe('landscape paths: 6 panels on Rosenbrock (one slider movement)', () => {
  bench('6 × 1,000 steps', () => allPanels(1000, 100));
  bench('6 × 5,000 steps (the default horizon)', () => allPanels(5000, 100));
  bench('6 × 10,000 steps (the longest path)', () => allPanels(10_000, 100));
  bench('6 × 1,000 steps with gradient noise', () => {
    for (const panel of PANELS)
      optimizePath({ surface: 'rosenbrock', start: [-1.5, 2], steps: 1000, stepsPerEpoch: 100, gradientNoise: 1, seed: 1, ...panel });
  });
});

describe('landscape map: filled contours (once per surface and size)', () => {
  const rosenbrock = surfaceOf('rosenbrock');
  bench('640 × 640 pixels', () => {
    contourPixels(rosenbrock, 640, 640);
  });
  bench('960 × 960 pixels (the largest canvas the view paints)', () => {
    contourPixels(rosenbrock, 960, 960);
  });
});
