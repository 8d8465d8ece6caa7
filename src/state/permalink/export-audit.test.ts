/**
 * The export audit (src/schedules/code/export-audit.test.ts) for shared links: whoever writes a link chooses the
 * functions in it, and whoever opens it may copy the code out and run it. Every hostile function of the audit's
 * corpus is put in links (through the encoder, written by hand the way an attacker would, and mutated), each link
 * is decoded as the page decodes it, and every decoded panel is exported both ways. The exports must hold no
 * payload marker, and real Python must run them under the audit hook without a forbidden event.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { toKerasCode, toPyTorchCode } from '../../schedules/code';
import { AUDIT_HORIZON, type ExportAuditCase, exportAuditCases } from '../../schedules/code/export-audit-cases';
import { seededRandom } from '../../schedules/random';
import { REFERENCE_HOOK_TIMEOUT_MS, runReferencePython } from '../../schedules/testing/reference-python';
import { DEFAULT_OPTIMIZER, defaultData, type Panel, panelCall } from '../store';
import { decodePermalink, encodePermalink } from './index';

const CANNOT = '# The playground cannot write';
const FUNCTION_KEYS: Readonly<Record<string, string>> = {
  'torch.LambdaLR': 'lr_lambda',
  'torch.MultiplicativeLR': 'lr_lambda',
  'torch.CyclicLR': 'scale_fn',
  'keras.LearningRateScheduler': 'schedule',
};

const random = seededRandom(0xa0d17);

interface LinkCase {
  id: string;
  query: string;
  markers: readonly string[];
}

function linksOf(c: Extract<ExportAuditCase, { kind: 'call' }>): LinkCase[] {
  const { call } = c;
  const panel: Panel = { framework: call.framework, name: call.name, args: call.args, optimizer: { ...DEFAULT_OPTIMIZER } };
  const encoded = encodePermalink({ ...defaultData(), panels: [panel] });
  const links: LinkCase[] = [{ id: `${c.id} / encoded`, query: encoded, markers: c.markers }];
  // By hand, as an attacker would write it: the function in its key, the rest left to the defaults.
  const key = FUNCTION_KEYS[`${call.framework}.${call.name}`];
  const source = key ? call.args[key] : undefined;
  if (key && typeof source === 'string') {
    links.push({
      id: `${c.id} / by hand`,
      query: `v=1&A=${call.framework}.${call.name}&A.${key}=${encodeURIComponent(source)}&A.scale_mode=iterations`,
      markers: c.markers,
    });
  }
  // Mutations: a key given twice (the second one wins or is refused), the link cut short, a value swapped in.
  const cut = encoded.slice(0, Math.max(10, Math.floor(random() * encoded.length)));
  links.push({ id: `${c.id} / cut`, query: cut, markers: c.markers });
  if (key && typeof source === 'string') {
    links.push({
      id: `${c.id} / twice`,
      query: `${encoded}&A.${key}=${encodeURIComponent(source)}&B=${call.framework}.${call.name}&B.${key}=${encodeURIComponent(source)}`,
      markers: c.markers,
    });
  }
  return links;
}

interface Export {
  id: string;
  code: string;
  markers: readonly string[];
}

const links = exportAuditCases().flatMap((c) => (c.kind === 'call' ? linksOf(c) : []));
const seen = new Set<string>();
const exports: Export[] = [];
let panelsDecoded = 0;
for (const link of links) {
  const decoded = decodePermalink(`?${link.query}`);
  decoded.data.panels?.forEach((panel, i) => {
    panelsDecoded++;
    for (const [framework, write] of [
      ['torch', toPyTorchCode],
      ['keras', toKerasCode],
    ] as const) {
      let code: string;
      try {
        code = write(panelCall(panel), AUDIT_HORIZON);
      } catch {
        continue;
      }
      // Equal exports are run once: many links decode to the same (default) panel.
      if (code.startsWith(CANNOT) || seen.has(code)) continue;
      seen.add(code);
      exports.push({ id: `${link.id} / panel ${i} / ${framework}`, code, markers: link.markers });
    }
  });
}

describe('exports of hostile links', () => {
  it('decodes every link and exports what it holds, honest controls included', () => {
    expect(exports.some((e) => e.id.startsWith('control '))).toBe(true);
    expect(links.length).toBeGreaterThan(400);
    expect(panelsDecoded).toBeGreaterThan(links.length / 2);
    expect(exports.length).toBeGreaterThan(10);
  });

  it('no export of a decoded link holds a payload marker', () => {
    // The case's own markers: a string payload may stay in the export as escaped data, never as code.
    const leaks = exports.flatMap((e) => e.markers.filter((m) => e.code.includes(m)).map((m) => `${e.id}: ${m}`));
    expect(leaks).toEqual([]);
  });

  describe('run by real Python under the audit hook', () => {
    let results: Record<string, { violations: string[]; error?: string }> = {};
    beforeAll(() => {
      // Honest exports first, before the hook is armed, so what the frameworks import lazily is loaded (as the
      // audit of calls and pastes does).
      const warmup = exports.filter((e) => e.id.startsWith('control ') && e.id.includes(' / encoded / ')).map((e) => e.code);
      const input = JSON.stringify({ warmup, cases: exports.map(({ id, code }) => ({ id, code })) });
      const stdout = runReferencePython('run_export_audit.py', input);
      results = (JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}') as { results: typeof results }).results;
    }, REFERENCE_HOOK_TIMEOUT_MS);

    it('every export of a decoded link runs without a forbidden event', () => {
      const violations = exports.flatMap((e) => {
        const r = results[e.id];
        if (!r) return [`${e.id}: no result`];
        return r.violations.map((v) => `${e.id}: ${v}`);
      });
      expect(violations).toEqual([]);
    });
  });
});
