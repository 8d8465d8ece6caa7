/** Each family's positional order (FamilySpec.positional) against its params, and the paste reader's tables built from them. */
import { describe, expect, it } from 'vitest';
import { KERAS_CALLBACKS, KERAS_POSITIONAL, KERAS_SCHEDULES, TORCH_SCHEDULER_POSITIONAL, TRANSFORMERS_POSITIONAL } from './code/catalog';
import { OPTIMIZER } from './family';
import { defaultArgs, families, findFamily, fromFramework } from './registry';
import type { Framework } from './types';

/**
 * Arguments a framework's signature has beyond a family's params, which validateArgs accepts and checks itself:
 * torch's `last_epoch` (-1 only) and `verbose`, a Keras schedule's `name` and a Keras callback's `verbose`, and
 * the `last_epoch` of transformers' functions (which take neither `verbose` nor `name`).
 */
const EXTRAS: Record<Framework, Readonly<Record<string, unknown>>> = {
  torch: { last_epoch: -1, verbose: false },
  keras: { name: 'schedule', verbose: 0 },
  transformers: { last_epoch: -1 },
  playground: {},
};

/** Families with no framework callable: the playground's own, and torch's SWA training loop. */
const NOT_CALLABLE = ['playground:Warmup', 'playground:InverseSqrt', 'torch:SWARecipe'];

describe('FamilySpec.positional', () => {
  it('is null exactly for the families no framework code can call', () => {
    const nulls = families.filter((f) => f.positional === null).map((f) => `${f.framework}:${f.name}`);
    expect(nulls.sort()).toEqual([...NOT_CALLABLE].sort());
  });

  for (const family of families) {
    const positional = family.positional;
    if (positional === null) continue;
    const label = `${family.framework} ${family.name}`;

    it(`${label}: names every param once, plus only the framework's accepted extras`, () => {
      const params = family.params.map((p) => p.name);
      const extras = Object.keys(EXTRAS[family.framework]);
      expect(new Set(positional).size, 'no name twice').toBe(positional.length);
      for (const name of positional) {
        if (name === OPTIMIZER) continue;
        expect(params.includes(name) || extras.includes(name), `${name} is a param or an accepted extra`).toBe(true);
      }
      for (const name of params) expect(positional, `${name} has a place`).toContain(name);
      const optimizers = positional.filter((p) => p === OPTIMIZER).length;
      expect(optimizers, 'the optimizer marker only where the framework takes an optimizer').toBe(family.framework === 'keras' ? 0 : 1);
    });

    it(`${label}: accepts every extra its positional list names`, () => {
      const extras = EXTRAS[family.framework];
      const args = defaultArgs(family);
      for (const name of positional) if (Object.hasOwn(extras, name)) args[name] = extras[name];
      const made = fromFramework({ framework: family.framework, name: family.name, args });
      expect(made.ok ? 'ok' : made.error.message).toBe('ok');
    });
  }
});

describe("the paste reader's tables (code/catalog.ts) come from the families", () => {
  const callable = (framework: Framework) => families.filter((f) => f.framework === framework && f.positional !== null);

  it('lists each callable family under its name, in the registry order', () => {
    for (const [framework, table] of [
      ['torch', TORCH_SCHEDULER_POSITIONAL],
      ['keras', KERAS_POSITIONAL],
    ] as const) {
      expect(Object.keys(table)).toEqual(callable(framework).map((f) => f.name));
      for (const f of callable(framework)) expect(table[f.name]).toBe(f.positional);
    }
    // get_scheduler is transformers' entry point onto the families, not a family itself.
    expect(Object.keys(TRANSFORMERS_POSITIONAL)).toEqual([...callable('transformers').map((f) => f.name), 'get_scheduler']);
    expect(TRANSFORMERS_POSITIONAL.get_scheduler).toEqual([
      'name',
      OPTIMIZER,
      'num_warmup_steps',
      'num_training_steps',
      'scheduler_specific_kwargs',
    ]);
  });

  it('splits the Keras families into schedules (per step) and callbacks (per epoch)', () => {
    const keras = families.filter((f) => f.framework === 'keras');
    expect([...KERAS_SCHEDULES]).toEqual(keras.filter((f) => f.tick === 'step').map((f) => f.name));
    expect([...KERAS_CALLBACKS]).toEqual(keras.filter((f) => f.tick === 'epoch').map((f) => f.name));
  });
});

describe('what the families say about themselves', () => {
  it("OneCycleLR does not claim to follow the horizon: its cycle is total_steps long, whatever the run's length", () => {
    const spec = findFamily('torch', 'OneCycleLR');
    expect(spec?.description).not.toMatch(/whole run/);
    expect(spec?.description).toMatch(/does not follow the horizon/);
    expect(spec?.params.find((p) => p.name === 'total_steps')?.help).toMatch(/does not change with the horizon/);
  });
});
