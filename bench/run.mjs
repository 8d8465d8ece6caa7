// `npm run bench`: how fast the app trains, against real PyTorch on the same CPU, and what the page feels like
// meanwhile. Builds the production app (skip with --no-build), serves dist/ with `vite preview` on port 4331,
// drives headless Chromium, runs bench/torch_reference.py in .venv-ref, prints a table and writes
// bench/results/latest.json. Parts:
//   train            ms per epoch of the MLP workload per tfjs backend, in the real training worker;
//   torch_reference  the same workload in PyTorch (1 and 2 threads), alternating with the browser, round by round;
//   compare          the app's own Train on 6 panels × 3 seeds × 20 epochs, against PyTorch doing the same 18 runs;
//   frames           animation frames and long tasks on the page's main thread while `compare` trains;
//   tensors          the worker's tfjs tensor count after one run and after 10 more;
//   bundle           gzip sizes of the main chunk, the worker chunk and the fused kernel;
//   curve            bench/lib/curve.mjs's curve latency and first-curve time, when that module is there.
// A missed goal never fails the bench (exit 0); it exits non-zero only when it cannot run (build, server, browser).
// Run: node bench/run.mjs [--quick] [--no-build]
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { chromium } from '@playwright/test';
import { findChromium } from '../scripts/find-chromium.mjs';
import { comparePermalink, measureAppCompare } from './lib/app-compare.mjs';
import { bundleSizes } from './lib/bundle-sizes.mjs';
import { buildApp, startPreview } from './lib/serve.mjs';
import { engineSplitSizes } from './lib/split-sizes.mjs';
import { median, percentile, round } from './lib/stats.mjs';
import { startTorchReference } from './lib/torch.mjs';
import { builtWorkerFile, openWorkerPage, runWorkerSession } from './lib/worker-session.mjs';

const argv = process.argv.slice(2);
const QUICK = argv.includes('--quick');
const BUILD = !argv.includes('--no-build');
const PORT = 4331;
const RESULTS = 'bench/results/latest.json';
const benchStarted = Date.now();

// ------------------------------------------------------------------------------------------------ the workloads

/** The train workload: all 1,797 digits with 16.5 % held out per class gives exactly 1,500 training rows (checked below). */
const TRAIN_DATASET = { name: 'digits', samples: 1797, validationFraction: 0.165 };
const TRAIN_ROWS = 1500;
const BATCH = 32;
const LR = 0.1;
const HIDDEN = [128, 64];
/** Dense layers as [inputs, outputs]: 64 → 128 → 64 → 10. */
const LAYERS = [
  [64, 128],
  [128, 64],
  [64, 10],
];
/**
 * Floating-point operations per epoch, counting a multiply-add as 2 and only the matrix products (real, unpadded
 * dims; biases, activations, the loss and the validation pass are not counted). Per batch of B rows:
 *   forward            2·B·Σ_layers (in·out)
 *   weight gradients   2·B·Σ_layers (in·out)
 *   input gradients    2·B·Σ_{layers ≥ 1} (in·out)   (the first layer's input needs no gradient)
 * summed over the batches of an epoch (1,500 rows at 32: 46 × 32 + 28, 47 batches). B enters linearly, so this is
 * 1,500 × 85,760 = 128.64 MFLOP.
 */
function flopsPerEpoch(trainRows, batch) {
  const all = LAYERS.reduce((sum, [i, o]) => sum + i * o, 0);
  const afterFirst = LAYERS.slice(1).reduce((sum, [i, o]) => sum + i * o, 0);
  const perRow = 2 * all + 2 * all + 2 * afterFirst;
  let flops = 0;
  for (let start = 0; start < trainRows; start += batch) flops += perRow * Math.min(batch, trainRows - start);
  return flops;
}

/** A constant LR as the engine's schedules allow it: torch's StepLR with gamma 1 never changes the LR. */
const CONSTANT_SCHEDULE = { framework: 'torch', name: 'StepLR', args: { step_size: 1, gamma: 1 } };

function trainConfig(epochs, seed = 0) {
  return {
    dataset: TRAIN_DATASET,
    model: { kind: 'mlp', hidden: HIDDEN, activation: 'relu' },
    init: 'glorot_uniform',
    optimizer: { kind: 'SGD', lr: LR },
    schedule: CONSTANT_SCHEDULE,
    epochs,
    batchSize: BATCH,
    seed,
  };
}

/** Six torch schedules for the compare workload (the same calls go to torch.optim.lr_scheduler). */
const compareSchedules = (epochs) => [
  { name: 'StepLR', args: { step_size: Math.max(1, Math.round(epochs / 4)), gamma: 0.5 } },
  { name: 'CosineAnnealingLR', args: { T_max: epochs } },
  { name: 'ExponentialLR', args: { gamma: 0.9 } },
  { name: 'MultiStepLR', args: { milestones: [Math.round(epochs / 2), Math.round((3 * epochs) / 4)], gamma: 0.1 } },
  { name: 'LinearLR', args: { start_factor: 0.25, end_factor: 1, total_iters: Math.max(1, Math.round(epochs / 4)) } },
  { name: 'PolynomialLR', args: { total_iters: epochs, power: 2 } },
];

const PLAN = QUICK
  ? { pairs: 2, warmup: 1, timed: 5, slowTimed: 0, compare: { panels: 2, seeds: 1, epochs: 5 }, tensorRuns: 10, tensorEpochs: 2 }
  : { pairs: 5, warmup: 1, timed: 7, slowTimed: 2, compare: { panels: 6, seeds: 3, epochs: 20 }, tensorRuns: 10, tensorEpochs: 2 };
const COMPARE_MOMENTUM = 0;

/** Every backend is asked for by name. The fast ones are measured every round; the others once, in round 1. */
const BACKENDS = ['fused', 'wasm', 'cpu', 'webgl', 'webgpu'];
const EVERY_ROUND = new Set(['fused', 'wasm']);
/** WebGL and WebGPU run on SwiftShader (a software GPU) here: a warm-up and only 2 timed epochs. */
const SLOW = new Set(['webgl', 'webgpu']);

// ------------------------------------------------------------------------------------------------ clean-up

const toClose = [];
let stopServer = () => {};
let torch = null;
const stopSync = () => {
  stopServer();
  torch?.stop();
};
process.on('exit', stopSync);
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, async () => {
    console.error(`bench: ${signal}, cleaning up`);
    await Promise.race([Promise.allSettled(toClose.map((b) => b.close())), new Promise((r) => setTimeout(r, 3000))]);
    stopSync();
    process.exit(130);
  });
}

function fatal(message) {
  console.error(`bench: ${message}`);
  process.exit(1);
}

const log = (message) => console.error(`[bench ${((Date.now() - benchStarted) / 1000).toFixed(1)} s] ${message}`);
const errorText = (error) => (error instanceof Error ? error.message : String(error));

// ------------------------------------------------------------------------------------------------ set-up

if (BUILD) {
  log('building the production app');
  if (!buildApp()) fatal('the build failed');
}
const workerFile = (() => {
  try {
    return builtWorkerFile();
  } catch {
    return null;
  }
})();
if (!workerFile) fatal('no training worker in dist/assets: run without --no-build');

const [trainSizes, compareSizes] = await engineSplitSizes([TRAIN_DATASET, { name: 'digits' }]);
if (trainSizes.train !== TRAIN_ROWS) fatal(`the train workload's split gives ${trainSizes.train} training rows, not ${TRAIN_ROWS}`);
const FLOPS = flopsPerEpoch(trainSizes.train, BATCH);
const BATCHES = Math.ceil(trainSizes.train / BATCH);

let server;
try {
  server = await startPreview(PORT);
} catch (error) {
  fatal(errorText(error));
}
stopServer = server.stop;
const { baseUrl } = server;

const chromiumPath = findChromium();
const launch = async (extraArgs = []) => {
  const browser = await chromium.launch({
    ...(chromiumPath.path ? { executablePath: chromiumPath.path } : {}),
    args: ['--disable-quic', ...extraArgs],
  });
  toClose.push(browser);
  return browser;
};
let browser;
try {
  browser = await launch();
} catch (error) {
  fatal(`Chromium did not start (${chromiumPath.source}): ${errorText(error)}`);
}
const chromiumVersion = browser.version();

let torchStartError = null;
try {
  log('starting the PyTorch reference process');
  torch = await startTorchReference();
} catch (error) {
  torchStartError = errorText(error);
  log(`PyTorch reference unavailable: ${torchStartError}`);
}

// ------------------------------------------------------------------------------------------------ train, alternating with torch

/** One backend's epochs in a fresh worker: { seconds (timed epochs only), backend, reason } or { failed }. */
async function measureBackend(page, backend, roundIndex) {
  const timed = SLOW.has(backend) ? PLAN.slowTimed : PLAN.timed;
  const total = PLAN.warmup + timed;
  const session = await runWorkerSession(page, {
    workerFile,
    starts: [
      {
        runs: [{ runId: `${backend}-${roundIndex}`, config: trainConfig(total), backend }],
        ...(backend === 'webgpu' ? { allowFallbackAdapter: true } : {}),
      },
    ],
    timeoutMs: SLOW.has(backend) ? 180_000 : 120_000,
  });
  const run = session.runs[`${backend}-${roundIndex}`];
  if (run.failed) return { failed: `the worker refused or failed the run: ${run.failed}` };
  if (run.ready && run.ready.backend !== backend) {
    const notices = run.ready.notices.length > 0 ? ` (notices: ${run.ready.notices.join(' | ')})` : '';
    return { failed: `asked for ${backend}, the worker fell back to ${run.ready.backend}: ${run.ready.reason}${notices}` };
  }
  if (session.timedOut) return { failed: `timed out after ${run.seconds.length} of ${total} epochs` };
  if (run.seconds.length < total) return { failed: `the run ended after ${run.seconds.length} of ${total} epochs` };
  return { seconds: run.seconds.slice(PLAN.warmup), warmupSeconds: run.seconds.slice(0, PLAN.warmup), reason: run.ready?.reason ?? '' };
}

const perBackend = Object.fromEntries(BACKENDS.map((b) => [b, { seconds: [], roundMedians: [], failed: null, reason: null }]));
const torchRounds = { 1: [], 2: [] };
const torchRoundMedians = { 1: [], 2: [] };
const pairs = [];
let torchError = torchStartError;

log(`train: ${PLAN.pairs} rounds (browser, then PyTorch), ${PLAN.warmup} warm-up + ${PLAN.timed} timed epochs`);
const workerPage = await openWorkerPage(browser, baseUrl);
for (let roundIndex = 0; roundIndex < PLAN.pairs; roundIndex++) {
  /** backend → this round's median ms per epoch */
  const thisRound = {};
  for (const backend of BACKENDS) {
    const state = perBackend[backend];
    if (roundIndex > 0 && !EVERY_ROUND.has(backend)) continue;
    if (state.failed) continue;
    if (SLOW.has(backend) && QUICK) {
      state.failed = 'skipped under --quick (SwiftShader software GPU: ~5x (WebGL) to ~30x (WebGPU) slower than wasm)';
      continue;
    }
    let webgpuBrowser = null;
    try {
      let page = workerPage;
      if (backend === 'webgpu') {
        // WebGPU needs --enable-unsafe-webgpu: a browser of its own, so the flag cannot change the other measurements.
        webgpuBrowser = await launch(['--enable-unsafe-webgpu']);
        page = await openWorkerPage(webgpuBrowser, baseUrl);
      }
      const result = await measureBackend(page, backend, roundIndex);
      if (result.failed) {
        state.failed = result.failed;
      } else {
        state.seconds.push(...result.seconds);
        state.roundMedians.push(median(result.seconds));
        thisRound[backend] = median(result.seconds) * 1000;
        state.reason = result.reason;
      }
      log(`  round ${roundIndex + 1} ${backend}: ${result.failed ?? `${(median(result.seconds) * 1000).toFixed(1)} ms/epoch`}`);
    } catch (error) {
      state.failed = `the measurement threw: ${errorText(error)}`;
      log(`  round ${roundIndex + 1} ${backend}: ${state.failed}`);
    } finally {
      await webgpuBrowser?.close();
    }
  }
  // Our best backend this round: the fastest median among those measured in it.
  const best = Object.entries(thisRound)
    .map(([backend, ms]) => ({ backend, ms }))
    .sort((a, b) => a.ms - b.ms)[0];

  let torchMs = null;
  if (torch && !torchError) {
    try {
      const medians = { 1: null, 2: null };
      // 2 threads first: their pool's spinning threads then settle during the 1-thread run, not in the next browser round.
      for (const threads of [2, 1]) {
        const answer = await torch.send({
          cmd: 'train',
          threads,
          warmup: PLAN.warmup,
          epochs: PLAN.timed,
          train_rows: trainSizes.train,
          validation_rows: trainSizes.validation,
          lr: LR,
        });
        torchRounds[threads].push(...answer.epoch_ms.slice(PLAN.warmup));
        torchRoundMedians[threads].push(answer.median_ms);
        medians[threads] = answer.median_ms;
      }
      torchMs = Math.min(medians[1], medians[2]);
      log(`  round ${roundIndex + 1} torch: 1 thread ${medians[1].toFixed(1)} ms, 2 threads ${medians[2].toFixed(1)} ms`);
    } catch (error) {
      torchError = errorText(error);
      log(`  round ${roundIndex + 1} torch: ${torchError}`);
    }
  }
  if (best && torchMs !== null) pairs.push({ ours_ms: round(best.ms), ours_backend: best.backend, torch_ms: round(torchMs) });
}
await workerPage.close();

const train = BACKENDS.map((backend) => {
  const state = perBackend[backend];
  if (state.seconds.length === 0) {
    return { backend, ms_per_epoch: null, samples_per_s: null, gflops: null, reason: state.failed ?? 'not measured' };
  }
  const seconds = median(state.seconds);
  return {
    backend,
    ms_per_epoch: round(seconds * 1000),
    samples_per_s: round(trainSizes.train / seconds, 0),
    gflops: round(FLOPS / seconds / 1e9, 3),
    timed_epochs: state.seconds.length,
    rounds: state.roundMedians.length,
    round_medians_ms: state.roundMedians.map((s) => round(s * 1000)),
    ...(SLOW.has(backend) ? { note: `SwiftShader (a software GPU): ${PLAN.warmup} warm-up + only ${PLAN.slowTimed} timed epochs` } : {}),
    ...(state.failed ? { later_failure: state.failed } : {}),
  };
});

const torchMedian1 = median(torchRounds[1]);
const torchMedian2 = median(torchRounds[2]);
const torchReference =
  torchMedian1 === null && torchMedian2 === null
    ? null
    : {
        ms_per_epoch_1_thread: round(torchMedian1),
        ms_per_epoch_2_threads: round(torchMedian2),
        ms_per_epoch: round(Math.min(torchMedian1 ?? Number.POSITIVE_INFINITY, torchMedian2 ?? Number.POSITIVE_INFINITY)),
        threads: (torchMedian2 ?? Number.POSITIVE_INFINITY) < (torchMedian1 ?? Number.POSITIVE_INFINITY) ? 2 : 1,
        torch_version: torch?.torchVersion ?? null,
        round_medians_ms: { 1: torchRoundMedians[1].map((m) => round(m)), 2: torchRoundMedians[2].map((m) => round(m)) },
        timed_epochs_per_thread_count: torchRounds[1].length,
      };
const ratioVsTorch = pairs.length > 0 ? median(pairs.map((p) => p.torch_ms / p.ours_ms)) : null;

// ------------------------------------------------------------------------------------------------ tensors

async function measureTensors() {
  const page = await openWorkerPage(browser, baseUrl);
  try {
    // Run 0 gives the first count the protocol exposes (the backend and the data loaded); then 10 more runs.
    const starts = Array.from({ length: PLAN.tensorRuns + 1 }, (_, i) => ({
      runs: [{ runId: `tensors-${i}`, config: trainConfig(PLAN.tensorEpochs, i), backend: 'wasm' }],
    }));
    const session = await runWorkerSession(page, { workerFile, starts, timeoutMs: 300_000 });
    const counts = starts.map((s) => session.runs[s.runs[0].runId]?.done?.tensors ?? null);
    const failures = Object.values(session.runs).flatMap((r) => (r.failed ? [r.failed] : []));
    const backends = [...new Set(Object.values(session.runs).map((r) => r.ready?.backend ?? r.done?.backend))];
    if (failures.length > 0 || session.timedOut || counts.some((c) => c === null)) {
      throw new Error(failures[0] ?? (session.timedOut ? 'timed out' : 'a done event carried no tensor count'));
    }
    return { baseline: counts[0], after: counts.at(-1), counts, backends };
  } finally {
    await page.close();
  }
}

let tensors = null;
let tensorsError = null;
log(`tensors: ${PLAN.tensorRuns + 1} runs of ${PLAN.tensorEpochs} epochs on wasm`);
try {
  tensors = await measureTensors();
} catch (error) {
  tensorsError = errorText(error);
}

// ------------------------------------------------------------------------------------------------ compare (the app's Train)

const compareEpochs = PLAN.compare.epochs;
const schedules = compareSchedules(compareEpochs).slice(0, PLAN.compare.panels);
const compareRuns = schedules.length * PLAN.compare.seeds;
let appCompare = null;
let appCompareError = null;
log(`compare: the app's Train, ${schedules.length} panels × ${PLAN.compare.seeds} seeds × ${compareEpochs} epochs`);
try {
  appCompare = await measureAppCompare(browser, baseUrl, {
    query: comparePermalink({
      schedules,
      epochs: compareEpochs,
      seeds: PLAN.compare.seeds,
      stepsPerEpoch: Math.ceil(compareSizes.train / BATCH),
      lr: LR,
      momentum: COMPARE_MOMENTUM,
    }),
    panels: schedules.length,
    epochs: compareEpochs,
    timeoutMs: 900_000,
  });
  log(`  ${appCompare.wallSeconds.toFixed(2)} s on ${appCompare.backendLabel}`);
} catch (error) {
  appCompareError = errorText(error);
  log(`  failed: ${appCompareError}`);
}

let torchCompare = null;
let torchCompareError = torchError;
/** threads → seconds: always 1 thread; 2 as well when 2 threads won the train rounds (on 2 shared cores they can stall). */
const torchCompareSeconds = {};
if (torch && !torchError) {
  try {
    for (const threads of torchReference?.threads === 2 ? [2, 1] : [1]) {
      const answer = await torch.send({
        cmd: 'compare',
        threads,
        schedules,
        seeds: PLAN.compare.seeds,
        epochs: compareEpochs,
        train_rows: compareSizes.train,
        validation_rows: compareSizes.validation,
        lr: LR,
        momentum: COMPARE_MOMENTUM,
      });
      torchCompareSeconds[threads] = answer.seconds;
      if (!torchCompare || answer.seconds < torchCompare.seconds) torchCompare = answer;
      log(`  torch, ${threads} thread${threads === 1 ? '' : 's'}: ${answer.seconds.toFixed(2)} s`);
    }
  } catch (error) {
    torchCompareError = errorText(error);
  }
}

// ------------------------------------------------------------------------------------------------ curve (another module)

async function curveFigures() {
  let module;
  try {
    module = await import(new URL('./lib/curve.mjs', import.meta.url).href);
  } catch (error) {
    const reason = `bench/lib/curve.mjs could not be loaded: ${errorText(error)}`;
    return { latency: null, latencyReason: reason, first: null, firstReason: reason };
  }
  const out = {};
  for (const [key, name] of [
    ['latency', 'measureCurveLatency'],
    ['first', 'measureFirstCurve'],
  ]) {
    if (typeof module[name] !== 'function') {
      out[key] = null;
      out[`${key}Reason`] = `bench/lib/curve.mjs exports no function ${name}`;
      continue;
    }
    try {
      out[key] = await module[name](browser, baseUrl, { quick: QUICK });
    } catch (error) {
      out[key] = null;
      out[`${key}Reason`] = `${name} threw: ${errorText(error)}`;
    }
  }
  return out;
}
log('curve: bench/lib/curve.mjs');
const curve = await curveFigures();

// ------------------------------------------------------------------------------------------------ the JSON

await Promise.allSettled(toClose.map((b) => b.close()));
torch?.stop();
stopServer();

const cpuModel = /^model name\s*:\s*(.+)$/m.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1]?.trim() ?? cpus()[0]?.model ?? 'unknown';
const bundle = bundleSizes();
const deltas = appCompare?.frameDeltas ?? [];
const idleDeltas = appCompare?.idleFrameDeltas ?? [];
const compareRatio = appCompare && torchCompare ? torchCompare.seconds / appCompare.wallSeconds : null;
const backendOfLabel = { WASM: 'wasm', CPU: 'cpu', WebGL: 'webgl', WebGPU: 'webgpu' };
const nullWith = (field, value, reason) =>
  value === null || value === undefined ? { [field]: null, [`${field}_reason`]: reason } : { [field]: value };

const results = {
  machine: `${cpuModel}, ${cpus().length} cores, Node ${process.version}, Chromium ${chromiumVersion}`,
  date: new Date().toISOString(),
  quick: QUICK,
  duration_s: null,
  workload: {
    model: 'MLP 64 → 128 relu → 64 relu → 10 softmax',
    dataset: TRAIN_DATASET,
    train_samples: trainSizes.train,
    validation_samples: trainSizes.validation,
    batch_size: BATCH,
    batches_per_epoch: BATCHES,
    optimizer: `SGD lr ${LR}, no momentum`,
    schedule: 'torch StepLR(step_size=1, gamma=1): a constant LR',
    init: 'glorot_uniform (Keras), zero biases',
    flops_per_epoch: FLOPS,
    warmup_epochs: PLAN.warmup,
    timed_epochs_per_round: PLAN.timed,
    rounds: PLAN.pairs,
  },
  train,
  train_note:
    "ms_per_epoch is the median of the worker's `epoch` events' `seconds` after the warm-up: it includes that epoch's " +
    'validation pass (297 rows) as the app runs it; samples_per_s = 1500 / seconds; gflops counts only the matrix products ' +
    'of the training batches (forward, weight and input gradients; see flopsPerEpoch in bench/run.mjs), not the validation pass.',
  ...nullWith('torch_reference', torchReference, torchError ?? 'not measured'),
  torch_note:
    'PyTorch on the CPU: ready float32 tensors, torch.randperm per epoch, batches of 32, zero_grad, forward, cross_entropy, ' +
    'backward, SGD step, loss.item() per batch, then a no_grad validation forward; median of the timed epochs of every round.',
  ...nullWith('ratio_vs_torch', pairs.length > 0 ? round(ratioVsTorch, 3) : null, torchError ?? 'no pair was measured'),
  ratio_note: "median over the rounds of (torch's better median ÷ our best backend's median); > 1 means faster than PyTorch",
  pairs,
  ...nullWith(
    'compare',
    appCompare
      ? {
          wall_s: round(appCompare.wallSeconds, 3),
          runs: compareRuns,
          epochs: compareEpochs,
          panels: schedules.length,
          seeds: PLAN.compare.seeds,
          backend: backendOfLabel[appCompare.backendLabel] ?? appCompare.backendLabel?.toLowerCase() ?? null,
          backend_line: appCompare.backendLine,
          schedules: schedules.map((s) => `${s.name}(${JSON.stringify(s.args)})`),
          optimizer: `SGD lr ${LR}, momentum ${COMPARE_MOMENTUM}`,
          train_samples: compareSizes.train,
          validation_samples: compareSizes.validation,
          ...(appCompare.problems.length > 0 ? { page_errors: appCompare.problems } : {}),
        }
      : null,
    appCompareError ?? 'not measured',
  ),
  ...nullWith('compare_torch_s', torchCompare ? round(torchCompare.seconds, 3) : null, torchCompareError ?? 'not measured'),
  compare_torch_threads: torchCompare?.threads ?? null,
  compare_torch_s_by_threads: Object.fromEntries(Object.entries(torchCompareSeconds).map(([t, sec]) => [t, round(sec, 3)])),
  ...nullWith(
    'compare_ratio_vs_torch',
    compareRatio === null ? null : round(compareRatio, 3),
    appCompareError ?? torchCompareError ?? 'a side is missing',
  ),
  ...nullWith(
    'frame_p95_ms_during_training',
    deltas.length > 0 ? round(percentile(deltas, 95)) : null,
    appCompareError ?? 'no frames counted',
  ),
  frames: deltas.length,
  frame_max_ms: deltas.length > 0 ? round(Math.max(...deltas)) : null,
  frame_p95_ms_idle_before_training: idleDeltas.length > 0 ? round(percentile(idleDeltas, 95)) : null,
  frame_note:
    'requestAnimationFrame deltas in index.html from the Train click to the last epoch (idle: the same page during the second before the click); ' +
    'the deltas that span the click itself count in training',
  ...nullWith('long_tasks_during_training', appCompare ? appCompare.longTasks : null, appCompareError ?? 'not measured'),
  long_task_ms: appCompare ? appCompare.longTaskMs.map((ms) => round(ms, 0)) : [],
  ...nullWith('tensors_baseline', tensors?.baseline ?? null, tensorsError ?? 'not measured'),
  ...nullWith('tensors_after_10_runs', tensors?.after ?? null, tensorsError ?? 'not measured'),
  tensors_per_run: tensors?.counts ?? [],
  tensors_note:
    `wasm, ${PLAN.tensorEpochs} epochs per run, one run after another in one worker: the baseline is the count the first run's ` +
    "`done` reports (the protocol's first count: the backend and the data loaded), the other after 10 more runs",
  bundle_gz_kb: {
    main: round(bundle.main),
    worker: round(bundle.worker),
    fused_wasm: round(bundle.fused_wasm),
    ...(bundle.main_reason ? { main_reason: bundle.main_reason } : {}),
    ...(bundle.worker_reason ? { worker_reason: bundle.worker_reason } : {}),
    ...(bundle.fused_wasm_reason ? { fused_wasm_reason: bundle.fused_wasm_reason } : {}),
    files: { main: bundle.main_files, worker: bundle.worker_file, fused_wasm: bundle.fused_wasm_file },
  },
  ...nullWith('curve_latency_ms', curve.latency, curve.latencyReason),
  ...nullWith('first_curve_ms', curve.first ? curve.first.ms : null, curve.firstReason ?? 'measureFirstCurve returned no ms'),
  first_curve_runs: curve.first?.runs ?? null,
};
results.duration_s = round((Date.now() - benchStarted) / 1000, 1);
mkdirSync('bench/results', { recursive: true });
writeFileSync(RESULTS, `${JSON.stringify(results, null, 2)}\n`);

// ------------------------------------------------------------------------------------------------ the table

const fmt = (value, unit = '', digits = 1) => (value === null || value === undefined ? '—' : `${Number(value).toFixed(digits)}${unit}`);
/** Long reasons stay whole in the JSON; the table shows their start. */
const clip = (text, max = 80) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);
const verdict = (ok) => (ok === null ? 'n/a' : ok ? 'met' : 'missed');
const rows = [];
for (const t of train)
  rows.push([
    `train ${t.backend} ms/epoch`,
    t.ms_per_epoch === null ? `— (${clip(t.reason)})` : `${fmt(t.ms_per_epoch)} (${fmt(t.gflops, ' GFLOP/s', 2)})`,
    '',
    '',
  ]);
rows.push([
  'torch ms/epoch',
  torchReference ? `${fmt(torchReference.ms_per_epoch)} (${torchReference.threads} thread${torchReference.threads === 1 ? '' : 's'})` : '—',
  '',
  '',
]);
rows.push([
  'ratio_vs_torch',
  fmt(results.ratio_vs_torch, '×', 2),
  '≥ 4.0',
  verdict(results.ratio_vs_torch === null ? null : results.ratio_vs_torch >= 4),
]);
rows.push([
  `compare wall s (${compareRuns} runs × ${compareEpochs} epochs)`,
  results.compare ? `${fmt(results.compare.wall_s, ' s', 2)} on ${results.compare.backend}` : '—',
  '',
  '',
]);
rows.push(['compare_torch_s', fmt(results.compare_torch_s, ' s', 2), '', '']);
rows.push([
  'compare_ratio_vs_torch',
  fmt(results.compare_ratio_vs_torch, '×', 2),
  '≥ 4.0',
  verdict(results.compare_ratio_vs_torch === null ? null : results.compare_ratio_vs_torch >= 4),
]);
const p95 = curve.latency?.p95 ?? null;
rows.push(['curve_latency p95', fmt(p95, ' ms'), '≤ 16 ms', verdict(p95 === null ? null : p95 <= 16)]);
rows.push([
  'first_curve',
  fmt(results.first_curve_ms, ' ms'),
  '≤ 300 ms',
  verdict(results.first_curve_ms === null ? null : results.first_curve_ms <= 300),
]);
rows.push([
  'frame p95 during training',
  `${fmt(results.frame_p95_ms_during_training, ' ms')} (${results.frames} frames, max ${fmt(results.frame_max_ms, ' ms')})`,
  '≤ 17 ms',
  verdict(results.frame_p95_ms_during_training === null ? null : results.frame_p95_ms_during_training <= 17),
]);
rows.push([
  'long tasks during training',
  results.long_tasks_during_training === null ? '—' : String(results.long_tasks_during_training),
  '0',
  verdict(results.long_tasks_during_training === null ? null : results.long_tasks_during_training === 0),
]);
rows.push([
  'tensors baseline → after 10 runs',
  tensors ? `${tensors.baseline} → ${tensors.after}` : `— (${clip(tensorsError)})`,
  'equal',
  verdict(tensors ? tensors.baseline === tensors.after : null),
]);
rows.push([
  'bundle gzip main / worker / fused wasm',
  `${fmt(bundle.main, ' kB')} / ${fmt(bundle.worker, ' kB')} / ${fmt(bundle.fused_wasm, ' kB')}`,
  '',
  '',
]);
const widths = [0, 1, 2].map((i) => Math.max(...rows.map((r) => r[i].length), ['figure', 'value', 'goal'][i].length));
const line = (r) => `${r[0].padEnd(widths[0])}  ${r[1].padEnd(widths[1])}  ${r[2].padEnd(widths[2])}  ${r[3]}`;
console.log(`\nLR Playground bench${QUICK ? ' (--quick)' : ''}: ${results.machine}`);
console.log(line(['figure', 'value', 'goal', '']));
console.log(line([widths[0], widths[1], widths[2]].map((w) => '-'.repeat(w)).concat('------')));
for (const r of rows) console.log(line(r));
console.log(`\nwrote ${RESULTS} in ${results.duration_s} s`);
