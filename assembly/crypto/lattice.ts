// Halving the scalar length of Ed25519 verification (the idea is due to
// T. Pornin, "Optimized lattice basis reduction in dimension 2, and fast
// Schnorr and EdDSA signature verification", 2020; this is an independent,
// simpler implementation based on the extended Euclidean algorithm).
//
// Verification asks whether P = [s]B - [k]A - R is the identity. Given a pair
// of integers (c0, c1) with
//
//     c0 = c1 * k  (mod 8L),   c1 odd,   0 < c1 < L,
//
// we have [c1]P = [c1*s mod L]B - [c0]A - [c1]R exactly, for every curve
// point A and R, including ones with a small-order component: c1*k - c0 is a
// multiple of 8L, which annihilates every point of the curve (its group has
// order 8L), and B has order L. Because c1 is odd and not a multiple of L it
// is invertible modulo every possible order of P, so [c1]P = O iff P = O.
// The check therefore stays exactly cofactorless.
//
// The pairs (c0, c1) form a lattice of determinant 8L ~ 2^255, which has
// vectors with both coordinates near 2^128. The remainders r_i and Bezout
// coefficients t_i of Euclid's algorithm on (8L, k) satisfy r_i = t_i * k
// (mod 8L), r_i shrinks and |t_i| grows with r_i * |t_i| < 8L, so the pairs
// around the crossing point are short; consecutive t_i are coprime, so at
// least one of two neighbours is odd. The multi-scalar multiplication then
// needs ~128 doublings instead of ~253.
//
// Speed: most of the way down, Lehmer's method runs Euclid on the leading 62
// bits in single precision and applies the accumulated 2x2 cofactor matrix
// to the full numbers; the last ~25 bits, where the candidates are, go one
// exact step at a time. Correctness never depends on the quotients being
// right: every integer combination of two pairs keeps r = t * k (mod 8L),
// and the result is checked (sign, parity, size) before use.
//
// Numbers are 8 little-endian u32 limbs (the same bytes as a 32-byte
// little-endian integer) plus zero padding for window reads; r is
// non-negative, t is two's complement modulo 2^256 (|t| < 2^140).

const LIMBS: i32 = 8;
const NUM_SIZE: i32 = 48; // 32 bytes of value + zero padding

/** 8L, little-endian u32 limbs. */
const EIGHT_L: usize = memory.data<u32>([
  0xe7ae9f68, 0xc09318d2, 0x17bce6b2, 0xa6f7cef5, 0, 0, 0, 0x80000000,
], 16);

const BUF_R0: usize = memory.data(NUM_SIZE, 16);
const BUF_R1: usize = memory.data(NUM_SIZE, 16);
const BUF_T0: usize = memory.data(NUM_SIZE, 16);
const BUF_T1: usize = memory.data(NUM_SIZE, 16);
const ABS_T: usize = memory.data(NUM_SIZE, 16);

/** Lehmer rounds run while r1 has more bits than this. */
const LEHMER_STOP_BITS: i32 = 145;
/** Give up (and let the caller use the trivial pair (k, 1)) past this size. */
const MAX_BITS: i32 = 140;
/** Bound on the single-precision cofactors, so products fit an i64. */
const COFACTOR_LIMIT: i64 = <i64>1 << 30;

/** Result flag: c0 is to be taken negative. */
export const SPLIT_C0_NEGATIVE: i32 = 1;

function zero(x: usize): void {
  store<u64>(x, 0, 0);
  store<u64>(x, 0, 8);
  store<u64>(x, 0, 16);
  store<u64>(x, 0, 24);
  store<u64>(x, 0, 32);
  store<u64>(x, 0, 40);
}

function copy32(dst: usize, src: usize): void {
  store<u64>(dst, load<u64>(src, 0), 0);
  store<u64>(dst, load<u64>(src, 8), 8);
  store<u64>(dst, load<u64>(src, 16), 16);
  store<u64>(dst, load<u64>(src, 24), 24);
}

/** Bit length of the non-negative 8-limb number x. */
function bitLength(x: usize): i32 {
  for (let i = LIMBS - 1; i >= 0; i--) {
    const v = load<u32>(x + (<usize>i << 2));
    if (v != 0) return (i << 5) + 32 - <i32>clz(v);
  }
  return 0;
}

// @ts-ignore: decorator
@inline function isNegative(x: usize): bool {
  return (load<u32>(x, 28) >> 31) != 0;
}

/** Bit length of |t| for a two's complement t; writes |t| to ABS_T. */
function absBitLength(t: usize): i32 {
  if (!isNegative(t)) {
    copy32(ABS_T, t);
  } else {
    let borrow: i64 = 0;
    for (let i: usize = 0; i < <usize>LIMBS; i++) {
      const d = borrow - <i64>load<u32>(t + (i << 2));
      store<u32>(ABS_T + (i << 2), <u32>d);
      borrow = d >> 32;
    }
  }
  return bitLength(ABS_T);
}

/** The 64 bits of x starting at bit `shift` (0 <= shift <= 194; bits past 255 read as 0). */
function window64(x: usize, shift: i32): u64 {
  const at = x + (<usize>(shift >> 5) << 2);
  const bit = <u64>(shift & 31);
  const lo = load<u64>(at) >> bit;
  return bit == 0 ? lo : lo | (<u64>load<u32>(at, 8) << (64 - bit));
}

/**
 * (x, y) <- (a x + b y, c x + d y) modulo 2^256, for signed single-precision
 * a, b, c, d with |a|, |b|, |c|, |d| <= 2^30.
 */
function combine(x: usize, y: usize, a: i64, b: i64, c: i64, d: i64): void {
  let carryX: i64 = 0;
  let carryY: i64 = 0;
  for (let i: usize = 0; i < <usize>LIMBS; i++) {
    const xi = <i64>load<u32>(x + (i << 2));
    const yi = <i64>load<u32>(y + (i << 2));
    const sx = a * xi + b * yi + carryX;
    const sy = c * xi + d * yi + carryY;
    store<u32>(x + (i << 2), <u32>sx);
    store<u32>(y + (i << 2), <u32>sy);
    carryX = sx >> 32;
    carryY = sy >> 32;
  }
}

/** x -= q * y modulo 2^256 (q < 2^32); returns true when the result wrapped below zero. */
function mulSub(x: usize, y: usize, q: u64): bool {
  let carry: u64 = 0;
  let borrow: i64 = 0;
  for (let i: usize = 0; i < <usize>LIMBS; i++) {
    const prod = q * <u64>load<u32>(y + (i << 2)) + carry;
    carry = prod >> 32;
    const diff = <i64>load<u32>(x + (i << 2)) - <i64>(prod & 0xffffffff) + borrow;
    store<u32>(x + (i << 2), <u32>diff);
    borrow = diff >> 32;
  }
  return borrow - <i64>carry < 0;
}

/** x += y modulo 2^256; returns the carry out. */
function addTo(x: usize, y: usize): bool {
  let carry: u64 = 0;
  for (let i: usize = 0; i < <usize>LIMBS; i++) {
    const sum = <u64>load<u32>(x + (i << 2)) + <u64>load<u32>(y + (i << 2)) + carry;
    store<u32>(x + (i << 2), <u32>sum);
    carry = sum >> 32;
  }
  return carry != 0;
}

/** True when x >= y (non-negative numbers). */
function geq(x: usize, y: usize): bool {
  for (let i = LIMBS - 1; i >= 0; i--) {
    const a = load<u32>(x + (<usize>i << 2));
    const b = load<u32>(y + (<usize>i << 2));
    if (a != b) return a > b;
  }
  return true;
}

/** floor(a / b) for 0 <= a < 2^63, 0 < b, via a float estimate and exact fix-up. */
// @ts-ignore: decorator
@inline function quotient(a: i64, b: i64): i64 {
  let q = <i64>(<f64>a / <f64>b);
  let r = a - q * b;
  while (r < 0) { q--; r += b; }
  while (r >= b) { q++; r -= b; }
  return q;
}

/**
 * Finds (c0, c1) as described above for the scalar k (32 bytes, k < L).
 * Writes |c0| to c0Out and c1 (> 0, odd) to c1Out, both as 32 little-endian
 * bytes, and returns SPLIT_C0_NEGATIVE when c0 is negative, else 0.
 * Falls back to the always-valid pair (k, 1) when no short pair is found
 * (k already short, or a rare huge quotient).
 */
export function splitScalar(c0Out: usize, c1Out: usize, k: usize): i32 {
  // Best pair so far: (k, 1).
  copy32(c0Out, k);
  store<u64>(c1Out, 1, 0);
  store<u64>(c1Out, 0, 8);
  store<u64>(c1Out, 0, 16);
  store<u64>(c1Out, 0, 24);
  let r0 = BUF_R0, r1 = BUF_R1, t0 = BUF_T0, t1 = BUF_T1;
  zero(r0);
  zero(r1);
  copy32(r1, k);
  let best = bitLength(r1);
  if (best <= 130) return 0;
  let bestNegative = false;

  zero(t0);
  zero(t1);
  store<u32>(t1, 1);
  copy32(r0, EIGHT_L);

  // Lehmer rounds on the leading 62 bits.
  while (true) {
    const n0 = bitLength(r0);
    const n1 = bitLength(r1);
    if (n1 <= LEHMER_STOP_BITS) break;
    const shift = n0 - 62;
    let a = <i64>window64(r0, shift);
    let b = <i64>window64(r1, shift);
    // (A, B; C, D) map (r0, r1) to the pair of remainders reached so far.
    let ma: i64 = 1, mb: i64 = 0, mc: i64 = 0, md: i64 = 1;
    while (true) {
      // The quotient is certain when both ends of the interval that the
      // truncated numbers allow give the same value (Knuth 4.5.2, Alg. L).
      if (b + mc <= 0 || b + md <= 0) break;
      const q = quotient(a + ma, b + mc);
      if (q != quotient(a + mb, b + md)) break;
      const nc = ma - q * mc, nd = mb - q * md;
      if (abs(nc) > COFACTOR_LIMIT || abs(nd) > COFACTOR_LIMIT) break;
      const nb = a - q * b;
      // Leave the last stretch above the short pairs to the exact steps.
      if (shift + 64 - <i32>clz(nb) <= LEHMER_STOP_BITS) break;
      ma = mc; mb = md; mc = nc; md = nd;
      a = b;
      b = nb;
    }
    if (mb == 0) break; // no certain step: finish one step at a time
    combine(r0, r1, ma, mb, mc, md);
    combine(t0, t1, ma, mb, mc, md);
    // Sanity: the remainders must stay ordered and non-negative.
    if (isNegative(r0) || isNegative(r1) || geq(r1, r0)) return 0;
  }

  // Exact steps through the region where the short pairs are.
  while (true) {
    const n0 = bitLength(r0);
    const n1 = bitLength(r1);
    if (n1 == 0 || n0 - n1 > 30) break; // quotient too large to estimate
    // q = floor(r0 / r1), estimated from the leading 64 bits of both (the
    // estimate is off by at most one) and then corrected.
    const shift = max(n0 - 64, 0);
    let q = <u64>(<f64>window64(r0, shift) / <f64>window64(r1, shift));
    if (mulSub(r0, r1, q)) {
      // One too many; adding r1 back must wrap to a non-negative value.
      if (!addTo(r0, r1)) break;
      q--;
    }
    while (geq(r0, r1)) {
      mulSub(r0, r1, 1);
      q++;
    }
    mulSub(t0, t1, q); // t2 = t0 - q t1 (two's complement)
    // Shift the window: (r0, r1) <- (r1, r2), (t0, t1) <- (t1, t2).
    const rr = r0; r0 = r1; r1 = rr;
    const tt = t0; t0 = t1; t1 = tt;

    const tBits = absBitLength(t1);
    if (tBits >= best || tBits > MAX_BITS) break; // no shorter pair ahead
    if ((load<u8>(t1) & 1) != 0) {
      const m = max(bitLength(r1), tBits);
      if (m < best) {
        best = m;
        copy32(c0Out, r1);
        copy32(c1Out, ABS_T);
        bestNegative = isNegative(t1);
      }
    }
  }
  // c0 = t * k with t < 0 becomes (-r, |t|): negate both entries.
  return bestNegative ? SPLIT_C0_NEGATIVE : 0;
}
