/**
 * The runs file: what "Export runs" writes and "Import runs" reads back.
 *
 * Format (JSON, UTF-8):
 *
 *   {
 *     "format": "lr-playground-runs",      // always this text
 *     "version": 1,                         // the file format's version (FILE_VERSION)
 *     "exportedAt": "2026-01-31T12:00:00.000Z",
 *     "appVersion": "0.1.0",                // the LR Playground that wrote the file
 *     "runs": [ StoredRun, … ]              // at most 1,000 (MAX_RUNS_PER_FILE)
 *   }
 *
 * Each run is a StoredRun (record.ts) with its own record version `v` (older ones are migrated on import):
 *   { "v": 1, "id", "savedAt", "appVersion", "wallSeconds", "panel": { "letter", "index" },
 *     "config": TrainingConfig (its "schedule" is the panel's call), "settings": TrainingSettings, "backend",
 *     "status": "done" | "stopped" | "diverged", "epochs": [EpochMetrics, …], "appliedLr": [number, …],
 *     "appliedMomentum"?: [number, …], "diverged"?: { "epoch", "step", "lr", "reason"? } }
 *
 * Numbers are JSON numbers, written in their shortest exact form (so they read back bit for bit; −0 is written 0).
 * JSON has no NaN or Infinity: a loss that was (`epochs[].loss`, `epochs[].val_loss`, a diverged run) is written as
 * the string "NaN", "Infinity" or "-Infinity", and read back as that number. Every other number must be finite.
 * Keys are written in a fixed order; lists of plain values (appliedLr, hidden, milestones) on one line.
 *
 * Reading is all or nothing: one bad run refuses the whole file, with a message that says what and where
 * (`runs[3].epochs[12].val_loss: expected a number (or "NaN", "Infinity", "-Infinity"), got "abc"`). Unknown
 * keys, `__proto__` / `constructor` / `prototype` keys anywhere, wrong types, out-of-range or non-finite numbers,
 * over-long lists or texts, two runs with one id, a newer file or record version: all are refused.
 */
import { APP_VERSION, type StoredRun } from './record';
import { readRecord } from './migrate';
import { capped, FORBIDDEN_KEYS, MAX_RUNS_PER_FILE, pathText, scanJson, shown, validateRun } from './schema';

export const FILE_FORMAT = 'lr-playground-runs';
export const FILE_VERSION = 1;
/** The longest file text read: 256 Mi characters (a JS string holds at most about twice that). */
export const MAX_FILE_CHARS = 256 * 1024 * 1024;

export type ParsedRunsFile = { ok: true; runs: StoredRun[]; migrated: number } | { ok: false; message: string };

const ENVELOPE_KEYS = ['format', 'version', 'exportedAt', 'appVersion', 'runs'];
const mb = (chars: number) => `${Math.ceil(chars / (1024 * 1024)).toLocaleString('en-US')} MB`;
const isRecord = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);

function envelopeProblem(top: Record<string, unknown>): string | undefined {
  const unknown = Object.keys(top).find((k) => !ENVELOPE_KEYS.includes(k));
  if (unknown !== undefined) return `unknown key ${JSON.stringify(unknown)} at the top of the file`;
  for (const key of ENVELOPE_KEYS) if (!(key in top)) return `${key}: missing`;
  const { version, exportedAt, appVersion } = top;
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) {
    return `version: expected a file version (a whole number), got ${shown(version)}`;
  }
  if (version > FILE_VERSION) {
    return `The file was made by a newer version of LR Playground (file version ${version}; this one reads up to version ${FILE_VERSION}). Update the page to import it.`;
  }
  if (typeof exportedAt !== 'string' || exportedAt.length > 40 || Number.isNaN(Date.parse(exportedAt))) {
    return `exportedAt: expected a date and time like "2026-01-31T12:00:00.000Z", got ${shown(exportedAt)}`;
  }
  if (typeof appVersion !== 'string' || appVersion.length === 0 || appVersion.length > 64) {
    return `appVersion: expected text of 1 to 64 characters, got ${shown(appVersion)}`;
  }
  if (!Array.isArray(top.runs)) return `runs: expected a list, got ${shown(top.runs)}`;
  if (top.runs.length > MAX_RUNS_PER_FILE) {
    return `runs: a file holds at most ${MAX_RUNS_PER_FILE.toLocaleString('en-US')} runs, this one has ${top.runs.length.toLocaleString('en-US')}`;
  }
  return undefined;
}

/**
 * Reads a runs file: every run valid and migrated to the current record version, or a message that says what is
 * wrong and where. Never throws, for any input; nothing it reads can reach a prototype (JSON.parse makes own keys
 * only, and keys that could matter later are refused before anything else looks at the data).
 */
export function parseRunsFile(text: string): ParsedRunsFile {
  const fail = (message: string): ParsedRunsFile => ({ ok: false, message: capped(message) });
  try {
    if (typeof text !== 'string') return fail('The file could not be read as text.');
    if (text.length > MAX_FILE_CHARS)
      return fail(`The file is too large (${mb(text.length)}); at most ${mb(MAX_FILE_CHARS)} can be imported.`);
    const source = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
    if (source.trim() === '') return fail('The file is empty.');
    let data: unknown;
    try {
      data = JSON.parse(source);
    } catch (err) {
      return fail(`The file is not valid JSON (it may be truncated): ${err instanceof Error ? err.message : String(err)}`);
    }
    const forbidden = scanJson(data, '');
    if (forbidden) return fail(forbidden.startsWith('the key') ? `At the top of the file: ${forbidden}` : forbidden);
    if (!isRecord(data)) return fail(`The file is not an LR Playground runs file: expected a JSON object, got ${shown(data)}.`);
    if (data.format !== FILE_FORMAT) {
      return fail(`The file is not an LR Playground runs file: its "format" is ${shown(data.format)}, expected "${FILE_FORMAT}".`);
    }
    const envelope = envelopeProblem(data);
    if (envelope) return fail(envelope);
    const raws = data.runs as unknown[];
    const runs: StoredRun[] = [];
    const seen = new Map<string, number>();
    let migrated = 0;
    for (const [i, raw] of raws.entries()) {
      const root = pathText('runs', [i]);
      const read = readRecord(raw, root);
      if (!read.ok) return fail(read.error.message);
      const { run } = read.value;
      const first = seen.get(run.id);
      if (first !== undefined) return fail(`${root}.id: the same id as runs[${first}] (${JSON.stringify(run.id)})`);
      seen.set(run.id, i);
      if (read.value.migrated) migrated += 1;
      runs.push(run);
    }
    return { ok: true, runs, migrated };
  } catch (err) {
    // Out of memory on a huge list, or a bug: still a message.
    return fail(`The file could not be read: ${err instanceof Error ? err.message : String(err)}`);
  }
}

/** JSON text of a value: pretty, keys in their object's order, plain lists on one line, non-finite numbers as text. */
function encode(value: unknown, indent: string): string {
  if (typeof value === 'number') return Number.isFinite(value) ? JSON.stringify(value) : JSON.stringify(String(value));
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  const inner = `${indent}  `;
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    if (value.every((x) => x === null || typeof x !== 'object')) return `[${value.map((x) => encode(x, inner)).join(', ')}]`;
    return `[\n${value.map((x) => `${inner}${encode(x, inner)}`).join(',\n')}\n${indent}]`;
  }
  const entries = Object.entries(value).filter(([key, x]) => x !== undefined && !FORBIDDEN_KEYS.includes(key));
  if (entries.length === 0) return '{}';
  return `{\n${entries.map(([key, x]) => `${inner}${JSON.stringify(key)}: ${encode(x, inner)}`).join(',\n')}\n${indent}}`;
}

export interface ExportOptions {
  /** Default: now. */
  exportedAt?: Date;
  /** Default: APP_VERSION. */
  appVersion?: string;
}

/**
 * The runs file of `runs` (FILE_FORMAT). parseRunsFile(exportRunsFile(runs)) gives runs deep-equal to these. Throws
 * only for a run that is not a valid StoredRun (the store holds none) or for more than MAX_RUNS_PER_FILE runs, so
 * that no file is written that the page would refuse to read back.
 */
export function exportRunsFile(runs: readonly StoredRun[], options: ExportOptions = {}): string {
  if (runs.length > MAX_RUNS_PER_FILE) {
    throw new Error(`At most ${MAX_RUNS_PER_FILE.toLocaleString('en-US')} runs fit in one file; ${runs.length} were selected.`);
  }
  const checked = runs.map((run, i) => {
    const valid = validateRun(run, pathText('runs', [i]));
    if (!valid.ok) throw new Error(`Cannot export: ${valid.error.message}`);
    return valid.value;
  });
  const file = {
    format: FILE_FORMAT,
    version: FILE_VERSION,
    exportedAt: (options.exportedAt ?? new Date()).toISOString(),
    appVersion: options.appVersion ?? APP_VERSION,
    runs: checked,
  };
  return `${encode(file, '')}\n`;
}
