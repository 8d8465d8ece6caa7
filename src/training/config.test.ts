import { describe, expect, it } from 'vitest';
import defaults from './__fixtures__/optimizer-defaults.json';
import { OPTIMIZER_DEFAULTS, updateRuleOf, validateConfig } from './config';
import { MAX_EPOCHS, MAX_HIDDEN_LAYERS, MAX_LR, type TrainingConfig } from './types';

/** A minimal valid config from the UI's point of view: everything with a default left out. */
function base(): Record<string, unknown> {
  return {
    dataset: { name: 'moons' },
    optimizer: { kind: 'SGD', lr: 0.1 },
    schedule: { framework: 'torch', name: 'StepLR', args: { step_size: 30 } },
    epochs: 20,
    batchSize: 32,
    seed: 1,
  };
}

function withField(path: string, value: unknown): Record<string, unknown> {
  const config = structuredClone(base());
  const keys = path.split('.');
  let at: Record<string, unknown> = config;
  for (const key of keys.slice(0, -1)) {
    at[key] ??= {};
    at = at[key] as Record<string, unknown>;
  }
  at[keys[keys.length - 1] as string] = value;
  return config;
}

function valid(raw: unknown): TrainingConfig {
  const r = validateConfig(raw);
  if (!r.ok) throw new Error(`expected a valid config, got ${r.error.path}: ${r.error.message}`);
  return r.value;
}

function refused(raw: unknown): { path?: string; message: string } {
  const r = validateConfig(raw);
  if (r.ok) throw new Error('expected ok: false');
  return r.error;
}

describe('validateConfig: the issue examples', () => {
  it('batch size 0 names the allowed range', () => {
    const e = refused(withField('batchSize', 0));
    expect(e.path).toBe('batchSize');
    expect(e.message).toMatch(/integer from 1 to 4096/);
  });
  it('10,000 epochs names the maximum', () => {
    const e = refused(withField('epochs', 10_000));
    expect(e.path).toBe('epochs');
    expect(e.message).toContain(`from 1 to ${MAX_EPOCHS}`);
  });
  it('an LR of 1e9 names the LR range', () => {
    const e = refused(withField('optimizer.lr', 1e9));
    expect(e.path).toBe('optimizer.lr');
    expect(e.message).toContain(`(0, ${MAX_LR}]`);
  });
  it('an unknown dataset lists the datasets and guesses', () => {
    const e = refused(withField('dataset.name', 'moon'));
    expect(e.path).toBe('dataset.name');
    expect(e.message).toContain("'digits', 'fashion-mnist', 'spiral', 'moons', 'circles', 'xor', 'blobs'");
    expect(e.message).toContain("Did you mean 'moons'?");
  });
  it('more hidden layers than supported names the maximum', () => {
    const e = refused(withField('model', { hidden: [8, 8, 8, 8, 8] }));
    expect(e.path).toBe('model.hidden');
    expect(e.message).toContain(`at most ${MAX_HIDDEN_LAYERS}`);
  });
});

describe('validateConfig: fields', () => {
  it.each([
    ['epochs', 1.5, 'epochs'],
    ['batchSize', '32', 'batchSize'],
    ['seed', -1, 'seed'],
    ['seed', 2 ** 32, 'seed'],
    ['optimizer.lr', 0, 'optimizer.lr'],
    ['optimizer.lr', Number.NaN, 'optimizer.lr'],
    ['optimizer.momentum', 1, 'optimizer.momentum'],
    ['optimizer.kind', 'adam', 'optimizer.kind'],
    ['dataset.samples', 5, 'dataset.samples'],
    ['dataset.noise', 2, 'dataset.noise'],
    ['dataset.validationFraction', 0, 'dataset.validationFraction'],
    ['dataset.validationFraction', 0.6, 'dataset.validationFraction'],
    ['model.hidden', [64, 0], 'model.hidden[1]'],
    ['model.hidden', [1024], 'model.hidden[0]'],
    ['model.activation', 'gelu', 'model.activation'],
    ['model.kind', 'cnn', 'model.kind'],
    ['init', 'he_normal', 'init'],
  ])('%s = %j is refused at %s', (field, value, path) => {
    const e = refused(withField(field, value));
    expect(e.path).toBe(path);
    expect(e.message).toMatch(/must be|at most/);
  });

  it('Adam betas out of [0, 1) are refused with the index', () => {
    const e = refused(withField('optimizer', { kind: 'Adam', lr: 1e-3, betas: [0.9, 1] }));
    expect(e.path).toBe('optimizer.betas[1]');
    expect(e.message).toContain('[0, 1)');
  });
  it('eps must be positive', () => {
    expect(refused(withField('optimizer', { kind: 'Adam', lr: 1e-3, eps: 0 })).path).toBe('optimizer.eps');
  });
  it('options of another optimizer are refused', () => {
    expect(refused(withField('optimizer', { kind: 'SGD', lr: 0.1, betas: [0.9, 0.99] })).path).toBe('optimizer.betas');
    expect(refused(withField('optimizer', { kind: 'Adam', lr: 0.1, momentum: 0.9 })).message).toContain('betas[0]');
  });
  it("torch's Nesterov needs momentum; Keras's does not", () => {
    const e = refused(withField('optimizer', { kind: 'SGD', lr: 0.1, nesterov: true }));
    expect(e.path).toBe('optimizer.nesterov');
    expect(e.message).toContain('Nesterov momentum requires a momentum');
    const keras = withField('optimizer', { kind: 'SGD', lr: 0.1, nesterov: true });
    keras.schedule = {
      framework: 'keras',
      name: 'ExponentialDecay',
      args: { initial_learning_rate: 0.1, decay_steps: 10, decay_rate: 0.9 },
    };
    expect(valid(keras).optimizer.nesterov).toBe(true);
  });
  it('image datasets take no noise', () => {
    const e = refused(withField('dataset', { name: 'digits', noise: 0.1 }));
    expect(e.path).toBe('dataset.noise');
    expect(e.message).toContain("'spiral'");
  });
  it('samples are checked against the dataset', () => {
    expect(refused(withField('dataset', { name: 'digits', samples: 5000 })).message).toContain('from 100 to 1797 for digits');
  });
  it('missing required fields say what to give', () => {
    const config = base();
    delete config.epochs;
    expect(refused(config)).toEqual({ path: 'epochs', message: `epochs is required: an integer from 1 to ${MAX_EPOCHS}` });
    const noLr = withField('optimizer', { kind: 'SGD' });
    expect(refused(noLr).path).toBe('optimizer.lr');
  });
});

describe('validateConfig: unknown keys', () => {
  it.each([
    ['top level', { ...base(), epoch: 3 }, 'epoch', "Did you mean 'epochs'?"],
    ['dataset', withField('dataset.sample', 10), 'dataset.sample', "Did you mean 'samples'?"],
    ['model', withField('model', { hiden: [8] }), 'model.hiden', "Did you mean 'hidden'?"],
    ['optimizer', withField('optimizer.learning_rate', 0.1), 'optimizer.learning_rate', "Use 'lr'."],
    ['optimizer', withField('optimizer.epsilon', 1e-7), 'optimizer.epsilon', "Use 'eps'."],
    ['schedule', withField('schedule.step_every', 'batch'), 'schedule.step_every', "Did you mean 'stepEvery'?"],
  ])('%s: %#', (_where, raw, path, hint) => {
    const e = refused(raw);
    expect(e.path).toBe(path);
    expect(e.message).toContain('allowed:');
    expect(e.message).toContain(hint);
  });
});

describe('validateConfig: the schedule', () => {
  it("reports the engine's error under schedule.", () => {
    const e = refused(withField('schedule.args', { step_size: 'x' }));
    expect(e.path).toBe('schedule.args.step_size');
    const name = refused(withField('schedule.name', 'StepLRR'));
    expect(name.path).toBe('schedule.name');
    expect(name.message).toContain('StepLR');
    expect(refused(withField('schedule.framework', 'jax')).path).toBe('schedule.framework');
  });
  it("takes kind and lr from the schedule's optimizer, and refuses a disagreement", () => {
    const config = base();
    config.optimizer = {};
    config.schedule = { framework: 'torch', name: 'StepLR', args: { step_size: 5 }, optimizer: { kind: 'Adam', lr: 0.003 } };
    const v = valid(config);
    expect(v.optimizer.kind).toBe('Adam');
    expect(v.optimizer.lr).toBe(0.003);
    const clash = withField('schedule.optimizer', { lr: 0.5 });
    const e = refused(clash);
    expect(e.path).toBe('schedule.optimizer.lr');
    expect(e.message).toContain('same optimizer');
  });
  it('hands the schedule the training optimizer', () => {
    const v = valid(withField('optimizer', { kind: 'SGD', lr: 0.2, momentum: 0.9 }));
    expect(v.schedule.optimizer).toEqual({ kind: 'SGD', lr: 0.2, momentum: 0.9 });
  });
});

describe('validateConfig: defaults', () => {
  it('fills the model, validation split, dataset and optimizer defaults (torch)', () => {
    const v = valid(base());
    expect(v.model).toEqual({ kind: 'mlp', hidden: [128, 64], activation: 'relu' });
    expect(v.dataset).toEqual({ name: 'moons', samples: 1000, noise: 0.1, validationFraction: 0.2 });
    expect(v.init).toBe('torch_default');
    expect(v.optimizer).toEqual({ kind: 'SGD', lr: 0.1, momentum: 0, nesterov: false, weight_decay: 0 });
    expect(updateRuleOf(v)).toBe('torch');
  });
  it('torch Adam, AdamW and RMSprop', () => {
    expect(valid(withField('optimizer', { kind: 'Adam', lr: 1e-3 })).optimizer).toEqual({
      kind: 'Adam',
      lr: 1e-3,
      betas: [0.9, 0.999],
      eps: 1e-8,
      weight_decay: 0,
    });
    expect(valid(withField('optimizer', { kind: 'AdamW', lr: 1e-3 })).optimizer.weight_decay).toBe(0.01);
    expect(valid(withField('optimizer', { kind: 'RMSprop', lr: 1e-3 })).optimizer).toEqual({
      kind: 'RMSprop',
      lr: 1e-3,
      momentum: 0,
      eps: 1e-8,
      weight_decay: 0,
    });
  });
  it('Keras follows Keras: epsilon 1e-7, AdamW decay 0.004, glorot_uniform', () => {
    const config = withField('optimizer', { kind: 'AdamW', lr: 1e-3 });
    config.schedule = {
      framework: 'keras',
      name: 'ExponentialDecay',
      args: { initial_learning_rate: 1e-3, decay_steps: 10, decay_rate: 0.9 },
    };
    const v = valid(config);
    expect(updateRuleOf(v)).toBe('keras');
    expect(v.init).toBe('glorot_uniform');
    expect(v.optimizer).toEqual({ kind: 'AdamW', lr: 1e-3, betas: [0.9, 0.999], eps: 1e-7, weight_decay: 0.004 });
    config.optimizer = { kind: 'RMSprop', lr: 1e-3 };
    expect(valid(config).optimizer.eps).toBe(1e-7);
  });
  it('transformers and playground follow torch', () => {
    expect(updateRuleOf({ schedule: { framework: 'transformers' } })).toBe('torch');
    expect(updateRuleOf({ schedule: { framework: 'playground' } })).toBe('torch');
  });
  it('an image dataset gets no noise field', () => {
    expect(valid(withField('dataset', { name: 'digits' })).dataset).toEqual({ name: 'digits', samples: 1797, validationFraction: 0.2 });
  });
  it('the defaults table is what torch and Keras say (fixture from scripts/golden/training_defaults.py)', () => {
    expect(defaults.versions.torch).toMatch(/^2\./);
    expect(defaults.versions.keras).toMatch(/^3\./);
    expect(JSON.parse(JSON.stringify(OPTIMIZER_DEFAULTS))).toEqual({ torch: defaults.torch, keras: defaults.keras });
  });
});

describe('validateConfig: hostile input never throws', () => {
  const throwing = new Proxy(
    {},
    {
      ownKeys() {
        throw new Error('boom');
      },
    },
  );
  const getter = { ...base() };
  Object.defineProperty(getter, 'epochs', {
    enumerable: true,
    get() {
      throw new Error('getter');
    },
  });
  const huge = new Array(1e7);
  it.each([
    ['undefined', undefined],
    ['null', null],
    ['a number', 42],
    ['a string', 'config'],
    ['an array', [base()]],
    ['__proto__ key', JSON.parse('{"__proto__": {"epochs": 5}, "dataset": {"name": "moons"}}')],
    ['constructor key', withField('constructor', 1)],
    ['own __proto__ key in dataset', { ...base(), dataset: JSON.parse('{"name": "moons", "__proto__": {"samples": 5}}') }],
    ['a Proxy that throws', throwing],
    ['a getter that throws', getter],
    ['a huge hidden array', withField('model', { hidden: huge })],
    ['a huge betas array', withField('optimizer', { kind: 'Adam', lr: 0.1, betas: huge })],
    ['a BigInt', withField('epochs', 10n)],
    ['a Symbol-valued field', withField('seed', Symbol('s'))],
    ['a function as schedule', withField('schedule', () => 0)],
    [
      'a cyclic schedule args',
      (() => {
        const c = base();
        const args: Record<string, unknown> = { step_size: 3 };
        args.self = args;
        (c.schedule as Record<string, unknown>).args = args;
        return c;
      })(),
    ],
  ])('%s', (_name, raw) => {
    let r: ReturnType<typeof validateConfig> | undefined;
    expect(() => {
      r = validateConfig(raw);
    }).not.toThrow();
    expect(r?.ok).toBe(false);
  });
  it('an inherited (polluted) field is not read', () => {
    const config = Object.create({ epochs: 5 }) as Record<string, unknown>;
    Object.assign(config, base());
    delete config.epochs;
    expect(refused(config).path).toBe('epochs');
  });
});
