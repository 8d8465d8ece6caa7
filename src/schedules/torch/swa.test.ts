/**
 * SWALR and the SWA recipe beyond the real-torch fixtures (golden.test.ts): what is refused and how, and the paste
 * reader on PyTorch's SWA documentation code. Also: the values torch refuses stay refused, with a clear message.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseScheduleCode } from '../code';
import { sample } from '../index';
import { expectClose, type GoldenCase } from '../testing/golden';
import { build, expectError, torch } from '../testing/calls';
import { fromFramework } from '../index';

const fixture = JSON.parse(readFileSync(new URL('../__fixtures__/torch.json', import.meta.url), 'utf8')) as { cases: GoldenCase[] };
const golden = (id: string): GoldenCase => {
  const c = fixture.cases.find((x) => x.id === id);
  if (!c) throw new Error(`no fixture ${id}`);
  return c;
};

const recipe = (schedulers: unknown[], swaStart = 5) => torch('SWARecipe', { schedulers, swa_start: swaStart });
const cosine = { name: 'CosineAnnealingLR', args: { T_max: 100 } };
const swalr = { name: 'SWALR', args: { swa_lr: 0.05 } };

describe('SWALR arguments torch refuses stay refused', () => {
  it('anneal_epochs below 0 or not an integer, an unknown anneal_strategy, a missing swa_lr', () => {
    expectError(
      fromFramework(torch('SWALR', { swa_lr: 1, anneal_epochs: -1 })),
      /anneal_epochs must be equal or greater than 0/,
      'args.anneal_epochs',
    );
    expectError(
      fromFramework(torch('SWALR', { swa_lr: 1, anneal_epochs: 1.7 })),
      /anneal_epochs must be an integer, got 1.7/,
      'args.anneal_epochs',
    );
    expectError(
      fromFramework(torch('SWALR', { swa_lr: 1, anneal_strategy: 'exponential' })),
      /anneal_strategy must be one of 'cos', 'linear'/,
    );
    expectError(fromFramework(torch('SWALR', {})), /missing 1 required positional argument: 'swa_lr'/, 'args.swa_lr');
  });
});

describe('SWARecipe', () => {
  it('takes exactly [scheduler, swa_scheduler]', () => {
    expectError(fromFramework(recipe([cosine])), /SWARecipe takes two schedulers, \[scheduler, swa_scheduler\], got 1/, 'args.schedulers');
    expectError(fromFramework(recipe([cosine, swalr, swalr])), /got 3/, 'args.schedulers');
  });
  it('refuses ReduceLROnPlateau (the loop calls step() without a metric)', () => {
    expectError(
      fromFramework(recipe([{ name: 'ReduceLROnPlateau', args: {} }, swalr])),
      /does not support `ReduceLROnPlateau`/,
      'args.schedulers[0].name',
    );
  });
  it('cannot be nested: it is a training loop, not a torch scheduler', () => {
    const inner = { name: 'SWARecipe', args: { schedulers: [cosine, swalr], swa_start: 3 } };
    expectError(
      fromFramework(torch('SequentialLR', { schedulers: [{ name: 'ConstantLR', args: {} }, inner], milestones: [4] })),
      /SequentialLR cannot hold SWARecipe: it is PyTorch's SWA training loop/,
      'args.schedulers[1].name',
    );
    expectError(
      fromFramework(torch('ChainedScheduler', { schedulers: [inner] })),
      /ChainedScheduler cannot hold SWARecipe/,
      'args.schedulers[0].name',
    );
    expectError(fromFramework(recipe([inner, swalr])), /SWARecipe cannot hold SWARecipe/, 'args.schedulers[0].name');
  });
  it('is per step when its scheduler is', () => {
    expect(build(recipe([{ name: 'OneCycleLR', args: { max_lr: 0.1, total_steps: 100 } }, swalr], 50)).tick).toBe('step');
    expect(build(recipe([cosine, swalr])).tick).toBe('epoch');
  });
});

describe('the paste reader on SWALR and the SWA recipe', () => {
  it('reads SWALR from torch.optim.swa_utils, under every import', () => {
    for (const code of [
      'from torch.optim.swa_utils import SWALR\nswa_scheduler = SWALR(optimizer, swa_lr=0.05)',
      'torch.optim.swa_utils.SWALR(optimizer, swa_lr=0.05)',
      'swa_utils.SWALR(optimizer, 0.05)',
      'from torch.optim import swa_utils\nswa_utils.SWALR(optimizer, swa_lr=0.05)',
    ]) {
      const parsed = parseScheduleCode(code);
      if (!parsed.ok) throw new Error(`${code}: ${parsed.error.message}`);
      expect(parsed.value.calls[0]).toMatchObject({ framework: 'torch', name: 'SWALR', args: { swa_lr: 0.05 } });
    }
  });
  it('says where SWALR lives, and refuses what torch refuses', () => {
    const wrong = parseScheduleCode('torch.optim.lr_scheduler.SWALR(optimizer, swa_lr=0.05)');
    expect(wrong.ok).toBe(false);
    if (!wrong.ok) expect(wrong.error.message).toMatch(/has no attribute 'SWALR' \(it is torch\.optim\.swa_utils\.SWALR\)/);
    const float = parseScheduleCode('from torch.optim.swa_utils import SWALR\nSWALR(optimizer, swa_lr=0.05, anneal_epochs=1.5)');
    expect(float.ok).toBe(false);
    if (!float.ok) expect(float.error.message).toMatch(/^ValueError: anneal_epochs must be equal or greater than 0, got 1.5/);
  });
  it("reads PyTorch's SWA documentation loop as one SWARecipe and reproduces real torch", () => {
    const code = [
      'import torch',
      'from torch.optim.swa_utils import AveragedModel, SWALR',
      'from torch.optim.lr_scheduler import CosineAnnealingLR',
      '',
      'model = torch.nn.Linear(10, 1)',
      'optimizer = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)',
      'swa_model = AveragedModel(model)',
      'scheduler = CosineAnnealingLR(optimizer, T_max=100)',
      'swa_start = 5',
      'swa_scheduler = SWALR(optimizer, swa_lr=0.05)',
      '',
      'for epoch in range(100):',
      '    for input, target in loader:',
      '        optimizer.zero_grad()',
      '        loss_fn(model(input), target).backward()',
      '        optimizer.step()',
      '    if epoch > swa_start:',
      '        swa_model.update_parameters(model)',
      '        swa_scheduler.step()',
      '    else:',
      '        scheduler.step()',
    ].join('\n');
    const parsed = parseScheduleCode(code);
    if (!parsed.ok) throw new Error(parsed.error.message);
    expect(parsed.value.schedules).toHaveLength(1);
    const schedule = parsed.value.schedules[0];
    if (!schedule) throw new Error('no schedule');
    expect(schedule.call).toMatchObject({ name: 'SWARecipe', args: { swa_start: 5 } });
    const reference = golden('SWARecipe/docs-cosine-swa_start5');
    const r = sample(schedule, reference.n);
    if (!r.ok) throw new Error(r.error.message);
    expectClose(r.value.lr, reference.lr ?? [], 'lr');
  });
  it("reads torch's own tests' `>=` form as swa_start one lower", () => {
    const code = [
      'scheduler = torch.optim.lr_scheduler.MultiplicativeLR(optimizer, lr_lambda=lambda epoch: 0.9)',
      'swa_scheduler = torch.optim.swa_utils.SWALR(optimizer, anneal_epochs=5, swa_lr=0.01)',
      'for epoch in range(15):',
      '    if epoch >= 5:',
      '        swa_scheduler.step()',
      '    else:',
      '        scheduler.step()',
    ].join('\n');
    const parsed = parseScheduleCode(`optimizer = torch.optim.SGD(params, lr=0.05)\n${code}`);
    if (!parsed.ok) throw new Error(parsed.error.message);
    const schedule = parsed.value.schedules[0];
    expect(schedule?.call.args.swa_start).toBe(4);
    const reference = golden('SWARecipe/torch-test-cos-anneal-after-multiplicative');
    const r = schedule ? sample(schedule, reference.n) : undefined;
    if (!r?.ok) throw new Error('no curve');
    expectClose(r.value.lr, reference.lr ?? [], 'lr');
  });
});

describe('values torch 2.13 refuses are refused, with its message', () => {
  it.each([
    ['ConstantLR', { factor: 1.5 }, /Constant multiplicative factor expected to be between 0 and 1/, 'args.factor'],
    ['LinearLR', { start_factor: 0 }, /Starting multiplicative factor expected to be greater than 0/, 'args.start_factor'],
    ['LinearLR', { end_factor: -0.1 }, /Ending multiplicative factor expected to be between 0 and 1/, 'args.end_factor'],
    ['CosineAnnealingWarmRestarts', { T_0: 0 }, /T_0/, 'args.T_0'],
    ['CosineAnnealingWarmRestarts', { T_0: 5, T_mult: 0 }, /T_mult/, 'args.T_mult'],
    ['OneCycleLR', { max_lr: 0.1, total_steps: 10, pct_start: 1.1 }, /Expected float between 0 and 1 pct_start/, 'args.pct_start'],
    ['OneCycleLR', { max_lr: 0.1, total_steps: 0 }, /Expected positive integer total_steps/, 'args.total_steps'],
    ['ReduceLROnPlateau', { factor: 1.0 }, /Factor should be < 1\.0/, 'args.factor'],
  ] as const)('%s %j', (name, args, message, path) => {
    expectError(fromFramework(torch(name, args)), message, path);
  });
  it('refuses the optimizer values torch.optim refuses', () => {
    expectError(fromFramework(torch('StepLR', { step_size: 2 }, { lr: -0.1 })), /Invalid learning rate: -0.1/, 'optimizer.lr');
    expectError(fromFramework(torch('StepLR', { step_size: 2 }, { momentum: -0.5 })), /Invalid momentum value/, 'optimizer.momentum');
    expectError(
      fromFramework(torch('StepLR', { step_size: 2 }, { kind: 'Adam', betas: [1.0, 0.999] })),
      /Invalid beta parameter at index 0/,
    );
  });
});

describe('stricter than torch, with a reason', () => {
  it('integer arguments refuse fractions (torch would run them; links, sliders and exports treat them as integers)', () => {
    for (const [name, args, arg] of [
      ['StepLR', { step_size: 2.5 }, 'step_size'],
      ['CosineAnnealingLR', { T_max: 10.5 }, 'T_max'],
      ['LinearLR', { total_iters: 4.5 }, 'total_iters'],
      ['CyclicLR', { base_lr: 0.01, max_lr: 0.1, step_size_up: 3.5 }, 'step_size_up'],
      ['MultiStepLR', { milestones: [2.5] }, 'milestones'],
    ] as const) {
      expectError(fromFramework(torch(name, args)), new RegExp(`${arg}(\\[0\\])? must be an integer`));
    }
  });
  it('an LR that overflows to infinity is reported at its tick (torch would carry inf on)', () => {
    const r = sample(build(torch('ExponentialLR', { gamma: 1e100 }, { lr: 1 })), 10);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatchObject({ tick: 4 });
  });
});
