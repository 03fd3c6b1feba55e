// WebAssembly exports of the crypto core (re-exported by assembly/index.ts).
//
// Conventions, shared with the host glue in src/crypto/:
//   - every pointer/length pair must lie inside the scratch region
//     (assembly/memory.ts); anything else returns ERR_RANGE instead of
//     touching memory, so bad arguments never trap;
//   - lengths are i32 and must be >= 0;
//   - hash functions return STATUS_OK (0) or a negative error;
//   - ed25519Verify returns 1 (valid), 0 (invalid) or a negative error.
// Nothing here allocates; all state lives in static memory.

import { SCRATCH, SCRATCH_SIZE } from '../memory';
import { SHA256_STATE_SIZE, sha256Init as init256, sha256Update as update256, sha256Final as final256, sha256Digest } from './sha256';
import { SHA512_STATE_SIZE, sha512Init as init512, sha512Update as update512, sha512Final as final512, sha512Digest } from './sha512';
import {
  ed25519VerifyRaw, ed25519StreamStart, ed25519StreamUpdate, ed25519StreamFinish,
  ed25519StreamActive, pointInspect,
} from './ed25519';

const STATUS_OK: i32 = 0;
/** A pointer/length pair is negative or not inside the scratch region. */
const ERR_RANGE: i32 = -1;
/** update/final without a matching init (or verify update/finish without start). */
const ERR_STATE: i32 = -2;

/** Host-driven incremental states. */
const HOST_SHA256: usize = memory.data(<i32>SHA256_STATE_SIZE, 16);
const HOST_SHA512: usize = memory.data(<i32>SHA512_STATE_SIZE, 16);
let sha256Active = false;
let sha512Active = false;

/** True when [ptr, ptr + len) lies inside the scratch region. */
function inScratch(ptr: i32, len: i32): bool {
  if (ptr < 0 || len < 0) return false;
  const start = <u64>ptr;
  const end = start + <u64>len;
  return start >= <u64>SCRATCH && end <= <u64>SCRATCH + <u64>SCRATCH_SIZE;
}

// ---------------------------------------------------------------------------
// SHA-256

/** Writes SHA-256(in[0..len)) to out[0..32). */
export function sha256(inPtr: i32, len: i32, outPtr: i32): i32 {
  if (!inScratch(inPtr, len) || !inScratch(outPtr, 32)) return ERR_RANGE;
  sha256Digest(<usize>outPtr, <usize>inPtr, <usize>len);
  return STATUS_OK;
}

/** Starts (or restarts) the host's incremental SHA-256. */
export function sha256Init(): i32 {
  init256(HOST_SHA256);
  sha256Active = true;
  return STATUS_OK;
}

export function sha256Update(inPtr: i32, len: i32): i32 {
  if (!sha256Active) return ERR_STATE;
  if (!inScratch(inPtr, len)) return ERR_RANGE;
  update256(HOST_SHA256, <usize>inPtr, <usize>len);
  return STATUS_OK;
}

/** Writes the digest to out[0..32) and ends the incremental hash. */
export function sha256Final(outPtr: i32): i32 {
  if (!sha256Active) return ERR_STATE;
  if (!inScratch(outPtr, 32)) return ERR_RANGE;
  final256(HOST_SHA256, <usize>outPtr);
  sha256Active = false;
  return STATUS_OK;
}

// ---------------------------------------------------------------------------
// SHA-512

/** Writes SHA-512(in[0..len)) to out[0..64). */
export function sha512(inPtr: i32, len: i32, outPtr: i32): i32 {
  if (!inScratch(inPtr, len) || !inScratch(outPtr, 64)) return ERR_RANGE;
  sha512Digest(<usize>outPtr, <usize>inPtr, <usize>len);
  return STATUS_OK;
}

/** Starts (or restarts) the host's incremental SHA-512. */
export function sha512Init(): i32 {
  init512(HOST_SHA512);
  sha512Active = true;
  return STATUS_OK;
}

export function sha512Update(inPtr: i32, len: i32): i32 {
  if (!sha512Active) return ERR_STATE;
  if (!inScratch(inPtr, len)) return ERR_RANGE;
  update512(HOST_SHA512, <usize>inPtr, <usize>len);
  return STATUS_OK;
}

/** Writes the digest to out[0..64) and ends the incremental hash. */
export function sha512Final(outPtr: i32): i32 {
  if (!sha512Active) return ERR_STATE;
  if (!inScratch(outPtr, 64)) return ERR_RANGE;
  final512(HOST_SHA512, <usize>outPtr);
  sha512Active = false;
  return STATUS_OK;
}

// ---------------------------------------------------------------------------
// Ed25519 (verify_strict rules, see ed25519.ts)

/** 1 if `sig` is a valid signature of `msg` under `pk`, else 0 (or ERR_RANGE). */
export function ed25519Verify(
  pkPtr: i32, pkLen: i32, sigPtr: i32, sigLen: i32, msgPtr: i32, msgLen: i32,
): i32 {
  if (!inScratch(pkPtr, pkLen) || !inScratch(sigPtr, sigLen) || !inScratch(msgPtr, msgLen)) {
    return ERR_RANGE;
  }
  return ed25519VerifyRaw(
    <usize>pkPtr, <usize>pkLen, <usize>sigPtr, <usize>sigLen, <usize>msgPtr, <usize>msgLen,
  ) ? 1 : 0;
}

/**
 * Starts a verification whose message arrives in pieces (for messages larger
 * than the scratch region). Key and signature are copied, so the scratch
 * region may be reused for the message right away.
 */
export function ed25519VerifyStart(pkPtr: i32, pkLen: i32, sigPtr: i32, sigLen: i32): i32 {
  if (!inScratch(pkPtr, pkLen) || !inScratch(sigPtr, sigLen)) return ERR_RANGE;
  ed25519StreamStart(<usize>pkPtr, <usize>pkLen, <usize>sigPtr, <usize>sigLen);
  return STATUS_OK;
}

export function ed25519VerifyUpdate(msgPtr: i32, msgLen: i32): i32 {
  if (!ed25519StreamActive()) return ERR_STATE;
  if (!inScratch(msgPtr, msgLen)) return ERR_RANGE;
  ed25519StreamUpdate(<usize>msgPtr, <usize>msgLen);
  return STATUS_OK;
}

/** 1 valid, 0 invalid, ERR_STATE without a started verification. */
export function ed25519VerifyFinish(): i32 {
  if (!ed25519StreamActive()) return ERR_STATE;
  return ed25519StreamFinish() ? 1 : 0;
}

/**
 * Diagnostics: decodes 32 bytes at inPtr as a curve point with the verifier's
 * lenient rules. Returns 0 (not a point), 1 (a point) or 2 (a point of small
 * order), writing the canonical encoding to out[0..32) when it is a point.
 */
export function ed25519InspectPoint(inPtr: i32, outPtr: i32): i32 {
  if (!inScratch(inPtr, 32) || !inScratch(outPtr, 32)) return ERR_RANGE;
  return pointInspect(<usize>inPtr, <usize>outPtr);
}
