/**
 * "Download PNG": the chart's SVG (or the small multiples' SVGs) drawn onto a canvas at 2× with the legend,
 * without any library. CSS variables and inherited text styles do not survive outside the page, so they are
 * resolved and inlined on a clone first.
 */

export interface LegendItem {
  label: string;
  color: string;
  dashed?: boolean;
}

const SVG_NS = 'http://www.w3.org/2000/svg';
const LEGEND_HEIGHT = 30;
const PADDING = 12;

/**
 * The colour a CSS variable gives in the page right now. The variables hold light-dark(…) pairs, which only the
 * page's color-scheme can settle, so a probe element reads the used colour.
 */
function resolveColor(name: string, within: Element): string {
  const probe = document.createElement('span');
  probe.style.color = `var(${name})`;
  within.append(probe);
  const color = getComputedStyle(probe).color;
  probe.remove();
  return color || 'currentColor';
}

/** Replaces var(--x) in presentation attributes with the colour it gives in the page. */
function resolveVariables(root: Element, within: Element) {
  for (const el of [root, ...root.querySelectorAll('*')]) {
    for (const attr of ['stroke', 'fill', 'color', 'stop-color']) {
      const value = el.getAttribute(attr);
      if (!value?.includes('var(')) continue;
      el.setAttribute(
        attr,
        value.replace(/var\((--[\w-]+)\)/g, (_, name: string) => resolveColor(name, within)),
      );
    }
  }
}

/** Copies the computed font and fill of every text node, which came from the page's CSS. */
function inlineText(original: Element, clone: Element) {
  const from = original.querySelectorAll('text, tspan');
  const to = clone.querySelectorAll('text, tspan');
  from.forEach((node, i) => {
    const target = to[i];
    if (!target) return;
    const style = getComputedStyle(node);
    target.setAttribute('font-family', style.fontFamily);
    target.setAttribute('font-size', style.fontSize);
    target.setAttribute('font-weight', style.fontWeight);
    if (!target.getAttribute('fill') || target.getAttribute('fill')?.includes('var('))
      target.setAttribute('fill', style.fill || style.color);
  });
}

function text(x: number, y: number, content: string, fill: string, font: string, weight = '600'): SVGTextElement {
  const t = document.createElementNS(SVG_NS, 'text');
  t.setAttribute('x', String(x));
  t.setAttribute('y', String(y));
  t.setAttribute('fill', fill);
  t.setAttribute('font-family', font);
  t.setAttribute('font-size', '13');
  t.setAttribute('font-weight', weight);
  t.textContent = content;
  return t;
}

/** One standalone SVG: a background, the legend band, and every chart SVG inside `container` at its place. */
export function composeChartSvg(container: HTMLElement, legend: readonly LegendItem[]): { svg: string; width: number; height: number } {
  const box = container.getBoundingClientRect();
  const width = Math.ceil(box.width) + 2 * PADDING;
  const height = Math.ceil(box.height) + LEGEND_HEIGHT + 2 * PADDING;
  const background = resolveColor('--surface', container);
  const ink = resolveColor('--text', container);
  const font = getComputedStyle(container).fontFamily || 'sans-serif';

  const out = document.createElementNS(SVG_NS, 'svg');
  out.setAttribute('xmlns', SVG_NS);
  out.setAttribute('width', String(width));
  out.setAttribute('height', String(height));
  out.setAttribute('viewBox', `0 0 ${width} ${height}`);
  const bg = document.createElementNS(SVG_NS, 'rect');
  bg.setAttribute('width', '100%');
  bg.setAttribute('height', '100%');
  bg.setAttribute('fill', background);
  out.append(bg);

  const measure = document.createElement('canvas').getContext('2d');
  if (measure) measure.font = `600 13px ${font}`;
  let x = PADDING;
  for (const item of legend) {
    const line = document.createElementNS(SVG_NS, 'line');
    line.setAttribute('x1', String(x));
    line.setAttribute('x2', String(x + 22));
    line.setAttribute('y1', String(PADDING + 10));
    line.setAttribute('y2', String(PADDING + 10));
    line.setAttribute('stroke', item.color);
    line.setAttribute('stroke-width', '3');
    if (item.dashed) line.setAttribute('stroke-dasharray', '6 4');
    out.append(line, text(x + 28, PADDING + 14, item.label, ink, font));
    x += 28 + (measure ? measure.measureText(item.label).width : item.label.length * 8) + 18;
  }

  for (const svg of container.querySelectorAll<SVGSVGElement>('svg.recharts-surface')) {
    // The on-page legend's little icons are SVGs too; the image draws its own legend band instead.
    if (svg.closest('.recharts-legend-wrapper')) continue;
    const r = svg.getBoundingClientRect();
    const clone = svg.cloneNode(true) as SVGSVGElement;
    resolveVariables(clone, container);
    inlineText(svg, clone);
    clone.setAttribute('x', String(r.left - box.left + PADDING));
    clone.setAttribute('y', String(r.top - box.top + PADDING + LEGEND_HEIGHT));
    clone.setAttribute('width', String(r.width));
    clone.setAttribute('height', String(r.height));
    out.append(clone);
  }
  for (const caption of container.querySelectorAll('figcaption')) {
    const r = caption.getBoundingClientRect();
    out.append(
      text(
        r.left - box.left + PADDING,
        r.top - box.top + PADDING + LEGEND_HEIGHT + 14,
        caption.textContent ?? '',
        getComputedStyle(caption).color,
        font,
        '700',
      ),
    );
  }
  return { svg: new XMLSerializer().serializeToString(out), width, height };
}

/** Renders the composed SVG to a PNG at `scale`× (2× by default, for sharp slides and retina screens). */
export async function chartToPng(container: HTMLElement, legend: readonly LegendItem[], scale = 2): Promise<Blob> {
  const { svg, width, height } = composeChartSvg(container, legend);
  const url = URL.createObjectURL(new Blob([svg], { type: 'image/svg+xml;charset=utf-8' }));
  try {
    const image = new Image();
    image.decoding = 'async';
    await new Promise<void>((resolve, reject) => {
      image.onload = () => resolve();
      image.onerror = () => reject(new Error('the chart could not be drawn as an image'));
      image.src = url;
    });
    const canvas = document.createElement('canvas');
    canvas.width = Math.round(width * scale);
    canvas.height = Math.round(height * scale);
    const context = canvas.getContext('2d');
    if (!context) throw new Error('no 2D canvas available');
    context.scale(scale, scale);
    context.drawImage(image, 0, 0, width, height);
    return await new Promise<Blob>((resolve, reject) =>
      canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error('the PNG could not be encoded'))), 'image/png'),
    );
  } finally {
    URL.revokeObjectURL(url);
  }
}
