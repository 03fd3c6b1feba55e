/**
 * Ed25519 keys (algorithm id 1) with the reference key type's conventions:
 * `sign`/`verify` always work over `tenuo-warrant-v1` ‖ message, so every
 * protocol signature (warrant, PoP, approval, SRL) carries that prefix.
 *
 * Signing uses node:crypto (secrets never enter WASM); verification runs in
 * the WASM core with ed25519-dalek `verify_strict` rules.
 */
import { createPrivateKey, createPublicKey, sign as nodeSign, type KeyObject } from 'node:crypto';
import { ErrorCode, TenuoError } from '../errors.js';
import { base64StdDecode, base64StdEncode, wrapLines } from '../util/base64.js';
import { bytesEqual, concatBytes, fromHex, toHex, utf8 } from '../util/bytes.js';
import { ed25519VerifyStrict } from './ed25519-verify.js';
import { publicKeyProblem } from '../wasm/core.js';

export const ALGORITHM_ED25519 = 1;
export const PUBLIC_KEY_LENGTH = 32;
export const SIGNATURE_LENGTH = 64;
export const SEED_LENGTH = 32;

/** Domain prefix the reference's key type puts in front of every signed message. */
export const WARRANT_CONTEXT = utf8('tenuo-warrant-v1');

// DER prefixes of the only Ed25519 encodings in use: PKCS#8 v1 and SPKI.
const PKCS8_V1_PREFIX = fromHex('302e020100300506032b657004220420');
const SPKI_PREFIX = fromHex('302a300506032b6570032100');

function keyError(code: typeof ErrorCode.InvalidKeyLength | typeof ErrorCode.SignatureInvalid | typeof ErrorCode.InvalidPayloadStructure, message: string): never {
  throw new TenuoError(code, message);
}

/** Decodes the single PEM block labelled `label`. */
function pemBody(pem: string, label: string): Uint8Array {
  if (typeof pem !== 'string') keyError(ErrorCode.InvalidPayloadStructure, 'PEM input must be a string');
  const begin = `-----BEGIN ${label}-----`;
  const end = `-----END ${label}-----`;
  const start = pem.indexOf(begin);
  const stop = pem.indexOf(end, start + begin.length);
  if (start < 0 || stop < 0) keyError(ErrorCode.InvalidPayloadStructure, `expected a "${label}" PEM block`);
  return base64StdDecode(pem.slice(start + begin.length, stop).replace(/\s+/g, ''));
}

function toPemBlock(der: Uint8Array, label: string): string {
  return `-----BEGIN ${label}-----\n${wrapLines(base64StdEncode(der))}\n-----END ${label}-----\n`;
}

/** Extracts the 32-byte seed from PKCS#8 v1, or v2 (RFC 8410 with an embedded public key). */
function seedFromPkcs8(der: Uint8Array): Uint8Array {
  if (der.length === 48 && bytesEqual(der.subarray(0, 16), PKCS8_V1_PREFIX)) return der.slice(16);
  // v2: 30 51 02 01 01 30 05 06 03 2b 65 70 04 22 04 20 <seed> 81 21 00 <pk>
  if (der.length === 83 && der[0] === 0x30 && der[1] === 0x51 && der[4] === 0x01) {
    const head = fromHex('3051020101300506032b657004220420');
    if (bytesEqual(der.subarray(0, 16), head) && der[48] === 0x81 && der[49] === 0x21 && der[50] === 0x00) {
      return der.slice(16, 48);
    }
  }
  return keyError(ErrorCode.InvalidPayloadStructure, 'not an Ed25519 PKCS#8 private key');
}

/** @internal See PublicKey[FROM_CORE_CHECKED_BYTES]. */
export const FROM_CORE_CHECKED_BYTES: unique symbol = Symbol('tenuo.fromCoreCheckedBytes');

export class PublicKey {
  readonly #bytes: Uint8Array;

  private constructor(bytes: Uint8Array) {
    this.#bytes = bytes;
  }

  /**
   * 32 raw bytes. Rejected as the reference rejects them: points that do not
   * decode, and small-order ("weak") keys.
   */
  static fromBytes(bytes: Uint8Array): PublicKey {
    if (!(bytes instanceof Uint8Array)) keyError(ErrorCode.InvalidPayloadStructure, 'public key must be a Uint8Array');
    if (bytes.length !== PUBLIC_KEY_LENGTH) {
      keyError(ErrorCode.InvalidKeyLength, `public key must be ${PUBLIC_KEY_LENGTH} bytes, got ${bytes.length}`);
    }
    const problem = publicKeyProblem(bytes);
    if (problem !== undefined) keyError(ErrorCode.SignatureInvalid, `invalid Ed25519 public key: ${problem}`);
    return new PublicKey(bytes.slice());
  }

  /**
   * @internal For keys inside payloads the WASM core has verified: it has
   * already refused keys that do not decode or have small order (the issuer
   * through its signature check, holder and approvers explicitly), so the
   * curve check is not repeated. Length is still checked. Keyed by a symbol
   * the package entry point does not export, so callers cannot skip the
   * curve check by accident.
   */
  static [FROM_CORE_CHECKED_BYTES](bytes: Uint8Array): PublicKey {
    if (bytes.length !== PUBLIC_KEY_LENGTH) keyError(ErrorCode.InvalidKeyLength, `public key must be ${PUBLIC_KEY_LENGTH} bytes, got ${bytes.length}`);
    return new PublicKey(bytes);
  }

  static fromHex(hex: string): PublicKey {
    const bytes = fromHex(hex, 'public key hex');
    return PublicKey.fromBytes(bytes);
  }

  /** SPKI PEM (`-----BEGIN PUBLIC KEY-----`). */
  static fromPem(pem: string): PublicKey {
    const der = pemBody(pem, 'PUBLIC KEY');
    if (der.length !== 44 || !bytesEqual(der.subarray(0, 12), SPKI_PREFIX)) {
      keyError(ErrorCode.InvalidPayloadStructure, 'not an Ed25519 SubjectPublicKeyInfo');
    }
    return PublicKey.fromBytes(der.slice(12));
  }

  /** A copy of the 32 key bytes. */
  get bytes(): Uint8Array {
    return this.#bytes.slice();
  }

  /** The key bytes without copying; callers must not mutate them. */
  get rawBytes(): Uint8Array {
    return this.#bytes;
  }

  get algorithm(): number {
    return ALGORITHM_ED25519;
  }

  toHex(): string {
    return toHex(this.#bytes);
  }

  toPem(): string {
    return toPemBlock(concatBytes(SPKI_PREFIX, this.#bytes), 'PUBLIC KEY');
  }

  equals(other: PublicKey): boolean {
    return other instanceof PublicKey && bytesEqual(this.#bytes, other.#bytes);
  }

  /** Verifies a signature over `tenuo-warrant-v1` ‖ message (verify_strict rules). */
  verify(message: Uint8Array, signature: Uint8Array): boolean {
    return ed25519VerifyStrict(this.#bytes, concatBytes(WARRANT_CONTEXT, message), signature);
  }

  /** Verifies a signature over the message as given, without the warrant prefix. */
  verifyRaw(message: Uint8Array, signature: Uint8Array): boolean {
    return ed25519VerifyStrict(this.#bytes, message, signature);
  }

  toString(): string {
    return this.toHex();
  }

  toJSON(): string {
    return this.toHex();
  }
}

export class SigningKey {
  readonly #key: KeyObject;
  readonly #seed: Uint8Array;
  readonly publicKey: PublicKey;

  private constructor(seed: Uint8Array) {
    this.#seed = seed;
    this.#key = createPrivateKey({ key: Buffer.from(concatBytes(PKCS8_V1_PREFIX, seed)), format: 'der', type: 'pkcs8' });
    const spki = createPublicKey(this.#key).export({ format: 'der', type: 'spki' });
    this.publicKey = PublicKey.fromBytes(new Uint8Array(spki.subarray(12)));
  }

  static generate(): SigningKey {
    const seed = new Uint8Array(SEED_LENGTH);
    globalThis.crypto.getRandomValues(seed);
    return new SigningKey(seed);
  }

  static fromSeed(seed: Uint8Array): SigningKey {
    if (!(seed instanceof Uint8Array)) keyError(ErrorCode.InvalidPayloadStructure, 'seed must be a Uint8Array');
    if (seed.length !== SEED_LENGTH) keyError(ErrorCode.InvalidKeyLength, `seed must be ${SEED_LENGTH} bytes, got ${seed.length}`);
    return new SigningKey(seed.slice());
  }

  /** PKCS#8 PEM (`-----BEGIN PRIVATE KEY-----`), v1 or v2. */
  static fromPem(pem: string): SigningKey {
    return new SigningKey(seedFromPkcs8(pemBody(pem, 'PRIVATE KEY')));
  }

  /** PKCS#8 v1 PEM, as the reference writes it. */
  toPem(): string {
    return toPemBlock(concatBytes(PKCS8_V1_PREFIX, this.#seed), 'PRIVATE KEY');
  }

  /** Signs `tenuo-warrant-v1` ‖ message. */
  sign(message: Uint8Array): Uint8Array {
    return this.signRaw(concatBytes(WARRANT_CONTEXT, message));
  }

  /** Plain Ed25519 over the message as given. */
  signRaw(message: Uint8Array): Uint8Array {
    if (!(message instanceof Uint8Array)) keyError(ErrorCode.InvalidPayloadStructure, 'message must be a Uint8Array');
    return new Uint8Array(nodeSign(null, message, this.#key));
  }

  /** Never print secrets. */
  toString(): string {
    return `SigningKey(${this.publicKey.toHex()})`;
  }

  toJSON(): string {
    return this.toString();
  }
}
