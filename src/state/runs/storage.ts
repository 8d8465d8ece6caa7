/**
 * The run history's storage: IndexedDB (database DB_NAME, object store STORE_NAME, records keyed by their id),
 * through idb-keyval's request helpers, with every transaction written here so that a write is all or nothing.
 *
 * Storage can be missing, refused (private modes, a sandboxed frame, `indexedDB.open` failing) or full. None of that
 * loses a run: the store keeps every run it could not write in memory for the rest of the session (they are listed
 * with the others), says why in plain words (`status()`, and the result of the write), and tries to write the ones
 * it kept again with the next run it saves (after the user deleted some, the quota may allow it). Nothing here
 * throws; a record that IndexedDB gives back and that does not validate (or migrate) is skipped and counted.
 */
import { promisifyRequest } from 'idb-keyval';
import type { Result } from '../../schedules';
import { readRecord } from './migrate';
import type { StoredRun } from './record';
import { pathText, validateRun } from './schema';

export const DB_NAME = 'lr-playground';
export const STORE_NAME = 'runs';
/** The IndexedDB schema version (object stores), not the record version (record.ts's RECORD_VERSION). */
export const DB_VERSION = 1;
/** How long to wait for `indexedDB.open` (another tab may block an upgrade) before keeping runs in memory. */
export const OPEN_TIMEOUT_MS = 10_000;

const KEPT = 'runs are kept until you close this tab';
export const NO_STORAGE = `This browser offers no storage for runs (IndexedDB is unavailable): ${KEPT}.`;
export const REFUSED = `Your browser refused storage (private mode?): ${KEPT}.`;
export const BLOCKED = `Another tab of LR Playground holds an older version of its storage open: close it and reload. Until then ${KEPT}.`;
export const NEWER_STORAGE = `A newer version of LR Playground changed its storage in another tab: reload this page. Until then ${KEPT}.`;
export const FULL = `Storage is full: ${KEPT}. Delete old runs from the history to make room.`;

export type StoreStatus = ({ persistent: true } | { persistent: false; reason: string }) & {
  /** Stored records the latest list() skipped (they failed validation or migration). */
  unreadable: number;
  /** What was wrong with the first of them. */
  unreadableProblem?: string;
};

/** A run saved: on disk, or kept in memory only (and why). */
export type SaveResult = { persisted: true } | { persisted: false; reason: string };

/** An import: how many runs were added and how many were already there; or why nothing changed. */
export type ImportResult = { ok: true; added: number; skipped: number; persisted: boolean } | { ok: false; message: string };

export type Done = { ok: true } | { ok: false; message: string };

export interface RunStore {
  /** Every run, stored and kept in memory, newest first (shared objects: treat them as read-only). */
  list(): Promise<StoredRun[]>;
  /** Saves a run that just ended. It is never lost: where it cannot be written it is kept in memory. */
  put(run: StoredRun): Promise<SaveResult>;
  /** Adds the runs whose id is not stored yet, all in one transaction: on any failure none is added. */
  putMany(runs: readonly StoredRun[]): Promise<ImportResult>;
  remove(id: string): Promise<Done>;
  clear(): Promise<Done>;
  status(): Promise<StoreStatus>;
  /** Closes the database connection (tests; a page just leaves it open). */
  close(): Promise<void>;
}

export interface RunStoreOptions {
  /** Default: globalThis.indexedDB; null: none (everything stays in memory). */
  indexedDB?: IDBFactory | null;
  dbName?: string;
  openTimeoutMs?: number;
}

const errorName = (err: unknown): string =>
  typeof err === 'object' && err !== null && 'name' in err && typeof err.name === 'string' ? err.name : '';

function isQuota(err: unknown): boolean {
  const name = errorName(err);
  const code = typeof err === 'object' && err !== null && 'code' in err ? err.code : undefined;
  return name === 'QuotaExceededError' || name === 'NS_ERROR_DOM_QUOTA_REACHED' || code === 22;
}

/** Why a write failed, in plain words. */
function writeProblem(err: unknown): string {
  if (isQuota(err)) return FULL;
  const name = errorName(err);
  return `The browser could not save runs${name ? ` (${name})` : ''}: ${KEPT}.`;
}

function defaultFactory(): IDBFactory | undefined {
  try {
    return globalThis.indexedDB ?? undefined;
  } catch {
    // Reading the property throws in some sandboxed frames.
    return undefined;
  }
}

type Opened = { db: IDBDatabase } | { reason: string };

function openDatabase(factory: IDBFactory | undefined, name: string, timeoutMs: number): Promise<Opened> {
  if (!factory) return Promise.resolve({ reason: NO_STORAGE });
  return new Promise((resolve) => {
    let settled = false;
    const settle = (result: Opened) => {
      if (settled) {
        if ('db' in result) result.db.close();
        return;
      }
      settled = true;
      clearTimeout(timer);
      resolve(result);
    };
    const timer = setTimeout(() => settle({ reason: BLOCKED }), timeoutMs);
    let request: IDBOpenDBRequest;
    try {
      request = factory.open(name, DB_VERSION);
    } catch {
      settle({ reason: REFUSED });
      return;
    }
    request.onupgradeneeded = () => {
      try {
        const db = request.result;
        // Out-of-line keys (the run's id), as idb-keyval's stores have.
        if (!db.objectStoreNames.contains(STORE_NAME)) db.createObjectStore(STORE_NAME);
      } catch {
        request.transaction?.abort();
      }
    };
    request.onsuccess = () => settle({ db: request.result });
    request.onerror = (event) => {
      event.preventDefault();
      settle({ reason: errorName(request.error) === 'VersionError' ? NEWER_STORAGE : REFUSED });
    };
    request.onblocked = () => {
      // Wait: the other tab may close its connection; the timer gives up.
    };
  });
}

/** Runs `body` in one transaction; resolves with its result once committed, rejects (with the cause) if aborted. */
function transact<T>(
  db: IDBDatabase,
  mode: IDBTransactionMode,
  body: (store: IDBObjectStore, fail: (err: unknown) => void) => T,
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    let tx: IDBTransaction;
    try {
      tx = db.transaction(STORE_NAME, mode);
    } catch (err) {
      reject(err);
      return;
    }
    let cause: unknown;
    const fail = (err: unknown) => {
      cause ??= err;
      try {
        tx.abort();
      } catch {
        // already finished
      }
    };
    let result: T;
    try {
      result = body(tx.objectStore(STORE_NAME), fail);
    } catch (err) {
      fail(err);
      reject(cause);
      return;
    }
    promisifyRequest(tx).then(
      () => (cause === undefined ? resolve(result) : reject(cause)),
      (err: unknown) => reject(cause ?? err ?? new DOMException('The transaction was aborted', 'AbortError')),
    );
  });
}

const newestFirst = (a: StoredRun, b: StoredRun) => {
  const byDate = Date.parse(b.savedAt) - Date.parse(a.savedAt);
  return byDate !== 0 ? byDate : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
};

export function createRunStore(options: RunStoreOptions = {}): RunStore {
  const factory = options.indexedDB === null ? undefined : (options.indexedDB ?? defaultFactory());
  const name = options.dbName ?? DB_NAME;
  const timeoutMs = options.openTimeoutMs ?? OPEN_TIMEOUT_MS;
  /** Runs of this session that are not on disk. */
  const memory = new Map<string, StoredRun>();
  /** Those of them that failed validation: listed for the session, never written. */
  const invalid = new Set<string>();
  /** Why the store is not (fully) persistent: set by a failed open or write, cleared by a write that succeeds. */
  let reason: string | undefined;
  let unreadable = 0;
  let unreadableProblem: string | undefined;
  /** What list() made of each stored key (records are immutable: each is read and validated once). */
  const readCache = new Map<string, Result<{ run: StoredRun; migrated: boolean }>>();
  let opening: Promise<IDBDatabase | undefined> | undefined;
  let unavailable = false;

  const database = (): Promise<IDBDatabase | undefined> => {
    if (unavailable) return Promise.resolve(undefined);
    opening ??= openDatabase(factory, name, timeoutMs).then((opened) => {
      if ('reason' in opened) {
        reason = opened.reason;
        unavailable = true;
        return undefined;
      }
      const { db } = opened;
      // A newer tab upgrading the database, or the browser closing it: let go, and open again on the next call.
      db.onversionchange = () => {
        db.close();
        opening = undefined;
      };
      db.onclose = () => {
        opening = undefined;
      };
      return db;
    });
    return opening;
  };

  const keepInMemory = (run: StoredRun, why: string): SaveResult => {
    memory.set(run.id, run);
    reason = why;
    return { persisted: false, reason: why };
  };

  return {
    async list() {
      const db = await database();
      const runs = new Map<string, StoredRun>();
      unreadable = 0;
      unreadableProblem = undefined;
      if (db) {
        try {
          // Records never change once written (a new run gets a new id): only keys not read before are fetched
          // and validated; the others come from the cache.
          const entries = await transact(db, 'readonly', (store) => {
            const out: { key: IDBValidKey; request?: IDBRequest<unknown> }[] = [];
            const keys = store.getAllKeys();
            keys.onsuccess = () => {
              for (const key of keys.result)
                out.push(typeof key === 'string' && readCache.has(key) ? { key } : { key, request: store.get(key) });
            };
            return out;
          });
          const seen = new Set<string>();
          for (const [i, { key, request }] of entries.entries()) {
            let read = typeof key === 'string' ? readCache.get(key) : undefined;
            if (request || !read) {
              read = readRecord(request?.result, `stored[${typeof key === 'string' ? JSON.stringify(key) : i}]`);
              if (typeof key === 'string') readCache.set(key, read);
            }
            if (typeof key === 'string') seen.add(key);
            if (read.ok) runs.set(read.value.run.id, read.value.run);
            else {
              unreadable += 1;
              unreadableProblem ??= read.error.message;
            }
          }
          for (const key of readCache.keys()) if (!seen.has(key)) readCache.delete(key);
        } catch (err) {
          reason = `The browser could not read the saved runs${errorName(err) ? ` (${errorName(err)})` : ''}: only this session's runs are listed.`;
        }
      }
      for (const run of memory.values()) runs.set(run.id, run);
      return [...runs.values()].sort(newestFirst);
    },

    async put(run) {
      const checked = validateRun(run, 'run');
      if (!checked.ok) {
        // A bug, not the user's doing: still listed for the session, and said.
        const why = `This run could not be saved (${checked.error.message}): it is kept until you close this tab.`;
        if (typeof run?.id !== 'string') return { persisted: false, reason: why };
        invalid.add(run.id);
        return keepInMemory(run, why);
      }
      const record = checked.value;
      const db = await database();
      if (!db) return keepInMemory(record, reason ?? NO_STORAGE);
      // The runs kept in memory after an earlier failure go with this one: all saved, or all kept.
      invalid.delete(record.id);
      const pending = [...memory.values()].filter((r) => r.id !== record.id && !invalid.has(r.id));
      try {
        await transact(db, 'readwrite', (store) => {
          for (const r of [...pending, record]) store.put(r, r.id);
        });
      } catch (err) {
        return keepInMemory(record, writeProblem(err));
      }
      for (const r of [...pending, record]) memory.delete(r.id);
      reason = undefined;
      return { persisted: true };
    },

    async putMany(runs) {
      const records: StoredRun[] = [];
      const ids = new Set<string>();
      let skipped = 0;
      for (const [i, run] of runs.entries()) {
        const checked = validateRun(run, pathText('runs', [i]));
        if (!checked.ok) return { ok: false, message: `Nothing was imported: ${checked.error.message}` };
        if (ids.has(checked.value.id) || memory.has(checked.value.id)) skipped += 1;
        else {
          ids.add(checked.value.id);
          records.push(checked.value);
        }
      }
      const db = await database();
      if (!db) {
        for (const r of records) memory.set(r.id, r);
        return { ok: true, added: records.length, skipped, persisted: false };
      }
      let added = 0;
      try {
        await transact(db, 'readwrite', (store, fail) => {
          // Which ids are stored, and the writes, in the one transaction: no other tab can slip in between.
          const request = store.getAllKeys();
          request.onsuccess = () => {
            try {
              const stored = new Set(request.result);
              for (const r of records) {
                if (stored.has(r.id)) continue;
                store.put(r, r.id);
                added += 1;
              }
            } catch (err) {
              fail(err);
            }
          };
        });
      } catch (err) {
        const why = isQuota(err) ? 'storage is full (delete old runs from the history to make room)' : writeProblem(err);
        return { ok: false, message: `Nothing was imported: ${why}` };
      }
      return { ok: true, added, skipped: skipped + records.length - added, persisted: true };
    },

    async remove(id) {
      memory.delete(id);
      invalid.delete(id);
      const db = await database();
      if (!db) return { ok: true };
      try {
        await transact(db, 'readwrite', (store) => store.delete(id));
        return { ok: true };
      } catch (err) {
        return { ok: false, message: `The run could not be deleted${errorName(err) ? ` (${errorName(err)})` : ''}.` };
      }
    },

    async clear() {
      memory.clear();
      invalid.clear();
      const db = await database();
      if (!db) return { ok: true };
      try {
        await transact(db, 'readwrite', (store) => store.clear());
        if (!unavailable) reason = undefined;
        return { ok: true };
      } catch (err) {
        return { ok: false, message: `The history could not be deleted${errorName(err) ? ` (${errorName(err)})` : ''}.` };
      }
    },

    async status() {
      await database();
      const counts = { unreadable, ...(unreadableProblem === undefined ? {} : { unreadableProblem }) };
      if (reason !== undefined) return { persistent: false, reason, ...counts };
      if (memory.size > 0)
        return {
          persistent: false,
          reason: `${memory.size} ${memory.size === 1 ? 'run' : 'runs'} could not be saved: ${KEPT}.`,
          ...counts,
        };
      return { persistent: true, ...counts };
    },

    async close() {
      const db = await (opening ?? Promise.resolve(undefined));
      db?.close();
      opening = undefined;
    },
  };
}
