// SignedWarrant envelopes and WarrantStacks. Each envelope is checked in the
// order the spec requires — verify before deserialize: take the issuer key
// with a shallow scan, check the signature over the raw payload bytes, and
// only then decode and validate the payload.

import {
  MAJOR_ARRAY, MAJOR_BYTES, MAJOR_NINT, MAJOR_UINT, cborError, cur, end, lastLength, peekMajor,
  readBytes, readLength, readUint, startReading,
} from '../cbor/reader';
import { ed25519StreamFinish, ed25519StreamStart, ed25519StreamUpdate, keyIsUsable } from '../crypto/ed25519';
import * as E from '../errors';
import { decodePayload, findIssuer } from './payload';
import {
  F_APPROVERS, MAX_WARRANTS, R_APPROVERS_COUNT, R_APPROVERS_PTR, R_ENVELOPE_LEN, R_ENVELOPE_PTR,
  R_HOLDER_PTR, R_PAYLOAD_LEN, R_PAYLOAD_PTR, R_SIGNATURE_PTR, has, record, setU32,
} from './record';

export const MAX_WARRANT_SIZE: usize = 64 * 1024;
export const MAX_STACK_SIZE: usize = 256 * 1024;

/** `tenuo-warrant-v1` ‖ envelope version 1: what precedes the payload in the signed message. */
const SIGNED_PREFIX: usize = memory.data<u8>([
  0x74, 0x65, 0x6e, 0x75, 0x6f, 0x2d, 0x77, 0x61, 0x72, 0x72, 0x61, 0x6e, 0x74, 0x2d, 0x76, 0x31, 0x01,
]);
const SIGNED_PREFIX_LEN: usize = 17;

/** 0 = a usable key; an error code for keys that do not decode or have small order. */
export function checkKey(key: usize): i32 {
  return keyIsUsable(key) ? E.OK : E.ERR_SIGNATURE_INVALID;
}

/** Reads the envelope at the cursor into record `index` (structure only). */
function readEnvelope(index: i32): i32 {
  const rec = record(index);
  const start = cur;
  const n = readLength(MAJOR_ARRAY);
  if (cborError != 0) return cborError;
  if (n != 3) return E.ERR_INVALID_ENVELOPE_STRUCTURE;
  const version = readUint(255);
  if (cborError != 0) return cborError;
  if (version != 1) return E.ERR_UNSUPPORTED_ENVELOPE_VERSION;
  if (peekMajor() != MAJOR_BYTES) return E.ERR_MALFORMED_CBOR; // payload as an integer array is refused
  const payload = readBytes();
  const payloadLen = lastLength;
  if (readLength(MAJOR_ARRAY) != 2 && cborError == 0) return E.ERR_MALFORMED_CBOR;
  const alg = readUint(255);
  if (cborError != 0) return cborError;
  if (alg != 1) return E.ERR_UNSUPPORTED_ALGORITHM;
  const signature = readBytes();
  if (cborError != 0) return cborError;
  if (lastLength != 64) return E.ERR_INVALID_SIGNATURE_LENGTH;
  if (cur - start > MAX_WARRANT_SIZE) return E.ERR_WARRANT_TOO_LARGE;
  setU32(rec, R_ENVELOPE_PTR, <u32>start);
  setU32(rec, R_ENVELOPE_LEN, <u32>(cur - start));
  setU32(rec, R_PAYLOAD_PTR, <u32>payload);
  setU32(rec, R_PAYLOAD_LEN, payloadLen);
  setU32(rec, R_SIGNATURE_PTR, <u32>signature);
  return E.OK;
}

/** Signature first, then the full payload decode. */
function verifyAndDecode(index: i32): i32 {
  const rec = record(index);
  const payload = <usize>load<u32>(rec + R_PAYLOAD_PTR);
  const payloadLen = <usize>load<u32>(rec + R_PAYLOAD_LEN);
  const signature = <usize>load<u32>(rec + R_SIGNATURE_PTR);
  const envelopePtr = load<u32>(rec + R_ENVELOPE_PTR);
  const envelopeLen = load<u32>(rec + R_ENVELOPE_LEN);
  const issuer = findIssuer(payload, payloadLen);
  if (issuer == 0) return cborError != 0 ? cborError : E.ERR_MISSING_REQUIRED_FIELD;
  ed25519StreamStart(issuer, 32, signature, 64);
  ed25519StreamUpdate(SIGNED_PREFIX, SIGNED_PREFIX_LEN);
  ed25519StreamUpdate(payload, payloadLen);
  if (!ed25519StreamFinish()) return E.ERR_SIGNATURE_INVALID;
  const code = decodePayload(rec, payload, payloadLen);
  // decodePayload clears the record: restore the envelope fields.
  setU32(rec, R_ENVELOPE_PTR, envelopePtr);
  setU32(rec, R_ENVELOPE_LEN, envelopeLen);
  setU32(rec, R_PAYLOAD_PTR, <u32>payload);
  setU32(rec, R_PAYLOAD_LEN, <u32>payloadLen);
  setU32(rec, R_SIGNATURE_PTR, <u32>signature);
  if (code != E.OK) return code;
  if (checkKey(<usize>load<u32>(rec + R_HOLDER_PTR)) != E.OK) return E.ERR_SIGNATURE_INVALID;
  if (has(rec, F_APPROVERS)) {
    // Approver keys follow one another as [1, bytes32] items (0x82 0x01 0x58 0x20 + 32 bytes).
    let at = <usize>load<u32>(rec + R_APPROVERS_PTR) + 4;
    const n = load<u32>(rec + R_APPROVERS_COUNT);
    for (let k: u32 = 0; k < n; k++, at += 36) {
      if (checkKey(at) != E.OK) return E.ERR_SIGNATURE_INVALID;
    }
  }
  return E.OK;
}

/** Number of warrants decoded by the last decodeInput call, and where it failed. */
export let decodedCount: i32 = 0;
export let failedIndex: i32 = -1;

/**
 * Decodes a single envelope (`allowStack` false) or a WarrantStack / single
 * envelope (`allowStack` true) from [ptr, ptr+len). Every signature is checked.
 */
export function decodeInput(ptr: usize, len: usize, allowStack: bool): i32 {
  decodedCount = 0;
  failedIndex = -1;
  if (len > (allowStack ? MAX_STACK_SIZE : MAX_WARRANT_SIZE)) return allowStack ? E.ERR_CHAIN_TOO_LARGE : E.ERR_WARRANT_TOO_LARGE;
  startReading(ptr, len);
  let count: i32 = 1;
  let isStack = false;
  if (allowStack) {
    const n = readLength(MAJOR_ARRAY);
    if (cborError != 0) return cborError;
    if (n == 0) return E.ERR_CHAIN_BROKEN;
    const first = peekMajor();
    if (first == MAJOR_ARRAY) {
      isStack = true;
      if (n > <u32>MAX_WARRANTS) return E.ERR_CHAIN_TOO_LONG;
      count = <i32>n;
    } else if (first != MAJOR_UINT && first != MAJOR_NINT) {
      return E.ERR_MALFORMED_CBOR;
    }
    if (!isStack) startReading(ptr, len);
  } else if (len > MAX_WARRANT_SIZE) {
    return E.ERR_WARRANT_TOO_LARGE;
  }
  for (let i: i32 = 0; i < count; i++) {
    const code = readEnvelope(i);
    if (code != E.OK) {
      failedIndex = i;
      return code;
    }
  }
  if (cur != end) {
    failedIndex = count - 1;
    return E.ERR_MALFORMED_CBOR; // trailing bytes
  }
  // Structure is sound; now each signature, then each payload.
  for (let i: i32 = 0; i < count; i++) {
    const code = verifyAndDecode(i);
    if (code != E.OK) {
      failedIndex = i;
      return code;
    }
    decodedCount = i + 1;
  }
  return E.OK;
}

