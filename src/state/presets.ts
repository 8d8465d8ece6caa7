/**
 * Ready-made setups for the "Presets" menu: each replaces the horizon and the panels (`store.load(preset.data)`).
 *
 * The numbers live in `presets.json`, which `scripts/golden/presets_golden.py` also reads to compute the expected
 * CSV of every preset with real PyTorch / real Python (`e2e/fixtures/presets/<id>.csv`), so the app and its
 * reference cannot drift apart. Labels are used verbatim by the e2e tests and tutorials: do not reword them.
 *
 * Sources, by id:
 * - keras-article-step-decay: the beginner Keras article on learning-rate schedulers (Coding Ninjas Code360)
 *   this playground grew from: `LearningRateScheduler(step_decay)` with its own `step_decay(epoch, lr)` (0.1 halved every 10
 *   epochs via `np.power(0.5, np.floor((1 + epoch) / 10))`), `SGD(learning_rate=0.1)`, `epochs=50`. Keras passes a
 *   0-based epoch, hence the note: the article's table is one epoch late and misses the sixth level.
 * - resnet-step: He et al., "Deep Residual Learning for Image Recognition" (CVPR 2016, arXiv:1512.03385, §3.4):
 *   SGD, momentum 0.9, LR 0.1 divided by 10 on plateaus; the 30/60-epoch drops over 90 epochs are the standard
 *   torchvision / pytorch/examples `imagenet/main.py` recipe (`StepLR(step_size=30, gamma=0.1)`).
 * - transformer-inverse-sqrt: Vaswani et al., "Attention Is All You Need" (NeurIPS 2017, arXiv:1706.03762, §5.3,
 *   eq. 3): lrate = d_model^-0.5 · min(step^-0.5, step · warmup^-1.5), d_model 512, warmup 4000, Adam
 *   betas (0.9, 0.98). The playground's InverseSqrt peaks at the optimizer's LR, so that LR is (512 · 4000)^-0.5.
 *   (The store keeps beta1 only; beta2 does not affect the LR.)
 * - one-cycle-fastai: fastai's `Learner.fit_one_cycle` defaults (fastai/callback/schedule.py: `lr_max=1e-3`,
 *   `div=25.`, `div_final=1e5`, `pct_start=0.25`, `moms=(0.95, 0.85, 0.95)`, cosine in both phases, Adam with
 *   decoupled weight decay); Smith & Topin, "Super-Convergence" (arXiv:1708.07120). As torch's `OneCycleLR` with
 *   `epochs` × `steps_per_epoch` equal to the horizon (torch's phase boundary is at pct·T − 1, fastai's at pct·T).
 * - sgdr: Loshchilov & Hutter, "SGDR: Stochastic Gradient Descent with Warm Restarts" (ICLR 2017,
 *   arXiv:1608.03983): T_0 = 10, T_mult = 2, lr_max 0.05 (their WRN-28-10 CIFAR runs, SGD with momentum 0.9);
 *   150 = 10 + 20 + 40 + 80 epochs.
 * - llm-wsd: warmup-stable-decay, Hu et al., "MiniCPM" (2024, arXiv:2404.06395; ~10 % decay), with the 1-sqrt
 *   cooldown of Hägele et al., "Scaling Laws and Compute-Optimal Training Beyond Fixed Training Durations"
 *   (2024, arXiv:2405.18392); AdamW at 3e-4, the usual peak for small language models. Hugging Face's
 *   `get_wsd_schedule` (it was the playground's imitation of it until the real one replaced it; same curve).
 * - bert-finetune-linear: Devlin et al., "BERT" (NAACL 2019, arXiv:1810.04805, §A.3): fine-tuning with Adam at
 *   2e-5 (of 5e-5, 3e-5, 2e-5) for 3 epochs; google-research/bert run_classifier.py warms up linearly over
 *   `warmup_proportion=0.1` of the steps and decays linearly to 0, which is transformers'
 *   `get_linear_schedule_with_warmup` (the Trainer's default `lr_scheduler_type="linear"`).
 * - llm-cosine-min-lr: Touvron et al., "Llama 2" (2023, arXiv:2307.09288, §2.2): AdamW (β1 0.9, β2 0.95), peak
 *   3e-4, 2000 warmup steps, cosine decay to 10 % of the peak: transformers'
 *   `get_cosine_with_min_lr_schedule_with_warmup(min_lr_rate=0.1)` (the Trainer's "cosine_with_min_lr").
 *   The store keeps beta1 only; beta2 does not affect the LR.
 */
import { FRAMEWORKS, type Framework, OPTIMIZER_KINDS, type OptimizerKind } from '../schedules';
import presetsJson from './presets.json';
import type { Horizon, Panel } from './store';

export interface Preset {
  id: string;
  label: string;
  note?: string;
  data: { horizon: Horizon; panels: Panel[] };
}

type RawPreset = (typeof presetsJson.presets)[number];
type RawPanel = RawPreset['data']['panels'][number];

function toPanel(raw: RawPanel, where: string): Panel {
  const framework = raw.framework as Framework;
  const kind = raw.optimizer.kind as OptimizerKind;
  // presets.json is static data checked by presets.test.ts; this only narrows its string types.
  if (!(FRAMEWORKS as readonly string[]).includes(framework)) throw new Error(`${where}: unknown framework ${raw.framework}`);
  if (!(OPTIMIZER_KINDS as readonly string[]).includes(kind)) throw new Error(`${where}: unknown optimizer ${raw.optimizer.kind}`);
  return {
    framework,
    name: raw.name,
    args: structuredClone(raw.args) as Record<string, unknown>,
    optimizer: { kind, lr: raw.optimizer.lr, momentum: raw.optimizer.momentum },
  };
}

function toPreset(raw: RawPreset): Preset {
  const preset: Preset = {
    id: raw.id,
    label: raw.label,
    data: {
      horizon: { epochs: raw.data.horizon.epochs, stepsPerEpoch: raw.data.horizon.stepsPerEpoch },
      panels: raw.data.panels.map((p, i) => toPanel(p, `preset ${raw.id}, panel ${i}`)),
    },
  };
  if (raw.note) preset.note = raw.note;
  return preset;
}

export const PRESETS: readonly Preset[] = Object.freeze(presetsJson.presets.map(toPreset));

export function findPreset(id: string): Preset | undefined {
  return PRESETS.find((p) => p.id === id);
}
