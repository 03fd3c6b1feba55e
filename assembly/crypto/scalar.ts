// Scalars modulo the group order L = 2^252 + c,
// c = 27742317777372353535851937790883648493.
//
// Scalars travel as 32-byte little-endian strings. For reduction they are
// split into 21-bit limbs held in i64 (value = sum x_i * 2^(21 i)), which
// leaves room for the products and carries below. 2^252 is limb 12's weight,
// and 2^252 = -c (mod L), so a limb at index i >= 12 folds down onto limbs
// i-12 .. i-7 multiplied by -c (c spans 6 limbs).
//
// Variable-time: only public scalars (s, the hash k) are handled here.

const M21: i64 = (1 << 21) - 1;

/** c = L - 2^252 in 21-bit limbs. */
const C: usize = memory.data<i64>([1430509, 1626855, 1442968, 997804, 1960495, 683900], 16);

/** L, little-endian bytes. */
const L_BYTES: usize = memory.data<u8>([
  0xed, 0xd3, 0xf5, 0x5c, 0x1a, 0x63, 0x12, 0x58, 0xd6, 0x9c, 0xf7, 0xa2, 0xde, 0xf9, 0xde, 0x14,
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x10,
], 16);

// Working limbs (24 are enough for a 512-bit input or a 256x256-bit product).
const X: usize = memory.data(24 * 8, 16);
const YA: usize = memory.data(12 * 8, 16);
const YB: usize = memory.data(12 * 8, 16);
// Zero-padded copy of a scalar for window extraction (8 spare bytes).
const PADDED: usize = memory.data(48, 16);

// @ts-ignore: decorator
@inline function limb(x: usize, i: i32): i64 {
  return load<i64>(x + (<usize>i << 3));
}

// @ts-ignore: decorator
@inline function setLimb(x: usize, i: i32, v: i64): void {
  store<i64>(x + (<usize>i << 3), v);
}

/** True when the 32-byte scalar at s is < L (the canonical range). */
export function scIsCanonical(s: usize): bool {
  for (let i = 31; i >= 0; i--) {
    const a = load<u8>(s + <usize>i);
    const b = load<u8>(L_BYTES + <usize>i);
    if (a != b) return a < b;
  }
  return false; // s == L
}

/**
 * Splits `nBytes` (32 or 64) little-endian bytes into 21-bit limbs. The top
 * limb keeps every remaining bit (25 bits for 32 bytes, 29 bits for 64).
 */
function toLimbs(x: usize, s: usize, nBytes: i32): i32 {
  const n = (nBytes * 8) / 21;
  for (let i = 0; i < n; i++) {
    const bit = i * 21;
    // A 21-bit field starting at any bit fits in the 4 bytes from bit / 8.
    let v = <i64>(load<u32>(s + <usize>(bit >> 3)) >> <u32>(bit & 7));
    if (i < n - 1) v &= M21;
    setLimb(x, i, v);
  }
  return n;
}

/** Floor-carries limbs [from, to) into their successors, leaving them in [0, 2^21). */
// @ts-ignore: decorator
@inline function carryRange(x: usize, from: i32, to: i32): void {
  for (let i = from; i < to; i++) {
    const v = limb(x, i);
    const c = v >> 21;
    setLimb(x, i, v & M21);
    setLimb(x, i + 1, limb(x, i + 1) + c);
  }
}

/** Adds (sign = 1) or subtracts (sign = -1) L to the 12-limb value at x. */
function addL(x: usize, sign: i64): void {
  for (let j = 0; j < 6; j++) setLimb(x, j, limb(x, j) + sign * limb(C, j));
  setLimb(x, 11, limb(x, 11) + sign * (<i64>1 << 21)); // 2^252 = 2^21 * 2^231
  carryRange(x, 0, 11);
}

/**
 * Reduces the n-limb value at x (n <= 24, limbs signed with magnitude below
 * ~2^50) modulo L and writes the canonical 32 bytes to out.
 */
function reduceLimbs(out: usize, x: usize, n: i32): void {
  carryRange(x, 0, n - 1);
  // Fold the limbs above 2^252 from the top down. After each fold the touched
  // region is carried again, so the next limb to fold stays below ~2^31 and
  // its products with c stay below 2^52.
  for (let i = n - 1; i >= 12; i--) {
    const v = limb(x, i);
    setLimb(x, i, 0);
    if (v == 0) continue;
    const base = i - 12;
    for (let j = 0; j < 6; j++) setLimb(x, base + j, limb(x, base + j) - v * limb(C, j));
    carryRange(x, base, i - 1);
  }
  // Now value = x_0 + ... + x_11 * 2^231 with x_0..x_10 in [0, 2^21). Fold the
  // bits of x_11 above 2^252 once more; the result lies in (-L, 2L).
  const q = limb(x, 11) >> 21;
  setLimb(x, 11, limb(x, 11) & M21);
  for (let j = 0; j < 6; j++) setLimb(x, j, limb(x, j) - q * limb(C, j));
  carryRange(x, 0, 11);
  if (limb(x, 11) < 0) addL(x, 1);
  // Subtract L when the value is >= L (x_11 >= 2^21, or equal top limb and
  // a larger or equal low part: compare by trial subtraction).
  addL(x, -1);
  if (limb(x, 11) < 0) addL(x, 1);

  // Pack the 253-bit result.
  let acc: u64 = 0;
  let bits: u32 = 0;
  let o: usize = 0;
  for (let i = 0; i < 12; i++) {
    acc |= <u64>limb(x, i) << bits;
    bits += 21;
    while (bits >= 8) {
      store<u8>(out + o++, <u8>acc);
      acc >>= 8;
      bits -= 8;
    }
  }
  while (o < 32) {
    store<u8>(out + o++, <u8>acc);
    acc >>= 8;
  }
}

/** out = (64-byte little-endian value at h) mod L, e.g. for a SHA-512 digest. */
export function scReduce64(out: usize, h: usize): void {
  reduceLimbs(out, X, toLimbs(X, h, 64));
}

/** out = a * b mod L for 32-byte little-endian a and b (any 256-bit values). */
export function scMul(out: usize, a: usize, b: usize): void {
  toLimbs(YA, a, 32);
  toLimbs(YB, b, 32);
  for (let i: usize = 0; i < 24 * 8; i += 8) store<i64>(X + i, 0);
  for (let i = 0; i < 12; i++) {
    const ai = limb(YA, i);
    if (ai == 0) continue;
    for (let j = 0; j < 12; j++) {
      setLimb(X, i + j, limb(X, i + j) + ai * limb(YB, j));
    }
  }
  reduceLimbs(out, X, 24);
}

/**
 * Writes `count` (256 or 257) digits of the width-w non-adjacent form of the
 * 256-bit scalar at s to naf[0..count) as signed bytes: every nonzero digit
 * is odd with |digit| < 2^(w-1), any w consecutive digits hold at most one
 * nonzero, and sum naf[i] * 2^i equals the scalar. 256 digits suffice for
 * scalars below 2^255; any 256-bit scalar needs 257 (the last carry lands in
 * digit 256). Returns the index of the highest nonzero digit, or -1 for zero.
 */
export function scWnafDigits(naf: usize, s: usize, w: i32, count: i32): i32 {
  store<u64>(PADDED, load<u64>(s, 0), 0);
  store<u64>(PADDED, load<u64>(s, 8), 8);
  store<u64>(PADDED, load<u64>(s, 16), 16);
  store<u64>(PADDED, load<u64>(s, 24), 24);
  store<u64>(PADDED, 0, 32);
  store<u64>(PADDED, 0, 40);
  memory.fill(naf, 0, <usize>count);
  const width: u32 = 1 << w;
  const mask: u64 = <u64>width - 1;
  let carry: u64 = 0;
  let top = -1;
  let pos = 0;
  while (pos < count) {
    // At least 57 bits starting at pos (bits past 255 read as zero).
    const bits = load<u64>(PADDED + <usize>(pos >> 3)) >> <u64>(pos & 7);
    // Positions where the bit equals the pending carry hold digit 0 (the
    // carry, if any, moves up): skip the whole run at once.
    const run = <i32>ctz(carry != 0 ? ~bits : bits);
    if (run > 0) {
      pos += min(run, 56);
      continue;
    }
    // The window starting at pos, plus the carry, is odd here.
    const window = <u32>((bits & mask) + carry);
    if (window < width >> 1) {
      store<i8>(naf + <usize>pos, <i8>window);
      carry = 0;
    } else {
      store<i8>(naf + <usize>pos, <i8>(<i32>window - <i32>width));
      carry = 1;
    }
    top = pos;
    pos += w;
  }
  return top;
}

/** The 256-digit width-w NAF of a scalar below 2^255 (see scWnafDigits). */
export function scWnaf(naf: usize, s: usize, w: i32): i32 {
  return scWnafDigits(naf, s, w, 256);
}
