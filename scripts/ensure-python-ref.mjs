// `npm test` step (and `npm run golden`'s first): makes the project-local Python reference environment `.venv-ref`
// that the fixture generators and the export tests run in: real PyTorch 2.13 (CPU build), Keras 3.15 (used with
// KERAS_BACKEND=torch), Hugging Face transformers, NumPy, torch-lr-finder and fastai, every package pinned in
// scripts/python-ref/requirements.txt (dependencies included, installed with --no-deps so nothing else resolves).
//
// Idempotent: when `.venv-ref` was built from the same requirements file (a stamp holds its SHA-256) and its
// interpreter still runs, it installs nothing and only prints the versions it finds.
//
// torch is pinned as `2.13.0+cpu`: pip can take only a CPU build (a local wheel, or the PyTorch CPU index), never
// PyPI's CUDA build of several GB. Where no such wheel is reachable, it stops and says what to install.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const VENV = join(ROOT, '.venv-ref');
const PYTHON = join(VENV, 'bin', 'python');
const REQUIREMENTS = join(ROOT, 'scripts', 'python-ref', 'requirements.txt');
const STAMP = join(VENV, '.requirements.sha256');
const BASE_PYTHON = process.env.PYTHON ?? 'python3';
const REPORTED = ['torch', 'keras', 'transformers', 'numpy', 'torch-lr-finder', 'fastai'];
const TAG = 'ensure-python-ref';

function fail(message) {
  console.error(`${TAG}: ${message}`);
  process.exit(1);
}

function run(command, args, options = {}) {
  return spawnSync(command, args, { encoding: 'utf8', ...options });
}

function installedVersions() {
  const code = `import importlib.metadata as m, json; print(json.dumps({p: m.version(p) for p in ${JSON.stringify(REPORTED)}}))`;
  const r = run(PYTHON, ['-c', code], { timeout: 60_000 });
  if (r.status !== 0) return null;
  try {
    return JSON.parse(r.stdout);
  } catch {
    return null;
  }
}

function report(versions, installed) {
  const list = REPORTED.map((p) => `${p} ${versions[p]}`).join(', ');
  console.log(`${TAG}: ${installed ? 'installed' : 'found'} ${list} in ${relative(process.cwd(), VENV) || '.venv-ref'}`);
}

const wanted = createHash('sha256').update(readFileSync(REQUIREMENTS)).digest('hex');
if (existsSync(STAMP) && readFileSync(STAMP, 'utf8').trim() === wanted) {
  const versions = installedVersions();
  if (versions) {
    report(versions, false);
    process.exit(0);
  }
}

const version = run(BASE_PYTHON, ['-c', 'import sys; print("%d.%d" % sys.version_info[:2])']);
if (version.status !== 0) fail(`cannot run ${BASE_PYTHON} (set PYTHON to a Python 3.11 interpreter).`);
if (version.stdout.trim() !== '3.11') {
  fail(
    `${BASE_PYTHON} is Python ${version.stdout.trim()}; the pinned CPU build of torch 2.13.0 is for Python 3.11. ` +
      'Set PYTHON to a Python 3.11 interpreter.',
  );
}

console.log(`${TAG}: building ${relative(process.cwd(), VENV) || '.venv-ref'} from scripts/python-ref/requirements.txt (about 1.6 GB)`);
rmSync(VENV, { recursive: true, force: true });
const venv = run(BASE_PYTHON, ['-m', 'venv', VENV], { stdio: 'inherit' });
if (venv.status !== 0) fail(`${BASE_PYTHON} -m venv failed (Debian: apt-get install python3-venv).`);

const pip = run(
  PYTHON,
  ['-m', 'pip', 'install', '--no-deps', '--only-binary=:all:', '--disable-pip-version-check', '--progress-bar', 'off', '-r', REQUIREMENTS],
  { stdio: ['ignore', 'inherit', 'pipe'] },
);
if (pip.status !== 0) {
  process.stderr.write(pip.stderr);
  if (/torch==2\.13\.0\+cpu/.test(pip.stderr) || /No matching distribution found for torch/.test(pip.stderr)) {
    fail(
      'pip found no CPU build of torch 2.13.0 for this Python. Put the wheel ' +
        'torch-2.13.0+cpu-cp311-cp311-manylinux_2_28_x86_64.whl where pip finds it (a --find-links folder), or install ' +
        'from the PyTorch CPU index: .venv-ref/bin/pip install torch==2.13.0 --index-url https://download.pytorch.org/whl/cpu ' +
        '(then rerun). A CUDA build is never downloaded.',
    );
  }
  fail('pip install failed (see above).');
}

const versions = installedVersions();
if (!versions) fail('the environment was built but its interpreter cannot read the package versions.');
if (!String(versions.torch).endsWith('+cpu')) fail(`torch ${versions.torch} is not a CPU build.`);
writeFileSync(STAMP, `${wanted}\n`);
report(versions, true);
