/**
 * Which backend a run trains on, and why: a tfjs backend, or 'fused', the WebAssembly SIMD kernel (fused/).
 *
 *   auto   → the best tfjs backend: WebGPU when a real adapter exists (a fallback adapter, i.e. a software one, does
 *            not count unless the test-only allowFallbackAdapter is set); otherwise WebGL when its renderer is a real
 *            GPU (not SwiftShader, llvmpipe or another software renderer); otherwise WASM; otherwise CPU. Then, where
 *            the fused kernel is registered, a short calibration (calibrate.ts) times a step of this model on both,
 *            and the faster one trains; the reason gives both figures ("fused wasm: 11 ms/epoch; wasm: 150 ms/epoch").
 *   forced → that backend, whatever the device (WebGL on a software renderer is allowed: it is slow, not wrong),
 *            except WebGPU on a fallback adapter, which needs allowFallbackAdapter like auto does.
 *
 * A backend that fails to start (not registered here, `tf.setBackend` false or throwing) falls back to the next one
 * of the auto order, and the choice carries a notice saying so. The decision (`planBackends`) is a pure function of
 * what the probes saw, and `selectBackendWith` takes its probes and tfjs calls as arguments, so the whole table is
 * tested in Node. This module imports tfjs-core and the CPU backend only: the worker entry (training.worker.ts)
 * registers the WebGL, WebGPU and WASM backends, so Node tests that import the training loop never load them.
 */
import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { DEFAULT_WORKLOAD as DEFAULT_CALIBRATION, msPerStep, type Workload, workloadKey } from './calibrate';
import { compileFusedKernel, fusedKernelRegistered } from './fused/kernel';
import type { BackendRequest } from './protocol';
import { fail, ok, type Result } from './result';
import { BACKEND_NAMES, type BackendName } from './types';

export interface BackendChoice {
  backend: BackendName;
  /** Why this backend, in a sentence for the page ("WASM: no real GPU (WebGL renderer is SwiftShader, ...)"). */
  reason: string;
  /** Fallbacks that happened on the way ("webgpu failed to start: ...; fell back to wasm"); empty when none did. */
  notices: string[];
}

export type { BackendRequest };

export interface SelectOptions {
  /** Test-only: lets WebGPU run on a fallback (software) adapter, as headless Chromium with --enable-unsafe-webgpu has. */
  allowFallbackAdapter?: boolean;
  /** The model to calibrate `auto` with (calibrate.ts's workloadOf); absent: the article's MLP on the digits. */
  workload?: Workload;
}

/** What `navigator.gpu.requestAdapter()` gave. */
export type WebGpuProbe = { kind: 'none'; why: string } | { kind: 'adapter'; fallback: boolean; description: string };

/** What a WebGL2 context on an OffscreenCanvas reports as its renderer (null renderer: no context). */
export type WebGlProbe = { kind: 'none'; why: string } | { kind: 'renderer'; renderer: string };

/** Everything selectBackendWith needs from the outside world: the probes and the tfjs calls. */
export interface BackendDeps {
  probeWebGpu(): Promise<WebGpuProbe>;
  probeWebGl(): Promise<WebGlProbe>;
  /** Whether a factory for the backend is registered (tf.findBackendFactory). */
  isRegistered(name: BackendName): boolean;
  /** tf.setBackend + tf.ready: true when the backend now runs; false or a throw when it failed. */
  setBackend(name: BackendName): Promise<boolean>;
  /** tf.getBackend(): the backend ops run on now (undefined before any was set). */
  currentBackend(): string | undefined;
  /** Milliseconds per optimizer step of the workload on a backend that runs now; absent: auto never calibrates. */
  calibrate?(backend: BackendName, workload: Workload): Promise<number>;
}

// ------------------------------------------------------------------------------------------------ the decision

/**
 * Renderer (or adapter) strings of software rasterisers: SwiftShader (Chromium's, also inside ANGLE's Vulkan
 * description), Mesa's llvmpipe / softpipe / lavapipe, Windows' WARP ("Microsoft Basic Render Driver", "GDI Generic"),
 * and anything that calls itself a software renderer (Apple's, Mesa OffScreen).
 */
const SOFTWARE_RENDERERS: readonly { pattern: RegExp; name: string }[] = [
  { pattern: /swiftshader/i, name: 'SwiftShader' },
  { pattern: /llvmpipe/i, name: 'llvmpipe' },
  { pattern: /softpipe/i, name: 'softpipe' },
  { pattern: /lavapipe/i, name: 'lavapipe' },
  { pattern: /basic render driver/i, name: 'Microsoft Basic Render Driver' },
  { pattern: /\bwarp\b/i, name: 'WARP' },
  { pattern: /gdi generic/i, name: 'GDI Generic' },
  { pattern: /mesa offscreen/i, name: 'Mesa OffScreen' },
  { pattern: /software/i, name: 'a software renderer' },
];

/** The software renderer a renderer string names, or null for a real GPU. */
export function softwareRendererOf(renderer: string): string | null {
  for (const { pattern, name } of SOFTWARE_RENDERERS) if (pattern.test(renderer)) return name;
  return null;
}

const LABEL: Record<BackendName, string> = { fused: 'Fused WASM', webgpu: 'WebGPU', webgl: 'WebGL', wasm: 'WASM', cpu: 'CPU' };

/** One backend to try, and the reason to give if it starts. */
export interface Candidate {
  backend: BackendName;
  reason: string;
}

/**
 * The backends to try, best first, for a request and what the probes saw. The last ones are the auto order's
 * WASM and CPU, so a failing first choice always has somewhere to fall to. Pure: the table in backends.test.ts.
 */
export function planBackends(
  request: BackendRequest,
  seen: { webgpu: WebGpuProbe; webgl: WebGlProbe },
  options: SelectOptions = {},
): { candidates: Candidate[]; skipped: string[] } {
  const allowFallback = options.allowFallbackAdapter === true;
  const gpu = seen.webgpu;
  const gl = seen.webgl;
  const software = gl.kind === 'renderer' ? softwareRendererOf(gl.renderer) : null;

  /** Why WebGPU is not usable, or null when it is. */
  const webgpuRefusal =
    gpu.kind === 'none'
      ? `no WebGPU adapter (${gpu.why})`
      : gpu.fallback && !allowFallback
        ? `the WebGPU adapter is a fallback (software) adapter (${gpu.description})`
        : null;
  const webgpuReason = (prefix: string) =>
    gpu.kind === 'adapter'
      ? `${prefix}WebGPU on ${gpu.fallback ? `a fallback (software) adapter, allowed for tests (${gpu.description})` : `a real GPU adapter (${gpu.description})`}`
      : `${prefix}WebGPU`;

  const webglRefusal =
    gl.kind === 'none'
      ? `no WebGL2 (${gl.why})`
      : software !== null
        ? `WebGL renderer is ${software === 'a software renderer' ? gl.renderer : `${software}, a software renderer`}`
        : null;
  const noGpu = [webgpuRefusal, webglRefusal].filter((s): s is string => s !== null).join('; ');

  const auto: Candidate[] = [];
  if (webgpuRefusal === null) auto.push({ backend: 'webgpu', reason: webgpuReason('') });
  if (webglRefusal === null && gl.kind === 'renderer') auto.push({ backend: 'webgl', reason: `WebGL on a real GPU (${gl.renderer})` });
  const why = noGpu === '' ? 'the GPU backends did not start' : noGpu;
  auto.push({ backend: 'wasm', reason: `WASM: no real GPU (${why})` });
  auto.push({ backend: 'cpu', reason: `CPU: no real GPU (${why}) and WASM did not start` });

  if (request === 'auto') return { candidates: auto, skipped: [] };

  const skipped: string[] = [];
  let forced: Candidate | null = null;
  switch (request) {
    case 'webgpu':
      if (webgpuRefusal === null) forced = { backend: 'webgpu', reason: webgpuReason('Forced: ') };
      else skipped.push(`webgpu was requested but cannot run: ${webgpuRefusal}`);
      break;
    case 'webgl':
      forced = {
        backend: 'webgl',
        reason:
          gl.kind === 'renderer'
            ? `Forced: WebGL on ${software === null ? 'a real GPU' : 'a software renderer'} (${gl.renderer})`
            : 'Forced: WebGL (renderer unknown)',
      };
      break;
    case 'wasm':
      forced = { backend: 'wasm', reason: 'Forced: WASM' };
      break;
    case 'cpu':
      forced = { backend: 'cpu', reason: 'Forced: CPU' };
      break;
    case 'fused':
      forced = { backend: 'fused', reason: 'Forced: the fused WASM SIMD kernel (one WebAssembly call per batch)' };
      break;
  }
  const rest = auto.filter((c) => c.backend !== request);
  return { candidates: forced ? [forced, ...rest] : rest, skipped };
}

// ------------------------------------------------------------------------------------------------ selecting

const isBackendName = (x: unknown): x is BackendName => typeof x === 'string' && (BACKEND_NAMES as readonly string[]).includes(x);

const message = (err: unknown): string => (err instanceof Error ? err.message : String(err));

/**
 * Tries the plan's candidates in order and sets the first that starts as tfjs's backend. Never throws. A probe
 * runs only when its backend is registered (in Node, none is); a forced request probes too, because when it fails
 * it falls back along the auto order, which the probes decide.
 */
export async function selectBackendWith(request: unknown, deps: BackendDeps, options: SelectOptions = {}): Promise<Result<BackendChoice>> {
  try {
    if (request !== 'auto' && !isBackendName(request)) {
      return fail({
        path: 'backend',
        message: `backend must be 'auto' or one of ${BACKEND_NAMES.join(', ')}; got ${JSON.stringify(String(request))}`,
      });
    }
    const { webgpu, webgl } = await probesOf(deps);
    const { candidates, skipped } = planBackends(request, { webgpu, webgl }, options);
    const failures: string[] = [];
    for (const candidate of candidates) {
      // A fallback this build or environment does not register (Node: only cpu, maybe wasm) is no failure, just
      // absent; a requested backend that is absent is reported.
      if (candidate.backend !== request && candidate.backend !== 'cpu' && !deps.isRegistered(candidate.backend)) continue;
      const failure = await tryStart(candidate.backend, deps);
      if (failure === null) {
        const notices = [...skipped, ...failures];
        const last = notices.length - 1;
        if (last >= 0) notices[last] = `${notices[last]}; fell back to ${candidate.backend}`;
        const fellBack = request !== 'auto' && candidate.backend !== request;
        let reason = candidate.reason;
        if (fellBack) reason = `${LABEL[candidate.backend]}: ${request} was requested but could not run (see the notices)`;
        else if (candidate.backend === 'cpu' && request === 'auto' && !deps.isRegistered('wasm')) {
          reason = reason.replace('WASM did not start', 'no WASM backend is registered here');
        }
        if (request === 'auto') return ok(await calibrated({ backend: candidate.backend, reason, notices }, deps, options));
        return ok({ backend: candidate.backend, reason, notices });
      }
      failures.push(`${candidate.backend} failed to start: ${failure}`);
    }
    return fail({ path: 'backend', message: `No tfjs backend could start: ${[...skipped, ...failures].join('; ')}` });
  } catch (err) {
    return fail({ path: 'backend', message: `Backend selection failed: ${message(err)}` });
  }
}

/** A figure for the reason: whole milliseconds from 10 up, else two significant digits. */
const msText = (ms: number): string => (ms >= 10 ? String(Math.round(ms)) : ms.toPrecision(2));

/**
 * auto's last step: where the fused kernel is registered and starts, time a step of the workload on it and on the
 * tfjs backend just chosen, and train on the faster. A kernel that fails to start or a calibration that throws
 * leaves the tfjs choice, with a notice.
 */
async function calibrated(choice: BackendChoice, deps: BackendDeps, options: SelectOptions): Promise<BackendChoice> {
  if (!deps.calibrate || !deps.isRegistered('fused')) return choice;
  const failure = await tryStart('fused', deps);
  if (failure !== null) return { ...choice, notices: [...choice.notices, `fused failed to start: ${failure}`] };
  const workload = options.workload ?? DEFAULT_CALIBRATION;
  try {
    const tfjsMs = (await deps.calibrate(choice.backend, workload)) * workload.stepsPerEpoch;
    const fusedMs = (await deps.calibrate('fused', workload)) * workload.stepsPerEpoch;
    const figures = `fused wasm: ${msText(fusedMs)} ms/epoch; ${choice.backend}: ${msText(tfjsMs)} ms/epoch`;
    const model = `${workload.features}-${workload.hidden.join('-')}-${workload.classes}, batch ${workload.batchSize}`;
    if (fusedMs <= tfjsMs) {
      return {
        backend: 'fused',
        reason: `Fused WASM, the fastest here for this model (${model}): ${figures} (tfjs's best: ${choice.reason})`,
        notices: choice.notices,
      };
    }
    return { ...choice, reason: `${choice.reason}; the fastest here for this model (${model}): ${figures}` };
  } catch (err) {
    return { ...choice, notices: [...choice.notices, `the calibration failed (${message(err)}); kept ${choice.backend}`] };
  }
}

/** What the device has does not change while the page lives: each probe runs once per deps (once per worker). */
const probeCache = new WeakMap<BackendDeps, Promise<{ webgpu: WebGpuProbe; webgl: WebGlProbe }>>();

function probesOf(deps: BackendDeps): Promise<{ webgpu: WebGpuProbe; webgl: WebGlProbe }> {
  let pending = probeCache.get(deps);
  if (!pending) {
    pending = (async () => {
      const webgpu: WebGpuProbe = deps.isRegistered('webgpu')
        ? await deps.probeWebGpu().catch((err: unknown) => ({ kind: 'none', why: `requestAdapter failed: ${message(err)}` }) as const)
        : { kind: 'none', why: 'the WebGPU backend is not available here' };
      const webgl: WebGlProbe = deps.isRegistered('webgl')
        ? await deps.probeWebGl().catch((err: unknown) => ({ kind: 'none', why: `probe failed: ${message(err)}` }) as const)
        : { kind: 'none', why: 'the WebGL backend is not available here' };
      return { webgpu, webgl };
    })();
    probeCache.set(deps, pending);
  }
  return pending;
}

/** Null when the backend runs now, else why not. */
async function tryStart(name: BackendName, deps: BackendDeps): Promise<string | null> {
  if (!deps.isRegistered(name)) return 'not registered in this build or environment';
  try {
    return (await deps.setBackend(name)) ? null : 'tf.setBackend returned false';
  } catch (err) {
    return message(err);
  }
}

// ------------------------------------------------------------------------------------------------ the real probes

interface GpuAdapterLike {
  isFallbackAdapter?: boolean;
  info?: { isFallbackAdapter?: boolean; vendor?: string; architecture?: string; description?: string; device?: string };
}
interface GpuLike {
  requestAdapter(options?: { powerPreference?: 'high-performance' | 'low-power' }): Promise<GpuAdapterLike | null>;
}

/** navigator.gpu.requestAdapter() as tfjs's WebGPU backend asks for it (high performance). */
export async function probeWebGpu(): Promise<WebGpuProbe> {
  const gpu = (globalThis as { navigator?: { gpu?: GpuLike } }).navigator?.gpu;
  if (!gpu) return { kind: 'none', why: 'navigator.gpu is missing' };
  const adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' });
  if (!adapter) return { kind: 'none', why: 'requestAdapter() returned null' };
  const info = adapter.info ?? {};
  const description = [info.vendor, info.architecture, info.description, info.device]
    .filter((s) => typeof s === 'string' && s !== '')
    .join(', ');
  const softwareByName = description !== '' && softwareRendererOf(description) !== null;
  const fallback = adapter.isFallbackAdapter === true || info.isFallbackAdapter === true || softwareByName;
  return { kind: 'adapter', fallback, description: description === '' ? 'no adapter info' : description };
}

interface GlLike {
  RENDERER: number;
  getExtension(name: string): unknown;
  getParameter(p: number): unknown;
}

/** The unmasked renderer of a WebGL2 context on an OffscreenCanvas (works in a worker); the context is released. */
export async function probeWebGl(): Promise<WebGlProbe> {
  const Canvas = (globalThis as { OffscreenCanvas?: new (w: number, h: number) => { getContext(kind: string): unknown } }).OffscreenCanvas;
  if (!Canvas) return { kind: 'none', why: 'OffscreenCanvas is missing' };
  const gl = new Canvas(1, 1).getContext('webgl2') as GlLike | null;
  if (!gl) return { kind: 'none', why: 'no webgl2 context' };
  try {
    const ext = gl.getExtension('WEBGL_debug_renderer_info') as { UNMASKED_RENDERER_WEBGL: number } | null;
    const renderer = gl.getParameter(ext ? ext.UNMASKED_RENDERER_WEBGL : gl.RENDERER);
    return { kind: 'renderer', renderer: typeof renderer === 'string' && renderer !== '' ? renderer : 'unknown renderer' };
  } finally {
    (gl.getExtension('WEBGL_lose_context') as { loseContext(): void } | null)?.loseContext();
  }
}

/** The real world: tfjs-core's registry and the browser's probes. */
export const tfjsDeps: BackendDeps = {
  probeWebGpu,
  probeWebGl,
  isRegistered: (name) => (name === 'fused' ? fusedKernelRegistered() : tf.findBackendFactory(name) != null),
  async setBackend(name) {
    // The fused kernel leaves tfjs's backend as it is: starting it is compiling it (once per worker). A worker whose
    // first run is fused has no tfjs backend yet, and the first tfjs call there (the tensor count the worker reports)
    // would try to start the highest-priority one (WebGPU, asynchronously) and throw: it gets the CPU backend,
    // which starts at once and holds nothing.
    if (name === 'fused') {
      const module = await compileFusedKernel();
      if ((tf.engine() as unknown as { backendName: string | null }).backendName == null) await tf.setBackend('cpu');
      return module instanceof WebAssembly.Module;
    }
    const started = await tf.setBackend(name);
    if (started) await tf.ready();
    return started && tf.getBackend() === name;
  },
  currentBackend: () => tf.getBackend() as string | undefined,
  calibrate: msPerStep,
};

// ------------------------------------------------------------------------------------------------ the cached entry

const cache = new Map<string, Promise<Result<BackendChoice>>>();

/**
 * Sets tfjs's backend for a request and says which one runs and why. Never throws. Cached per request (and
 * allowFallbackAdapter): a second call probes nothing; it only sets the chosen backend again if another request
 * switched tfjs away from it meanwhile (an initialised backend switches back at once).
 */
export function selectBackend(request: BackendRequest, options: SelectOptions = {}): Promise<Result<BackendChoice>> {
  return selectBackendCached(request, options, tfjsDeps);
}

/** selectBackend on injected deps, with its own cache per deps object (tests). */
export async function selectBackendCached(
  request: BackendRequest,
  options: SelectOptions,
  deps: BackendDeps,
): Promise<Result<BackendChoice>> {
  const key = `${String(request)}|${options.allowFallbackAdapter === true}|${workloadKey(options.workload ?? DEFAULT_CALIBRATION)}`;
  const store = cacheFor(deps);
  let pending = store.get(key);
  if (!pending) {
    pending = selectBackendWith(request, deps, options);
    store.set(key, pending);
    const result = await pending;
    // A failure is not cached: the next call tries again.
    if (!result.ok) store.delete(key);
    return result;
  }
  const result = await pending;
  if (!result.ok) return result;
  if (result.value.backend !== 'fused' && deps.currentBackend() !== result.value.backend) {
    const failure = await tryStart(result.value.backend, deps);
    if (failure !== null) {
      store.delete(key);
      return selectBackendCached(request, options, deps);
    }
  }
  return result;
}

const caches = new WeakMap<BackendDeps, Map<string, Promise<Result<BackendChoice>>>>([[tfjsDeps, cache]]);
function cacheFor(deps: BackendDeps): Map<string, Promise<Result<BackendChoice>>> {
  let store = caches.get(deps);
  if (!store) {
    store = new Map();
    caches.set(deps, store);
  }
  return store;
}

/** Forgets every cached choice and probe (tests; a page that wants to probe again). */
export function clearBackendCache(): void {
  cache.clear();
  probeCache.delete(tfjsDeps);
}
