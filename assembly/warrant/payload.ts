// Decoding and validation of one WarrantPayload (integer keys 0–18) into a
// record. The payload must be in the reference serializer's canonical form:
// keys strictly ascending, 9/10 only when present/non-empty, 18 always written,
// byte fields as integer arrays or byte strings (both forms are honest).
// Beyond form, the payload rules of the spec are enforced here, once, for
// every path: decoding, verifying, and building (the host validates a payload
// it is about to sign with the same function).

import {
  MAJOR_ARRAY, MAJOR_BYTES, MAJOR_MAP, MAJOR_UINT, cborError, cur, end,
  equalsLiteral, expectHead, fail, headValue, lastLength, peekMajor, readBytes, readLength, readOrderedKey, readText,
  readUint, seek, skipItem, startReading, validUtf8,
} from '../cbor/reader';
import * as E from '../errors';
import { readConstraintSet } from './constraint';
import {
  F_APPROVERS, F_BOUNDS, F_CLEARANCE, F_EXTENSIONS, F_GATES, F_ISSUABLE, F_MAX_ISSUE_DEPTH,
  F_MIN_APPROVALS, F_PARENT_HASH, F_SESSION, R_APPROVERS_COUNT, R_APPROVERS_PTR, R_BOUNDS_LEN,
  R_BOUNDS_PTR, R_CLEARANCE, R_DEPTH, R_EXPIRES_AT, R_FLAGS, R_GATES_LEN, R_GATES_PTR, R_HOLDER_PTR,
  R_ID_PTR, R_ISSUABLE_COUNT, R_ISSUABLE_PTR, R_ISSUED_AT, R_ISSUER_PTR, R_MAX_DEPTH,
  R_MAX_ISSUE_DEPTH, R_MIN_APPROVALS, R_PARENT_HASH, R_SESSION_LEN, R_SESSION_PTR, R_TOOL_COUNT,
  R_TOOLS_PTR, R_TYPE, TYPE_EXECUTION, TYPE_ISSUER, clearRecord, setU32,
} from './record';

export const MAX_DELEGATION_DEPTH: u32 = 64;
export const MAX_TTL_SECONDS: u64 = 90 * 24 * 60 * 60;
const MAX_TOOLS: u32 = 256;
const MAX_TOOL_NAME_BYTES: u32 = 256;
const MAX_EXTENSION_KEYS: u32 = 64;
const MAX_EXTENSION_VALUE: u32 = 8192;
const U32_MAX: u64 = 0xffffffff;

/** Reads a 32-byte key written as `[1, bytes32]`; returns its address. */
export function readPublicKeyField(): usize {
  if (readLength(MAJOR_ARRAY) != 2) {
    fail(E.ERR_MALFORMED_CBOR);
    return 0;
  }
  const alg = readUint(255);
  if (cborError != 0) return 0;
  if (alg != 1) {
    fail(E.ERR_UNSUPPORTED_ALGORITHM);
    return 0;
  }
  const key = readBytes();
  if (cborError == 0 && lastLength != 32) fail(E.ERR_INVALID_KEY_LENGTH);
  return key;
}

/**
 * Reads a byte field written as an integer array or a byte string into `out`
 * (copied, so both forms look alike); returns its length.
 */
function readByteField(out: usize, capacity: u32): u32 {
  const major = peekMajor();
  if (major == MAJOR_BYTES) {
    const at = readBytes();
    const n = lastLength;
    if (cborError != 0) return 0;
    if (n <= capacity) memory.copy(out, at, n);
    return n;
  }
  if (major == MAJOR_ARRAY) {
    const n = readLength(MAJOR_ARRAY);
    for (let i: u32 = 0; i < n && cborError == 0; i++) {
      const b = <u8>readUint(255);
      if (i < capacity) store<u8>(out + i, b);
    }
    return n;
  }
  fail(E.ERR_MALFORMED_CBOR);
  return 0;
}

const EXT_VALUE_SCRATCH: usize = memory.data(8192);

/** A tool name: not reserved, not too long. */
function checkToolName(ptr: usize, len: u32): void {
  if (len >= 6 && equalsLiteral(ptr, 6, 'tenuo:')) fail(E.ERR_RESERVED_TOOL_NAME);
  else if (len > MAX_TOOL_NAME_BYTES) fail(E.ERR_VALUE_TOO_LARGE);
}

function isKnownTenuoExtension(ptr: usize, len: u32): bool {
  return (
    equalsLiteral(ptr, len, 'tenuo.session_id') ||
    equalsLiteral(ptr, len, 'tenuo.agent_id') ||
    equalsLiteral(ptr, len, 'tenuo.approval_gates') ||
    equalsLiteral(ptr, len, 'tenuo.identity_binding')
  );
}

function readExtensions(rec: usize): void {
  const n = readLength(MAJOR_MAP);
  if (n == 0) {
    // The serializer omits an empty extensions map.
    fail(E.ERR_MALFORMED_CBOR);
    return;
  }
  let counted: u32 = 0;
  let prevPtr: usize = 0;
  let prevLen: u32 = 0;
  for (let i: u32 = 0; i < n && cborError == 0; i++) {
    const key = readOrderedKey(prevPtr, prevLen, i == 0);
    const keyLen = lastLength;
    if (cborError != 0) return;
    prevPtr = key;
    prevLen = keyLen;
    const valueStart = cur;
    const valueLen = readByteField(EXT_VALUE_SCRATCH, MAX_EXTENSION_VALUE);
    if (cborError != 0) return;
    const isSession = equalsLiteral(key, keyLen, 'tenuo.session_id');
    const isAgent = equalsLiteral(key, keyLen, 'tenuo.agent_id');
    if (keyLen >= 6 && equalsLiteral(key, 6, 'tenuo.') && !isKnownTenuoExtension(key, keyLen)) {
      fail(E.ERR_RESERVED_EXTENSION_KEY);
      return;
    }
    if (isSession || isAgent) {
      // Raw UTF-8, exempt from the extension limits (as in the reference).
      if (valueLen > MAX_EXTENSION_VALUE || !validUtf8(EXT_VALUE_SCRATCH, valueLen)) {
        fail(E.ERR_INVALID_EXTENSION_VALUE);
        return;
      }
      if (isSession) {
        // Keep the wire item; the chain walk compares session ids by their bytes.
        setU32(rec, R_SESSION_PTR, <u32>valueStart);
        setU32(rec, R_SESSION_LEN, <u32>(cur - valueStart));
        setU32(rec, R_FLAGS, load<u32>(rec + R_FLAGS) | F_SESSION);
      }
      continue;
    }
    counted++;
    if (valueLen > MAX_EXTENSION_VALUE) {
      fail(E.ERR_EXTENSION_TOO_LARGE);
      return;
    }
    if (equalsLiteral(key, keyLen, 'tenuo.approval_gates')) {
      setU32(rec, R_GATES_PTR, <u32>valueStart);
      setU32(rec, R_GATES_LEN, <u32>(cur - valueStart));
      setU32(rec, R_FLAGS, load<u32>(rec + R_FLAGS) | F_GATES);
    }
  }
  if (counted > MAX_EXTENSION_KEYS) fail(E.ERR_EXTENSION_TOO_LARGE);
}

function readTools(rec: usize): void {
  const n = readLength(MAJOR_MAP);
  if (n > MAX_TOOLS) {
    fail(E.ERR_TOO_MANY_TOOLS);
    return;
  }
  setU32(rec, R_TOOL_COUNT, n);
  setU32(rec, R_TOOLS_PTR, <u32>cur);
  let prevPtr: usize = 0;
  let prevLen: u32 = 0;
  for (let i: u32 = 0; i < n && cborError == 0; i++) {
    const name = readOrderedKey(prevPtr, prevLen, i == 0);
    const nameLen = lastLength;
    if (cborError != 0) return;
    checkToolName(name, nameLen);
    prevPtr = name;
    prevLen = nameLen;
    readConstraintSet();
  }
}

function setFlag(rec: usize, flag: u32): void {
  setU32(rec, R_FLAGS, load<u32>(rec + R_FLAGS) | flag);
}

/** Decodes payload bytes at [ptr, ptr+len) into `rec`. Returns 0 or an error code. */
export function decodePayload(rec: usize, ptr: usize, len: usize): i32 {
  clearRecord(rec);
  startReading(ptr, len);
  const count = readLength(MAJOR_MAP);
  let previousKey: i32 = -1;
  let warrantType: u32 = 0;
  let version: u64 = 0;
  let maxDepth: u32 = 0;
  let depth: u32 = 0;
  let issuedAt: u64 = 0;
  let expiresAt: u64 = 0;
  let hasIssuable = false;
  let issuableCount: u32 = 0;
  let toolCount: u32 = 0;
  let seenRequired: u32 = 0;
  let seenDepth = false;
  for (let i: u32 = 0; i < count && cborError == 0; i++) {
    if (peekMajor() != MAJOR_UINT) {
      fail(E.ERR_MALFORMED_CBOR);
      break;
    }
    const keyAt = cur;
    const key = <i32>readUint(255);
    if (cborError != 0) break;
    if (key == 12 || key > 18) {
      seek(keyAt);
      fail(E.ERR_UNKNOWN_PAYLOAD_FIELD);
      break;
    }
    if (key <= previousKey) {
      seek(keyAt);
      fail(E.ERR_MALFORMED_CBOR); // out of order or duplicated
      break;
    }
    previousKey = key;
    if (key <= 8) seenRequired |= 1 << <u32>key;
    switch (key) {
      case 0:
        version = readUint(255);
        break;
      case 1: {
        const id = readBytes();
        if (cborError == 0 && lastLength != 16) fail(E.ERR_MALFORMED_CBOR);
        setU32(rec, R_ID_PTR, <u32>id);
        break;
      }
      case 2:
        warrantType = <u32>readUint(255);
        if (cborError == 0 && warrantType != TYPE_EXECUTION && warrantType != TYPE_ISSUER) fail(E.ERR_INVALID_PAYLOAD_STRUCTURE);
        setU32(rec, R_TYPE, warrantType);
        break;
      case 3:
        readTools(rec);
        toolCount = load<u32>(rec + R_TOOL_COUNT);
        break;
      case 4:
        setU32(rec, R_HOLDER_PTR, <u32>readPublicKeyField());
        break;
      case 5:
        setU32(rec, R_ISSUER_PTR, <u32>readPublicKeyField());
        break;
      case 6:
        issuedAt = readUint(u64.MAX_VALUE);
        store<u64>(rec + R_ISSUED_AT, issuedAt);
        break;
      case 7:
        expiresAt = readUint(u64.MAX_VALUE);
        store<u64>(rec + R_EXPIRES_AT, expiresAt);
        break;
      case 8:
        maxDepth = <u32>readUint(255);
        setU32(rec, R_MAX_DEPTH, maxDepth);
        break;
      case 9:
        if (readByteField(rec + R_PARENT_HASH, 32) != 32 && cborError == 0) fail(E.ERR_MALFORMED_CBOR);
        setFlag(rec, F_PARENT_HASH);
        break;
      case 10:
        setFlag(rec, F_EXTENSIONS);
        readExtensions(rec);
        break;
      case 11: {
        issuableCount = readLength(MAJOR_ARRAY);
        hasIssuable = true;
        setU32(rec, R_ISSUABLE_PTR, <u32>cur);
        setU32(rec, R_ISSUABLE_COUNT, issuableCount);
        for (let k: u32 = 0; k < issuableCount && cborError == 0; k++) {
          const name = readText();
          if (cborError == 0) checkToolName(name, lastLength);
        }
        setFlag(rec, F_ISSUABLE);
        break;
      }
      case 13:
        setU32(rec, R_MAX_ISSUE_DEPTH, <u32>readUint(U32_MAX));
        setFlag(rec, F_MAX_ISSUE_DEPTH);
        break;
      case 14: {
        const start = cur;
        readConstraintSet();
        setU32(rec, R_BOUNDS_PTR, <u32>start);
        setU32(rec, R_BOUNDS_LEN, <u32>(cur - start));
        setFlag(rec, F_BOUNDS);
        break;
      }
      case 15: {
        const n = readLength(MAJOR_ARRAY);
        setU32(rec, R_APPROVERS_PTR, <u32>cur);
        setU32(rec, R_APPROVERS_COUNT, n);
        for (let k: u32 = 0; k < n && cborError == 0; k++) readPublicKeyField();
        setFlag(rec, F_APPROVERS);
        break;
      }
      case 16:
        setU32(rec, R_MIN_APPROVALS, <u32>readUint(U32_MAX));
        setFlag(rec, F_MIN_APPROVALS);
        break;
      case 17:
        setU32(rec, R_CLEARANCE, <u32>readUint(255));
        setFlag(rec, F_CLEARANCE);
        break;
      case 18:
        depth = <u32>readUint(U32_MAX);
        setU32(rec, R_DEPTH, depth);
        seenDepth = true;
        break;
    }
  }
  if (cborError != 0) return cborError;
  if (cur != end) return E.ERR_MALFORMED_CBOR; // trailing bytes
  if (seenRequired != 0x1ff) return E.ERR_MISSING_REQUIRED_FIELD;
  if (!seenDepth) return E.ERR_MALFORMED_CBOR; // the serializer always writes key 18

  // Structural rules.
  if (version != 1) return E.ERR_UNSUPPORTED_PAYLOAD_VERSION;
  if (expiresAt <= issuedAt) return E.ERR_INVALID_PAYLOAD_STRUCTURE;
  if (expiresAt - issuedAt > MAX_TTL_SECONDS) return E.ERR_TTL_EXCEEDED;
  if (maxDepth > MAX_DELEGATION_DEPTH) return E.ERR_DEPTH_EXCEEDED;
  if (depth > maxDepth) return E.ERR_DEPTH_EXCEEDED;
  const flags = load<u32>(rec + R_FLAGS);
  if ((depth == 0) != ((flags & F_PARENT_HASH) == 0)) return E.ERR_INVALID_PAYLOAD_STRUCTURE;
  if (warrantType == TYPE_EXECUTION) {
    if ((flags & (F_ISSUABLE | F_MAX_ISSUE_DEPTH | F_BOUNDS)) != 0) return E.ERR_INVALID_PAYLOAD_STRUCTURE;
  } else {
    if (toolCount != 0) return E.ERR_INVALID_PAYLOAD_STRUCTURE;
    if (!hasIssuable || issuableCount == 0) return E.ERR_INVALID_PAYLOAD_STRUCTURE;
    if ((flags & F_MAX_ISSUE_DEPTH) != 0 && load<u32>(rec + R_MAX_ISSUE_DEPTH) > maxDepth) return E.ERR_INVALID_PAYLOAD_STRUCTURE;
  }
  if ((flags & F_APPROVERS) != 0 && (flags & F_MIN_APPROVALS) != 0) {
    const min = load<u32>(rec + R_MIN_APPROVALS);
    if (min < 1 || min > load<u32>(rec + R_APPROVERS_COUNT)) return E.ERR_INVALID_PAYLOAD_STRUCTURE;
  }
  return E.OK;
}

/** Finds the issuer key (field 5) with a shallow scan, before the signature is checked. */
export function findIssuer(ptr: usize, len: usize): usize {
  startReading(ptr, len);
  if (!expectHead(MAJOR_MAP)) return 0;
  const count = headValue;
  for (let i: u64 = 0; i < count && cborError == 0; i++) {
    if (peekMajor() != MAJOR_UINT) return 0;
    const key = readUint(255);
    if (key == 5) return readPublicKeyField();
    skipItem();
  }
  return 0;
}
