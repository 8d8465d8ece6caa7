// Builds the fused training kernel: src/training/fused/assembly/mlp.ts (AssemblyScript) →
// src/training/fused/mlp-kernel.wasm, with the AssemblyScript compiler from npm (no other toolchain).
// The .wasm is committed, so `npm run dev`, the build and the tests need no compile step; `--check` (run by the
// unit tests through compileKernel) rebuilds it in memory and fails when the committed file differs from its source.
//
// Flags: -O3 and --noAssert (a release build), --runtime stub (the kernel never allocates: kernel.ts lays its
// memory out), --enable simd (SIMD128 only: not relaxed-simd, so no FMA and no engine-dependent results).
// Run: node scripts/build-kernel.mjs [--check]
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import asc from 'assemblyscript/asc';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
export const KERNEL_SOURCE = 'src/training/fused/assembly/mlp.ts';
export const KERNEL_WASM = 'src/training/fused/mlp-kernel.wasm';
export const ASC_FLAGS = ['-O3', '--noAssert', '--runtime', 'stub', '--enable', 'simd'];

/** The kernel compiled from its source now, as bytes (nothing is written). */
export async function compileKernel() {
  let binary = null;
  const errors = [];
  const { error, stderr } = await asc.main([join(root, KERNEL_SOURCE), '--outFile', 'mlp-kernel.wasm', ...ASC_FLAGS], {
    writeFile(name, contents) {
      if (name.endsWith('.wasm')) binary = contents;
    },
    stderr: {
      write(text) {
        errors.push(String(text));
        return true;
      },
    },
  });
  if (error || !binary) throw new Error(`asc failed: ${error?.message ?? 'no output'}\n${errors.join('') || String(stderr)}`);
  return new Uint8Array(binary);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const bytes = await compileKernel();
  const target = join(root, KERNEL_WASM);
  if (process.argv.includes('--check')) {
    const committed = new Uint8Array(readFileSync(target));
    const same = committed.length === bytes.length && committed.every((b, i) => b === bytes[i]);
    console.log(
      same ? `${KERNEL_WASM} matches its source (${bytes.length} bytes)` : `${KERNEL_WASM} is stale: run node scripts/build-kernel.mjs`,
    );
    process.exit(same ? 0 : 1);
  }
  writeFileSync(target, bytes);
  console.log(`wrote ${KERNEL_WASM} (${bytes.length} bytes)`);
}
