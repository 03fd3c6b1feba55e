/**
 * The raw crypto exports of the WASM module: argument checking (no traps on
 * bad pointers or lengths), status codes, incremental APIs, and flat memory.
 */
import { createHash, generateKeyPairSync, sign } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ed25519VerifyStrict } from '../../src/crypto/ed25519-verify.js';
import { sha256, sha512 } from '../../src/crypto/hash.js';
import { wasm } from '../../src/wasm/module.js';

type Fn = (...args: number[]) => number;

const OK = 0;
const ERR_RANGE = -1;
const ERR_STATE = -2;

function exportsOf(): Record<string, Fn> & { memory: { buffer: ArrayBuffer } } {
  return wasm().exports as unknown as Record<string, Fn> & { memory: { buffer: ArrayBuffer } };
}

describe('WASM crypto exports', () => {
  const h = wasm();
  const ex = exportsOf();
  const base = h.scratchOffset;
  const size = h.scratchSize;

  it('exports the documented functions', () => {
    for (const name of [
      'sha256', 'sha256Init', 'sha256Update', 'sha256Final',
      'sha512', 'sha512Init', 'sha512Update', 'sha512Final',
      'ed25519Verify', 'ed25519VerifyStart', 'ed25519VerifyUpdate', 'ed25519VerifyFinish',
      'ed25519InspectPoint',
    ]) {
      expect(typeof ex[name], name).toBe('function');
    }
  });

  it('rejects ranges outside the scratch region with ERR_RANGE instead of trapping', () => {
    const bad: Array<[number, number]> = [
      [-1, 10], [base, -1], [0, 10], [base - 1, 10], [base + size - 5, 10], [base + size, 1],
      [0x7fffffff, 1], [base, 0x7fffffff], [-0x80000000, 0], [base + 10, size],
    ];
    for (const [ptr, len] of bad) {
      expect(ex.sha256!(ptr, len, base), `sha256 ${ptr},${len}`).toBe(ERR_RANGE);
      expect(ex.sha512!(ptr, len, base), `sha512 ${ptr},${len}`).toBe(ERR_RANGE);
      expect(ex.ed25519Verify!(base, 32, base + 32, 64, ptr, len), `verify msg ${ptr},${len}`).toBe(ERR_RANGE);
      expect(ex.ed25519Verify!(ptr, len, base + 32, 64, base, 0), `verify key ${ptr},${len}`).toBe(ERR_RANGE);
    }
    // Output ranges too.
    expect(ex.sha256!(base, 3, base + size - 31)).toBe(ERR_RANGE);
    expect(ex.sha512!(base, 3, base + size - 63)).toBe(ERR_RANGE);
    expect(ex.sha256!(base, 3, base + size - 32)).toBe(OK);
    expect(ex.sha512!(base, 3, base + size - 64)).toBe(OK);
    expect(ex.ed25519InspectPoint!(base + size - 31, base)).toBe(ERR_RANGE);
    // A message ending exactly at the end of the region is fine.
    expect(ex.ed25519Verify!(base, 32, base + 32, 64, base + size - 10, 10)).toBe(0);
  });

  it('treats wrong key/signature lengths as invalid, not as errors', () => {
    for (const [kl, sl] of [[31, 64], [33, 64], [32, 63], [32, 65], [0, 0], [32, 0], [64, 128]] as const) {
      expect(ex.ed25519Verify!(base, kl, base + 64, sl, base + 200, 5)).toBe(0);
    }
  });

  it('incremental hashes match one-shot results and enforce init/update/final order', () => {
    const data = new Uint8Array(1000).map((_, i) => (i * 7) & 0xff);
    const view = h.scratch();
    view.set(data, 256);
    for (const [alg, bytes] of [['sha256', 32], ['sha512', 64]] as const) {
      const init = ex[`${alg}Init`]!, update = ex[`${alg}Update`]!, final = ex[`${alg}Final`]!;
      expect(final(base)).toBe(ERR_STATE);
      expect(update(base + 256, 1)).toBe(ERR_STATE);
      expect(init()).toBe(OK);
      for (const [from, to] of [[0, 1], [1, 64], [64, 200], [200, 200], [200, 1000]] as const) {
        expect(update(base + 256 + from, to - from)).toBe(OK);
      }
      expect(update(base - 1, 5)).toBe(ERR_RANGE);
      expect(final(base)).toBe(OK);
      expect(Buffer.from(view.slice(0, bytes)).toString('hex')).toBe(createHash(alg).update(data).digest('hex'));
      expect(final(base)).toBe(ERR_STATE);
    }
  });

  it('streaming verification enforces start/update/finish order', () => {
    expect(ex.ed25519VerifyUpdate!(base, 0)).toBe(ERR_STATE);
    expect(ex.ed25519VerifyFinish!()).toBe(ERR_STATE);
    const { publicKey, privateKey } = generateKeyPairSync('ed25519');
    const pk = new Uint8Array(publicKey.export({ format: 'der', type: 'spki' }).subarray(12));
    const msg = new Uint8Array(300).map((_, i) => i & 0xff);
    const sig = new Uint8Array(sign(null, msg, privateKey));
    const view = h.scratch();
    view.set(pk, 0);
    view.set(sig, 32);
    expect(ex.ed25519VerifyStart!(base, 32, base + 32, 64)).toBe(OK);
    // Key and signature were copied: the region can be overwritten now.
    view.fill(0, 0, 96);
    view.set(msg, 1000);
    expect(ex.ed25519VerifyUpdate!(base + 1000, 100)).toBe(OK);
    expect(ex.ed25519VerifyUpdate!(base + 1100, 0)).toBe(OK);
    expect(ex.ed25519VerifyUpdate!(-5, 3)).toBe(ERR_RANGE);
    expect(ex.ed25519VerifyUpdate!(base + 1100, 200)).toBe(OK);
    expect(ex.ed25519VerifyFinish!()).toBe(1);
    expect(ex.ed25519VerifyFinish!()).toBe(ERR_STATE);
    // Wrong lengths start a stream that finishes invalid.
    expect(ex.ed25519VerifyStart!(base, 31, base + 32, 64)).toBe(OK);
    expect(ex.ed25519VerifyUpdate!(base + 1000, 300)).toBe(OK);
    expect(ex.ed25519VerifyFinish!()).toBe(0);
  });

  it('does not grow memory across many calls', () => {
    const before = ex.memory.buffer.byteLength;
    const { publicKey, privateKey } = generateKeyPairSync('ed25519');
    const pk = new Uint8Array(publicKey.export({ format: 'der', type: 'spki' }).subarray(12));
    const msg = new Uint8Array(64);
    const sig = new Uint8Array(sign(null, msg, privateKey));
    for (let i = 0; i < 2000; i++) {
      msg[0] = i & 0xff;
      ed25519VerifyStrict(pk, msg, sig);
      sha256(msg);
      sha512(msg);
    }
    expect(ex.memory.buffer.byteLength).toBe(before);
  });
});
