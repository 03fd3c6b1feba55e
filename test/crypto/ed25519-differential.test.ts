/**
 * Differential test: 10,000 signatures made by node:crypto, valid or with a
 * random bit flipped in the message, R, s or the key, verified by the WASM
 * core, node:crypto (OpenSSL) and libsodium. verify_strict is stricter than
 * OpenSSL only for small-order keys/R, which random flips essentially never
 * produce, so all three must agree on every case. Deterministic (seeded).
 */
import { createPrivateKey, createPublicKey, sign, verify, type KeyObject } from 'node:crypto';
import sodium from 'sodium-native';
import { describe, expect, it } from 'vitest';
import { ed25519VerifyStrict } from '../../src/crypto/ed25519-verify.js';
import { prng, randomBytes } from './ed25519-ref.js';

const PKCS8_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');
const SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');

/** node:crypto's verdict; `key` is reused unless the key bytes were altered. */
function nodeVerify(key: KeyObject | undefined, pk: Uint8Array, msg: Uint8Array, sig: Uint8Array): boolean {
  if (key === undefined) {
    try {
      key = createPublicKey({ key: Buffer.concat([SPKI_PREFIX, pk]), format: 'der', type: 'spki' });
    } catch {
      return false;
    }
  }
  return verify(null, msg, key, sig);
}

const CASES = 10_000;
const MESSAGES_PER_KEY = 20;
type Kind = 'valid' | 'message' | 'R' | 's' | 'key' | 'other-message';
const KINDS: Kind[] = ['valid', 'message', 'R', 's', 'key', 'other-message'];

describe('Ed25519 differential (WASM vs node:crypto vs libsodium)', () => {
  it(`agrees on ${CASES} random valid and corrupted signatures`, () => {
    const rand = prng(20240601);
    const flip = (bytes: Uint8Array, from = 0, to = bytes.length): Uint8Array => {
      const out = new Uint8Array(bytes);
      const bit = from * 8 + Math.floor(rand() * (to - from) * 8);
      out[bit >> 3]! ^= 1 << (bit & 7);
      return out;
    };
    const counts: Record<string, number> = {};
    let accepted = 0;
    let privateKey: KeyObject | undefined;
    let publicKey: KeyObject | undefined;
    let pk = new Uint8Array(32);
    for (let i = 0; i < CASES; i++) {
      if (i % MESSAGES_PER_KEY === 0) {
        privateKey = createPrivateKey({ key: Buffer.concat([PKCS8_PREFIX, randomBytes(rand, 32)]), format: 'der', type: 'pkcs8' });
        publicKey = createPublicKey(privateKey);
        pk = new Uint8Array(publicKey.export({ format: 'der', type: 'spki' }).subarray(12));
      }
      const msg = randomBytes(rand, Math.floor(rand() * 300));
      const sig = new Uint8Array(sign(null, msg, privateKey!));
      const kind = KINDS[i % KINDS.length]!;
      let m: Uint8Array = msg, s: Uint8Array = sig, k: Uint8Array = pk;
      switch (kind) {
        case 'message': m = msg.length > 0 ? flip(msg) : new Uint8Array([Math.floor(rand() * 256)]); break;
        case 'R': s = flip(sig, 0, 32); break;
        case 's': s = flip(sig, 32, 64); break;
        case 'key': k = flip(pk); break;
        case 'other-message': m = randomBytes(rand, msg.length + 1); break;
        default: break;
      }
      const expected = nodeVerify(kind === 'key' ? undefined : publicKey, k, m, s);
      const got = ed25519VerifyStrict(k, m, s);
      const bySodium = sodium.crypto_sign_verify_detached(s, m, k);
      if (got !== expected || bySodium !== expected || (kind === 'valid' && !got)) {
        const label = `case ${i} (${kind}) pk=${Buffer.from(k).toString('hex')} sig=${Buffer.from(s).toString('hex')} msg=${Buffer.from(m).toString('hex')}`;
        expect(got, label).toBe(expected);
        expect(bySodium, `libsodium: ${label}`).toBe(expected);
        expect(got, label).toBe(true);
      }
      counts[`${kind}:${got}`] = (counts[`${kind}:${got}`] ?? 0) + 1;
      if (got) accepted++;
    }
    // Every untouched signature verifies, and no single-bit corruption does.
    expect(counts['valid:true']).toBe(Math.ceil(CASES / KINDS.length));
    expect(accepted).toBe(counts['valid:true']);
  });
});
