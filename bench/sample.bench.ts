/**
 * How long one curve takes to compute: the UI recomputes the curve on every slider `input` event, so this
 * must stay well under a frame (16 ms) at the default horizon (50 epochs × 100 steps = 5,000 steps) and
 * usable at 1,000,000 ticks. Run: `npm run bench` (prints a table; JSON in bench/results.json).
 */
import { bench, describe } from 'vitest';
import { type FrameworkCall, fromFramework, sample } from '../src/schedules';

const calls: Record<string, FrameworkCall> = {
  StepLR: { framework: 'torch', name: 'StepLR', args: { step_size: 30 }, optimizer: { lr: 0.1 } },
  CosineAnnealingLR: { framework: 'torch', name: 'CosineAnnealingLR', args: { T_max: 5000 }, optimizer: { lr: 0.1 } },
  OneCycleLR: { framework: 'torch', name: 'OneCycleLR', args: { max_lr: 0.1, total_steps: 1_000_000 } },
  SequentialLR: {
    framework: 'torch',
    name: 'SequentialLR',
    args: {
      schedulers: [
        { name: 'LinearLR', args: { start_factor: 0.1, total_iters: 500 } },
        { name: 'CosineAnnealingLR', args: { T_max: 4500 } },
      ],
      milestones: [500],
    },
    optimizer: { lr: 0.1 },
  },
  CosineDecayRestarts: { framework: 'keras', name: 'CosineDecayRestarts', args: { initial_learning_rate: 0.1, first_decay_steps: 100 } },
  get_wsd_schedule: {
    framework: 'transformers',
    name: 'get_wsd_schedule',
    args: { num_warmup_steps: 500, num_decay_steps: 1000, num_training_steps: 5000 },
    optimizer: { lr: 3e-4 },
  },
};

for (const n of [5_000, 1_000_000]) {
  describe(`sample ${n.toLocaleString('en-US')} ticks`, () => {
    for (const [name, call] of Object.entries(calls)) {
      const built = fromFramework(call);
      if (!built.ok) throw new Error(`${name}: ${built.error.message}`);
      bench(
        name,
        () => {
          const r = sample(built.value, n);
          if (!r.ok) throw new Error(r.error.message);
        },
        { time: n > 10_000 ? 1500 : 500 },
      );
    }
  });
}
