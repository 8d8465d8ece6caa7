/** Tests only: registers the committed fused kernel (src/training/fused/mlp-kernel.wasm) from disk, as the worker does from its URL. */
import { readFile } from 'node:fs/promises';
import { registerFusedKernel } from '../fused/kernel';

export function registerFusedKernelFromDisk(): void {
  registerFusedKernel(async () => new Uint8Array(await readFile(new URL('../fused/mlp-kernel.wasm', import.meta.url))));
}
