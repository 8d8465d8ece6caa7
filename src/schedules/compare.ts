/**
 * Where PyTorch and Keras implement the "same" schedule differently. The UI puts two such panels side by side
 * and says at which tick their curves part and why; this table says why.
 */
import type { Framework } from './types';

interface FamilyRef {
  framework: Framework;
  name: string;
}

interface Counterpart {
  torch: string;
  keras: string;
  reason: string;
}

const COUNTERPARTS: readonly Counterpart[] = [
  {
    torch: 'ReduceLROnPlateau',
    keras: 'ReduceLROnPlateau',
    reason:
      'Keras counts a bad epoch and reduces once wait >= patience; PyTorch reduces once num_bad_epochs > patience. ' +
      'So Keras reduces one epoch earlier (patience=0 acts like patience=1), and its cooldown ignores one epoch fewer (cooldown=1 does nothing).',
  },
  {
    torch: 'MultiStepLR',
    keras: 'PiecewiseConstantDecay',
    reason:
      'PiecewiseConstantDecay keeps a boundary step in the lower interval (step <= boundary), while MultiStepLR already decays at the milestone itself; ' +
      'Keras also counts optimizer steps where torch counts scheduler.step() calls.',
  },
  {
    torch: 'StepLR',
    keras: 'ExponentialDecay',
    reason:
      'ExponentialDecay(staircase=True) decays every decay_steps optimizer steps; StepLR decays every step_size scheduler.step() calls, usually epochs.',
  },
  {
    torch: 'ExponentialLR',
    keras: 'ExponentialDecay',
    reason:
      'ExponentialLR multiplies by gamma per scheduler.step() (usually per epoch); ExponentialDecay is decay_rate^(step / decay_steps) per optimizer step.',
  },
  {
    torch: 'CosineAnnealingLR',
    keras: 'CosineDecay',
    reason:
      "Past its period, PyTorch's CosineAnnealingLR keeps following the cosine (the LR rises again after T_max), while Keras's CosineDecay stays at its floor after decay_steps; " +
      "Keras's floor is alpha × the initial LR, torch's is eta_min.",
  },
  {
    torch: 'CosineAnnealingWarmRestarts',
    keras: 'CosineDecayRestarts',
    reason:
      'CosineDecayRestarts can shrink each restart by m_mul and takes a fractional t_mul; its floor is alpha × the initial LR, not eta_min; it counts optimizer steps.',
  },
  {
    torch: 'PolynomialLR',
    keras: 'PolynomialDecay',
    reason:
      'PolynomialLR decays to 0 over total_iters scheduler steps; PolynomialDecay decays to end_learning_rate over decay_steps optimizer steps and can cycle.',
  },
  {
    torch: 'LambdaLR',
    keras: 'LearningRateScheduler',
    reason:
      "LambdaLR multiplies the initial LR by f(epoch); Keras's LearningRateScheduler sets the LR to schedule(epoch, lr), where lr is the current LR, so a factor like lr * 0.9 compounds.",
  },
];

/** Why a PyTorch and a Keras panel of the same kind of schedule may differ, or undefined if they are not a pair. */
export function frameworkDifference(a: FamilyRef, b: FamilyRef): string | undefined {
  const [torch, keras] =
    a.framework === 'torch' && b.framework === 'keras' ? [a, b] : b.framework === 'torch' && a.framework === 'keras' ? [b, a] : [];
  if (!torch || !keras) return undefined;
  return COUNTERPARTS.find((c) => c.torch === torch.name && c.keras === keras.name)?.reason;
}
