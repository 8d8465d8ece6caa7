import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { defaultArgs, families, findFamily, fromFramework, sample } from '../schedules';
import { buildCsv } from './csv';
import { exampleMetric } from './example-metric';
import {
  decodePermalink,
  encodeEmbedOptions,
  encodePermalink,
  fitsInLink,
  keepStateForTab,
  linkHasState,
  MAX_LINK_BYTES,
  MAX_SCHEDULE_DEPTH,
  MAX_SESSION_BYTES,
  PERMALINK_VERSION,
  RESERVED_PANEL_KEYS,
  restoreStateForTab,
  SESSION_STATE_KEY,
  type StateStorage,
  TRACKING_KEYS,
  tooLargeForLink,
} from './permalink';
import { MIN_NORMAL_FLOAT } from './permalink/limits';
import { percentText } from './permalink/table';
import { PRESETS } from './presets';
import {
  DEFAULT_LANDSCAPE,
  DEFAULT_METRIC,
  DEFAULT_OPTIMIZER,
  DEFAULT_VIEW,
  defaultData,
  defaultPanel,
  PANEL_NAMES,
  type Panel,
  type PlaygroundData,
  panelCall,
  tickCount,
} from './store';
import { DEFAULT_TRAINING, type TrainingSettings, trainingIssues } from './training';

function withPanels(...panels: Panel[]): PlaygroundData {
  return { ...defaultData(), panels };
}

function panel(
  framework: Panel['framework'],
  name: string,
  args: Record<string, unknown> = {},
  optimizer: Partial<Panel['optimizer']> = {},
): Panel {
  const base = defaultPanel(name, framework);
  return { ...base, args: { ...base.args, ...args }, optimizer: { ...base.optimizer, ...optimizer } };
}

/** The "Download CSV" text of a state: what the user gets out of it. */
function csvOf(data: PlaygroundData): string {
  const series = data.panels.map((p, i) => {
    const schedule = fromFramework(panelCall(p));
    if (!schedule.ok) return null;
    const n = tickCount(schedule.value.tick, data.horizon);
    const result = sample(schedule.value, n, { metric: exampleMetric(data.metric, n) });
    if (!result.ok) return null;
    return { name: PANEL_NAMES[i] ?? '?', tick: schedule.value.tick, ...result.value };
  });
  return buildCsv(series, data.horizon);
}

function expectExactRoundTrip(data: PlaygroundData) {
  const link = encodePermalink(data);
  const decoded = decodePermalink(link);
  expect(decoded.warnings, link).toEqual([]);
  expect(decoded.data, link).toEqual(data);
  // Decoding does not depend on how the state was built: encoding the result gives the same link.
  expect(encodePermalink(decoded.data)).toBe(link);
  return decoded;
}

function expectWarning(warnings: readonly string[], pattern: RegExp) {
  expect(
    warnings.some((w) => pattern.test(w)),
    `no warning matches ${pattern}: ${JSON.stringify(warnings)}`,
  ).toBe(true);
}

describe('round trips', () => {
  it('the default state', () => {
    expectExactRoundTrip(defaultData());
  });

  it.each(PRESETS.map((p) => [p.id, p] as const))('preset %s, down to its CSV', (_id, preset) => {
    const data = { ...defaultData(), ...structuredClone(preset.data) };
    const decoded = expectExactRoundTrip(data);
    expect(csvOf(decoded.data)).toBe(csvOf(data));
  });

  it('all presets side by side (six panels) in one link', () => {
    const panels = PRESETS.flatMap((p) => p.data.panels).slice(0, 6);
    expect(panels).toHaveLength(6);
    expectExactRoundTrip(withPanels(...structuredClone(panels)));
  });

  it.each(families.map((f) => [`${f.framework}.${f.name}`, f] as const))('%s at its defaults, written as its name only', (label, spec) => {
    const data = withPanels(defaultPanel(spec.name, spec.framework));
    expectExactRoundTrip(data);
    expect(encodePermalink(data)).toBe(`v=${PERMALINK_VERSION}&epochs=50&steps=100&A=${label}`);
  });

  it('odd numbers: 0.1 + 0.2, 1e-300, the smallest normal float64, -0, huge, thirds', () => {
    const data = withPanels(
      panel('torch', 'StepLR', { gamma: 0.1 + 0.2, step_size: 2 ** 40 }, { lr: MIN_NORMAL_FLOAT, momentum: -0 }),
      panel('torch', 'ExponentialLR', { gamma: 1e-300 }, { lr: 1e300, momentum: 1 / 3 }),
      panel('torch', 'CosineAnnealingLR', { T_max: 7, eta_min: -0 }, { lr: -0 }),
      panel('torch', 'MultiStepLR', { milestones: [0, 1, 1, 2 ** 53] }, { lr: Number.MAX_VALUE, momentum: 2 ** -1022 }),
      panel('keras', 'PiecewiseConstantDecay', { boundaries: [-0, 1e21], values: [0.1 + 0.2, 1e-7, -0] }),
    );
    data.metric = { preset: 'custom', custom: [-0, -MIN_NORMAL_FLOAT, 1e300, 0.1 + 0.2, -1.5] };
    const decoded = expectExactRoundTrip(data);
    const p0 = decoded.data.panels[0];
    expect(Object.is(p0?.optimizer.momentum, -0)).toBe(true);
    expect(p0?.optimizer.lr).toBe(2.2250738585072014e-308);
    expect(Object.is(decoded.data.metric.custom[0], -0)).toBe(true);
  });

  it('nested schedules: SequentialLR inside SequentialLR, ChainedScheduler, Warmup around any framework', () => {
    const inner = {
      name: 'SequentialLR',
      args: {
        schedulers: [
          { name: 'ConstantLR', args: { factor: 0.5, total_iters: 2 } },
          { name: 'OneCycleLR', args: { max_lr: 0.3, total_steps: 100 } },
        ],
        milestones: [2],
      },
    };
    const data = withPanels(
      panel('torch', 'SequentialLR', {
        schedulers: [
          { name: 'LinearLR', args: { start_factor: 0.1, total_iters: 3 } },
          inner,
          { name: 'StepLR', args: { step_size: 5, gamma: -0 + 0.5 } },
        ],
        milestones: [3, 10],
      }),
      panel('torch', 'ChainedScheduler', {
        schedulers: [
          { name: 'ExponentialLR', args: { gamma: 0.9 } },
          { name: 'StepLR', args: { step_size: 4 } },
        ],
      }),
      panel('playground', 'Warmup', {
        warmup: 3,
        schedule: { framework: 'keras', name: 'CosineDecay', args: { initial_learning_rate: 0.1, decay_steps: 400 } },
      }),
      panel('playground', 'Warmup', { schedule: { framework: 'torch', name: 'SequentialLR', args: inner.args } }),
      panel('playground', 'Warmup', { schedule: { framework: 'playground', name: 'InverseSqrt', args: {} } }),
      // A child without `args` (the engine takes the defaults) stays without.
      panel('torch', 'ChainedScheduler', { schedulers: [{ name: 'ConstantLR' }] }),
    );
    for (const p of data.panels) expect(fromFramework(panelCall(p)).ok, p.name).toBe(true);
    const decoded = expectExactRoundTrip(data);
    expect(csvOf(decoded.data)).toBe(csvOf(data));
  });

  it('Python sources with newlines, unicode, quotes and URL syntax, exactly as typed', () => {
    const sources = [
      'lambda epoch: 0.95 ** epoch  # ünï "q" \'q\' & = + % #x ?a=b 🚀 / \\ \t',
      'def f(epoch):\r\n    # “curly” 日本語 %25 %zz +1 &amp;\n    x = 0.5\n    return x ** epoch\n',
      '\n\n   lambda e: 1 if e < 3 else 0.1\n',
    ];
    for (const source of sources) {
      const data = withPanels(
        panel('torch', 'LambdaLR', { lr_lambda: source }),
        panel('keras', 'LearningRateScheduler', { schedule: 'lambda epoch, lr: lr * 0.9  # ½ ∑' }),
      );
      for (const p of data.panels) expect(fromFramework(panelCall(p)).ok).toBe(true);
      expectExactRoundTrip(data);
    }
  });

  it('None arguments, booleans, choices and a CyclicLR scale_fn', () => {
    expectExactRoundTrip(
      withPanels(
        panel('torch', 'CyclicLR', {
          step_size_down: 300,
          mode: 'exp_range',
          gamma: 0.999,
          cycle_momentum: false,
          scale_fn: 'lambda x: 1 / (2.0 ** (x - 1))',
        }),
        panel('torch', 'OneCycleLR', { total_steps: null, epochs: 50, steps_per_epoch: 100, three_phase: true, anneal_strategy: 'linear' }),
        panel('keras', 'CosineDecay', { warmup_target: 0.2, warmup_steps: 100 }),
        panel('keras', 'ReduceLROnPlateau', { mode: 'max', patience: 0 }),
        panel('transformers', 'get_wsd_schedule', { decay_type: '1-sqrt', num_training_steps: null, num_stable_steps: 300 }),
        panel('transformers', 'get_cosine_with_min_lr_schedule_with_warmup', { min_lr_rate: null, min_lr: 1e-5 }),
      ),
    );
  });

  it('an old playground.WarmupStableDecay link maps onto transformers.get_wsd_schedule: same arguments, same curve, and says so', () => {
    // The LLM warmup-stable-decay preset as the playground's imitation linked it (its defaults: linear warmup, 1-sqrt decay).
    const old =
      'v=1&epochs=10&steps=1000&A=playground.WarmupStableDecay&A.warmup_steps=1000&A.stable_steps=8000&A.decay_steps=1000&A.optimizer=AdamW&A.lr=0.0003';
    const decoded = decodePermalink(old);
    expectWarning(
      decoded.warnings,
      /playground\.WarmupStableDecay is now transformers\.get_wsd_schedule.*warmup_steps → num_warmup_steps.*the curve is the same/,
    );
    expect(decoded.warnings).toHaveLength(1);
    const p = decoded.data.panels[0] as Panel;
    expect([p.framework, p.name]).toEqual(['transformers', 'get_wsd_schedule']);
    expect(p.args).toEqual({
      num_warmup_steps: 1000,
      num_stable_steps: 8000,
      num_decay_steps: 1000,
      warmup_type: 'linear',
      decay_type: '1-sqrt',
      min_lr_ratio: 0,
      num_cycles: 0.5,
    });
    // The real library's curve for that preset (scripts/golden/presets_golden.py).
    const want = readFileSync(new URL('../../e2e/fixtures/presets/llm-wsd.csv', import.meta.url), 'utf8').split('\n');
    const got = csvOf(decoded.data).split('\n');
    expect(got.length).toBe(want.length);
    for (let i = 1; i < want.length - 1; i++) {
      const [, , a] = (got[i] as string).split(',');
      const [, , b] = (want[i] as string).split(',');
      expect(Math.abs(Number(a) - Number(b)) <= 1e-12 * Math.abs(Number(b)), `row ${i}: ${a} vs ${b}`).toBe(true);
    }
    // A link with the old defaults only, and the old shape names.
    const bare = decodePermalink('v=1&A=playground.WarmupStableDecay&A.warmup_shape=cosine&A.min_lr_ratio=0.1').data.panels[0] as Panel;
    expect(bare.args).toMatchObject({
      num_warmup_steps: 500,
      num_stable_steps: 3500,
      num_decay_steps: 1000,
      warmup_type: 'cosine',
      decay_type: '1-sqrt',
      min_lr_ratio: 0.1,
    });
    expect(Object.hasOwn(bare.args, 'num_training_steps')).toBe(false);
    expect(fromFramework(panelCall(bare)).ok).toBe(true);
  });

  it('arguments a panel leaves out stay out (A.unset)', () => {
    const p = panel('torch', 'OneCycleLR');
    delete p.args.total_steps;
    p.args.epochs = 10;
    p.args.steps_per_epoch = 20;
    delete p.args.pct_start;
    const link = encodePermalink(withPanels(p));
    expect(new URLSearchParams(link).get('A.unset')).toBe('total_steps,pct_start');
    const decoded = expectExactRoundTrip(withPanels(p));
    expect(Object.hasOwn(decoded.data.panels[0]?.args ?? {}, 'total_steps')).toBe(false);
  });

  it('every view and example-metric setting', () => {
    const data = defaultData();
    data.view = { logScale: true, showValues: true, sideBySide: true, xAxis: 'step', theme: 'dark', tab: 'landscape' };
    data.metric = { preset: 'noisy', custom: [2.5, 1.25, 1] };
    data.horizon = { epochs: 1000, stepsPerEpoch: 1000 };
    expectExactRoundTrip(data);
    expect(encodePermalink(data)).toBe(
      'v=1&epochs=1000&steps=1000&log=1&values=1&side=1&x=step&theme=dark&metric=noisy&loss=2.5,1.25,1&tab=landscape&A=torch.StepLR',
    );
  });

  it('the table covers every field of the state (a tripwire for fields added to the store)', () => {
    expect(Object.keys(defaultData()).sort()).toEqual(['horizon', 'landscape', 'metric', 'panels', 'training', 'view']);
    expect(Object.keys(DEFAULT_LANDSCAPE).sort()).toEqual(['gradientNoise', 'seed', 'surface']);
    expect(Object.keys(DEFAULT_TRAINING).sort()).toEqual([
      'activation',
      'backend',
      'batchSize',
      'dataset',
      'hidden',
      'init',
      'seeds',
      'targetAccuracy',
    ]);
    expect(Object.keys(DEFAULT_VIEW).sort()).toEqual(['logScale', 'showValues', 'sideBySide', 'tab', 'theme', 'xAxis']);
    expect(Object.keys(DEFAULT_METRIC).sort()).toEqual(['custom', 'preset']);
    expect(Object.keys(DEFAULT_OPTIMIZER).sort()).toEqual(['kind', 'lr', 'momentum']);
    expect(Object.keys(defaultPanel()).sort()).toEqual(['args', 'framework', 'name', 'optimizer']);
  });

  it('no family has an argument named like a panel key (optimizer, lr, momentum, unset)', () => {
    for (const f of families) for (const p of f.params) expect(RESERVED_PANEL_KEYS as readonly string[]).not.toContain(p.name);
  });
});

describe('readable links', () => {
  it('the default state is one short line', () => {
    expect(encodePermalink(defaultData())).toBe('v=1&epochs=50&steps=100&A=torch.StepLR');
  });

  it('a two-panel comparison writes only what differs from the defaults', () => {
    const data = { ...defaultData(), horizon: { epochs: 90, stepsPerEpoch: 100 } };
    data.panels = [
      panel('torch', 'StepLR', { step_size: 30 }),
      panel('torch', 'CosineAnnealingLR', { T_max: 90 }, { kind: 'Adam', lr: 0.001 }),
    ];
    expect(encodePermalink(data)).toBe(
      'v=1&epochs=90&steps=100&A=torch.StepLR&A.step_size=30&B=torch.CosineAnnealingLR&B.T_max=90&B.optimizer=Adam&B.lr=0.001',
    );
  });

  it('lists are comma separated and Python reads as Python', () => {
    const link = encodePermalink(
      withPanels(
        panel('torch', 'MultiStepLR', { milestones: [10, 20, 40] }),
        panel('torch', 'LambdaLR', { lr_lambda: 'lambda epoch: 0.9 ** epoch' }),
      ),
    );
    expect(link).toContain('A.milestones=10,20,40');
    expect(link).toContain('B.lr_lambda=lambda+epoch:+0.9+**+epoch');
  });

  it('strings the plain form would misread are written as JSON', () => {
    for (const source of ['None', '"quoted"', 'lambda e: 1  # \ud800 lone surrogate']) {
      const link = encodePermalink(withPanels(panel('torch', 'LambdaLR', { lr_lambda: source })));
      expect(new URLSearchParams(link).get('A.lr_lambda')).toBe(JSON.stringify(source));
    }
    expect(new URLSearchParams(encodePermalink(withPanels(panel('torch', 'CyclicLR', { scale_fn: null })))).get('A.scale_fn')).toBeNull();
    expect(
      new URLSearchParams(encodePermalink(withPanels(panel('torch', 'CyclicLR', { scale_fn: 'lambda x: 1' })))).get('A.scale_fn'),
    ).toBe('lambda x: 1');
  });

  it('pins version-1 links to their states (a changed default must bump the version)', () => {
    const resnet = PRESETS.find((p) => p.id === 'resnet-step');
    expect(decodePermalink('v=1&epochs=90&steps=100&A=torch.StepLR&A.step_size=30').data).toEqual({ ...defaultData(), ...resnet?.data });
    expect(decodePermalink('v=1&epochs=50&steps=100&A=torch.StepLR').data.panels).toEqual([
      { framework: 'torch', name: 'StepLR', args: { step_size: 10, gamma: 0.1 }, optimizer: { kind: 'SGD', lr: 0.1, momentum: 0.9 } },
    ]);
    expect(decodePermalink('v=1&epochs=50&steps=100&A=torch.OneCycleLR').data.panels[0]?.args).toEqual({
      max_lr: 0.1,
      total_steps: 5000,
      epochs: null,
      steps_per_epoch: null,
      pct_start: 0.3,
      anneal_strategy: 'cos',
      cycle_momentum: true,
      base_momentum: 0.85,
      max_momentum: 0.95,
      div_factor: 25,
      final_div_factor: 10000,
      three_phase: false,
    });
    expect(decodePermalink('v=1&epochs=50&steps=100&A=playground.Warmup').data.panels[0]?.args).toEqual({
      warmup: 5,
      start_factor: 0,
      schedule: { framework: 'torch', name: 'CosineAnnealingLR', args: { T_max: 45, eta_min: 0 } },
    });
    expect(decodePermalink('v=1&epochs=50&steps=100&A=torch.StepLR').data.view).toEqual({
      logScale: false,
      showValues: false,
      sideBySide: false,
      xAxis: 'epoch',
      theme: 'system',
      tab: 'schedule',
    });
    expect(decodePermalink('v=1&epochs=50&steps=100&A=torch.StepLR').data.metric).toEqual({ preset: 'early-plateau', custom: [] });
    expect(decodePermalink('v=1&epochs=50&steps=100&A=torch.StepLR').data.landscape).toEqual({
      surface: 'rosenbrock',
      gradientNoise: 0,
      seed: 0,
    });
  });

  it('reads what people type by hand: a leading ?, a bare class name, True, +, %2B, %20', () => {
    const decoded = decodePermalink('?v=1&epochs=20&steps=10&A=OneCycleLR&A.three_phase=True&A.max_lr=%2B0.5&B=StepLR&B.gamma=.5');
    expect(decoded.warnings).toEqual([]);
    expect(decoded.data.horizon).toEqual({ epochs: 20, stepsPerEpoch: 10 });
    expect(decoded.data.panels.map((p) => `${p.framework}.${p.name}`)).toEqual(['torch.OneCycleLR', 'torch.StepLR']);
    expect(decoded.data.panels[0]?.args.three_phase).toBe(true);
    expect(decoded.data.panels[0]?.args.max_lr).toBe(0.5);
    expect(decoded.data.panels[1]?.args.gamma).toBe(0.5);
  });
});

describe('warnings', () => {
  it('an empty link is the default state without warnings', () => {
    for (const search of ['', '?'])
      expect(decodePermalink(search)).toEqual({ data: defaultData(), embed: { embed: false, hide: [], lock: [] }, warnings: [] });
  });

  it('a missing version: read as the current one', () => {
    const decoded = decodePermalink('A=torch.StepLR&A.step_size=7');
    expect(decoded.data.panels[0]?.args.step_size).toBe(7);
    expect(decoded.warnings).toEqual([`The link has no version (v=…); it was read as version ${PERMALINK_VERSION}.`]);
  });

  it('a future or unknown version: best effort, with a warning', () => {
    const future = decodePermalink('v=7&epochs=20&A=torch.StepLR&A.step_size=7&A.new_thing=1&zoom=3');
    expect(future.data.horizon.epochs).toBe(20);
    expect(future.data.panels[0]?.args.step_size).toBe(7);
    expectWarning(future.warnings, /newer version of the playground \(v=7\)/);
    expectWarning(future.warnings, /has no argument "new_thing"/);
    expectWarning(future.warnings, /unknown setting: "zoom"/);
    expectWarning(decodePermalink('v=0&A=torch.StepLR').warnings, /unknown version \(v="0"\)/);
    expectWarning(decodePermalink('v=abc&A=torch.StepLR').warnings, /unknown version \(v="abc"\)/);
  });

  it('an unknown family: that panel is left out, the others stay', () => {
    const decoded = decodePermalink('v=1&A=torch.StepLR&B=torch.NoSuchLR&B.gamma=0.5&C=keras.CosineDecay&D=tensorflow.StepLR');
    expect(decoded.data.panels.map((p) => p.name)).toEqual(['StepLR', 'CosineDecay']);
    expectWarning(decoded.warnings, /Schedule B: unknown schedule "torch.NoSuchLR".*left out/);
    expectWarning(decoded.warnings, /Schedule D: unknown schedule "tensorflow.StepLR"/);
  });

  it('no usable panel: the default panel', () => {
    const decoded = decodePermalink('v=1&A=torch.Nope');
    expect(decoded.data.panels).toEqual([defaultPanel()]);
    expectWarning(decoded.warnings, /default one is shown/);
    // Arguments without their panel are reported, not applied.
    const orphan = decodePermalink('v=1&B.gamma=0.5');
    expect(orphan.data.panels).toEqual([defaultPanel()]);
    expectWarning(orphan.warnings, /unknown setting: "B.gamma"/);
  });

  it('out-of-range and wrongly typed values: the default, naming the argument', () => {
    const decoded = decodePermalink(
      'v=1&A=torch.StepLR&A.step_size=1.5&A.gamma=abc&B=torch.MultiStepLR&B.milestones=5,x&C=torch.OneCycleLR&C.anneal_strategy=cosine&C.three_phase=maybe&D=torch.CyclicLR&D.max_momentum=x&D.step_size_up=2.5',
    );
    expect(decoded.data.panels.map((p) => p.args)).toEqual([
      defaultPanel('StepLR').args,
      defaultPanel('MultiStepLR').args,
      defaultPanel('OneCycleLR').args,
      defaultPanel('CyclicLR').args,
    ]);
    expectWarning(decoded.warnings, /Schedule A \(torch.StepLR\): step_size must be an integer.* \(got "1.5"\); the default 10 is used/);
    expectWarning(decoded.warnings, /Schedule A \(torch.StepLR\): gamma must be a number .*\(got "abc"\); the default 0.1 is used/);
    expectWarning(decoded.warnings, /Schedule B \(torch.MultiStepLR\): milestones\[1\] must be a number \(got "5,x"\)/);
    expectWarning(decoded.warnings, /anneal_strategy must be one of cos, linear/);
    expectWarning(decoded.warnings, /three_phase must be true or false/);
    expectWarning(decoded.warnings, /max_momentum must be a number/);
    expectWarning(decoded.warnings, /step_size_up must be an integer/);
  });

  it('huge and non-finite numbers are out of range', () => {
    const decoded = decodePermalink('v=1&A=torch.StepLR&A.gamma=1e999&A.lr=Infinity&A.step_size=-9e999');
    expect(decoded.data.panels[0]).toEqual(defaultPanel());
    expect(decoded.warnings).toHaveLength(3);
  });

  it('nested schedules: bad JSON, an unknown child, an unknown argument; the whole argument goes back to its default', () => {
    const seq = defaultPanel('SequentialLR').args.schedulers;
    for (const [value, pattern] of [
      ['[{"name":"StepLR"', /schedulers is not valid JSON/],
      ['[{"name":"NoSuchLR","args":{}}]', /schedulers\[0\]\.name is not a known schedule \(got "NoSuchLR"\)/],
      ['[{"name":"StepLR","args":{"step_size":2,"bogus":1}}]', /schedulers\[0\]\.args has no argument "bogus"/],
      ['[{"name":"StepLR","args":{"step_size":2.5}}]', /schedulers\[0\]\.args\.step_size must be an integer/],
      ['[{"name":"ReduceLROnPlateau","args":{}}]', /schedulers\[0\]\.name is not a known schedule/],
      ['{"name":"StepLR"}', /schedulers must be a list/],
    ] as const) {
      const decoded = decodePermalink(`v=1&A=torch.SequentialLR&A.schedulers=${encodeURIComponent(value)}`);
      expect(decoded.data.panels[0]?.args.schedulers, value).toEqual(seq);
      expectWarning(decoded.warnings, pattern);
    }
    const warmup = decodePermalink(
      `v=1&A=playground.Warmup&A.schedule=${encodeURIComponent('{"framework":"keras","name":"StepLR","args":{}}')}`,
    );
    expectWarning(warmup.warnings, /schedule\.name is not a known schedule \(got "StepLR"\)/);
  });

  it('schedules nested too deep are refused', () => {
    let child: unknown = { name: 'StepLR', args: { step_size: 2 } };
    for (let i = 0; i < 8; i++) child = { name: 'SequentialLR', args: { schedulers: [child], milestones: [] } };
    const decoded = decodePermalink(`v=1&A=torch.SequentialLR&A.schedulers=${encodeURIComponent(JSON.stringify([child]))}&A.milestones=[]`);
    expect(fromFramework(panelCall(decoded.data.panels[0] ?? defaultPanel())).ok).toBe(true);
    expectWarning(decoded.warnings, /nested more than 6 deep/);
  });

  it('values the engine refuses as a whole (Python syntax, arguments that conflict) are reset, naming the argument', () => {
    const syntax = decodePermalink(`v=1&A=torch.LambdaLR&A.lr_lambda=${encodeURIComponent('lambda epoch: (')}`);
    expect(syntax.data.panels[0]?.args.lr_lambda).toBe(defaultPanel('LambdaLR').args.lr_lambda);
    expectWarning(
      syntax.warnings,
      /Schedule A \(torch.LambdaLR\): lr_lambda "lambda epoch: \(" was refused: SyntaxError.*; the default lambda epoch: 0\.95 \*\* epoch is used/,
    );

    const conflict = decodePermalink('v=1&A=keras.PiecewiseConstantDecay&A.values=0.1,0.01');
    expect(conflict.data.panels[0]?.args).toEqual(defaultPanel('PiecewiseConstantDecay', 'keras').args);
    expect(fromFramework(panelCall(conflict.data.panels[0] ?? defaultPanel())).ok).toBe(true);
    expectWarning(conflict.warnings, /Schedule A \(keras.PiecewiseConstantDecay\)/);

    const neither = decodePermalink('v=1&A=torch.OneCycleLR&A.total_steps=None');
    expect(fromFramework(panelCall(neither.data.panels[0] ?? defaultPanel())).ok).toBe(true);
    expectWarning(neither.warnings, /total_steps/);
  });

  it('a bad optimizer: the default, naming the field', () => {
    const decoded = decodePermalink('v=1&A=torch.StepLR&A.optimizer=Adagrad&A.lr=-1&B=torch.StepLR&B.optimizer=Adam&B.momentum=1');
    expect(decoded.data.panels[0]?.optimizer).toEqual(DEFAULT_OPTIMIZER);
    expect(decoded.data.panels[1]?.optimizer).toEqual({ kind: 'Adam', lr: 0.1, momentum: 0.9 });
    expectWarning(decoded.warnings, /optimizer must be one of SGD, Adam, AdamW, RMSprop \(got "Adagrad"\)/);
    expectWarning(decoded.warnings, /lr must be ≥ 0 \(got "-1"\)/);
    expectWarning(decoded.warnings, /Schedule B.*beta.*momentum was reset to the default 0.9/);
  });

  it('the horizon: positive integers, at most 1,000,000 steps in all', () => {
    expect(decodePermalink('v=1&epochs=1000&steps=1000').warnings).toEqual([]);
    for (const search of [
      'v=1&epochs=0',
      'v=1&steps=-5',
      'v=1&epochs=2.5',
      'v=1&epochs=1e3',
      'v=1&epochs=1001&steps=1000',
      'v=1&epochs=99999999999',
    ]) {
      const decoded = decodePermalink(search);
      expect(decoded.data.horizon, search).toEqual(defaultData().horizon);
      expect(decoded.warnings, search).toHaveLength(1);
    }
  });

  it('view and metric values outside their choices', () => {
    const decoded = decodePermalink('v=1&log=yes&x=time&theme=blue&metric=wavy&loss=1,two,3');
    expect(decoded.data.view).toEqual(DEFAULT_VIEW);
    expect(decoded.data.metric).toEqual(DEFAULT_METRIC);
    expect(decoded.warnings).toHaveLength(5);
    expectWarning(decoded.warnings, /Setting theme must be one of system, light, dark \(got "blue"\)/);
  });

  it('a link over MAX_LINK_BYTES is refused whole', () => {
    const long = `v=1&epochs=20&A=torch.LambdaLR&A.lr_lambda=${encodeURIComponent(`lambda epoch: 1  # ${'x'.repeat(MAX_LINK_BYTES)}`)}&embed=1`;
    const decoded = decodePermalink(long);
    expect(decoded.data).toEqual(defaultData());
    expect(decoded.embed.embed).toBe(false);
    expect(decoded.warnings).toHaveLength(1);
    expectWarning(decoded.warnings, /^Link too long/);
    // Multi-byte characters count as their UTF-8 bytes.
    expectWarning(decodePermalink(`v=1&x=${'é'.repeat(MAX_LINK_BYTES / 2)}`).warnings, /^Link too long/);
    expect(decodePermalink(`v=1&A=torch.StepLR&pad=${'x'.repeat(MAX_LINK_BYTES - 30)}`).data.panels[0]?.name).toBe('StepLR');
  });

  it('a repeated key: the first counts', () => {
    const decoded = decodePermalink('v=1&A=torch.StepLR&A.gamma=0.5&A.gamma=0.7');
    expect(decoded.data.panels[0]?.args.gamma).toBe(0.5);
    expectWarning(decoded.warnings, /more than once.*"A.gamma"/);
  });

  it('__proto__, constructor and prototype keys pollute nothing and are reported', () => {
    const decoded = decodePermalink(
      `v=1&__proto__=x&constructor=y&A=torch.StepLR&A.__proto__=1&A.constructor=2&A.prototype=3&A.unset=__proto__&B=torch.SequentialLR&B.schedulers=${encodeURIComponent(
        '[{"name":"StepLR","args":{"__proto__":{"polluted":1},"step_size":2}}]',
      )}&C=torch.__proto__&hide=__proto__,constructor`,
    );
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(decoded.data.panels.map((p) => p.name)).toEqual(['StepLR', 'SequentialLR']);
    for (const p of decoded.data.panels) {
      expect(Object.getPrototypeOf(p.args)).toBe(Object.prototype);
      expect(Object.keys(p.args)).not.toContain('__proto__');
    }
    expectWarning(decoded.warnings, /has no argument "__proto__", "constructor", "prototype"/);
    expectWarning(decoded.warnings, /schedulers\[0\]\.args has no argument "__proto__"/);
    expectWarning(decoded.warnings, /unknown setting.*"__proto__"/);
  });

  it('warnings are capped', () => {
    const search = `v=1&${Array.from({ length: 60 }, (_, i) => `${PANEL_NAMES[i % 6]}=torch.Nope${i}`).join('&')}&${Array.from({ length: 300 }, (_, i) => `k${i}=1`).join('&')}`;
    const decoded = decodePermalink(search);
    expect(decoded.warnings.length).toBeLessThanOrEqual(41);
    expect(decoded.data.panels).toEqual([defaultPanel()]);
  });
});

describe('embed options', () => {
  it('round-trip next to the state', () => {
    const data = withPanels(panel('torch', 'StepLR', { gamma: 0.5 }));
    const link = encodePermalink(data, { embed: true, hide: ['legend', 'controls', 'gamma'], lock: ['step_size'] });
    expect(link).toBe('v=1&epochs=50&steps=100&A=torch.StepLR&A.gamma=0.5&embed=1&hide=legend,controls,gamma&lock=step_size');
    const decoded = decodePermalink(link);
    expect(decoded.warnings).toEqual([]);
    expect(decoded.data).toEqual(data);
    expect(decoded.embed).toEqual({ embed: true, hide: ['legend', 'controls', 'gamma'], lock: ['step_size'] });
  });

  it('default to the full page; an embed-only link needs no version', () => {
    expect(decodePermalink('v=1').embed).toEqual({ embed: false, hide: [], lock: [] });
    const handWritten = decodePermalink('embed=1&hide=legend');
    expect(handWritten.warnings).toEqual([]);
    expect(handWritten.embed).toEqual({ embed: true, hide: ['legend'], lock: [] });
    expect(encodePermalink(defaultData(), {})).toBe(encodePermalink(defaultData()));
    expect(encodePermalink(defaultData(), { embed: false, hide: [] })).not.toContain('embed');
  });

  it('entries that are not control names are dropped with a warning', () => {
    const decoded = decodePermalink(`v=1&embed=2&hide=legend,,legend,<script>,${'a'.repeat(80)}&lock=gamma,a b`);
    expect(decoded.embed).toEqual({ embed: false, hide: ['legend'], lock: ['gamma'] });
    expectWarning(decoded.warnings, /embed must be 1 or 0/);
    expectWarning(decoded.warnings, /hide= entries that are not control names: "<script>"/);
    expectWarning(decoded.warnings, /lock= entries that are not control names: "a b"/);
  });
});

describe('defaults used by the codec are valid', () => {
  it.each(families.map((f) => [`${f.framework}.${f.name}`, f] as const))('%s', (_label, spec) => {
    expect(findFamily(spec.framework, spec.name)).toBe(spec);
    expect(fromFramework(panelCall({ ...defaultPanel(spec.name, spec.framework), args: defaultArgs(spec) })).ok).toBe(true);
  });
});

describe('step() every (A.stepEvery)', () => {
  const perBatch = (p: Panel, stepEvery: 'epoch' | 'batch' = 'batch'): Panel => ({ ...p, stepEvery });

  it('round-trips a torch panel stepped every batch, and leaves the default out', () => {
    const data = withPanels(perBatch(panel('torch', 'StepLR', { step_size: 300 })), panel('torch', 'StepLR', { step_size: 3 }));
    const decoded = expectExactRoundTrip(data);
    const link = encodePermalink(data);
    expect(link).toContain('A.stepEvery=batch');
    expect(link).not.toContain('B.stepEvery');
    expect(decoded.data.panels[1]).not.toHaveProperty('stepEvery');
    expect(expectExactRoundTrip(withPanels(perBatch(panel('torch', 'OneCycleLR'), 'epoch'))).data.panels[0]?.stepEvery).toBe('epoch');
  });

  it('changes the curve and the CSV: a per-batch StepLR counts optimizer steps', () => {
    const epochly = decodePermalink('v=1&epochs=4&steps=10&A=torch.StepLR&A.step_size=2&A.gamma=0.5');
    const batchly = decodePermalink('v=1&epochs=4&steps=10&A=torch.StepLR&A.step_size=2&A.gamma=0.5&A.stepEvery=batch');
    expect(batchly.warnings).toEqual([]);
    expect(batchly.data.panels[0]?.stepEvery).toBe('batch');
    const rows = (csv: string) =>
      csv
        .trimEnd()
        .split('\n')
        .slice(1)
        .map((l) => Number(l.split(',')[2]));
    const a = rows(csvOf(epochly.data));
    const b = rows(csvOf(batchly.data));
    expect(a).toHaveLength(40);
    expect(b).toHaveLength(40);
    // Per epoch: the LR halves after 2 epochs (step 20); per batch: after 2 optimizer steps.
    expect(a[19]).toBe(0.1);
    expect(a[20]).toBe(0.05);
    expect(b[1]).toBe(0.1);
    expect(b[2]).toBe(0.05);
    expect(a).not.toEqual(b);
  });

  it('a bad value gets a warning and the default', () => {
    const d = decodePermalink('v=1&A=torch.StepLR&A.stepEvery=sometimes');
    expect(d.data.panels[0]).not.toHaveProperty('stepEvery');
    expectWarning(d.warnings, /Schedule A \(torch\.StepLR\): .*stepEvery.*"sometimes".*step\(\) every epoch/);
    expect(d.warnings).toHaveLength(1);
  });

  it('a family that is stepped only at its own tick refuses another, with a warning', () => {
    const keras = decodePermalink('v=1&A=keras.CosineDecay&A.stepEvery=epoch');
    expect(keras.data.panels[0]).not.toHaveProperty('stepEvery');
    expectWarning(keras.warnings, /Schedule A.*stepEvery=epoch was refused: CosineDecay is stepped every optimizer step/);
    const plateau = decodePermalink('v=1&A=torch.ReduceLROnPlateau&A.stepEvery=batch');
    expect(plateau.data.panels[0]).not.toHaveProperty('stepEvery');
    expectWarning(plateau.warnings, /stepEvery=batch was refused: ReduceLROnPlateau is stepped every epoch/);
  });

  it('a stepEvery equal to the family tick reads as the default', () => {
    const d = decodePermalink('v=1&A=torch.StepLR&A.stepEvery=epoch&B=torch.OneCycleLR&B.stepEvery=batch');
    expect(d.warnings).toEqual([]);
    expect(d.data.panels[0]).not.toHaveProperty('stepEvery');
    expect(d.data.panels[1]).not.toHaveProperty('stepEvery');
  });

  it('old links without it are unchanged', () => {
    const d = decodePermalink('v=1&epochs=90&steps=100&A=torch.StepLR&A.step_size=30&B=torch.CosineAnnealingLR&B.T_max=90');
    expect(d.warnings).toEqual([]);
    for (const p of d.data.panels) expect(p).not.toHaveProperty('stepEvery');
  });
});

describe('links from the wild: tracking keys', () => {
  const state = 'v=1&epochs=90&steps=100&A=torch.StepLR&A.step_size=30';

  it('tracking parameters (utm_*, fbclid, gclid, msclkid, mc_cid, ref, igshid, _ga, …) are ignored without a warning', () => {
    const tracking = [
      'utm_source=newsletter',
      'utm_medium=email',
      'utm_campaign=spring',
      'utm_term=lr',
      'utm_content=link1',
      'UTM_Source=Caps',
      'fbclid=IwAR0abc',
      'gclid=Cj0KCQ',
      'msclkid=123',
      'mc_cid=abc',
      'mc_eid=def',
      'ref=blog',
      'ref_src=twsrc%5Etfw',
      'igshid=xyz',
      '_ga=2.1.2.3',
      'utm_source=again',
    ].join('&');
    const clean = decodePermalink(state);
    expect(clean.warnings).toEqual([]);
    for (const link of [`${state}&${tracking}`, `${tracking}&${state}`]) expect(decodePermalink(link)).toEqual(clean);
    // A page address with nothing but tracking keys is the default state, with no "no version" warning.
    expect(decodePermalink(`?${tracking}`)).toEqual(decodePermalink(''));
    expect(decodePermalink(`embed=1&${tracking}`).warnings).toEqual([]);
    for (const key of TRACKING_KEYS) expect(decodePermalink(`${state}&${key}=1`).warnings, key).toEqual([]);
  });

  it('unknown keys that look like ours are still reported next to tracking keys', () => {
    const decoded = decodePermalink(`${state}&utm_source=x&A.foo=1&epoch=5&themes=dark&B.gamma=0.5&fbclid=y`);
    expect(decoded.data).toEqual(decodePermalink(state).data);
    expectWarning(decoded.warnings, /Schedule A \(torch.StepLR\) has no argument "foo"/);
    expectWarning(decoded.warnings, /Ignored 3 unknown settings: "epoch", "themes", "B.gamma"\./);
    expect(decoded.warnings.join(' ')).not.toMatch(/utm_source|fbclid/);
  });
});

describe('numbers a float64 cannot hold', () => {
  const RANGE = /is outside the range a float64 can hold \(0, or a magnitude from 2\.2250738585072014e-308 to 1\.7976931348623157e308\)/;

  it('the blank-page link: 1e-400, 5e-324 and 1e309 are each refused with their default, naming the range', () => {
    const decoded = decodePermalink('?v=1&A=keras.ReduceLROnPlateau&A.patience=1e-400&A.lr=5e-324&A.momentum=1e309');
    expect(decoded.data.panels).toEqual([defaultPanel('ReduceLROnPlateau', 'keras')]);
    expect(decoded.warnings).toHaveLength(3);
    const where = 'Schedule A (keras.ReduceLROnPlateau)';
    expect(decoded.warnings[0]).toMatch(
      new RegExp(`^${where.replace(/[().]/g, '\\$&')}: patience ${RANGE.source} \\(got "1e-400"\\); the default`),
    );
    expect(decoded.warnings[1]).toMatch(new RegExp(`lr ${RANGE.source} \\(got "5e-324"\\); the default 0\\.1 is used`));
    expect(decoded.warnings[2]).toMatch(new RegExp(`momentum ${RANGE.source} \\(got "1e309"\\); the default 0\\.9 is used`));
  });

  it('in every kind of value: lists, the loss, nested schedules; zero literals and the normal range are kept', () => {
    const nested = encodeURIComponent('[{"name":"ExponentialLR","args":{"gamma":1e-400}},{"name":"StepLR","args":{"step_size":2}}]');
    const decoded = decodePermalink(
      `v=1&A=torch.MultiStepLR&A.milestones=5,1e-400&B=torch.SequentialLR&B.schedulers=${nested}&C=torch.ExponentialLR&C.gamma=-1e-310&metric=custom&loss=1,2e308`,
    );
    expect(decoded.data.panels.map((p) => p.args)).toEqual([
      defaultPanel('MultiStepLR').args,
      defaultPanel('SequentialLR').args,
      defaultPanel('ExponentialLR').args,
    ]);
    expect(decoded.data.metric.custom).toEqual([]);
    expectWarning(decoded.warnings, new RegExp(`milestones\\[1\\] ${RANGE.source} \\(got "1e-400"\\)`));
    expectWarning(decoded.warnings, new RegExp(`schedulers holds the number "1e-400", which ${RANGE.source}`));
    expectWarning(decoded.warnings, new RegExp(`gamma ${RANGE.source} \\(got "-1e-310"\\)`));
    expectWarning(decoded.warnings, new RegExp(`Setting loss\\[1\\] ${RANGE.source} \\(got "1,2e308"\\)`));

    const kept = decodePermalink(
      'v=1&A=torch.CosineAnnealingLR&A.eta_min=0e-400&A.lr=2.2250738585072014e-308&A.momentum=-0.000e5&B=torch.ExponentialLR&B.gamma=1.7976931348623157e308&B.lr=0',
    );
    expect(kept.warnings.filter((w) => RANGE.test(w))).toEqual([]);
    expect(kept.data.panels[0]?.args.eta_min).toBe(0);
    expect(kept.data.panels[0]?.optimizer.lr).toBe(MIN_NORMAL_FLOAT);
  });
});

describe('nesting and size limits', () => {
  const chainedLink = (levels: number) => {
    let child: unknown = { name: 'StepLR', args: { step_size: 2 } };
    for (let i = 0; i < levels; i++) child = { name: 'ChainedScheduler', args: { schedulers: [child] } };
    return `v=1&A=torch.ChainedScheduler&A.schedulers=${encodeURIComponent(JSON.stringify([child]))}`;
  };

  it(`schedules nested ${MAX_SCHEDULE_DEPTH} deep are read; one deeper, or 50 deep, get one clear message`, () => {
    const atLimit = decodePermalink(chainedLink(MAX_SCHEDULE_DEPTH - 1));
    expect(atLimit.warnings).toEqual([]);
    for (const levels of [MAX_SCHEDULE_DEPTH, 50]) {
      const decoded = decodePermalink(chainedLink(levels));
      expect(decoded.data.panels).toEqual([defaultPanel('ChainedScheduler')]);
      expect(decoded.warnings).toEqual([
        'Schedule A (torch.ChainedScheduler): schedulers: schedules nested more than 6 deep are not supported; its default is used.',
      ]);
    }
    let warm: unknown = { framework: 'torch', name: 'StepLR', args: {} };
    for (let i = 0; i < 50; i++) warm = { framework: 'playground', name: 'Warmup', args: { schedule: warm } };
    expect(decodePermalink(`v=1&A=playground.Warmup&A.schedule=${encodeURIComponent(JSON.stringify(warm))}`).warnings).toEqual([
      'Schedule A (playground.Warmup): schedule: schedules nested more than 6 deep are not supported; its default is used.',
    ]);
  });

  it('a link over MAX_LINK_BYTES says how long it is and what the limit is', () => {
    const long = `v=1&A=torch.StepLR&pad=${'x'.repeat(20_000)}`;
    expect(decodePermalink(long).warnings).toEqual([
      `Link too long: ${long.length.toLocaleString('en-US')} bytes, at most 8,192 are read. It was ignored and the default state is shown.`,
    ]);
    expect(fitsInLink(long)).toBe(false);
    expect(fitsInLink(`?${'x'.repeat(MAX_LINK_BYTES)}`)).toBe(true);
    expect(fitsInLink('é'.repeat(MAX_LINK_BYTES / 2 + 1))).toBe(false);
  });
});

/** sessionStorage as a Map (Node has none). */
class MemoryStorage implements StateStorage {
  readonly items = new Map<string, string>();
  getItem(key: string): string | null {
    return this.items.get(key) ?? null;
  }
  setItem(key: string, value: string): void {
    this.items.set(key, value);
  }
  removeItem(key: string): void {
    this.items.delete(key);
  }
}

/** Storage that fails as browsers do: full, or refused outright (private modes, sandboxed frames). */
function failingStorage(name: 'QuotaExceededError' | 'SecurityError'): StateStorage {
  const fail = () => {
    throw new DOMException('refused', name);
  };
  return { getItem: fail, setItem: fail, removeItem: fail };
}

describe('states too large for a link: kept for the tab', () => {
  // A LambdaLR whose def is 10.8 kB: a 12 kB address, which the decoder would refuse on reload.
  const longDef = `def f(epoch):\n${Array.from({ length: 240 }, (_, i) => `    # step ${String(i).padStart(3, '0')}: hold the rate, then decay it\n`).join('')}    return 0.95 ** epoch\n`;
  const big = withPanels(panel('torch', 'LambdaLR', { lr_lambda: longDef }), panel('torch', 'StepLR', { gamma: 0.5 }));

  it('a LambdaLR with a 10.8 kB def does not fit in a link, and fitsInLink agrees with the decoder', () => {
    expect(longDef.length).toBeGreaterThan(10_000);
    expect(fromFramework(panelCall(big.panels[0] as Panel)).ok).toBe(true);
    const link = encodePermalink(big);
    expect(link.length).toBeGreaterThan(MAX_LINK_BYTES);
    expect(fitsInLink(link)).toBe(false);
    expectWarning(decodePermalink(link).warnings, /^Link too long/);
    expect(fitsInLink(encodePermalink(defaultData()))).toBe(true);
    expect(tooLargeForLink(link.length)).toMatch(
      /too large for a link .*kept for this tab.*Share is unavailable: shorten the Python functions/,
    );
  });

  it(`is kept in sessionStorage under ${SESSION_STATE_KEY} and restored exactly`, () => {
    const storage = new MemoryStorage();
    expect(restoreStateForTab(storage)).toEqual({});
    expect(keepStateForTab(storage, big)).toEqual({ ok: true });
    expect([...storage.items.keys()]).toEqual(['lr-playground:state']);
    const restored = restoreStateForTab(storage);
    expect(restored.link?.warnings).toEqual([]);
    expect(restored.link?.data).toEqual(big);
  });

  it('storage failures (full, disabled, refused reads) are reported, never thrown', () => {
    expect(keepStateForTab(failingStorage('QuotaExceededError'), big)).toEqual({
      ok: false,
      problem: "the browser's storage for this page is full",
    });
    expect(keepStateForTab(failingStorage('SecurityError'), big)).toEqual({
      ok: false,
      problem: 'the browser does not allow storage for this page',
    });
    expect(keepStateForTab(undefined, big)).toEqual({ ok: false, problem: 'the browser does not allow storage for this page' });
    expect(restoreStateForTab(failingStorage('SecurityError'))).toEqual({
      problem: 'The state kept for this tab could not be read (the browser does not allow storage for this page).',
    });
    expect(restoreStateForTab(undefined)).toEqual({});
    expect(tooLargeForLink(12_000, "the browser's storage for this page is full")).toMatch(
      /could not be kept for this tab \(the browser's storage for this page is full\): a reload shows the last state that fit/,
    );
  });

  it(`a state over MAX_SESSION_BYTES is not kept, and an older copy is dropped`, () => {
    const storage = new MemoryStorage();
    keepStateForTab(storage, big);
    const huge = withPanels(panel('torch', 'LambdaLR', { lr_lambda: `${longDef}${'# x\n'.repeat(MAX_SESSION_BYTES / 4)}` }));
    const kept = keepStateForTab(storage, huge);
    expect(kept.ok).toBe(false);
    expect(kept.ok ? '' : kept.problem).toMatch(/^at most 262,144 bytes are kept, this state has [\d,]+$/);
    expect(storage.items.size).toBe(0);
  });

  it('an address with only embed options or tracking keys has no state of its own', () => {
    for (const search of ['', '?', '?embed=1&hide=legend', '?utm_source=x&fbclid=y', 'lock=gamma&_ga=1'])
      expect(linkHasState(search), search).toBe(false);
    for (const search of ['?v=1', '?A=torch.StepLR', '?epochs=5&utm_source=x', `?${'x'.repeat(MAX_LINK_BYTES + 1)}`]) {
      expect(linkHasState(search), search).toBe(true);
    }
    expect(encodeEmbedOptions({ embed: true, hide: ['legend', '<bad>'], lock: ['gamma'] })).toBe('embed=1&hide=legend&lock=gamma');
    expect(encodeEmbedOptions({ embed: false, hide: [], lock: [] })).toBe('');
  });
});

describe('training settings (train.*)', () => {
  const withTraining = (training: Partial<TrainingSettings>): PlaygroundData => {
    const data = defaultData();
    data.training = { ...data.training, ...training };
    return data;
  };
  const usable = (training: TrainingSettings) => trainingIssues(training, { epochs: 1, stepsPerEpoch: 1 }, 1).errors;

  it('the defaults write nothing: links without training settings are unchanged', () => {
    expect(encodePermalink(defaultData())).toBe('v=1&epochs=50&steps=100&A=torch.StepLR');
    expect(decodePermalink('v=1&epochs=50&steps=100&A=torch.StepLR').data.training).toEqual(DEFAULT_TRAINING);
    // Given explicitly at their defaults they read back the same and are not written again.
    const explicit = decodePermalink(
      'v=1&train.dataset=digits&train.hidden=128,64&train.activation=relu&train.batch=32&train.seeds=3&train.init=glorot_uniform&train.backend=auto&train.target=95',
    );
    expect(explicit.warnings).toEqual([]);
    expect(explicit.data.training).toEqual(DEFAULT_TRAINING);
    expect(encodePermalink(explicit.data)).toBe('v=1&epochs=50&steps=100&A=torch.StepLR');
  });

  it('every setting round-trips, in a readable form', () => {
    const data = withTraining({
      dataset: 'spiral',
      samples: 500,
      noise: 0.3,
      hidden: [32],
      activation: 'tanh',
      batchSize: 64,
      seeds: 5,
      init: 'torch_default',
      backend: 'wasm',
      targetAccuracy: 0.9,
    });
    expectExactRoundTrip(data);
    expect(encodePermalink(data)).toBe(
      'v=1&epochs=50&steps=100&train.dataset=spiral&train.samples=500&train.noise=0.3&train.hidden=32&train.activation=tanh' +
        '&train.batch=64&train.seeds=5&train.init=torch_default&train.backend=wasm&train.target=90&A=torch.StepLR',
    );
    expectExactRoundTrip(withTraining({ dataset: 'fashion-mnist', samples: 2000, hidden: [256, 128, 64, 32], backend: 'cpu' }));
    for (const backend of ['webgpu', 'webgl'] as const) expectExactRoundTrip(withTraining({ backend }));
    for (const dataset of ['moons', 'circles', 'xor', 'blobs'] as const) expectExactRoundTrip(withTraining({ dataset, noise: 0 }));
  });

  it('no hidden layer is train.hidden=none (an empty value or [] reads the same)', () => {
    const data = withTraining({ hidden: [] });
    expectExactRoundTrip(data);
    expect(encodePermalink(data)).toContain('&train.hidden=none&');
    for (const text of ['', '[]', '%5B%5D']) expect(decodePermalink(`v=1&train.hidden=${text}`).data.training.hidden).toEqual([]);
  });

  it('train.target is a percentage, and any percentage typed with up to 3 decimals reads back to the same fraction', () => {
    expect(decodePermalink('v=1&train.target=97.5').data.training.targetAccuracy).toBe(0.975);
    expect(decodePermalink('v=1&train.target=100').data.training.targetAccuracy).toBe(1);
    for (let i = 1; i <= 100_000; i += 7) {
      const fraction = i / 1000 / 100;
      const text = percentText(fraction);
      expect(Number(text) / 100, text).toBe(fraction);
      expect(text.length, text).toBeLessThanOrEqual(7);
    }
    expectExactRoundTrip(withTraining({ targetAccuracy: 0.1 + 0.2 }));
  });

  it('the tutorial link of the issue: a ready comparison on the digits with three seeds', () => {
    const decoded = decodePermalink(
      '?v=1&epochs=50&steps=45&A=keras.LearningRateScheduler&B=torch.CosineAnnealingLR&B.T_max=50&train.dataset=digits&train.seeds=3',
    );
    expect(decoded.warnings).toEqual([]);
    expect(decoded.data.panels.map((p) => p.name)).toEqual(['LearningRateScheduler', 'CosineAnnealingLR']);
    expect(decoded.data.training).toEqual(DEFAULT_TRAINING);
    expect(decodePermalink('?v=1&train.dataset=moons&train.seeds=10').data.training).toEqual({
      ...DEFAULT_TRAINING,
      dataset: 'moons',
      seeds: 10,
    });
  });

  it.each([
    ['train.batch=0', /^Setting train\.batch must be a whole number from 1 to 4,096 \(got "0"\); the default is used\.$/],
    ['train.batch=4097', /train\.batch must be a whole number from 1 to 4,096 \(got "4097"\)/],
    ['train.batch=1e3', /train\.batch must be a whole number/],
    ['train.seeds=11', /train\.seeds must be a whole number from 1 to 10 \(got "11"\)/],
    ['train.seeds=2.5', /train\.seeds must be a whole number from 1 to 10/],
    ['train.seeds=0', /train\.seeds must be a whole number from 1 to 10/],
    ['train.dataset=mnist', /train\.dataset must be one of digits, fashion-mnist, spiral, moons, circles, xor, blobs \(got "mnist"\)/],
    ['train.dataset=spiral&train.samples=0', /train\.samples must be a whole number from 20 to 10,000 for spiral \(got "0"\)/],
    ['train.samples=5000', /train\.samples must be a whole number from 100 to 1,797 for digits \(got "5000"\)/],
    ['train.samples=-1', /train\.samples must be a whole number/],
    ['train.noise=0.2', /train\.noise is for the 2-D sets \(spiral, moons, circles, xor, blobs\); digits takes none \(got "0\.2"\)/],
    ['train.dataset=moons&train.noise=2', /train\.noise must be a number from 0 to 1 for moons \(got "2"\)/],
    ['train.dataset=moons&train.noise=NaN', /train\.noise must be a number/],
    ['train.dataset=moons&train.noise=1e-400', /train\.noise is outside the range a float64 can hold/],
    ['train.hidden=128,0', /train\.hidden\[1\] must be at most 4 layer widths from 1 to 512/],
    ['train.hidden=1,2,3,4,5', /train\.hidden must be at most 4 layer widths/],
    ['train.hidden=128,,64', /train\.hidden\[1\] must be/],
    ['train.hidden=wide', /train\.hidden\[0\] must be/],
    ['train.hidden=1024', /train\.hidden\[0\] must be at most 4 layer widths from 1 to 512/],
    ['train.activation=gelu', /train\.activation must be one of relu, tanh \(got "gelu"\)/],
    ['train.init=he_normal', /train\.init must be one of glorot_uniform, torch_default/],
    ['train.backend=tpu', /train\.backend must be one of auto, fused, webgpu, webgl, wasm, cpu \(got "tpu"\)/],
    ['train.target=0', /train\.target must be a percentage above 0 and at most 100 \(95 is 95 %\) \(got "0"\)/],
    ['train.target=101', /train\.target must be a percentage above 0 and at most 100/],
    ['train.target=0.95x', /train\.target must be a number/],
  ])('%s: one warning, that setting at its default, the rest of the link kept', (bad, pattern) => {
    // Other training settings, except one of the key under test (the first of a repeated key counts).
    const others = ['train.activation=tanh', 'train.target=80', 'train.seeds=4'].filter((kv) => !bad.includes(kv.split('=')[0] as string));
    const decoded = decodePermalink(`v=1&epochs=20&log=1&${others.join('&')}&${bad}&A=torch.ExponentialLR`);
    expect(decoded.warnings, bad).toHaveLength(1);
    expectWarning(decoded.warnings, pattern);
    expect(decoded.data.horizon.epochs).toBe(20);
    expect(decoded.data.view.logScale).toBe(true);
    expect(decoded.data.panels[0]?.name).toBe('ExponentialLR');
    const { training } = decoded.data;
    const given = (key: string) => others.some((kv) => kv.startsWith(`${key}=`));
    expect(training.activation).toBe(given('train.activation') ? 'tanh' : DEFAULT_TRAINING.activation);
    expect(training.targetAccuracy).toBe(given('train.target') ? 0.8 : DEFAULT_TRAINING.targetAccuracy);
    expect(training.seeds).toBe(given('train.seeds') ? 4 : DEFAULT_TRAINING.seeds);
    expect(usable(training)).toEqual({});
    expect(decodePermalink(encodePermalink(decoded.data)).warnings).toEqual([]);
  });

  it('a bad value of every key, all at once: one warning each, every setting at its default', () => {
    const decoded = decodePermalink(
      'v=1&train.dataset=x&train.samples=0&train.noise=1&train.hidden=0&train.activation=x&train.batch=0&train.seeds=0&train.init=x&train.backend=x&train.target=0',
    );
    expect(decoded.warnings).toHaveLength(10);
    expect(decoded.data.training).toEqual(DEFAULT_TRAINING);
  });

  it('the samples and noise ranges are the dataset’s own: a value that fits one set is refused for another', () => {
    expect(decodePermalink('v=1&train.dataset=spiral&train.samples=5000').data.training.samples).toBe(5000);
    expect(decodePermalink('v=1&train.dataset=fashion-mnist&train.samples=100').warnings).toHaveLength(1);
    // A refused dataset leaves the digits, and the samples are then read against the digits' range.
    const decoded = decodePermalink('v=1&train.dataset=mnist&train.samples=1000');
    expect(decoded.data.training).toEqual({ ...DEFAULT_TRAINING, samples: 1000 });
    expect(decoded.warnings).toHaveLength(1);
  });

  it('unknown train.* keys are reported like any unknown key', () => {
    const decoded = decodePermalink('v=1&train.epochs=5&train.lr=0.1');
    expectWarning(decoded.warnings, /Ignored 2 unknown settings: "train\.epochs", "train\.lr"/);
    expect(decoded.data.training).toEqual(DEFAULT_TRAINING);
  });

  it('hide=train is an accepted hide entry (the Train button is there unless hidden)', () => {
    const decoded = decodePermalink('?embed=1&hide=train');
    expect(decoded.warnings).toEqual([]);
    expect(decoded.embed).toEqual({ embed: true, hide: ['train'], lock: [] });
    expect(encodeEmbedOptions(decoded.embed)).toBe('embed=1&hide=train');
  });

  it('a state kept for the tab keeps its training settings', () => {
    const storage = new MemoryStorage();
    const data = withTraining({ dataset: 'xor', noise: 0.25, seeds: 7, hidden: [8, 8] });
    expect(keepStateForTab(storage, data)).toEqual({ ok: true });
    const restored = restoreStateForTab(storage);
    expect(restored.link?.warnings).toEqual([]);
    expect(restored.link?.data).toEqual(data);
  });
});

describe('landscape settings (tab, landscape.*)', () => {
  function withLandscape(patch: Partial<PlaygroundData['landscape']>, tab: 'schedule' | 'landscape' = 'landscape'): PlaygroundData {
    const data = defaultData();
    data.view.tab = tab;
    data.landscape = { ...DEFAULT_LANDSCAPE, ...patch };
    return data;
  }

  it('the issue’s link restores the surface and the start exactly', () => {
    const decoded = decodePermalink('v=1&tab=landscape&landscape.surface=rosenbrock&landscape.start=-1.5,2');
    expect(decoded.warnings).toEqual([]);
    expect(decoded.data.view.tab).toBe('landscape');
    expect(decoded.data.landscape).toEqual({ ...DEFAULT_LANDSCAPE, surface: 'rosenbrock', start: [-1.5, 2] });
  });

  it('every landscape setting round-trips, and the defaults write nothing', () => {
    expect(encodePermalink(defaultData())).not.toMatch(/landscape|tab=/);
    const data = withLandscape({ surface: 'six-hump-camel', start: [0.1, -0.7], lrScale: 0.025, gradientNoise: 1.5, seed: 42 });
    expectExactRoundTrip(data);
    expect(encodePermalink(data)).toContain(
      'tab=landscape&landscape.surface=six-hump-camel&landscape.start=0.1,-0.7&landscape.lrScale=0.025&landscape.noise=1.5&landscape.seed=42',
    );
    // The surface alone (its own start and LR scale) and the schedule tab with a landscape set up.
    expectExactRoundTrip(withLandscape({ surface: 'saddle' }, 'schedule'));
    expectExactRoundTrip(withLandscape({ start: [-1.9999999999999998, 2.9999999999999996] }));
  });

  it('a garbled value is refused with its key named, and the rest of the link is kept', () => {
    const cases: [string, RegExp][] = [
      ['landscape.surface=everest', /landscape\.surface must be one of rosenbrock, beale/],
      ['landscape.start=1', /landscape\.start must be two numbers x,y inside the Rosenbrock map/],
      ['landscape.start=1,2,3', /landscape\.start must be two numbers/],
      ['landscape.start=9,0', /x from -2 to 2, y from -1 to 3/],
      ['landscape.start=NaN,1', /landscape\.start must be two numbers/],
      ['landscape.start=%3Cscript%3E,1', /landscape\.start must be two numbers/],
      ['landscape.lrScale=0', /landscape\.lrScale must be a number above 0/],
      ['landscape.lrScale=-1', /landscape\.lrScale must be a number above 0/],
      ['landscape.noise=-0.5', /landscape\.noise must be a number from 0 to 1000/],
      ['landscape.noise=1e9', /landscape\.noise must be a number from 0 to 1000/],
      ['landscape.seed=1.5', /landscape\.seed must be a whole number from 0 to 9,999,999/],
      ['tab=contours', /tab must be one of schedule, landscape/],
    ];
    for (const [query, message] of cases) {
      const decoded = decodePermalink(`v=1&epochs=7&${query}`);
      expectWarning(decoded.warnings, message);
      expect(decoded.warnings, query).toHaveLength(1);
      expect(decoded.data.horizon.epochs).toBe(7);
      expect(decoded.data.landscape, query).toEqual(DEFAULT_LANDSCAPE);
      expect(decoded.data.view.tab).toBe('schedule');
    }
  });

  it('the start is read against the surface given in the link, whatever the key order', () => {
    // Beale's map is [-4.5, 4.5]²: (4, -4) is outside Rosenbrock's and inside Beale's.
    const decoded = decodePermalink('v=1&landscape.start=4,-4&landscape.surface=beale');
    expect(decoded.warnings).toEqual([]);
    expect(decoded.data.landscape).toEqual({ ...DEFAULT_LANDSCAPE, surface: 'beale', start: [4, -4] });
  });
});
