/**
 * 64-bit FNV-1a (Fowler–Noll–Vo; offset basis 0xcbf29ce484222325, prime 0x100000001b3 = 2^40 + 0x1b3), as
 * 16 lower-case hex digits. Non-cryptographic: it fingerprints initial weights and batch orders so two runs can
 * prove they started from the same weights and saw the same batches (`initialWeightsHash`, `batchOrderHash`).
 *
 * The bytes hashed are each view's bytes in memory order, the views one after another (so ([1, 2], [3]) and
 * ([1], [2, 3]) of one element type hash alike; callers hash fixed layouts). Typed arrays use the platform's
 * byte order, which is little-endian on every engine this app runs on.
 *
 * Arithmetic: the 64-bit state is two 32-bit halves. h × prime = h × 0x1b3 + (h << 40) mod 2^64; lo × 0x1b3 is
 * below 2^41, so it is exact in a double, and its carry goes into the high half with hi × 0x1b3 (mod 2^32,
 * Math.imul) and lo << 8 (the 2^40 term's contribution to the high half).
 */
export function hashBytes(...arrays: ArrayBufferView[]): string {
  const hasher = createHasher();
  for (const view of arrays) hasher.update(view);
  return hasher.digest();
}

/** The same hash, fed one view at a time (a run's batch orders, one epoch at a time, without holding them all). */
export function createHasher(): { update(view: ArrayBufferView): void; digest(): string } {
  let hi = 0xcbf29ce4;
  let lo = 0x84222325;
  return {
    update(view) {
      const bytes = new Uint8Array(view.buffer, view.byteOffset, view.byteLength);
      for (let i = 0; i < bytes.length; i++) {
        lo = (lo ^ (bytes[i] as number)) >>> 0;
        const low = lo * 0x1b3;
        const carry = Math.floor(low / 4294967296);
        hi = (Math.imul(hi, 0x1b3) + carry + (lo << 8)) >>> 0;
        lo = low >>> 0;
      }
    },
    digest: () => hi.toString(16).padStart(8, '0') + lo.toString(16).padStart(8, '0'),
  };
}
