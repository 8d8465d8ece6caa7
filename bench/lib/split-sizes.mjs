// The engine's own split sizes (src/training/data/sizes.ts's splitSizes), loaded from the TypeScript source through
// Vite's module runner, so the bench's dataset settings are checked by the code that trains, not by a copy of it.
import { fileURLToPath } from 'node:url';
import { runnerImport } from 'vite';

const SIZES = fileURLToPath(new URL('../../src/training/data/sizes.ts', import.meta.url));

/** splitSizes(dataset) for each dataset config, in order; throws with the engine's message on a refused one. */
export async function engineSplitSizes(datasets) {
  const { module } = await runnerImport(SIZES, { configFile: false, logLevel: 'error' });
  return datasets.map((dataset) => {
    const result = module.splitSizes(dataset);
    if (!result.ok) throw new Error(`splitSizes(${JSON.stringify(dataset)}): ${result.error.message}`);
    return result.value;
  });
}
