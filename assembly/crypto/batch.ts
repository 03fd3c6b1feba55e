// Ed25519 batch verification under the ed25519-dalek 2.x `verify_strict`
// rules (see ed25519.ts for the single verifier).
//
// Per-item pre-checks
// -------------------
// Every item first passes exactly the checks of the single verifier, and an
// item that fails one is invalid without entering the combination:
//   - key 32 bytes, signature 64 bytes (R || s);
//   - s < L;
//   - R's y below p (the single verifier compares compress([s]B - [k]A)
//     with the received R bytes, which only a canonical encoding can match;
//     the other non-canonical form, x = 0 with the sign bit, belongs to a
//     small-order point and is rejected below);
//   - A and R decode leniently (pointDecode/pointDecodePair, the single
//     verifier's decoder) and neither has small order.
// Then k_i = SHA-512(R_i || A_i || M_i) mod L over the bytes as received.
//
// The batch equation
// ------------------
// With the residual P_i = [s_i]B - [k_i]A_i - R_i (single verification
// accepts iff P_i is the identity O) and 128-bit random z_i from the host's
// CSPRNG, the batch accepts iff
//
//     [-(sum z_i s_i) mod L]B + sum_i [z_i]R_i + sum_keys [(sum z_i k_i) mod 8L]A
//
// is O, i.e. iff sum_i z_i P_i = O (cofactorless; no multiplication by 8).
// Items under the same key bytes share one A term. The A scalars are
// reduced modulo 8L, not L: the curve group has order 8L, so [x mod 8L]A =
// [x]A even for keys with a torsion component (verify_strict accepts such
// keys), and the combination equals sum z_i P_i exactly. B has order L.
//
// Relation to single verify_strict
// --------------------------------
// - Every item that single verification accepts has P_i = O, so it never
//   makes the batch fail: a batch of valid items is always accepted.
// - An item with P_i != O is caught unless sum z_i P_i = O by accident.
//   Write P_i = Q_i + T_i (Q_i in the prime-order subgroup, T_i in the
//   8-torsion). If some Q_j != O, then for fixed other z's at most one value
//   of z_j mod L works: probability <= 2^-128.
//   If every faulty P_i is a small-order point T_i (this needs s_i chosen
//   with knowledge of the discrete logarithm of A's prime-order part, so
//   only the key holder can construct it), the torsion parts cancel iff
//   sum z_i t_i = 0 mod 8 (T_i = [t_i]T8 for a generator T8 of the
//   cyclic 8-torsion), which for uniform z has probability 1/ord, ord the
//   largest order among the T_i: at most 1/8 when a residual of order 8 is
//   present (e.g. R' = R + T8 signed over R'), 1/4 for order 4, 1/2 for
//   order 2. (The chain path's reference, dalek's verify_batch, multiplies
//   by the cofactor and accepts these always.) When the batch accepts, its
//   items are reported valid, so such a key-holder-made signature can be
//   reported valid with that probability, although verify_strict rejects it.
// - Otherwise (A and R checked not small-order, s < L) the decisions agree:
//   when the batch equation fails, bisection (below) ends every faulty
//   branch in single verify_strict calls, so an item is reported invalid
//   only when verify_strict rejects it, and valid only when verify_strict
//   accepts it or a batch containing it passed.
//
// Failure localisation
// --------------------
// On failure the item range is halved and each half rechecked with the same
// z's (decoded points and hashes are reused). The evaluation is linear in
// the items (thanks to the mod 8L above), so when a range fails and its left
// half passes, the right half must fail and is split without rechecking it.
// Ranges of one item use the single verifier (ed25519VerifyRaw), so results
// equal verify_strict there. Sub-batch checks stop after BISECT_BUDGET
// items' worth per item (many faulty items); the rest are then verified one
// by one, which bounds the work on an all-bad batch.
//
// Memory: no heap. Per-call state lives in a caller-provided work region
// (inside the scratch area, batchWorkSize(count) bytes); small fixed
// buffers are static.

import { scIsCanonical, scReduce64 } from './scalar';
import { sha512Digest3 } from './sha512';
import { POINT_SIZE, pointDecode, pointDecodePair, pointHasSmallOrder } from './edwards';
import { ed25519VerifyRaw } from './ed25519';
import { ACC_SIZE, mulAcc128x256, reduceMod8L, negateModL } from './batch-scalar';
import {
  NIELS_SIZE, PT_SIZE, PT_NIELS, PT_SCALAR, STRAUS_MAX,
  msmWorkSize, msmConfigure, msmIsIdentity, nielsFromAffine,
} from './batch-msm';

/** Most items per call. */
export const BATCH_MAX: i32 = 1024;
/** Bytes per item-table entry: keyPtr, keyLen, sigPtr, sigLen, msgPtr, msgLen (u32 each). */
export const BATCH_ENTRY_SIZE: i32 = 24;
/** Bytes of random input per item (the 128-bit z_i). */
export const BATCH_RANDOM_SIZE: i32 = 16;

/**
 * Batches this small are checked item by item with the single verifier: the
 * combination needs ~255 doublings however few items it has, the single
 * verifier ~128 per item (measured: two singles cost about as much as a
 * batch of two).
 */
const SINGLE_MAX: i32 = 2;
/** Bisection ranges this small are resolved item by item. */
const LEAF_MAX: i32 = 1;
/**
 * Bisection budget, in items evaluated by sub-batch checks per item of the
 * batch. A check costs about a third of a single verification per item, and
 * each faulty item costs checks of about n items in total, so bisection pays
 * off for a few faulty items only; once the budget is spent, the remaining
 * undecided items are verified one by one. This bounds the total work on a
 * batch of all-bad signatures to a small multiple of verifying them singly.
 */
const BISECT_BUDGET: i32 = 4;

// Item records (compacted list of items that passed the pre-checks).
const ITEM_SIZE: usize = 48;
const ITEM_ORIG: usize = 0;    // u32 index in the input table
const ITEM_GROUP: usize = 4;   // u32 key group
const ITEM_NIELS: usize = 8;   // u32 address of R's Niels form
const ITEM_OK: usize = 12;     // u32 1 while R decoded fine
const ITEM_K: usize = 16;      // 32-byte k = H(R || A || M) mod L

// Key groups (distinct key byte strings).
const GROUP_SIZE: usize = 80;
const GROUP_KEY: usize = 0;    // u32 address of the key bytes
const GROUP_STAMP: usize = 4;  // u32 last evaluation that touched the group
const GROUP_STATE: usize = 8;  // u32 0 = valid, 1 = rejected (no point / small order)
const GROUP_ACC: usize = 16;   // 64-byte accumulator of sum z_i k_i

const RESULT_VALID: u8 = 1;

// Work layout for the current call (addresses).
let resArea: usize = 0;
let hashArea: usize = 0;
let hashMask: u32 = 0;
let itemArea: usize = 0;
let groupArea: usize = 0;
let nielsRArea: usize = 0;
let nielsAArea: usize = 0;
let activeArea: usize = 0;
let ptsArea: usize = 0;
let msmArea: usize = 0;

// Inputs of the current call.
let entries: usize = 0;
let randoms: usize = 0;
let stamp: u32 = 0;
/** Items that sub-batch checks may still evaluate (see BISECT_BUDGET). */
let budget: i32 = 0;

// Diagnostics.
let statChecks = 0;
let statSingles = 0;

const DEC_A: usize = memory.data(<i32>POINT_SIZE, 16);
const DEC_B: usize = memory.data(<i32>POINT_SIZE, 16);
const HASH: usize = memory.data(64, 16);
const Z: usize = memory.data(32, 16);
const ACC_B: usize = memory.data(<i32>ACC_SIZE, 16);
const SCALAR_B: usize = memory.data(32, 16);

// @ts-ignore: decorator
@inline function align16(x: usize): usize {
  return (x + 15) & ~<usize>15;
}

function hashSlots(count: i32): u32 {
  let slots: u32 = 16;
  while (slots < <u32>count * 2) slots <<= 1;
  return slots;
}

/**
 * Lays out the work region for `count` items from `base` and returns its
 * size in bytes (offsets are rounded relative to `base`, so the size does
 * not depend on its alignment).
 */
function layout(base: usize, count: i32): usize {
  const n = <usize>count;
  const points = count * 2;
  const slots = hashSlots(count);
  let at: usize = 0;
  resArea = base + at; at = align16(at + n);
  hashArea = base + at; at += <usize>slots * 4; hashMask = slots - 1;
  itemArea = base + at; at += n * ITEM_SIZE;
  groupArea = base + at; at += n * GROUP_SIZE;
  nielsRArea = base + at; at += n * NIELS_SIZE;
  nielsAArea = base + at; at += n * NIELS_SIZE;
  activeArea = base + at; at = align16(at + n * 4);
  ptsArea = base + at; at += <usize>points * PT_SIZE;
  msmArea = base + at; at += msmWorkSize(points, min(points, STRAUS_MAX));
  return at;
}

/** Bytes of work region a call with `count` items needs (0 < count <= BATCH_MAX). */
export function batchWorkSize(count: i32): i32 {
  if (count <= 0) return 0;
  return <i32>layout(0, count);
}

// ---------------------------------------------------------------------------
// Item access

// @ts-ignore: decorator
@inline function entryField(i: i32, field: usize): usize {
  return <usize>load<u32>(entries + <usize>i * <usize>BATCH_ENTRY_SIZE + (field << 2));
}

function singleVerify(i: i32): bool {
  statSingles++;
  return ed25519VerifyRaw(
    entryField(i, 0), entryField(i, 1), entryField(i, 2), entryField(i, 3), entryField(i, 4), entryField(i, 5),
  );
}

/** False when the 255-bit y in s is >= p (a non-canonical encoding). */
function isCanonicalY(s: usize): bool {
  if ((load<u8>(s, 31) & 0x7f) != 0x7f) return true;
  for (let i: usize = 1; i < 31; i++) {
    if (load<u8>(s + i) != 0xff) return true;
  }
  return load<u8>(s) < 0xed;
}

// ---------------------------------------------------------------------------
// Key groups

let groupCount = 0;

/** The group of the 32 key bytes at `key`, created when new. */
function groupOf(key: usize): i32 {
  const k0 = load<u64>(key, 0), k1 = load<u64>(key, 8), k2 = load<u64>(key, 16), k3 = load<u64>(key, 24);
  let h = <u32>((k0 ^ (k1 >> 7) ^ (k2 >> 13) ^ (k3 >> 29)) * 0x9e3779b97f4a7c15 >> 40);
  while (true) {
    const slot = hashArea + (<usize>(h & hashMask) << 2);
    const v = load<u32>(slot);
    if (v == 0) {
      const g = groupCount++;
      store<u32>(slot, <u32>g + 1);
      const rec = groupArea + <usize>g * GROUP_SIZE;
      store<u32>(rec + GROUP_KEY, <u32>key);
      store<u32>(rec + GROUP_STAMP, 0);
      store<u32>(rec + GROUP_STATE, 0);
      return g;
    }
    const g = <i32>v - 1;
    const other = <usize>load<u32>(groupArea + <usize>g * GROUP_SIZE + GROUP_KEY);
    if (load<u64>(other, 0) == k0 && load<u64>(other, 8) == k1 && load<u64>(other, 16) == k2 && load<u64>(other, 24) == k3) {
      return g;
    }
    h++;
  }
}

// ---------------------------------------------------------------------------
// Decoding

/** Decode job j: groups first (their keys), then items (their R). */
function jobEncoding(j: i32): usize {
  if (j < groupCount) return <usize>load<u32>(groupArea + <usize>j * GROUP_SIZE + GROUP_KEY);
  return entryField(<i32>load<u32>(itemArea + <usize>(j - groupCount) * ITEM_SIZE + ITEM_ORIG), 2);
}

/** Records the outcome of decode job j from the decoded point p (valid when ok). */
function jobFinish(j: i32, p: usize, ok: bool): void {
  ok = ok && !pointHasSmallOrder(p);
  if (j < groupCount) {
    const rec = groupArea + <usize>j * GROUP_SIZE;
    store<u32>(rec + GROUP_STATE, ok ? 0 : 1);
    if (ok) nielsFromAffine(nielsAArea + <usize>j * NIELS_SIZE, p);
  } else {
    const t = j - groupCount;
    const rec = itemArea + <usize>t * ITEM_SIZE;
    store<u32>(rec + ITEM_OK, ok ? 1 : 0);
    if (ok) nielsFromAffine(nielsRArea + <usize>t * NIELS_SIZE, p);
  }
}

/** Decodes every key and every R, two at a time (they share SIMD lanes). */
function decodeAll(items: i32): void {
  const jobs = groupCount + items;
  let j = 0;
  for (; j + 1 < jobs; j += 2) {
    const mask = pointDecodePair(DEC_A, jobEncoding(j), DEC_B, jobEncoding(j + 1));
    jobFinish(j, DEC_A, (mask & 1) != 0);
    jobFinish(j + 1, DEC_B, (mask & 2) != 0);
  }
  if (j < jobs) jobFinish(j, DEC_A, pointDecode(DEC_A, jobEncoding(j)));
}

// ---------------------------------------------------------------------------
// Evaluation of the batch equation over a range of items

/** True when sum z_i P_i = O over the compacted items [lo, hi). */
function checkRange(lo: i32, hi: i32): bool {
  statChecks++;
  stamp++;
  memory.fill(ACC_B, 0, ACC_SIZE);
  let np = 0;
  let active = 0;
  for (let t = lo; t < hi; t++) {
    const rec = itemArea + <usize>t * ITEM_SIZE;
    const orig = <i32>load<u32>(rec + ITEM_ORIG);
    // z_i (a zero draw, probability 2^-128, would skip the item: use 1).
    memory.copy(Z, randoms + <usize>orig * <usize>BATCH_RANDOM_SIZE, 16);
    if ((load<u64>(Z, 0) | load<u64>(Z, 8)) == 0) store<u8>(Z, 1);
    mulAcc128x256(ACC_B, Z, entryField(orig, 2) + 32);
    const g = <i32>load<u32>(rec + ITEM_GROUP);
    const grec = groupArea + <usize>g * GROUP_SIZE;
    if (load<u32>(grec + GROUP_STAMP) != stamp) {
      store<u32>(grec + GROUP_STAMP, stamp);
      memory.fill(grec + GROUP_ACC, 0, ACC_SIZE);
      store<u32>(activeArea + (<usize>(active++) << 2), <u32>g);
    }
    mulAcc128x256(grec + GROUP_ACC, Z, rec + ITEM_K);
    const pt = ptsArea + <usize>(np++) * PT_SIZE;
    store<u32>(pt + PT_NIELS, load<u32>(rec + ITEM_NIELS));
    memory.copy(pt + PT_SCALAR, Z, 16);
    memory.fill(pt + PT_SCALAR + 16, 0, 16);
  }
  for (let a = 0; a < active; a++) {
    const g = <usize>load<u32>(activeArea + (<usize>a << 2));
    const pt = ptsArea + <usize>(np++) * PT_SIZE;
    store<u32>(pt + PT_NIELS, <u32>(nielsAArea + g * NIELS_SIZE));
    reduceMod8L(pt + PT_SCALAR, groupArea + g * GROUP_SIZE + GROUP_ACC);
  }
  scReduce64(SCALAR_B, ACC_B);
  negateModL(SCALAR_B, SCALAR_B);
  return msmIsIdentity(ptsArea, np, SCALAR_B);
}

function markValid(lo: i32, hi: i32): void {
  for (let t = lo; t < hi; t++) {
    const orig = load<u32>(itemArea + <usize>t * ITEM_SIZE + ITEM_ORIG);
    store<u8>(resArea + <usize>orig, RESULT_VALID);
  }
}

function resolveSingles(lo: i32, hi: i32): void {
  for (let t = lo; t < hi; t++) {
    const orig = <i32>load<u32>(itemArea + <usize>t * ITEM_SIZE + ITEM_ORIG);
    store<u8>(resArea + <usize>orig, singleVerify(orig) ? RESULT_VALID : 0);
  }
}

/**
 * Decides the items [lo, hi). `knownBad`: the range's combination is
 * already known not to vanish (so it is split without rechecking).
 */
function resolve(lo: i32, hi: i32, knownBad: bool): void {
  const n = hi - lo;
  if (n <= LEAF_MAX || (!knownBad && budget < n)) {
    resolveSingles(lo, hi);
    return;
  }
  if (!knownBad) {
    budget -= n;
    if (checkRange(lo, hi)) {
      markValid(lo, hi);
      return;
    }
  }
  const mid = lo + (n >> 1);
  let leftOk: bool;
  if (mid - lo <= LEAF_MAX || budget < mid - lo) {
    resolveSingles(lo, mid);
    // All-valid left items have zero residuals, which proves the right half
    // faulty; otherwise nothing is known about it.
    leftOk = true;
    for (let t = lo; t < mid; t++) {
      const orig = load<u32>(itemArea + <usize>t * ITEM_SIZE + ITEM_ORIG);
      if (load<u8>(resArea + <usize>orig) != RESULT_VALID) leftOk = false;
    }
  } else {
    budget -= mid - lo;
    leftOk = checkRange(lo, mid);
    if (leftOk) markValid(lo, mid);
    else resolve(lo, mid, true);
  }
  resolve(mid, hi, leftOk);
}

// ---------------------------------------------------------------------------
// Entry point

/**
 * Verifies `count` items (1 <= count <= BATCH_MAX). `table` holds count
 * entries of six u32 (keyPtr, keyLen, sigPtr, sigLen, msgPtr, msgLen),
 * `rand` 16 * count random bytes, `work` batchWorkSize(count) bytes that
 * overlap no input. Writes one byte per item to `out` (1 valid, 0 invalid)
 * and returns the number of valid items. The caller has checked all
 * addresses.
 */
export function batchVerify(table: usize, count: i32, rand: usize, out: usize, work: usize): i32 {
  entries = table;
  randoms = rand;
  statChecks = 0;
  statSingles = 0;
  layout(work, count);
  memory.fill(resArea, 0, <usize>count);

  if (count <= SINGLE_MAX) {
    for (let i = 0; i < count; i++) store<u8>(resArea + <usize>i, singleVerify(i) ? RESULT_VALID : 0);
    return finish(out, count);
  }

  // Pre-checks that need no decoding; group the keys.
  memory.fill(hashArea, 0, (<usize>hashMask + 1) << 2);
  groupCount = 0;
  let m = 0;
  for (let i = 0; i < count; i++) {
    if (entryField(i, 1) != 32 || entryField(i, 3) != 64) continue;
    const sig = entryField(i, 2);
    if (!scIsCanonical(sig + 32) || !isCanonicalY(sig)) continue;
    const rec = itemArea + <usize>m * ITEM_SIZE;
    store<u32>(rec + ITEM_ORIG, <u32>i);
    store<u32>(rec + ITEM_GROUP, <u32>groupOf(entryField(i, 0)));
    m++;
  }

  // Decode keys and R; keep the items whose points pass, and hash them.
  decodeAll(m);
  let kept = 0;
  for (let t = 0; t < m; t++) {
    const rec = itemArea + <usize>t * ITEM_SIZE;
    if (load<u32>(rec + ITEM_OK) == 0) continue;
    const g = <usize>load<u32>(rec + ITEM_GROUP);
    if (load<u32>(groupArea + g * GROUP_SIZE + GROUP_STATE) != 0) continue;
    const orig = <i32>load<u32>(rec + ITEM_ORIG);
    const dst = itemArea + <usize>kept * ITEM_SIZE;
    store<u32>(dst + ITEM_ORIG, <u32>orig);
    store<u32>(dst + ITEM_GROUP, <u32>g);
    store<u32>(dst + ITEM_NIELS, <u32>(nielsRArea + <usize>t * NIELS_SIZE));
    sha512Digest3(HASH, entryField(orig, 2), 32, entryField(orig, 0), 32, entryField(orig, 4), entryField(orig, 5));
    scReduce64(dst + ITEM_K, HASH);
    kept++;
  }
  if (kept > 0) {
    msmConfigure(msmArea, kept * 2, min(kept * 2, STRAUS_MAX));
    stamp = 0;
    budget = kept * (BISECT_BUDGET + 1); // the first check is on all items
    resolve(0, kept, false);
  }
  return finish(out, count);
}

function finish(out: usize, count: i32): i32 {
  let valid = 0;
  for (let i = 0; i < count; i++) {
    const r = load<u8>(resArea + <usize>i);
    store<u8>(out + <usize>i, r);
    valid += r;
  }
  return valid;
}

/** Diagnostics of the last call: batch evaluations << 16 | single verifications. */
export function batchLastStats(): i32 {
  return (min(statChecks, 0xffff) << 16) | min(statSingles, 0xffff);
}
