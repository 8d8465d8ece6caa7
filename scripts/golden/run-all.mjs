// `npm run golden`: runs every fixture generator in the Python reference environment (.venv-ref, made by
// scripts/ensure-python-ref.mjs) with Keras on its torch backend. Each generator writes its own fixture files.
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = dirname(fileURLToPath(import.meta.url));
const PYTHON = join(HERE, '..', '..', '.venv-ref', 'bin', 'python');
const GENERATORS =
  process.argv.slice(2).length > 0
    ? process.argv.slice(2)
    : [
        'torch_golden.py',
        'keras_golden.py',
        'transformers_golden.py',
        'playground_golden.py',
        'python_semantics.py',
        'presets_golden.py',
        'lr_suggestions_golden.py',
        'landscape_reference.py',
      ];

for (const script of GENERATORS) {
  console.log(`golden: ${script}`);
  const r = spawnSync(PYTHON, [join(HERE, script)], {
    stdio: 'inherit',
    env: { ...process.env, KERAS_BACKEND: 'torch', PYTHONHASHSEED: '0' },
  });
  if (r.status !== 0) {
    console.error(`golden: ${script} failed (exit ${r.status})`);
    process.exit(1);
  }
}
