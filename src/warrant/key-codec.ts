/** `[alg, bytes]` encodings of public keys and signatures (algorithm 1 = Ed25519). */
import type { CborReader } from '../cbor/reader.js';
import { malformed } from '../cbor/reader.js';
import type { CborWriter } from '../cbor/writer.js';
import { ALGORITHM_ED25519, FROM_CORE_CHECKED_BYTES, PUBLIC_KEY_LENGTH, PublicKey, SIGNATURE_LENGTH } from '../crypto/keys.js';
import { ErrorCode, TenuoError } from '../errors.js';

export function writePublicKey(w: CborWriter, key: PublicKey): void {
  w.arrayHeader(2).uint(ALGORITHM_ED25519).bytes(key.rawBytes);
}

export function writeSignature(w: CborWriter, signature: Uint8Array): void {
  w.arrayHeader(2).uint(ALGORITHM_ED25519).bytes(signature);
}

function readAlgorithmTuple(r: CborReader, what: string, length: number, lengthCode: typeof ErrorCode.InvalidKeyLength | typeof ErrorCode.InvalidSignatureLength): Uint8Array {
  const n = r.arrayHeader(what);
  if (n !== 2) malformed(`${what} must be [algorithm, bytes], got ${n} element(s)`);
  const alg = r.uint(255, `${what} algorithm`);
  if (alg !== ALGORITHM_ED25519) throw new TenuoError(ErrorCode.UnsupportedAlgorithm, `${what}: unsupported algorithm ${alg}`);
  const bytes = r.bytesItem(`${what} bytes`);
  if (bytes.length !== length) throw new TenuoError(lengthCode, `${what} must be ${length} bytes, got ${bytes.length}`);
  return bytes.slice();
}

export function readPublicKey(r: CborReader, what: string): PublicKey {
  return PublicKey.fromBytes(readAlgorithmTuple(r, what, PUBLIC_KEY_LENGTH, ErrorCode.InvalidKeyLength));
}

/** A key of a payload the WASM core has verified (see PublicKey[FROM_CORE_CHECKED_BYTES]). */
export function readCoreCheckedPublicKey(r: CborReader, what: string): PublicKey {
  return PublicKey[FROM_CORE_CHECKED_BYTES](readAlgorithmTuple(r, what, PUBLIC_KEY_LENGTH, ErrorCode.InvalidKeyLength));
}

export function readSignature(r: CborReader, what = 'signature'): Uint8Array {
  return readAlgorithmTuple(r, what, SIGNATURE_LENGTH, ErrorCode.InvalidSignatureLength);
}
