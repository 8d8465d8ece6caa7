/**
 * The modules the page imports directly must not pull in tfjs or the training code (the main bundle stays small,
 * and the model lives in the worker). This walks their import graph, type-only imports included, from the source.
 */
import { readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const here = dirname(fileURLToPath(import.meta.url));
const FORBIDDEN_FILES = ['train.ts', 'model.ts', 'backends.ts', 'optimizers.ts', 'training.worker.ts'].map((f) => join(here, f));

function resolve(from: string, specifier: string): string {
  const base = join(dirname(from), specifier);
  for (const candidate of [base, `${base}.ts`, join(base, 'index.ts')]) {
    try {
      readFileSync(candidate);
      return candidate;
    } catch {
      // try the next
    }
  }
  throw new Error(`cannot resolve ${specifier} from ${from}`);
}

/** Every file reachable from `entry`, and every bare (package) specifier met on the way. */
function graph(entry: string): { files: Set<string>; packages: Set<string> } {
  const files = new Set<string>();
  const packages = new Set<string>();
  const pending = [entry];
  while (pending.length > 0) {
    const file = pending.pop() as string;
    if (files.has(file)) continue;
    files.add(file);
    const source = readFileSync(file, 'utf8');
    for (const match of source.matchAll(/(?:^|\n)\s*(?:import|export)\s[^'"]*?from\s+'([^']+)'|(?:^|\n)\s*import\s+'([^']+)'/g)) {
      const specifier = (match[1] ?? match[2]) as string;
      if (specifier.startsWith('.')) pending.push(resolve(file, specifier));
      else packages.add(specifier);
    }
  }
  return { files, packages };
}

describe('the page-side modules are free of tfjs and training code', () => {
  it.each(['summary.ts', 'data/sizes.ts', 'client.ts', 'protocol.ts', 'types.ts'])('%s', (entry) => {
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
