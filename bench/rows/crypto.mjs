// Rows: one Ed25519 signature verified by libsodium (the calibration), the WASM core and node:crypto.
import { createPublicKey, verify as nodeVerify } from 'node:crypto';
import sodium from 'sodium-native';
import { ed25519VerifyStrict } from '../../dist/crypto/ed25519-verify.js';
import { check } from './fixtures.mjs';

export const CALIBRATION = 'calibration: sodium-native Ed25519 verify';

export function cryptoRows() {
  const pk = Buffer.alloc(sodium.crypto_sign_PUBLICKEYBYTES);
  const sk = Buffer.alloc(sodium.crypto_sign_SECRETKEYBYTES);
  sodium.crypto_sign_seed_keypair(pk, sk, Buffer.alloc(32, 7));
  const message = Buffer.from('calibration message for tenuo-ts benchmarks');
  const signature = Buffer.alloc(sodium.crypto_sign_BYTES);
  sodium.crypto_sign_detached(signature, message, sk);
  const nodeKey = createPublicKey({ key: Buffer.concat([Buffer.from('302a300506032b6570032100', 'hex'), pk]), format: 'der', type: 'spki' });
  const [pkBytes, msgBytes, sigBytes] = [pk, message, signature].map((b) => new Uint8Array(b));
  check(sodium.crypto_sign_verify_detached(signature, message, pk), 'sodium verify');
  check(ed25519VerifyStrict(pkBytes, msgBytes, sigBytes), 'WASM verify');
  check(nodeVerify(null, message, nodeKey, signature), 'node:crypto verify');
  return [
    { name: CALIBRATION, fn: () => sodium.crypto_sign_verify_detached(signature, message, pk) },
    { name: 'Ed25519 verify, WASM', fn: () => ed25519VerifyStrict(pkBytes, msgBytes, sigBytes) },
    { name: 'Ed25519 verify, node:crypto', fn: () => nodeVerify(null, message, nodeKey, signature) },
  ];
}
