import { describe, expect, it } from 'vitest';
import { hashBytes } from './hash';

const ascii = (s: string) => new TextEncoder().encode(s);

describe('hashBytes (FNV-1a 64)', () => {
  it('matches the published FNV-1a 64-bit test vectors', () => {
    expect(hashBytes(ascii(''))).toBe('cbf29ce484222325');
    expect(hashBytes(ascii('a'))).toBe('af63dc4c8601ec8c');
    expect(hashBytes(ascii('foobar'))).toBe('85944171f73967e8');
  });

  it('hashes the views one after another, honouring byteOffset and byteLength', () => {
    const whole = ascii('foobar');
    expect(hashBytes(whole.subarray(0, 3), whole.subarray(3))).toBe(hashBytes(whole));
    expect(hashBytes()).toBe('cbf29ce484222325');
  });

  it('is 16 hex digits and differs when one bit differs', () => {
    const a = new Float32Array([0.1, 0.2, 0.3]);
    const b = Float32Array.from(a);
    const bytes = new Uint8Array(b.buffer);
    bytes[5] = (bytes[5] as number) ^ 1;
    expect(hashBytes(a)).toMatch(/^[0-9a-f]{16}$/);
    expect(hashBytes(a)).toBe(hashBytes(Float32Array.from(a)));
    expect(hashBytes(a)).not.toBe(hashBytes(b));
  });
});
