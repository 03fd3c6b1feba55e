/**
 * encodeWith keeps one CBOR writer between calls: nested encodings, a write
 * that throws half-way and a very large encoding must not leak into the
 * bytes of any other call. Expected bytes are written out by hand (RFC 8949).
 */
import { describe, expect, it } from 'vitest';
import { encodeWith } from '../../src/cbor/writer.js';
import { toHexString } from '../helpers.js';

const hexOf = (bytes: Uint8Array) => toHexString(bytes);

describe('encodeWith', () => {
  it('an encoding made inside another one gets its own writer', () => {
    let inner: Uint8Array = new Uint8Array();
    const outer = encodeWith((w) => {
      w.arrayHeader(2).uint(1);
      inner = encodeWith((v) => v.text('ab'));
      w.uint(500);
    });
    expect(hexOf(inner)).toBe('626162');
    expect(hexOf(outer)).toBe('82011901f4');
    expect(hexOf(encodeWith((w) => w.bool(true)))).toBe('f5');
  });

  it('a write that throws half-way leaves nothing behind for the next call', () => {
    expect(() =>
      encodeWith((w) => {
        w.arrayHeader(3).uint(7);
        throw new Error('boom');
      }),
    ).toThrow('boom');
    expect(hexOf(encodeWith((w) => w.arrayHeader(2).uint(1).uint(2)))).toBe('820102');
  });

  it('returns copies: changing one result changes no other', () => {
    const first = encodeWith((w) => w.uint(1));
    const second = encodeWith((w) => w.uint(2));
    first[0] = 0xff;
    expect(hexOf(second)).toBe('02');
    expect(hexOf(encodeWith((w) => w.uint(3)))).toBe('03');
  });

  it('a large encoding (past the kept buffer size) is followed by correct small ones', () => {
    const big = new Uint8Array(100_000).fill(0xab);
    const encoded = encodeWith((w) => w.bytes(big));
    expect(encoded.length).toBe(100_005);
    expect(hexOf(encoded.subarray(0, 6))).toBe('5a000186a0ab');
    expect(encoded[encoded.length - 1]).toBe(0xab);
    expect(hexOf(encodeWith((w) => w.text('z')))).toBe('617a');
  });
});
