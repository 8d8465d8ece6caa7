// Bundle cost on the main thread and its budget: builds the app (or, with --no-build, reads the dist/ that was
// just built: scripts/e2e.mjs runs it so after its build), prints each emitted JS/CSS/wasm file's raw and gzip
// size, what the main chunk is made of (per module and per package, from its source map), and JSON in
// bench/bundle.json. Exits non-zero when the budget is broken:
//   - the main chunk (the entry scripts of index.html, together) is over MAIN_GZIP_BUDGET bytes gzipped;
//   - tfjs (@tensorflow/*) or the code reader (src/schedules/code/, loaded on first use) is in the main chunk
//     or in a chunk it imports statically (everything the page loads before it can draw);
//   - the code reader is not in a chunk of its own, loaded with import().
// Run: node bench/bundle.mjs [--no-build]
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

/** 290 kB gzip, with kB = 1,024 bytes as in the table below. */
export const MAIN_GZIP_BUDGET = 290 * 1024;
/** Modules that must only ever load on demand: the pattern, and what it is. */
const LAZY = [
  { pattern: /(^|\/)node_modules\/@tensorflow\//, what: 'tfjs (@tensorflow/*)' },
  { pattern: /(^|\/)src\/schedules\/code\//, what: 'the code reader (src/schedules/code/)' },
];

if (!process.argv.includes('--no-build')) {
  const build = spawnSync(process.execPath, ['node_modules/vite/bin/vite.js', 'build', '--logLevel', 'error'], { stdio: 'inherit' });
  if (build.status !== 0) process.exit(1);
}

const dir = 'dist/assets';
if (!existsSync(dir) || !existsSync('dist/index.html')) {
  console.error('bundle: dist/ is missing: run without --no-build, or build first (npx vite build)');
  process.exit(1);
}
const kb = (n) => `${(n / 1024).toFixed(1)} kB`;
const gzip = (bytes) => gzipSync(bytes, { level: 9 }).length;

const rows = readdirSync(dir)
  .filter((f) => /\.(js|css|wasm)$/.test(f))
  .map((file) => {
    const bytes = readFileSync(join(dir, file));
    return { file, bytes: statSync(join(dir, file)).size, gzip: gzip(bytes) };
  })
  .sort((a, b) => b.bytes - a.bytes);
const total = rows.reduce((t, r) => ({ bytes: t.bytes + r.bytes, gzip: t.gzip + r.gzip }), { bytes: 0, gzip: 0 });
console.log('file'.padEnd(40), 'raw'.padStart(12), 'gzip'.padStart(12));
for (const r of rows) console.log(r.file.padEnd(40), kb(r.bytes).padStart(12), kb(r.gzip).padStart(12));
console.log('total'.padEnd(40), kb(total.bytes).padStart(12), kb(total.gzip).padStart(12));

// ------------------------------------------------------------------------------------ the main chunk

/**
 * The entry scripts of index.html: Vite writes a `<script type="module" src=...>` for the entry, and one for a
 * chunk the bundler splits out of it (modules the entry shares with lazy chunks). All of them load at start, so
 * the budget is their sum; `entry` names the first (the app's own).
 */
const html = readFileSync('dist/index.html', 'utf8');
const entries = [...html.matchAll(/<script\b[^>]*\btype="module"[^>]*\bsrc="\.?\/?assets\/([^"]+\.js)"/g)].map((m) => m[1]);
const entry = entries.find((f) => f.startsWith('main-')) ?? entries[0];
if (!entry || entries.some((f) => !existsSync(join(dir, f)))) {
  console.error('bundle: no entry script found in dist/index.html');
  process.exit(1);
}

/** Chunks a chunk imports statically (`import … from "./x.js"`, `import "./x.js"`, any quotes), not `import("./x.js")`. */
function staticImports(file) {
  const code = readFileSync(join(dir, file), 'utf8');
  const out = new Set();
  for (const m of code.matchAll(/(?:\bfrom\s*|\bimport\s*)(["'`])\.\/([^"'`]+\.js)\1/g)) out.add(m[2]);
  return [...out];
}
/** Chunks loaded with import(): Vite's preload helper lists them, or the import() names them. */
function dynamicImports(file) {
  const code = readFileSync(join(dir, file), 'utf8');
  const out = new Set();
  for (const m of code.matchAll(/\bimport\(\s*(["'`])\.\/([^"'`]+\.js)\1\s*\)/g)) out.add(m[2]);
  for (const m of code.matchAll(/(["'`])(?:\.\/)?assets\/([^"'`]+\.js)\1/g)) out.add(m[2]);
  return [...out];
}
const startup = [...entries];
for (let i = 0; i < startup.length; i++) for (const f of staticImports(startup[i])) if (!startup.includes(f)) startup.push(f);

/** Decodes a source map's mappings into, per source index, the generated characters it produced. */
function bytesPerSource(file) {
  const mapFile = join(dir, `${file}.map`);
  if (!existsSync(mapFile)) return null;
  const map = JSON.parse(readFileSync(mapFile, 'utf8'));
  const lines = readFileSync(join(dir, file), 'utf8').split('\n');
  const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  const sizes = new Map();
  const text = new Map();
  let source = 0;
  map.mappings.split(';').forEach((segments, lineNo) => {
    const line = lines[lineNo] ?? '';
    let column = 0;
    /** [generated column, source index or -1] for each segment of this line */
    const marks = [];
    for (const segment of segments.split(',')) {
      if (segment === '') continue;
      const fields = [];
      let value = 0;
      let shift = 0;
      for (const ch of segment) {
        const digit = B64.indexOf(ch);
        value += (digit & 31) << shift;
        if (digit & 32) shift += 5;
        else {
          fields.push(value & 1 ? -(value >>> 1) : value >>> 1);
          value = 0;
          shift = 0;
        }
      }
      column += fields[0];
      if (fields.length >= 4) source += fields[1];
      marks.push([column, fields.length >= 4 ? source : -1]);
    }
    for (let k = 0; k < marks.length; k++) {
      const [from, src] = marks[k];
      const to = k + 1 < marks.length ? marks[k + 1][0] : line.length;
      const name = src >= 0 ? map.sources[src] : '(generated)';
      sizes.set(name, (sizes.get(name) ?? 0) + (to - from));
      const parts = text.get(name) ?? [];
      parts.push(line.slice(from, to));
      text.set(name, parts);
    }
  });
  return { sizes, text };
}

/** The package a module belongs to (`react-dom`, `@lezer/python`), or its folder under src/ (`src/ui`). */
function groupOf(source) {
  const clean = source.replace(/^(\.\.\/)+/, '').replace(/\?.*$/, '');
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(clean)?.[1];
  if (pkg) return pkg;
  const src = /(?:^|\/)(src\/[^/]+(?:\/[^/]+(?=\/))?)/.exec(clean)?.[1];
  return src ?? clean;
}

const problems = [];
const entryRows = rows.filter((r) => entries.includes(r.file));
const mainGzip = entryRows.reduce((sum, r) => sum + r.gzip, 0);
const mainName = entries.length > 1 ? `${entries.join(' + ')} (the page's entry scripts)` : entry;
if (mainGzip > MAIN_GZIP_BUDGET) {
  problems.push(`the main chunk ${mainName} is ${kb(mainGzip)} gzip, over the budget of ${kb(MAIN_GZIP_BUDGET)}`);
}
const analysis = {};
for (const file of startup) {
  const parsed = bytesPerSource(file);
  const bytes = rows.find((r) => r.file === file)?.bytes ?? 0;
  if (!parsed && /^rolldown-runtime-[\w-]+\.js$/.test(file) && bytes < 4096) {
    // The bundler's own interop helpers (__commonJS, __export, …), split out when several chunks share them: no
    // module of ours or of a package is in it, so there is nothing to check; its bytes count in the total above.
    console.log(`${file}: the bundler's runtime helpers (${kb(bytes)}), no modules`);
    continue;
  }
  if (!parsed) {
    problems.push(`${file} has no source map: its modules cannot be checked (build.sourcemap must stay on)`);
    continue;
  }
  const modules = [...parsed.sizes].filter(([name]) => name !== '(generated)');
  for (const { pattern, what } of LAZY) {
    const found = modules.filter(([name]) => pattern.test(name)).map(([name]) => name.replace(/^(\.\.\/)+/, ''));
    if (found.length > 0) {
      problems.push(
        `${what} is in ${entries.includes(file) ? `the main chunk (${file})` : `${file}, which the main chunk imports statically`}: ${found.slice(0, 3).join(', ')}${found.length > 3 ? ', …' : ''}`,
      );
    }
  }
  const groups = new Map();
  for (const [name, size] of parsed.sizes) {
    const g = name === '(generated)' ? '(generated by the bundler)' : groupOf(name);
    const entryOf = groups.get(g) ?? { bytes: 0, text: [] };
    entryOf.bytes += size;
    entryOf.text.push(...(parsed.text.get(name) ?? []));
    groups.set(g, entryOf);
  }
  const byGroup = [...groups]
    .map(([group, { bytes, text }]) => ({ group, bytes, gzip: gzip(Buffer.from(text.join(''))) }))
    .sort((a, b) => b.bytes - a.bytes);
  const byModule = modules
    .map(([module, bytes]) => ({ module: module.replace(/^(\.\.\/)+/, ''), bytes }))
    .sort((a, b) => b.bytes - a.bytes);
  analysis[file] = { byGroup, byModule: byModule.slice(0, 30) };
  const size = rows.find((r) => r.file === file)?.bytes ?? 1;
  console.log(
    `\n${entries.includes(file) ? 'main chunk' : 'loaded with the main chunk'}: ${file} (by package / src folder; gzip of each group on its own)`,
  );
  console.log('group'.padEnd(40), 'raw'.padStart(12), 'share'.padStart(7), 'gzip'.padStart(12));
  for (const g of byGroup.slice(0, 15)) {
    console.log(
      g.group.padEnd(40),
      kb(g.bytes).padStart(12),
      `${((100 * g.bytes) / size).toFixed(1)}%`.padStart(7),
      kb(g.gzip).padStart(12),
    );
  }
  console.log('largest modules:');
  for (const m of byModule.slice(0, 10)) console.log(`  ${m.module.padEnd(70)} ${kb(m.bytes).padStart(10)}`);
}

// The code reader must exist, in a chunk that loads on demand.
const lazyChunks = [...new Set(startup.flatMap(dynamicImports))].filter((f) => !startup.includes(f) && existsSync(join(dir, f)));
const readerChunk = lazyChunks.find((f) => [...(bytesPerSource(f)?.sizes.keys() ?? [])].some((name) => LAZY[1].pattern.test(name)));
if (!readerChunk) problems.push('the code reader (src/schedules/code/) is in no chunk loaded with import()');
else console.log(`\nthe code reader loads on demand: ${readerChunk}`);

const budget = { mainChunk: entries, mainGzip, mainGzipBudget: MAIN_GZIP_BUDGET, startup, lazy: lazyChunks, problems };
const json = { date: new Date().toISOString(), files: rows, total, budget, analysis };
writeFileSync('bench/bundle.json', `${JSON.stringify(json, null, 2)}\n`);
console.log(JSON.stringify(json.total));
console.log(`main chunk ${mainName}: ${kb(budget.mainGzip)} gzip (budget ${kb(MAIN_GZIP_BUDGET)})`);
if (problems.length > 0) {
  console.error(`\nbundle budget broken:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  process.exit(1);
}
console.log('bundle budget: ok (main chunk under budget; tfjs and the code reader are not loaded at start)');
