/**
 * The Python reference environment for tests: `.venv-ref` (real PyTorch 2.13, Keras 3 on its torch backend,
 * Hugging Face transformers, NumPy), built by scripts/ensure-python-ref.mjs, which `npm test` runs first.
 * Imported by tests only.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

export const REFERENCE_PYTHON = new URL('../../../.venv-ref/bin/python', import.meta.url).pathname;

/** Runs a script of scripts/golden/ with `input` on stdin and returns its stdout; throws with its stderr on failure. */
export function runReferencePython(script: string, input: string, timeoutMs = 240_000): string {
  if (!existsSync(REFERENCE_PYTHON)) {
    throw new Error(`${REFERENCE_PYTHON} is missing: run node scripts/ensure-python-ref.mjs`);
  }
  const path = new URL(`../../../scripts/golden/${script}`, import.meta.url).pathname;
  const run = spawnSync(REFERENCE_PYTHON, [path], {
    input,
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
    timeout: timeoutMs,
    env: { ...process.env, KERAS_BACKEND: 'torch', PYTHONHASHSEED: '0', TF_CPP_MIN_LOG_LEVEL: '3' },
  });
  if (run.status !== 0) throw new Error(`${script} failed (exit ${run.status}, signal ${run.signal}).\n${run.stderr}`);
  return run.stdout;
}
