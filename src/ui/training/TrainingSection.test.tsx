/** The training view rendered to markup (e2e/training-view.spec.ts drives it through the real worker). */
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { PlaygroundStoreProvider } from '../../state/context';
import { createPlaygroundStore } from '../../state/store';
import { defaultTraining, type TrainingSettings } from '../../state/training';
import { PROTOCOL_VERSION } from '../../training/protocol';
import type { TrainingConfig } from '../../training/types';
import { applyEvents, beginSession, emptySession } from './session';
import { SummaryTable } from './SummaryTable';
import TrainingSection from './TrainingSection';

/** Server rendering reads a store's initial state (zustand's server snapshot): the settings go in at creation. */
function render(patch: Partial<TrainingSettings> = {}) {
  const store = createPlaygroundStore({ training: { ...defaultTraining(), ...patch } });
  return renderToStaticMarkup(
    <PlaygroundStoreProvider store={store}>
      <TrainingSection planned={[]} />
    </PlaygroundStoreProvider>,
  );
}

describe('TrainingSection', () => {
  it('shows a labelled section with every control, a progress bar per panel and the steps per epoch', () => {
    const html = render();
    expect(html).toMatch(/<section[^>]*aria-labelledby="([^"]+)"[^>]*><h2 id="\1">Training<\/h2>/);
    for (const label of [
      'Dataset',
      'Samples',
      'Hidden layers',
      'Activation',
      'Batch size',
      'Seeds',
      'Initialisation',
      'Backend',
      'Target accuracy',
    ]) {
      expect(html).toMatch(new RegExp(`<label for="[^"]+">${label}</label>`));
    }
    expect(html).not.toContain('>Noise</label>');
    expect(html).toMatch(
      /role="progressbar" aria-label="Schedule A training progress" aria-valuemin="0" aria-valuemax="50" aria-valuenow="0"/,
    );
    expect(html).toMatch(/45 steps per epoch = ⌈1,43\d training samples \/ 32⌉/);
    expect(html).toContain('Train sets that to');
    expect(html).toMatch(/<button type="button" aria-describedby="[^"]+">Train<\/button>/);
    for (const name of ['Pause', 'Resume', 'Step', 'Stop', 'Reset', 'Download training CSV'])
      expect(html).toMatch(new RegExp(`disabled="">${name}<`));
    expect(html).toContain('10× the first batch');
  });

  it('disables Train with the reason, and says what is wrong next to the control', () => {
    const html = render({ batchSize: 0, dataset: 'moons' });
    expect(html).toMatch(/<button type="button" disabled="" aria-describedby="[^"]+">Train<\/button>/);
    expect(html).toContain('Fix the settings marked below to train.');
    expect(html).toContain('Batch size must be a whole number from 1 to 4,096.');
    expect(html).toContain('>Noise</label>');
  });
});

describe('SummaryTable', () => {
  it('has one row per panel, and says where a run diverged', () => {
    const config = (lr: number): TrainingConfig => ({
      dataset: { name: 'digits' },
      model: { kind: 'mlp', hidden: [8], activation: 'relu' },
      init: 'glorot_uniform',
      optimizer: { kind: 'SGD', lr },
      schedule: { framework: 'torch', name: 'StepLR', args: {} },
      epochs: 2,
      batchSize: 32,
      seed: 0,
    });
    const call = { framework: 'torch' as const, name: 'StepLR', args: {} };
    let s = beginSession(
      emptySession(),
      [
        { panel: 0, letter: 'A', call, configs: [config(0.1)] },
        { panel: 1, letter: 'B', call, configs: [config(5)] },
      ],
      0,
      { target: 0.9, stepsPerEpoch: 45 },
    );
    const m = { loss: 0.5, accuracy: 0.9, val_loss: 0.4, lr: 0.1, seconds: 1 };
    const v = PROTOCOL_VERSION;
    s = applyEvents(
      s,
      [
        { v, type: 'epoch', runId: 's1-A-0', metrics: { epoch: 0, val_accuracy: 0.8, ...m } },
        { v, type: 'epoch', runId: 's1-A-0', metrics: { epoch: 1, val_accuracy: 0.95, ...m } },
        { v, type: 'epoch', runId: 's1-B-0', metrics: { epoch: 0, val_accuracy: 0.1, ...m } },
        { v, type: 'diverged', runId: 's1-B-0', epoch: 1, step: 50, lr: 5, reason: 'the loss became NaN' },
      ],
      2000,
    );
    const html = renderToStaticMarkup(<SummaryTable state={s} />);
    expect(html).toContain('aria-label="Training summary"');
    expect(html.match(/<tr>/g)).toHaveLength(3);
    expect(html).toContain('<th scope="row">Schedule B</th>');
    expect(html).toContain('diverged at epoch 2 (lr = 5)');
    expect(html).toContain('95.0 %');
    expect(html).toContain('Epochs to 90 %');
  });
});
