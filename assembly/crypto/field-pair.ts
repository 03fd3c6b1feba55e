// Two independent GF(2^255 - 19) multiplications (or squarings) at once,
// one in each 64-bit lane of a 128-bit SIMD vector.
//
// Same representation and results as field.ts (10 limbs of 26/25 bits held
// in i64): every point formula has pairs of independent products, and
// i64x2.extmul_low_i32x4_s computes two 32x32->64-bit products with one
// instruction, which makes a pair noticeably cheaper than two scalar calls.
//
// Operands are read straight from the usual i64 limbs: the low 32 bits of
// each limb (its value, as limbs are small signed numbers) go into lanes 0
// and 1 of an i32x4, and the two i64x2 result lanes are stored back as
// ordinary field elements. Outputs may alias inputs.
//
// Bounds (stricter than field.ts, because 19 * limb must fit an i32):
// multiplication inputs may be sums of at most 3 carried elements (19 * 3 *
// 2^25 < 2^31), squaring inputs sums of at most 2 (4 * 19 * ... fits too).
// Every column sum then stays below 2^61, which the biased logical-shift
// carries below require (|h| < 2^62).

import { FE_SIZE } from './field';

// Scratch elements for the exponent chain.
const PA0: usize = memory.data(<i32>FE_SIZE, 16);
const PA1: usize = memory.data(<i32>FE_SIZE, 16);
const PA2: usize = memory.data(<i32>FE_SIZE, 16);
const PB0: usize = memory.data(<i32>FE_SIZE, 16);
const PB1: usize = memory.data(<i32>FE_SIZE, 16);
const PB2: usize = memory.data(<i32>FE_SIZE, 16);

/** Lane 0 = low 32 bits of the i64 at a + offset, lane 1 = same at b + offset. */
// @ts-ignore: decorator
@inline function gather(a: usize, b: usize, offset: usize): v128 {
  return v128.load32_lane(b + offset, v128.load32_zero(a + offset), 1);
}

/** Lane-wise 64-bit products of i32 lanes 0 and 1. */
// @ts-ignore: decorator
@inline function x(a: v128, b: v128): v128 {
  return i64x2.extmul_low_i32x4_s(a, b);
}

// @ts-ignore: decorator
@inline function sum5(a: v128, b: v128, c: v128, d: v128, e: v128): v128 {
  return i64x2.add(i64x2.add(i64x2.add(a, b), i64x2.add(c, d)), e);
}

// @ts-ignore: decorator
@inline function sum6(a: v128, b: v128, c: v128, d: v128, e: v128, f: v128): v128 {
  return i64x2.add(i64x2.add(i64x2.add(a, b), i64x2.add(c, d)), i64x2.add(e, f));
}

// @ts-ignore: decorator
@inline function sum10(
  a: v128, b: v128, c: v128, d: v128, e: v128,
  f: v128, g: v128, h: v128, i: v128, j: v128,
): v128 {
  return i64x2.add(sum5(a, b, c, d, e), sum5(f, g, h, i, j));
}

// SIMD has no 64-bit arithmetic right shift before AVX-512, so carries use a
// logical shift of a biased value: for |h| < 2^62,
//   ((h + 2^62 + 2^(w-1)) >>> w) - 2^(62-w) = round(h / 2^w).
// @ts-ignore: decorator
@inline function carryOf26(h: v128): v128 {
  return i64x2.sub(
    i64x2.shr_u(i64x2.add(h, i64x2.splat((<i64>1 << 62) + (<i64>1 << 25))), 26),
    i64x2.splat(<i64>1 << 36),
  );
}

// @ts-ignore: decorator
@inline function carryOf25(h: v128): v128 {
  return i64x2.sub(
    i64x2.shr_u(i64x2.add(h, i64x2.splat((<i64>1 << 62) + (<i64>1 << 24))), 25),
    i64x2.splat(<i64>1 << 37),
  );
}

/**
 * Carries ten lane-pairs of column sums (the schedule of field.ts) and stores
 * lane 0 to ha, lane 1 to hb.
 */
// @ts-ignore: decorator
@inline function carryStorePair(
  ha: usize, hb: usize,
  h0: v128, h1: v128, h2: v128, h3: v128, h4: v128,
  h5: v128, h6: v128, h7: v128, h8: v128, h9: v128,
): void {
  let c: v128;
  c = carryOf26(h0); h1 = i64x2.add(h1, c); h0 = i64x2.sub(h0, i64x2.shl(c, 26));
  c = carryOf26(h4); h5 = i64x2.add(h5, c); h4 = i64x2.sub(h4, i64x2.shl(c, 26));
  c = carryOf25(h1); h2 = i64x2.add(h2, c); h1 = i64x2.sub(h1, i64x2.shl(c, 25));
  c = carryOf25(h5); h6 = i64x2.add(h6, c); h5 = i64x2.sub(h5, i64x2.shl(c, 25));
  c = carryOf26(h2); h3 = i64x2.add(h3, c); h2 = i64x2.sub(h2, i64x2.shl(c, 26));
  c = carryOf26(h6); h7 = i64x2.add(h7, c); h6 = i64x2.sub(h6, i64x2.shl(c, 26));
  c = carryOf25(h3); h4 = i64x2.add(h4, c); h3 = i64x2.sub(h3, i64x2.shl(c, 25));
  c = carryOf25(h7); h8 = i64x2.add(h8, c); h7 = i64x2.sub(h7, i64x2.shl(c, 25));
  c = carryOf26(h4); h5 = i64x2.add(h5, c); h4 = i64x2.sub(h4, i64x2.shl(c, 26));
  c = carryOf26(h8); h9 = i64x2.add(h9, c); h8 = i64x2.sub(h8, i64x2.shl(c, 26));
  // The carry out of limb 9 re-enters limb 0 times 19 = 16 + 2 + 1.
  c = carryOf25(h9); h9 = i64x2.sub(h9, i64x2.shl(c, 25));
  h0 = i64x2.add(h0, i64x2.add(i64x2.add(i64x2.shl(c, 4), i64x2.shl(c, 1)), c));
  c = carryOf26(h0); h1 = i64x2.add(h1, c); h0 = i64x2.sub(h0, i64x2.shl(c, 26));

  v128.store64_lane(ha, h0, 0, 0); v128.store64_lane(hb, h0, 1, 0);
  v128.store64_lane(ha, h1, 0, 8); v128.store64_lane(hb, h1, 1, 8);
  v128.store64_lane(ha, h2, 0, 16); v128.store64_lane(hb, h2, 1, 16);
  v128.store64_lane(ha, h3, 0, 24); v128.store64_lane(hb, h3, 1, 24);
  v128.store64_lane(ha, h4, 0, 32); v128.store64_lane(hb, h4, 1, 32);
  v128.store64_lane(ha, h5, 0, 40); v128.store64_lane(hb, h5, 1, 40);
  v128.store64_lane(ha, h6, 0, 48); v128.store64_lane(hb, h6, 1, 48);
  v128.store64_lane(ha, h7, 0, 56); v128.store64_lane(hb, h7, 1, 56);
  v128.store64_lane(ha, h8, 0, 64); v128.store64_lane(hb, h8, 1, 64);
  v128.store64_lane(ha, h9, 0, 72); v128.store64_lane(hb, h9, 1, 72);
}

/** ha = fa * ga and hb = fb * gb. */
export function feMulPair(ha: usize, fa: usize, ga: usize, hb: usize, fb: usize, gb: usize): void {
  const f0 = gather(fa, fb, 0), f1 = gather(fa, fb, 8), f2 = gather(fa, fb, 16);
  const f3 = gather(fa, fb, 24), f4 = gather(fa, fb, 32), f5 = gather(fa, fb, 40);
  const f6 = gather(fa, fb, 48), f7 = gather(fa, fb, 56), f8 = gather(fa, fb, 64);
  const f9 = gather(fa, fb, 72);
  const g0 = gather(ga, gb, 0), g1 = gather(ga, gb, 8), g2 = gather(ga, gb, 16);
  const g3 = gather(ga, gb, 24), g4 = gather(ga, gb, 32), g5 = gather(ga, gb, 40);
  const g6 = gather(ga, gb, 48), g7 = gather(ga, gb, 56), g8 = gather(ga, gb, 64);
  const g9 = gather(ga, gb, 72);

  const k19 = i32x4.splat(19);
  const g1_19 = i32x4.mul(g1, k19), g2_19 = i32x4.mul(g2, k19), g3_19 = i32x4.mul(g3, k19);
  const g4_19 = i32x4.mul(g4, k19), g5_19 = i32x4.mul(g5, k19), g6_19 = i32x4.mul(g6, k19);
  const g7_19 = i32x4.mul(g7, k19), g8_19 = i32x4.mul(g8, k19), g9_19 = i32x4.mul(g9, k19);
  const f1_2 = i32x4.shl(f1, 1), f3_2 = i32x4.shl(f3, 1), f5_2 = i32x4.shl(f5, 1);
  const f7_2 = i32x4.shl(f7, 1), f9_2 = i32x4.shl(f9, 1);

  const h0 = sum10(
    x(f0, g0), x(f1_2, g9_19), x(f2, g8_19), x(f3_2, g7_19), x(f4, g6_19),
    x(f5_2, g5_19), x(f6, g4_19), x(f7_2, g3_19), x(f8, g2_19), x(f9_2, g1_19),
  );
  const h1 = sum10(
    x(f0, g1), x(f1, g0), x(f2, g9_19), x(f3, g8_19), x(f4, g7_19),
    x(f5, g6_19), x(f6, g5_19), x(f7, g4_19), x(f8, g3_19), x(f9, g2_19),
  );
  const h2 = sum10(
    x(f0, g2), x(f1_2, g1), x(f2, g0), x(f3_2, g9_19), x(f4, g8_19),
    x(f5_2, g7_19), x(f6, g6_19), x(f7_2, g5_19), x(f8, g4_19), x(f9_2, g3_19),
  );
  const h3 = sum10(
    x(f0, g3), x(f1, g2), x(f2, g1), x(f3, g0), x(f4, g9_19),
    x(f5, g8_19), x(f6, g7_19), x(f7, g6_19), x(f8, g5_19), x(f9, g4_19),
  );
  const h4 = sum10(
    x(f0, g4), x(f1_2, g3), x(f2, g2), x(f3_2, g1), x(f4, g0),
    x(f5_2, g9_19), x(f6, g8_19), x(f7_2, g7_19), x(f8, g6_19), x(f9_2, g5_19),
  );
  const h5 = sum10(
    x(f0, g5), x(f1, g4), x(f2, g3), x(f3, g2), x(f4, g1),
    x(f5, g0), x(f6, g9_19), x(f7, g8_19), x(f8, g7_19), x(f9, g6_19),
  );
  const h6 = sum10(
    x(f0, g6), x(f1_2, g5), x(f2, g4), x(f3_2, g3), x(f4, g2),
    x(f5_2, g1), x(f6, g0), x(f7_2, g9_19), x(f8, g8_19), x(f9_2, g7_19),
  );
  const h7 = sum10(
    x(f0, g7), x(f1, g6), x(f2, g5), x(f3, g4), x(f4, g3),
    x(f5, g2), x(f6, g1), x(f7, g0), x(f8, g9_19), x(f9, g8_19),
  );
  const h8 = sum10(
    x(f0, g8), x(f1_2, g7), x(f2, g6), x(f3_2, g5), x(f4, g4),
    x(f5_2, g3), x(f6, g2), x(f7_2, g1), x(f8, g0), x(f9_2, g9_19),
  );
  const h9 = sum10(
    x(f0, g9), x(f1, g8), x(f2, g7), x(f3, g6), x(f4, g5),
    x(f5, g4), x(f6, g3), x(f7, g2), x(f8, g1), x(f9, g0),
  );

  carryStorePair(ha, hb, h0, h1, h2, h3, h4, h5, h6, h7, h8, h9);
}

/** ha = fa^2 and hb = fb^2, with ha doubled (2 fa^2) when doubleA. */
// @ts-ignore: decorator
@inline function squarePair(ha: usize, fa: usize, hb: usize, fb: usize, doubleA: bool): void {
  const f0 = gather(fa, fb, 0), f1 = gather(fa, fb, 8), f2 = gather(fa, fb, 16);
  const f3 = gather(fa, fb, 24), f4 = gather(fa, fb, 32), f5 = gather(fa, fb, 40);
  const f6 = gather(fa, fb, 48), f7 = gather(fa, fb, 56), f8 = gather(fa, fb, 64);
  const f9 = gather(fa, fb, 72);

  const f0_2 = i32x4.shl(f0, 1), f1_2 = i32x4.shl(f1, 1), f2_2 = i32x4.shl(f2, 1);
  const f3_2 = i32x4.shl(f3, 1), f4_2 = i32x4.shl(f4, 1), f5_2 = i32x4.shl(f5, 1);
  const f6_2 = i32x4.shl(f6, 1), f7_2 = i32x4.shl(f7, 1), f8_2 = i32x4.shl(f8, 1);
  const f9_2 = i32x4.shl(f9, 1);
  const f1_4 = i32x4.shl(f1, 2), f3_4 = i32x4.shl(f3, 2), f5_4 = i32x4.shl(f5, 2);
  const f7_4 = i32x4.shl(f7, 2);
  const k19 = i32x4.splat(19);
  const f5_19 = i32x4.mul(f5, k19), f6_19 = i32x4.mul(f6, k19), f7_19 = i32x4.mul(f7, k19);
  const f8_19 = i32x4.mul(f8, k19), f9_19 = i32x4.mul(f9, k19);

  let h0 = sum6(x(f0, f0), x(f1_4, f9_19), x(f2_2, f8_19), x(f3_4, f7_19), x(f4_2, f6_19), x(f5_2, f5_19));
  let h1 = sum5(x(f0_2, f1), x(f2_2, f9_19), x(f3_2, f8_19), x(f4_2, f7_19), x(f5_2, f6_19));
  let h2 = sum6(x(f0_2, f2), x(f1_2, f1), x(f3_4, f9_19), x(f4_2, f8_19), x(f5_4, f7_19), x(f6, f6_19));
  let h3 = sum5(x(f0_2, f3), x(f1_2, f2), x(f4_2, f9_19), x(f5_2, f8_19), x(f6_2, f7_19));
  let h4 = sum6(x(f0_2, f4), x(f1_4, f3), x(f2, f2), x(f5_4, f9_19), x(f6_2, f8_19), x(f7_2, f7_19));
  let h5 = sum5(x(f0_2, f5), x(f1_2, f4), x(f2_2, f3), x(f6_2, f9_19), x(f7_2, f8_19));
  let h6 = sum6(x(f0_2, f6), x(f1_4, f5), x(f2_2, f4), x(f3_2, f3), x(f7_4, f9_19), x(f8, f8_19));
  let h7 = sum5(x(f0_2, f7), x(f1_2, f6), x(f2_2, f5), x(f3_2, f4), x(f8_2, f9_19));
  let h8 = sum6(x(f0_2, f8), x(f1_4, f7), x(f2_2, f6), x(f3_4, f5), x(f4, f4), x(f9_2, f9_19));
  let h9 = sum5(x(f0_2, f9), x(f1_2, f8), x(f2_2, f7), x(f3_2, f6), x(f4_2, f5));

  if (doubleA) {
    // Add lane 0 to itself: h + (h & [all ones, 0]).
    const m = i64x2(-1, 0);
    h0 = i64x2.add(h0, v128.and(h0, m)); h1 = i64x2.add(h1, v128.and(h1, m));
    h2 = i64x2.add(h2, v128.and(h2, m)); h3 = i64x2.add(h3, v128.and(h3, m));
    h4 = i64x2.add(h4, v128.and(h4, m)); h5 = i64x2.add(h5, v128.and(h5, m));
    h6 = i64x2.add(h6, v128.and(h6, m)); h7 = i64x2.add(h7, v128.and(h7, m));
    h8 = i64x2.add(h8, v128.and(h8, m)); h9 = i64x2.add(h9, v128.and(h9, m));
  }
  carryStorePair(ha, hb, h0, h1, h2, h3, h4, h5, h6, h7, h8, h9);
}

/** ha = fa^2 and hb = fb^2. */
export function feSqPair(ha: usize, fa: usize, hb: usize, fb: usize): void {
  squarePair(ha, fa, hb, fb, false);
}

/** ha = 2 fa^2 and hb = fb^2 (the two squarings of a point doubling). */
export function feSq2SqPair(ha: usize, fa: usize, hb: usize, fb: usize): void {
  squarePair(ha, fa, hb, fb, true);
}

/** ha = fa^(2^n), hb = fb^(2^n), n >= 1. */
export function feSqNPair(ha: usize, fa: usize, hb: usize, fb: usize, n: i32): void {
  squarePair(ha, fa, hb, fb, false);
  for (let i = 1; i < n; i++) squarePair(ha, ha, hb, hb, false);
}

/**
 * ha = za^(2^252 - 3), hb = zb^(2^252 - 3): the square-root exponent of two
 * independent elements, computed in lockstep (same chain as field.ts).
 * ha/hb may alias za/zb.
 */
export function fePow22523Pair(ha: usize, za: usize, hb: usize, zb: usize): void {
  feSqPair(PA0, za, PB0, zb);                   // z^2
  feSqNPair(PA1, PA0, PB1, PB0, 2);             // z^8
  feMulPair(PA1, za, PA1, PB1, zb, PB1);        // z^9
  feMulPair(PA0, PA0, PA1, PB0, PB0, PB1);      // z^11
  feSqPair(PA0, PA0, PB0, PB0);                 // z^22
  feMulPair(PA1, PA1, PA0, PB1, PB1, PB0);      // z^(2^5 - 1)
  feSqNPair(PA0, PA1, PB0, PB1, 5);
  feMulPair(PA1, PA0, PA1, PB1, PB0, PB1);      // z^(2^10 - 1)
  feSqNPair(PA0, PA1, PB0, PB1, 10);
  feMulPair(PA0, PA0, PA1, PB0, PB0, PB1);      // z^(2^20 - 1)
  feSqNPair(PA2, PA0, PB2, PB0, 20);
  feMulPair(PA0, PA2, PA0, PB0, PB2, PB0);      // z^(2^40 - 1)
  feSqNPair(PA0, PA0, PB0, PB0, 10);
  feMulPair(PA1, PA0, PA1, PB1, PB0, PB1);      // z^(2^50 - 1)
  feSqNPair(PA0, PA1, PB0, PB1, 50);
  feMulPair(PA0, PA0, PA1, PB0, PB0, PB1);      // z^(2^100 - 1)
  feSqNPair(PA2, PA0, PB2, PB0, 100);
  feMulPair(PA0, PA2, PA0, PB0, PB2, PB0);      // z^(2^200 - 1)
  feSqNPair(PA0, PA0, PB0, PB0, 50);
  feMulPair(PA0, PA0, PA1, PB0, PB0, PB1);      // z^(2^250 - 1)
  feSqNPair(PA0, PA0, PB0, PB0, 2);             // z^(2^252 - 4)
  feMulPair(ha, PA0, za, hb, PB0, zb);          // z^(2^252 - 3)
}
