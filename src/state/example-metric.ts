/**
 * A made-up validation-loss curve for previewing ReduceLROnPlateau before any training has run: a fast
 * decrease, then a noisy plateau that slowly rises (overfitting). Deterministic, so previews and tests are stable.
 * Its shape is the same for any length, so the preview looks alike for 30 epochs or 3,000 steps.
 */
export function exampleMetric(n: number): number[] {
  const length = Math.max(0, Math.floor(n));
  const span = Math.max(1, length - 1);
  const loss: number[] = [];
  for (let t = 0; t < length; t++) {
    const x = t / span;
    const decrease = 1.6 * Math.exp(-x / 0.08);
    const overfit = 0.2 * Math.max(0, x - 0.3) ** 2;
    const wiggle = 0.004 * Math.sin(2.3 * t) + 0.002 * Math.sin(0.71 * t + 1);
    loss.push(0.4 + decrease + overfit + wiggle);
  }
  return loss;
}

export const EXAMPLE_METRIC_NOTE = 'Preview against an example loss curve; training will supply the real one.';
