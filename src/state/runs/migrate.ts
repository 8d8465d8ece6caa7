/**
 * Record versions. Every stored or exported run carries its record version `v`; a record of an older version is
 * turned into the current one step by step (version n → n + 1) before it is validated, and one of a newer version
 * (made by a later LR Playground) is refused, never guessed at.
 *
 * Version 1 is the first and current one, so the chain is empty. When version 2 comes: set RECORD_VERSION to 2 in
 * record.ts, change StoredRun and storedRunSchema to version 2's shape, and add `1: (r) => ({ ...r, v: 2, … })` to
 * RECORD_MIGRATIONS.steps; nothing else changes (the store and the file reader both read through migrateRecord).
 */
import type { Result } from '../../schedules';
import { RECORD_VERSION, type StoredRun } from './record';
import { pathText, scanJson, shown, validateRun } from './schema';

type RawRecord = Record<string, unknown>;

/** Turns a record of version n into version n + 1 (it sets `v` to n + 1). Gets a fresh object it may change. */
export type Migration = (record: RawRecord) => RawRecord;

export interface MigrationChain {
  /** The version this code reads. */
  current: number;
  /** The oldest version a step starts from. */
  oldest: number;
  /** steps[n]: version n → n + 1, for every n from `oldest` to `current − 1`. */
  steps: Readonly<Record<number, Migration>>;
}

export const RECORD_MIGRATIONS: MigrationChain = { current: RECORD_VERSION, oldest: RECORD_VERSION, steps: {} };

const isRecord = (x: unknown): x is RawRecord => typeof x === 'object' && x !== null && !Array.isArray(x);

/** The newer-version refusal (the words the tests and the UI look for). */
export const NEWER_VERSION = 'made by a newer version of LR Playground';

/**
 * A raw record brought to `chain.current` (not validated yet: that is validateRun's), and the version it had.
 * Steps run on copies (structuredClone), so the caller's value is never changed. Never throws.
 */
export function upgradeRecord(
  raw: unknown,
  root = 'run',
  chain: MigrationChain = RECORD_MIGRATIONS,
): Result<{ record: RawRecord; from: number }> {
  const fail = (message: string): Result<never> => ({ ok: false, error: { message } });
  const problem = scanJson(raw, root);
  if (problem) return fail(problem);
  if (!isRecord(raw)) return fail(`${root}: expected an object (a run), got ${shown(raw)}`);
  const version = raw.v;
  const where = pathText(root, ['v']);
  if (version === undefined) return fail(`${where}: missing (every run carries its record version)`);
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 0) {
    return fail(`${where}: expected a record version (a whole number), got ${shown(version)}`);
  }
  if (version > chain.current) {
    return fail(
      `${root}: ${NEWER_VERSION} (record version ${version}; this one reads up to version ${chain.current}). Update the page to read it.`,
    );
  }
  if (version < chain.oldest) return fail(`${where}: record version ${version} is not one LR Playground ever wrote`);
  let record: RawRecord = raw;
  try {
    for (let n = version; n < chain.current; n++) {
      const step = chain.steps[n];
      if (!step) return fail(`${where}: no migration from record version ${n}`);
      const next = step(structuredClone(record));
      if (!isRecord(next) || next.v !== n + 1) return fail(`${where}: the migration from version ${n} did not give version ${n + 1}`);
      record = next;
    }
  } catch (err) {
    return fail(`${root}: could not be migrated from record version ${version} (${err instanceof Error ? err.message : 'unreadable'})`);
  }
  return { ok: true, value: { record, from: version } };
}

/** A stored or imported record of any known version as a valid current StoredRun, and whether it was migrated. */
export function readRecord(
  raw: unknown,
  root = 'run',
  chain: MigrationChain = RECORD_MIGRATIONS,
): Result<{ run: StoredRun; migrated: boolean }> {
  const upgraded = upgradeRecord(raw, root, chain);
  if (!upgraded.ok) return upgraded;
  const checked = validateRun(upgraded.value.record, root);
  if (!checked.ok) return checked;
  return { ok: true, value: { run: checked.value, migrated: upgraded.value.from !== chain.current } };
}

/** A stored or imported record of any known version as a valid current StoredRun. Never throws. */
export function migrateRecord(raw: unknown, root = 'run'): Result<StoredRun> {
  const read = readRecord(raw, root);
  return read.ok ? { ok: true, value: read.value.run } : read;
}
