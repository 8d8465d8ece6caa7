/**
 * Corrupt and hostile links, generated from a seeded PRNG so every run (and every failure) is reproducible:
 * decoding never throws, always returns a state the store and the engine accept, pollutes no prototype and
 * stays within a bound on work: a link over MAX_LINK_BYTES is not read at all (no key visited), the decoder
 * visits each key at most KEY_VISITS_PER_KEY times (linear in the link's length), and a decode makes at most
 * PYTHON_CALLS_PER_DECODE Python evaluations, each stopped at STEP_LIMIT steps. The bound is on work, not time,
 * so it holds on a busy machine; bench/permalink-decode.bench.ts measures the time. Random valid states
 * round-trip exactly.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { type FamilySpec, families, fromFramework, MAX_TICKS, type ParamSpec } from '../schedules';
import { STEP_LIMIT } from '../schedules/python';
import { ACTIVATIONS, DATASET_LIMITS, DATASET_NAMES, INITS, MAX_BATCH_SIZE, MAX_HIDDEN_LAYERS, MAX_UNITS } from '../training/types';
import { METRIC_PRESETS } from './example-metric';
import {
  type DecodedLink,
  decodePermalink,
  encodePermalink,
  MAX_LINK_BYTES,
  MAX_SCHEDULE_DEPTH,
  MAX_SESSION_BYTES,
  TRACKING_KEYS,
} from './permalink';
import { decodeCounting } from './permalink/decode';
import { MIN_NORMAL_FLOAT } from './permalink/limits';
import { PRESETS } from './presets';
import { defaultData, defaultPanel, MAX_PANELS, PANEL_NAMES, type Panel, type PlaygroundData, panelCall, RESULTS_TABS } from './store';
import { BACKEND_CHOICES, DEFAULT_TRAINING, MAX_SEEDS, type TrainingSettings, trainingIssues } from './training';
import { seededRandom } from '../schedules/random';
import { countWork, type Work } from '../schedules/work';

const random = seededRandom(0x5eed_1e55);
const int = (n: number) => Math.floor(random() * n);
function pick<T>(list: readonly T[]): T {
  return list[int(list.length)] as T;
}

const TOKEN = /^[A-Za-z_][A-Za-z0-9_.-]{0,63}$/;
const PROTOTYPE_NAMES = Object.getOwnPropertyNames(Object.prototype).sort();
const CATCH_ALL = /^The link could not be read/;
/**
 * Python evaluations one decode may make: the engine checks each panel (compiling and calling its functions) a
 * bounded number of times, and never samples a curve. Measured: at most 2 over this whole file.
 */
const PYTHON_CALLS_PER_DECODE = 8 * MAX_PANELS;
/**
 * Key visits per key of the link: the query is read once, then each key is looked at by at most a few scans
 * (its panel's rest, the repeated keys, the unknown keys, the version check). A quadratic decoder (one scan of
 * every key per key, or per panel argument) needs hundreds per key on the long links below.
 */
const KEY_VISITS_PER_KEY = 5;
let decodes = 0;
/** The most work one decode took, and the link that took it (reported at the end). */
const most = { pythonCalls: 0, maxPythonSteps: 0, keyVisitsPerKey: 0, link: '' };

const utf8Bytes = (text: string) => new TextEncoder().encode(text).length;

/** Everything the store and the engine need from a decoded link. */
function expectUsable(decoded: DecodedLink, link: string) {
  const { data, embed, warnings } = decoded;
  const where = link.length > 200 ? `${link.slice(0, 200)}…` : link;
  expect(
    warnings.filter((w) => CATCH_ALL.test(w)),
    where,
  ).toEqual([]);
  for (const w of warnings) expect(typeof w).toBe('string');
  const { epochs, stepsPerEpoch } = data.horizon;
  expect(Number.isInteger(epochs) && epochs >= 1 && Number.isInteger(stepsPerEpoch) && stepsPerEpoch >= 1, where).toBe(true);
  expect(epochs * stepsPerEpoch).toBeLessThanOrEqual(MAX_TICKS);
  expect(data.panels.length).toBeGreaterThanOrEqual(1);
  expect(data.panels.length).toBeLessThanOrEqual(MAX_PANELS);
  for (const panel of data.panels) {
    const result = fromFramework(panelCall(panel));
    expect(result.ok ? 'ok' : result.error.message, `${where}: ${panel.name}`).toBe('ok');
    expect(Object.getPrototypeOf(panel.args)).toBe(Object.prototype);
  }
  expect(
    typeof data.view.logScale === 'boolean' && typeof data.view.showValues === 'boolean' && typeof data.view.sideBySide === 'boolean',
  ).toBe(true);
  expect(['epoch', 'step']).toContain(data.view.xAxis);
  expect(['system', 'light', 'dark']).toContain(data.view.theme);
  expect(METRIC_PRESETS.map((p) => p.id)).toContain(data.metric.preset);
  for (const x of data.metric.custom) expect(Number.isFinite(x)).toBe(true);
  // Training settings are each usable (the horizon's epochs are checked where training starts).
  expect(trainingIssues(data.training, { epochs: 1, stepsPerEpoch: 1 }, 1).errors, where).toEqual({});
  expect(typeof embed.embed).toBe('boolean');
  for (const token of [...embed.hide, ...embed.lock]) expect(token).toMatch(TOKEN);
}

function expectNoPollution() {
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(PROTOTYPE_NAMES);
  expect(Object.getPrototypeOf({})).toBe(Object.prototype);
}

/** The keys in a link's query, as the decoder's URLSearchParams sees them (at least 1, for the bound). */
function keyCount(text: string): number {
  let n = 0;
  for (const _ of new URLSearchParams(text)) n++;
  return Math.max(n, 1);
}

/**
 * The work a decode did, within its bounds: nothing read past the byte limit, key visits linear in the number
 * of keys, bounded Python.
 */
function expectBoundedWork(work: Work, keyVisits: number, decoded: DecodedLink, link: string, maxBytes = MAX_LINK_BYTES) {
  const where = link.length > 120 ? `${link.slice(0, 120)}… (${link.length} chars)` : link;
  const text = link.startsWith('?') ? link.slice(1) : link;
  if (utf8Bytes(text) > maxBytes) {
    expect(decoded.warnings[0], where).toMatch(/^Link too long/);
    expect(work, where).toMatchObject({ pythonCalls: 0, syntaxNodes: 0 });
    expect(keyVisits, where).toBe(0);
  }
  const keys = keyCount(text);
  expect(keyVisits, where).toBeLessThanOrEqual(KEY_VISITS_PER_KEY * keys + 16);
  most.keyVisitsPerKey = Math.max(most.keyVisitsPerKey, keyVisits / keys);
  expect(work.pythonCalls, where).toBeLessThanOrEqual(PYTHON_CALLS_PER_DECODE);
  expect(work.maxPythonSteps, where).toBeLessThanOrEqual(STEP_LIMIT);
  expect(work.pythonSteps, where).toBeLessThanOrEqual(work.pythonCalls * STEP_LIMIT);
  if (work.pythonCalls > most.pythonCalls || work.maxPythonSteps > most.maxPythonSteps) {
    most.pythonCalls = Math.max(most.pythonCalls, work.pythonCalls);
    most.maxPythonSteps = Math.max(most.maxPythonSteps, work.maxPythonSteps);
    most.link = where;
  }
}

/** Decodes, bounds its work and checks the result; a decoded state re-encodes to a link that reads back cleanly. */
function check(link: string, maxBytes = MAX_LINK_BYTES) {
  let counted: { link: DecodedLink; keyVisits: number } | undefined;
  let work: Work | undefined;
  expect(() => {
    ({ value: counted, work } = countWork(() => decodeCounting(link, { maxBytes })));
  }).not.toThrow();
  decodes++;
  if (!counted || !work) throw new Error('no result');
  const decoded = counted.link;
  expectBoundedWork(work, counted.keyVisits, decoded, link, maxBytes);
  expectUsable(decoded, link);
  expectNoPollution();
  const again = decodePermalink(encodePermalink(decoded.data, decoded.embed));
  expect(again.warnings, link).toEqual([]);
  expect(again.data).toEqual(decoded.data);
  expect(again.embed).toEqual(decoded.embed);
}

// ------------------------------------------------------------------------------------------- generators

/** Percent-encodes, leaving text with unpaired surrogates (which encodeURIComponent refuses) raw. */
function enc(text: string): string {
  try {
    return encodeURIComponent(text);
  } catch {
    return text;
  }
}

function richState(): PlaygroundData {
  const data = defaultData();
  data.horizon = { epochs: 90, stepsPerEpoch: 100 };
  data.view = { ...data.view, logScale: true, xAxis: 'step' };
  data.metric = { preset: 'custom', custom: [2.5, 1.5, 1.25] };
  const seq = defaultPanel('SequentialLR');
  const warmup = defaultPanel('Warmup', 'playground');
  warmup.args.schedule = { framework: 'torch', name: 'SequentialLR', args: structuredClone(seq.args) };
  const lambda = defaultPanel('LambdaLR');
  lambda.args.lr_lambda = 'def f(epoch):\n    # “ünï” & = + %\n    return 0.9 ** epoch\n';
  const resnet = PRESETS[1]?.data.panels[0] ?? defaultPanel();
  data.panels = [
    structuredClone(resnet),
    { ...seq, args: { ...seq.args, milestones: [7] }, optimizer: { kind: 'Adam', lr: 1e-3, momentum: 0.9 } },
    warmup,
    lambda,
  ];
  return data;
}

const REAL_LINKS = [
  encodePermalink(richState(), { embed: true, hide: ['legend', 'gamma'], lock: ['step_size'] }),
  ...PRESETS.map((p) => encodePermalink({ ...defaultData(), ...p.data })),
];

const HOSTILE_KEYS = [
  '__proto__',
  'constructor',
  'prototype',
  '__proto__.polluted',
  'constructor.prototype.polluted',
  'hasOwnProperty',
  'toString',
  'valueOf',
];
const WEIRD_VALUES = [
  '',
  'None',
  'null',
  'true',
  'NaN',
  'Infinity',
  '-Infinity',
  '1e309',
  '-1e309',
  '1e-400',
  '-0',
  '9'.repeat(400),
  `0.${'1'.repeat(500)}`,
  '0x10',
  '1_000',
  ' 1',
  '[]',
  '{}',
  '[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]',
  '[1,2',
  '{"__proto__":{"polluted":1}}',
  '[{"name":"StepLR","args":{"__proto__":{"polluted":1}}}]',
  '[{"name":"StepLR","args":{"constructor":{"prototype":{"polluted":1}}}}]',
  '{"framework":"torch","name":"__proto__","args":{}}',
  '{"framework":"__proto__","name":"StepLR"}',
  '"str"',
  '"\\ud800"',
  '%',
  '%zz',
  '%E0%A4',
  '%FF%FE',
  '%00',
  '%u0041',
  '%%%',
  '\u0000',
  '\ud800',
  '😀',
  'lambda epoch: (',
  'lambda epoch: 1 / 0',
  'def f(epoch):\n  while True: pass',
  'import os',
  '__import__("os")',
  `lambda e: ${'('.repeat(300)}1${')'.repeat(300)}`,
];
const FAMILY_TEXTS = [
  ...families.map((f) => `${f.framework}.${f.name}`),
  'torch.Nope',
  'keras.StepLR',
  'torch',
  '.',
  'torch.',
  '.StepLR',
  'ReduceLROnPlateau',
  '__proto__',
  'torch.__proto__',
  'torch.constructor',
];

function randomText(maxLength: number): string {
  const n = int(maxLength);
  let s = '';
  for (let i = 0; i < n; i++) {
    const r = random();
    if (r < 0.5) s += String.fromCharCode(0x20 + int(0x5f));
    else if (r < 0.7) s += pick(['&', '=', '.', ',', '%', '+', '?', '#', '[', ']', '{', '}', '"', 'A', 'A.', 'v']);
    else s += String.fromCharCode(int(0x10000));
  }
  return s;
}

function randomBytesLink(): string {
  const bytes = Array.from({ length: int(300) }, () => int(256));
  return bytes.map((b) => (random() < 0.5 ? `%${b.toString(16).padStart(2, '0')}` : String.fromCharCode(b))).join('');
}

/** A plausible link with some keys and values replaced by hostile or wrong ones. */
function mutatedLink(): string {
  const base = new URLSearchParams(pick(REAL_LINKS));
  const entries = [...base];
  const edits = 1 + int(5);
  for (let e = 0; e < edits; e++) {
    const r = random();
    const i = int(entries.length);
    const entry = entries[i];
    if (!entry) continue;
    if (r < 0.3) entry[1] = pick(WEIRD_VALUES);
    else if (r < 0.45) entry[0] = pick(HOSTILE_KEYS);
    else if (r < 0.55) entry[0] = `${pick(PANEL_NAMES)}.${pick(HOSTILE_KEYS)}`;
    else if (r < 0.65) entries.push([pick(PANEL_NAMES), pick(FAMILY_TEXTS)]);
    else if (r < 0.75) {
      const other = entries[int(entries.length)];
      if (other) [entry[1], other[1]] = [other[1], entry[1]];
    } else if (r < 0.85) entry[1] = randomText(40);
    else if (r < 0.9) entries.splice(i, 1);
    else entries.push([`${pick(PANEL_NAMES)}.${pick(families).params[0]?.name ?? 'x'}`, pick(WEIRD_VALUES)]);
  }
  return entries.map(([k, value]) => `${enc(k)}=${random() < 0.9 ? enc(value) : value}`).join('&');
}

/** A link that sets each argument of random families to a random, often invalid, value. */
function wrongTypesLink(): string {
  const parts = ['v=1'];
  for (let p = 0; p < 1 + int(MAX_PANELS); p++) {
    const spec = pick(families);
    const letter = PANEL_NAMES[p] ?? 'A';
    parts.push(`${letter}=${spec.framework}.${spec.name}`);
    for (const param of spec.params) {
      if (random() < 0.5) continue;
      const value = random() < 0.5 ? pick(WEIRD_VALUES) : String(pick([-1, 0, 0.5, 1, 2, 1e6, -1e-9, 3.7]));
      parts.push(`${letter}.${param.name}=${enc(value)}`);
    }
    if (random() < 0.3) parts.push(`${letter}.lr=${enc(pick(WEIRD_VALUES))}`);
    if (random() < 0.3) parts.push(`${letter}.optimizer=${pick(['Adam', 'SGD', 'Adagrad', '__proto__', ''])}`);
    if (random() < 0.3) parts.push(`${letter}.momentum=${pick(['0.99', '1', '-1', '2', 'x'])}`);
    if (random() < 0.2) parts.push(`${letter}.unset=${spec.params.map((x) => x.name).join(',')}`);
  }
  if (random() < 0.5)
    parts.push(`epochs=${pick(['0', '-1', '1.5', '1000000', '2', 'x', '1e6'])}&steps=${pick(['1', '1000', '0', '99999999'])}`);
  if (random() < 0.3) parts.push(`loss=${pick(['1,2,3', '', ',', '1,,2', 'NaN', '1e999', '-0'])}&metric=${pick(['custom', 'noisy', 'x'])}`);
  return parts.join('&');
}

// ------------------------------------------------------------------------------------------------ tests

describe('decodePermalink on corrupt links', () => {
  // Every prefix of a rich link, in runs of 100 positions (one test per run keeps each test short).
  const rich = REAL_LINKS[0] ?? '';
  it('a rich link to truncate', () => expect(rich.length).toBeGreaterThan(300));
  for (let from = 0; from <= rich.length; from += 100) {
    const to = Math.min(from + 99, rich.length);
    it(`real links truncated at every position: ${from} to ${to}`, () => {
      for (let i = from; i <= to; i++) check(rich.slice(0, i));
    });
  }

  it('300 random byte strings and 200 random texts', () => {
    for (let i = 0; i < 300; i++) check(randomBytesLink());
    for (let i = 0; i < 200; i++) check(randomText(400));
  });

  it('400 real links with values swapped, replaced and keys made hostile', () => {
    for (let i = 0; i < 400; i++) check(mutatedLink());
  });

  it('300 links with wrong types, out-of-range and non-finite values in every argument', () => {
    for (let i = 0; i < 300; i++) check(wrongTypesLink());
  });

  it('unknown families and hostile keys in every position', () => {
    for (const text of FAMILY_TEXTS) for (const letter of PANEL_NAMES) check(`v=1&${letter}=${enc(text)}`);
    for (const key of HOSTILE_KEYS) {
      for (const value of WEIRD_VALUES) {
        check(`v=1&A=torch.SequentialLR&${enc(key)}=${enc(value)}&A.${enc(key)}=${enc(value)}`);
      }
    }
    for (const value of WEIRD_VALUES) {
      check(`v=1&A=torch.SequentialLR&A.schedulers=${enc(value)}&B=playground.Warmup&B.schedule=${enc(value)}&hide=${enc(value)}`);
    }
  });

  it('100 kB links and links just under the limit', () => {
    const huge = `v=1&A=torch.LambdaLR&A.lr_lambda=${'x'.repeat(100_000)}`;
    check(huge);
    check(`${REAL_LINKS[0]}&pad=${'%41'.repeat(40_000)}`);
    check('&'.repeat(100_000));
    check('='.repeat(MAX_LINK_BYTES));
    check(`v=1&A=torch.SequentialLR&A.schedulers=${'['.repeat(MAX_LINK_BYTES - 40)}`);
    check(`v=1&A=torch.LambdaLR&A.lr_lambda=${enc(`lambda e: ${'1+'.repeat(2500)}1`)}`);
    check(`v=1&${Array.from({ length: 1000 }, (_, i) => `k${i}=${i}`).join('&')}`.slice(0, MAX_LINK_BYTES));
    expect(decodePermalink(huge).warnings[0]).toMatch(/^Link too long/);
    // Multi-byte characters count as their UTF-8 bytes: 3,000 of them (9,000 bytes) are over the limit.
    check(`v=1&A=torch.LambdaLR&A.lr_lambda=${'€'.repeat(3000)}`);
    expect(decodePermalink(`v=1&A=torch.LambdaLR&A.lr_lambda=${'€'.repeat(3000)}`).warnings[0]).toMatch(/^Link too long/);
  });

  it('a function that takes thousands of steps per call is evaluated within the step budget', () => {
    const body = Array.from({ length: 500 }, () => ' x=x*1').join('\n');
    const link = `v=1&A=torch.LambdaLR&A.lr_lambda=${encodeURIComponent(`def f(e):\n x=e\n${body}\n return 0.9**x`)}`;
    expect(utf8Bytes(link)).toBeLessThanOrEqual(MAX_LINK_BYTES);
    check(link);
    const { value, work } = countWork(() => decodePermalink(link));
    expect(value.warnings).toEqual([]);
    expect(work.pythonCalls).toBeGreaterThanOrEqual(1);
    expect(work.maxPythonSteps).toBeGreaterThan(1000);
  });

  it('20 to 100 kB links of junk keys: refused unread as links, read in linear work as a tab copy', () => {
    for (const kilobytes of [20, 50, 100]) {
      const parts = ['v=1', 'A=torch.StepLR', 'B=torch.SequentialLR'];
      for (let i = 0; parts.join('&').length < kilobytes * 1000; i++) {
        const r = random();
        if (r < 0.3) parts.push(`A.junk${i}=${i}`);
        else if (r < 0.5) parts.push(`${pick(PANEL_NAMES)}.gamma=${i}`);
        else if (r < 0.7) parts.push(`k${i}=${enc(pick(WEIRD_VALUES))}`);
        else if (r < 0.8) parts.push(`${pick(TRACKING_KEYS)}=${i}`);
        else if (r < 0.9) parts.push(`A.unset=${'x,'.repeat(int(20))}`);
        else parts.push(`hide=${'a,'.repeat(int(20))}`);
      }
      const link = parts.join('&');
      expect(utf8Bytes(link)).toBeGreaterThan(MAX_LINK_BYTES);
      check(link);
      expect(decodePermalink(link).warnings).toEqual([expect.stringMatching(/^Link too long: [\d,]+ bytes, at most 8,192 are read/)]);
      check(link, MAX_SESSION_BYTES);
    }
  });

  it('schedules nested 50 deep (ChainedScheduler in ChainedScheduler…, Warmup in Warmup…) are refused with one message', () => {
    for (const depth of [MAX_SCHEDULE_DEPTH + 1, 10, 50]) {
      let chained: unknown = { name: 'StepLR' };
      for (let i = 0; i < depth; i++) chained = { name: 'ChainedScheduler', args: { schedulers: [chained] } };
      let warm: unknown = { framework: 'torch', name: 'StepLR', args: {} };
      for (let i = 0; i < depth; i++) warm = { framework: 'playground', name: 'Warmup', args: { schedule: warm } };
      const links = [
        `v=1&A=torch.ChainedScheduler&A.schedulers=${enc(JSON.stringify([chained]))}`,
        `v=1&A=playground.Warmup&A.schedule=${enc(JSON.stringify(warm))}`,
      ];
      for (const link of links) {
        check(link);
        check(link, MAX_SESSION_BYTES);
        const { link: decoded } = decodeCounting(link);
        expect(decoded.warnings, link).toEqual([
          expect.stringMatching(
            /^Schedule A \(.*\): (schedulers|schedule): schedules nested more than 6 deep are not supported; its default is used\.$/,
          ),
        ]);
      }
      // Many of them in one tab copy: still linear.
      check(
        Array.from(
          { length: 40 },
          (_, i) => `${i === 0 ? 'v=1&' : ''}A=torch.ChainedScheduler&A.schedulers=${enc(JSON.stringify([chained]))}`,
        ).join('&'),
        MAX_SESSION_BYTES,
      );
    }
  });

  it('tracking keys other sites add change nothing: same state, same warnings', () => {
    for (let i = 0; i < 200; i++) {
      const link = pick(REAL_LINKS.concat([mutatedLink(), wrongTypesLink()]));
      const entries = [...new URLSearchParams(link)];
      for (let t = 0; t < 1 + int(6); t++) {
        const key = random() < 0.3 ? `utm_${pick(['source', 'medium', 'campaign', 'term', 'content', 'id', 'x'])}` : pick(TRACKING_KEYS);
        entries.splice(int(entries.length + 1), 0, [random() < 0.2 ? key.toUpperCase() : key, pick(WEIRD_VALUES)]);
      }
      const tracked = entries.map(([k, value]) => `${enc(k)}=${enc(value)}`).join('&');
      if (utf8Bytes(tracked) > MAX_LINK_BYTES) continue;
      check(tracked);
      const without = decodePermalink(link);
      expect(decodePermalink(tracked), tracked).toEqual(without);
    }
  });

  it('nothing anywhere was polluted', () => {
    expectNoPollution();
    expect((Object.prototype as Record<string, unknown>).polluted).toBeUndefined();
    expect((Array.prototype as unknown as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('decoded more than 1,000 links', () => {
    expect(decodes).toBeGreaterThan(1000);
  });

  afterAll(() => {
    console.log(
      `permalink fuzz: ${decodes} decodes; most work: ${most.pythonCalls} Python evaluations, ${most.maxPythonSteps} steps in one (${most.link}); at most ${most.keyVisitsPerKey.toFixed(2)} key visits per key`,
    );
  });
});

// ---------------------------------------------------------------------------------------- valid states

/** A value for `param` that differs from its default, valid on its own (the engine checks the combination). */
function randomValue(param: ParamSpec): unknown {
  switch (param.kind) {
    case 'number':
    case 'integer': {
      if (param.nullable && random() < 0.2) return null;
      const lo = Number.isFinite(param.min) ? param.min : -1e6;
      const hi = Number.isFinite(param.max) ? param.max : lo + pick([1, 10, 1000, 1e9]);
      let x = lo + random() * (hi - lo);
      if (param.kind === 'integer') x = Math.ceil(x);
      else if (random() < 0.2) x = pick([0.1 + 0.2, 1e-300, MIN_NORMAL_FLOAT, 1 / 3, lo === 0 ? -0 : lo]);
      const aboveMin = param.exclusiveMin ? x > param.min : x >= param.min;
      const belowMax = param.exclusiveMax ? x < param.max : x <= param.max;
      return aboveMin && belowMax ? x : param.default;
    }
    case 'boolean':
      return !param.default;
    case 'choice':
      return pick(param.choices);
    case 'numberList': {
      const list = Array.from({ length: int(5) }, () => (param.integer ? int(100) : random() * 10));
      list.sort((a, b) => a - b);
      return param.order === 'increasing' ? [...new Set(list)] : list;
    }
    case 'function':
      return pick([
        'lambda epoch: 0.9 ** epoch  # “ü” & = + % ?',
        'def f(epoch):\n    return 1.0 if epoch < 5 else 0.1\n',
        'lambda epoch, lr=0.1: 0.5',
        'lambda x: 1 / (2.0 ** (x - 1))',
      ]);
    case 'schedules':
      return [
        { name: 'LinearLR', args: { start_factor: random() * 0.9 + 0.05, total_iters: 1 + int(9) } },
        { name: 'ExponentialLR', args: { gamma: 0.5 + random() * 0.5 } },
      ];
    case 'schedule':
      return pick([
        { framework: 'keras', name: 'CosineDecay', args: { initial_learning_rate: 0.1, decay_steps: 1 + int(1000) } },
        { framework: 'torch', name: 'StepLR', args: { step_size: 1 + int(20) } },
        { framework: 'playground', name: 'InverseSqrt', args: { warmup_steps: 1 + int(100) } },
      ]);
  }
}

function randomPanel(spec: FamilySpec): Panel {
  const panel = defaultPanel(spec.name, spec.framework);
  for (const param of spec.params) {
    if (random() < 0.5) continue;
    const before = panel.args[param.name];
    panel.args[param.name] = randomValue(param);
    if (!fromFramework(panelCall(panel)).ok) panel.args[param.name] = before;
  }
  panel.optimizer = {
    kind: pick(['SGD', 'Adam', 'AdamW', 'RMSprop'] as const),
    lr: random() < 0.2 ? MIN_NORMAL_FLOAT : random(),
    momentum: random() < 0.1 ? -0 : random() * 0.99,
  };
  return fromFramework(panelCall(panel)).ok ? panel : defaultPanel(spec.name, spec.framework);
}

describe('random valid states', () => {
  it('300 of them round-trip exactly', () => {
    for (let i = 0; i < 300; i++) {
      const data = defaultData();
      data.horizon = { epochs: 1 + int(500), stepsPerEpoch: 1 + int(1000) };
      data.panels = Array.from({ length: 1 + int(MAX_PANELS) }, () => randomPanel(pick(families)));
      data.view = {
        logScale: random() < 0.5,
        showValues: random() < 0.5,
        sideBySide: random() < 0.5,
        xAxis: pick(['epoch', 'step'] as const),
        theme: pick(['system', 'light', 'dark'] as const),
        tab: pick(RESULTS_TABS),
      };
      data.metric = { preset: pick(METRIC_PRESETS).id, custom: Array.from({ length: int(6) }, () => random() * 3) };
      const link = encodePermalink(data);
      const decoded = decodePermalink(link);
      expect(decoded.warnings, link).toEqual([]);
      expect(decoded.data, link).toEqual(data);
    }
    expectNoPollution();
  });
});

// ------------------------------------------------------------------------------------- training settings

describe('training settings (train.*)', () => {
  // A generator of its own, so the cases above stay the same.
  const rnd = seededRandom(0x7a1_5eed);
  const n = (k: number) => Math.floor(rnd() * k);
  const one = <T>(list: readonly T[]): T => list[n(list.length)] as T;

  function randomTraining(): TrainingSettings {
    const dataset = one(DATASET_NAMES);
    const limits = DATASET_LIMITS[dataset];
    const training: TrainingSettings = {
      dataset,
      hidden: Array.from({ length: n(MAX_HIDDEN_LAYERS + 1) }, () => 1 + n(MAX_UNITS)),
      activation: one(ACTIVATIONS),
      batchSize: 1 + n(MAX_BATCH_SIZE),
      seeds: 1 + n(MAX_SEEDS),
      init: one(INITS),
      backend: one(BACKEND_CHOICES),
      // Percentages as typed (up to 3 decimals), and now and then any fraction.
      targetAccuracy: rnd() < 0.8 ? Number(String((1 + n(100_000)) / 1000)) / 100 : 1 - rnd(),
    };
    if (rnd() < 0.5) training.samples = limits.samples.min + n(limits.samples.max - limits.samples.min + 1);
    if (limits.noise && rnd() < 0.5) training.noise = rnd() < 0.2 ? one([0, 1, 0.1 + 0.2]) : rnd();
    return training;
  }

  it('300 random settings round-trip exactly, next to random panels', () => {
    for (let i = 0; i < 300; i++) {
      const data = defaultData();
      data.training = randomTraining();
      if (i % 3 === 0) data.panels = [defaultPanel('CosineAnnealingLR'), defaultPanel('CosineDecay', 'keras')];
      const link = encodePermalink(data);
      const decoded = decodePermalink(link);
      expect(decoded.warnings, link).toEqual([]);
      expect(decoded.data, link).toEqual(data);
      expect(trainingIssues(decoded.data.training, { epochs: 1, stepsPerEpoch: 1 }, 1).errors, link).toEqual({});
    }
  });

  const JUNK = [
    '',
    '0',
    '-1',
    '1e309',
    '5e-324',
    'NaN',
    'Infinity',
    '0x10',
    '1,2',
    ',',
    '%00',
    '__proto__',
    '[',
    '{}',
    '١٢',
    '9'.repeat(40),
    '+',
    '.',
  ];
  const KEYS = [
    'train.dataset',
    'train.samples',
    'train.noise',
    'train.hidden',
    'train.activation',
    'train.batch',
    'train.seeds',
    'train.init',
    'train.backend',
    'train.target',
  ];

  it('400 links with junk in the training keys: usable settings, a warning for each refused value, nothing else lost', () => {
    for (let i = 0; i < 400; i++) {
      const data = defaultData();
      data.training = randomTraining();
      data.horizon = { epochs: 1 + n(100), stepsPerEpoch: 1 + n(100) };
      const params = new URLSearchParams(encodePermalink(data));
      const key = one(KEYS);
      const junk = rnd() < 0.5 ? one(JUNK) : `${params.get(key) ?? '1'}${one(JUNK)}`;
      params.set(key, junk);
      const link = params.toString();
      check(link);
      const decoded = decodePermalink(link);
      expect(decoded.data.horizon, link).toEqual(data.horizon);
      // One warning; a refused dataset leaves the digits, whose range may refuse the samples and noise too.
      expect(decoded.warnings.length, link).toBeLessThanOrEqual(key === 'train.dataset' ? 3 : 1);
      // Settings other than the junk one (and the samples and noise, whose range follows the dataset) are kept.
      for (const [field, k] of [
        ['activation', 'train.activation'],
        ['batchSize', 'train.batch'],
        ['seeds', 'train.seeds'],
        ['init', 'train.init'],
        ['backend', 'train.backend'],
        ['targetAccuracy', 'train.target'],
        ['hidden', 'train.hidden'],
      ] as const) {
        if (k !== key) expect(decoded.data.training[field], `${link}: ${field}`).toEqual(data.training[field]);
      }
    }
    expect(DEFAULT_TRAINING.dataset).toBe('digits');
    expectNoPollution();
  });
});
