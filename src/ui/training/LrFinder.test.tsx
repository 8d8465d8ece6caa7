/** The LR finder's markup before a test (e2e/lr-finder.spec.ts drives it through the real worker). */
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { PlaygroundStoreProvider } from '../../state/context';
import { createPlaygroundStore, defaultPanel } from '../../state/store';
import { defaultTraining } from '../../state/training';
import { LrFinder } from './LrFinder';
import { createLrClientSource } from './lrFinderRun';

function render(blocked?: string) {
  const panel = defaultPanel('OneCycleLR');
  const store = createPlaygroundStore({ panels: [panel] });
  const source = createLrClientSource(() => {
    throw new Error('no worker before Find LR');
  });
  return renderToStaticMarkup(
    <PlaygroundStoreProvider store={store}>
      <LrFinder
        letter="A"
        index={0}
        color="#000"
        panel={panel}
        settings={defaultTraining()}
        horizon={{ epochs: 10, stepsPerEpoch: 45 }}
        blocked={blocked}
        source={source}
      />
    </PlaygroundStoreProvider>,
  );
}

describe('LrFinder', () => {
  it('is a labelled region with the options at fastai’s defaults and Find LR enabled; no worker yet', () => {
    const html = render();
    expect(html).toMatch(/<section class="lr-finder" aria-label="Schedule A LR range test" data-stale="false">/);
    for (const label of ['Convention', 'Start LR', 'End LR', 'Steps'])
      expect(html).toMatch(new RegExp(`<label for="[^"]+">${label}</label>`));
    expect(html).toContain('value="1e-7"');
    expect(html).toContain('<option value="fastai" selected="">fastai</option>');
    expect(html).toMatch(/<button type="button" aria-describedby="[^"]+">Find LR<\/button>/);
    expect(html).not.toContain('role="progressbar"');
    expect(html).not.toContain('Stop LR test');
  });

  it('disables Find LR with the reason when the panel cannot train', () => {
    const html = render('Schedule A cannot train: lr must be above 0');
    expect(html).toMatch(
      /<button type="button" disabled="" aria-describedby="([^"]+)">Find LR<\/button><\/div><\/div><p id="\1"[^>]*>Schedule A cannot train: lr must be above 0</,
    );
  });
});
