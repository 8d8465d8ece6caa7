/**
 * The training Web Worker (a module worker; client.ts starts it). It registers the browser backends, points the
 * WASM backend at its binaries, and hands every message to the handler (worker-handler.ts), which speaks
 * protocol.ts and never throws. Anything that still escapes (an unhandled rejection, an error event) becomes a
 * `failed` event instead of an uncaught error.
 *
 * WASM: SIMD without threads. Threads need cross-origin isolation (COOP/COEP), which a static host rarely has, and
 * tfjs 4.22's threaded build breaks once minified; on 2 cores they bring nothing either.
 */
import '@tensorflow/tfjs-backend-webgl';
import '@tensorflow/tfjs-backend-webgpu';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import wasmThreadedSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import wasmPlain from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import { env, memory } from '@tensorflow/tfjs-core';
import { selectBackend } from './backends';
import { registerFusedKernel } from './fused/kernel';
import fusedKernelUrl from './fused/mlp-kernel.wasm?url';
import { PROTOCOL_VERSION, type WorkerEvent } from './protocol';
import { lrRangeTest } from './lr-finder';
import { train } from './train';
import { createWorkerHandler } from './worker-handler';

/** The dedicated worker's global, typed by hand: the root tsconfig (DOM libs) also checks this file. */
interface WorkerScope {
  postMessage(message: unknown): void;
  addEventListener(type: 'message' | 'messageerror', listener: (event: MessageEvent<unknown>) => void): void;
  addEventListener(type: 'unhandledrejection', listener: (event: PromiseRejectionEvent) => void): void;
  addEventListener(type: 'error', listener: (event: ErrorEvent) => void): void;
}
const scope = self as unknown as WorkerScope;
const post = (event: WorkerEvent) => scope.postMessage(event);
const fail = (message: string) => post({ v: PROTOCOL_VERSION, type: 'failed', message });

try {
  env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
  setWasmPaths({
    'tfjs-backend-wasm.wasm': wasmPlain,
    'tfjs-backend-wasm-simd.wasm': wasmSimd,
    'tfjs-backend-wasm-threaded-simd.wasm': wasmThreadedSimd,
  });
} catch (err) {
  // The WASM backend then fails to start and selectBackend falls back (with a notice).
  fail(`Could not configure the WASM backend: ${err instanceof Error ? err.message : String(err)}`);
}

// The fused kernel's bytes: the bundled asset, fetched (and compiled) the first time a run or auto's calibration needs it.
registerFusedKernel(async () => {
  const response = await fetch(fusedKernelUrl);
  if (!response.ok) throw new Error(`could not load the fused kernel (${response.status} ${response.statusText})`);
  return response.arrayBuffer();
});

const handler = createWorkerHandler(post, { train, selectBackend, lrRangeTest, tensorCount: () => memory().numTensors });
scope.addEventListener('message', (event) => handler.handle(event.data));
scope.addEventListener('messageerror', () => fail('A message to the training worker could not be read (deserialised)'));
scope.addEventListener('unhandledrejection', (event: PromiseRejectionEvent) => {
  event.preventDefault();
  fail(`Unhandled error in the training worker: ${event.reason instanceof Error ? event.reason.message : String(event.reason)}`);
});
scope.addEventListener('error', (event: ErrorEvent) => {
  event.preventDefault();
  fail(`Error in the training worker: ${event.message}`);
});
