// Shared plumbing of the stand-alone bench scripts (ed25519, ed25519-batch,
// policy, soak, batch-icount): command-line options, loading the built
// package with a clear message when it is missing, and Ed25519 test cases
// signed with node:crypto.
import { createPublicKey, generateKeyPairSync, randomBytes, sign } from 'node:crypto';
import { existsSync } from 'node:fs';

/** The text after `--name` on the command line, or `fallback`. */
export function option(name, fallback) {
  const at = process.argv.indexOf(name);
  return at > 0 ? process.argv[at + 1] : fallback;
}

/** A numeric option. */
export function numberOption(name, fallback) {
  return Number(option(name, String(fallback)));
}

/** Imports a module of dist/ (path relative to dist/); exits with a hint when the package is not built. */
export async function importBuilt(path) {
  const url = new URL(`../dist/${path}`, import.meta.url);
  if (!existsSync(url)) {
    console.error('dist/ not found: run `npm run build` first');
    process.exit(1);
  }
  return import(url.href);
}

/**
 * `count` signatures over random 128-byte messages under `keys` node:crypto
 * keys in turn: raw public key, KeyObject, message and signature bytes.
 */
export function ed25519Cases(keys, count) {
  const pairs = Array.from({ length: keys }, () => generateKeyPairSync('ed25519'));
  return Array.from({ length: count }, (_, i) => {
    const { publicKey, privateKey } = pairs[i % keys];
    const message = new Uint8Array(randomBytes(128));
    return {
      publicKey: new Uint8Array(publicKey.export({ format: 'der', type: 'spki' }).subarray(12)),
      keyObject: createPublicKey(publicKey.export({ format: 'pem', type: 'spki' })),
      message,
      signature: new Uint8Array(sign(null, message, privateKey)),
    };
  });
}
