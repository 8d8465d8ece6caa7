import { describe, expect, it } from 'vitest';
import { MAX_PATH_STEPS, optimizePath, surfaceOf } from '../landscape';
import { fromFramework, sample } from '../schedules';
import { LANDSCAPE_FILE_FORMAT, landscapeExport, landscapeSteps, lrScaleOf, panelPath, pathOptionsOf } from './landscape';
import { createPlaygroundStore, DEFAULT_LANDSCAPE, defaultPanel, type Panel, panelCall, tickCount } from './store';

const horizon = { epochs: 5, stepsPerEpoch: 20 };
const adamPanel = (): Panel => ({ ...defaultPanel(), optimizer: { kind: 'Adam', lr: 0.01, momentum: 0.9 } });

describe('the Landscape view’s paths', () => {
  it('take the horizon’s optimizer steps, at most MAX_PATH_STEPS', () => {
    expect(landscapeSteps(horizon)).toEqual({ steps: 100, total: 100 });
    expect(landscapeSteps({ epochs: 500, stepsPerEpoch: 100 })).toEqual({ steps: MAX_PATH_STEPS, total: 50_000 });
  });

  it('run the panel’s schedule and optimizer with the training loop’s timing; SGD alone takes the LR scale', () => {
    const options = pathOptionsOf(defaultPanel(), DEFAULT_LANDSCAPE, horizon);
    expect(options).toMatchObject({
      surface: 'rosenbrock',
      start: surfaceOf('rosenbrock').start,
      steps: 100,
      stepsPerEpoch: 20,
      lrScale: surfaceOf('rosenbrock').lrScale,
      optimizer: { framework: 'torch', kind: 'SGD', lr: 0.1, momentum: 0.9 },
      schedule: { framework: 'torch', name: 'StepLR' },
    });
    expect(pathOptionsOf(adamPanel(), DEFAULT_LANDSCAPE, horizon).optimizer).toEqual({
      framework: 'torch',
      kind: 'Adam',
      lr: 0.01,
      betas: [0.9, 0.999],
    });
    expect(lrScaleOf(adamPanel(), { ...DEFAULT_LANDSCAPE, lrScale: 0.5 })).toBe(1);
    expect(lrScaleOf(defaultPanel(), { ...DEFAULT_LANDSCAPE, lrScale: 0.5 })).toBe(0.5);
    const path = panelPath(defaultPanel(), DEFAULT_LANDSCAPE, horizon);
    if (!path.ok) throw new Error(path.error.message);
    // StepLR(step_size=10) per epoch: all 100 steps are in its first 10 epochs, at 0.1 × the scale.
    expect(new Set(path.value.lr)).toEqual(new Set([0.1 * surfaceOf('rosenbrock').lrScale]));
  });

  it('are cached per panel until the panel, the settings or the horizon change', () => {
    const panel = defaultPanel();
    const first = panelPath(panel, DEFAULT_LANDSCAPE, horizon);
    expect(panelPath(panel, DEFAULT_LANDSCAPE, horizon)).toBe(first);
    const moved = { ...DEFAULT_LANDSCAPE, start: [0, 0] as [number, number] };
    const second = panelPath(panel, moved, horizon);
    expect(second).not.toBe(first);
    expect(second.ok && second.value.points[0]).toEqual([0, 0]);
    expect(second).toEqual(optimizePath(pathOptionsOf(panel, moved, horizon)));
  });

  it('a sampled curve (a Python panel’s, from the sampling worker) gives the path the call itself gives', () => {
    for (const panel of [
      defaultPanel(),
      { ...defaultPanel(), name: 'OneCycleLR', args: { max_lr: 0.1, total_steps: 100 } },
      { ...adamPanel(), name: 'OneCycleLR', args: { max_lr: 0.01, total_steps: 100 } },
    ]) {
      const built = fromFramework(panelCall(panel));
      if (!built.ok) throw new Error(built.error.message);
      const samples = sample(built.value, tickCount(built.value.tick, horizon));
      if (!samples.ok) throw new Error(samples.error.message);
      const sampled = { kind: 'sampled' as const, tick: built.value.tick, lr: samples.value.lr, momentum: samples.value.momentum };
      const fromCall = optimizePath(pathOptionsOf(panel, DEFAULT_LANDSCAPE, horizon));
      expect(optimizePath(pathOptionsOf(panel, DEFAULT_LANDSCAPE, horizon, sampled))).toEqual(fromCall);
      // A curve too short for the path says so.
      const short = optimizePath(pathOptionsOf(panel, DEFAULT_LANDSCAPE, horizon, { ...sampled, lr: sampled.lr.slice(0, 3) }));
      expect(short.ok).toBe(false);
      expect(short.ok ? '' : short.error.message).toMatch(/has 3 ticks; the path needs more/);
    }
  });

  it('export as a JSON file with the settings and every point', () => {
    const panel = defaultPanel();
    const path = panelPath(panel, DEFAULT_LANDSCAPE, horizon);
    const file = JSON.parse(landscapeExport(DEFAULT_LANDSCAPE, horizon, [{ letter: 'A', label: 'A: StepLR', panel, path }]));
    expect(file).toMatchObject({ format: LANDSCAPE_FILE_FORMAT, version: 1, surface: 'rosenbrock', steps: 100, stepsPerEpoch: 20 });
    expect(file.panels[0].points).toEqual(path.ok ? path.value.points : undefined);
    expect(file.panels[0].end).toEqual({ kind: 'completed' });
  });
});

describe('setLandscape', () => {
  it('a new surface drops the start and the LR scale; bad values are ignored; undefined goes back to the default', () => {
    const store = createPlaygroundStore();
    const { setLandscape } = store.getState();
    setLandscape({ start: [0.5, 0.25], lrScale: 0.2, gradientNoise: 2, seed: 9 });
    expect(store.getState().landscape).toEqual({ surface: 'rosenbrock', start: [0.5, 0.25], lrScale: 0.2, gradientNoise: 2, seed: 9 });
    const before = store.getState().landscape;
    setLandscape({ start: [Number.NaN, 1], lrScale: -1, gradientNoise: 1e9, seed: 1.5 });
    expect(store.getState().landscape).toBe(before);
    setLandscape({ surface: 'saddle' });
    expect(store.getState().landscape).toEqual({ surface: 'saddle', gradientNoise: 2, seed: 9 });
    setLandscape({ start: [1, 1] });
    setLandscape({ start: undefined });
    expect(store.getState().landscape.start).toBeUndefined();
  });
});
