/** SHA-256 / SHA-512 in the WASM core against node:crypto and the FIPS 180 examples. */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { sha256, sha512 } from '../../src/crypto/hash.js';
import { wasm } from '../../src/wasm/module.js';
import { prng, randomBytes } from './ed25519-ref.js';

const hexOf = (b: Uint8Array): string => Buffer.from(b).toString('hex');
const nodeHash = (alg: 'sha256' | 'sha512', data: Uint8Array): string => createHash(alg).update(data).digest('hex');
const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);

describe('SHA-256 / SHA-512 (WASM)', () => {
  it('matches the FIPS 180-2 examples', () => {
    expect(hexOf(sha256(utf8('abc')))).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(hexOf(sha256(new Uint8Array(0)))).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(hexOf(sha256(utf8('abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq')))).toBe(
      '248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1',
    );
    expect(hexOf(sha512(utf8('abc')))).toBe(
      'ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f',
    );
    expect(hexOf(sha512(new Uint8Array(0)))).toBe(
      'cf83e1357eefb8bdf1542850d66d8007d620e4050b5715dc83f4a921d36ce9ce47d0d13c5d85f2b0ff8318d2877eec2f63b931bd47417a81a538327af927da3e',
    );
    const two = utf8('abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu');
    expect(hexOf(sha512(two))).toBe(
      '8e959b75dae313da8cf4f72814fc143f8f7779c6eb9f7fa17299aeadb6889018501d289e4900f7e4331b99dec4b5433ac7d329eeb6dd26545e96e55b874be909',
    );
  });

  it('matches node:crypto on random inputs of every length 0..300', () => {
    const rand = prng(0x5ba256);
    for (let len = 0; len <= 300; len++) {
      const data = randomBytes(rand, len);
      expect(hexOf(sha256(data)), `sha256 len ${len}`).toBe(nodeHash('sha256', data));
      expect(hexOf(sha512(data)), `sha512 len ${len}`).toBe(nodeHash('sha512', data));
    }
  });

  it('matches node:crypto around block and scratch-size boundaries', () => {
    const rand = prng(0xb10c);
    const scratch = wasm().scratchSize;
    const lengths = [511, 512, 513, 1023, 1024, 1025, 65_536, 100_003, scratch - 65, scratch - 64, scratch - 63, scratch, scratch + 1];
    for (const len of lengths) {
      const data = randomBytes(rand, len);
      expect(hexOf(sha256(data)), `sha256 len ${len}`).toBe(nodeHash('sha256', data));
      expect(hexOf(sha512(data)), `sha512 len ${len}`).toBe(nodeHash('sha512', data));
    }
  });

  it('hashes inputs larger than the scratch region in chunks (5 MiB + 17)', () => {
    const data = new Uint8Array(5 * 1024 * 1024 + 17);
    for (let i = 0; i < data.length; i++) data[i] = (i * 31 + (i >>> 11)) & 0xff;
    expect(hexOf(sha256(data))).toBe(nodeHash('sha256', data));
    expect(hexOf(sha512(data))).toBe(nodeHash('sha512', data));
  });

  it('accepts subarray views and returns fresh copies', () => {
    const backing = new Uint8Array(200).map((_, i) => i);
    const view = backing.subarray(7, 150);
    const a = sha256(view);
    const b = sha256(view);
    expect(a).not.toBe(b);
    expect(hexOf(a)).toBe(nodeHash('sha256', view));
    a[0]! ^= 1;
    expect(hexOf(b)).toBe(nodeHash('sha256', view));
  });

  it('rejects non-Uint8Array input', () => {
    expect(() => sha256('abc' as unknown as Uint8Array)).toThrow(TypeError);
    expect(() => sha512([1, 2, 3] as unknown as Uint8Array)).toThrow(TypeError);
  });
});
