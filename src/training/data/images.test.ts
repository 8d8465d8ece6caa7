import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  type BytesSource,
  clearImageDatasetCache,
  datasetUrl,
  decodeImageDataset,
  IMAGE_DATASETS,
  IMAGE_HEADER_BYTES,
  type ImageDatasetName,
  loadImageDataset,
} from './images';
import type { Dataset } from './synthetic';

const DIR = new URL('../../../public/datasets/', import.meta.url);
const readBytes = (file: string) => new Uint8Array(readFileSync(new URL(file, DIR)));

interface ManifestEntry {
  name: ImageDatasetName;
  file: string;
  bytes: number;
  sha256: string;
  count: number;
  height: number;
  width: number;
  classes: number;
  pixelMax: number;
  classNames: string[];
  classCounts: number[];
  fixture: { firstLabel: number; firstImage: number[]; lastLabel: number; pixelSum: number };
}
const manifest = JSON.parse(readFileSync(new URL('manifest.json', DIR), 'utf8')) as { datasets: ManifestEntry[] };
const entry = (name: ImageDatasetName) => manifest.datasets.find((d) => d.name === name) as ManifestEntry;

/** Reads public/datasets/ and counts its calls. */
function fileSource(): BytesSource & { calls: string[] } {
  const calls: string[] = [];
  const source = async (file: string) => {
    calls.push(file);
    return readBytes(file);
  };
  return Object.assign(source, { calls });
}

async function load(name: ImageDatasetName, samples: number, source: BytesSource = fileSource()): Promise<Dataset> {
  const r = await loadImageDataset(name, samples, source);
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

function counts(d: Dataset): number[] {
  const c = new Array<number>(d.classes).fill(0);
  for (const label of d.y) c[label] = (c[label] as number) + 1;
  return c;
}

function rowsOfClass(d: Dataset, label: number): Float32Array[] {
  const rows: Float32Array[] = [];
  d.y.forEach((l, i) => {
    if (l === label) rows.push(d.x.slice(i * d.features, (i + 1) * d.features));
  });
  return rows;
}

function fnv1a32(bytes: Uint8Array, start: number): number {
  let h = 0x811c9dc5;
  for (let i = start; i < bytes.length; i++) h = Math.imul(h ^ (bytes[i] as number), 0x01000193);
  return h >>> 0;
}

/** A copy of `bytes` changed by `edit`, with its checksum recomputed (so only the edit is wrong). */
function edited(bytes: Uint8Array, edit: (b: Uint8Array) => void): Uint8Array {
  const b = bytes.slice();
  edit(b);
  new DataView(b.buffer).setUint32(16, fnv1a32(b, IMAGE_HEADER_BYTES), true);
  return b;
}

beforeEach(() => clearImageDatasetCache());

describe.each(['digits', 'fashion-mnist'] as const)('%s file', (name) => {
  const info = IMAGE_DATASETS[name];
  const meta = entry(name);

  it('matches its manifest entry (written by the build script from the source)', () => {
    const bytes = readBytes(info.file);
    expect(meta.file).toBe(info.file);
    expect({ ...info }).toEqual({
      file: meta.file,
      count: meta.count,
      height: meta.height,
      width: meta.width,
      classes: meta.classes,
      pixelMax: meta.pixelMax,
      classCounts: meta.classCounts,
      classNames: meta.classNames,
    });
    expect(bytes.length).toBe(meta.bytes);
    expect(bytes.length).toBe(IMAGE_HEADER_BYTES + info.count * (1 + info.height * info.width));
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(meta.sha256);
  });

  it('decodes to the documented count, shape, class counts and [0, 1] features', () => {
    const r = decodeImageDataset(readBytes(info.file), info);
    if (!r.ok) throw new Error(r.error.message);
    const d = r.value;
    expect(d.features).toBe(info.height * info.width);
    expect(d.classes).toBe(10);
    expect(d.x).toBeInstanceOf(Float32Array);
    expect(d.y).toBeInstanceOf(Int32Array);
    expect(d.y.length).toBe(info.count);
    expect(d.x.length).toBe(info.count * d.features);
    expect(counts(d)).toEqual([...info.classCounts]);
    let min = Infinity;
    let max = -Infinity;
    let sum = 0;
    for (const v of d.x) {
      if (v < min) min = v;
      if (v > max) max = v;
      sum += Math.round(v * info.pixelMax);
    }
    expect(min).toBe(0);
    expect(max).toBe(1);
    expect(sum).toBe(meta.fixture.pixelSum);
    expect(d.y[0]).toBe(meta.fixture.firstLabel);
    expect(d.y[info.count - 1]).toBe(meta.fixture.lastLabel);
    expect(Array.from(d.x.subarray(0, d.features))).toEqual(meta.fixture.firstImage.map((p) => Math.fround(p / info.pixelMax)));
  });
});

describe('the real files', () => {
  it('digits: scikit-learn class counts and the CSV first row / 16', async () => {
    const d = await load('digits', 1797);
    expect(counts(d)).toEqual([178, 182, 177, 183, 181, 182, 181, 179, 174, 180]);
    // digits.csv.gz's first row starts 0,0,5,13,9,1,0,0 / 0,0,13,15,10,15,5,0 and is a 0.
    expect(Array.from(d.x.subarray(0, 16), (v) => v * 16)).toEqual([0, 0, 5, 13, 9, 1, 0, 0, 0, 0, 13, 15, 10, 15, 5, 0]);
    expect(d.y[0]).toBe(0);
    expect(entry('digits').fixture.firstImage).toHaveLength(64);
  });

  it('fashion-mnist: 2,000 images of each class at 14×14', async () => {
    const d = await load('fashion-mnist', 10000);
    expect(d.features).toBe(196);
    expect(counts(d)).toEqual(new Array(10).fill(1000));
    expect(IMAGE_DATASETS['fashion-mnist'].classNames[9]).toBe('Ankle boot');
  });
});

describe('decodeImageDataset rejects bad bytes with a clear message', () => {
  const digits = readBytes('digits.bin');
  const expected = IMAGE_DATASETS.digits;
  const error = (bytes: Uint8Array, exp: Parameters<typeof decodeImageDataset>[1] = expected) => {
    const r = decodeImageDataset(bytes, exp);
    expect(r.ok).toBe(false);
    return r.ok ? '' : r.error.message;
  };

  it.each([
    ['empty', new Uint8Array(0), /digits\.bin is truncated: 0 bytes, shorter than the 20-byte header/],
    ['a short header', digits.slice(0, 10), /is truncated: 10 bytes/],
    ['a cut payload', digits.slice(0, digits.length - 1), /is truncated: 116,824 bytes, expected 116,825/],
    ['half a file', digits.slice(0, 60000), /is truncated: 60,000 bytes, expected 116,825/],
    ['a trailing byte', new Uint8Array([...digits, 0]), /has 1 bytes too many/],
    [
      'wrong magic',
      edited(digits, (b) => b.set([1, 2, 3, 4], 0)),
      /not an LR Playground dataset file: it starts with 01 02 03 04, expected 4c 52 44 53/,
    ],
    ['an HTML page', new TextEncoder().encode('<!DOCTYPE html><html><body>index</body></html>'), /looks like an HTML page/],
    ['another format version', edited(digits, (b) => b.set([2], 4)), /format version 2; this app reads version 1/],
    ['another shape', edited(digits, (b) => b.set([7], 5)), /holds 7×8 images, expected 8×8/],
    ['another class count', edited(digits, (b) => b.set([9], 7)), /has 9 classes, expected 10/],
    ['another count', edited(digits, (b) => new DataView(b.buffer).setUint32(8, 1796, true)), /holds 1,796 images, expected 1,797/],
    ['another pixel max', edited(digits, (b) => b.set([15], 12)), /pixel max value 15, expected 16/],
    ['garbled reserved bytes', edited(digits, (b) => b.set([7], 14)), /garbled header/],
    ['a label out of range', edited(digits, (b) => b.set([10], IMAGE_HEADER_BYTES + 5)), /label 10 at image 5, outside 0…9/],
    [
      'a pixel out of range',
      edited(digits, (b) => b.set([17], IMAGE_HEADER_BYTES + 1797 + 64 * 3 + 1)),
      /pixel value 17 in image 3, above the max 16/,
    ],
  ])('%s', (_, bytes, message) => {
    expect(error(bytes)).toMatch(message);
  });

  it('a flipped byte in the payload fails the checksum', () => {
    const b = digits.slice();
    b[IMAGE_HEADER_BYTES + 1797 + 100] = (b[IMAGE_HEADER_BYTES + 1797 + 100] as number) ^ 1;
    expect(error(b)).toMatch(/digits\.bin is corrupted: its checksum is [0-9a-f]{8}, its contents hash to [0-9a-f]{8}/);
  });

  it("the other dataset's file has the wrong shape", () => {
    expect(error(digits, IMAGE_DATASETS['fashion-mnist'])).toMatch(/^fashion-mnist-14\.bin holds 8×8 images, expected 14×14\.$/);
  });

  it('names the file only when told it', () => {
    const { file: _, ...shape } = expected;
    expect(error(digits.slice(0, 3), shape)).toMatch(/^The dataset file is truncated: 3 bytes/);
    expect(error(new Uint8Array(3), shape)).toMatch(/^The dataset file is not an LR Playground dataset file: it starts with 00 00 00,/);
  });

  it('reads a view into a larger buffer', () => {
    const padded = new Uint8Array(digits.length + 8);
    padded.set(digits, 3);
    const r = decodeImageDataset(padded.subarray(3, 3 + digits.length), expected);
    expect(r.ok).toBe(true);
  });
});

describe('loadImageDataset subsets', () => {
  it('are class-stratified in proportion to the file and kept in file order', async () => {
    const full = await load('digits', 1797);
    expect(counts(await load('digits', 100))).toEqual(new Array(10).fill(10));
    const d = await load('digits', 1000);
    expect(d.y.length).toBe(1000);
    expect(d.x.length).toBe(1000 * 64);
    // 1000 × [178, 182, …] / 1797, floored (sum 994), plus one for the 6 largest remainders.
    expect(counts(d)).toEqual([99, 101, 98, 102, 101, 101, 101, 100, 97, 100]);
    expect(counts(await load('digits', 1790))).toEqual([178, 181, 177, 182, 180, 181, 180, 178, 174, 179]);
    // File order is kept: the subset's labels are the full set's labels with the skipped images left out.
    const kept = new Array<number>(10).fill(0);
    const quota = counts(d);
    const expectedLabels = Array.from(full.y).filter((l) => {
      kept[l] = (kept[l] as number) + 1;
      return (kept[l] as number) <= (quota[l] as number);
    });
    expect(Array.from(d.y)).toEqual(expectedLabels);
    for (let c = 0; c < 10; c++) {
      const rows = rowsOfClass(d, c);
      expect(rows).toEqual(rowsOfClass(full, c).slice(0, rows.length));
    }
  });

  it('fashion-mnist takes samples / 10 of each class', async () => {
    const d = await load('fashion-mnist', 10000);
    expect(counts(d)).toEqual(new Array(10).fill(1000));
    const odd = await load('fashion-mnist', 1003);
    expect(counts(odd)).toEqual([101, 101, 101, 100, 100, 100, 100, 100, 100, 100]);
  });

  it('are deterministic, and a smaller one is a per-class prefix of a larger one', async () => {
    const source = fileSource();
    const a = await load('digits', 500, source);
    const b = await load('digits', 500, source);
    expect(b.x).toEqual(a.x);
    expect(b.y).toEqual(a.y);
    const small = await load('digits', 250, source);
    for (let c = 0; c < 10; c++) {
      const rows = rowsOfClass(small, c);
      expect(rows).toEqual(rowsOfClass(a, c).slice(0, rows.length));
    }
  });

  it.each([
    [9, 'digits'],
    [1798, 'digits'],
    [100.5, 'digits'],
    [Number.NaN, 'digits'],
    [10001, 'fashion-mnist'],
  ] as const)('refuses samples = %s for %s', async (samples, name) => {
    const source = fileSource();
    const r = await loadImageDataset(name, samples, source);
    expect(r).toMatchObject({ ok: false, error: { path: 'dataset.samples' } });
    expect(r.ok ? '' : r.error.message).toMatch(new RegExp(`^${name} takes samples from 10 to `));
    expect(source.calls).toEqual([]);
  });

  it('refuses an unknown name', async () => {
    const r = await loadImageDataset('mnist' as ImageDatasetName, 100, fileSource());
    expect(r).toMatchObject({
      ok: false,
      error: { path: 'dataset.name', message: 'There is no image dataset named "mnist": use digits or fashion-mnist.' },
    });
  });
});

describe('the cache', () => {
  it('reads each file once, concurrent calls included, and returns equal data', async () => {
    const source = fileSource();
    const [a, b] = await Promise.all([load('digits', 1797, source), load('digits', 1797, source)]);
    const c = await load('digits', 300, source);
    await load('fashion-mnist', 1000, source);
    await load('fashion-mnist', 2000, source);
    expect(source.calls).toEqual(['digits.bin', 'fashion-mnist-14.bin']);
    expect(b.x).toEqual(a.x);
    expect(c.y.length).toBe(300);
  });

  it('cannot be corrupted by a caller mutating its copy', async () => {
    const source = fileSource();
    const a = await load('digits', 1797, source);
    const pristine = { x: a.x.slice(), y: a.y.slice() };
    a.x.fill(7);
    a.y.fill(3);
    const b = await load('digits', 1797, source);
    expect(source.calls).toHaveLength(1);
    expect(b.x).not.toBe(a.x);
    expect(b.x).toEqual(pristine.x);
    expect(b.y).toEqual(pristine.y);
  });

  it('does not keep a failure, and a new source is read afresh', async () => {
    let calls = 0;
    const flaky: BytesSource = async (file) => {
      calls++;
      if (calls === 1) throw new Error('network down');
      return readBytes(file);
    };
    expect((await loadImageDataset('digits', 1797, flaky)).ok).toBe(false);
    expect((await loadImageDataset('digits', 1797, flaky)).ok).toBe(true);
    expect(calls).toBe(2);
    const other = fileSource();
    await load('digits', 1797, other);
    expect(other.calls).toEqual(['digits.bin']);
  });
});

describe('a failing source gives a clear message and never throws', () => {
  it.each([
    [
      'an Error',
      () => Promise.reject(new Error('HTTP 404 Not Found from https://example.test/datasets/digits.bin.')),
      'HTTP 404 Not Found from https://example.test/datasets/digits.bin.',
    ],
    ['a string', () => Promise.reject('offline'), 'offline.'],
    [
      'a synchronous throw',
      () => {
        throw new TypeError('Failed to fetch');
      },
      'Failed to fetch.',
    ],
    ['an unprintable value', () => Promise.reject(Object.create(null)), 'an unprintable error.'],
  ])('%s', async (_, source, reason) => {
    const r = await loadImageDataset('digits', 1797, source as BytesSource);
    expect(r).toEqual({
      ok: false,
      error: { path: 'dataset.name', message: `Could not load the digits dataset (datasets/digits.bin): ${reason}` },
    });
  });

  it('bad bytes from the source', async () => {
    const r = await loadImageDataset('fashion-mnist', 1000, async () => new TextEncoder().encode('<!doctype html>'));
    expect(r.ok ? '' : r.error.message).toMatch(
      /^Could not load the fashion-mnist dataset \(datasets\/fashion-mnist-14\.bin\): the file is not an LR Playground dataset file.*HTML page/,
    );
  });

  it('a source that gives no bytes', async () => {
    const r = await loadImageDataset('digits', 1797, async () => 'digits' as unknown as Uint8Array);
    expect(r.ok ? '' : r.error.message).toMatch(/: the file is not bytes/);
  });
});

describe('the default source', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it('has no location to resolve against in Node', async () => {
    vi.stubGlobal('location', undefined);
    expect(datasetUrl('digits.bin')).toBeUndefined();
    const r = await loadImageDataset('digits', 1797);
    expect(r.ok ? '' : r.error.message).toBe(
      'Could not load the digits dataset (datasets/digits.bin): there is no page location to resolve it against (outside a browser, pass a BytesSource).',
    );
  });

  it.each([
    // The built app (base './'): a worker or chunk in <root>assets/, or the page itself.
    ['./', 'https://example.test/tutorial/lr/assets/training.worker-abc123.js', 'https://example.test/tutorial/lr/datasets/digits.bin'],
    ['./', 'https://example.test/assets/training.worker-abc123.js?v=1#x', 'https://example.test/datasets/digits.bin'],
    ['./', 'https://example.test/tutorial/embed.html?config=abc', 'https://example.test/tutorial/datasets/digits.bin'],
    ['./', 'https://example.test/tutorial/', 'https://example.test/tutorial/datasets/digits.bin'],
    // The dev server: an absolute base, whatever the worker's own URL.
    ['/', 'http://localhost:5173/src/training/worker.ts?worker_file&type=module', 'http://localhost:5173/datasets/digits.bin'],
    ['/lr/', 'http://localhost:5173/lr/src/training/worker.ts', 'http://localhost:5173/lr/datasets/digits.bin'],
  ])('base %s at %s reads %s', (base, href, url) => {
    expect(datasetUrl('digits.bin', href, base)).toBe(url);
  });

  it('a relative or empty base uses the location alone', () => {
    expect(datasetUrl('digits.bin', 'https://example.test/lr/assets/training.worker-abc.js', '')).toBe(
      'https://example.test/lr/datasets/digits.bin',
    );
    expect(datasetUrl('digits.bin', 'not a url', './')).toBeUndefined();
  });

  it('defaults to the running code: the location, and the base vitest gives (its dev server base, /)', () => {
    vi.stubGlobal('location', { href: 'https://example.test/app/assets/training.worker-abc.js' });
    expect(datasetUrl('digits.bin')).toBe('https://example.test/datasets/digits.bin');
  });

  it('fetches, and turns an HTTP error into a message', async () => {
    vi.stubGlobal('location', { href: 'http://localhost:5173/src/training/worker.ts?worker_file&type=module' });
    const urls: string[] = [];
    vi.stubGlobal('fetch', async (url: string) => {
      urls.push(String(url));
      return String(url).endsWith('digits.bin')
        ? new Response(null, { status: 404, statusText: 'Not Found' })
        : new Response(readBytes('fashion-mnist-14.bin'), { status: 200 });
    });
    const r = await loadImageDataset('digits', 1797);
    expect(r.ok ? '' : r.error.message).toBe(
      'Could not load the digits dataset (datasets/digits.bin): HTTP 404 Not Found from http://localhost:5173/datasets/digits.bin.',
    );
    const f = await loadImageDataset('fashion-mnist', 1000);
    expect(f.ok).toBe(true);
    expect(urls).toEqual(['http://localhost:5173/datasets/digits.bin', 'http://localhost:5173/datasets/fashion-mnist-14.bin']);
  });
});
