import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it, vi } from 'vitest';
import {
  type BackendDeps,
  planBackends,
  type SelectOptions,
  selectBackend,
  selectBackendCached,
  selectBackendWith,
  softwareRendererOf,
  type WebGlProbe,
  type WebGpuProbe,
} from './backends';
import type { BackendName } from './types';

const NVIDIA = 'ANGLE (NVIDIA, NVIDIA GeForce RTX 3080 (0x00002206) Direct3D11 vs_5_0 ps_5_0, D3D11)';
const SWIFTSHADER_ANGLE = 'ANGLE (Google, Vulkan 1.3.0 (SwiftShader Device (Subzero) (0x0000C0DE)), SwiftShader driver)';

const realAdapter: WebGpuProbe = { kind: 'adapter', fallback: false, description: 'nvidia, ampere' };
const fallbackAdapter: WebGpuProbe = { kind: 'adapter', fallback: true, description: 'google, swiftshader' };
const noAdapter: WebGpuProbe = { kind: 'none', why: 'navigator.gpu is missing' };
const gl = (renderer: string): WebGlProbe => ({ kind: 'renderer', renderer });
const noGl: WebGlProbe = { kind: 'none', why: 'no webgl2 context' };

describe('softwareRendererOf', () => {
  it.each([
    ['Google SwiftShader', 'SwiftShader'],
    [SWIFTSHADER_ANGLE, 'SwiftShader'],
    ['llvmpipe (LLVM 15.0.7, 256 bits)', 'llvmpipe'],
    ['Mesa Gallium 0.4 on softpipe', 'softpipe'],
    ['ANGLE (Mesa, lavapipe (LLVM 15.0.6, 256 bits), Vulkan 1.3.238)', 'lavapipe'],
    ['ANGLE (Microsoft, Microsoft Basic Render Driver Direct3D11 vs_5_0 ps_5_0, D3D11)', 'Microsoft Basic Render Driver'],
    ['GDI Generic', 'GDI Generic'],
    ['Apple Software Renderer', 'a software renderer'],
  ])('%s is software (%s)', (renderer, name) => {
    expect(softwareRendererOf(renderer)).toBe(name);
  });
  it.each([
    NVIDIA,
    'Apple M2',
    'ANGLE (Apple, ANGLE Metal Renderer: Apple M2, Unspecified Version)',
    'ANGLE (Intel, Mesa Intel(R) UHD Graphics 620 (KBL GT2), OpenGL 4.6)',
    'AMD Radeon RX 6800 XT',
    'Adreno (TM) 650',
    'Mali-G78',
  ])('%s is a real GPU', (renderer) => {
    expect(softwareRendererOf(renderer)).toBeNull();
  });
});

describe('planBackends: the decision table', () => {
  const first = (request: Parameters<typeof planBackends>[0], webgpu: WebGpuProbe, webgl: WebGlProbe, options?: SelectOptions) =>
    planBackends(request, { webgpu, webgl }, options).candidates.map((c) => c.backend);

  it.each([
    // [webgpu, webgl, allowFallbackAdapter, auto order]
    ['real adapter, real GPU', realAdapter, gl(NVIDIA), false, ['webgpu', 'webgl', 'wasm', 'cpu']],
    ['real adapter, SwiftShader', realAdapter, gl('Google SwiftShader'), false, ['webgpu', 'wasm', 'cpu']],
    ['fallback adapter, real GPU', fallbackAdapter, gl(NVIDIA), false, ['webgl', 'wasm', 'cpu']],
    ['fallback adapter, SwiftShader (headless Chromium)', fallbackAdapter, gl(SWIFTSHADER_ANGLE), false, ['wasm', 'cpu']],
    ['fallback adapter allowed', fallbackAdapter, gl(SWIFTSHADER_ANGLE), true, ['webgpu', 'wasm', 'cpu']],
    ['no adapter, Apple M2', noAdapter, gl('Apple M2'), false, ['webgl', 'wasm', 'cpu']],
    ['no adapter, llvmpipe', noAdapter, gl('llvmpipe (LLVM 15.0.7, 256 bits)'), false, ['wasm', 'cpu']],
    ['no adapter, softpipe', noAdapter, gl('Mesa 23.2.1 softpipe'), false, ['wasm', 'cpu']],
    ['no adapter, WARP', noAdapter, gl('Microsoft Basic Render Driver'), false, ['wasm', 'cpu']],
    ['no adapter, no WebGL (Node)', noAdapter, noGl, false, ['wasm', 'cpu']],
  ] as const)('auto: %s', (_name, webgpu, webgl, allowFallbackAdapter, order) => {
    expect(first('auto', webgpu, webgl, { allowFallbackAdapter })).toEqual(order);
  });

  it('auto on headless Chromium picks WASM and names the software renderer and the fallback adapter', () => {
    const plan = planBackends('auto', { webgpu: fallbackAdapter, webgl: gl(SWIFTSHADER_ANGLE) });
    expect(plan.candidates[0]?.reason).toBe(
      'WASM: no real GPU (the WebGPU adapter is a fallback (software) adapter (google, swiftshader); WebGL renderer is SwiftShader, a software renderer)',
    );
  });

  it('auto names the real GPU it picks', () => {
    expect(planBackends('auto', { webgpu: noAdapter, webgl: gl(NVIDIA) }).candidates[0]?.reason).toBe(`WebGL on a real GPU (${NVIDIA})`);
    expect(planBackends('auto', { webgpu: realAdapter, webgl: noGl }).candidates[0]?.reason).toBe(
      'WebGPU on a real GPU adapter (nvidia, ampere)',
    );
  });

  it('forced webgl runs on a software renderer, and says so', () => {
    const plan = planBackends('webgl', { webgpu: noAdapter, webgl: gl('Google SwiftShader') });
    expect(plan.candidates.map((c) => c.backend)).toEqual(['webgl', 'wasm', 'cpu']);
    expect(plan.candidates[0]?.reason).toBe('Forced: WebGL on a software renderer (Google SwiftShader)');
    expect(plan.skipped).toEqual([]);
  });

  it('forced webgpu needs a real adapter unless the fallback adapter is allowed', () => {
    const refused = planBackends('webgpu', { webgpu: fallbackAdapter, webgl: gl(SWIFTSHADER_ANGLE) });
    expect(refused.candidates.map((c) => c.backend)).toEqual(['wasm', 'cpu']);
    expect(refused.skipped).toEqual([
      'webgpu was requested but cannot run: the WebGPU adapter is a fallback (software) adapter (google, swiftshader)',
    ]);
    const allowed = planBackends('webgpu', { webgpu: fallbackAdapter, webgl: gl(SWIFTSHADER_ANGLE) }, { allowFallbackAdapter: true });
    expect(allowed.candidates.map((c) => c.backend)).toEqual(['webgpu', 'wasm', 'cpu']);
    expect(allowed.candidates[0]?.reason).toContain('Forced: WebGPU on a fallback (software) adapter, allowed for tests');
  });

  it('a forced backend comes first, then the auto order without it', () => {
    expect(first('cpu', realAdapter, gl(NVIDIA))).toEqual(['cpu', 'webgpu', 'webgl', 'wasm']);
    expect(first('wasm', noAdapter, gl(NVIDIA))).toEqual(['wasm', 'webgl', 'cpu']);
  });
});

/** Fake tfjs: which backends are registered, which fail to start (false or a throw), and what was set. */
function fakeDeps(opts: {
  registered: BackendName[];
  failing?: Partial<Record<BackendName, 'false' | 'throw'>>;
  webgpu?: WebGpuProbe;
  webgl?: WebGlProbe | 'throw';
}): BackendDeps & { calls: string[]; current: string | undefined } {
  const deps = {
    calls: [] as string[],
    current: undefined as string | undefined,
    probeWebGpu: vi.fn(async () => opts.webgpu ?? noAdapter),
    probeWebGl: vi.fn(async () => {
      if (opts.webgl === 'throw') throw new Error('context lost');
      return opts.webgl ?? noGl;
    }),
    isRegistered: (name: BackendName) => opts.registered.includes(name),
    async setBackend(name: BackendName) {
      deps.calls.push(name);
      const failing = opts.failing?.[name];
      if (failing === 'throw') throw new Error(`Backend name '${name}' blew up`);
      if (failing === 'false') return false;
      deps.current = name;
      return true;
    },
    currentBackend: () => deps.current,
  };
  return deps;
}

describe('selectBackendWith', () => {
  it('auto in headless Chromium: WASM with the reason, no notices', async () => {
    const deps = fakeDeps({ registered: ['webgpu', 'webgl', 'wasm', 'cpu'], webgpu: fallbackAdapter, webgl: gl(SWIFTSHADER_ANGLE) });
    const r = await selectBackendWith('auto', deps);
    expect(r.ok && r.value.backend).toBe('wasm');
    expect(r.ok && r.value.reason).toContain('WebGL renderer is SwiftShader, a software renderer');
    expect(r.ok && r.value.notices).toEqual([]);
    expect(deps.calls).toEqual(['wasm']);
  });

  it('a backend whose setBackend returns false falls back, with a notice', async () => {
    const deps = fakeDeps({ registered: ['webgl', 'wasm', 'cpu'], webgl: gl(NVIDIA), failing: { webgl: 'false' } });
    const r = await selectBackendWith('auto', deps);
    expect(r).toEqual({
      ok: true,
      value: {
        backend: 'wasm',
        reason: 'WASM: no real GPU (no WebGPU adapter (the WebGPU backend is not available here))',
        notices: ['webgl failed to start: tf.setBackend returned false; fell back to wasm'],
      },
    });
    expect(deps.calls).toEqual(['webgl', 'wasm']);
  });

  it('a forced backend that throws falls back, and the notice and reason say it was requested', async () => {
    const deps = fakeDeps({
      registered: ['webgl', 'wasm', 'cpu'],
      webgl: gl('Google SwiftShader'),
      failing: { webgl: 'throw', wasm: 'false' },
    });
    const r = await selectBackendWith('webgl', deps);
    expect(r.ok && r.value.backend).toBe('cpu');
    expect(r.ok && r.value.reason).toBe('CPU: webgl was requested but could not run (see the notices)');
    expect(r.ok && r.value.notices).toEqual([
      "webgl failed to start: Backend name 'webgl' blew up",
      'wasm failed to start: tf.setBackend returned false; fell back to cpu',
    ]);
  });

  it('a forced backend that is not registered (Node: wasm) falls back to cpu with a notice', async () => {
    const deps = fakeDeps({ registered: ['cpu'] });
    const r = await selectBackendWith('wasm', deps);
    expect(r.ok && r.value).toEqual({
      backend: 'cpu',
      reason: 'CPU: wasm was requested but could not run (see the notices)',
      notices: ['wasm failed to start: not registered in this build or environment; fell back to cpu'],
    });
  });

  it('auto where only cpu exists (Node) picks cpu without notices and probes nothing', async () => {
    const deps = fakeDeps({ registered: ['cpu'] });
    const r = await selectBackendWith('auto', deps);
    expect(r.ok && r.value.backend).toBe('cpu');
    expect(r.ok && r.value.reason).toContain('no WASM backend is registered here');
    expect(r.ok && r.value.notices).toEqual([]);
    expect(deps.probeWebGpu).not.toHaveBeenCalled();
    expect(deps.probeWebGl).not.toHaveBeenCalled();
  });

  it('forced webgpu refused on a fallback adapter: a notice, then the auto order', async () => {
    const deps = fakeDeps({ registered: ['webgpu', 'webgl', 'wasm', 'cpu'], webgpu: fallbackAdapter, webgl: gl(SWIFTSHADER_ANGLE) });
    const r = await selectBackendWith('webgpu', deps);
    expect(r.ok && r.value.backend).toBe('wasm');
    expect(r.ok && r.value.notices).toEqual([
      'webgpu was requested but cannot run: the WebGPU adapter is a fallback (software) adapter (google, swiftshader); fell back to wasm',
    ]);
    const allowed = await selectBackendWith('webgpu', deps, { allowFallbackAdapter: true });
    expect(allowed.ok && allowed.value.backend).toBe('webgpu');
    expect(allowed.ok && allowed.value.notices).toEqual([]);
  });

  it('a forced backend that fails falls back along the auto order: a real GPU first', async () => {
    const deps = fakeDeps({
      registered: ['webgpu', 'webgl', 'wasm', 'cpu'],
      webgpu: noAdapter,
      webgl: gl(NVIDIA),
      failing: { wasm: 'throw' },
    });
    const r = await selectBackendWith('wasm', deps);
    expect(r.ok && r.value.backend).toBe('webgl');
    expect(r.ok && r.value.notices).toEqual(["wasm failed to start: Backend name 'wasm' blew up; fell back to webgl"]);
    expect(deps.calls).toEqual(['wasm', 'webgl']);
  });

  it('a probe that throws counts as no WebGL', async () => {
    const deps = fakeDeps({ registered: ['webgl', 'wasm', 'cpu'], webgl: 'throw' });
    const r = await selectBackendWith('auto', deps);
    expect(r.ok && r.value.reason).toContain('no WebGL2 (probe failed: context lost)');
  });

  it('nothing starts: a Result with every failure, never a throw', async () => {
    const deps = fakeDeps({ registered: ['cpu'], failing: { cpu: 'throw' } });
    const r = await selectBackendWith('auto', deps);
    expect(r).toEqual({
      ok: false,
      error: { path: 'backend', message: "No tfjs backend could start: cpu failed to start: Backend name 'cpu' blew up" },
    });
  });

  it('refuses an unknown request', async () => {
    const r = await selectBackendWith('cuda', fakeDeps({ registered: ['cpu'] }));
    expect(r.ok).toBe(false);
    if (!r.ok)
      expect(r.error).toEqual({ path: 'backend', message: `backend must be 'auto' or one of fused, webgpu, webgl, wasm, cpu; got "cuda"` });
  });
});

describe('selectBackendCached', () => {
  it('probes once per request, and sets the backend again only when something switched it away', async () => {
    const deps = fakeDeps({ registered: ['webgpu', 'webgl', 'wasm', 'cpu'], webgpu: fallbackAdapter, webgl: gl(SWIFTSHADER_ANGLE) });
    const [a, b] = await Promise.all([selectBackendCached('auto', {}, deps), selectBackendCached('auto', {}, deps)]);
    expect(a).toEqual(b);
    expect(deps.probeWebGpu).toHaveBeenCalledTimes(1);
    expect(deps.calls).toEqual(['wasm']);
    await selectBackendCached('auto', {}, deps);
    expect(deps.calls).toEqual(['wasm']);
    // Another request switches tfjs to cpu; auto again switches back without probing.
    await selectBackendCached('cpu', {}, deps);
    const again = await selectBackendCached('auto', {}, deps);
    expect(again.ok && again.value.backend).toBe('wasm');
    expect(deps.calls).toEqual(['wasm', 'cpu', 'wasm']);
    expect(deps.probeWebGpu).toHaveBeenCalledTimes(1);
    // allowFallbackAdapter is part of the key.
    const allowed = await selectBackendCached('auto', { allowFallbackAdapter: true }, deps);
    expect(allowed.ok && allowed.value.backend).toBe('webgpu');
  });

  it('does not cache a failure', async () => {
    const failing: Partial<Record<BackendName, 'throw'>> = { cpu: 'throw' };
    const deps = fakeDeps({ registered: ['cpu'], failing });
    expect((await selectBackendCached('auto', {}, deps)).ok).toBe(false);
    delete failing.cpu;
    expect((await selectBackendCached('auto', {}, deps)).ok).toBe(true);
  });
});

describe('selectBackend on the real tfjs (Node: the cpu backend only)', () => {
  it('auto picks cpu and tfjs runs on it', async () => {
    const r = await selectBackend('auto');
    expect(r.ok && r.value.backend).toBe('cpu');
    expect(tf.getBackend()).toBe('cpu');
    expect(await tf.add(1, 2).data()).toEqual(new Float32Array([3]));
  });

  it('forced webgl falls back to cpu with a notice (not registered in Node)', async () => {
    const r = await selectBackend('webgl');
    expect(r.ok && r.value.backend).toBe('cpu');
    expect(r.ok && r.value.notices).toEqual(['webgl failed to start: not registered in this build or environment; fell back to cpu']);
  });
});

describe('auto with the fused kernel: a calibration for this model', () => {
  const workload = { features: 64, hidden: [128, 64], classes: 10, activation: 'relu' as const, batchSize: 32, stepsPerEpoch: 47 };
  /** fakeDeps with a calibrate that answers ms per step per backend (or throws), recording what it timed. */
  const calibrating = (ms: Partial<Record<BackendName, number | 'throw'>>, opts: Parameters<typeof fakeDeps>[0]) => {
    const deps = fakeDeps(opts);
    const timed: string[] = [];
    return Object.assign(deps, {
      timed,
      async calibrate(backend: BackendName, w: typeof workload) {
        timed.push(`${backend}@${w.hidden.join('x')}`);
        const value = ms[backend];
        if (value === 'throw' || value === undefined) throw new Error(`no timing for ${backend}`);
        return value;
      },
    });
  };
  const chromium = {
    registered: ['fused', 'webgpu', 'webgl', 'wasm', 'cpu'] as BackendName[],
    webgpu: fallbackAdapter,
    webgl: gl(SWIFTSHADER_ANGLE),
  };

  it('trains on the faster, and the reason gives both figures per epoch', async () => {
    const deps = calibrating({ wasm: 3, fused: 0.25 }, chromium);
    const r = await selectBackendWith('auto', deps, { workload });
    expect(r.ok && r.value.backend).toBe('fused');
    if (r.ok) {
      expect(r.value.reason).toBe(
        'Fused WASM, the fastest here for this model (64-128-64-10, batch 32): fused wasm: 12 ms/epoch; wasm: 141 ms/epoch ' +
          "(tfjs's best: WASM: no real GPU (the WebGPU adapter is a fallback (software) adapter (google, swiftshader); " +
          'WebGL renderer is SwiftShader, a software renderer))',
      );
      expect(r.value.notices).toEqual([]);
    }
    expect(deps.timed).toEqual(['wasm@128x64', 'fused@128x64']);
  });

  it('keeps the tfjs backend where it is faster, with the figures', async () => {
    const deps = calibrating({ webgpu: 0.1, fused: 40 }, { ...chromium, webgpu: realAdapter });
    const r = await selectBackendWith('auto', deps, { workload });
    expect(r.ok && r.value.backend).toBe('webgpu');
    if (r.ok)
      expect(r.value.reason).toMatch(
        /^WebGPU on a real GPU adapter .*; the fastest here for this model .*: fused wasm: 1880 ms\/epoch; webgpu: 4\.7 ms\/epoch$/,
      );
  });

  it('calibrates with the article MLP when no workload is given (a probe)', async () => {
    const deps = calibrating({ wasm: 3, fused: 0.25 }, chromium);
    const r = await selectBackendWith('auto', deps);
    expect(r.ok && r.value.backend).toBe('fused');
    expect(deps.timed).toEqual(['wasm@128x64', 'fused@128x64']);
  });

  it('a kernel that fails to start, or a calibration that throws, leaves the tfjs choice with a notice', async () => {
    const broken = calibrating({ wasm: 3, fused: 0.25 }, { ...chromium, failing: { fused: 'throw' } });
    const a = await selectBackendWith('auto', broken, { workload });
    expect(a.ok && a.value.backend).toBe('wasm');
    if (a.ok) expect(a.value.notices).toEqual(["fused failed to start: Backend name 'fused' blew up"]);
    const throwing = calibrating({ wasm: 3, fused: 'throw' }, chromium);
    const b = await selectBackendWith('auto', throwing, { workload });
    expect(b.ok && b.value.backend).toBe('wasm');
    if (b.ok) expect(b.value.notices).toEqual(['the calibration failed (no timing for fused); kept wasm']);
  });

  it('never calibrates where the kernel is not registered (Node) or a backend is forced', async () => {
    const node = calibrating({ cpu: 5, fused: 0.1 }, { registered: ['cpu'] });
    const a = await selectBackendWith('auto', node, { workload });
    expect(a.ok && a.value.backend).toBe('cpu');
    expect(node.timed).toEqual([]);
    const forced = calibrating({ wasm: 3, fused: 0.25 }, chromium);
    const b = await selectBackendWith('wasm', forced, { workload });
    expect(b.ok && b.value.backend).toBe('wasm');
    expect(forced.timed).toEqual([]);
  });

  it('forced fused runs the kernel; where it cannot start, it falls back along the auto order and says so', async () => {
    const ok = await selectBackendWith('fused', fakeDeps(chromium), { workload });
    expect(ok.ok && ok.value).toEqual({
      backend: 'fused',
      reason: 'Forced: the fused WASM SIMD kernel (one WebAssembly call per batch)',
      notices: [],
    });
    const absent = await selectBackendWith('fused', fakeDeps({ ...chromium, registered: ['wasm', 'cpu'] }), { workload });
    expect(absent.ok && absent.value.backend).toBe('wasm');
    if (absent.ok)
      expect(absent.value.notices).toEqual(['fused failed to start: not registered in this build or environment; fell back to wasm']);
  });
});
