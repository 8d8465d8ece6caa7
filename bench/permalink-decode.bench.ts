/**
 * How long decoding a link takes (the page decodes the address bar once, on load): real links (the presets, a
 * rich four-panel embed), each truncated at every position, hostile keys and values, wrong types in every
 * argument, and the longest links (refused over MAX_LINK_BYTES). src/state/permalink.fuzz.test.ts checks the
 * behaviour on a larger corpus and bounds the work; this measures the time. One bench per category, then one per
 * link among the slowest five, found by timing every link at load (the fastest of three; printed).
 * Run: `npm run bench` (table; JSON in bench/results.json).
 */
import { bench, describe } from 'vitest';
import { families } from '../src/schedules';
import { decodePermalink, encodePermalink, MAX_LINK_BYTES } from '../src/state/permalink';
import { PRESETS } from '../src/state/presets';
import { defaultData, defaultPanel, PANEL_NAMES } from '../src/state/store';

function richLink(): string {
  const data = defaultData();
  data.horizon = { epochs: 90, stepsPerEpoch: 100 };
  const seq = defaultPanel('SequentialLR');
  const warmup = defaultPanel('Warmup', 'playground');
  warmup.args.schedule = { framework: 'torch', name: 'SequentialLR', args: structuredClone(seq.args) };
  const lambda = defaultPanel('LambdaLR');
  lambda.args.lr_lambda = 'def f(epoch):\n    # “ünï” & = + %\n    return 0.9 ** epoch\n';
  data.panels = [structuredClone(PRESETS[1]?.data.panels[0] ?? defaultPanel()), seq, warmup, lambda];
  return encodePermalink(data, { embed: true, hide: ['legend', 'gamma'], lock: ['step_size'] });
}

const HOSTILE_KEYS = ['__proto__', 'constructor', 'prototype', '__proto__.polluted', 'hasOwnProperty', 'toString'];
const WEIRD_VALUES = [
  '',
  'NaN',
  '1e309',
  '-0',
  '9'.repeat(400),
  '[[[[[[[[[[]]]]]]]]]]',
  '{"__proto__":{"polluted":1}}',
  '%E0%A4',
  '\ud800',
  'lambda epoch: (',
  'def f(epoch):\n  while True: pass',
  `lambda e: ${'('.repeat(300)}1${')'.repeat(300)}`,
];
const enc = (text: string) => {
  try {
    return encodeURIComponent(text);
  } catch {
    return text;
  }
};

const rich = richLink();
const categories: Record<string, string[]> = {
  'real links (presets and a rich embed)': [rich, ...PRESETS.map((p) => encodePermalink({ ...defaultData(), ...p.data }))],
  'a rich link truncated at every position': Array.from({ length: rich.length + 1 }, (_, i) => rich.slice(0, i)),
  'hostile keys and values': HOSTILE_KEYS.flatMap((key) =>
    WEIRD_VALUES.map((value) => `v=1&A=torch.SequentialLR&${enc(key)}=${enc(value)}&A.${enc(key)}=${enc(value)}`),
  ),
  'a weird value in every argument of every family': families.flatMap((spec, i) => {
    const letter = PANEL_NAMES[i % PANEL_NAMES.length] ?? 'A';
    return WEIRD_VALUES.map(
      (value) => `v=1&${letter}=${spec.framework}.${spec.name}&${spec.params.map((p) => `${letter}.${p.name}=${enc(value)}`).join('&')}`,
    );
  }),
  'the longest links': [
    `v=1&A=torch.LambdaLR&A.lr_lambda=${'x'.repeat(100_000)}`,
    '='.repeat(MAX_LINK_BYTES),
    `v=1&A=torch.SequentialLR&A.schedulers=${'['.repeat(MAX_LINK_BYTES - 40)}`,
    `v=1&A=torch.LambdaLR&A.lr_lambda=${enc(`lambda e: ${'1+'.repeat(2500)}1`)}`,
    `v=1&A=torch.LambdaLR&A.lr_lambda=${enc(`def f(e):\n x=e\n${Array.from({ length: 500 }, () => ' x=x*1').join('\n')}\n return 0.9**x`)}`,
    `v=1&${Array.from({ length: 1000 }, (_, i) => `k${i}=${i}`).join('&')}`.slice(0, MAX_LINK_BYTES),
  ],
};

const all = Object.entries(categories).flatMap(([category, links]) => links.map((link) => ({ category, link })));
for (const { link } of all) decodePermalink(link); // warm up (the grammar, the JIT)
/** The fastest of three decodes: one pass is too noisy (a GC pause) to rank the links. */
const timed = all.map((x) => {
  let ms = Number.POSITIVE_INFINITY;
  for (let k = 0; k < 3; k++) {
    const start = performance.now();
    decodePermalink(x.link);
    ms = Math.min(ms, performance.now() - start);
  }
  return { ...x, ms };
});
timed.sort((a, b) => b.ms - a.ms);
const slowest = timed.slice(0, 5);
const label = (x: { category: string; link: string }) =>
  `${x.category}: ${x.link.length.toLocaleString('en-US')} characters, ${JSON.stringify(x.link.slice(0, 50))}`;
console.log(
  `permalink decode: ${all.length} links, ${timed.reduce((t, x) => t + x.ms, 0).toFixed(0)} ms in all (fastest of three per link); slowest:`,
);
for (const x of slowest) console.log(`  ${x.ms.toFixed(2).padStart(8)} ms  ${label(x)}`);

describe('decodePermalink, by category (all links of the category)', () => {
  for (const [category, links] of Object.entries(categories)) {
    bench(
      `${category} (${links.length})`,
      () => {
        for (const link of links) decodePermalink(link);
      },
      { time: 300, iterations: 3, warmupIterations: 1 },
    );
  }
});

describe('decodePermalink, the slowest five links', () => {
  for (const x of slowest) {
    bench(
      label(x),
      () => {
        decodePermalink(x.link);
      },
      { time: 300, iterations: 3, warmupIterations: 1 },
    );
  }
});
