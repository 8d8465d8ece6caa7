// Gzip sizes of the built files the bench reports, measured as bench/bundle.mjs measures them (gzip level 9,
// kB = 1,024 bytes; the main chunk is every module script index.html loads at start, summed).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

const gzipKb = (file) => gzipSync(readFileSync(file), { level: 9 }).length / 1024;

export function bundleSizes(dist = 'dist') {
  const dir = join(dist, 'assets');
  const files = readdirSync(dir);
  const html = readFileSync(join(dist, 'index.html'), 'utf8');
  const entries = [...html.matchAll(/<script\b[^>]*\btype="module"[^>]*\bsrc="\.?\/?assets\/([^"]+\.js)"/g)].map((m) => m[1]);
  const worker = files.find((f) => /^training\.worker-[\w-]+\.js$/.test(f));
  const kernel = files.find((f) => /^mlp-kernel-[\w-]+\.wasm$/.test(f));
  const present = entries.filter((f) => existsSync(join(dir, f)));
  return {
    main: present.length > 0 ? present.reduce((sum, f) => sum + gzipKb(join(dir, f)), 0) : null,
    main_files: present,
    ...(present.length > 0 ? {} : { main_reason: 'no module script found in dist/index.html' }),
    worker: worker ? gzipKb(join(dir, worker)) : null,
    worker_file: worker ?? null,
    ...(worker ? {} : { worker_reason: 'no training.worker-*.js in dist/assets' }),
    fused_wasm: kernel ? gzipKb(join(dir, kernel)) : null,
    fused_wasm_file: kernel ?? null,
    ...(kernel ? {} : { fused_wasm_reason: 'no mlp-kernel-*.wasm in dist/assets (the fused kernel is not in this build yet)' }),
  };
}
