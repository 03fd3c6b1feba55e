/**
 * SignedWarrant envelope: `[envelope_version = 1, bytes(payload), [1, bytes64]]`.
 * The signature covers `tenuo-warrant-v1` ‖ 0x01 ‖ payload (the key type adds the prefix).
 */
import { type CborWriter, encodeWith } from '../cbor/writer.js';
import { concatBytes } from '../util/bytes.js';
import { writeSignature } from './key-codec.js';

export const ENVELOPE_VERSION = 1;
/** Largest single warrant accepted (spec §13). */
export const MAX_WARRANT_SIZE = 64 * 1024;
/** Largest warrant stack accepted (spec §11, §13). */
export const MAX_STACK_SIZE = 256 * 1024;

export interface Envelope {
  payloadBytes: Uint8Array;
  signature: Uint8Array;
}

/** The message the issuer signs (before the key type's `tenuo-warrant-v1` prefix). */
export function signedMessage(payloadBytes: Uint8Array): Uint8Array {
  return concatBytes(Uint8Array.of(ENVELOPE_VERSION), payloadBytes);
}

export function writeEnvelope(w: CborWriter, e: Envelope): void {
  w.arrayHeader(3).uint(ENVELOPE_VERSION).bytes(e.payloadBytes);
  writeSignature(w, e.signature);
}

export function encodeEnvelope(e: Envelope): Uint8Array {
  return encodeWith((w) => writeEnvelope(w, e));
}
