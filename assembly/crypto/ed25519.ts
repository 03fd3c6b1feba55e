// Ed25519 signature verification with exactly the acceptance rules of
// ed25519-dalek 2.x `VerifyingKey::verify_strict`:
//
//   1. the key is 32 bytes and the signature 64 bytes (R || s);
//   2. s < L (non-canonical s is rejected, no reduction);
//   3. A (the key) and R decode leniently, as CompressedEdwardsY::decompress
//      does: y >= p is accepted and reduced, x = 0 with the sign bit set is
//      accepted; a y with no matching x is rejected;
//   4. A and R are rejected when they have small order ([8]P = O); points of
//      mixed order are NOT rejected (no prime-order subgroup check);
//   5. k = SHA-512(R_bytes || A_bytes || M) mod L, over the bytes as received;
//   6. accept iff compress([s]B - [k]A) equals the received R bytes.
//
// Step 6 is evaluated without compressing: the compression of a point is
// always canonical, so the bytes match iff R's encoding is canonical (y < p,
// and not x = 0 with the sign bit, which only the small-order points with
// y = +-1 could produce) and [s]B - [k]A - R is the identity. That identity
// test is done on ~128-bit scalars, see lattice.ts; the test stays exact
// (cofactorless) for keys and R of any order.
//
// No secret ever enters this code: it is variable-time throughout.

import { SHA512_STATE_SIZE, sha512Init, sha512Update, sha512Final, sha512Digest3 } from './sha512';
import { scIsCanonical, scReduce64, scMul, scWnaf } from './scalar';
import { splitScalar, SPLIT_C0_NEGATIVE } from './lattice';
import {
  POINT_SIZE, pointDecode, pointDecodePair, pointHasSmallOrder, pointEncode,
  buildOddMultiples, multiScalarIsIdentity,
} from './edwards';
import { BASE_WINDOW } from './ed25519-tables';
import {
  KEY_WINDOW, KEY_TABLE_POINTS, ENTRY_VALID, ENTRY_REJECTED,
  keyCacheFind, keyCacheState, keyCacheTable, keyCacheInsert,
} from './key-cache';

export const PUBLIC_KEY_SIZE: i32 = 32;
export const SIGNATURE_SIZE: i32 = 64;

/**
 * Signed-digit window for R: 4 odd multiples, built per signature. A uses
 * KEY_WINDOW (8 odd multiples), as its table is kept in the key cache.
 */
const WINDOW_R: i32 = 4;
const TABLE_COUNT_R: i32 = 1 << (WINDOW_R - 2);

// Working storage (static: the module owns no heap).
const POINT_A: usize = memory.data(<i32>POINT_SIZE, 16);
const POINT_R: usize = memory.data(<i32>POINT_SIZE, 16);
const TABLE_R: usize = memory.data(<i32>POINT_SIZE * TABLE_COUNT_R, 16);
const HASH: usize = memory.data(64, 16);
const K: usize = memory.data(32, 16);
const C0: usize = memory.data(32, 16);
const C1: usize = memory.data(32, 16);
const T_FULL: usize = memory.data(32, 16);
const T_LO: usize = memory.data(32, 16);
const T_HI: usize = memory.data(32, 16);
const NAF_B: usize = memory.data(256, 16);
const NAF_B128: usize = memory.data(256, 16);
const NAF_A: usize = memory.data(256, 16);
const NAF_R: usize = memory.data(256, 16);

// Streaming verification keeps copies of the key and signature.
const STREAM_STATE: usize = memory.data(<i32>SHA512_STATE_SIZE, 16);
const STREAM_KEY: usize = memory.data(32, 16);
const STREAM_SIG: usize = memory.data(64, 16);
let streamActive = false;
let streamLengthsOk = false;

/** False when the 255-bit y in s is >= p (a non-canonical field encoding). */
function isCanonicalY(s: usize): bool {
  if ((load<u8>(s, 31) & 0x7f) != 0x7f) return true;
  for (let i: usize = 1; i < 31; i++) {
    if (load<u8>(s + i) != 0xff) return true;
  }
  return load<u8>(s) < 0xed;
}

/**
 * Steps 2-4 (and the canonical-R part of 6). On success R is decoded into
 * POINT_R and the address of A's odd-multiples table is returned; 0 means
 * reject. Keys come from the cache when seen before (see key-cache.ts).
 */
function checkEncodings(key: usize, sig: usize): usize {
  if (!scIsCanonical(sig + 32)) return 0;
  if (!isCanonicalY(sig)) return 0;
  const slot = keyCacheFind(key);
  if (slot >= 0) {
    if (keyCacheState(slot) != ENTRY_VALID) return 0;
    if (!pointDecode(POINT_R, sig) || pointHasSmallOrder(POINT_R)) return 0;
    return keyCacheTable(slot);
  }
  // New key: decode A and R together (their square roots share SIMD lanes).
  const decoded = pointDecodePair(POINT_A, key, POINT_R, sig);
  if ((decoded & 1) == 0 || pointHasSmallOrder(POINT_A)) {
    keyCacheInsert(key, ENTRY_REJECTED);
    return 0;
  }
  const table = keyCacheTable(keyCacheInsert(key, ENTRY_VALID));
  buildOddMultiples(table, POINT_A, KEY_TABLE_POINTS);
  if ((decoded & 2) == 0 || pointHasSmallOrder(POINT_R)) return 0;
  return table;
}

/**
 * Steps 2-6 given h = SHA-512(R || A || M). `key` is 32 bytes, `sig` 64.
 */
export function verifyWithDigest(key: usize, sig: usize, h: usize): bool {
  const tableA = checkEncodings(key, sig);
  if (tableA == 0) return false;
  scReduce64(K, h);

  // Short (c0, c1) with c0 = c1 * k (mod 8L), c1 odd; then
  // [c1]([s]B - [k]A - R) = [t]B - [c0]A - [c1]R with t = c1 * s mod L.
  const flags = splitScalar(C0, C1, K);
  scMul(T_FULL, C1, sig + 32);
  // [t]B = [t mod 2^128]B + [t >> 128]([2^128]B), using two base tables.
  store<u64>(T_LO, load<u64>(T_FULL, 0), 0);
  store<u64>(T_LO, load<u64>(T_FULL, 8), 8);
  store<u64>(T_LO, 0, 16);
  store<u64>(T_LO, 0, 24);
  store<u64>(T_HI, load<u64>(T_FULL, 16), 0);
  store<u64>(T_HI, load<u64>(T_FULL, 24), 8);
  store<u64>(T_HI, 0, 16);
  store<u64>(T_HI, 0, 24);

  let top = scWnaf(NAF_B, T_LO, BASE_WINDOW);
  top = max(top, scWnaf(NAF_B128, T_HI, BASE_WINDOW));
  top = max(top, scWnaf(NAF_A, C0, KEY_WINDOW));
  top = max(top, scWnaf(NAF_R, C1, WINDOW_R));

  buildOddMultiples(TABLE_R, POINT_R, TABLE_COUNT_R);
  // -[c0]A: subtract |c0| A, or add it when c0 is negative.
  const signA = (flags & SPLIT_C0_NEGATIVE) != 0 ? 1 : -1;
  return multiScalarIsIdentity(NAF_B, NAF_B128, NAF_A, tableA, signA, NAF_R, TABLE_R, -1, top);
}

/** One-shot verification of a message held in memory. */
export function ed25519VerifyRaw(
  key: usize, keyLen: usize, sig: usize, sigLen: usize, msg: usize, msgLen: usize,
): bool {
  if (keyLen != <usize>PUBLIC_KEY_SIZE || sigLen != <usize>SIGNATURE_SIZE) return false;
  if (!scIsCanonical(sig + 32)) return false; // cheap rejection before hashing
  sha512Digest3(HASH, sig, 32, key, 32, msg, msgLen);
  return verifyWithDigest(key, sig, HASH);
}

// ---------------------------------------------------------------------------
// Streaming verification, for messages fed in pieces.

/** Starts a streamed verification; wrong lengths make the final result false. */
export function ed25519StreamStart(key: usize, keyLen: usize, sig: usize, sigLen: usize): void {
  streamActive = true;
  streamLengthsOk = keyLen == <usize>PUBLIC_KEY_SIZE && sigLen == <usize>SIGNATURE_SIZE;
  if (!streamLengthsOk) return;
  memory.copy(STREAM_KEY, key, 32);
  memory.copy(STREAM_SIG, sig, 64);
  sha512Init(STREAM_STATE);
  sha512Update(STREAM_STATE, STREAM_SIG, 32);
  sha512Update(STREAM_STATE, STREAM_KEY, 32);
}

/** Feeds the next piece of the message; false when no stream is active. */
export function ed25519StreamUpdate(msg: usize, msgLen: usize): bool {
  if (!streamActive) return false;
  if (streamLengthsOk) sha512Update(STREAM_STATE, msg, msgLen);
  return true;
}

export function ed25519StreamActive(): bool {
  return streamActive;
}

/** Ends the stream and returns the verdict (false when none was active). */
export function ed25519StreamFinish(): bool {
  if (!streamActive) return false;
  streamActive = false;
  if (!streamLengthsOk) return false;
  sha512Final(STREAM_STATE, HASH);
  return verifyWithDigest(STREAM_KEY, STREAM_SIG, HASH);
}

// ---------------------------------------------------------------------------
// Key checks outside a signature

/**
 * Whether `key` (32 bytes) is a key verification can accept: it decodes and
 * has no small order (steps 3-4 for A). A holder key checked here is usually
 * about to verify something itself (the next link, or a proof of
 * possession), so the decoded key goes into the cache for that verification
 * instead of being thrown away.
 */
export function keyIsUsable(key: usize): bool {
  const slot = keyCacheFind(key);
  if (slot >= 0) return keyCacheState(slot) == ENTRY_VALID;
  if (!pointDecode(POINT_A, key) || pointHasSmallOrder(POINT_A)) {
    keyCacheInsert(key, ENTRY_REJECTED);
    return false;
  }
  buildOddMultiples(keyCacheTable(keyCacheInsert(key, ENTRY_VALID)), POINT_A, KEY_TABLE_POINTS);
  return true;
}

// ---------------------------------------------------------------------------
// Diagnostics (used by tests)

/**
 * Decodes 32 bytes as a point the way verification does. Returns 0 when they
 * encode no point; otherwise writes the canonical re-encoding to `out` and
 * returns 1, or 2 when the point has small order.
 */
export function pointInspect(input: usize, out: usize): i32 {
  if (!pointDecode(POINT_A, input)) return 0;
  pointEncode(out, POINT_A);
  return pointHasSmallOrder(POINT_A) ? 2 : 1;
}
