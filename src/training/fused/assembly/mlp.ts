// The fused MLP training step: forward, backward and the optimizer update of a whole batch in one call, in
// WebAssembly SIMD (128-bit, f32x4), with the weights, optimizer state and data kept in this module's memory.
// AssemblyScript, compiled by scripts/build-kernel.mjs (asc --enable simd, no relaxed SIMD: wasm SIMD128 has no
// FMA, so every product is rounded before its sum and a run is bit-identical on every engine and CPU).
//
// Why one kernel: for this model size tfjs pays a fixed cost per op call (~29 per batch even hand-written), which
// dominates; here a batch is one call from JavaScript. The maths is model.ts's and optimizers.ts's, element for
// element, in float32 (the loss statistics in float64); fused.test.ts checks it against tfjs autodiff and the
// tfjs path, and reference.test.ts against real PyTorch and Keras.
//
// Layout (written by ../kernel.ts, which owns the memory): a descriptor of i32 and f64 slots at `desc`, the
// parameters as one flat float32 array [W0, b0, W1, b1, ...] with each layer's output width padded to a multiple
// of 4 (zero weights, which stay zero: their gradients are zero), the gradients, two optimizer-state arrays with
// the same layout, and per layer the activations of `capacity` rows. Kernels are row-major [fanIn, fanOutPadded],
// so z = h · W + b (Keras's layout).

// ---------------------------------------------------------------------------------------------- the descriptor
// i32 slots (byte offset = 4 · slot)
const D_LAYERS = 0;
const D_CAPACITY = 1;
const D_ACTIVATION = 2; // 0 relu, 1 tanh
const D_LOSS = 3; // 0 log-softmax (torch), 1 clipped probability (Keras)
const D_CLASSES = 4;
const D_FEATURES = 5;
const D_PARAMS = 6;
const D_GRADS = 7;
const D_STATE1 = 8;
const D_STATE2 = 9;
const D_PARAM_COUNT = 10; // floats, a multiple of 4
const D_OPTIMIZER = 11;
const D_NESTEROV = 12;
const D_DZ_A = 13;
const D_DZ_B = 14;
const D_INPUT = 15; // the gathered batch, capacity × features
const D_TRAIN_X = 16;
const D_TRAIN_Y = 17;
const D_INDICES = 18;
const D_STATS = 19; // f64 × 4: loss sum, raw loss sum, correct, rows
// f64 slots (byte offset 128 + 8 · slot)
const F_WEIGHT_DECAY = 0;
const F_BETA2 = 1;
const F_EPS = 2;
const F_DECAY_RATE = 3; // torch RMSprop alpha, Keras RMSprop rho
// per layer, 8 i32 slots from byte 192: fanIn, fanOut (padded), kernel, bias, kernel grad, bias grad, output rows
const LAYER_BASE = 192;
const L_IN = 0;
const L_OUT = 1;
const L_W = 2;
const L_B = 3;
const L_GW = 4;
const L_GB = 5;
const L_ACT = 6;

// optimizer codes (../kernel.ts OPTIMIZER_CODES)
const TORCH_SGD = 0;
const TORCH_ADAM = 1;
const TORCH_ADAMW = 2;
const TORCH_RMSPROP = 3;
const KERAS_SGD = 4;
const KERAS_ADAM = 5;
const KERAS_ADAMW = 6;
const KERAS_RMSPROP = 7;

// @ts-ignore: decorator
@inline function di(desc: usize, slot: i32): i32 {
  return load<i32>(desc + ((<usize>slot) << 2));
}
// @ts-ignore: decorator
@inline function dp(desc: usize, slot: i32): usize {
  return <usize>load<i32>(desc + ((<usize>slot) << 2));
}
// @ts-ignore: decorator
@inline function df(desc: usize, slot: i32): f64 {
  return load<f64>(desc + 128 + ((<usize>slot) << 3));
}
// @ts-ignore: decorator
@inline function li(desc: usize, layer: i32, slot: i32): i32 {
  return load<i32>(desc + LAYER_BASE + ((<usize>(layer * 8 + slot)) << 2));
}
// @ts-ignore: decorator
@inline function lp(desc: usize, layer: i32, slot: i32): usize {
  return <usize>load<i32>(desc + LAYER_BASE + ((<usize>(layer * 8 + slot)) << 2));
}

/** The first free byte after this module's static data: ../kernel.ts lays its memory out from here. */
export function heapBase(): usize {
  return __heap_base;
}

// ---------------------------------------------------------------------------------------------- forward

/**
 * tanh per lane, in float64 (musl's tanh, compiled in: deterministic, unlike an engine's Math.tanh) rounded to
 * float32: correctly rounded in practice, as PyTorch's and tfjs's are to within an ulp. musl's float32 tanhf is
 * an ulp off more often, which Adam's first step (lr·g / (|g| + ε)) amplifies where |g| is near ε.
 */
// @ts-ignore: decorator
@inline function tanh1(x: f32): f32 {
  return <f32>Math.tanh(<f64>x);
}
// @ts-ignore: decorator
@inline function tanh4(v: v128): v128 {
  let r = f32x4.splat(tanh1(f32x4.extract_lane(v, 0)));
  r = f32x4.replace_lane(r, 1, tanh1(f32x4.extract_lane(v, 1)));
  r = f32x4.replace_lane(r, 2, tanh1(f32x4.extract_lane(v, 2)));
  return f32x4.replace_lane(r, 3, tanh1(f32x4.extract_lane(v, 3)));
}

/** The layer's activation (0: none, the logits; 1: relu; 2: tanh) of z = Σ_k h_k·W_k + b, summed from 0 in k order. */
// @ts-ignore: decorator
@inline function activate(sum: v128, bias: v128, act: i32): v128 {
  const z = f32x4.add(sum, bias);
  if (act == 1) return f32x4.max(z, f32x4.splat(0));
  if (act == 2) return tanh4(z);
  return z;
}

/**
 * out[r, j] = act(Σ_k inp[r, k] · W[k, j] + b[j]) for `rows` rows; W is [fanIn, fanOut], fanOut a multiple of 4.
 * Blocks of 4 rows × 8 columns keep 8 accumulators in registers and load each weight vector once per 4 rows.
 */
function denseForward(inp: usize, rows: i32, fanIn: i32, w: usize, b: usize, fanOut: i32, out: usize, act: i32): void {
  const inStride = <usize>fanIn << 2;
  const outStride = <usize>fanOut << 2;
  let r = 0;
  for (; r + 4 <= rows; r += 4) {
    const x0 = inp + <usize>r * inStride;
    const x1 = x0 + inStride;
    const x2 = x1 + inStride;
    const x3 = x2 + inStride;
    const o0 = out + <usize>r * outStride;
    let j = 0;
    for (; j + 8 <= fanOut; j += 8) {
      let a00 = f32x4.splat(0), a01 = f32x4.splat(0), a10 = f32x4.splat(0), a11 = f32x4.splat(0);
      let a20 = f32x4.splat(0), a21 = f32x4.splat(0), a30 = f32x4.splat(0), a31 = f32x4.splat(0);
      let wp = w + (<usize>j << 2);
      for (let k = 0; k < fanIn; k++) {
        const w0 = v128.load(wp);
        const w1 = v128.load(wp, 16);
        const kk = <usize>k << 2;
        const h0 = v128.load32_splat(x0 + kk);
        const h1 = v128.load32_splat(x1 + kk);
        const h2 = v128.load32_splat(x2 + kk);
        const h3 = v128.load32_splat(x3 + kk);
        a00 = f32x4.add(a00, f32x4.mul(h0, w0));
        a01 = f32x4.add(a01, f32x4.mul(h0, w1));
        a10 = f32x4.add(a10, f32x4.mul(h1, w0));
        a11 = f32x4.add(a11, f32x4.mul(h1, w1));
        a20 = f32x4.add(a20, f32x4.mul(h2, w0));
        a21 = f32x4.add(a21, f32x4.mul(h2, w1));
        a30 = f32x4.add(a30, f32x4.mul(h3, w0));
        a31 = f32x4.add(a31, f32x4.mul(h3, w1));
        wp += outStride;
      }
      const b0 = v128.load(b + (<usize>j << 2));
      const b1 = v128.load(b + (<usize>j << 2), 16);
      const oj = o0 + (<usize>j << 2);
      v128.store(oj, activate(a00, b0, act));
      v128.store(oj, activate(a01, b1, act), 16);
      v128.store(oj + outStride, activate(a10, b0, act));
      v128.store(oj + outStride, activate(a11, b1, act), 16);
      v128.store(oj + 2 * outStride, activate(a20, b0, act));
      v128.store(oj + 2 * outStride, activate(a21, b1, act), 16);
      v128.store(oj + 3 * outStride, activate(a30, b0, act));
      v128.store(oj + 3 * outStride, activate(a31, b1, act), 16);
    }
    for (; j < fanOut; j += 4) {
      let a0 = f32x4.splat(0), a1 = f32x4.splat(0), a2 = f32x4.splat(0), a3 = f32x4.splat(0);
      let wp = w + (<usize>j << 2);
      for (let k = 0; k < fanIn; k++) {
        const w0 = v128.load(wp);
        const kk = <usize>k << 2;
        a0 = f32x4.add(a0, f32x4.mul(v128.load32_splat(x0 + kk), w0));
        a1 = f32x4.add(a1, f32x4.mul(v128.load32_splat(x1 + kk), w0));
        a2 = f32x4.add(a2, f32x4.mul(v128.load32_splat(x2 + kk), w0));
        a3 = f32x4.add(a3, f32x4.mul(v128.load32_splat(x3 + kk), w0));
        wp += outStride;
      }
      const b0 = v128.load(b + (<usize>j << 2));
      const oj = o0 + (<usize>j << 2);
      v128.store(oj, activate(a0, b0, act));
      v128.store(oj + outStride, activate(a1, b0, act));
      v128.store(oj + 2 * outStride, activate(a2, b0, act));
      v128.store(oj + 3 * outStride, activate(a3, b0, act));
    }
  }
  for (; r < rows; r++) {
    const x0 = inp + <usize>r * inStride;
    const o0 = out + <usize>r * outStride;
    for (let j = 0; j < fanOut; j += 4) {
      let a0 = f32x4.splat(0);
      let wp = w + (<usize>j << 2);
      for (let k = 0; k < fanIn; k++) {
        a0 = f32x4.add(a0, f32x4.mul(v128.load32_splat(x0 + (<usize>k << 2)), v128.load(wp)));
        wp += outStride;
      }
      v128.store(o0 + (<usize>j << 2), activate(a0, v128.load(b + (<usize>j << 2)), act));
    }
  }
}

/** The whole network on `rows` input rows at `input` (row stride: the features); the logits land in the last layer's rows. */
function forward(desc: usize, input: usize, rows: i32): void {
  const layers = di(desc, D_LAYERS);
  const hiddenAct = di(desc, D_ACTIVATION) == 0 ? 1 : 2;
  let h = input;
  for (let l = 0; l < layers; l++) {
    const out = lp(desc, l, L_ACT);
    denseForward(h, rows, li(desc, l, L_IN), lp(desc, l, L_W), lp(desc, l, L_B), li(desc, l, L_OUT), out, l + 1 < layers ? hiddenAct : 0);
    h = out;
  }
}

// ---------------------------------------------------------------------------------------------- the loss

/**
 * Per row of logits z (the first `classes` of a padded row): the statistics in float64, and, when dz ≠ 0, the
 * output gradient ∂loss/∂z = (softmax(z) − onehot(y)) / batch in float32 (0 in the padding).
 * - raw loss (the divergence rule's measure, and torch's loss): logsumexp(z) − z_y.
 * - Keras (lossKind 1): q = p_y / Σp in float32, clipped to [1e-7, 1 − 1e-7]; loss −log q; a clipped row passes no
 *   gradient (model.ts explains why).
 * - correct: the first index of the largest logit equals y (tf.argMax's tie rule).
 * Adds to stats: loss sum, raw loss sum, correct count, rows.
 */
function lossRows(desc: usize, logits: usize, labels: usize, labelIndices: usize, rows: i32, dz: usize, batch: i32): void {
  const classes = di(desc, D_CLASSES);
  const padded = li(desc, di(desc, D_LAYERS) - 1, L_OUT);
  const keras = di(desc, D_LOSS) == 1;
  const stats = dp(desc, D_STATS);
  const eps = <f32>1e-7;
  const oneMinusEps = <f32>1 - <f32>1e-7;
  let lossSum = load<f64>(stats);
  let rawSum = load<f64>(stats, 8);
  let correct = load<f64>(stats, 16);
  const invBatch32 = <f32>1 / <f32>batch;
  for (let r = 0; r < rows; r++) {
    const z = logits + ((<usize>r * <usize>padded) << 2);
    const y = labelIndices != 0
      ? load<i32>(labels + ((<usize>load<i32>(labelIndices + (<usize>r << 2))) << 2))
      : load<i32>(labels + (<usize>r << 2));
    let best = 0;
    let max = <f64>load<f32>(z);
    for (let c = 1; c < classes; c++) {
      const v = <f64>load<f32>(z + (<usize>c << 2));
      if (v > max) {
        max = v;
        best = c;
      }
    }
    let sum = 0.0;
    for (let c = 0; c < classes; c++) sum += Math.exp(<f64>load<f32>(z + (<usize>c << 2)) - max);
    const logSumExp = max + Math.log(sum);
    const zy = <f64>load<f32>(z + (<usize>y << 2));
    const raw = logSumExp - zy;
    rawSum += raw;
    if (best == y) correct += 1;
    let passes = true;
    if (keras) {
      let total = <f32>0;
      for (let c = 0; c < classes; c++) total += <f32>Math.exp(<f64>load<f32>(z + (<usize>c << 2)) - logSumExp);
      const q = <f32>Math.exp(zy - logSumExp) / total;
      const clipped = q < eps ? eps : q > oneMinusEps ? oneMinusEps : q;
      passes = q >= eps && q <= oneMinusEps;
      lossSum -= Math.log(<f64>clipped);
    } else {
      lossSum += raw;
    }
    if (dz != 0) {
      const d = dz + ((<usize>r * <usize>padded) << 2);
      for (let c = 0; c < padded; c++) {
        let g = <f32>0;
        if (passes && c < classes) {
          // In float32 as torch's log_softmax backward computes it: grad − exp(log p)·Σgrad with grad = −onehot / B,
          // i.e. p·(1/B) − onehot·(1/B), so that the kernel rounds where the frameworks round.
          const p = <f32>Math.exp(<f64>load<f32>(z + (<usize>c << 2)) - logSumExp);
          g = p * invBatch32 - (c == y ? invBatch32 : <f32>0);
        }
        store<f32>(d + (<usize>c << 2), g);
      }
    }
  }
  store<f64>(stats, lossSum);
  store<f64>(stats, rawSum, 8);
  store<f64>(stats, correct, 16);
  store<f64>(stats, load<f64>(stats, 24) + <f64>rows, 24);
}

// ---------------------------------------------------------------------------------------------- backward

/**
 * gW[k, j] = Σ_r h[r, k] · dz[r, j] (overwritten), gb[j] = Σ_r dz[r, j]. Blocks of 4 k × 8 j over the rows.
 */
function denseWeightGradients(h: usize, rows: i32, fanIn: i32, dz: usize, fanOut: i32, gw: usize, gb: usize): void {
  const inStride = <usize>fanIn << 2;
  const outStride = <usize>fanOut << 2;
  let k = 0;
  for (; k + 4 <= fanIn; k += 4) {
    let j = 0;
    for (; j + 8 <= fanOut; j += 8) {
      let a00 = f32x4.splat(0), a01 = f32x4.splat(0), a10 = f32x4.splat(0), a11 = f32x4.splat(0);
      let a20 = f32x4.splat(0), a21 = f32x4.splat(0), a30 = f32x4.splat(0), a31 = f32x4.splat(0);
      let hp = h + (<usize>k << 2);
      let dp0 = dz + (<usize>j << 2);
      for (let r = 0; r < rows; r++) {
        const d0 = v128.load(dp0);
        const d1 = v128.load(dp0, 16);
        const h0 = v128.load32_splat(hp);
        const h1 = v128.load32_splat(hp, 4);
        const h2 = v128.load32_splat(hp, 8);
        const h3 = v128.load32_splat(hp, 12);
        a00 = f32x4.add(a00, f32x4.mul(h0, d0));
        a01 = f32x4.add(a01, f32x4.mul(h0, d1));
        a10 = f32x4.add(a10, f32x4.mul(h1, d0));
        a11 = f32x4.add(a11, f32x4.mul(h1, d1));
        a20 = f32x4.add(a20, f32x4.mul(h2, d0));
        a21 = f32x4.add(a21, f32x4.mul(h2, d1));
        a30 = f32x4.add(a30, f32x4.mul(h3, d0));
        a31 = f32x4.add(a31, f32x4.mul(h3, d1));
        hp += inStride;
        dp0 += outStride;
      }
      const g = gw + (<usize>k * outStride) + (<usize>j << 2);
      v128.store(g, a00);
      v128.store(g, a01, 16);
      v128.store(g + outStride, a10);
      v128.store(g + outStride, a11, 16);
      v128.store(g + 2 * outStride, a20);
      v128.store(g + 2 * outStride, a21, 16);
      v128.store(g + 3 * outStride, a30);
      v128.store(g + 3 * outStride, a31, 16);
    }
    for (; j < fanOut; j += 4) {
      let a0 = f32x4.splat(0), a1 = f32x4.splat(0), a2 = f32x4.splat(0), a3 = f32x4.splat(0);
      let hp = h + (<usize>k << 2);
      let dp0 = dz + (<usize>j << 2);
      for (let r = 0; r < rows; r++) {
        const d0 = v128.load(dp0);
        a0 = f32x4.add(a0, f32x4.mul(v128.load32_splat(hp), d0));
        a1 = f32x4.add(a1, f32x4.mul(v128.load32_splat(hp, 4), d0));
        a2 = f32x4.add(a2, f32x4.mul(v128.load32_splat(hp, 8), d0));
        a3 = f32x4.add(a3, f32x4.mul(v128.load32_splat(hp, 12), d0));
        hp += inStride;
        dp0 += outStride;
      }
      const g = gw + (<usize>k * outStride) + (<usize>j << 2);
      v128.store(g, a0);
      v128.store(g + outStride, a1);
      v128.store(g + 2 * outStride, a2);
      v128.store(g + 3 * outStride, a3);
    }
  }
  for (; k < fanIn; k++) {
    for (let j = 0; j < fanOut; j += 4) {
      let a0 = f32x4.splat(0);
      let hp = h + (<usize>k << 2);
      let dp0 = dz + (<usize>j << 2);
      for (let r = 0; r < rows; r++) {
        a0 = f32x4.add(a0, f32x4.mul(v128.load32_splat(hp), v128.load(dp0)));
        hp += inStride;
        dp0 += outStride;
      }
      v128.store(gw + (<usize>k * outStride) + (<usize>j << 2), a0);
    }
  }
  for (let j = 0; j < fanOut; j += 4) {
    let a0 = f32x4.splat(0);
    let dp0 = dz + (<usize>j << 2);
    for (let r = 0; r < rows; r++) {
      a0 = f32x4.add(a0, v128.load(dp0));
      dp0 += outStride;
    }
    v128.store(gb + (<usize>j << 2), a0);
  }
}

/** a0 + a1 + a2 + a3 of one vector, pairwise. */
// @ts-ignore: decorator
@inline function lanesSum(v: v128): f32 {
  return (f32x4.extract_lane(v, 0) + f32x4.extract_lane(v, 1)) + (f32x4.extract_lane(v, 2) + f32x4.extract_lane(v, 3));
}

/** ∂h/∂z · upstream from the activation's output h: relu 1[h > 0] (torch's threshold_backward), tanh 1 − h². */
// @ts-ignore: decorator
@inline function activationBackward(upstream: f32, h: f32, tanh: bool): f32 {
  if (tanh) return upstream * (<f32>1 - h * h);
  return h > 0 ? upstream : <f32>0;
}

/**
 * dzPrev[r, k] = act'(h[r, k]) · Σ_j dz[r, j] · W[k, j]: the previous layer's output gradient, with W before its
 * update. fanIn (the previous layer's padded width) is a multiple of 4. Blocks of 4 rows × 2 k.
 */
function denseInputGradients(dz: usize, rows: i32, fanOut: i32, w: usize, fanIn: i32, h: usize, tanh: bool, dzPrev: usize): void {
  const outStride = <usize>fanOut << 2;
  const inStride = <usize>fanIn << 2;
  let r = 0;
  for (; r + 4 <= rows; r += 4) {
    const d0 = dz + <usize>r * outStride;
    const d1 = d0 + outStride;
    const d2 = d1 + outStride;
    const d3 = d2 + outStride;
    for (let k = 0; k < fanIn; k += 2) {
      let a00 = f32x4.splat(0), a01 = f32x4.splat(0), a10 = f32x4.splat(0), a11 = f32x4.splat(0);
      let a20 = f32x4.splat(0), a21 = f32x4.splat(0), a30 = f32x4.splat(0), a31 = f32x4.splat(0);
      const w0 = w + <usize>k * outStride;
      const w1 = w0 + outStride;
      for (let j = 0; j < fanOut; j += 4) {
        const jj = <usize>j << 2;
        const v0 = v128.load(w0 + jj);
        const v1 = v128.load(w1 + jj);
        const e0 = v128.load(d0 + jj);
        const e1 = v128.load(d1 + jj);
        const e2 = v128.load(d2 + jj);
        const e3 = v128.load(d3 + jj);
        a00 = f32x4.add(a00, f32x4.mul(e0, v0));
        a01 = f32x4.add(a01, f32x4.mul(e0, v1));
        a10 = f32x4.add(a10, f32x4.mul(e1, v0));
        a11 = f32x4.add(a11, f32x4.mul(e1, v1));
        a20 = f32x4.add(a20, f32x4.mul(e2, v0));
        a21 = f32x4.add(a21, f32x4.mul(e2, v1));
        a30 = f32x4.add(a30, f32x4.mul(e3, v0));
        a31 = f32x4.add(a31, f32x4.mul(e3, v1));
      }
      const kk = <usize>k << 2;
      const hr = h + <usize>r * inStride + kk;
      const pr = dzPrev + <usize>r * inStride + kk;
      store<f32>(pr, activationBackward(lanesSum(a00), load<f32>(hr), tanh));
      store<f32>(pr, activationBackward(lanesSum(a01), load<f32>(hr, 4), tanh), 4);
      store<f32>(pr + inStride, activationBackward(lanesSum(a10), load<f32>(hr + inStride), tanh));
      store<f32>(pr + inStride, activationBackward(lanesSum(a11), load<f32>(hr + inStride, 4), tanh), 4);
      store<f32>(pr + 2 * inStride, activationBackward(lanesSum(a20), load<f32>(hr + 2 * inStride), tanh));
      store<f32>(pr + 2 * inStride, activationBackward(lanesSum(a21), load<f32>(hr + 2 * inStride, 4), tanh), 4);
      store<f32>(pr + 3 * inStride, activationBackward(lanesSum(a30), load<f32>(hr + 3 * inStride), tanh));
      store<f32>(pr + 3 * inStride, activationBackward(lanesSum(a31), load<f32>(hr + 3 * inStride, 4), tanh), 4);
    }
  }
  for (; r < rows; r++) {
    const d0 = dz + <usize>r * outStride;
    for (let k = 0; k < fanIn; k++) {
      let a0 = f32x4.splat(0);
      const w0 = w + <usize>k * outStride;
      for (let j = 0; j < fanOut; j += 4) a0 = f32x4.add(a0, f32x4.mul(v128.load(d0 + (<usize>j << 2)), v128.load(w0 + (<usize>j << 2))));
      const at = <usize>r * inStride + (<usize>k << 2);
      store<f32>(dzPrev + at, activationBackward(lanesSum(a0), load<f32>(h + at), tanh));
    }
  }
}

/** Every parameter's gradient for the batch whose output gradient is in the last layer's dz (scratch A). */
function backward(desc: usize, input: usize, rows: i32): void {
  const layers = di(desc, D_LAYERS);
  const tanh = di(desc, D_ACTIVATION) == 1;
  let dz = dp(desc, D_DZ_A);
  let other = dp(desc, D_DZ_B);
  for (let l = layers - 1; l >= 0; l--) {
    const h = l == 0 ? input : lp(desc, l - 1, L_ACT);
    const fanIn = li(desc, l, L_IN);
    const fanOut = li(desc, l, L_OUT);
    denseWeightGradients(h, rows, fanIn, dz, fanOut, lp(desc, l, L_GW), lp(desc, l, L_GB));
    if (l > 0) {
      denseInputGradients(dz, rows, fanOut, lp(desc, l, L_W), fanIn, h, tanh, other);
      const swap = dz;
      dz = other;
      other = swap;
    }
  }
}

// ---------------------------------------------------------------------------------------------- the update

/**
 * One update of every parameter (the flat array, 4 at a time), each framework's rule as optimizers.ts writes it,
 * operation for operation. lr and mu (momentum, or Adam's β1) come with every step; a and c are Adam's per-step
 * scalars (torch: lr / (1 − β1^t) and sqrt(1 − β2^t); Keras: alpha); first: torch SGD's first momentum step.
 */
function update(desc: usize, lr: f32, mu: f32, a: f32, c: f32, first: bool): void {
  const n = di(desc, D_PARAM_COUNT);
  const code = di(desc, D_OPTIMIZER);
  const nesterov = di(desc, D_NESTEROV) != 0;
  const wd = <f32>df(desc, F_WEIGHT_DECAY);
  const beta2 = <f32>df(desc, F_BETA2);
  const eps = <f32>df(desc, F_EPS);
  const rate = <f32>df(desc, F_DECAY_RATE);
  const oneMinusMu = <f32>(1.0 - <f64>mu);
  const oneMinusBeta2 = <f32>(1.0 - df(desc, F_BETA2));
  const oneMinusRate = <f32>(1.0 - df(desc, F_DECAY_RATE));
  const adamWDecay = <f32>(1.0 - <f64>lr * df(desc, F_WEIGHT_DECAY));
  const LR = f32x4.splat(lr);
  const MU = f32x4.splat(mu);
  const WD = f32x4.splat(wd);
  const A = f32x4.splat(a);
  const C = f32x4.splat(c);
  const EPS = f32x4.splat(eps);
  const B2 = f32x4.splat(beta2);
  const OMB1 = f32x4.splat(oneMinusMu);
  const OMB2 = f32x4.splat(oneMinusBeta2);
  const RATE = f32x4.splat(rate);
  const OMR = f32x4.splat(oneMinusRate);
  const DECAY = f32x4.splat(adamWDecay);
  const torchL2 = wd != 0 && code != TORCH_ADAMW && code < KERAS_SGD;
  const kerasDecay = wd > 0 && code >= KERAS_SGD;
  let p = dp(desc, D_PARAMS);
  let g = dp(desc, D_GRADS);
  let s1 = dp(desc, D_STATE1);
  let s2 = dp(desc, D_STATE2);
  for (let i = 0; i < n; i += 4) {
    let P = v128.load(p);
    let G = v128.load(g);
    // keras base_optimizer._apply_weight_decay: p − p·wd·lr, before the update step.
    if (kerasDecay) P = f32x4.sub(P, f32x4.mul(f32x4.mul(P, WD), LR));
    // torch's L2 decay (SGD, Adam, RMSprop): g + wd·p.
    if (torchL2) G = f32x4.add(G, f32x4.mul(P, WD));
    switch (code) {
      case TORCH_SGD: {
        if (mu != 0) {
          const buf = first ? G : f32x4.add(f32x4.mul(v128.load(s1), MU), G);
          v128.store(s1, buf);
          G = nesterov ? f32x4.add(G, f32x4.mul(buf, MU)) : buf;
        }
        P = f32x4.sub(P, f32x4.mul(G, LR));
        break;
      }
      case TORCH_ADAM:
      case TORCH_ADAMW: {
        if (code == TORCH_ADAMW && wd != 0) P = f32x4.mul(P, DECAY);
        let m = v128.load(s1);
        m = f32x4.add(m, f32x4.mul(f32x4.sub(G, m), OMB1));
        const v = f32x4.add(f32x4.mul(v128.load(s2), B2), f32x4.mul(f32x4.mul(G, G), OMB2));
        v128.store(s1, m);
        v128.store(s2, v);
        const denom = f32x4.add(f32x4.div(f32x4.sqrt(v), C), EPS);
        P = f32x4.sub(P, f32x4.mul(f32x4.div(m, denom), A));
        break;
      }
      case TORCH_RMSPROP: {
        const sq = f32x4.add(f32x4.mul(v128.load(s1), RATE), f32x4.mul(f32x4.mul(G, G), OMR));
        v128.store(s1, sq);
        const scaled = f32x4.div(G, f32x4.add(f32x4.sqrt(sq), EPS));
        if (mu > 0) {
          const buf = f32x4.add(f32x4.mul(v128.load(s2), MU), scaled);
          v128.store(s2, buf);
          P = f32x4.sub(P, f32x4.mul(buf, LR));
        } else {
          P = f32x4.sub(P, f32x4.mul(scaled, LR));
        }
        break;
      }
      case KERAS_SGD: {
        if (mu != 0) {
          const m = f32x4.sub(f32x4.mul(v128.load(s1), MU), f32x4.mul(G, LR));
          v128.store(s1, m);
          P = f32x4.add(P, nesterov ? f32x4.sub(f32x4.mul(m, MU), f32x4.mul(G, LR)) : m);
        } else {
          P = f32x4.sub(P, f32x4.mul(G, LR));
        }
        break;
      }
      case KERAS_ADAM:
      case KERAS_ADAMW: {
        let m = v128.load(s1);
        m = f32x4.add(m, f32x4.mul(f32x4.sub(G, m), OMB1));
        let v = v128.load(s2);
        v = f32x4.add(v, f32x4.mul(f32x4.sub(f32x4.mul(G, G), v), OMB2));
        v128.store(s1, m);
        v128.store(s2, v);
        P = f32x4.sub(P, f32x4.div(f32x4.mul(m, A), f32x4.add(f32x4.sqrt(v), EPS)));
        break;
      }
      case KERAS_RMSPROP: {
        const vel = f32x4.add(f32x4.mul(v128.load(s1), RATE), f32x4.mul(f32x4.mul(G, G), OMR));
        v128.store(s1, vel);
        const increment = f32x4.div(f32x4.mul(G, LR), f32x4.sqrt(f32x4.add(vel, EPS)));
        if (mu > 0) {
          const m = f32x4.add(f32x4.mul(v128.load(s2), MU), increment);
          v128.store(s2, m);
          P = f32x4.sub(P, m);
        } else {
          P = f32x4.sub(P, increment);
        }
        break;
      }
      default:
        break;
    }
    v128.store(p, P);
    p += 16;
    g += 16;
    s1 += 16;
    s2 += 16;
  }
}

// ---------------------------------------------------------------------------------------------- exports

/** Zeroes the statistics (loss sum, raw loss sum, correct, rows). */
function resetStats(desc: usize): void {
  const stats = dp(desc, D_STATS);
  store<f64>(stats, 0);
  store<f64>(stats, 0, 8);
  store<f64>(stats, 0, 16);
  store<f64>(stats, 0, 24);
}

/**
 * The gradients of the `rows` training rows whose indices are in the indices buffer, without an update: gather,
 * forward, loss, backward. The statistics (over this batch) are in the stats slots afterwards.
 */
export function gradientsOf(desc: usize, rows: i32): void {
  const input = dp(desc, D_INPUT);
  const trainX = dp(desc, D_TRAIN_X);
  const indices = dp(desc, D_INDICES);
  const rowBytes = <usize>di(desc, D_FEATURES) << 2;
  for (let r = 0; r < rows; r++) {
    memory.copy(input + <usize>r * rowBytes, trainX + <usize>load<i32>(indices + (<usize>r << 2)) * rowBytes, rowBytes);
  }
  resetStats(desc);
  forward(desc, input, rows);
  lossRows(desc, lp(desc, di(desc, D_LAYERS) - 1, L_ACT), dp(desc, D_TRAIN_Y), indices, rows, dp(desc, D_DZ_A), rows);
  backward(desc, input, rows);
}

/** One optimizer step on those rows: their gradients, then the update (see `update` for lr, mu, a, c, first). */
export function trainStep(desc: usize, rows: i32, lr: f32, mu: f32, a: f32, c: f32, first: i32): void {
  gradientsOf(desc, rows);
  update(desc, lr, mu, a, c, first != 0);
}

/** Loss sums and top-1 count over `rows` contiguous rows (x: rows × features, y: int32), in blocks of the capacity. */
export function evaluate(desc: usize, x: usize, y: usize, rows: i32): void {
  resetStats(desc);
  const capacity = di(desc, D_CAPACITY);
  const rowBytes = <usize>di(desc, D_FEATURES) << 2;
  const logits = lp(desc, di(desc, D_LAYERS) - 1, L_ACT);
  for (let start = 0; start < rows; start += capacity) {
    const count = min(capacity, rows - start);
    forward(desc, x + <usize>start * rowBytes, count);
    lossRows(desc, logits, y + (<usize>start << 2), 0, count, 0, count);
  }
}

/** Per row: the predicted class (first largest logit) and its softmax probability. */
export function predict(desc: usize, x: usize, rows: i32, predicted: usize, confidence: usize): void {
  const capacity = di(desc, D_CAPACITY);
  const rowBytes = <usize>di(desc, D_FEATURES) << 2;
  const classes = di(desc, D_CLASSES);
  const padded = li(desc, di(desc, D_LAYERS) - 1, L_OUT);
  const logits = lp(desc, di(desc, D_LAYERS) - 1, L_ACT);
  for (let start = 0; start < rows; start += capacity) {
    const count = min(capacity, rows - start);
    forward(desc, x + <usize>start * rowBytes, count);
    for (let r = 0; r < count; r++) {
      const z = logits + ((<usize>r * <usize>padded) << 2);
      let best = 0;
      let max = <f64>load<f32>(z);
      for (let c = 1; c < classes; c++) {
        const v = <f64>load<f32>(z + (<usize>c << 2));
        if (v > max) {
          max = v;
          best = c;
        }
      }
      let sum = 0.0;
      for (let c = 0; c < classes; c++) sum += Math.exp(<f64>load<f32>(z + (<usize>c << 2)) - max);
      const row = <usize>(start + r);
      store<i32>(predicted + (row << 2), best);
      store<f32>(confidence + (row << 2), <f32>(1.0 / sum));
    }
  }
}

/** Σ|w| over every parameter: finite exactly when no weight is NaN or infinite (or the sum overflows). */
export function weightMagnitude(desc: usize): f64 {
  const n = di(desc, D_PARAM_COUNT);
  let p = dp(desc, D_PARAMS);
  let sum = 0.0;
  for (let i = 0; i < n; i++) {
    sum += Math.abs(<f64>load<f32>(p));
    p += 4;
  }
  return sum;
}
