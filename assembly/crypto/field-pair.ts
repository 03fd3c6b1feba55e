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
// ordinary field elements. Loads and stores are written out limb by limb so
// that every offset is an immediate of the instruction (an address computed
// with i32.add would cost an extra instruction per access in V8).
// Outputs may alias inputs.
//
// Bounds (stricter than field.ts, because 19 * limb must fit an i32):
// multiplication inputs may be sums of at most 3 carried elements (19 * 3 *
// 2^25 < 2^31), squaring inputs sums of at most 2. Every column sum then
// stays below 2^61, which the biased carries below require (|h| < 2^62).
//
// The point formulas of edwards.ts call the specialised kernels at the end
// of this file, which fold the additions around the products into the loads
// and stores.

import { FE_SIZE } from './field';

// Scratch elements for the exponent chain.
const PA0: usize = memory.data(<i32>FE_SIZE, 16);
const PA1: usize = memory.data(<i32>FE_SIZE, 16);
const PA2: usize = memory.data(<i32>FE_SIZE, 16);
const PB0: usize = memory.data(<i32>FE_SIZE, 16);
const PB1: usize = memory.data(<i32>FE_SIZE, 16);
const PB2: usize = memory.data(<i32>FE_SIZE, 16);

/** Lane-wise 64-bit products of i32 lanes 0 and 1. */
// @ts-ignore: decorator
@inline function x(a: v128, b: v128): v128 {
  return i64x2.extmul_low_i32x4_s(a, b);
}

// @ts-ignore: decorator
@inline function twice(a: v128): v128 {
  return i64x2.add(a, a);
}

// @ts-ignore: decorator
@inline function sum3(a: v128, b: v128, c: v128): v128 {
  return i64x2.add(i64x2.add(a, b), c);
}

// @ts-ignore: decorator
@inline function sum5(a: v128, b: v128, c: v128, d: v128, e: v128): v128 {
  return i64x2.add(i64x2.add(i64x2.add(a, b), i64x2.add(c, d)), e);
}

// A column of a product is summed as one running chain, not a balanced
// tree: a tree keeps all ten products of a column live at once, and V8 then
// spills operand vectors around them (callgrind: ~4% fewer instructions per
// multiplication this way). The squaring columns are short enough that the
// tree measured no worse. In the even columns of a product, the terms whose
// limbs are both odd (weight doubled) are summed apart and doubled once, so
// no doubled copies of f's odd limbs have to stay live.
// @ts-ignore: decorator
@inline function seq5(a: v128, b: v128, c: v128, d: v128, e: v128): v128 {
  return i64x2.add(i64x2.add(i64x2.add(i64x2.add(a, b), c), d), e);
}

// @ts-ignore: decorator
@inline function sum10(
  a: v128, b: v128, c: v128, d: v128, e: v128,
  f: v128, g: v128, h: v128, i: v128, j: v128,
): v128 {
  return i64x2.add(i64x2.add(i64x2.add(i64x2.add(i64x2.add(seq5(a, b, c, d, e), f), g), h), i), j);
}

// ---------------------------------------------------------------------------
// Carries. SIMD has no 64-bit arithmetic right shift before AVX-512, so the
// carries work on biased limbs: for |h| < 2^62 and a w-bit limb,
//   x = h + 2^62 + 2^(w-1),   x >>> w = round(h / 2^w) + 2^(62-w),
//   (x & (2^w - 1)) - 2^(w-1) = h - round(h / 2^w) * 2^w   (in [-2^(w-1), 2^(w-1))).
// The bias 2^(62-w) riding on each carry is cancelled inside the constant
// added to the next limb, so a carry step costs one add and one shift on the
// dependency chain (the chain latency matters: point formulas feed each
// product into the next).
const TOP: i64 = <i64>1 << 62;
const K26: i64 = <i64>1 << 36; // bias carried out of a 26-bit limb
const K25: i64 = <i64>1 << 37; // bias carried out of a 25-bit limb

// @ts-ignore: decorator
@inline function low26(x: v128): v128 {
  return i64x2.sub(v128.and(x, i64x2.splat((1 << 26) - 1)), i64x2.splat(1 << 25));
}

// @ts-ignore: decorator
@inline function low25(x: v128): v128 {
  return i64x2.sub(v128.and(x, i64x2.splat((1 << 25) - 1)), i64x2.splat(1 << 24));
}

// @ts-ignore: decorator
@inline function plus(h: v128, k: i64): v128 {
  return i64x2.add(h, i64x2.splat(k));
}

// How a finished pair (lanes a, b) is written out. The modes fold the
// additions that follow the products in the point formulas into the store.
/** ha = a, hb = b. */
const OUT_PLAIN = 0;
/** ha = a - b, hb = a + b. */
const OUT_DIFF_SUM = 1;
/** ha = 2b + a, hb = 2b - a. */
const OUT_TWICE_B_PLUS_MINUS_A = 2;
/** ha = a - [sa], hb = b - [sb] (sa, sb: field elements in memory). */
const OUT_MINUS_MEMORY = 3;
/** Both lanes kept whole in STAGE, for a following squaring (see feSqNPair). */
const OUT_STAGE = 4;

/** Ten carried limb pairs between the squarings of feSqNPair. */
const STAGE: usize = memory.data(10 * 16, 16);

/** Applies an output mode to one limb pair; `sub` is used by OUT_MINUS_MEMORY. */
// @ts-ignore: decorator
@inline function finish(mode: i32, v: v128, sub: v128): v128 {
  if (mode == OUT_DIFF_SUM) {
    // (a, b) -> (a, a) + (-b, b)
    const m = i64x2(-1, 0);
    const bb = i64x2.shuffle(v, v, 1, 1);
    return i64x2.add(i64x2.shuffle(v, v, 0, 0), i64x2.sub(v128.xor(bb, m), m));
  }
  if (mode == OUT_TWICE_B_PLUS_MINUS_A) {
    // (a, b) -> (2b, 2b) + (a, -a)
    const m = i64x2(0, -1);
    const bb = i64x2.shuffle(v, v, 1, 1);
    return i64x2.add(i64x2.add(bb, bb), i64x2.sub(v128.xor(i64x2.shuffle(v, v, 0, 0), m), m));
  }
  if (mode == OUT_MINUS_MEMORY) return i64x2.sub(v, sub);
  return v;
}

/**
 * Carries ten lane-pairs of column sums (the schedule of field.ts) and writes
 * them out according to `mode` (a compile-time constant at every use).
 */
// @ts-ignore: decorator
@inline function carryStorePair(
  mode: i32, ha: usize, hb: usize, sa: usize, sb: usize,
  h0: v128, h1: v128, h2: v128, h3: v128, h4: v128,
  h5: v128, h6: v128, h7: v128, h8: v128, h9: v128,
): void {
  // Two interleaved chains (0 -> 1 -> 2 -> 3 -> 4 and 4 -> 5 -> ... -> 9 -> 0
  // -> 1); x* are biased limbs, c* and d* biased carries.
  const x0 = plus(h0, TOP + (1 << 25));
  const x4 = plus(h4, TOP + (1 << 25));
  const c0 = i64x2.shr_u(x0, 26);
  const c4 = i64x2.shr_u(x4, 26);
  const x1 = i64x2.add(plus(h1, TOP + (1 << 24) - K26), c0);
  const x5 = i64x2.add(plus(h5, TOP + (1 << 24) - K26), c4);
  const c1 = i64x2.shr_u(x1, 25);
  const c5 = i64x2.shr_u(x5, 25);
  const x2 = i64x2.add(plus(h2, TOP + (1 << 25) - K25), c1);
  const x6 = i64x2.add(plus(h6, TOP + (1 << 25) - K25), c5);
  const c2 = i64x2.shr_u(x2, 26);
  const c6 = i64x2.shr_u(x6, 26);
  const x3 = i64x2.add(plus(h3, TOP + (1 << 24) - K26), c2);
  const x7 = i64x2.add(plus(h7, TOP + (1 << 24) - K26), c6);
  const c3 = i64x2.shr_u(x3, 25);
  const c7 = i64x2.shr_u(x7, 25);
  // Limb 4 was carried once already; carry it again with c3 added.
  const y4 = i64x2.add(plus(low26(x4), TOP + (1 << 25) - K25), c3);
  const x8 = i64x2.add(plus(h8, TOP + (1 << 25) - K25), c7);
  const d4 = i64x2.shr_u(y4, 26);
  const c8 = i64x2.shr_u(x8, 26);
  const x9 = i64x2.add(plus(h9, TOP + (1 << 24) - K26), c8);
  const c9 = i64x2.shr_u(x9, 25);
  // The carry out of limb 9 re-enters limb 0 times 19 = 16 + 2 + 1.
  const c9x19 = i64x2.add(i64x2.add(i64x2.shl(c9, 4), i64x2.shl(c9, 1)), c9);
  const y0 = i64x2.add(plus(low26(x0), TOP + (1 << 25) - 19 * K25), c9x19);
  const d0 = i64x2.shr_u(y0, 26);

  // Subtrahends for OUT_MINUS_MEMORY (dead code in the other modes).
  let s0 = i64x2.splat(0), s1 = s0, s2 = s0, s3 = s0, s4 = s0, s5 = s0, s6 = s0, s7 = s0, s8 = s0, s9 = s0;
  if (mode == OUT_MINUS_MEMORY) {
    s0 = v128.load64_lane(sb, v128.load64_zero(sa, 0), 1, 0);
    s1 = v128.load64_lane(sb, v128.load64_zero(sa, 8), 1, 8);
    s2 = v128.load64_lane(sb, v128.load64_zero(sa, 16), 1, 16);
    s3 = v128.load64_lane(sb, v128.load64_zero(sa, 24), 1, 24);
    s4 = v128.load64_lane(sb, v128.load64_zero(sa, 32), 1, 32);
    s5 = v128.load64_lane(sb, v128.load64_zero(sa, 40), 1, 40);
    s6 = v128.load64_lane(sb, v128.load64_zero(sa, 48), 1, 48);
    s7 = v128.load64_lane(sb, v128.load64_zero(sa, 56), 1, 56);
    s8 = v128.load64_lane(sb, v128.load64_zero(sa, 64), 1, 64);
    s9 = v128.load64_lane(sb, v128.load64_zero(sa, 72), 1, 72);
  }
  const r0 = finish(mode, low26(y0), s0);
  const r1 = finish(mode, i64x2.add(low25(x1), plus(d0, -K26)), s1);
  const r2 = finish(mode, low26(x2), s2);
  const r3 = finish(mode, low25(x3), s3);
  const r4 = finish(mode, low26(y4), s4);
  const r5 = finish(mode, i64x2.add(low25(x5), plus(d4, -K26)), s5);
  const r6 = finish(mode, low26(x6), s6);
  const r7 = finish(mode, low25(x7), s7);
  const r8 = finish(mode, low26(x8), s8);
  const r9 = finish(mode, low25(x9), s9);
  if (mode == OUT_STAGE) {
    v128.store(STAGE, r0, 0);
    v128.store(STAGE, r1, 16);
    v128.store(STAGE, r2, 32);
    v128.store(STAGE, r3, 48);
    v128.store(STAGE, r4, 64);
    v128.store(STAGE, r5, 80);
    v128.store(STAGE, r6, 96);
    v128.store(STAGE, r7, 112);
    v128.store(STAGE, r8, 128);
    v128.store(STAGE, r9, 144);
    return;
  }
  v128.store64_lane(ha, r0, 0, 0); v128.store64_lane(hb, r0, 1, 0);
  v128.store64_lane(ha, r1, 0, 8); v128.store64_lane(hb, r1, 1, 8);
  v128.store64_lane(ha, r2, 0, 16); v128.store64_lane(hb, r2, 1, 16);
  v128.store64_lane(ha, r3, 0, 24); v128.store64_lane(hb, r3, 1, 24);
  v128.store64_lane(ha, r4, 0, 32); v128.store64_lane(hb, r4, 1, 32);
  v128.store64_lane(ha, r5, 0, 40); v128.store64_lane(hb, r5, 1, 40);
  v128.store64_lane(ha, r6, 0, 48); v128.store64_lane(hb, r6, 1, 48);
  v128.store64_lane(ha, r7, 0, 56); v128.store64_lane(hb, r7, 1, 56);
  v128.store64_lane(ha, r8, 0, 64); v128.store64_lane(hb, r8, 1, 64);
  v128.store64_lane(ha, r9, 0, 72); v128.store64_lane(hb, r9, 1, 72);
}

// ---------------------------------------------------------------------------
// Operand loading. Lane 0 and lane 1 of each vector hold limb i of the two
// operands.

/** Operands read from two field elements. */
const IN_PAIR = 0;
/** Lanes (y + x, y - x) of two field elements y and x. */
const IN_SUM_DIFF = 1;
/** Lanes (a, x + y) of three field elements a, x, y. */
const IN_WITH_SUM = 2;
/** The limb pairs left in STAGE by OUT_STAGE (low halves of the i64 lanes). */
const IN_STAGE = 3;

/** (a, b) -> (a, -b) on i32 lanes 0 and 1: (v ^ m) - m with m = [0, -1, 0, 0]. */
// @ts-ignore: decorator
@inline function negateLane1(v: v128): v128 {
  const m = i32x4(0, -1, 0, 0);
  return i32x4.sub(v128.xor(v, m), m);
}

/**
 * Column sums of the two products f * g (lane-wise), carried and written out
 * by `mode`. `kind` says how f is read (IN_PAIR from fa, fb; IN_SUM_DIFF
 * from y = fa, x = fb); g is always read from ga, gb.
 */
// @ts-ignore: decorator
@inline function mulPairCore(
  mode: i32, kind: i32, ha: usize, hb: usize, sa: usize, sb: usize,
  fa: usize, fb: usize, ga: usize, gb: usize,
): void {
  let f0: v128, f1: v128, f2: v128, f3: v128, f4: v128, f5: v128, f6: v128, f7: v128, f8: v128, f9: v128;
  if (kind == IN_SUM_DIFF) {
    // Both lanes read the same limb of y and of x: one broadcast load each.
    f0 = i32x4.add(v128.load32_splat(fa, 0), negateLane1(v128.load32_splat(fb, 0)));
    f1 = i32x4.add(v128.load32_splat(fa, 8), negateLane1(v128.load32_splat(fb, 8)));
    f2 = i32x4.add(v128.load32_splat(fa, 16), negateLane1(v128.load32_splat(fb, 16)));
    f3 = i32x4.add(v128.load32_splat(fa, 24), negateLane1(v128.load32_splat(fb, 24)));
    f4 = i32x4.add(v128.load32_splat(fa, 32), negateLane1(v128.load32_splat(fb, 32)));
    f5 = i32x4.add(v128.load32_splat(fa, 40), negateLane1(v128.load32_splat(fb, 40)));
    f6 = i32x4.add(v128.load32_splat(fa, 48), negateLane1(v128.load32_splat(fb, 48)));
    f7 = i32x4.add(v128.load32_splat(fa, 56), negateLane1(v128.load32_splat(fb, 56)));
    f8 = i32x4.add(v128.load32_splat(fa, 64), negateLane1(v128.load32_splat(fb, 64)));
    f9 = i32x4.add(v128.load32_splat(fa, 72), negateLane1(v128.load32_splat(fb, 72)));
  } else {
    f0 = v128.load32_lane(fb, v128.load32_zero(fa, 0), 1, 0);
    f1 = v128.load32_lane(fb, v128.load32_zero(fa, 8), 1, 8);
    f2 = v128.load32_lane(fb, v128.load32_zero(fa, 16), 1, 16);
    f3 = v128.load32_lane(fb, v128.load32_zero(fa, 24), 1, 24);
    f4 = v128.load32_lane(fb, v128.load32_zero(fa, 32), 1, 32);
    f5 = v128.load32_lane(fb, v128.load32_zero(fa, 40), 1, 40);
    f6 = v128.load32_lane(fb, v128.load32_zero(fa, 48), 1, 48);
    f7 = v128.load32_lane(fb, v128.load32_zero(fa, 56), 1, 56);
    f8 = v128.load32_lane(fb, v128.load32_zero(fa, 64), 1, 64);
    f9 = v128.load32_lane(fb, v128.load32_zero(fa, 72), 1, 72);
  }
  const g0 = v128.load32_lane(gb, v128.load32_zero(ga, 0), 1, 0);
  const g1 = v128.load32_lane(gb, v128.load32_zero(ga, 8), 1, 8);
  const g2 = v128.load32_lane(gb, v128.load32_zero(ga, 16), 1, 16);
  const g3 = v128.load32_lane(gb, v128.load32_zero(ga, 24), 1, 24);
  const g4 = v128.load32_lane(gb, v128.load32_zero(ga, 32), 1, 32);
  const g5 = v128.load32_lane(gb, v128.load32_zero(ga, 40), 1, 40);
  const g6 = v128.load32_lane(gb, v128.load32_zero(ga, 48), 1, 48);
  const g7 = v128.load32_lane(gb, v128.load32_zero(ga, 56), 1, 56);
  const g8 = v128.load32_lane(gb, v128.load32_zero(ga, 64), 1, 64);
  const g9 = v128.load32_lane(gb, v128.load32_zero(ga, 72), 1, 72);

  const k19 = i32x4.splat(19);
  const g1_19 = i32x4.mul(g1, k19), g2_19 = i32x4.mul(g2, k19), g3_19 = i32x4.mul(g3, k19);
  const g4_19 = i32x4.mul(g4, k19), g5_19 = i32x4.mul(g5, k19), g6_19 = i32x4.mul(g6, k19);
  const g7_19 = i32x4.mul(g7, k19), g8_19 = i32x4.mul(g8, k19), g9_19 = i32x4.mul(g9, k19);

  const h0 = i64x2.add(
    seq5(x(f0, g0), x(f2, g8_19), x(f4, g6_19), x(f6, g4_19), x(f8, g2_19)),
    twice(seq5(x(f1, g9_19), x(f3, g7_19), x(f5, g5_19), x(f7, g3_19), x(f9, g1_19))),
  );
  const h1 = sum10(
    x(f0, g1), x(f1, g0), x(f2, g9_19), x(f3, g8_19), x(f4, g7_19),
    x(f5, g6_19), x(f6, g5_19), x(f7, g4_19), x(f8, g3_19), x(f9, g2_19),
  );
  const h2 = i64x2.add(
    seq5(x(f0, g2), x(f2, g0), x(f4, g8_19), x(f6, g6_19), x(f8, g4_19)),
    twice(seq5(x(f1, g1), x(f3, g9_19), x(f5, g7_19), x(f7, g5_19), x(f9, g3_19))),
  );
  const h3 = sum10(
    x(f0, g3), x(f1, g2), x(f2, g1), x(f3, g0), x(f4, g9_19),
    x(f5, g8_19), x(f6, g7_19), x(f7, g6_19), x(f8, g5_19), x(f9, g4_19),
  );
  const h4 = i64x2.add(
    seq5(x(f0, g4), x(f2, g2), x(f4, g0), x(f6, g8_19), x(f8, g6_19)),
    twice(seq5(x(f1, g3), x(f3, g1), x(f5, g9_19), x(f7, g7_19), x(f9, g5_19))),
  );
  const h5 = sum10(
    x(f0, g5), x(f1, g4), x(f2, g3), x(f3, g2), x(f4, g1),
    x(f5, g0), x(f6, g9_19), x(f7, g8_19), x(f8, g7_19), x(f9, g6_19),
  );
  const h6 = i64x2.add(
    seq5(x(f0, g6), x(f2, g4), x(f4, g2), x(f6, g0), x(f8, g8_19)),
    twice(seq5(x(f1, g5), x(f3, g3), x(f5, g1), x(f7, g9_19), x(f9, g7_19))),
  );
  const h7 = sum10(
    x(f0, g7), x(f1, g6), x(f2, g5), x(f3, g4), x(f4, g3),
    x(f5, g2), x(f6, g1), x(f7, g0), x(f8, g9_19), x(f9, g8_19),
  );
  const h8 = i64x2.add(
    seq5(x(f0, g8), x(f2, g6), x(f4, g4), x(f6, g2), x(f8, g0)),
    twice(seq5(x(f1, g7), x(f3, g5), x(f5, g3), x(f7, g1), x(f9, g9_19))),
  );
  const h9 = sum10(
    x(f0, g9), x(f1, g8), x(f2, g7), x(f3, g6), x(f4, g5),
    x(f5, g4), x(f6, g3), x(f7, g2), x(f8, g1), x(f9, g0),
  );

  carryStorePair(mode, ha, hb, sa, sb, h0, h1, h2, h3, h4, h5, h6, h7, h8, h9);
}

/**
 * Column sums of the two squares f^2 (lane-wise), lane 0 doubled (2 f^2) when
 * doubleA, carried and written out by `mode`. `kind` says how f is read
 * (IN_PAIR from fa, fb; IN_WITH_SUM as (fa, fb + fc)).
 */
// @ts-ignore: decorator
@inline function sqPairCore(
  mode: i32, kind: i32, doubleA: bool, ha: usize, hb: usize, sa: usize, sb: usize,
  fa: usize, fb: usize, fc: usize,
): void {
  let f0: v128, f1: v128, f2: v128, f3: v128, f4: v128, f5: v128, f6: v128, f7: v128, f8: v128, f9: v128;
  if (kind == IN_WITH_SUM) {
    f0 = i32x4.add(v128.load32_lane(fb, v128.load32_zero(fa, 0), 1, 0), v128.load32_lane(fc, i32x4.splat(0), 1, 0));
    f1 = i32x4.add(v128.load32_lane(fb, v128.load32_zero(fa, 8), 1, 8), v128.load32_lane(fc, i32x4.splat(0), 1, 8));
    f2 = i32x4.add(v128.load32_lane(fb, v128.load32_zero(fa, 16), 1, 16), v128.load32_lane(fc, i32x4.splat(0), 1, 16));
    f3 = i32x4.add(v128.load32_lane(fb, v128.load32_zero(fa, 24), 1, 24), v128.load32_lane(fc, i32x4.splat(0), 1, 24));
    f4 = i32x4.add(v128.load32_lane(fb, v128.load32_zero(fa, 32), 1, 32), v128.load32_lane(fc, i32x4.splat(0), 1, 32));
    f5 = i32x4.add(v128.load32_lane(fb, v128.load32_zero(fa, 40), 1, 40), v128.load32_lane(fc, i32x4.splat(0), 1, 40));
    f6 = i32x4.add(v128.load32_lane(fb, v128.load32_zero(fa, 48), 1, 48), v128.load32_lane(fc, i32x4.splat(0), 1, 48));
    f7 = i32x4.add(v128.load32_lane(fb, v128.load32_zero(fa, 56), 1, 56), v128.load32_lane(fc, i32x4.splat(0), 1, 56));
    f8 = i32x4.add(v128.load32_lane(fb, v128.load32_zero(fa, 64), 1, 64), v128.load32_lane(fc, i32x4.splat(0), 1, 64));
    f9 = i32x4.add(v128.load32_lane(fb, v128.load32_zero(fa, 72), 1, 72), v128.load32_lane(fc, i32x4.splat(0), 1, 72));
  } else if (kind == IN_STAGE) {
    f0 = i32x4.shuffle(v128.load(STAGE, 0), v128.load(STAGE, 0), 0, 2, 0, 2);
    f1 = i32x4.shuffle(v128.load(STAGE, 16), v128.load(STAGE, 16), 0, 2, 0, 2);
    f2 = i32x4.shuffle(v128.load(STAGE, 32), v128.load(STAGE, 32), 0, 2, 0, 2);
    f3 = i32x4.shuffle(v128.load(STAGE, 48), v128.load(STAGE, 48), 0, 2, 0, 2);
    f4 = i32x4.shuffle(v128.load(STAGE, 64), v128.load(STAGE, 64), 0, 2, 0, 2);
    f5 = i32x4.shuffle(v128.load(STAGE, 80), v128.load(STAGE, 80), 0, 2, 0, 2);
    f6 = i32x4.shuffle(v128.load(STAGE, 96), v128.load(STAGE, 96), 0, 2, 0, 2);
    f7 = i32x4.shuffle(v128.load(STAGE, 112), v128.load(STAGE, 112), 0, 2, 0, 2);
    f8 = i32x4.shuffle(v128.load(STAGE, 128), v128.load(STAGE, 128), 0, 2, 0, 2);
    f9 = i32x4.shuffle(v128.load(STAGE, 144), v128.load(STAGE, 144), 0, 2, 0, 2);
  } else {
    f0 = v128.load32_lane(fb, v128.load32_zero(fa, 0), 1, 0);
    f1 = v128.load32_lane(fb, v128.load32_zero(fa, 8), 1, 8);
    f2 = v128.load32_lane(fb, v128.load32_zero(fa, 16), 1, 16);
    f3 = v128.load32_lane(fb, v128.load32_zero(fa, 24), 1, 24);
    f4 = v128.load32_lane(fb, v128.load32_zero(fa, 32), 1, 32);
    f5 = v128.load32_lane(fb, v128.load32_zero(fa, 40), 1, 40);
    f6 = v128.load32_lane(fb, v128.load32_zero(fa, 48), 1, 48);
    f7 = v128.load32_lane(fb, v128.load32_zero(fa, 56), 1, 56);
    f8 = v128.load32_lane(fb, v128.load32_zero(fa, 64), 1, 64);
    f9 = v128.load32_lane(fb, v128.load32_zero(fa, 72), 1, 72);
  }

  // The factors 2 and 4 of the cross products are applied to partial column
  // sums (an i64 add each) rather than to doubled copies of the limbs: that
  // keeps 15 operand vectors live instead of 29, and V8 spills far less.
  const k19 = i32x4.splat(19);
  const f5_19 = i32x4.mul(f5, k19), f6_19 = i32x4.mul(f6, k19), f7_19 = i32x4.mul(f7, k19);
  const f8_19 = i32x4.mul(f8, k19), f9_19 = i32x4.mul(f9, k19);

  let h0 = twice(i64x2.add(sum3(x(f2, f8_19), x(f4, f6_19), x(f5, f5_19)), twice(i64x2.add(x(f1, f9_19), x(f3, f7_19)))));
  h0 = i64x2.add(h0, x(f0, f0));
  let h1 = twice(sum5(x(f0, f1), x(f2, f9_19), x(f3, f8_19), x(f4, f7_19), x(f5, f6_19)));
  let h2 = twice(i64x2.add(sum3(x(f0, f2), x(f1, f1), x(f4, f8_19)), twice(i64x2.add(x(f3, f9_19), x(f5, f7_19)))));
  h2 = i64x2.add(h2, x(f6, f6_19));
  let h3 = twice(sum5(x(f0, f3), x(f1, f2), x(f4, f9_19), x(f5, f8_19), x(f6, f7_19)));
  let h4 = twice(i64x2.add(sum3(x(f0, f4), x(f6, f8_19), x(f7, f7_19)), twice(i64x2.add(x(f1, f3), x(f5, f9_19)))));
  h4 = i64x2.add(h4, x(f2, f2));
  let h5 = twice(sum5(x(f0, f5), x(f1, f4), x(f2, f3), x(f6, f9_19), x(f7, f8_19)));
  let h6 = twice(i64x2.add(sum3(x(f0, f6), x(f2, f4), x(f3, f3)), twice(i64x2.add(x(f1, f5), x(f7, f9_19)))));
  h6 = i64x2.add(h6, x(f8, f8_19));
  let h7 = twice(sum5(x(f0, f7), x(f1, f6), x(f2, f5), x(f3, f4), x(f8, f9_19)));
  let h8 = twice(i64x2.add(sum3(x(f0, f8), x(f2, f6), x(f9, f9_19)), twice(i64x2.add(x(f1, f7), x(f3, f5)))));
  h8 = i64x2.add(h8, x(f4, f4));
  let h9 = twice(sum5(x(f0, f9), x(f1, f8), x(f2, f7), x(f3, f6), x(f4, f5)));

  if (doubleA) {
    // Add lane 0 to itself: h + (h & [all ones, 0]).
    const m = i64x2(-1, 0);
    h0 = i64x2.add(h0, v128.and(h0, m)); h1 = i64x2.add(h1, v128.and(h1, m));
    h2 = i64x2.add(h2, v128.and(h2, m)); h3 = i64x2.add(h3, v128.and(h3, m));
    h4 = i64x2.add(h4, v128.and(h4, m)); h5 = i64x2.add(h5, v128.and(h5, m));
    h6 = i64x2.add(h6, v128.and(h6, m)); h7 = i64x2.add(h7, v128.and(h7, m));
    h8 = i64x2.add(h8, v128.and(h8, m)); h9 = i64x2.add(h9, v128.and(h9, m));
  }
  carryStorePair(mode, ha, hb, sa, sb, h0, h1, h2, h3, h4, h5, h6, h7, h8, h9);
}

// ---------------------------------------------------------------------------
// Kernels

/** ha = fa * ga and hb = fb * gb. */
export function feMulPair(ha: usize, fa: usize, ga: usize, hb: usize, fb: usize, gb: usize): void {
  mulPairCore(OUT_PLAIN, IN_PAIR, ha, hb, 0, 0, fa, fb, ga, gb);
}

/**
 * With a = fa * ga and b = fb * gb: g = 2b + a and f = 2b - a. (In a point
 * addition a = T1*2d*T2 and b = Z1*Z2 give G and F.)
 */
export function feMulPairTwiceBPlusMinusA(g: usize, f: usize, fa: usize, ga: usize, fb: usize, gb: usize): void {
  mulPairCore(OUT_TWICE_B_PLUS_MINUS_A, IN_PAIR, g, f, 0, 0, fa, fb, ga, gb);
}

/**
 * The first half of a point addition: with B = (y + x) * gb and
 * A = (y - x) * ga, writes e = B - A and h = B + A. The sum and difference of
 * y and x are formed on the fly.
 */
export function feMulSumDiffPair(e: usize, h: usize, y: usize, x: usize, gb: usize, ga: usize): void {
  mulPairCore(OUT_DIFF_SUM, IN_SUM_DIFF, e, h, 0, 0, y, x, gb, ga);
}

/** ha = fa^2 and hb = fb^2. */
export function feSqPair(ha: usize, fa: usize, hb: usize, fb: usize): void {
  sqPairCore(OUT_PLAIN, IN_PAIR, false, ha, hb, 0, 0, fa, fb, 0);
}

/** d = fa^2 - fb^2 and s = fa^2 + fb^2 (the first half of a point doubling). */
export function feSqPairDiffSum(d: usize, s: usize, fa: usize, fb: usize): void {
  sqPairCore(OUT_DIFF_SUM, IN_PAIR, false, d, s, 0, 0, fa, fb, 0);
}

/**
 * The second half of a point doubling: ha = 2 fa^2 - [sa] and
 * hb = (x + y)^2 - [sb], forming x + y on the fly.
 */
export function feSq2SqSumPairMinus(ha: usize, fa: usize, hb: usize, x: usize, y: usize, sa: usize, sb: usize): void {
  sqPairCore(OUT_MINUS_MEMORY, IN_WITH_SUM, true, ha, hb, sa, sb, fa, x, y);
}

/**
 * ha = fa^(2^n), hb = fb^(2^n), n >= 1. Between squarings the limbs stay in
 * whole vectors (STAGE) instead of being stored per lane and gathered again.
 */
export function feSqNPair(ha: usize, fa: usize, hb: usize, fb: usize, n: i32): void {
  if (n == 1) {
    feSqPair(ha, fa, hb, fb);
    return;
  }
  sqPairCore(OUT_STAGE, IN_PAIR, false, 0, 0, 0, 0, fa, fb, 0);
  for (let i = 2; i < n; i++) sqPairCore(OUT_STAGE, IN_STAGE, false, 0, 0, 0, 0, 0, 0, 0);
  sqPairCore(OUT_PLAIN, IN_STAGE, false, ha, hb, 0, 0, 0, 0, 0);
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
