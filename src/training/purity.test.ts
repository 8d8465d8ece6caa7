/**
 * The modules the page imports directly must not pull in tfjs or the training code (the main bundle stays small,
 * and the model lives in the worker). This walks their import graph, type-only imports included, from the source.
 */
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { importGraph as graph } from './testing/imports';

const here = dirname(fileURLToPath(import.meta.url));
const FORBIDDEN_FILES = ['train.ts', 'model.ts', 'backends.ts', 'optimizers.ts', 'training.worker.ts'].map((f) => join(here, f));

describe('the page-side modules are free of tfjs and training code', () => {
  it.each(['summary.ts', 'data/sizes.ts', 'client.ts', 'protocol.ts', 'types.ts', 'lr-range.ts'])('%s', (entry) => {
    const { files, packages } = graph(join(here, entry));
    expect([...packages].filter((p) => p.startsWith('@tensorflow/'))).toEqual([]);
    expect([...files].filter((f) => FORBIDDEN_FILES.includes(f)).map((f) => relative(here, f))).toEqual([]);
  });

  it('the walk does find tfjs where it is (the check can fail)', () => {
    const { files, packages } = graph(join(here, 'worker-handler.ts'));
    expect(files.has(join(here, 'train.ts'))).toBe(true);
    expect([...packages].some((p) => p.startsWith('@tensorflow/'))).toBe(true);
  });
});
