/**
 * The Python reference environment for tests: `.venv-ref` (real PyTorch 2.13, Keras 3 on its torch backend,
 * Hugging Face transformers, NumPy), built by scripts/ensure-python-ref.mjs, which `npm test` runs first.
 * Imported by tests only.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

export const REFERENCE_PYTHON = new URL('../../../.venv-ref/bin/python', import.meta.url).pathname;

/**
 * How long one reference run may take before it is taken for hung and stopped: a guard, not a bound on speed, so
 * far above what a busy machine needs (every exported Keras snippet through a real model.fit took 274 s on 2
 * cores under load). Tests that run it in a hook give the hook REFERENCE_HOOK_TIMEOUT_MS.
 */
export const REFERENCE_RUN_TIMEOUT_MS = 30 * 60_000;
export const REFERENCE_HOOK_TIMEOUT_MS = REFERENCE_RUN_TIMEOUT_MS + 60_000;

/** Runs a script of scripts/golden/ with `input` on stdin and returns its stdout; throws with its stderr on failure. */
export function runReferencePython(script: string, input: string, timeoutMs = REFERENCE_RUN_TIMEOUT_MS): string {
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
