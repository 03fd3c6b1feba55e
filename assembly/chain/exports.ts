// WebAssembly exports of the warrant core: decoding with signature checks,
// payload validation for the builder, the chain walk, and the record table.
// Inputs are read from the scratch region (see assembly/memory.ts); results
// are a status code (0 or an Appendix A code) plus the getters below.

import { SCRATCH, SCRATCH_SIZE } from '../memory';
import { cborErrorAt } from '../cbor/reader';
import * as E from '../errors';
import { decodeInput, decodedCount, failedIndex, checkKey } from '../warrant/envelope';
import { decodePayload } from '../warrant/payload';
import { RECORDS, RECORD_SIZE, MAX_WARRANTS, record } from '../warrant/record';
import { resetWalk, setRoots, walkChain, walkFailIndex, walkFailStage, MAX_ROOTS } from './walk';

const ERR_RANGE: i32 = -1;

function inScratch(ptr: i32, len: i32): bool {
  if (ptr < 0 || len < 0) return false;
  return <u64>ptr >= <u64>SCRATCH && <u64>ptr + <u64>len <= <u64>SCRATCH + <u64>SCRATCH_SIZE;
}

/** Decodes one envelope (mode 0) or a stack-or-envelope (mode 1), checking every signature. */
export function warrantDecode(ptr: i32, len: i32, mode: i32): i32 {
  if (!inScratch(ptr, len)) return ERR_RANGE;
  resetWalk();
  return decodeInput(<usize>ptr, <usize>len, mode == 1);
}

/**
 * Decodes a stack-or-envelope and walks the chain. `now` is Unix seconds
 * (an integral f64), `tolerance` the clock skew in seconds.
 */
export function chainVerify(ptr: i32, len: i32, now: f64, tolerance: i32): i32 {
  if (!inScratch(ptr, len)) return ERR_RANGE;
  if (!(now >= 0) || now > 1.8e19 || tolerance < 0) return E.ERR_INVALID_PAYLOAD_STRUCTURE;
  resetWalk();
  const decoded = decodeInput(<usize>ptr, <usize>len, true);
  if (decoded != E.OK) return decoded;
  return walkChain(decodedCount, <u64>now, <u64>tolerance);
}

/** Validates payload bytes the host is about to sign (the same rules as decoding). */
export function payloadValidate(ptr: i32, len: i32): i32 {
  if (!inScratch(ptr, len)) return ERR_RANGE;
  if (len > 64 * 1024) return E.ERR_WARRANT_TOO_LARGE;
  resetWalk();
  return decodePayload(record(0), <usize>ptr, <usize>len);
}

/** 0 for a usable Ed25519 public key (decodes, not small-order), else an error code. */
export function publicKeyCheck(ptr: i32): i32 {
  if (!inScratch(ptr, 32)) return ERR_RANGE;
  return checkKey(<usize>ptr);
}

/** Copies `count` 32-byte trusted root keys from the scratch region. */
export function trustedRootsSet(ptr: i32, count: i32): i32 {
  if (count < 0 || count > MAX_ROOTS || !inScratch(ptr, count * 32)) return ERR_RANGE;
  setRoots(<usize>ptr, count);
  return E.OK;
}

export function resultCount(): i32 {
  return decodedCount;
}

/** Index of the warrant (decode) or link (walk) that failed, or -1. */
export function resultFailIndex(): i32 {
  return walkFailStage > 0 && walkFailIndex >= 0 ? walkFailIndex : failedIndex;
}

/** 0 decode, 1 chain-level, 2 link, 3 passed. */
export function resultFailStage(): i32 {
  return walkFailStage;
}

export function resultErrorOffset(): i32 {
  return <i32>cborErrorAt;
}

export function recordsPtr(): i32 {
  return <i32>RECORDS;
}

export function recordSize(): i32 {
  return <i32>RECORD_SIZE;
}

export function maxWarrants(): i32 {
  return MAX_WARRANTS;
}
