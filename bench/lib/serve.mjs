// Building the production app and serving dist/ with `vite preview` for the benches that drive a browser.
import { spawn, spawnSync } from 'node:child_process';

const VITE = 'node_modules/vite/bin/vite.js';

/** The production build, as the app ships; returns false when it failed (its output went to the terminal). */
export function buildApp() {
  const build = spawnSync(process.execPath, [VITE, 'build', '--logLevel', 'error'], { stdio: 'inherit' });
  return build.status === 0;
}

/**
 * `vite preview` on 127.0.0.1:port in a process group of its own: stop() ends the group, so no vite is left behind
 * to serve a stale build to the next run. Resolves once the server answers, or rejects after timeoutMs.
 */
export async function startPreview(port, { timeoutMs = 20_000 } = {}) {
  const server = spawn(process.execPath, [VITE, 'preview', '--host', '127.0.0.1', '--port', String(port), '--strictPort'], {
    stdio: 'ignore',
    detached: true,
  });
  let exited = null;
  server.on('exit', (code) => {
    exited = code;
  });
  const stop = () => {
    try {
      process.kill(-server.pid, 'SIGTERM');
    } catch {
      // Already gone.
    }
  };
  const baseUrl = `http://127.0.0.1:${port}/`;
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (exited !== null) throw new Error(`vite preview exited with code ${exited} (is port ${port} taken?)`);
    try {
      const response = await fetch(`${baseUrl}backends.html`);
      if (response.ok) return { baseUrl, stop };
    } catch {
      // Not listening yet.
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  stop();
  throw new Error(`vite preview did not answer on port ${port} within ${timeoutMs / 1000} s`);
}
