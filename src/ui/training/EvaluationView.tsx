import { type CSSProperties, memo, useEffect, useRef } from 'react';
import { IMAGE_DATASETS, type ImageDatasetName } from '../../training/data/images';
import type { Evaluation } from '../../training/types';

const classNamesOf = (dataset: string, classes: number): readonly string[] =>
  Object.hasOwn(IMAGE_DATASETS, dataset)
    ? IMAGE_DATASETS[dataset as ImageDatasetName].classNames
    : Array.from({ length: classes }, (_, i) => String(i));

/** Pixel values in [0, 1] as grey RGBA (ink dark on light, as the digits are drawn). */
export function greyPixels(pixels: Float32Array, invert = true): Uint8ClampedArray {
  const out = new Uint8ClampedArray(pixels.length * 4);
  for (let i = 0; i < pixels.length; i++) {
    const v = Math.round(255 * Math.min(1, Math.max(0, pixels[i] ?? 0)));
    const g = invert ? 255 - v : v;
    out[4 * i] = g;
    out[4 * i + 1] = g;
    out[4 * i + 2] = g;
    out[4 * i + 3] = 255;
  }
  return out;
}

function SmallImage({ pixels, width, height, label }: { pixels: Float32Array; width: number; height: number; label: string }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const ctx = canvas.current?.getContext('2d');
    if (!ctx) return;
    ctx.putImageData(new ImageData(greyPixels(pixels) as Uint8ClampedArray<ArrayBuffer>, width, height), 0, 0);
  }, [pixels, width, height]);
  return <canvas ref={canvas} width={width} height={height} className="small-image" role="img" aria-label={label} />;
}

interface EvaluationViewProps {
  letter: string;
  dataset: string;
  evaluation: Evaluation;
  seed: number;
}

/** An image set's final result for one run: the confusion matrix and the most confident mistakes. */
export const EvaluationView = memo(function EvaluationView({ letter, dataset, evaluation, seed }: EvaluationViewProps) {
  const { confusion, misclassified, width, height } = evaluation;
  const names = classNamesOf(dataset, confusion.length);
  const max = Math.max(1, ...confusion.flat());
  const total = confusion.flat().reduce((a, b) => a + b, 0);
  return (
    <div className="evaluation">
      <table className="confusion" aria-label={`Schedule ${letter} confusion matrix`}>
        <caption>
          Confusion matrix on the validation set ({total.toLocaleString('en-US')} images{seed === 0 ? '' : `, seed ${seed}`}): rows are the
          true class, columns the predicted one.
        </caption>
        <thead>
          <tr>
            <th scope="col">true \ predicted</th>
            {names.map((name) => (
              <th key={name} scope="col" title={name}>
                {name.length > 6 ? `${name.slice(0, 5)}…` : name}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {confusion.map((row, t) => (
            <tr key={names[t] ?? t}>
              <th scope="row">{names[t] ?? t}</th>
              {row.map((count, p) => (
                <td
                  // biome-ignore lint/suspicious/noArrayIndexKey: columns are classes, by position
                  key={p}
                  className={t === p ? 'diagonal' : count > 0 ? 'mistake' : undefined}
                  style={{ '--share': String(count / max) } as CSSProperties}
                >
                  {count}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      {misclassified.length > 0 ? (
        <figure className="misclassified">
          <figcaption>The most confident mistakes (true → predicted)</figcaption>
          <ul>
            {misclassified.map((m, i) => {
              const caption = `${names[m.label] ?? m.label} → ${names[m.predicted] ?? m.predicted}`;
              return (
                // biome-ignore lint/suspicious/noArrayIndexKey: a fixed list per evaluation
                <li key={i}>
                  <SmallImage
                    pixels={m.pixels}
                    width={width}
                    height={height}
                    label={`${caption}, ${Math.round(100 * m.confidence)} % sure`}
                  />
                  <span>{caption}</span>
                  <span className="confidence">{Math.round(100 * m.confidence)} %</span>
                </li>
              );
            })}
          </ul>
        </figure>
      ) : null}
    </div>
  );
});
