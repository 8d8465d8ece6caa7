/**
 * Made-up validation-loss curves for previewing ReduceLROnPlateau before any training has run. Deterministic
 * (a fixed-seed generator, never Math.random), so previews, links and tests are stable; each has the same
 * shape for any length, so a preview looks alike for 30 epochs or 3,000 steps.
 */
import type { ExampleMetricSettings, MetricPreset } from './store';
import { seededRandom } from '../schedules/random';

export const METRIC_PRESETS: readonly { id: MetricPreset; label: string }[] = [
  { id: 'steady', label: 'Steady decrease' },
  { id: 'early-plateau', label: 'Early plateau' },
  { id: 'noisy', label: 'Noisy' },
  { id: 'custom', label: 'My own values' },
];

function curve(n: number, at: (x: number, t: number) => number): number[] {
  const length = Math.max(0, Math.floor(n));
  const span = Math.max(1, length - 1);
  const out: number[] = [];
  for (let t = 0; t < length; t++) out.push(at(t / span, t));
  return out;
}

export function exampleMetric(settings: ExampleMetricSettings, n: number): number[] {
  switch (settings.preset) {
    case 'steady':
      return curve(n, (x) => 0.3 + 2.0 * Math.exp(-3 * x));
    case 'noisy': {
      const random = seededRandom(20240611);
      return curve(n, (x) => 0.35 + 1.8 * Math.exp(-4 * x) + 0.08 * (random() - 0.5));
    }
    case 'custom': {
      const values = settings.custom.filter((v) => Number.isFinite(v));
      if (values.length === 0) return exampleMetric({ preset: 'early-plateau', custom: [] }, n);
      const last = values[values.length - 1] as number;
      return Array.from({ length: Math.max(0, Math.floor(n)) }, (_, t) => values[t] ?? last);
    }
    case 'early-plateau':
      // A fast decrease, then a noisy plateau that slowly rises (overfitting).
      return curve(n, (x, t) => {
        const decrease = 1.6 * Math.exp(-x / 0.08);
        const overfit = 0.2 * Math.max(0, x - 0.3) ** 2;
        const wiggle = 0.004 * Math.sin(2.3 * t) + 0.002 * Math.sin(0.71 * t + 1);
        return 0.4 + decrease + overfit + wiggle;
      });
  }
}

export const EXAMPLE_METRIC_NOTE = 'Previewed against an example loss curve; training will supply the real one.';
