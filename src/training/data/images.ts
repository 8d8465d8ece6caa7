/**
 * The two image datasets, shipped as compact binaries in public/datasets/ (written, with manifest.json, by
 * scripts/datasets/build_datasets.py; README "Datasets" credits the sources):
 *
 * - `digits.bin`: UCI Optical Recognition of Handwritten Digits (via scikit-learn's digits.csv.gz), all 1,797 8×8
 *   images, pixels 0…16, in the CSV's order.
 * - `fashion-mnist-14.bin`: Fashion-MNIST, the first 1,000 images of each class of the train split (10,000, in
 *   the split's order), each 28×28 image pooled to 14×14 by the mean of each 2×2 block rounded half up, pixels 0…255.
 *
 * File format, version 1 (little-endian):
 *
 *   offset     size          field
 *   0          4             magic "LRDS" (4c 52 44 53)
 *   4          1             format version: 1
 *   5          1             height
 *   6          1             width
 *   7          1             classes
 *   8          4             count (uint32)
 *   12         1             pixel max value
 *   13         3             reserved, zero
 *   16         4             FNV-1a 32-bit checksum of every byte from offset 20 to the end (uint32)
 *   20         count         labels, uint8 in 0…classes − 1
 *   20 + count count·h·w     pixels, uint8 in 0…pixel max, image after image, each row-major
 *
 * A file is exactly 20 + count · (1 + h · w) bytes. Decoding checks every field against the expected shape, the
 * size, the checksum and each label and pixel, and says which was wrong (an HTML page served in place of a missing
 * file, a truncated download, a stale file of another shape).
 *
 * Features are pixel / pixel max as float32 (exactly numpy's `(x / 16).astype(float32)`, and `x / 255` too, since
 * a float64 division rounded to float32 equals the float32 division). A subset of `samples` < count is stratified
 * and deterministic: class c gets its share of `samples` in proportion to its count in the file (floors, then the
 * largest remainders, ties to the lower class), and takes its first images in file order, kept in file order. So a
 * smaller subset is, class by class, a prefix of a larger one, and for Fashion-MNIST (2,000 per class) every class
 * gets samples / 10.
 *
 * Decoded files are cached per file name (module level: several runs in one worker fetch once); every call returns
 * new arrays, so one run mutating its data cannot change another's. A failed load is not cached.
 */
import { fail, ok, type Result } from '../result';
import type { Dataset } from './synthetic';

/** Reads one file of public/datasets/ by name (e.g. 'digits.bin'); rejects or throws on failure. */
export type BytesSource = (file: string) => Promise<Uint8Array>;

export type ImageDatasetName = 'digits' | 'fashion-mnist';

export interface ImageDatasetInfo {
  /** The file in public/datasets/. */
  file: string;
  /** Images in the file: the largest `samples`. */
  count: number;
  height: number;
  width: number;
  classes: number;
  /** The largest pixel value; features are pixel / pixelMax. */
  pixelMax: number;
  /** Per-class image counts in the file. */
  classCounts: readonly number[];
  classNames: readonly string[];
}

export const IMAGE_DATASETS: Readonly<Record<ImageDatasetName, Readonly<ImageDatasetInfo>>> = {
  digits: {
    file: 'digits.bin',
    count: 1797,
    height: 8,
    width: 8,
    classes: 10,
    pixelMax: 16,
    classCounts: [178, 182, 177, 183, 181, 182, 181, 179, 174, 180],
    classNames: ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'],
  },
  'fashion-mnist': {
    file: 'fashion-mnist-14.bin',
    count: 10000,
    height: 14,
    width: 14,
    classes: 10,
    pixelMax: 255,
    classCounts: [1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000],
    classNames: ['T-shirt/top', 'Trouser', 'Pullover', 'Dress', 'Coat', 'Sandal', 'Shirt', 'Sneaker', 'Bag', 'Ankle boot'],
  },
};

export const IMAGE_FORMAT_VERSION = 1;
export const IMAGE_HEADER_BYTES = 20;
const MAGIC = [0x4c, 0x52, 0x44, 0x53]; // "LRDS"

/** The shape a file must have; `file` only names it in messages. */
export type ExpectedImages = Pick<ImageDatasetInfo, 'count' | 'height' | 'width' | 'classes' | 'pixelMax'> & { file?: string };

/** A validated file: views into its bytes (never handed out). */
interface RawImages {
  labels: Uint8Array;
  pixels: Uint8Array;
  count: number;
  features: number;
  classes: number;
  pixelMax: number;
}

/** FNV-1a, 32-bit (offset basis 0x811c9dc5, prime 0x01000193). */
function fnv1a32(bytes: Uint8Array, start: number): number {
  let h = 0x811c9dc5;
  for (let i = start; i < bytes.length; i++) h = Math.imul(h ^ (bytes[i] as number), 0x01000193);
  return h >>> 0;
}

const hex = (bytes: Uint8Array) => Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join(' ');
const count = (n: number) => n.toLocaleString('en-US');

/** Validates a file; an error's message is a predicate ("is truncated: …") that callers give a subject. */
function decodeRaw(bytes: Uint8Array, expected: ExpectedImages): Result<RawImages> {
  const bad = (message: string) => fail<RawImages>({ message });
  if (!(bytes instanceof Uint8Array)) return bad('is not bytes (the source gave no Uint8Array).');
  // The magic first (as far as there are bytes): a short error page is "not a dataset file", not "truncated".
  if (MAGIC.some((b, i) => i < bytes.length && bytes[i] !== b)) {
    const start = String.fromCharCode(...bytes.subarray(0, 16))
      .trimStart()
      .toLowerCase();
    const html =
      start.startsWith('<!doctype') || start.startsWith('<html')
        ? ' It looks like an HTML page: the server sent a page instead of the file.'
        : '';
    return bad(`is not an LR Playground dataset file: it starts with ${hex(bytes.subarray(0, 4))}, expected 4c 52 44 53 ("LRDS").${html}`);
  }
  if (bytes.length < IMAGE_HEADER_BYTES) {
    return bad(`is truncated: ${count(bytes.length)} bytes, shorter than the ${IMAGE_HEADER_BYTES}-byte header.`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const version = view.getUint8(4);
  if (version !== IMAGE_FORMAT_VERSION) {
    return bad(
      `has format version ${version}; this app reads version ${IMAGE_FORMAT_VERSION} (rebuild it with scripts/datasets/build_datasets.py).`,
    );
  }
  const height = view.getUint8(5);
  const width = view.getUint8(6);
  const classes = view.getUint8(7);
  const n = view.getUint32(8, true);
  const pixelMax = view.getUint8(12);
  if (view.getUint8(13) !== 0 || view.getUint8(14) !== 0 || view.getUint8(15) !== 0)
    return bad('has a garbled header (reserved bytes 13…15 are not zero).');
  if (height !== expected.height || width !== expected.width) {
    return bad(`holds ${height}×${width} images, expected ${expected.height}×${expected.width}.`);
  }
  if (classes !== expected.classes) return bad(`has ${classes} classes, expected ${expected.classes}.`);
  if (pixelMax !== expected.pixelMax) return bad(`has pixel max value ${pixelMax}, expected ${expected.pixelMax}.`);
  if (n !== expected.count) return bad(`holds ${count(n)} images, expected ${count(expected.count)}.`);
  const features = height * width;
  const size = IMAGE_HEADER_BYTES + n * (1 + features);
  if (bytes.length < size) {
    return bad(
      `is truncated: ${count(bytes.length)} bytes, expected ${count(size)} (header, ${count(n)} labels and ${count(n)} ${height}×${width} images).`,
    );
  }
  if (bytes.length > size) return bad(`has ${count(bytes.length - size)} bytes too many: ${count(bytes.length)}, expected ${count(size)}.`);
  const stored = view.getUint32(16, true);
  const actual = fnv1a32(bytes, IMAGE_HEADER_BYTES);
  if (stored !== actual) {
    return bad(
      `is corrupted: its checksum is ${stored.toString(16).padStart(8, '0')}, its contents hash to ${actual.toString(16).padStart(8, '0')}.`,
    );
  }
  const labels = bytes.subarray(IMAGE_HEADER_BYTES, IMAGE_HEADER_BYTES + n);
  const pixels = bytes.subarray(IMAGE_HEADER_BYTES + n);
  const badLabel = labels.findIndex((l) => l >= classes);
  if (badLabel >= 0) return bad(`has label ${labels[badLabel]} at image ${badLabel}, outside 0…${classes - 1}.`);
  const badPixel = pixels.findIndex((p) => p > pixelMax);
  if (badPixel >= 0)
    return bad(`has pixel value ${pixels[badPixel]} in image ${Math.floor(badPixel / features)}, above the max ${pixelMax}.`);
  return ok({ labels, pixels, count: n, features, classes, pixelMax });
}

/**
 * The per-class counts of a `samples`-image subset of a file with these per-class counts: all of them when
 * samples ≥ their sum, else class c's share in proportion to its count (floors, then the largest remainders, ties
 * to the lower class). Pure: data/sizes.ts uses it to size a split without loading the file.
 */
export function subsetClassCounts(classCounts: readonly number[], samples: number): number[] {
  const total = classCounts.reduce((a, b) => a + b, 0);
  return samples >= total ? [...classCounts] : quotas(classCounts, total, samples);
}

/** Class c's share of `samples`, in proportion to its count (largest remainders, ties to the lower class). */
function quotas(classCounts: readonly number[], total: number, samples: number): number[] {
  const exact = classCounts.map((c) => (samples * c) / total);
  const q = exact.map(Math.floor);
  let left = samples - q.reduce((a, b) => a + b, 0);
  const order = exact.map((e, c) => ({ c, r: e - Math.floor(e) })).sort((a, b) => b.r - a.r || a.c - b.c);
  for (const { c } of order) {
    if (left === 0) break;
    q[c] = (q[c] as number) + 1;
    left--;
  }
  return q;
}

/** The first quota[c] images of each class, in file order, as features in [0, 1]: new arrays. */
function toDataset(raw: RawImages, samples: number): Dataset {
  const { labels, pixels, features, classes, pixelMax } = raw;
  const classCounts = new Array<number>(classes).fill(0);
  for (const l of labels) classCounts[l] = (classCounts[l] as number) + 1;
  const quota = subsetClassCounts(classCounts, samples);
  const scale = Float32Array.from({ length: pixelMax + 1 }, (_, v) => v / pixelMax);
  const x = new Float32Array(samples * features);
  const y = new Int32Array(samples);
  const taken = new Array<number>(classes).fill(0);
  let j = 0;
  for (let i = 0; i < raw.count && j < samples; i++) {
    const label = labels[i] as number;
    if ((taken[label] as number) >= (quota[label] as number)) continue;
    taken[label] = (taken[label] as number) + 1;
    y[j] = label;
    const src = i * features;
    const dst = j * features;
    for (let k = 0; k < features; k++) x[dst + k] = scale[pixels[src + k] as number] as number;
    j++;
  }
  return { x, y, classes, features };
}

/** Decodes and validates a whole file (the format above) into features in [0, 1]; never throws. */
export function decodeImageDataset(bytes: Uint8Array, expected: ExpectedImages): Result<Dataset> {
  const raw = decodeRaw(bytes, expected);
  if (!raw.ok) return fail({ message: `${expected.file ?? 'The dataset file'} ${raw.error.message}` });
  return ok(toDataset(raw.value, raw.value.count));
}

/**
 * The default source: `datasets/<file>` under the site's root, fetched. Vite copies public/ to the root of the
 * build, but this code runs in a module worker whose own URL is `<root>assets/training.worker-<hash>.js` (and the
 * build uses `base: './'`), so neither a URL relative to the worker nor `import.meta.url` names the root. The root
 * is `import.meta.env.BASE_URL` where Vite gives an absolute one (the dev server: '/'), else the current location
 * cut before its last `/assets/` segment (a built worker or chunk), else the current location's folder (the page).
 * `href` and `base` default to those of the running code.
 */
export function datasetUrl(
  file: string,
  href: string | undefined = currentHref(),
  base: string | undefined = viteBase(),
): string | undefined {
  if (href === undefined || !URL.canParse(href)) return undefined;
  let root: URL;
  if (typeof base === 'string' && base.startsWith('/')) {
    root = new URL(base.endsWith('/') ? base : `${base}/`, href);
  } else {
    root = new URL(href);
    root.search = '';
    root.hash = '';
    const path = root.pathname;
    const assets = path.lastIndexOf('/assets/');
    root.pathname = assets >= 0 ? path.slice(0, assets + 1) : path.slice(0, path.lastIndexOf('/') + 1);
  }
  return new URL(`datasets/${file}`, root).href;
}

/** The page's or worker's URL; undefined outside a browser. */
function currentHref(): string | undefined {
  const href = (globalThis as { location?: { href?: unknown } }).location?.href;
  return typeof href === 'string' ? href : undefined;
}

/** Vite's BASE_URL (replaced at build time; undefined where nothing defines import.meta.env). */
function viteBase(): string | undefined {
  const base = (import.meta as ImportMeta & { env?: { BASE_URL?: unknown } }).env?.BASE_URL;
  return typeof base === 'string' ? base : undefined;
}

export const fetchDatasetBytes: BytesSource = async (file) => {
  const url = datasetUrl(file);
  if (url === undefined) throw new Error('there is no page location to resolve it against (outside a browser, pass a BytesSource)');
  const response = await fetch(url);
  if (!response.ok) throw new Error(`HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ''} from ${url}`);
  return new Uint8Array(await response.arrayBuffer());
};

const cache = new Map<string, { source: BytesSource; raw: Promise<Result<RawImages>> }>();

/** Forgets every decoded file (tests; a worker never needs to). */
export function clearImageDatasetCache(): void {
  cache.clear();
}

/** A thrown value as a clause, without its final full stop (the message adds one). */
function errorText(e: unknown): string {
  let text: string;
  try {
    text = e instanceof Error ? e.message : typeof e === 'string' ? e : String(e);
  } catch {
    text = 'an unprintable error';
  }
  return String(text).trim().replace(/\.$/, '') || 'unknown error';
}

function loadRaw(name: ImageDatasetName, source: BytesSource): Promise<Result<RawImages>> {
  const info = IMAGE_DATASETS[name];
  const hit = cache.get(info.file);
  if (hit && hit.source === source) return hit.raw;
  const where = `the ${name} dataset (datasets/${info.file})`;
  const raw = (async (): Promise<Result<RawImages>> => {
    let bytes: Uint8Array;
    try {
      bytes = await source(info.file);
    } catch (e) {
      return fail({ path: 'dataset.name', message: `Could not load ${where}: ${errorText(e)}.` });
    }
    const decoded = decodeRaw(bytes, info);
    return decoded.ok ? decoded : fail({ path: 'dataset.name', message: `Could not load ${where}: the file ${decoded.error.message}` });
  })();
  cache.set(info.file, { source, raw });
  // A failure is not kept: the next run tries again (a flaky network, a file deployed since).
  void raw.then((r) => {
    if (!r.ok && cache.get(info.file)?.raw === raw) cache.delete(info.file);
  });
  return raw;
}

/**
 * `samples` images of `name` (all of them when samples = count; else the stratified prefix described above), as
 * features in [0, 1]. Never throws: a bad name, samples value, failed fetch or bad file is { ok: false }.
 */
export async function loadImageDataset(
  name: ImageDatasetName,
  samples: number,
  source: BytesSource = fetchDatasetBytes,
): Promise<Result<Dataset>> {
  if (!Object.hasOwn(IMAGE_DATASETS, name)) {
    return fail({ path: 'dataset.name', message: `There is no image dataset named ${JSON.stringify(name)}: use digits or fashion-mnist.` });
  }
  const info = IMAGE_DATASETS[name];
  if (!Number.isInteger(samples) || samples < info.classes || samples > info.count) {
    return fail({
      path: 'dataset.samples',
      message: `${name} takes samples from ${info.classes} to ${count(info.count)} (an integer), got ${samples}.`,
    });
  }
  try {
    const raw = await loadRaw(name, source);
    return raw.ok ? ok(toDataset(raw.value, samples)) : raw;
  } catch (e) {
    return fail({ path: 'dataset.name', message: `Could not load the ${name} dataset (datasets/${info.file}): ${errorText(e)}.` });
  }
}
