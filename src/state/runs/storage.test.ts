import { IDBFactory, IDBObjectStore } from 'fake-indexeddb';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { RECORD_VERSION, type StoredRun } from './record';
import { BLOCKED, createRunStore, DB_NAME, FULL, NEWER_STORAGE, NO_STORAGE, REFUSED, type RunStore, STORE_NAME } from './storage';
import { sampleRun } from './test-fixtures';

const stores: RunStore[] = [];
const open = (factory: IDBFactory | null, extra: { openTimeoutMs?: number } = {}) => {
  const store = createRunStore({ indexedDB: factory, ...extra });
  stores.push(store);
  return store;
};

afterEach(async () => {
  vi.restoreAllMocks();
  for (const s of stores.splice(0)) await s.close();
});

const ids = (runs: readonly StoredRun[]) => runs.map((r) => r.id);
const at = (second: number) => new Date(Date.UTC(2026, 5, 1, 0, 0, second)).toISOString();

/** Makes the fake's object store `put` throw `error` from its `failAt`-th call on (1-based). */
function failPuts(failAt: number, error: () => unknown) {
  const original = IDBObjectStore.prototype.put;
  let calls = 0;
  return vi.spyOn(IDBObjectStore.prototype, 'put').mockImplementation(function (
    this: IDBObjectStore,
    ...args: Parameters<IDBObjectStore['put']>
  ) {
    calls += 1;
    if (calls >= failAt) throw error();
    return original.apply(this, args);
  });
}

const quota = () => new DOMException('The quota has been exceeded.', 'QuotaExceededError');

/** Writes a value straight into the database, as another (older, newer or broken) version of the page might have. */
async function writeRaw(factory: IDBFactory, key: string, value: unknown) {
  const db = await new Promise<IDBDatabase>((resolve, reject) => {
    const request = factory.open(DB_NAME, 1);
    request.onupgradeneeded = () => request.result.createObjectStore(STORE_NAME);
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
  await new Promise<void>((resolve, reject) => {
    const tx = db.transaction(STORE_NAME, 'readwrite');
    tx.objectStore(STORE_NAME).put(value, key);
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error);
  });
  db.close();
}

describe('IndexedDB storage', () => {
  it('puts and lists newest first, across a reload', async () => {
    const factory = new IDBFactory();
    const store = open(factory);
    const older = sampleRun({ savedAt: at(1) });
    const newer = sampleRun({ savedAt: at(3) });
    const middle = sampleRun({ savedAt: at(2) });
    for (const run of [older, newer, middle]) expect(await store.put(run)).toEqual({ persisted: true });
    expect(ids(await store.list())).toEqual([newer.id, middle.id, older.id]);
    expect(await store.status()).toEqual({ persistent: true, unreadable: 0 });
    await store.close();
    const reloaded = open(factory);
    expect(await reloaded.list()).toEqual([newer, middle, older]);
  });

  it("sees another tab's writes and deletes on the next list", async () => {
    const factory = new IDBFactory();
    const tab1 = open(factory);
    const tab2 = open(factory);
    const a = sampleRun({ savedAt: at(1) });
    const b = sampleRun({ savedAt: at(2) });
    await tab1.put(a);
    expect(ids(await tab1.list())).toEqual([a.id]);
    await tab2.put(b);
    expect(ids(await tab1.list())).toEqual([b.id, a.id]);
    await tab2.remove(a.id);
    expect(ids(await tab1.list())).toEqual([b.id]);
    await tab2.clear();
    expect(await tab1.list()).toEqual([]);
  });

  it('keeps NaN losses as they were', async () => {
    const store = open(new IDBFactory());
    const run = sampleRun({ status: 'diverged', diverged: { epoch: 0, step: 5, lr: 50 } });
    run.epochs = run.epochs.slice(0, 1).map((e) => ({ ...e, loss: Number.NaN, val_loss: Number.POSITIVE_INFINITY }));
    await store.put(run);
    const [back] = await store.list();
    expect(back).toEqual(run);
  });

  it('putMany adds only runs not stored yet, and says how many', async () => {
    const store = open(new IDBFactory());
    const a = sampleRun();
    const b = sampleRun();
    const c = sampleRun();
    await store.put(a);
    expect(await store.putMany([a, b, c, b])).toEqual({ ok: true, added: 2, skipped: 2, persisted: true });
    expect(await store.putMany([a, b, c])).toEqual({ ok: true, added: 0, skipped: 3, persisted: true });
    expect((await store.list()).length).toBe(3);
  });

  it('putMany is all or nothing: a write failing half-way adds nothing', async () => {
    const factory = new IDBFactory();
    const store = open(factory);
    const kept = sampleRun();
    await store.put(kept);
    failPuts(3, () => new DOMException('disk error', 'UnknownError'));
    const result = await store.putMany([sampleRun(), sampleRun(), sampleRun(), sampleRun()]);
    expect(result).toEqual({
      ok: false,
      message: 'Nothing was imported: The browser could not save runs (UnknownError): runs are kept until you close this tab.',
    });
    vi.restoreAllMocks();
    expect(ids(await store.list())).toEqual([kept.id]);
    await store.close();
    expect(ids(await open(factory).list())).toEqual([kept.id]);
  });

  it('putMany refuses the whole batch for one invalid run, before writing anything', async () => {
    const store = open(new IDBFactory());
    const bad = { ...sampleRun(), wallSeconds: -1 };
    expect(await store.putMany([sampleRun(), bad])).toEqual({
      ok: false,
      message: 'Nothing was imported: runs[1].wallSeconds: expected a finite number ≥ 0, got -1',
    });
    expect(await store.list()).toEqual([]);
  });

  it('a full storage on put: the run is kept in memory, said plainly, and saved with the next put once there is room', async () => {
    const factory = new IDBFactory();
    const store = open(factory);
    const first = sampleRun({ savedAt: at(1) });
    await store.put(first);
    failPuts(1, quota);
    const second = sampleRun({ savedAt: at(2) });
    expect(await store.put(second)).toEqual({ persisted: false, reason: FULL });
    expect(FULL).toMatch(/^Storage is full: /);
    expect(ids(await store.list())).toEqual([second.id, first.id]);
    expect(await store.status()).toEqual({ persistent: false, reason: FULL, unreadable: 0 });
    vi.restoreAllMocks();
    const third = sampleRun({ savedAt: at(3) });
    expect(await store.put(third)).toEqual({ persisted: true });
    expect(await store.status()).toEqual({ persistent: true, unreadable: 0 });
    await store.close();
    expect(ids(await open(factory).list())).toEqual([third.id, second.id, first.id]);
  });

  it('a transaction the browser aborts with QuotaExceededError (how browsers report it): kept in memory, said plainly', async () => {
    const factory = new IDBFactory();
    const store = open(factory);
    const original = IDBObjectStore.prototype.put;
    vi.spyOn(IDBObjectStore.prototype, 'put').mockImplementation(function (
      this: IDBObjectStore,
      ...args: Parameters<IDBObjectStore['put']>
    ) {
      const request = original.apply(this, args);
      // fake-indexeddb's own abort-with-error step, as a browser runs it when the quota is reached at commit.
      (this.transaction as unknown as { _abort(name: string): void })._abort('QuotaExceededError');
      return request;
    });
    const run = sampleRun();
    expect(await store.put(run)).toEqual({ persisted: false, reason: FULL });
    expect(ids(await store.list())).toEqual([run.id]);
    const imported = await store.putMany([sampleRun()]);
    expect(imported).toEqual({
      ok: false,
      message: 'Nothing was imported: storage is full (delete old runs from the history to make room)',
    });
    vi.restoreAllMocks();
    await store.close();
    expect(await open(factory).list()).toEqual([]);
  });

  it('a quota error during an import changes nothing', async () => {
    const store = open(new IDBFactory());
    failPuts(2, quota);
    expect(await store.putMany([sampleRun(), sampleRun()])).toEqual({
      ok: false,
      message: 'Nothing was imported: storage is full (delete old runs from the history to make room)',
    });
    vi.restoreAllMocks();
    expect(await store.list()).toEqual([]);
  });

  it('skips and counts stored records that do not validate or come from a newer version', async () => {
    const factory = new IDBFactory();
    const good = sampleRun();
    await writeRaw(factory, good.id, good);
    await writeRaw(factory, 'broken', { v: RECORD_VERSION, id: 'broken' });
    await writeRaw(factory, 'future', { ...sampleRun(), id: 'future', v: RECORD_VERSION + 1 });
    const store = open(factory);
    expect(ids(await store.list())).toEqual([good.id]);
    const status = await store.status();
    expect(status.persistent).toBe(true);
    expect(status.unreadable).toBe(2);
    expect(status.unreadableProblem).toBe('stored["broken"].savedAt: missing');
  });

  it('remove and clear', async () => {
    const store = open(new IDBFactory());
    const a = sampleRun();
    const b = sampleRun();
    const c = sampleRun();
    await store.putMany([a, b, c]);
    expect(await store.remove(b.id)).toEqual({ ok: true });
    expect(ids(await store.list()).sort()).toEqual([a.id, c.id].sort());
    expect(await store.clear()).toEqual({ ok: true });
    expect(await store.list()).toEqual([]);
  });

  it('an invalid record given to put is not written, but kept for the session and said', async () => {
    const factory = new IDBFactory();
    const store = open(factory);
    const bad = { ...sampleRun(), appliedLr: [Number.NaN] };
    const result = await store.put(bad);
    expect(result).toEqual({
      persisted: false,
      reason: 'This run could not be saved (run.appliedLr[0]: expected a number, got NaN): it is kept until you close this tab.',
    });
    expect(ids(await store.list())).toEqual([bad.id]);
    // A later good run is saved; the invalid one stays listed for the session but is never written.
    const good = sampleRun({ savedAt: at(9) });
    expect(await store.put(good)).toEqual({ persisted: true });
    expect(ids(await store.list())).toEqual([good.id, bad.id]);
    expect(await store.status()).toEqual({
      persistent: false,
      reason: '1 run could not be saved: runs are kept until you close this tab.',
      unreadable: 0,
    });
    await store.close();
    expect(ids(await open(factory).list())).toEqual([good.id]);
  });
});

describe('no storage: runs stay in memory, and the page is told why', () => {
  it('no IndexedDB at all', async () => {
    const store = open(null);
    const run = sampleRun();
    expect(await store.put(run)).toEqual({ persisted: false, reason: NO_STORAGE });
    expect(await store.putMany([run, sampleRun()])).toEqual({ ok: true, added: 1, skipped: 1, persisted: false });
    expect((await store.list()).length).toBe(2);
    expect(await store.status()).toEqual({ persistent: false, reason: NO_STORAGE, unreadable: 0 });
    expect(await store.remove(run.id)).toEqual({ ok: true });
    expect((await store.list()).length).toBe(1);
  });

  it('indexedDB.open fires onerror (private mode)', async () => {
    const refusing = {
      open() {
        const request: Partial<IDBOpenDBRequest> & { error?: DOMException } = {};
        setTimeout(() => {
          request.error = new DOMException(
            'A mutation operation was attempted on a database that did not allow mutations.',
            'InvalidStateError',
          );
          request.onerror?.call(request as IDBOpenDBRequest, { preventDefault() {} } as Event);
        }, 0);
        return request as IDBOpenDBRequest;
      },
    } as unknown as IDBFactory;
    const store = open(refusing);
    const run = sampleRun();
    expect(await store.put(run)).toEqual({ persisted: false, reason: REFUSED });
    expect(REFUSED).toBe('Your browser refused storage (private mode?): runs are kept until you close this tab.');
    expect(await store.list()).toEqual([run]);
    expect(await store.status()).toEqual({ persistent: false, reason: REFUSED, unreadable: 0 });
  });

  it('indexedDB.open throws (a sandboxed frame)', async () => {
    const throwing = {
      open() {
        throw new DOMException('access denied', 'SecurityError');
      },
    } as unknown as IDBFactory;
    const store = open(throwing);
    const run = sampleRun();
    expect(await store.put(run)).toEqual({ persisted: false, reason: REFUSED });
    expect(await store.list()).toEqual([run]);
  });

  it('a database already upgraded by a newer version of the page (VersionError)', async () => {
    const factory = new IDBFactory();
    await new Promise<void>((resolve) => {
      const request = factory.open(DB_NAME, 5);
      request.onsuccess = () => {
        request.result.close();
        resolve();
      };
    });
    const store = open(factory);
    expect(await store.put(sampleRun())).toEqual({ persisted: false, reason: NEWER_STORAGE });
  });

  it('an open that never answers (blocked by another tab) gives up after the timeout', async () => {
    const silent = { open: () => ({}) as IDBOpenDBRequest } as unknown as IDBFactory;
    const store = open(silent, { openTimeoutMs: 20 });
    const run = sampleRun();
    expect(await store.put(run)).toEqual({ persisted: false, reason: BLOCKED });
    expect(await store.list()).toEqual([run]);
  });
});
