import { describe, expect, it } from 'vitest';
import { exportRunsFile, FILE_FORMAT, parseRunsFile } from './file';
import { type MigrationChain, NEWER_VERSION, readRecord } from './migrate';
import type { StoredRun } from './record';
import { MAX_APPLIED_STEPS, MAX_RUNS_PER_FILE } from './schema';
import { sampleRun } from './test-fixtures';

const envelope = (runs: unknown[], extra: Record<string, unknown> = {}) =>
  JSON.stringify({ format: FILE_FORMAT, version: 1, exportedAt: '2026-01-01T00:00:00.000Z', appVersion: '0.1.0', runs, ...extra });

/** A valid run as plain JSON data, to break in one place. */
const rawRun = (): Record<string, unknown> => JSON.parse(JSON.stringify(sampleRun()));

const epochAt = (run: Record<string, unknown>, i: number) => (run.epochs as Record<string, unknown>[])[i] as Record<string, unknown>;

function refused(text: string): string {
  const parsed = parseRunsFile(text);
  if (parsed.ok) throw new Error('expected the file to be refused');
  return parsed.message;
}

describe('export and parse', () => {
  it('round-trips runs exactly, non-finite losses included', () => {
    const diverged = sampleRun({
      status: 'diverged',
      epochs: [
        { epoch: 0, loss: Number.NaN, accuracy: 0.1, val_loss: Number.POSITIVE_INFINITY, val_accuracy: 0.1, lr: 50, seconds: 0.5 },
        { epoch: 1, loss: Number.NEGATIVE_INFINITY, accuracy: 0, val_loss: 1e308, val_accuracy: 0, lr: 5e-324, momentum: 0.95, seconds: 1 },
      ],
      appliedLr: [50, 0.1 + 0.2, 1 / 3, 5e-324],
      appliedMomentum: [0.85, 0.95, 0.9, 0.9],
      diverged: { epoch: 1, step: 3, lr: 50, reason: 'the loss became NaN' },
      panel: { letter: 'B', index: 1 },
    });
    const runs: StoredRun[] = [sampleRun(), diverged, sampleRun({ status: 'stopped', epochs: [], appliedLr: [], wallSeconds: 0 })];
    const text = exportRunsFile(runs, { exportedAt: new Date('2026-02-03T04:05:06.789Z'), appVersion: '9.9.9' });
    expect(text).toContain('"loss": "NaN"');
    expect(text).toContain('"val_loss": "Infinity"');
    expect(text).toContain('"loss": "-Infinity"');
    const parsed = parseRunsFile(text);
    expect(parsed).toEqual({ ok: true, runs, migrated: 0 });
    if (!parsed.ok) return;
    expect(Object.is(parsed.runs[1]?.epochs[0]?.loss, Number.NaN)).toBe(true);
    // Stable: the same runs give the same text, in a fixed key order.
    expect(exportRunsFile(parsed.runs, { exportedAt: new Date('2026-02-03T04:05:06.789Z'), appVersion: '9.9.9' })).toBe(text);
    const keys = Object.keys(JSON.parse(text).runs[0]);
    expect(keys).toEqual([
      'v',
      'id',
      'savedAt',
      'appVersion',
      'wallSeconds',
      'panel',
      'config',
      'settings',
      'backend',
      'status',
      'epochs',
      'appliedLr',
    ]);
  });

  it('writes the documented envelope, pretty, with plain lists on one line', () => {
    const text = exportRunsFile([sampleRun()], { exportedAt: new Date('2026-02-03T04:05:06.789Z') });
    const data = JSON.parse(text);
    expect(Object.keys(data)).toEqual(['format', 'version', 'exportedAt', 'appVersion', 'runs']);
    expect(data.format).toBe('lr-playground-runs');
    expect(data.version).toBe(1);
    expect(data.exportedAt).toBe('2026-02-03T04:05:06.789Z');
    expect(text).toMatch(/\n {2}"format": "lr-playground-runs",\n/);
    expect(text).toMatch(/"hidden": \[128, 64\]/);
  });

  it('refuses to export a run it would not read back', () => {
    expect(() => exportRunsFile([sampleRun({ wallSeconds: Number.NaN })])).toThrow('runs[0].wallSeconds: expected a number, got NaN');
  });
});

describe('a garbled or hostile file is refused with what and where', () => {
  it('truncated JSON', () => {
    const text = exportRunsFile([sampleRun()]);
    const message = refused(text.slice(0, 1234));
    expect(message).toMatch(/^The file is not valid JSON \(it may be truncated\): /);
    expect(refused('')).toBe('The file is empty.');
  });

  it('never throws, whatever prefix of a file it gets', () => {
    const text = exportRunsFile([sampleRun(), sampleRun({ status: 'stopped' })]);
    for (let n = 0; n < text.length; n += 97) {
      const parsed = parseRunsFile(text.slice(0, n));
      expect(parsed.ok).toBe(false);
    }
    for (const junk of ['null', '[]', '1', '"x"', 'true', '{}', '{"format":"lr-playground-runs"}', '\uFEFF{}']) {
      expect(parseRunsFile(junk).ok).toBe(false);
    }
    expect(parseRunsFile(undefined as unknown as string)).toEqual({ ok: false, message: 'The file could not be read as text.' });
  });

  it('not a runs file', () => {
    expect(refused('[1, 2]')).toBe('The file is not an LR Playground runs file: expected a JSON object, got a list of 2.');
    expect(refused(JSON.stringify({ format: 'csv', runs: [] }))).toBe(
      'The file is not an LR Playground runs file: its "format" is "csv", expected "lr-playground-runs".',
    );
  });

  it('extra keys, at the top, in a run, in an epoch, in the config', () => {
    expect(refused(envelope([], { extra: 1 }))).toBe('unknown key "extra" at the top of the file');
    const run = rawRun();
    run.note = 'hi';
    expect(refused(envelope([run]))).toBe('runs[0]: unknown key "note"');
    const epochExtra = rawRun();
    (epochExtra.epochs as Record<string, unknown>[])[2] = { ...(epochExtra.epochs as Record<string, unknown>[])[2], grad: 1 };
    expect(refused(envelope([rawRun(), epochExtra]))).toBe('runs[1].epochs[2]: unknown key "grad"');
    const configExtra = rawRun();
    (configExtra.config as Record<string, unknown>).optimizer = { kind: 'SGD', lr: 0.1, alpha: 1 };
    expect(refused(envelope([configExtra]))).toBe('runs[0].config.optimizer: unknown key "alpha"');
  });

  it('__proto__, constructor and prototype keys anywhere, and nothing is polluted', () => {
    const valid = JSON.stringify(rawRun());
    const inArgs = valid.replace('"args":{"T_max":50}', '"args":{"T_max":50,"__proto__":{"polluted":"yes"}}');
    expect(inArgs).not.toBe(valid);
    const inRun = valid.replace('{"v":1,', '{"v":1,"__proto__":{"polluted":"yes"},');
    const inEpoch = valid.replace('"epochs":[{', '"epochs":[{"constructor":{"prototype":{"polluted":"yes"}},');
    const top = `{"__proto__":{"polluted":"yes"},"format":"lr-playground-runs","version":1,"exportedAt":"2026-01-01T00:00:00.000Z","appVersion":"0.1.0","runs":[${valid}]}`;
    const wrap = (run: string) =>
      `{"format":"lr-playground-runs","version":1,"exportedAt":"2026-01-01T00:00:00.000Z","appVersion":"0.1.0","runs":[${run}]}`;
    expect(refused(top)).toBe('At the top of the file: the key "__proto__" is not allowed');
    expect(refused(wrap(inRun))).toBe('runs[0]: the key "__proto__" is not allowed');
    expect(refused(wrap(inArgs))).toBe('runs[0].config.schedule.args: the key "__proto__" is not allowed');
    expect(refused(wrap(inEpoch))).toBe('runs[0].epochs[0]: the key "constructor" is not allowed');
    expect(refused(wrap(valid.replace('"panel":{', '"panel":{"prototype":1,')))).toBe('runs[0].panel: the key "prototype" is not allowed');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect((Object.prototype as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('wrong types, with the exact path', () => {
    const cases: [(run: Record<string, unknown>) => void, string][] = [
      [
        (r) => (epochAt(r, 2).val_loss = 'abc'),
        'runs[0].epochs[2].val_loss: expected a number (or "NaN", "Infinity", "-Infinity"), got "abc"',
      ],
      [(r) => (epochAt(r, 1).lr = 'NaN'), 'runs[0].epochs[1].lr: expected a number, got "NaN"'],
      [(r) => (epochAt(r, 1).accuracy = 1.5), 'runs[0].epochs[1].accuracy: expected a number from 0 to 1, got 1.5'],
      [(r) => ((r.appliedLr as unknown[])[7] = null), 'runs[0].appliedLr[7]: expected a number, got null'],
      [(r) => (r.status = 'failed'), 'runs[0].status: expected one of "done", "stopped", "diverged", got "failed"'],
      [(r) => (r.backend = 'tpu'), 'runs[0].backend: expected one of "fused", "webgpu", "webgl", "wasm", "cpu", got "tpu"'],
      [(r) => delete r.savedAt, 'runs[0].savedAt: missing'],
      [(r) => (r.savedAt = 'yesterday'), 'runs[0].savedAt: expected a date and time like "2026-01-31T12:00:00.000Z", got "yesterday"'],
      [
        (r) => ((r.config as Record<string, unknown>).epochs = 2.5),
        'runs[0].config.epochs: expected a whole number from 1 to 1,000, got 2.5',
      ],
      [(r) => ((r.settings as Record<string, unknown>).seeds = 0), 'runs[0].settings.seeds: expected a whole number from 1 to 10, got 0'],
      [(r) => ((r.panel as Record<string, unknown>).letter = 'AB'), 'runs[0].panel.letter: expected text of 1 to 1 characters, got "AB"'],
      [(r) => (r.id = '../etc'), 'runs[0].id: expected an id of letters, digits, "-" and "_", got "../etc"'],
      [(r) => (r.epochs = {}), 'runs[0].epochs: expected a list, got an object'],
      [(r) => (r.appVersion = 'x'.repeat(65)), `runs[0].appVersion: expected text of 1 to 64 characters, got "${'x'.repeat(40)}…"`],
      [
        (r) => (((r.config as Record<string, unknown>).schedule as Record<string, unknown>).args = { T_max: 'x'.repeat(300_000) }),
        'runs[0].config.schedule.args.T_max: expected an argument value (a finite number, text of at most 262,144 characters, true/false, null, or a list or object of them, at most 10,000 items)',
      ],
      [
        (r) => ((r.settings as Record<string, unknown>).backend = 'gpu'),
        'runs[0].settings.backend: expected one of "auto", "fused", "webgpu", "webgl", "wasm", "cpu", got "gpu"',
      ],
      [
        (r) => (((r.config as Record<string, unknown>).schedule as Record<string, unknown>).args = { T_max: 'x' }),
        'runs[0].config.schedule.args.T_max: T_max must be a number, got the string "x"',
      ],
      [(r) => (epochAt(r, 2).epoch = 0), 'runs[0].epochs[2].epoch: epochs must be in increasing order (epoch 0 after 1)'],
      [
        (r) => {
          delete r.diverged;
          r.status = 'diverged';
        },
        'runs[0].diverged: missing (the run diverged: where and at which LR?)',
      ],
    ];
    for (const [breakIt, message] of cases) {
      const run = rawRun();
      breakIt(run);
      expect(refused(envelope([run]))).toBe(message);
    }
  });

  it('too many runs, too long lists', () => {
    const many = envelope(Array.from({ length: MAX_RUNS_PER_FILE + 1 }, () => 0));
    expect(refused(many)).toBe('runs: a file holds at most 1,000 runs, this one has 1,001');
    const huge = rawRun();
    huge.appliedLr = new Array(MAX_APPLIED_STEPS + 1).fill(0);
    expect(refused(envelope([huge]))).toBe('runs[0].appliedLr: expected at most 10,000,000 items, got 10,000,001');
    const longEpochs = rawRun();
    longEpochs.epochs = new Array(1001).fill(0);
    expect(refused(envelope([longEpochs]))).toBe('runs[0].epochs: expected at most 1,000 items, got 1,001');
    const deep = rawRun();
    let nested: unknown = 1;
    for (let i = 0; i < 100; i++) nested = [nested];
    (deep.config as { schedule: { args: Record<string, unknown> } }).schedule.args.T_max = nested;
    expect(refused(envelope([deep]))).toMatch(/^runs\[0\]\.config\.schedule\.args\.T_max(\[0\])+: nested more than 48 levels deep$/);
  });

  it('messages stay short, whatever a hostile file quotes', () => {
    const run = rawRun();
    (run.config as { schedule: { args: Record<string, unknown> } }).schedule.args = { T_max: 'x'.repeat(200_000) };
    const message = refused(envelope([run]));
    expect(message.startsWith('runs[0].config.schedule.args.T_max: ')).toBe(true);
    expect(message.length).toBeLessThanOrEqual(600);
    const longKey = rawRun();
    longKey[`k${'y'.repeat(10_000)}`] = 1;
    expect(refused(envelope([longKey]))).toBe(`runs[0]: unknown key "k${'y'.repeat(39)}…"`);
  });

  it('two runs with one id', () => {
    const run = rawRun();
    expect(refused(envelope([run, rawRun(), run]))).toBe(`runs[2].id: the same id as runs[0] (${JSON.stringify(run.id)})`);
  });

  it('a newer file or record version', () => {
    expect(refused(envelope([], { version: 2 }))).toBe(
      'The file was made by a newer version of LR Playground (file version 2; this one reads up to version 1). Update the page to import it.',
    );
    const run = rawRun();
    run.v = 7;
    const message = refused(envelope([rawRun(), run]));
    expect(message).toContain(NEWER_VERSION);
    expect(message).toBe(
      'runs[1]: made by a newer version of LR Playground (record version 7; this one reads up to version 1). Update the page to read it.',
    );
    const noVersion = rawRun();
    delete noVersion.v;
    expect(refused(envelope([noVersion]))).toBe('runs[0].v: missing (every run carries its record version)');
  });
});

describe('migrations', () => {
  // Version 1 is the first: the production chain is empty. This chain proves the mechanism with a made-up version 0
  // (a record without appVersion and settings), upgraded by one step and then held to version 1's real schema.
  const chain: MigrationChain = {
    current: 1,
    oldest: 0,
    steps: {
      0: (r) => ({
        ...r,
        v: 1,
        appVersion: 'unknown',
        settings: {
          dataset: 'digits',
          hidden: [128, 64],
          activation: 'relu',
          batchSize: 32,
          seeds: 3,
          init: 'glorot_uniform',
          backend: 'auto',
          targetAccuracy: 0.95,
        },
      }),
    },
  };

  it('an older record is brought to the current version and validated', () => {
    const old = rawRun();
    delete old.appVersion;
    delete old.settings;
    old.v = 0;
    const before = JSON.stringify(old);
    const read = readRecord(old, 'runs[0]', chain);
    expect(read.ok).toBe(true);
    if (!read.ok) return;
    expect(read.value.migrated).toBe(true);
    expect(read.value.run.v).toBe(1);
    expect(read.value.run.appVersion).toBe('unknown');
    expect(read.value.run.settings.backend).toBe('auto');
    expect(JSON.stringify(old)).toBe(before);
    // A current record goes through untouched.
    const current = readRecord(rawRun(), 'runs[0]', chain);
    expect(current.ok && current.value.migrated).toBe(false);
  });

  it('a step that does not give the next version, a missing step, a version never written, are refused', () => {
    const old = { ...rawRun(), v: 0 };
    const bad: MigrationChain = { current: 1, oldest: 0, steps: { 0: (r) => r } };
    expect(readRecord(old, 'run', bad)).toEqual({
      ok: false,
      error: { message: 'run.v: the migration from version 0 did not give version 1' },
    });
    expect(readRecord(old, 'run', { current: 1, oldest: 0, steps: {} })).toEqual({
      ok: false,
      error: { message: 'run.v: no migration from record version 0' },
    });
    expect(parseRunsFile(envelope([old]))).toEqual({
      ok: false,
      message: 'runs[0].v: record version 0 is not one LR Playground ever wrote',
    });
    const broken = readRecord({ ...old, appVersion: undefined }, 'run', { ...chain, steps: { 0: () => ({ v: 1 }) } });
    expect(broken.ok).toBe(false);
  });
});
