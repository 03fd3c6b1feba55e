// The twisted Edwards curve -x^2 + y^2 = 1 + d x^2 y^2 over GF(2^255 - 19)
// (edwards25519): point decoding, small-order test, and the multi-scalar
// multiplication at the heart of verification.
//
// Point layouts, each coordinate one field element of FE_SIZE bytes:
//
//   P2      (X : Y : Z)             x = X/Z, y = Y/Z
//   P3      (X : Y : Z : T)         as P2 plus T = XY/Z ("extended")
//   P1P1    (E, H, G, F)            x = E/G, y = H/F: the "completed" output
//                                   of an addition or doubling, converted
//                                   to P2 (3 mul) or P3 (4 mul) as needed
//   Cached  (Y+X, Y-X, Z, 2dT)      a projective addend
//   Niels   (y+x, y-x, 2dxy)        an affine addend (the base tables)
//
// The addition law for a = -1 (Hisil-Wong-Carter-Dawson) is complete on this
// curve, so no special cases arise. Everything is variable-time: only public
// values (keys, signatures, messages) are processed.

import {
  FE_SIZE, feAdd, feSub, feNeg, feMul, feSq, feCopy, feOne, feZero, fePow22523, feInvert,
  feFromBytes, feToBytes, feEqual, feEqualNeg, feIsZero, feIsNegative,
} from './field';
import {
  feMulPair, feMulPairTwiceBPlusMinusA, feMulSumDiffPair, feSqPair, feSqPairDiffSum,
  feSq2SqSumPairMinus, fePow22523Pair,
} from './field-pair';
import {
  FE_D, FE_D2, FE_SQRT_M1, SMALL_ORDER_Y, SMALL_ORDER_Y_COUNT,
  BASE_TABLE, BASE128_TABLE, BASE_ENTRY_SIZE,
} from './ed25519-tables';

// Coordinate offsets.
const X: usize = 0;
const Y: usize = FE_SIZE;
const Z: usize = 2 * FE_SIZE;
const T: usize = 3 * FE_SIZE;
// Cached / Niels field names share the same slots.
const YPX: usize = 0;
const YMX: usize = FE_SIZE;
const T2D_CACHED: usize = 3 * FE_SIZE;
const XY2D_NIELS: usize = 2 * FE_SIZE;

/** Bytes of a P3, P1P1 or Cached point. */
export const POINT_SIZE: usize = 4 * FE_SIZE;

// Working storage.
const TMP0: usize = memory.data(<i32>FE_SIZE, 16);
const TMP1: usize = memory.data(<i32>FE_SIZE, 16);
const TMP2: usize = memory.data(<i32>FE_SIZE, 16);
const TMP3: usize = memory.data(<i32>FE_SIZE, 16);
const TMP4: usize = memory.data(<i32>FE_SIZE, 16);
const TMP5: usize = memory.data(<i32>FE_SIZE, 16);
const TMP6: usize = memory.data(<i32>FE_SIZE, 16);
const TMP7: usize = memory.data(<i32>FE_SIZE, 16);
const TMP8: usize = memory.data(<i32>FE_SIZE, 16);
const ENC: usize = memory.data(32, 16);
const ACC: usize = memory.data(<i32>POINT_SIZE, 16);  // running sum (P2 / P3)
const SUM: usize = memory.data(<i32>POINT_SIZE, 16);  // P1P1 results
const TWO_P: usize = memory.data(<i32>POINT_SIZE, 16);

// ---------------------------------------------------------------------------
// Conversions

/** r (P2) = p (P1P1). */
export function p1p1ToP2(r: usize, p: usize): void {
  feMulPair(r + X, p + X, p + T, r + Y, p + Y, p + Z);
  feMul(r + Z, p + Z, p + T);
}

/** r (P3) = p (P1P1); r must not alias p. */
export function p1p1ToP3(r: usize, p: usize): void {
  feMulPair(r + X, p + X, p + T, r + Y, p + Y, p + Z);
  feMulPair(r + Z, p + Z, p + T, r + T, p + X, p + Y);
}

/** r (Cached) = p (P3). */
export function p3ToCached(r: usize, p: usize): void {
  feAdd(r + YPX, p + Y, p + X);
  feSub(r + YMX, p + Y, p + X);
  feCopy(r + Z, p + Z);
  feMul(r + T2D_CACHED, p + T, FE_D2);
}

/** p (P2) = identity. */
function setIdentity(p: usize): void {
  feZero(p + X);
  feOne(p + Y);
  feOne(p + Z);
}

// ---------------------------------------------------------------------------
// Group law

/**
 * r (P1P1) = 2p for p in P2 (or P3; T is ignored): 4 squarings, two per SIMD
 * pair, with the additions folded into the pairs' stores:
 *   G = Y^2 - X^2, H = Y^2 + X^2, E = (X + Y)^2 - H = 2XY, F = 2Z^2 - G,
 * so x = E/G = 2xy / (y^2 - x^2) and y = H/F = (y^2 + x^2) / (2 - y^2 + x^2).
 * r must not alias p.
 */
export function pointDouble(r: usize, p: usize): void {
  feSqPairDiffSum(r + Z, r + Y, p + Y, p + X);                   // G, H
  feSq2SqSumPairMinus(r + T, p + Z, r + X, p + X, p + Y, r + Z, r + Y);  // F, E
}

/**
 * r (P1P1) = p (P3) + q (Cached), or p - q when `negate`. 4 multiplications.
 * With A = (Y1-X1)(Y2-X2), B = (Y1+X1)(Y2+X2), C = T1*2d*T2, D = 2*Z1*Z2:
 * E = B - A, H = B + A, G = D + C, F = D - C. Negating q swaps its Y+X and
 * Y-X and flips the sign of C (which swaps G and F). r must not alias p or q.
 */
export function pointAddCached(r: usize, p: usize, q: usize, negate: bool): void {
  feMulSumDiffPair(r + X, r + Y, p + Y, p + X, q + (negate ? YMX : YPX), q + (negate ? YPX : YMX));
  feMulPairTwiceBPlusMinusA(
    r + (negate ? T : Z), r + (negate ? Z : T),
    q + T2D_CACHED, p + T, p + Z, q + Z,
  );
}

/** r (P1P1) = p (P3) +/- q (Niels, affine so Z2 = 1). 3 multiplications. */
export function pointAddNiels(r: usize, p: usize, q: usize, negate: bool): void {
  feMulSumDiffPair(r + X, r + Y, p + Y, p + X, q + (negate ? YMX : YPX), q + (negate ? YPX : YMX));
  feMul(r + T, q + XY2D_NIELS, p + T);            // C
  feAdd(TMP0, p + Z, p + Z);                      // D
  if (negate) {
    feSub(r + Z, TMP0, r + T);                    // G = D - C
    feAdd(r + T, TMP0, r + T);                    // F = D + C
  } else {
    feAdd(r + Z, TMP0, r + T);
    feSub(r + T, TMP0, r + T);
  }
}

// ---------------------------------------------------------------------------
// Encoding

/** Finishes one root for pointDecodePair; false when y has no x. */
function finishRoot(x: usize, check: usize, u: usize, s: usize): bool {
  // v x^2 is u (x is a root), -u (x * sqrt(-1) is a root) or neither.
  if (!feEqual(check, u)) {
    if (!feEqualNeg(check, u)) return false;
    feMul(x, x, FE_SQRT_M1);
  }
  // Pick the root whose parity matches the sign bit (0 stays 0).
  const sign = (load<u8>(s, 31) >> 7) != 0;
  if (feIsNegative(x) != sign) feNeg(x, x);
  return true;
}

/**
 * Decodes the 32-byte encodings sa and sb into ra and rb (P3, Z = 1), both at
 * once so that their square roots share SIMD lanes. Each is decoded the way
 * ed25519-dalek's CompressedEdwardsY::decompress does: bit 255 is the sign of
 * x, the other 255 bits are y and are NOT required to be below p (y >= p is
 * reduced), and x = 0 with the sign bit set is accepted (-0 = 0).
 * Returns a bit mask: bit 0 set when sa encodes a point, bit 1 for sb (a y
 * with no matching x does not).
 */
export function pointDecodePair(ra: usize, sa: usize, rb: usize, sb: usize): i32 {
  const ua = TMP1, va = TMP2, v3a = TMP3, checkA = TMP4, xa = ra + X;
  const ub = TMP5, vb = TMP6, v3b = TMP7, checkB = TMP8, xb = rb + X;
  feFromBytes(ra + Y, sa);
  feFromBytes(rb + Y, sb);
  feOne(ra + Z);
  feOne(rb + Z);
  // x^2 = u / v with u = y^2 - 1, v = d y^2 + 1 (v is never 0: -1/d is not a square).
  feSqPair(ua, ra + Y, ub, rb + Y);
  feMulPair(va, ua, FE_D, vb, ub, FE_D);
  feSub(ua, ua, ra + Z);
  feSub(ub, ub, rb + Z);
  feAdd(va, va, ra + Z);
  feAdd(vb, vb, rb + Z);
  // Candidate root x = u v^3 (u v^7)^((p-5)/8).
  feSqPair(v3a, va, v3b, vb);
  feMulPair(v3a, v3a, va, v3b, v3b, vb);
  feSqPair(xa, v3a, xb, v3b);
  feMulPair(xa, xa, va, xb, xb, vb);
  feMulPair(xa, xa, ua, xb, xb, ub);
  fePow22523Pair(xa, xa, xb, xb);
  feMulPair(xa, xa, v3a, xb, xb, v3b);
  feMulPair(xa, xa, ua, xb, xb, ub);
  feSqPair(checkA, xa, checkB, xb);
  feMulPair(checkA, checkA, va, checkB, checkB, vb);
  let ok = 0;
  if (finishRoot(xa, checkA, ua, sa)) ok |= 1;
  if (finishRoot(xb, checkB, ub, sb)) ok |= 2;
  feMulPair(ra + T, xa, ra + Y, rb + T, xb, rb + Y);
  return ok;
}

/** Decodes one encoding (see pointDecodePair), with scalar field arithmetic. */
export function pointDecode(r: usize, s: usize): bool {
  const u = TMP1, v = TMP2, v3 = TMP3, check = TMP4, x = r + X;
  feFromBytes(r + Y, s);
  feOne(r + Z);
  feSq(u, r + Y);
  feMul(v, u, FE_D);
  feSub(u, u, r + Z);
  feAdd(v, v, r + Z);
  feSq(v3, v);
  feMul(v3, v3, v);
  feSq(x, v3);
  feMul(x, x, v);
  feMul(x, x, u);
  fePow22523(x, x);
  feMul(x, x, v3);
  feMul(x, x, u);
  feSq(check, x);
  feMul(check, check, v);
  if (!finishRoot(x, check, u, s)) return false;
  feMul(r + T, x, r + Y);
  return true;
}

/**
 * True when p (P3 with Z = 1, as produced by pointDecode) has order dividing
 * 8, i.e. [8]p is the identity. These are exactly the points whose y is one
 * of the five values in SMALL_ORDER_Y.
 */
export function pointHasSmallOrder(p: usize): bool {
  feToBytes(ENC, p + Y);
  for (let i = 0; i < SMALL_ORDER_Y_COUNT; i++) {
    const row = SMALL_ORDER_Y + (<usize>i << 5);
    if (load<u64>(ENC, 0) == load<u64>(row, 0) && load<u64>(ENC, 8) == load<u64>(row, 8) &&
      load<u64>(ENC, 16) == load<u64>(row, 16) && load<u64>(ENC, 24) == load<u64>(row, 24)) {
      return true;
    }
  }
  return false;
}

/**
 * Writes the canonical 32-byte encoding (compression) of p, a P2 or P3 point:
 * y reduced below p, with the parity of x in bit 255. Costs an inversion;
 * verification never needs it (it compares points, not encodings).
 */
export function pointEncode(out: usize, p: usize): void {
  feInvert(TMP1, p + Z);
  feMul(TMP2, p + X, TMP1);
  feMul(TMP3, p + Y, TMP1);
  feToBytes(out, TMP3);
  if (feIsNegative(TMP2)) store<u8>(out, load<u8>(out, 31) | 0x80, 31);
}

// ---------------------------------------------------------------------------
// Multi-scalar multiplication

/** table[j] = (2j+1)p as Cached points, j < count; p is P3. */
export function buildOddMultiples(table: usize, p: usize, count: i32): void {
  p3ToCached(table, p);
  if (count < 2) return;
  pointDouble(SUM, p);
  p1p1ToP3(TWO_P, SUM);
  for (let j = 1; j < count; j++) {
    pointAddCached(SUM, TWO_P, table + <usize>(j - 1) * POINT_SIZE, false);
    p1p1ToP3(ACC, SUM);
    p3ToCached(table + <usize>j * POINT_SIZE, ACC);
  }
}

/**
 * Evaluates Q = [b]B + [b128]([2^128]B) + signA*[a]A + signR*[r]R from the
 * signed-digit forms of the four scalars (arrays of 256 i8, see scWnaf) and
 * returns whether Q is the identity. The B digits index the static Niels
 * tables; the A and R digits index Cached tables of odd multiples.
 * `top` must be the highest index holding a nonzero digit in any of the
 * arrays (-1 when all are zero).
 */
export function multiScalarIsIdentity(
  nafB: usize, nafB128: usize,
  nafA: usize, tableA: usize, signA: i32,
  nafR: usize, tableR: usize, signR: i32,
  top: i32,
): bool {
  if (top < 0) return true;
  const acc = ACC, sum = SUM;
  // acc starts as the identity in P3 form, so the top position needs no
  // doubling and its first addition no conversion.
  setIdentity(acc);
  feZero(acc + T);
  let accIsP3 = true;
  for (let i = top; i >= 0; i--) {
    const at = <usize>i;
    if (!accIsP3) pointDouble(sum, acc);
    let d = <i32>load<i8>(nafB + at);
    if (d != 0) {
      if (accIsP3) accIsP3 = false; else p1p1ToP3(acc, sum);
      pointAddNiels(sum, acc, BASE_TABLE + <usize>(abs(d) >> 1) * BASE_ENTRY_SIZE, d < 0);
    }
    d = <i32>load<i8>(nafB128 + at);
    if (d != 0) {
      if (accIsP3) accIsP3 = false; else p1p1ToP3(acc, sum);
      pointAddNiels(sum, acc, BASE128_TABLE + <usize>(abs(d) >> 1) * BASE_ENTRY_SIZE, d < 0);
    }
    d = <i32>load<i8>(nafA + at) * signA;
    if (d != 0) {
      if (accIsP3) accIsP3 = false; else p1p1ToP3(acc, sum);
      pointAddCached(sum, acc, tableA + <usize>(abs(d) >> 1) * POINT_SIZE, d < 0);
    }
    d = <i32>load<i8>(nafR + at) * signR;
    if (d != 0) {
      if (accIsP3) accIsP3 = false; else p1p1ToP3(acc, sum);
      pointAddCached(sum, acc, tableR + <usize>(abs(d) >> 1) * POINT_SIZE, d < 0);
    }
    if (i > 0) p1p1ToP2(acc, sum);
  }
  // sum is P1P1 with x = E/G, y = H/F: the identity has E = 0 and H = F.
  return feIsZero(sum + X) && feEqual(sum + Y, sum + T);
}
