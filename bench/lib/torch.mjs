// One warm PyTorch process (bench/torch_reference.py serve): a command per line in, a JSON answer per line out.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createInterface } from 'node:readline';

export const REFERENCE_PYTHON = '.venv-ref/bin/python';

/**
 * Starts the reference process and waits for its ready line (torch imported). Rejects with a reason when the
 * environment is missing or the process cannot start; `send(command)` resolves with the answer, rejecting on an
 * `error` answer or when the process has died; `stop()` ends it.
 */
export async function startTorchReference({ readyTimeoutMs = 120_000 } = {}) {
  if (!existsSync(REFERENCE_PYTHON)) {
    throw new Error(`${REFERENCE_PYTHON} is missing (create it with: node scripts/ensure-python-ref.mjs)`);
  }
  const child = spawn(REFERENCE_PYTHON, ['bench/torch_reference.py', 'serve'], { stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk) => {
    stderr = (stderr + chunk).slice(-4000);
  });
  const waiting = [];
  let dead = null;
  const lines = createInterface({ input: child.stdout });
  lines.on('line', (line) => {
    const next = waiting.shift();
    if (!next) return;
    try {
      next.resolve(JSON.parse(line));
    } catch {
      next.reject(new Error(`torch_reference.py printed a line that is not JSON: ${line.slice(0, 200)}`));
    }
  });
  const onEnd = (why) => {
    dead = `${why}${stderr ? `: ${stderr.trim().split('\n').slice(-3).join(' | ')}` : ''}`;
    for (const w of waiting.splice(0)) w.reject(new Error(dead));
  };
  child.on('exit', (code, signal) => onEnd(`torch_reference.py exited (${signal ?? code})`));
  child.on('error', (error) => onEnd(`torch_reference.py could not start (${error.message})`));

  const next = () =>
    new Promise((resolve, reject) => {
      if (dead) reject(new Error(dead));
      else waiting.push({ resolve, reject });
    });
  let timer;
  const ready = await Promise.race([
    next(),
    new Promise((_, reject) => {
      timer = setTimeout(() => reject(new Error('torch_reference.py was not ready in time')), readyTimeoutMs);
    }),
  ])
    .catch((error) => {
      child.kill('SIGTERM');
      throw error;
    })
    // A pending timer would keep the bench alive for readyTimeoutMs after everything else has ended.
    .finally(() => clearTimeout(timer));

  return {
    torchVersion: ready.torch_version,
    async send(command) {
      const answer = next();
      child.stdin.write(`${JSON.stringify(command)}\n`);
      const result = await answer;
      if (result.error) throw new Error(`torch_reference.py: ${result.error}`);
      return result;
    },
    stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    },
  };
}
