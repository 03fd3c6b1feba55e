// Rows: Ed25519 batch verification per signature at n = 1, 4, 16, 64, 256
// (distinct keys, as for the links of many chains).
import { SigningKey } from '../../dist/index.js';
import { ed25519VerifyBatch } from '../../dist/crypto/ed25519-batch.js';
import { check } from './fixtures.mjs';

const SIZES = [1, 4, 16, 64, 256];

export function batchRows() {
  const items = Array.from({ length: 256 }, (_, i) => {
    const key = SigningKey.fromSeed(Uint8Array.from({ length: 32 }, (_, j) => (i * 31 + j * 7 + 1) & 0xff));
    const message = new TextEncoder().encode(`batch item ${i}: ${'x'.repeat(90)}`);
    return { publicKey: key.publicKey.bytes, message, signature: key.signRaw(message) };
  });
  check(ed25519VerifyBatch(items).every(Boolean), 'batch verifies');
  return SIZES.map((n) => {
    const slice = items.slice(0, n);
    return { name: `Ed25519 batch verify, per signature (n = ${n})`, items: n, fn: () => ed25519VerifyBatch(slice) };
  });
}
