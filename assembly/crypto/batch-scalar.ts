// Integer helpers for Ed25519 batch verification (see batch.ts): wide
// accumulators for sums of products z_i * x_i, their reduction modulo L and
// modulo 8L, and the digit expansions used by the multi-scalar
// multiplication (batch-msm.ts).
//
// Numbers are little-endian strings of u32 limbs (the same bytes as a
// little-endian integer). Only public values pass through here, so
// everything is variable-time.

import { scReduce64, scWnafDigits } from './scalar';

/** Bytes of a wide accumulator (512 bits). */
export const ACC_SIZE: usize = 64;

/** L, little-endian u32 limbs. */
const L_LIMBS: usize = memory.data<u32>([
  0x5cf5d3ed, 0x5812631a, 0xa2f79cd6, 0x14def9de, 0, 0, 0, 0x10000000,
], 16);

const SHIFTED: usize = memory.data(64, 16);
const REDUCED: usize = memory.data(32, 16);
/** Zero-padded copy of a scalar for window reads past bit 255. */
const PAD: usize = memory.data(48, 16);

/**
 * acc (16 u32 limbs) += a (4 limbs, a 128-bit multiplier) * b (8 limbs).
 * The caller keeps the sum below 2^512 (here: at most 2^10 terms of
 * 128 x 256 bits).
 */
export function mulAcc128x256(acc: usize, a: usize, b: usize): void {
  for (let i: usize = 0; i < 4; i++) {
    const ai = <u64>load<u32>(a + (i << 2));
    if (ai == 0) continue;
    let carry: u64 = 0;
    for (let j: usize = 0; j < 8; j++) {
      const at = acc + ((i + j) << 2);
      const t = ai * <u64>load<u32>(b + (j << 2)) + <u64>load<u32>(at) + carry;
      store<u32>(at, <u32>t);
      carry = t >> 32;
    }
    for (let k = i + 8; carry != 0 && k < 16; k++) {
      const at = acc + (k << 2);
      const t = <u64>load<u32>(at) + carry;
      store<u32>(at, <u32>t);
      carry = t >> 32;
    }
  }
}

/** out (32 bytes) = acc (64 bytes) mod L. */
export function reduceModL(out: usize, acc: usize): void {
  scReduce64(out, acc);
}

/**
 * out (32 bytes) = acc (64 bytes) mod 8L, which lies below 8L < 2^256.
 * With acc = 8q + r (r < 8): acc mod 8L = 8 (q mod L) + r.
 * Reducing modulo 8L rather than L keeps [x]A exact for points A with a
 * torsion component (the curve group has order 8L).
 */
export function reduceMod8L(out: usize, acc: usize): void {
  const low = load<u8>(acc) & 7;
  // SHIFTED = acc >> 3.
  for (let i: usize = 0; i < 8; i++) {
    const lo = load<u64>(acc + (i << 3));
    const hi: u64 = i < 7 ? load<u64>(acc + ((i + 1) << 3)) : 0;
    store<u64>(SHIFTED + (i << 3), (lo >> 3) | (hi << 61));
  }
  scReduce64(REDUCED, SHIFTED);
  // out = (REDUCED << 3) | low; REDUCED < L < 2^253, so this fits 256 bits.
  for (let i: usize = 0; i < 4; i++) {
    const cur = load<u64>(REDUCED + (i << 3));
    const prev: u64 = i > 0 ? load<u64>(REDUCED + ((i - 1) << 3)) : 0;
    store<u64>(out + (i << 3), (cur << 3) | (prev >> 61));
  }
  store<u8>(out, load<u8>(out) | low);
}

/** out = (L - x) mod L for a reduced scalar x (32 bytes); out may alias x. */
export function negateModL(out: usize, x: usize): void {
  let zero = true;
  for (let i: usize = 0; i < 32; i += 8) {
    if (load<u64>(x + i) != 0) zero = false;
  }
  if (zero) {
    memory.fill(out, 0, 32);
    return;
  }
  let borrow: i64 = 0;
  for (let i: usize = 0; i < 8; i++) {
    const d = <i64>load<u32>(L_LIMBS + (i << 2)) - <i64>load<u32>(x + (i << 2)) + borrow;
    store<u32>(out + (i << 2), <u32>d);
    borrow = d >> 32;
  }
}

/** Bit length of a 256-bit scalar (0 for zero). */
export function bitLength256(s: usize): i32 {
  for (let i = 3; i >= 0; i--) {
    const v = load<u64>(s + (<usize>i << 3));
    if (v != 0) return (i << 6) + 64 - <i32>clz(v);
  }
  return 0;
}

/** The 257-digit width-w NAF of any 256-bit scalar (see scWnafDigits). */
export function wnaf256(naf: usize, s: usize, w: i32): i32 {
  return scWnafDigits(naf, s, w, 257);
}

/**
 * Signed radix-2^c digits (2 <= c <= 8) of the 256-bit scalar at s:
 * digits[j] in [-2^(c-1), 2^(c-1)) with sum digits[j] 2^(c j) = s.
 * Writes floor(256 / c) + 1 digits and returns the number of digits up to
 * the highest nonzero one (0 for a zero scalar).
 */
export function radixDigits(digits: usize, s: usize, c: i32): i32 {
  memory.copy(PAD, s, 32);
  memory.fill(PAD + 32, 0, 16);
  const mask: u64 = (<u64>1 << <u64>c) - 1;
  const half: i32 = 1 << (c - 1);
  let carry: i32 = 0;
  let used = 0;
  let j = 0;
  for (let bit = 0; bit <= 256; bit += c) {
    let v = <i32>((load<u64>(PAD + <usize>(bit >> 3)) >> <u64>(bit & 7)) & mask) + carry;
    if (v >= half) {
      v -= 1 << c;
      carry = 1;
    } else {
      carry = 0;
    }
    store<i8>(digits + <usize>j, <i8>v);
    j++;
    if (v != 0) used = j;
  }
  return used;
}
