// `npm run test:e2e`: finds (or, as root with apt, installs) Chromium, builds the app, checks the bundle budget on
// that build (bench/bundle.mjs --no-build), serves the production build with `vite preview` in its own process
// group, runs Playwright against it, and stops the whole group (killing only an npx/npm wrapper would leave vite
// serving a stale build to the next run).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { findChromium } from './find-chromium.mjs';

const INSTALL_HINT = 'sudo apt-get update && sudo apt-get install -y chromium';

function ensureChromium() {
  let found = findChromium();
  if (found.path) return found.path;
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  const hasApt = existsSync('/usr/bin/apt-get');
  if (process.env.CHROMIUM_PATH || !isRoot || !hasApt) {
    console.error(`e2e: ${found.source}.`);
    console.error(`Install Debian's Chromium with:\n  ${INSTALL_HINT}\nor set CHROMIUM_PATH to a Chromium/Chrome binary.`);
    process.exit(1);
  }
  console.log("e2e: no Chromium found; installing Debian's chromium (apt-get update && apt-get install -y chromium)");
  for (const args of [['update'], ['install', '-y', 'chromium']]) {
    const r = spawnSync('apt-get', args, { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
    if (r.status !== 0) {
      console.error(`e2e: apt-get ${args.join(' ')} failed (exit ${r.status}).`);
      process.exit(1);
    }
  }
  found = findChromium();
  if (!found.path) {
    console.error('e2e: chromium was installed but /usr/bin/chromium is missing.');
    process.exit(1);
  }
  return found.path;
}

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

async function waitForHttp(url, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      const res = await fetch(url);
      if (res.ok) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 150));
  }
  throw new Error(`server at ${url} did not answer within ${timeoutMs} ms`);
}

const chromiumPath = ensureChromium();
console.log(`e2e: using Chromium at ${chromiumPath}`);

const build = spawnSync(process.execPath, ['node_modules/vite/bin/vite.js', 'build', '--logLevel', 'warn'], {
  stdio: 'inherit',
});
if (build.status !== 0) process.exit(build.status ?? 1);

// The bundle budget, on the build just made (bench/bundle.mjs: main chunk size, tfjs and the code reader lazy).
const budget = spawnSync(process.execPath, ['bench/bundle.mjs', '--no-build'], { stdio: 'inherit' });
if (budget.status !== 0) process.exit(budget.status ?? 1);

const port = await freePort();
const server = spawn(
  process.execPath,
  ['node_modules/vite/bin/vite.js', 'preview', '--host', '127.0.0.1', '--port', String(port), '--strictPort'],
  { stdio: ['ignore', 'ignore', 'inherit'], detached: true },
);
const stopServer = () => {
  try {
    process.kill(-server.pid, 'SIGTERM');
  } catch {
    // already gone
  }
};
process.on('exit', stopServer);
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => process.exit(130));

const baseURL = `http://127.0.0.1:${port}`;
let status = 1;
try {
  await waitForHttp(baseURL, 30_000);
  const pw = spawnSync(process.execPath, ['node_modules/@playwright/test/cli.js', 'test', ...process.argv.slice(2)], {
    stdio: 'inherit',
    env: { ...process.env, CHROMIUM_PATH: chromiumPath, E2E_BASE_URL: baseURL },
  });
  status = pw.status ?? 1;
} catch (err) {
  console.error(`e2e: ${err.message}`);
} finally {
  stopServer();
}
process.exit(status);
