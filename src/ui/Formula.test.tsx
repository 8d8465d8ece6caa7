import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { formulaFor } from '../schedules/formulas';
import { defaultArgs, families, type FrameworkCall, fromFramework } from '../schedules';
import { Formula } from './Formula';

function markup(call: FrameworkCall): string {
  const s = fromFramework(call);
  if (!s.ok) throw new Error(s.error.message);
  return renderToStaticMarkup(<Formula formula={formulaFor(s.value.call)} />);
}

describe('Formula', () => {
  it('renders MathML with the text form as its accessible name', () => {
    const html = markup({ framework: 'torch', name: 'StepLR', args: { step_size: 10, gamma: 0.5 }, optimizer: { lr: 0.1 } });
    expect(html).toMatch(/^<figure class="formula" aria-label="Formula">/);
    expect(html).toContain('<math display="block" alttext="η_t = 0.1 · 0.5^⌊t / 10⌋" aria-label="η_t = 0.1 · 0.5^⌊t / 10⌋">');
    expect(html).toContain('<msub><mi>η</mi><mi>t</mi></msub>');
    // The exponent's fraction is written inline: a stacked one would be too small in a superscript.
    expect(html).toContain(
      '<msup><mn>0.5</mn><mrow><mo stretchy="false">⌊</mo><mrow><mi>t</mi><mo>/</mo><mn>10</mn></mrow><mo stretchy="false">⌋</mo></mrow></msup>',
    );
    expect(html).toContain('<figcaption class="formula-legend">t = epoch, counted from 0; η_t = the learning rate at t</figcaption>');
  });

  it('draws cases as a table behind a stretchy brace, and tiny numbers as powers of ten', () => {
    const html = markup({ framework: 'torch', name: 'OneCycleLR', args: { max_lr: 0.1, total_steps: 5000 } });
    expect(html).toContain('<mo stretchy="true" fence="true">{</mo><mtable class="formula-cases"><mtr><mtd>');
    expect(html).toContain('<mtd class="formula-condition"><mrow><mtext>\u00a0if\u00a0</mtext>');
    expect(html).toContain('<mrow><mn>4</mn><mo>×</mo><msup><mn>10</mn><mrow><mo>−</mo><mn>7</mn></mrow></msup></mrow>');
    expect(html).toContain('<mfrac>');
  });

  it('renders every family and nothing for no formula', () => {
    for (const family of families) {
      const html = markup({ framework: family.framework, name: family.name, args: defaultArgs(family) });
      expect(html, family.name).toContain('<math display="block"');
      expect(html).not.toMatch(/undefined|NaN/);
    }
    expect(renderToStaticMarkup(<Formula formula={undefined} />)).toBe('');
  });
});
