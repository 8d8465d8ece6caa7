/**
 * Security audit of "Copy as PyTorch" / "Copy as Keras": users RUN what the exporters write, and the functions in
 * it (lr_lambda, scale_fn, Keras's schedule) come from whoever wrote a shared link or a paste. For every hostile
 * input of export-audit-cases.ts that the engine accepts (fromFramework for calls; every call parseScheduleCode
 * reads from a paste), both exports are built and:
 *   - their text must hold none of the case's payload markers (PWNED, __import__, system(, ...): fast, no Python;
 *     it also catches payloads that would do nothing in a short run (a local annotation, a comment, an untaken
 *     branch) but show that the user's text, not the checked tree, was written out;
 *   - they are run by real Python (the reference environment: torch 2.13, Keras 3 on torch) under an audit hook
 *     (scripts/golden/run_export_audit.py) that blocks and reports anything an honest export does not need:
 *     processes, the network, files outside the installation, writes, exec/compile, imports beyond the frameworks.
 * The harness is first shown to catch deliberately evil snippets (so a pass does not mean the hook was off), and
 * honest controls must run cleanly (so a pass does not mean everything was refused or failed).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { fromFramework } from '../index';
import { REFERENCE_HOOK_TIMEOUT_MS, runReferencePython } from '../testing/reference-python';
import type { FrameworkCall } from '../types';
import { ALL_MARKERS, AUDIT_HORIZON, type ExportAuditCase, exportAuditCases } from './export-audit-cases';
import { parseScheduleCode, toKerasCode, toPyTorchCode } from './index';
import { exportCases } from './testing-cases';

const RUNNER = 'run_export_audit.py';
const CANNOT = '# The playground cannot write';

interface Export {
  /** Unique among all exports: the case id, the call's index in a paste, the exporter. */
  readonly id: string;
  readonly code: string;
}

interface Prepared {
  readonly c: ExportAuditCase;
  readonly exports: readonly Export[];
  /** Exporters that threw (not a leak, but reported). */
  readonly thrown: readonly string[];
}

/** The calls of a case that the app would export: an accepted call, or every call read from a paste. */
function callsOf(c: ExportAuditCase): FrameworkCall[] {
  if (c.kind === 'call') return fromFramework(c.call).ok ? [c.call] : [];
  const parsed = parseScheduleCode(c.source);
  return parsed.ok ? parsed.value.schedules.map((s) => s.call) : [];
}

function prepare(c: ExportAuditCase): Prepared {
  const exports: Export[] = [];
  const thrown: string[] = [];
  callsOf(c).forEach((call, i) => {
    for (const [framework, write] of [
      ['torch', toPyTorchCode],
      ['keras', toKerasCode],
    ] as const) {
      const id = `${c.id} / ${c.kind === 'paste' ? `schedule ${i} / ` : ''}${framework}`;
      let code: string;
      try {
        code = write(call, AUDIT_HORIZON);
      } catch (e) {
        thrown.push(`${id}: ${e instanceof Error ? e.message : String(e)}`);
        continue;
      }
      if (!code.startsWith(CANNOT)) exports.push({ id, code });
    }
  });
  return { c, exports, thrown };
}

const cases = exportAuditCases();
const prepared = cases.map(prepare);

/** Deliberately evil snippets sent as they are: each must be reported, proving the hook is armed and strict. */
const HARNESS_CHECKS: readonly { id: string; code: string; expected: RegExp }[] = [
  { id: 'harness: os.system', code: "import os; os.system('true')", expected: /^os\.system/ },
  { id: 'harness: subprocess', code: "import subprocess; subprocess.run(['true'])", expected: /^subprocess\.Popen/ },
  { id: 'harness: read outside the installation', code: "open('/etc/hostname').close()", expected: /^open of a file outside/ },
  { id: 'harness: write a file', code: "open('written.txt', 'w').close()", expected: /^open for writing/ },
  { id: 'harness: socket', code: 'import socket; socket.socket().close()', expected: /^socket\./ },
  { id: 'harness: exec of a string', code: "exec('x = 1')", expected: /^compile of/ },
  { id: 'harness: import outside the allowlist', code: 'import tomllib', expected: /^import of 'tomllib'/ },
  { id: 'harness: mkdir', code: "import os; os.mkdir('made')", expected: /^os\.mkdir/ },
  {
    // Compiled from bytes, as `python export.py` reads a file: the coding declaration is honoured, +AAo- is a newline.
    id: 'harness: utf-7 coding declaration',
    code: "# -*- coding: utf-7 -*-\nx = 1 #+AAo-import os; os.system('true')\n",
    expected: /^os\.system/,
  },
];

interface AuditResult {
  violations: string[];
  error?: string;
}

describe('exports of hostile inputs: text', () => {
  it('the payload markers occur in no honest export (so finding one in an audited export means a leak)', () => {
    const found: string[] = [];
    for (const c of exportCases()) {
      for (const write of [toPyTorchCode, toKerasCode]) {
        const code = write(c.call, c.horizon);
        for (const m of ALL_MARKERS) if (code.includes(m)) found.push(`${c.id}: ${JSON.stringify(m)}`);
      }
    }
    expect(found).toEqual([]);
  });

  it('every control is accepted and exported', () => {
    const controls = prepared.filter((p) => p.c.control);
    expect(controls.length).toBeGreaterThan(0);
    for (const p of controls) expect(p.exports.length, p.c.id).toBeGreaterThan(0);
  });

  for (const p of prepared) {
    it(`${p.c.id}: no payload marker in its exports`, () => {
      const leaks = p.exports.flatMap((e) => p.c.markers.filter((m) => e.code.includes(m)).map((m) => `${e.id}: ${JSON.stringify(m)}`));
      expect(leaks, p.exports.map((e) => `--- ${e.id}\n${e.code}`).join('\n')).toEqual([]);
    });
  }
});

describe('exports of hostile inputs: run by real Python under an audit hook', () => {
  let results: Record<string, AuditResult> = {};
  let versions = { python: '', torch: '', keras: '' };
  let elapsedMs = 0;

  beforeAll(() => {
    const control = (id: string): Export => {
      const found = prepared.find((p) => p.c.id === id)?.exports;
      if (!found?.length) throw new Error(`control ${id} has no export`);
      return found[0] as Export;
    };
    // One honest torch export and one honest Keras export, run before the hook is armed: they load what the
    // frameworks import lazily, so the cases' import events are theirs alone.
    const warmup = [control('control LambdaLR def with math').code, control('control Keras schedule').code];
    const keras = prepared.find((p) => p.c.id === 'control LambdaLR lambda')?.exports.find((e) => e.id.endsWith('/ keras'));
    if (keras) warmup.push(keras.code);
    const input = JSON.stringify({
      warmup,
      cases: [...HARNESS_CHECKS.map(({ id, code }) => ({ id, code })), ...prepared.flatMap((p) => p.exports)],
    });
    const start = performance.now();
    const stdout = runReferencePython(RUNNER, input);
    elapsedMs = performance.now() - start;
    const last = stdout.trim().split('\n').at(-1) ?? '';
    const parsed = JSON.parse(last) as {
      python_version: string;
      torch_version: string;
      keras_version: string;
      results: typeof results;
    };
    results = parsed.results;
    versions = { python: parsed.python_version, torch: parsed.torch_version, keras: parsed.keras_version };
  }, REFERENCE_HOOK_TIMEOUT_MS);

  it('the hook is armed: every deliberately evil snippet is reported', () => {
    for (const h of HARNESS_CHECKS) {
      const r = results[h.id];
      expect(r, h.id).toBeDefined();
      expect(r?.violations.length, `${h.id}: ${JSON.stringify(r)}`).toBeGreaterThan(0);
      expect(r?.violations[0], h.id).toMatch(h.expected);
    }
    expect(versions.torch).toMatch(/^2\.13\./);
    expect(versions.keras).toMatch(/^3\./);
    const all = prepared.flatMap((p) => p.exports);
    const errors = all.filter((e) => results[e.id]?.error !== undefined && results[e.id]?.violations.length === 0);
    const accepted = prepared.filter((p) => p.exports.length > 0).length;
    const thrown = prepared.flatMap((p) => p.thrown);
    console.log(
      `export audit (Python ${versions.python}, torch ${versions.torch}, Keras ${versions.keras}): ${cases.length} cases, ` +
        `${accepted} exported, ${all.length} exports run in ${Math.round(elapsedMs)} ms; ` +
        `${errors.length} raised an ordinary error (not a violation)${errors.length ? `: ${errors.map((e) => e.id).join('; ')}` : ''}` +
        `${thrown.length ? `; exporters threw: ${thrown.join('; ')}` : ''}`,
    );
  });

  it('the controls run without an error or a violation', () => {
    for (const p of prepared.filter((q) => q.c.control)) {
      for (const e of p.exports) {
        const r = results[e.id];
        expect(r, e.id).toBeDefined();
        expect(r?.error, `${e.id}: ${r?.error}`).toBeUndefined();
        expect(r?.violations, e.id).toEqual([]);
      }
    }
  });

  for (const p of prepared) {
    it(`${p.c.id}: no audit violation when its exports run`, () => {
      for (const e of p.exports) {
        const r = results[e.id];
        expect(r, `${e.id}: no result`).toBeDefined();
        expect(r?.violations, `${e.id}\n${e.code}`).toEqual([]);
      }
    });
  }
});
