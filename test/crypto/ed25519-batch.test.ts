import { generateKeyPairSync, sign } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ed25519VerifyBatch } from '../../src/crypto/ed25519-batch.js';
import { ed25519VerifyStrict } from '../../src/crypto/ed25519-verify.js';

function makeItems(n: number, keys: number) {
  const pairs = Array.from({ length: keys }, () => generateKeyPairSync('ed25519'));
  return Array.from({ length: n }, (_, i) => {
    const { publicKey, privateKey } = pairs[i % keys]!;
    const message = globalThis.crypto.getRandomValues(new Uint8Array(40 + i));
    return {
      publicKey: new Uint8Array(publicKey.export({ format: 'der', type: 'spki' }).subarray(12)),
      message,
      signature: new Uint8Array(sign(null, message, privateKey)),
    };
  });
}

describe('smoke', () => {
  it('works', () => {
    for (const n of [1, 2, 3, 7, 64, 200]) {
      for (const keys of [1, 3, n]) {
        const items = makeItems(n, keys);
        expect(ed25519VerifyBatch(items)).toEqual(items.map(() => true));
        const bad = items.map((it, i) => (i % 5 === 2 ? { ...it, message: new Uint8Array([1, 2, 3]) } : it));
        expect(ed25519VerifyBatch(bad)).toEqual(bad.map((it) => ed25519VerifyStrict(it.publicKey, it.message, it.signature)));
      }
    }
  });
});
