import { describe, expect, it, vi } from 'vitest';
import type { TrainingClient } from '../../training/client';
import { LR_RANGE_DEFAULTS, type LrRangeTest } from '../../training/lr-range';
import { PROTOCOL_VERSION, type WorkerEvent } from '../../training/protocol';
import {
  applyLrEvents,
  createLrClientSource,
  defaultLrOptionsText,
  endText,
  formatLogTick,
  formatSuggestion,
  logTicks,
  lossDomain,
  lrRows,
  nextLrRunId,
  readLrOptions,
  startLrRun,
  suggestionMeaning,
} from './lrFinderRun';

const v = PROTOCOL_VERSION;
const step = (runId: string, i: number, lr: number, loss: number): WorkerEvent => ({ v, type: 'lr-find-step', runId, i, lr, loss });

const result = (patch: Partial<LrRangeTest> = {}): LrRangeTest => ({
  lrs: [1e-3, 1e-2, 1e-1],
  losses: [2.3, 2.0, Number.NaN],
  rawLosses: [2.3, 1.9, Number.NaN],
  suggestions: { valley: 1e-2, steep: 1e-3, minimum: 1e-3, slide: null },
  markers: { valley: { lr: 1e-2, loss: 2 }, steep: { lr: 1e-3, loss: 2.3 }, minimum: { lr: 1e-2, loss: 2 }, slide: null },
  options: { ...LR_RANGE_DEFAULTS },
  end: 'completed',
  backend: 'wasm',
  initialWeightsHash: 'h',
  ...patch,
});

describe('applyLrEvents', () => {
  const run = startLrRun('lr:A:1', 'key', LR_RANGE_DEFAULTS);

  it('appends its own steps (progress = the last step + 1) and ignores other runs and training events', () => {
    const next = applyLrEvents(run, [
      step('lr:A:1', 0, 1e-7, 2.3),
      step('lr:B:2', 50, 1e-3, 9),
      { v, type: 'epoch', runId: 'lr:A:1x', metrics: {} } as unknown as WorkerEvent,
      step('lr:A:1', 4, 2e-7, 2.29),
    ]);
    expect(next.live).toEqual([
      { lr: 1e-7, loss: 2.3 },
      { lr: 2e-7, loss: 2.29 },
    ]);
    expect(next.done).toBe(5);
    expect(next.status).toBe('running');
    expect(run.live).toEqual([]);
    expect(applyLrEvents(next, [step('lr:B:2', 9, 1, 1)])).toBe(next);
  });

  it('ends with the result, or a failure (its own, or the worker’s), and then takes nothing more', () => {
    const done = applyLrEvents(run, [{ v, type: 'lr-find-done', runId: 'lr:A:1', result: result() }, step('lr:A:1', 9, 1, 1)]);
    expect(done).toMatchObject({ status: 'done', done: 3 });
    expect(done.result?.suggestions.valley).toBe(1e-2);
    expect(done.live).toEqual([]);
    expect(applyLrEvents(run, [{ v, type: 'failed', runId: 'lr:A:1', message: 'no WASM' }])).toMatchObject({
      status: 'failed',
      failure: 'no WASM',
    });
    expect(applyLrEvents(run, [{ v, type: 'failed', message: 'malformed' }])).toMatchObject({ status: 'failed', failure: 'malformed' });
    expect(applyLrEvents(run, [{ v, type: 'failed', runId: 's1-A-0', message: 'other' }])).toBe(run);
    expect(applyLrEvents(done, [{ v, type: 'failed', message: 'late' }])).toBe(done);
  });
});

describe('readLrOptions', () => {
  it('reads the defaults (fastai lr_find: 1e-7 to 10, 100 steps)', () => {
    expect(defaultLrOptionsText()).toEqual({ convention: 'fastai', startLr: '1e-7', endLr: '10', numIter: '100' });
    expect(readLrOptions(defaultLrOptionsText())).toEqual({ ok: true, value: LR_RANGE_DEFAULTS });
    expect(readLrOptions({ ...defaultLrOptionsText(), convention: 'torch-lr-finder', numIter: '1_000' })).toMatchObject({
      ok: true,
      value: { convention: 'torch-lr-finder', numIter: 1000 },
    });
  });

  it('says what is wrong, next to which field, and never throws', () => {
    const bad = (patch: Partial<ReturnType<typeof defaultLrOptionsText>>) => readLrOptions({ ...defaultLrOptionsText(), ...patch });
    expect(bad({ endLr: '1000' })).toEqual({
      ok: false,
      field: 'endLr',
      message: 'endLr must be above startLr (1e-7) and at most 100, got 1000',
    });
    expect(bad({ endLr: 'abc' })).toMatchObject({ ok: false, field: 'endLr' });
    expect(bad({ endLr: '' })).toMatchObject({ ok: false, field: 'endLr', message: 'Enter a value for End LR.' });
    expect(bad({ startLr: '1,5' })).toMatchObject({ ok: false, field: 'startLr' });
    expect(bad({ startLr: '0' })).toMatchObject({ ok: false, field: 'startLr', message: expect.stringMatching(/above 0/) });
    expect(bad({ startLr: '20' })).toMatchObject({ ok: false, field: 'endLr' });
    expect(bad({ numIter: '5' })).toMatchObject({ ok: false, field: 'numIter', message: expect.stringMatching(/from 6 to 1000/) });
    expect(bad({ numIter: '10.5' })).toMatchObject({ ok: false, field: 'numIter' });
    expect(bad({ convention: 'keras' as never })).toMatchObject({ ok: false, field: 'convention' });
  });
});

describe('text', () => {
  it('formats suggestions with 3 significant digits', () => {
    expect(formatSuggestion(0.0030199517204020187)).toBe('3.02e-3');
    expect(formatSuggestion(0.1)).toBe('1.00e-1');
    expect(formatSuggestion(12.5)).toBe('1.25e1');
  });

  it('says how the test ended', () => {
    expect(endText(result())).toBe('completed 3 steps');
    expect(endText(result({ end: 'diverged' }))).toBe('stopped early: the loss passed 4× its best at lr 1.00e-1 (step 3 of 100)');
    expect(endText(result({ end: 'diverged', options: { ...LR_RANGE_DEFAULTS, convention: 'torch-lr-finder' } }))).toMatch(/passed 5×/);
    expect(endText(result({ end: 'non-finite' }))).toBe('the loss became NaN at lr 1.00e-1 (step 3)');
    expect(endText(result({ end: 'stopped' }))).toBe('stopped after 3 of 100 steps');
  });

  it('explains each suggestion', () => {
    expect(suggestionMeaning('valley', 'fastai')).toMatch(/fastai's default.*longest descent/);
    expect(suggestionMeaning('steep', 'torch-lr-finder')).toMatch(/torch-lr-finder's own/);
    expect(suggestionMeaning('minimum', 'fastai')).toMatch(/a tenth of the LR at the lowest loss/);
    expect(suggestionMeaning('slide', 'fastai')).toMatch(/slide/);
  });
});

describe('the chart', () => {
  it('puts a tick at each power of ten, readable', () => {
    expect(logTicks(1e-7, 10)).toEqual([1e-7, 1e-6, 1e-5, 1e-4, 1e-3, 0.01, 0.1, 1, 10]);
    expect(logTicks(3e-5, 0.5)).toEqual([1e-5, 1e-4, 1e-3, 0.01, 0.1, 1]);
    expect(logTicks(1e-10, 100)).toEqual([1e-10, 1e-8, 1e-6, 1e-4, 0.01, 1, 100]);
    expect(logTicks(0, 1)).toEqual([]);
    expect([1e-7, 1e-3, 0.01, 0.1, 1, 10, 100, 1000].map(formatLogTick)).toEqual(['1e-7', '1e-3', '0.01', '0.1', '1', '10', '100', '1e3']);
    expect(formatLogTick(0.003)).toBe('3.00e-3');
  });

  it('draws the result (smoothed and raw; no NaN) or the live points, on the smoothed loss range', () => {
    const rows = lrRows({ result: result(), live: [] });
    expect(rows).toEqual([
      { lr: 1e-3, loss: 2.3, raw: 2.3 },
      { lr: 1e-2, loss: 2, raw: 1.9 },
      { lr: 1e-1, loss: null, raw: null },
    ]);
    expect(lrRows({ live: [{ lr: 1e-7, loss: 2.3 }] })).toEqual([{ lr: 1e-7, loss: 2.3 }]);
    const [lo, hi] = lossDomain(rows);
    expect(lo).toBeCloseTo(1.985, 10);
    expect(hi).toBeCloseTo(2.315, 10);
    expect(lossDomain([])).toEqual([0, 1]);
  });
});

describe('the LR client', () => {
  it('is created on first use only, once, and disposed with the view', () => {
    const dispose = vi.fn();
    const create = vi.fn(() => ({ dispose }) as unknown as TrainingClient);
    const source = createLrClientSource(create);
    expect(create).not.toHaveBeenCalled();
    expect(source.peek()).toBeNull();
    expect(create).not.toHaveBeenCalled();
    expect(source.get()).toBe(source.get());
    expect(source.peek()).toBe(source.get());
    expect(create).toHaveBeenCalledTimes(1);
    source.dispose();
    expect(dispose).toHaveBeenCalledTimes(1);
    expect(source.peek()).toBeNull();
    source.dispose();
    expect(dispose).toHaveBeenCalledTimes(1);
  });

  it('gives unique run ids', () => {
    const a = nextLrRunId('A');
    const b = nextLrRunId('A');
    expect(a).toMatch(/^lr:A:\d+$/);
    expect(b).not.toBe(a);
  });
});
