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
// Numbers are 8 little-endian u32 limbs (the same bytes as a 32-byte
// little-endian integer), with spare zero limbs for window reads.

const LIMBS: usize = 8;
const NUM_SIZE: i32 = 48; // 32 bytes of value + zero padding

/** 8L, little-endian u32 limbs. */
const EIGHT_L: usize = memory.data<u32>([
  0xe7ae9f68, 0xc09318d2, 0x17bce6b2, 0xa6f7cef5, 0, 0, 0, 0x80000000,
], 16);

const BUF_R0: usize = memory.data(NUM_SIZE, 16);
const BUF_R1: usize = memory.data(NUM_SIZE, 16);
const BUF_T0: usize = memory.data(NUM_SIZE, 16);
const BUF_T1: usize = memory.data(NUM_SIZE, 16);

/** Give up (and let the caller use the trivial pair (k, 1)) past this size. */
const MAX_BITS: i32 = 140;

/** Result flag: c0 is to be taken negative. */
export const SPLIT_C0_NEGATIVE: i32 = 1;

function bitLength(x: usize): i32 {
  for (let i = <i32>LIMBS - 1; i >= 0; i--) {
    const v = load<u32>(x + (<usize>i << 2));
    if (v != 0) return (i << 5) + 32 - <i32>clz(v);
  }
  return 0;
}

/** The 64 bits of x starting at bit `shift` (shift <= 192). */
function window64(x: usize, shift: i32): u64 {
  const at = x + (<usize>(shift >> 5) << 2);
  const bit = <u64>(shift & 31);
  const lo = load<u64>(at) >> bit;
  return bit == 0 ? lo : lo | (<u64>load<u32>(at, 8) << (64 - bit));
}

/** x -= q * y; returns true when the result went negative (wrapped). */
function mulSub(x: usize, y: usize, q: u64): bool {
  let carry: u64 = 0;
  let borrow: i64 = 0;
  for (let i: usize = 0; i < LIMBS; i++) {
    const prod = q * <u64>load<u32>(y + (i << 2)) + carry;
    carry = prod >> 32;
    const diff = <i64>load<u32>(x + (i << 2)) - <i64>(prod & 0xffffffff) + borrow;
    store<u32>(x + (i << 2), <u32>diff);
    borrow = diff >> 32;
  }
  return borrow - <i64>carry < 0;
}

/** x += y (mod 2^256); returns the carry out of bit 256. */
function addTo(x: usize, y: usize): bool {
  let carry: u64 = 0;
  for (let i: usize = 0; i < LIMBS; i++) {
    const sum = <u64>load<u32>(x + (i << 2)) + <u64>load<u32>(y + (i << 2)) + carry;
    store<u32>(x + (i << 2), <u32>sum);
    carry = sum >> 32;
  }
  return carry != 0;
}

/** x += q * y (mod 2^256), q < 2^32. */
function mulAdd(x: usize, y: usize, q: u64): void {
  let carry: u64 = 0;
  for (let i: usize = 0; i < LIMBS; i++) {
    const prod = q * <u64>load<u32>(y + (i << 2)) + carry;
    const sum = <u64>load<u32>(x + (i << 2)) + (prod & 0xffffffff);
    store<u32>(x + (i << 2), <u32>sum);
    carry = (prod >> 32) + (sum >> 32);
  }
}

/** True when x >= y. */
function geq(x: usize, y: usize): bool {
  for (let i = <i32>LIMBS - 1; i >= 0; i--) {
    const a = load<u32>(x + (<usize>i << 2));
    const b = load<u32>(y + (<usize>i << 2));
    if (a != b) return a > b;
  }
  return true;
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
  memory.copy(c0Out, k, 32);
  memory.fill(c1Out, 0, 32);
  store<u8>(c1Out, 1);
  let best = bitLength(k);
  let bestNegative = false;
  if (best <= 130) return 0;

  let r0 = BUF_R0, r1 = BUF_R1, t0 = BUF_T0, t1 = BUF_T1;
  memory.fill(r0, 0, NUM_SIZE);
  memory.fill(r1, 0, NUM_SIZE);
  memory.fill(t0, 0, NUM_SIZE);
  memory.fill(t1, 0, NUM_SIZE);
  memory.copy(r0, EIGHT_L, 32);
  memory.copy(r1, k, 32);
  store<u8>(t1, 1);
  // t_i is positive for odd i and negative for even i (i >= 2); (r1, t1) is
  // pair number `index`.
  let index = 1;

  while (true) {
    const n0 = bitLength(r0);
    const n1 = bitLength(r1);
    if (n1 == 0 || n0 - n1 > 30) break; // quotient too large to estimate
    // q = floor(r0 / r1), estimated from the leading 64 bits of both (the
    // estimate is off by at most one) and then corrected.
    const shift = max(n0 - 64, 0);
    let q = <u64>(<f64>window64(r0, shift) / <f64>window64(r1, shift));
    // r2 = r0 - q * r1, computed in place of r0.
    if (mulSub(r0, r1, q)) {
      // One too many; adding r1 back must wrap to a non-negative value.
      if (!addTo(r0, r1)) break;
      q--;
    }
    while (geq(r0, r1)) {
      mulSub(r0, r1, 1);
      q++;
    }
    // |t2| = |t0| + q * |t1| (the signs of consecutive t alternate).
    mulAdd(t0, t1, q);
    // Shift the window: (r0, r1) <- (r1, r2), (t0, t1) <- (t1, t2).
    const rr = r0; r0 = r1; r1 = rr;
    const tt = t0; t0 = t1; t1 = tt;
    index++;

    const tBits = bitLength(t1);
    if (tBits >= best || tBits > MAX_BITS) break; // no shorter pair ahead
    if ((load<u8>(t1) & 1) != 0) {
      const m = max(bitLength(r1), tBits);
      if (m < best) {
        best = m;
        memory.copy(c0Out, r1, 32);
        memory.copy(c1Out, t1, 32);
        bestNegative = (index & 1) == 0;
      }
    }
  }
  // c0 = t * k with t < 0 becomes (-r, |t|): negate both entries.
  return bestNegative ? SPLIT_C0_NEGATIVE : 0;
}
