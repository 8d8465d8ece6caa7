// `npm test` step: makes sure Debian's /usr/bin/python3 can `import torch` (and numpy), since a unit test runs the
// exported PyTorch snippets with real PyTorch. Like scripts/e2e.mjs does for Chromium: if the import fails and this
// runs as root with apt-get, it installs Debian's python3-torch and python3-numpy (apt-get update first);
// otherwise it prints the exact command to run and exits 1. It never uses pip or downloads anything else.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const PYTHON = '/usr/bin/python3';
const PACKAGES = ['python3-torch', 'python3-numpy'];
const INSTALL_HINT = `sudo apt-get update && sudo apt-get install -y --no-install-recommends ${PACKAGES.join(' ')}`;

function canImportTorch() {
  if (!existsSync(PYTHON)) return false;
  const r = spawnSync(PYTHON, ['-c', 'import torch, numpy'], { stdio: 'ignore', timeout: 120_000 });
  return r.status === 0;
}

if (canImportTorch()) process.exit(0);

const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
const hasApt = existsSync('/usr/bin/apt-get');
if (!isRoot || !hasApt) {
  console.error(`ensure-python-torch: ${PYTHON} cannot import torch and numpy (the exported PyTorch code is tested with real PyTorch).`);
  console.error(`Install Debian's packages with:\n  ${INSTALL_HINT}`);
  process.exit(1);
}

console.log(`ensure-python-torch: installing Debian's ${PACKAGES.join(' ')} (apt-get update && apt-get install)`);
for (const args of [['update'], ['install', '-y', '--no-install-recommends', ...PACKAGES]]) {
  const r = spawnSync('apt-get', args, { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  if (r.status !== 0) {
    console.error(`ensure-python-torch: apt-get ${args.join(' ')} failed (exit ${r.status}).`);
    process.exit(1);
  }
}
if (!canImportTorch()) {
  console.error(`ensure-python-torch: the packages were installed but ${PYTHON} still cannot import torch.`);
  process.exit(1);
}
