/**
 * backends.html: which training backend `auto` picks on this device and why, and a check that trains the article's
 * MLP on the CPU backend and on another backend, one after the other, showing each one's time per epoch, its epoch
 * losses, its validation accuracy and how far its losses are from the CPU's. It talks to the real training worker
 * through the client (no tfjs on this page), so it is also the project's tool for measuring ms/epoch per backend.
 *
 * URL parameters (all optional; the form shows them): backend=auto|webgpu|webgl|wasm|cpu, epochs, samples,
 * dataset, lr, allowFallbackAdapter=1 (test-only: WebGPU may use a software adapter), autorun=1.
 * Text that came from the URL only ever goes into textContent and form values.
 */
import { createTrainingClient } from '../training/client';
import type { BackendRequest, WorkerEvent } from '../training/protocol';
import { BACKEND_NAMES, DATASET_NAMES, type DatasetName, type EpochMetrics, MAX_EPOCHS, type TrainingConfig } from '../training/types';

const REQUESTS: readonly BackendRequest[] = ['auto', ...BACKEND_NAMES];

// ------------------------------------------------------------------------------------------------ URL parameters

interface Settings {
  backend: BackendRequest;
  epochs: number;
  samples: number | undefined;
  dataset: DatasetName;
  lr: number;
  allowFallbackAdapter: boolean;
  autorun: boolean;
}

function readSettings(search: string): { settings: Settings; warnings: string[] } {
  const params = new URLSearchParams(search);
  const warnings: string[] = [];
  const backendRaw = params.get('backend') ?? 'auto';
  const backend = (REQUESTS as readonly string[]).includes(backendRaw) ? (backendRaw as BackendRequest) : 'auto';
  if (backend !== backendRaw) warnings.push(`Unknown backend "${backendRaw}"; using auto (one of ${REQUESTS.join(', ')}).`);
  const datasetRaw = params.get('dataset') ?? 'digits';
  const dataset = (DATASET_NAMES as readonly string[]).includes(datasetRaw) ? (datasetRaw as DatasetName) : 'digits';
  if (dataset !== datasetRaw) warnings.push(`Unknown dataset "${datasetRaw}"; using digits.`);
  const int = (name: string, fallback: number | undefined, max: number): number | undefined => {
    const raw = params.get(name);
    if (raw === null || raw === '') return fallback;
    const n = Number(raw);
    if (Number.isInteger(n) && n >= 1 && n <= max) return n;
    warnings.push(`${name} must be a whole number from 1 to ${max}; got "${raw}".`);
    return fallback;
  };
  const lrRaw = params.get('lr');
  return {
    settings: {
      backend,
      epochs: int('epochs', 3, MAX_EPOCHS) as number,
      samples: int('samples', undefined, 1_000_000),
      dataset,
      // Not checked here on purpose: the worker validates the config, and a bad lr shows its message.
      lr: lrRaw === null ? 0.1 : Number(lrRaw),
      allowFallbackAdapter: params.get('allowFallbackAdapter') === '1',
      autorun: params.get('autorun') === '1',
    },
    warnings,
  };
}

/**
 * The seed article's Keras example: the MLP with hidden [128, 64] and ReLU (Keras's glorot_uniform), SGD, and its
 * LearningRateScheduler(step_decay) halving the LR every 10 epochs from initial_lr (0.1 in the article; `lr` here);
 * batch 32, seed 0. A bad lr goes to the worker as optimizer.lr, whose validation says what is allowed.
 */
const stepDecay = (initialLr: number) => `import numpy as np

def step_decay(epoch):
    initial_lr = ${String(initialLr)}
    drop_factor = 0.5
    epochs_drop = 10
    return initial_lr * np.power(drop_factor, np.floor((1 + epoch) / epochs_drop))
`;

function configOf(s: Pick<Settings, 'dataset' | 'samples' | 'epochs' | 'lr'>): TrainingConfig {
  const usable = Number.isFinite(s.lr) && s.lr > 0;
  return {
    dataset: { name: s.dataset, ...(s.samples !== undefined ? { samples: s.samples } : {}) },
    model: { kind: 'mlp', hidden: [128, 64], activation: 'relu' },
    init: 'glorot_uniform',
    optimizer: { kind: 'SGD', lr: s.lr },
    schedule: { framework: 'keras', name: 'LearningRateScheduler', args: { schedule: stepDecay(usable ? s.lr : 0.1) } },
    epochs: s.epochs,
    batchSize: 32,
    seed: 0,
  };
}

// ------------------------------------------------------------------------------------------------ numbers

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  if (sorted.length === 0) return Number.NaN;
  return sorted.length % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/** The largest |a − b| / |b| over the epochs' training and validation losses (b: the CPU's). */
export function maxRelativeDifference(runs: EpochMetrics[], reference: EpochMetrics[]): number {
  let worst = 0;
  const n = Math.min(runs.length, reference.length);
  if (n === 0) return Number.NaN;
  for (let i = 0; i < n; i++) {
    const a = runs[i] as EpochMetrics;
    const b = reference[i] as EpochMetrics;
    for (const key of ['loss', 'val_loss'] as const) {
      const d = Math.abs(a[key] - b[key]) / Math.max(Math.abs(b[key]), Number.MIN_VALUE);
      worst = Math.max(worst, Number.isNaN(d) ? Number.POSITIVE_INFINITY : d);
    }
  }
  return worst;
}

// ------------------------------------------------------------------------------------------------ the page

/** An element with attributes (setAttribute: our own constant strings and checked values) and children (text nodes). */
function el<K extends keyof HTMLElementTagNameMap>(tag: K, attributes: Record<string, string> = {}, ...children: (Node | string)[]) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
  node.append(...children);
  return node;
}

const output = (label: string) => {
  const o = el('output');
  o.setAttribute('aria-label', label);
  return o;
};

const ROWS = [
  { key: 'reference', title: 'CPU reference', label: 'Reference' },
  { key: 'compared', title: 'Compared backend', label: 'Compared' },
] as const;
type RowKey = (typeof ROWS)[number]['key'];
const COLUMNS = [
  { key: 'backend', title: 'Backend', label: 'backend' },
  { key: 'reason', title: 'Why', label: 'reason' },
  { key: 'firstMs', title: 'First epoch (ms)', label: 'first epoch ms' },
  { key: 'msPerEpoch', title: 'ms per epoch (median after the first)', label: 'ms per epoch' },
  { key: 'losses', title: 'Epoch losses', label: 'losses' },
  { key: 'valLosses', title: 'Validation losses', label: 'val losses' },
  { key: 'valAccuracy', title: 'Validation accuracy (last epoch)', label: 'val accuracy' },
  { key: 'difference', title: 'Max relative loss difference vs CPU', label: 'max relative difference' },
] as const;
type ColumnKey = (typeof COLUMNS)[number]['key'];

function mount(root: HTMLElement): void {
  const { settings, warnings } = readSettings(location.search);
  const client = createTrainingClient();

  // The automatic choice.
  const auto = { backend: output('Automatic backend'), reason: output('Automatic reason'), notices: output('Automatic notices') };
  auto.backend.textContent = 'checking…';
  const autoSection = el(
    'section',
    {},
    el('h2', { id: 'auto-heading' }, 'Automatic choice'),
    el(
      'dl',
      {},
      el('dt', {}, 'Backend'),
      el('dd', {}, auto.backend),
      el('dt', {}, 'Why'),
      el('dd', {}, auto.reason),
      el('dt', {}, 'Notices'),
      el('dd', {}, auto.notices),
    ),
  );
  autoSection.setAttribute('aria-labelledby', 'auto-heading');

  // The form.
  const backendSelect = el('select', { id: 'backend', name: 'backend' }, ...REQUESTS.map((r) => el('option', { value: r }, r)));
  backendSelect.value = settings.backend;
  const epochsInput = el('input', { id: 'epochs', name: 'epochs', type: 'number', min: '1', max: String(MAX_EPOCHS), step: '1' });
  epochsInput.value = String(settings.epochs);
  const samplesInput = el('input', { id: 'samples', name: 'samples', type: 'number', min: '1', step: '1', placeholder: 'all' });
  samplesInput.value = settings.samples === undefined ? '' : String(settings.samples);
  const checkButton = el('button', { type: 'submit' }, 'Check backends');
  const stopButton = el('button', { type: 'button' }, 'Stop');
  stopButton.disabled = true;
  const form = el(
    'form',
    {},
    el('label', { for: 'backend' }, 'Backend to compare with CPU '),
    backendSelect,
    ' ',
    el('label', { for: 'epochs' }, 'Epochs '),
    epochsInput,
    ' ',
    el('label', { for: 'samples' }, `Samples (${settings.dataset}) `),
    samplesInput,
    ' ',
    checkButton,
    ' ',
    stopButton,
  );
  form.setAttribute('aria-label', 'Backend check');

  const status = el('p', { role: 'status' });
  status.setAttribute('aria-label', 'Status');
  status.textContent = 'Idle.';
  const alert = el('p', { role: 'alert' });
  alert.setAttribute('aria-label', 'Problems');
  alert.textContent = warnings.join(' ');

  // The table: one row per run, an <output> per value.
  const cells = {} as Record<RowKey, Record<ColumnKey, HTMLOutputElement>>;
  const tbody = el('tbody');
  for (const row of ROWS) {
    const outputs = {} as Record<ColumnKey, HTMLOutputElement>;
    const tr = el('tr', {}, el('th', { scope: 'row' }, row.title));
    for (const column of COLUMNS) {
      outputs[column.key] = output(`${row.label} ${column.label}`);
      tr.append(el('td', {}, outputs[column.key]));
    }
    cells[row.key] = outputs;
    tbody.append(tr);
  }
  const table = el(
    'table',
    {},
    el('caption', {}, 'Backend comparison'),
    el('thead', {}, el('tr', {}, el('th', { scope: 'col' }, 'Run'), ...COLUMNS.map((c) => el('th', { scope: 'col' }, c.title)))),
    tbody,
  );
  const notices = output('Compared notices');
  root.append(autoSection, el('h2', {}, 'Check'), form, status, alert, table, el('p', {}, 'Notices: ', notices));

  // ---- state of one check: the reference run, then the compared one
  let check = 0;
  let current: { id: number; row: RowKey; runId: string; settings: Settings; epochs: EpochMetrics[] } | null = null;
  const finished: Partial<Record<RowKey, EpochMetrics[]>> = {};

  const show = (row: RowKey, column: ColumnKey, text: string) => {
    cells[row][column].textContent = text;
  };

  const showEpochs = (row: RowKey, epochs: EpochMetrics[]) => {
    const ms = epochs.map((m) => m.seconds * 1000);
    show(row, 'firstMs', ms.length > 0 ? (ms[0] as number).toFixed(0) : '');
    show(row, 'msPerEpoch', ms.length > 1 ? median(ms.slice(1)).toFixed(0) : ms.length === 1 ? (ms[0] as number).toFixed(0) : '');
    show(row, 'losses', epochs.map((m) => String(m.loss)).join(' '));
    show(row, 'valLosses', epochs.map((m) => String(m.val_loss)).join(' '));
    show(row, 'valAccuracy', epochs.length > 0 ? String((epochs.at(-1) as EpochMetrics).val_accuracy) : '');
    const reference = finished.reference;
    if (row === 'compared' && reference) show(row, 'difference', maxRelativeDifference(epochs, reference).toExponential(2));
    if (row === 'reference') show(row, 'difference', epochs.length > 0 ? '0 (the reference)' : '');
  };

  const setRunning = (running: boolean) => {
    checkButton.disabled = running;
    stopButton.disabled = !running;
  };

  const startRun = (row: RowKey, s: Settings) => {
    const runId = `check-${check}-${row}`;
    current = { id: check, row, runId, settings: s, epochs: [] };
    const backend = row === 'reference' ? 'cpu' : s.backend;
    status.textContent = `Training on ${backend === 'auto' ? 'the automatic choice' : backend} (${row === 'reference' ? 'CPU reference' : 'compared backend'})…`;
    client.start([{ runId, config: configOf(s), backend }], s.allowFallbackAdapter ? { allowFallbackAdapter: true } : {});
  };

  const onEvent = (event: WorkerEvent) => {
    switch (event.type) {
      case 'backend-ready': {
        if (event.runIds.length === 0) {
          auto.backend.textContent = event.backend;
          auto.reason.textContent = event.reason;
          auto.notices.textContent = event.notices.length > 0 ? event.notices.join(' · ') : 'none';
          return;
        }
        const row = current && event.runIds.includes(current.runId) ? current.row : null;
        if (!row) return;
        show(row, 'backend', event.backend);
        show(row, 'reason', event.reason);
        if (row === 'compared') notices.textContent = event.notices.length > 0 ? event.notices.join(' · ') : 'none';
        return;
      }
      case 'epoch':
        if (current && event.runId === current.runId) {
          current.epochs.push(event.metrics);
          showEpochs(current.row, current.epochs);
        }
        return;
      case 'batch':
        if (current && event.runId === current.runId)
          status.textContent = `${status.textContent?.replace(/ step \d+.*$/, '')} step ${event.step}, loss ${event.loss.toFixed(4)}`;
        return;
      case 'diverged':
        if (current && event.runId === current.runId)
          alert.textContent = `Diverged at epoch ${event.epoch}, step ${event.step}: ${event.reason}`;
        return;
      case 'done': {
        if (!current || event.runId !== current.runId) return;
        const run = current;
        show(run.row, 'backend', event.result.backend);
        if (event.result.stopped) {
          status.textContent = 'Stopped.';
          current = null;
          setRunning(false);
          return;
        }
        finished[run.row] = run.epochs;
        if (run.row === 'reference') startRun('compared', run.settings);
        else {
          showEpochs('compared', run.epochs);
          status.textContent = `Done: ${event.result.backend} vs CPU, ${run.epochs.length} epoch${run.epochs.length === 1 ? '' : 's'}.`;
          current = null;
          setRunning(false);
        }
        return;
      }
      case 'failed':
        if (event.runId === undefined || (current && event.runId === current.runId)) {
          alert.textContent = event.message;
          if (event.runId !== undefined || client.activeRuns().length === 0) {
            status.textContent = 'Failed.';
            current = null;
            setRunning(false);
          }
        }
        return;
      case 'boundary':
      case 'evaluation':
      case 'lr-find-step':
      case 'lr-find-done':
        // The training view draws these; this page compares speeds and losses only.
        return;
      default: {
        const never: never = event;
        return never;
      }
    }
  };
  client.subscribe(onEvent);

  const readForm = (): Settings | null => {
    const epochs = Number(epochsInput.value);
    if (!Number.isInteger(epochs) || epochs < 1 || epochs > MAX_EPOCHS) {
      alert.textContent = `Epochs must be a whole number from 1 to ${MAX_EPOCHS}.`;
      return null;
    }
    const samples = samplesInput.value === '' ? undefined : Number(samplesInput.value);
    return { ...settings, backend: backendSelect.value as BackendRequest, epochs, samples };
  };

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const s = readForm();
    if (!s) return;
    check += 1;
    alert.textContent = '';
    notices.textContent = '';
    delete finished.reference;
    delete finished.compared;
    for (const row of ROWS) for (const column of COLUMNS) show(row.key, column.key, '');
    setRunning(true);
    startRun('reference', s);
  });
  stopButton.addEventListener('click', () => {
    status.textContent = 'Stopping…';
    client.stop();
  });

  client.probe('auto', settings.allowFallbackAdapter ? { allowFallbackAdapter: true } : {});
  if (settings.autorun) form.requestSubmit();
}

const root = document.getElementById('root');
if (root) mount(root);
