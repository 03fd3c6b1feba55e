/** Key derivation, PEM round trips and signing conventions of the reference key type. */
import { createPublicKey, verify } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { PublicKey, SigningKey, TenuoError, WARRANT_CONTEXT } from '../src/index.js';
import { fixtures, hex, toHexString } from './helpers.js';

describe('SigningKey / PublicKey', () => {
  for (const [role, k] of Object.entries<any>(fixtures.keys)) {
    it(`${role}: seed derives the published public key`, () => {
      expect(SigningKey.fromSeed(hex(k.seedHex)).publicKey.toHex()).toBe(k.publicKeyHex);
    });
  }

  it('PKCS#8 and SPKI PEM round-trip and agree with node:crypto', () => {
    const key = SigningKey.generate();
    const again = SigningKey.fromPem(key.toPem());
    expect(again.publicKey.equals(key.publicKey)).toBe(true);
    expect(key.toPem()).toMatch(/^-----BEGIN PRIVATE KEY-----\n[A-Za-z0-9+/=\n]+-----END PRIVATE KEY-----\n$/);
    const spki = createPublicKey(key.publicKey.toPem()).export({ format: 'der', type: 'spki' });
    expect(toHexString(new Uint8Array(spki.subarray(12)))).toBe(key.publicKey.toHex());
    expect(PublicKey.fromPem(key.publicKey.toPem()).equals(key.publicKey)).toBe(true);
  });

  it('accepts PKCS#8 v2 (with the public key embedded), as OpenSSL 3 may write it', () => {
    const seed = hex('0303030303030303030303030303030303030303030303030303030303030303');
    const pub = SigningKey.fromSeed(seed).publicKey.bytes;
    const der = Buffer.concat([Buffer.from('3051020101300506032b657004220420', 'hex'), seed, Buffer.from('812100', 'hex'), pub]);
    const pem = `-----BEGIN PRIVATE KEY-----\n${der.toString('base64')}\n-----END PRIVATE KEY-----\n`;
    expect(SigningKey.fromPem(pem).publicKey.toHex()).toBe(toHexString(pub));
  });

  it('sign() prepends tenuo-warrant-v1; signRaw() does not (checked with node:crypto)', () => {
    const key = SigningKey.generate();
    const message = new TextEncoder().encode('hello');
    const spki = createPublicKey(key.publicKey.toPem());
    expect(verify(null, Buffer.concat([WARRANT_CONTEXT, message]), spki, key.sign(message))).toBe(true);
    expect(verify(null, message, spki, key.signRaw(message))).toBe(true);
    expect(key.publicKey.verify(message, key.sign(message))).toBe(true);
    expect(key.publicKey.verify(message, key.signRaw(message))).toBe(false);
    expect(key.publicKey.verifyRaw(message, key.signRaw(message))).toBe(true);
  });

  it('never prints the secret', () => {
    const key = SigningKey.fromSeed(new Uint8Array(32).fill(0xab));
    expect(String(key)).not.toMatch(/abab/);
    expect(JSON.stringify({ key })).not.toMatch(/abab/);
  });

  it('fromHex/toHex, equality and bytes are copies', () => {
    const k = SigningKey.generate().publicKey;
    const same = PublicKey.fromHex(k.toHex().toUpperCase());
    expect(same.equals(k)).toBe(true);
    const b = k.bytes;
    b[0] = (b[0] as number) ^ 1;
    expect(k.bytes[0]).not.toBe(b[0]);
  });

  it('rejects small-order public keys as the reference does', () => {
    // The identity point (y = 1) has order 1.
    const identity = new Uint8Array(32);
    identity[0] = 1;
    expect(() => PublicKey.fromBytes(identity)).toThrow(TenuoError);
  });
});
