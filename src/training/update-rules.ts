/**
 * The optimizer update rules in words and formulas, for the UI's callout (pure data: no tfjs, so the page can show
 * it without loading the engine). update-rule.ts implements exactly these, once, for training (optimizers.ts, on
 * tensors) and the Landscape view (src/landscape, on float64 numbers); its sources are cited there.
 */
import type { Framework, OptimizerKind } from '../schedules/index';
import type { UpdateRule } from './types';

export interface UpdateRuleNote {
  /** The library's class, e.g. 'torch.optim.SGD'. */
  optimizer: string;
  /** The update, one line per assignment (g: the gradient, p: a parameter, t: the step count from 1). */
  update: string[];
  /** How the other framework's rule differs, and when that shows in training. */
  difference: string;
}

const NOTES: Record<UpdateRule, Record<OptimizerKind, Omit<UpdateRuleNote, 'difference'>>> = {
  torch: {
    SGD: { optimizer: 'torch.optim.SGD', update: ['v = μ·v + g', 'p = p − lr·v'] },
    Adam: {
      optimizer: 'torch.optim.Adam',
      update: ['m = β1·m + (1 − β1)·g', 'v = β2·v + (1 − β2)·g²', 'p = p − lr/(1 − β1ᵗ) · m / (√v / √(1 − β2ᵗ) + ε), ε = 1e-8'],
    },
    AdamW: {
      optimizer: 'torch.optim.AdamW',
      update: ['p = p · (1 − lr·weight_decay)', 'then Adam, ε = 1e-8; weight_decay defaults to 0.01'],
    },
    RMSprop: {
      optimizer: 'torch.optim.RMSprop',
      update: ['s = 0.99·s + 0.01·g²', 'b = μ·b + g / (√s + ε)', 'p = p − lr·b, ε = 1e-8'],
    },
  },
  keras: {
    SGD: { optimizer: 'keras.optimizers.SGD', update: ['v = μ·v − lr·g', 'p = p + v'] },
    Adam: {
      optimizer: 'keras.optimizers.Adam',
      update: [
        'm = m + (g − m)(1 − β1)',
        'v = v + (g² − v)(1 − β2)',
        'p = p − lr·√(1 − β2ᵗ)/(1 − β1ᵗ) · m / (√v + ε), ε = 1e-7, in float32',
      ],
    },
    AdamW: {
      optimizer: 'keras.optimizers.AdamW',
      update: ['p = p − p·weight_decay·lr', 'then Adam, ε = 1e-7; weight_decay defaults to 0.004'],
    },
    RMSprop: {
      optimizer: 'keras.optimizers.RMSprop',
      update: ['s = 0.9·s + 0.1·g²', 'Δ = lr·g / √(s + ε)', 'b = μ·b + Δ', 'p = p − b, ε = 1e-7'],
    },
  },
};

const DIFFERENCES: Record<OptimizerKind, string> = {
  SGD:
    'With momentum, PyTorch keeps the sum of past gradients and multiplies by the current LR; Keras keeps past steps already scaled by the LR they were taken at. ' +
    'The two agree while the LR is constant and part as soon as the schedule changes it.',
  Adam:
    'PyTorch adds ε after dividing √v by √(1 − β2ᵗ), Keras before, and Keras computes its step size in float32 (β2 = 0.999 becomes 0.99900001); ' +
    'the default ε differs too (1e-8 and 1e-7). The runs differ most where gradients are tiny.',
  AdamW:
    "Both decay the weights apart from the gradient, by lr × weight_decay per step, but the defaults differ (0.01 and 0.004), and so does Adam's ε.",
  RMSprop:
    'PyTorch averages squares with 0.99 and adds ε outside the square root; Keras averages with 0.9 (rho) and adds ε inside it. ' +
    "With momentum, PyTorch's buffer holds unscaled steps (times the current LR), Keras's holds steps already scaled by the LR.",
};

/** Weight decay: torch's SGD, Adam and RMSprop add wd·p to the gradient (L2); Keras 3 decays every optimizer's weights. */
export const WEIGHT_DECAY_DIFFERENCE =
  "weight_decay: PyTorch's SGD, Adam and RMSprop add weight_decay·p to the gradient (L2 regularisation), while every Keras 3 optimizer " +
  'subtracts lr·weight_decay·p from the weights before the update (decoupled, as AdamW).';

/** The rule a schedule's framework trains with (torch, transformers and playground panels: torch.optim). */
export function updateRuleFor(framework: Framework): UpdateRule {
  return framework === 'keras' ? 'keras' : 'torch';
}

export function updateRuleNote(framework: Framework, kind: OptimizerKind): UpdateRuleNote {
  return { ...NOTES[updateRuleFor(framework)][kind], difference: DIFFERENCES[kind] };
}
