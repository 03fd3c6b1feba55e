/**
 * Ed25519 signature verification in the WASM core, with exactly the rules of
 * ed25519-dalek 2.x `VerifyingKey::verify_strict` (see assembly/crypto/ed25519.ts):
 * canonical s only, small-order A and R rejected, mixed-order points allowed,
 * lenient point decoding, cofactorless equation, byte-exact R comparison.
 */
import { wasm, type TenuoWasmExports } from '../wasm/module.js';

interface VerifyExports extends TenuoWasmExports {
  ed25519Verify(pkPtr: number, pkLen: number, sigPtr: number, sigLen: number, msgPtr: number, msgLen: number): number;
  ed25519VerifyStart(pkPtr: number, pkLen: number, sigPtr: number, sigLen: number): number;
  ed25519VerifyUpdate(msgPtr: number, msgLen: number): number;
  ed25519VerifyFinish(): number;
}

// Scratch layout: key at 0, signature at 32, message from 96 on.
const KEY_OFFSET = 0;
const SIG_OFFSET = 32;
const MSG_OFFSET = 96;

function verdict(status: number, what: string): boolean {
  if (status === 1) return true;
  if (status === 0) return false;
  throw new Error(`tenuo wasm: ${what} failed with status ${status}`);
}

/**
 * True when `signature` is a valid Ed25519 signature of `message` under
 * `publicKey` by the verify_strict rules. Wrong lengths (key not 32 bytes,
 * signature not 64) are simply invalid. Messages of any length are accepted;
 * ones larger than the scratch region are streamed into the hash.
 */
export function ed25519VerifyStrict(publicKey: Uint8Array, message: Uint8Array, signature: Uint8Array): boolean {
  if (!(publicKey instanceof Uint8Array) || !(message instanceof Uint8Array) || !(signature instanceof Uint8Array)) {
    throw new TypeError('ed25519VerifyStrict expects Uint8Array arguments');
  }
  if (publicKey.length !== 32 || signature.length !== 64) return false;
  const handle = wasm();
  const ex = handle.exports as VerifyExports;
  const base = handle.scratchOffset;
  const scratch = handle.scratch();
  scratch.set(publicKey, KEY_OFFSET);
  scratch.set(signature, SIG_OFFSET);

  const capacity = handle.scratchSize - MSG_OFFSET;
  if (message.length <= capacity) {
    scratch.set(message, MSG_OFFSET);
    return verdict(ex.ed25519Verify(base + KEY_OFFSET, 32, base + SIG_OFFSET, 64, base + MSG_OFFSET, message.length), 'ed25519Verify');
  }

  // Large message: the module copies key and signature at start, then hashes
  // the message chunk by chunk.
  const started = ex.ed25519VerifyStart(base + KEY_OFFSET, 32, base + SIG_OFFSET, 64);
  if (started !== 0) throw new Error(`tenuo wasm: ed25519VerifyStart failed with status ${started}`);
  for (let offset = 0; offset < message.length; offset += capacity) {
    const chunk = message.subarray(offset, Math.min(offset + capacity, message.length));
    scratch.set(chunk, MSG_OFFSET);
    const status = ex.ed25519VerifyUpdate(base + MSG_OFFSET, chunk.length);
    if (status !== 0) throw new Error(`tenuo wasm: ed25519VerifyUpdate failed with status ${status}`);
  }
  return verdict(ex.ed25519VerifyFinish(), 'ed25519VerifyFinish');
}
