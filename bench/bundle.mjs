// Bundle cost on the main thread: builds the app and prints each emitted JS/CSS file's raw and gzip size, as a
// table and as JSON (bench/bundle.json). Run: node bench/bundle.mjs
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

const build = spawnSync(process.execPath, ['node_modules/vite/bin/vite.js', 'build', '--logLevel', 'error'], { stdio: 'inherit' });
if (build.status !== 0) process.exit(1);

const dir = 'dist/assets';
const rows = readdirSync(dir)
  .filter((f) => /\.(js|css|wasm)$/.test(f))
  .map((file) => {
    const bytes = readFileSync(join(dir, file));
    return { file, bytes: statSync(join(dir, file)).size, gzip: gzipSync(bytes, { level: 9 }).length };
  })
  .sort((a, b) => b.bytes - a.bytes);
const total = rows.reduce((t, r) => ({ bytes: t.bytes + r.bytes, gzip: t.gzip + r.gzip }), { bytes: 0, gzip: 0 });
const kb = (n) => `${(n / 1024).toFixed(1)} kB`;
console.log('file'.padEnd(40), 'raw'.padStart(12), 'gzip'.padStart(12));
for (const r of rows) console.log(r.file.padEnd(40), kb(r.bytes).padStart(12), kb(r.gzip).padStart(12));
console.log('total'.padEnd(40), kb(total.bytes).padStart(12), kb(total.gzip).padStart(12));
const json = { date: new Date().toISOString(), files: rows, total };
writeFileSync('bench/bundle.json', `${JSON.stringify(json, null, 2)}\n`);
console.log(JSON.stringify(json.total));
