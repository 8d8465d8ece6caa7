/** The "step() every" control, rendered to markup (the e2e spec e2e/stepping.spec.ts drives it in Chromium). */
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { findFamily } from '../schedules';
import { PlaygroundStoreProvider } from '../state/context';
import { createPlaygroundStore, type Panel } from '../state/store';
import { PanelControlsContext } from './panelControls';
import { StepEveryControl } from './StepEveryControl';

function render(panel: Panel): string {
  const family = findFamily(panel.framework, panel.name);
  if (!family) throw new Error(panel.name);
  const store = createPlaygroundStore({ panels: [panel] });
  const controls = { setArg() {}, errorFor: () => undefined, sourcePositionFor: () => undefined };
  return renderToStaticMarkup(
    <PlaygroundStoreProvider store={store}>
      <PanelControlsContext.Provider value={controls}>
        <StepEveryControl panelIndex={0} panel={panel} family={family} />
      </PanelControlsContext.Provider>
    </PlaygroundStoreProvider>,
  );
}

const optimizer = { kind: 'SGD' as const, lr: 0.1, momentum: 0.9 };
const selected = (html: string) => /<option value="(\w+)" selected/.exec(html)?.[1];

describe('StepEveryControl', () => {
  it('labels a select "step() every" on torch panels, showing the family tick by default', () => {
    const html = render({ framework: 'torch', name: 'StepLR', args: { step_size: 30, gamma: 0.1 }, optimizer });
    expect(html).toMatch(/<label[^>]*for="([^"]+)"[^>]*>step\(\) every<\/label><select id="\1"/);
    expect(selected(html)).toBe('epoch');
    expect(html).toContain('epoch (usual)');
  });

  it('shows the panel choice', () => {
    const html = render({ framework: 'torch', name: 'StepLR', args: { step_size: 30, gamma: 0.1 }, optimizer, stepEvery: 'batch' });
    expect(selected(html)).toBe('batch');
    expect(html).toContain('counts are optimizer steps');
  });

  it('is fixed for ReduceLROnPlateau and absent on Keras panels', () => {
    expect(render({ framework: 'torch', name: 'ReduceLROnPlateau', args: {}, optimizer })).toMatch(/<fieldset[^>]*disabled/);
    expect(render({ framework: 'keras', name: 'CosineDecay', args: { initial_learning_rate: 0.1, decay_steps: 10 }, optimizer })).toBe('');
  });
});
