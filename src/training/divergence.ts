/**
 * When a run has diverged, and stops with "diverged at epoch k, step s (lr = …)".
 *
 * The rule: a batch's loss is NaN or infinite, or its log-softmax cross-entropy is above EXPLOSION_FACTOR times the
 * first batch's; or, checked after each epoch, a weight is NaN or infinite. NaN alone is not enough: in real PyTorch,
 * the article's MLP on the digits at lr 50 climbs to a loss of about 1e13 and then its ReLUs die with the loss still
 * finite (NaN in 1 of 20 seeds), which every user calls divergence. The log-softmax measure is used for Keras runs
 * too, because Keras's clipped loss can never exceed −log(1e-7) ≈ 16.1.
 *
 * Why 10×: a run starts near ln(classes) (2.3 for 10 classes) with these initialisers. Measured here (train on the
 * cpu backend; the article's MLP on the digits, batch 32, seed 1, 5 epochs, constant LR; the highest batch loss as
 * a multiple of the first): runs that learn stay close to 1× (SGD lr 0.5: 1.04×, 94 % validation accuracy; SGD
 * lr 0.1 with momentum 0.9: 1.00×; Adam lr 0.05: 1.29×), while the runs every user calls diverged pass 10× and
 * end at chance (SGD lr 5: 38×, then the ReLUs die at a finite loss of 2.25 and 10 % accuracy; SGD lr 0.5 with
 * momentum 0.9: 12.8×, 10 %; Adam lr 0.2: 27.8×, 31 %; SGD lr 10: 3,000× by step 2). Between them (SGD lr 1:
 * 3.4×, 46 %) a run is struggling, not exploding, and is left to the charts. A loss of 23 means the model gives
 * the true class a probability of about e^−23 on average.
 */
export const EXPLOSION_FACTOR = 10;

export const DIVERGENCE_RULE = `a loss or weight that is no longer a finite number, or a batch loss above ${EXPLOSION_FACTOR}× the first batch's`;

export function divergenceOf(step: { loss: number; rawLoss: number; firstLoss: number }): string | null {
  if (!Number.isFinite(step.loss) || !Number.isFinite(step.rawLoss)) return `the loss became ${step.loss}`;
  if (step.rawLoss > EXPLOSION_FACTOR * step.firstLoss) {
    return `the loss ${step.rawLoss.toPrecision(3)} is above ${EXPLOSION_FACTOR}× the first batch's (${step.firstLoss.toPrecision(3)})`;
  }
  return null;
}
