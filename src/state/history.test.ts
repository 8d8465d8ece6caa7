import { trainingStepsPerEpoch } from './training';
import { describe, expect, it } from 'vitest';
import { changedPath, createHistory, HISTORY_LIMIT } from './history';
import { createPlaygroundStore, defaultPanel, selectData } from './store';

function setup() {
  let clock = 0;
  const store = createPlaygroundStore();
  const history = createHistory(store, { now: () => clock });
  return { store, history, tick: (ms: number) => (clock += ms) };
}

describe('changedPath', () => {
  it('finds the deepest single change, or the container where several changed', () => {
    const a = { panels: [{ args: { gamma: 0.1, step_size: 10 } }], horizon: { epochs: 50 } };
    expect(changedPath(a, a)).toBeUndefined();
    expect(changedPath(a, { ...a, panels: [{ args: { gamma: 0.2, step_size: 10 } }] })).toEqual({
      path: '/panels/0/args/gamma',
      leaf: true,
    });
    expect(changedPath(a, { ...a, panels: [{ args: { gamma: 0.2, step_size: 11 } }] })).toEqual({ path: '/panels/0/args', leaf: false });
    expect(changedPath(a, { ...a, panels: [...a.panels, { args: {} }] })).toEqual({ path: '/panels', leaf: false });
  });
});

describe('undo and redo', () => {
  it('undoes and redoes each change, in order', () => {
    const { store, history, tick } = setup();
    const start = selectData(store.getState());
    store.getState().setArg(0, ['gamma'], 0.5);
    tick(5000);
    store.getState().setHorizon({ epochs: 80 });
    expect(history.getState().canUndo).toBe(true);
    history.getState().undo();
    expect(store.getState().horizon.epochs).toBe(50);
    expect(store.getState().panels[0]?.args.gamma).toBe(0.5);
    history.getState().undo();
    expect(selectData(store.getState())).toEqual(start);
    expect(history.getState().canUndo).toBe(false);
    history.getState().redo();
    history.getState().redo();
    expect(store.getState().horizon.epochs).toBe(80);
    expect(store.getState().panels[0]?.args.gamma).toBe(0.5);
    expect(history.getState().canRedo).toBe(false);
  });

  it('coalesces one slider drag into one step, but not two sliders or two drags apart in time', () => {
    const { store, history, tick } = setup();
    for (const gamma of [0.2, 0.3, 0.4, 0.5, 0.6]) {
      store.getState().setArg(0, ['gamma'], gamma);
      tick(50);
    }
    store.getState().setArg(0, ['step_size'], 20);
    tick(5000);
    store.getState().setArg(0, ['step_size'], 25);
    history.getState().undo();
    expect(store.getState().panels[0]?.args.step_size).toBe(20);
    history.getState().undo();
    expect(store.getState().panels[0]?.args.step_size).toBe(10);
    expect(store.getState().panels[0]?.args.gamma).toBe(0.6);
    history.getState().undo();
    expect(store.getState().panels[0]?.args.gamma).toBe(0.1);
    expect(history.getState().canUndo).toBe(false);
  });

  it('brings back a removed panel, pasted function included', () => {
    const { store, history } = setup();
    store.getState().addPanel({ ...defaultPanel('LambdaLR'), args: { lr_lambda: 'lambda epoch: 0.95 ** epoch' } });
    store.getState().removePanel(1);
    history.getState().announce('Removed schedule B.');
    expect(history.getState().notice).toBe('Removed schedule B.');
    history.getState().undo();
    expect(store.getState().panels).toHaveLength(2);
    expect(store.getState().panels[1]?.args.lr_lambda).toBe('lambda epoch: 0.95 ** epoch');
    expect(history.getState().notice).toBeUndefined();
  });

  it('keeps at least 100 steps', () => {
    const { store, history, tick } = setup();
    for (let i = 1; i <= HISTORY_LIMIT + 10; i++) {
      store.getState().setHorizon({ epochs: i + 1 });
      tick(5000);
    }
    let steps = 0;
    while (history.getState().canUndo) {
      history.getState().undo();
      steps++;
    }
    expect(HISTORY_LIMIT).toBeGreaterThanOrEqual(100);
    expect(steps).toBe(HISTORY_LIMIT);
  });

  it('a new change clears redo; the theme is not history', () => {
    const { store, history, tick } = setup();
    store.getState().setHorizon({ epochs: 10 });
    tick(5000);
    store.getState().setView({ theme: 'dark' });
    history.getState().undo();
    expect(store.getState().horizon.epochs).toBe(50);
    expect(store.getState().view.theme).toBe('dark');
    expect(history.getState().canRedo).toBe(true);
    store.getState().setHorizon({ epochs: 20 });
    expect(history.getState().canRedo).toBe(false);
  });
});

describe('training settings are history', () => {
  it('undoes and redoes a training change, the horizon synced to it included', () => {
    const { store, history, tick } = setup();
    store.getState().setTraining({ batchSize: 64 });
    tick(5000);
    const steps = trainingStepsPerEpoch(store.getState().training);
    expect(steps).toEqual({ ok: true, value: 23 }); // ceil(1,438 / 64)
    expect(store.getState().syncHorizonToTraining(23)).toBe(true);
    expect(store.getState().horizon.stepsPerEpoch).toBe(23);
    tick(5000);
    store.getState().setTraining({ dataset: 'moons', noise: 0.3 });
    history.getState().undo();
    expect(store.getState().training.dataset).toBe('digits');
    expect(store.getState().training).not.toHaveProperty('noise');
    history.getState().undo();
    expect(store.getState().horizon.stepsPerEpoch).toBe(100);
    history.getState().undo();
    expect(store.getState().training.batchSize).toBe(32);
    expect(history.getState().canUndo).toBe(false);
    history.getState().redo();
    history.getState().redo();
    history.getState().redo();
    expect(store.getState().training).toMatchObject({ dataset: 'moons', noise: 0.3, batchSize: 64 });
    expect(store.getState().horizon.stepsPerEpoch).toBe(23);
  });

  it('typing into one setting is one step; a setting that does not change is none', () => {
    const { store, history, tick } = setup();
    store.getState().setTraining({ seeds: 1 });
    tick(200);
    store.getState().setTraining({ seeds: 10 });
    tick(5000);
    store.getState().setTraining({ seeds: 10, hidden: [128, 64] });
    history.getState().undo();
    expect(store.getState().training.seeds).toBe(3);
    expect(history.getState().canUndo).toBe(false);
  });
});

describe('the landscape start point', () => {
  it('one drag (x and y moving together, many times a second) is one undo step', () => {
    let clock = 0;
    const store = createPlaygroundStore();
    const history = createHistory(store, { now: () => clock });
    for (let i = 1; i <= 30; i++) {
      clock += 16;
      store.getState().setLandscape({ start: [-1.5 + i * 0.01, 2 - i * 0.01] });
    }
    expect(store.getState().landscape.start).toEqual([-1.5 + 0.3, 2 - 0.3]);
    history.getState().undo();
    expect(store.getState().landscape.start).toBeUndefined();
    expect(history.getState().canUndo).toBe(false);
  });
});
