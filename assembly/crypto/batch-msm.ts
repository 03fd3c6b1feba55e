// Multi-scalar multiplication for Ed25519 batch verification (batch.ts):
// decides whether [b]B + sum_j [e_j]P_j is the identity, where B is the
// base point, b < L, and the P_j are decoded points with 256-bit scalars.
//
// Methods
// -------
// One doubling chain runs from the top bit down to bit 0. On it:
//   - B is added from the static table of its odd multiples (width-8 NAF,
//     affine "Niels" entries, ~28 additions for a 253-bit b);
//   - "Straus" points get a table of 8 odd multiples (P, 3P, ..., 15P as
//     Cached points) and are added at the nonzero digits of their width-5
//     NAF: ~bits/6 additions each plus ~8 to build the table;
//   - "bucket" points (Pippenger's method) are sorted into 2^(c-1) buckets
//     per c-bit window by their signed radix-2^c digits (one mixed addition
//     each per window); each window's buckets are summed into sum j*S_j and
//     that window sum is added to the chain at bit c*window.
// Straus costs nothing beyond the points themselves, so it wins for few
// points; buckets cost ~bits/c additions per point but a fixed ~2^c
// additions per window, so they win for many. planMsm() picks, per call,
// the cheapest by a cost model (constants below, measured with callgrind)
// of: all Straus (at most STRAUS_MAX points); all buckets; buckets for the
// short (128-bit z_i) scalars with Straus for the long (merged key)
// scalars. For n signatures under distinct keys (2n + 1 points) this gives
// all Straus up to n = 32, R's in buckets (c = 5) with Straus for the keys
// up to n ~ 90, all buckets (c = 6, 7) beyond; under one key, Straus up to
// n = 63, then R's in buckets (c = 5 to 7) with the key by Straus.
//
// Points are stored affine as Niels triples (y + x, y - x, 2dxy), 240
// bytes, carried limbs. A bucket starts as its first point in completed
// (P1P1) form, which costs no multiplication. Straus tables, digits and
// buckets live in a work region the caller provides (msmConfigure); the
// accumulators are static here.

import { FE_SIZE, feAdd, feSub, feMul, feCarry, feZero, feOne, feIsZero, feEqual } from './field';
import {
  POINT_SIZE, p1p1ToP2, p1p1ToP3, p3ToCached, pointDouble, pointAddCached, pointAddNiels,
  buildOddMultiples,
} from './edwards';
import { BASE_TABLE, BASE_ENTRY_SIZE, FE_D2 } from './ed25519-tables';
import { wnaf256, radixDigits, bitLength256 } from './batch-scalar';

/** Bytes of an affine Niels point (y+x, y-x, 2dxy). */
export const NIELS_SIZE: usize = 3 * FE_SIZE;

/**
 * A point entry of the MSM input (PT_SIZE bytes):
 *   +0  u32 address of the point's Niels triple
 *   +4  i32 (filled by the MSM) bit length of the scalar
 *   +8  u32 (filled by the MSM) address of its digits
 *   +12 u32 (filled by the MSM) address of its Straus table, 0 = bucket point
 *   +16 scalar, 32 bytes little-endian (any 256-bit value)
 */
export const PT_SIZE: usize = 48;
export const PT_NIELS: usize = 0;
export const PT_SCALAR: usize = 16;
const PT_BITS: usize = 4;
const PT_DIGITS: usize = 8;
const PT_TABLE: usize = 12;

/** Straus: width-5 NAF, tables of 8 odd multiples. */
const STRAUS_W: i32 = 5;
const STRAUS_TABLE_POINTS: i32 = 1 << (STRAUS_W - 2);
export const STRAUS_TABLE_SIZE: usize = <usize>STRAUS_TABLE_POINTS * POINT_SIZE;
/** Bytes of one point's NAF digits (257 used). */
export const NAF_STRIDE: usize = 272;
/** Bytes of one bucket point's radix digits (at most 65 used, c >= 4). */
export const RADIX_STRIDE: usize = 72;
/** Window widths tried for the bucket method. */
const C_MIN: i32 = 4;
export const C_MAX: i32 = 8;
/** Bytes of the bucket array (2^(C_MAX-1) P1P1 points). */
export const BUCKETS_SIZE: usize = (<usize>1 << <usize>(C_MAX - 1)) * POINT_SIZE;
/** Most Straus points in one evaluation (the tables take 2.8 KB each). */
export const STRAUS_MAX: i32 = 64;

// Cost model, in units of ~100 instructions (relative costs measured with
// callgrind on the built module; the same ratios hold in time to within the
// noise of the shared benchmark machine).
/** Building a Straus table: one doubling and 7 cached additions. */
const COST_STRAUS_TABLE: i32 = 333;
/** A Straus step: cached addition plus the conversion back to extended form. */
const COST_CACHED_ADD: i32 = 38;
/** A mixed (Niels) addition into a bucket, with the conversion. */
const COST_BUCKET_ADD: i32 = 31;
/** Per bucket and window: adding the running sum into the window sum. */
const COST_BUCKET_TOTAL: i32 = 32;
/**
 * Per occupied bucket and window: adding it into the running sum, less the
 * addition its first point did not need (it was copied in).
 */
const COST_BUCKET_OCCUPIED: i32 = 23;

/** Scalars with more bits than this are "long" (the merged key scalars). */
const LONG_BITS: i32 = 160;

// Work region layout (set by msmConfigure).
let nafArea: usize = 0;        // strausCap * NAF_STRIDE
let radixArea: usize = 0;      // pointCap * RADIX_STRIDE
let tableArea: usize = 0;      // strausCap * STRAUS_TABLE_SIZE
let bucketArea: usize = 0;     // BUCKETS_SIZE
let strausCap: i32 = 0;
let pointCap: i32 = 0;

// Static working storage.
const ACC: usize = memory.data(<i32>POINT_SIZE, 16);   // chain accumulator (P2/P3)
const SUM: usize = memory.data(<i32>POINT_SIZE, 16);   // chain P1P1
const P3_TMP: usize = memory.data(<i32>POINT_SIZE, 16);
const RUN: usize = memory.data(<i32>POINT_SIZE, 16);    // running bucket sum (P3)
const RUN_C: usize = memory.data(<i32>POINT_SIZE, 16);  // ... as Cached
const TOT: usize = memory.data(<i32>POINT_SIZE, 16);    // window sum (P3)
const TOT_C: usize = memory.data(<i32>POINT_SIZE, 16);
const AGG_SUM: usize = memory.data(<i32>POINT_SIZE, 16);
const OCCUPIED: usize = memory.data(1 << (C_MAX - 1), 16);
const NAF_B: usize = memory.data(<i32>NAF_STRIDE, 16);
const FE_TWO: usize = memory.data<i64>([2, 0, 0, 0, 0, 0, 0, 0, 0, 0], 16);
const FE_FOUR: usize = memory.data<i64>([4, 0, 0, 0, 0, 0, 0, 0, 0, 0], 16);
/** Entry addresses of the Straus points of the current evaluation. */
const STRAUS_LIST: usize = memory.data(STRAUS_MAX * 4, 16);

// Coordinate offsets (as in edwards.ts).
const X: usize = 0;
const Y: usize = FE_SIZE;
const Z: usize = 2 * FE_SIZE;
const T: usize = 3 * FE_SIZE;
const NIELS_YPX: usize = 0;
const NIELS_YMX: usize = FE_SIZE;

/** Bytes of work region needed for `points` points with `straus` Straus slots. */
export function msmWorkSize(points: i32, straus: i32): usize {
  return <usize>straus * (NAF_STRIDE + STRAUS_TABLE_SIZE) + <usize>points * RADIX_STRIDE + BUCKETS_SIZE;
}

/** Sets the work region (msmWorkSize(points, straus) bytes at `base`). */
export function msmConfigure(base: usize, points: i32, straus: i32): void {
  straus = min(straus, STRAUS_MAX);
  strausCap = straus;
  pointCap = points;
  nafArea = base;
  tableArea = nafArea + <usize>straus * NAF_STRIDE;
  radixArea = tableArea + <usize>straus * STRAUS_TABLE_SIZE;
  bucketArea = radixArea + <usize>points * RADIX_STRIDE;
}

/** Writes the Niels form of p (P3 with Z = 1, e.g. a decoded point) to out. */
export function nielsFromAffine(out: usize, p: usize): void {
  feAdd(out + NIELS_YPX, p + Y, p + X);
  feCarry(out + NIELS_YPX);
  feSub(out + NIELS_YMX, p + Y, p + X);
  feCarry(out + NIELS_YMX);
  feMul(out + 2 * FE_SIZE, p + T, FE_D2);
}

/**
 * r (P3) = the point of Niels n: with D = (y+x) - (y-x) = 2x and
 * S = (y+x) + (y-x) = 2y, r = (2D : 2S : 4 : D*S).
 */
function p3FromNiels(r: usize, n: usize): void {
  feSub(r + X, n + NIELS_YPX, n + NIELS_YMX);
  feAdd(r + Y, n + NIELS_YPX, n + NIELS_YMX);
  feMul(r + T, r + X, r + Y);
  feAdd(r + X, r + X, r + X);
  feCarry(r + X);
  feAdd(r + Y, r + Y, r + Y);
  feCarry(r + Y);
  memory.copy(r + Z, FE_FOUR, FE_SIZE);
}

/** r (P1P1) = +-(point of Niels n): E = +-D, H = S, G = F = 2 (no multiplication). */
function p1p1FromNiels(r: usize, n: usize, negate: bool): void {
  if (negate) feSub(r + X, n + NIELS_YMX, n + NIELS_YPX);
  else feSub(r + X, n + NIELS_YPX, n + NIELS_YMX);
  feAdd(r + Y, n + NIELS_YPX, n + NIELS_YMX);
  memory.copy(r + Z, FE_TWO, FE_SIZE);
  memory.copy(r + T, FE_TWO, FE_SIZE);
}

// ---------------------------------------------------------------------------
// Planning

/** Number of radix-2^c windows holding the digits of a `bits`-bit scalar (incl. carry). */
// @ts-ignore: decorator
@inline function windowsFor(bits: i32, c: i32): i32 {
  return bits / c + 1;
}

// @ts-ignore: decorator
@inline function strausCost(bits: i32): i32 {
  return COST_STRAUS_TABLE + (bits * COST_CACHED_ADD) / (STRAUS_W + 1);
}

/**
 * Cost of the bucket method with c-bit windows for nShort points with up to
 * shortBits bits and nLong points with up to longBits bits, given the sum of
 * their bit lengths.
 */
function bucketPlanCost(c: i32, nShort: i32, shortBits: i32, nLong: i32, longBits: i32, bitSum: i32): i32 {
  const buckets = 1 << (c - 1);
  const wShort = nShort > 0 ? windowsFor(shortBits, c) : 0;
  const wLong = nLong > 0 ? windowsFor(longBits, c) : 0;
  const wAll = max(wShort, wLong);
  // Additions: about one per c bits of every scalar.
  let cost = ((bitSum + (nShort + nLong) * (c - 1)) / c) * COST_BUCKET_ADD;
  // Window sums: windows below wShort hold every point, the rest the long ones.
  const perWindow = buckets * COST_BUCKET_TOTAL;
  cost += wAll * perWindow;
  cost += wShort * min(buckets, nShort + nLong) * COST_BUCKET_OCCUPIED;
  cost += max(wLong - wShort, 0) * min(buckets, nLong) * COST_BUCKET_OCCUPIED;
  return cost;
}

let planC: i32 = 0;
/** Plan modes. */
const PLAN_STRAUS = 0;
const PLAN_BUCKETS = 1;
const PLAN_HYBRID = 2;
let planMode: i32 = PLAN_STRAUS;

/**
 * Chooses the method for the points (bit lengths already filled in): the
 * cheapest by the cost model of all-Straus (if the points fit the Straus
 * slots), all-buckets, or buckets for the short scalars with Straus for the
 * long ones (if those fit), over window widths C_MIN..C_MAX.
 */
function planMsm(pts: usize, np: i32): void {
  let nLong = 0, nShort = 0;
  let maxLong = 0, maxShort = 0, sumLong = 0, sumShort = 0;
  let costStrausAll = 0, costStrausLong = 0;
  for (let j = 0; j < np; j++) {
    const bits = load<i32>(pts + <usize>j * PT_SIZE + PT_BITS);
    if (bits == 0) continue;
    const straus = strausCost(bits);
    costStrausAll += straus;
    if (bits > LONG_BITS) {
      nLong++;
      maxLong = max(maxLong, bits);
      sumLong += bits;
      costStrausLong += straus;
    } else {
      nShort++;
      maxShort = max(maxShort, bits);
      sumShort += bits;
    }
  }
  let best = i32.MAX_VALUE;
  planMode = PLAN_BUCKETS;
  planC = C_MAX;
  if (nShort + nLong <= strausCap) {
    best = costStrausAll;
    planMode = PLAN_STRAUS;
    planC = 0;
  }
  for (let c = C_MIN; c <= C_MAX; c++) {
    let cost = bucketPlanCost(c, nShort, maxShort, nLong, maxLong, sumShort + sumLong);
    if (cost < best) {
      best = cost;
      planMode = PLAN_BUCKETS;
      planC = c;
    }
    if (nShort > 0 && nLong <= strausCap) {
      cost = costStrausLong + bucketPlanCost(c, nShort, maxShort, 0, 0, sumShort);
      if (cost < best) {
        best = cost;
        planMode = PLAN_HYBRID;
        planC = c;
      }
    }
  }
}

// ---------------------------------------------------------------------------
// Bucket method

let bucketPts: usize = 0;   // address of the point entries
let bucketCount: i32 = 0;   // number of point entries
let windowCount: i32 = 0;   // windows holding a nonzero digit of some bucket point

/**
 * Sums window w of the bucket points into TOT (P3). Returns false when the
 * window sum is the identity by construction (no digits).
 */
function windowSum(w: i32, c: i32): bool {
  const buckets = 1 << (c - 1);
  memory.fill(OCCUPIED, 0, buckets);
  let any = false;
  const at = <usize>w;
  for (let j = 0; j < bucketCount; j++) {
    const entry = bucketPts + <usize>j * PT_SIZE;
    if (load<u32>(entry + PT_TABLE) != 0) continue; // a Straus point
    const d = <i32>load<i8>(<usize>load<u32>(entry + PT_DIGITS) + at);
    if (d == 0) continue;
    const b = abs(d) - 1;
    const bucket = bucketArea + <usize>b * POINT_SIZE;
    const niels = <usize>load<u32>(entry + PT_NIELS);
    if (load<u8>(OCCUPIED + <usize>b) == 0) {
      store<u8>(OCCUPIED + <usize>b, 1);
      p1p1FromNiels(bucket, niels, d < 0);
    } else {
      p1p1ToP3(P3_TMP, bucket);
      pointAddNiels(bucket, P3_TMP, niels, d < 0);
    }
    any = true;
  }
  if (!any) return false;
  // TOT = sum (b+1) S_b as the sum over b of RUN_b = S_b + ... + S_top.
  let haveRun = false, haveTot = false;
  for (let b = buckets - 1; b >= 0; b--) {
    if (load<u8>(OCCUPIED + <usize>b) != 0) {
      const bucket = bucketArea + <usize>b * POINT_SIZE;
      if (!haveRun) {
        p1p1ToP3(RUN, bucket);
        haveRun = true;
      } else {
        p1p1ToP3(P3_TMP, bucket);
        pointAddCached(AGG_SUM, P3_TMP, RUN_C, false);
        p1p1ToP3(RUN, AGG_SUM);
      }
      p3ToCached(RUN_C, RUN);
    }
    if (haveRun) {
      if (!haveTot) {
        memory.copy(TOT, RUN, POINT_SIZE);
        haveTot = true;
      } else {
        pointAddCached(AGG_SUM, TOT, RUN_C, false);
        p1p1ToP3(TOT, AGG_SUM);
      }
    }
  }
  return true;
}

// ---------------------------------------------------------------------------
// The combined evaluation

/**
 * True when [b]B + sum_j [e_j]P_j is the identity. `pts` holds `np` point
 * entries (PT_SIZE bytes each, see above) with the Niels address and scalar
 * filled in; `b` is a 32-byte scalar below 2^253.
 */
export function msmIsIdentity(pts: usize, np: i32, b: usize): bool {
  for (let j = 0; j < np; j++) {
    const entry = pts + <usize>j * PT_SIZE;
    store<i32>(entry + PT_BITS, bitLength256(entry + PT_SCALAR));
  }
  planMsm(pts, np);
  const c = planC > 0 ? planC : C_MAX; // (unused by the all-Straus plan)

  // Digits and tables.
  let top = wnaf256(NAF_B, b, 8);
  let strausUsed = 0;
  let bucketUsed = 0;
  windowCount = 0;
  for (let j = 0; j < np; j++) {
    const entry = pts + <usize>j * PT_SIZE;
    const bits = load<i32>(entry + PT_BITS);
    const straus = planMode == PLAN_STRAUS || (planMode == PLAN_HYBRID && bits > LONG_BITS);
    if (bits == 0) {
      // Zero scalar: contributes nothing (a bucket point without digits).
      const digits = radixArea + <usize>(bucketUsed++) * RADIX_STRIDE;
      memory.fill(digits, 0, RADIX_STRIDE);
      store<u32>(entry + PT_DIGITS, <u32>digits);
      store<u32>(entry + PT_TABLE, 0);
      continue;
    }
    if (straus) {
      const naf = nafArea + <usize>strausUsed * NAF_STRIDE;
      const table = tableArea + <usize>strausUsed * STRAUS_TABLE_SIZE;
      store<u32>(STRAUS_LIST + (<usize>strausUsed << 2), <u32>entry);
      strausUsed++;
      top = max(top, wnaf256(naf, entry + PT_SCALAR, STRAUS_W));
      p3FromNiels(P3_TMP, <usize>load<u32>(entry + PT_NIELS));
      buildOddMultiples(table, P3_TMP, STRAUS_TABLE_POINTS);
      store<u32>(entry + PT_DIGITS, <u32>naf);
      store<u32>(entry + PT_TABLE, <u32>table);
    } else {
      const digits = radixArea + <usize>(bucketUsed++) * RADIX_STRIDE;
      const used = radixDigits(digits, entry + PT_SCALAR, c);
      windowCount = max(windowCount, used);
      store<u32>(entry + PT_DIGITS, <u32>digits);
      store<u32>(entry + PT_TABLE, 0);
    }
  }
  bucketPts = pts;
  bucketCount = bucketUsed > 0 ? np : 0;
  if (windowCount > 0) top = max(top, (windowCount - 1) * c);
  if (top < 0) return true;

  const acc = ACC, sum = SUM;
  feZero(acc + X);
  feOne(acc + Y);
  feOne(acc + Z);
  feZero(acc + T);
  let accIsIdentity = true;
  for (let i = top; i >= 0; i--) {
    const at = <usize>i;
    if (!accIsIdentity) pointDouble(sum, acc);
    // Bucket window ending at this bit.
    if (windowCount > 0 && i % c == 0 && i / c < windowCount) {
      if (windowSum(i / c, c)) {
        p3ToCached(TOT_C, TOT);
        if (accIsIdentity) accIsIdentity = false; else p1p1ToP3(acc, sum);
        pointAddCached(sum, acc, TOT_C, false);
      }
    }
    // Straus points.
    for (let j = 0; j < strausUsed; j++) {
      const entry = <usize>load<u32>(STRAUS_LIST + (<usize>j << 2));
      const d = <i32>load<i8>(<usize>load<u32>(entry + PT_DIGITS) + at);
      if (d == 0) continue;
      const table = <usize>load<u32>(entry + PT_TABLE);
      if (accIsIdentity) accIsIdentity = false; else p1p1ToP3(acc, sum);
      pointAddCached(sum, acc, table + <usize>(abs(d) >> 1) * POINT_SIZE, d < 0);
    }
    // The base point.
    const d = <i32>load<i8>(NAF_B + at);
    if (d != 0) {
      if (accIsIdentity) accIsIdentity = false; else p1p1ToP3(acc, sum);
      pointAddNiels(sum, acc, BASE_TABLE + <usize>(abs(d) >> 1) * BASE_ENTRY_SIZE, d < 0);
    }
    if (i > 0 && !accIsIdentity) p1p1ToP2(acc, sum);
  }
  if (accIsIdentity) return true;
  // sum is P1P1 with x = E/G, y = H/F: the identity has E = 0 and H = F.
  return feIsZero(sum + X) && feEqual(sum + Y, sum + T);
}
