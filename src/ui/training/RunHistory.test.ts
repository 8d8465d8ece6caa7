import { describe, expect, it } from 'vitest';
import { sampleConfig, sampleRun } from '../../state/runs/test-fixtures';
import { createPlaygroundStore, defaultPanel, panelCall } from '../../state/store';
import { trainingConfigOf } from '../../state/training';
import { defaultTraining } from '../../state/training-settings';
import { historyLabels, panelOfRun, restoreRun } from './RunHistory';

describe('the run history', () => {
  it('rebuilds the panel a run trained with: its call and optimizer (Adam momentum from betas)', () => {
    const panel = {
      ...defaultPanel('CosineAnnealingLR'),
      args: { T_max: 7, eta_min: 0.01 },
      optimizer: { kind: 'Adam' as const, lr: 0.003, momentum: 0.85 },
    };
    const config = trainingConfigOf(panel, defaultTraining(), { epochs: 7, stepsPerEpoch: 45 }, 0);
    const run = sampleRun({ config });
    expect(panelOfRun(run)).toEqual(panel);
    expect(panelCall(panelOfRun(run))).toEqual(config.schedule);
  });

  it('restores the panel at its index (adding panels), the settings and the epochs in one change', () => {
    const store = createPlaygroundStore();
    const settings = { ...defaultTraining(), dataset: 'moons' as const, samples: 200, seeds: 1, backend: 'fused' as const };
    const run = sampleRun({ panel: { letter: 'C', index: 2 }, settings, config: sampleConfig({ epochs: 9 }) });
    let changes = 0;
    store.subscribe(() => {
      changes += 1;
    });
    restoreRun(store, run);
    const s = store.getState();
    expect(changes).toBe(1);
    expect(s.panels).toHaveLength(3);
    expect(panelCall(s.panels[2] as never)).toEqual(run.config.schedule);
    expect(s.training).toEqual(settings);
    expect(s.horizon.epochs).toBe(9);
    expect(s.horizon.stepsPerEpoch).toBe(5); // moons 200: 150 to train, batch 32
  });

  it('labels each run against its panel now, else against its neighbour', () => {
    const settings = defaultTraining();
    const horizon = { epochs: 5, stepsPerEpoch: 45 };
    const panel = defaultPanel('CosineAnnealingLR');
    const same = sampleRun({ config: trainingConfigOf(panel, settings, horizon, 0), settings });
    const seed1 = sampleRun({ config: trainingConfigOf(panel, settings, horizon, 1), settings });
    const orphan = sampleRun({ panel: { letter: 'B', index: 1 }, config: { ...same.config, epochs: 8 }, settings });
    expect(historyLabels([same, seed1, orphan], [panel], settings, horizon)).toEqual([
      'A: same settings',
      'A: seed 1',
      // B is not on the page: against its neighbour in the list (seed 1)
      'B: epochs 5 → 8, seed 0',
    ]);
  });
});
