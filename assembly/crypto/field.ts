// Arithmetic in GF(p), p = 2^255 - 19, for the Ed25519 verifier.
//
// Representation
// --------------
// A field element ("fe") is 10 signed 64-bit limbs stored contiguously in
// linear memory (FE_SIZE = 80 bytes). Limb i carries weight 2^ceil(25.5 * i),
// so even limbs hold 26 bits and odd limbs 25 bits:
//
//     value = f0 + f1*2^26 + f2*2^51 + f3*2^77 + ... + f9*2^230   (mod p)
//
// WebAssembly has no 64x64->128 multiply, so the widest product that fits a
// native i64.mul is about 32x32 bits. With 25.5-bit limbs every partial
// product and every column sum of a multiplication stays below 2^63, which
// lets a full multiplication run on 100 plain i64 multiplies.
//
// Limb bounds
// -----------
// "Carried" means |limb| <= ~2^25 (even) / ~2^24 (odd), which is what feMul,
// feSq and feCarry produce (a rounding carry centres limbs around zero).
// feAdd/feSub/feNeg do not carry. feMul/feSq accept inputs whose limbs are at
// most 4x the carried bound on each side (a sum or difference of up to four
// carried elements, |limb| <= 2^27 / 2^26): the largest column of a product,
// sum of f_i*g_j*{1,2,19,38}, is then below 498 * 4 * 2^50 < 2^61, and the
// carries stay far from overflow. The point formulas in edwards.ts never feed
// more than a sum of three carried values into a multiplication (the SIMD
// kernels of field-pair.ts rely on that stricter bound).
//
// Everything here is variable-time: the verifier only handles public data.
// Functions take addresses of field elements; outputs may alias inputs.

/** Bytes per field element (10 x i64). */
export const FE_SIZE: usize = 80;

// Scratch elements used by the helpers in this file only.
const T0: usize = memory.data(80, 16);
const T1: usize = memory.data(80, 16);
const T2: usize = memory.data(80, 16);
const T3: usize = memory.data(80, 16);
const T4: usize = memory.data(80, 16);
const BYTES_A: usize = memory.data(32, 16);

// ---------------------------------------------------------------------------
// Simple limb-wise operations

export function feZero(h: usize): void {
  store<i64>(h, 0, 0); store<i64>(h, 0, 8); store<i64>(h, 0, 16); store<i64>(h, 0, 24);
  store<i64>(h, 0, 32); store<i64>(h, 0, 40); store<i64>(h, 0, 48); store<i64>(h, 0, 56);
  store<i64>(h, 0, 64); store<i64>(h, 0, 72);
}

export function feOne(h: usize): void {
  feZero(h);
  store<i64>(h, 1, 0);
}

export function feCopy(h: usize, f: usize): void {
  store<i64>(h, load<i64>(f, 0), 0); store<i64>(h, load<i64>(f, 8), 8);
  store<i64>(h, load<i64>(f, 16), 16); store<i64>(h, load<i64>(f, 24), 24);
  store<i64>(h, load<i64>(f, 32), 32); store<i64>(h, load<i64>(f, 40), 40);
  store<i64>(h, load<i64>(f, 48), 48); store<i64>(h, load<i64>(f, 56), 56);
  store<i64>(h, load<i64>(f, 64), 64); store<i64>(h, load<i64>(f, 72), 72);
}

// The limb-wise operations are unrolled and inlined: they sit between the
// multiplications of every point operation.

/** h = f + g, no carry. */
// @ts-ignore: decorator
@inline export function feAdd(h: usize, f: usize, g: usize): void {
  store<i64>(h, load<i64>(f, 0) + load<i64>(g, 0), 0);
  store<i64>(h, load<i64>(f, 8) + load<i64>(g, 8), 8);
  store<i64>(h, load<i64>(f, 16) + load<i64>(g, 16), 16);
  store<i64>(h, load<i64>(f, 24) + load<i64>(g, 24), 24);
  store<i64>(h, load<i64>(f, 32) + load<i64>(g, 32), 32);
  store<i64>(h, load<i64>(f, 40) + load<i64>(g, 40), 40);
  store<i64>(h, load<i64>(f, 48) + load<i64>(g, 48), 48);
  store<i64>(h, load<i64>(f, 56) + load<i64>(g, 56), 56);
  store<i64>(h, load<i64>(f, 64) + load<i64>(g, 64), 64);
  store<i64>(h, load<i64>(f, 72) + load<i64>(g, 72), 72);
}

/** h = f - g, no carry. */
// @ts-ignore: decorator
@inline export function feSub(h: usize, f: usize, g: usize): void {
  store<i64>(h, load<i64>(f, 0) - load<i64>(g, 0), 0);
  store<i64>(h, load<i64>(f, 8) - load<i64>(g, 8), 8);
  store<i64>(h, load<i64>(f, 16) - load<i64>(g, 16), 16);
  store<i64>(h, load<i64>(f, 24) - load<i64>(g, 24), 24);
  store<i64>(h, load<i64>(f, 32) - load<i64>(g, 32), 32);
  store<i64>(h, load<i64>(f, 40) - load<i64>(g, 40), 40);
  store<i64>(h, load<i64>(f, 48) - load<i64>(g, 48), 48);
  store<i64>(h, load<i64>(f, 56) - load<i64>(g, 56), 56);
  store<i64>(h, load<i64>(f, 64) - load<i64>(g, 64), 64);
  store<i64>(h, load<i64>(f, 72) - load<i64>(g, 72), 72);
}

/** h = -f, no carry. */
export function feNeg(h: usize, f: usize): void {
  for (let i: usize = 0; i < FE_SIZE; i += 8) {
    store<i64>(h + i, -load<i64>(f + i));
  }
}

// ---------------------------------------------------------------------------
// Carry propagation

// Rounding carry out of a 26-bit limb: the remainder lands in [-2^25, 2^25).
// @ts-ignore: decorator
@inline function carry26(x: i64): i64 {
  return (x + (1 << 25)) >> 26;
}

// Rounding carry out of a 25-bit limb.
// @ts-ignore: decorator
@inline function carry25(x: i64): i64 {
  return (x + (1 << 24)) >> 25;
}

/**
 * Stores ten column sums as a carried element. Two carry chains (starting at
 * limbs 0 and 4) run interleaved so their dependencies overlap; the carry out
 * of limb 9 wraps to limb 0 multiplied by 19 (2^255 = 19 mod p).
 */
// @ts-ignore: decorator
@inline function carryStore(
  h: usize,
  h0: i64, h1: i64, h2: i64, h3: i64, h4: i64,
  h5: i64, h6: i64, h7: i64, h8: i64, h9: i64,
): void {
  let c: i64;
  c = carry26(h0); h1 += c; h0 -= c << 26;
  c = carry26(h4); h5 += c; h4 -= c << 26;
  c = carry25(h1); h2 += c; h1 -= c << 25;
  c = carry25(h5); h6 += c; h5 -= c << 25;
  c = carry26(h2); h3 += c; h2 -= c << 26;
  c = carry26(h6); h7 += c; h6 -= c << 26;
  c = carry25(h3); h4 += c; h3 -= c << 25;
  c = carry25(h7); h8 += c; h7 -= c << 25;
  c = carry26(h4); h5 += c; h4 -= c << 26;
  c = carry26(h8); h9 += c; h8 -= c << 26;
  c = carry25(h9); h0 += c * 19; h9 -= c << 25;
  c = carry26(h0); h1 += c; h0 -= c << 26;
  store<i64>(h, h0, 0);
  store<i64>(h, h1, 8);
  store<i64>(h, h2, 16);
  store<i64>(h, h3, 24);
  store<i64>(h, h4, 32);
  store<i64>(h, h5, 40);
  store<i64>(h, h6, 48);
  store<i64>(h, h7, 56);
  store<i64>(h, h8, 64);
  store<i64>(h, h9, 72);
}

/** Brings the limbs of h back to the carried bounds (in place). */
export function feCarry(h: usize): void {
  carryStore(
    h,
    load<i64>(h, 0), load<i64>(h, 8), load<i64>(h, 16), load<i64>(h, 24), load<i64>(h, 32),
    load<i64>(h, 40), load<i64>(h, 48), load<i64>(h, 56), load<i64>(h, 64), load<i64>(h, 72),
  );
}

// ---------------------------------------------------------------------------
// Multiplication and squaring

/**
 * h = f * g. Schoolbook product on 10 limbs: a product of limbs i and j lands
 * in column i + j; both-odd pairs are doubled (their weights overshoot by one
 * bit), and columns >= 10 wrap to column - 10 multiplied by 19.
 */
export function feMul(h: usize, f: usize, g: usize): void {
  const f0 = load<i64>(f, 0), f1 = load<i64>(f, 8), f2 = load<i64>(f, 16), f3 = load<i64>(f, 24);
  const f4 = load<i64>(f, 32), f5 = load<i64>(f, 40), f6 = load<i64>(f, 48), f7 = load<i64>(f, 56);
  const f8 = load<i64>(f, 64), f9 = load<i64>(f, 72);
  const g0 = load<i64>(g, 0), g1 = load<i64>(g, 8), g2 = load<i64>(g, 16), g3 = load<i64>(g, 24);
  const g4 = load<i64>(g, 32), g5 = load<i64>(g, 40), g6 = load<i64>(g, 48), g7 = load<i64>(g, 56);
  const g8 = load<i64>(g, 64), g9 = load<i64>(g, 72);

  const g1_19 = g1 * 19, g2_19 = g2 * 19, g3_19 = g3 * 19, g4_19 = g4 * 19, g5_19 = g5 * 19;
  const g6_19 = g6 * 19, g7_19 = g7 * 19, g8_19 = g8 * 19, g9_19 = g9 * 19;
  const f1_2 = f1 << 1, f3_2 = f3 << 1, f5_2 = f5 << 1, f7_2 = f7 << 1, f9_2 = f9 << 1;

  const h0 = f0 * g0 + f1_2 * g9_19 + f2 * g8_19 + f3_2 * g7_19 + f4 * g6_19
    + f5_2 * g5_19 + f6 * g4_19 + f7_2 * g3_19 + f8 * g2_19 + f9_2 * g1_19;
  const h1 = f0 * g1 + f1 * g0 + f2 * g9_19 + f3 * g8_19 + f4 * g7_19
    + f5 * g6_19 + f6 * g5_19 + f7 * g4_19 + f8 * g3_19 + f9 * g2_19;
  const h2 = f0 * g2 + f1_2 * g1 + f2 * g0 + f3_2 * g9_19 + f4 * g8_19
    + f5_2 * g7_19 + f6 * g6_19 + f7_2 * g5_19 + f8 * g4_19 + f9_2 * g3_19;
  const h3 = f0 * g3 + f1 * g2 + f2 * g1 + f3 * g0 + f4 * g9_19
    + f5 * g8_19 + f6 * g7_19 + f7 * g6_19 + f8 * g5_19 + f9 * g4_19;
  const h4 = f0 * g4 + f1_2 * g3 + f2 * g2 + f3_2 * g1 + f4 * g0
    + f5_2 * g9_19 + f6 * g8_19 + f7_2 * g7_19 + f8 * g6_19 + f9_2 * g5_19;
  const h5 = f0 * g5 + f1 * g4 + f2 * g3 + f3 * g2 + f4 * g1
    + f5 * g0 + f6 * g9_19 + f7 * g8_19 + f8 * g7_19 + f9 * g6_19;
  const h6 = f0 * g6 + f1_2 * g5 + f2 * g4 + f3_2 * g3 + f4 * g2
    + f5_2 * g1 + f6 * g0 + f7_2 * g9_19 + f8 * g8_19 + f9_2 * g7_19;
  const h7 = f0 * g7 + f1 * g6 + f2 * g5 + f3 * g4 + f4 * g3
    + f5 * g2 + f6 * g1 + f7 * g0 + f8 * g9_19 + f9 * g8_19;
  const h8 = f0 * g8 + f1_2 * g7 + f2 * g6 + f3_2 * g5 + f4 * g4
    + f5_2 * g3 + f6 * g2 + f7_2 * g1 + f8 * g0 + f9_2 * g9_19;
  const h9 = f0 * g9 + f1 * g8 + f2 * g7 + f3 * g6 + f4 * g5
    + f5 * g4 + f6 * g3 + f7 * g2 + f8 * g1 + f9 * g0;

  carryStore(h, h0, h1, h2, h3, h4, h5, h6, h7, h8, h9);
}

/**
 * Column sums of f^2 (each off-diagonal product appears once, doubled), then
 * carried into h.
 */
// @ts-ignore: decorator
@inline function squareInto(h: usize, f: usize): void {
  const f0 = load<i64>(f, 0), f1 = load<i64>(f, 8), f2 = load<i64>(f, 16), f3 = load<i64>(f, 24);
  const f4 = load<i64>(f, 32), f5 = load<i64>(f, 40), f6 = load<i64>(f, 48), f7 = load<i64>(f, 56);
  const f8 = load<i64>(f, 64), f9 = load<i64>(f, 72);

  const f0_2 = f0 << 1, f1_2 = f1 << 1, f2_2 = f2 << 1, f3_2 = f3 << 1, f4_2 = f4 << 1;
  const f5_2 = f5 << 1, f6_2 = f6 << 1, f7_2 = f7 << 1, f8_2 = f8 << 1, f9_2 = f9 << 1;
  const f5_19 = f5 * 19, f6_19 = f6 * 19, f7_19 = f7 * 19, f8_19 = f8 * 19, f9_19 = f9 * 19;
  const f7_38 = f7 * 38, f9_38 = f9 * 38;

  const h0 = f0 * f0 + f1_2 * f9_38 + f2_2 * f8_19 + f3_2 * f7_38 + f4_2 * f6_19 + f5_2 * f5_19;
  const h1 = f0_2 * f1 + f2_2 * f9_19 + f3_2 * f8_19 + f4_2 * f7_19 + f5_2 * f6_19;
  const h2 = f0_2 * f2 + f1_2 * f1 + f3_2 * f9_38 + f4_2 * f8_19 + f5_2 * f7_38 + f6 * f6_19;
  const h3 = f0_2 * f3 + f1_2 * f2 + f4_2 * f9_19 + f5_2 * f8_19 + f6_2 * f7_19;
  const h4 = f0_2 * f4 + f1_2 * f3_2 + f2 * f2 + f5_2 * f9_38 + f6_2 * f8_19 + f7_2 * f7_19;
  const h5 = f0_2 * f5 + f1_2 * f4 + f2_2 * f3 + f6_2 * f9_19 + f7_2 * f8_19;
  const h6 = f0_2 * f6 + f1_2 * f5_2 + f2_2 * f4 + f3_2 * f3 + f7_2 * f9_38 + f8 * f8_19;
  const h7 = f0_2 * f7 + f1_2 * f6 + f2_2 * f5 + f3_2 * f4 + f8_2 * f9_19;
  const h8 = f0_2 * f8 + f1_2 * f7_2 + f2_2 * f6 + f3_2 * f5_2 + f4 * f4 + f9_2 * f9_19;
  const h9 = f0_2 * f9 + f1_2 * f8 + f2_2 * f7 + f3_2 * f6 + f4_2 * f5;

  carryStore(h, h0, h1, h2, h3, h4, h5, h6, h7, h8, h9);
}

/** h = f^2. */
export function feSq(h: usize, f: usize): void {
  squareInto(h, f);
}

/** h = f^(2^n), n >= 1. */
export function feSqN(h: usize, f: usize, n: i32): void {
  squareInto(h, f);
  for (let i = 1; i < n; i++) squareInto(h, h);
}

// ---------------------------------------------------------------------------
// Exponentiation

/**
 * Shared prefix of the inversion and square-root exponent chains:
 * writes z^(2^250 - 1) to `z250` and z^11 to `z11`.
 * Uses T0..T2 as working storage (z250 and z11 must not be T0..T2; z11 may
 * alias z, which is last read before z11 is written).
 */
function powChain250(z250: usize, z11: usize, z: usize): void {
  const a = T0, b = T1, c = T2;
  feSq(a, z);                // z^2
  feSqN(b, a, 2);            // z^8
  feMul(b, z, b);            // z^9
  feMul(z11, a, b);          // z^11
  feSq(a, z11);              // z^22
  feMul(b, b, a);            // z^31 = z^(2^5 - 1)
  feSqN(a, b, 5);
  feMul(b, a, b);            // z^(2^10 - 1)
  feSqN(a, b, 10);
  feMul(a, a, b);            // z^(2^20 - 1)
  feSqN(c, a, 20);
  feMul(a, c, a);            // z^(2^40 - 1)
  feSqN(a, a, 10);
  feMul(b, a, b);            // z^(2^50 - 1)
  feSqN(a, b, 50);
  feMul(a, a, b);            // z^(2^100 - 1)
  feSqN(c, a, 100);
  feMul(a, c, a);            // z^(2^200 - 1)
  feSqN(a, a, 50);
  feMul(z250, a, b);         // z^(2^250 - 1)
}

/** h = 1 / z = z^(p - 2) = z^(2^255 - 21); 0 maps to 0. */
export function feInvert(h: usize, z: usize): void {
  powChain250(T3, h, z);      // T3 = z^(2^250 - 1), h = z^11
  feSqN(T3, T3, 5);           // z^(2^255 - 32)
  feMul(h, T3, h);            // z^(2^255 - 21)
}

/** h = z^((p - 5) / 8) = z^(2^252 - 3), the core of the square root. */
export function fePow22523(h: usize, z: usize): void {
  powChain250(T3, T4, z);     // z^11 (in T4) is not needed here
  feSqN(T3, T3, 2);           // z^(2^252 - 4)
  feMul(h, T3, z);            // z^(2^252 - 3)
}

// ---------------------------------------------------------------------------
// Encoding

/**
 * Loads 32 little-endian bytes into h, ignoring bit 255. Values in [p, 2^255)
 * are accepted unreduced: they are congruent to value - p and every operation
 * treats them as such (this is the lenient decoding ed25519-dalek uses).
 */
export function feFromBytes(h: usize, s: usize): void {
  const M26: u32 = (1 << 26) - 1, M25: u32 = (1 << 25) - 1;
  store<i64>(h, <i64>(load<u32>(s, 0) & M26), 0);          // bits   0..25
  store<i64>(h, <i64>((load<u32>(s, 3) >> 2) & M25), 8);   // bits  26..50
  store<i64>(h, <i64>((load<u32>(s, 6) >> 3) & M26), 16);  // bits  51..76
  store<i64>(h, <i64>((load<u32>(s, 9) >> 5) & M25), 24);  // bits  77..101
  store<i64>(h, <i64>((load<u32>(s, 12) >> 6) & M26), 32); // bits 102..127
  store<i64>(h, <i64>(load<u32>(s, 16) & M25), 40);        // bits 128..152
  store<i64>(h, <i64>((load<u32>(s, 19) >> 1) & M26), 48); // bits 153..178
  store<i64>(h, <i64>((load<u32>(s, 22) >> 3) & M25), 56); // bits 179..203
  store<i64>(h, <i64>((load<u32>(s, 25) >> 4) & M26), 64); // bits 204..229
  store<i64>(h, <i64>((load<u32>(s, 28) >> 6) & M25), 72); // bits 230..254
}

/**
 * Writes the canonical encoding (value reduced into [0, p)) of f to s.
 * Accepts any limbs of moderate size (up to ~2^40), e.g. uncarried sums.
 */
export function feToBytes(s: usize, f: usize): void {
  let h0 = load<i64>(f, 0), h1 = load<i64>(f, 8), h2 = load<i64>(f, 16), h3 = load<i64>(f, 24);
  let h4 = load<i64>(f, 32), h5 = load<i64>(f, 40), h6 = load<i64>(f, 48), h7 = load<i64>(f, 56);
  let h8 = load<i64>(f, 64), h9 = load<i64>(f, 72);
  // Three floor-carry passes leave every limb in [0, 2^width) and the value
  // in [0, 2^255): each pass shrinks the carry wrapped from limb 9 to limb 0.
  for (let pass = 0; pass < 3; pass++) {
    h1 += h0 >> 26; h0 &= 0x3ffffff;
    h2 += h1 >> 25; h1 &= 0x1ffffff;
    h3 += h2 >> 26; h2 &= 0x3ffffff;
    h4 += h3 >> 25; h3 &= 0x1ffffff;
    h5 += h4 >> 26; h4 &= 0x3ffffff;
    h6 += h5 >> 25; h5 &= 0x1ffffff;
    h7 += h6 >> 26; h6 &= 0x3ffffff;
    h8 += h7 >> 25; h7 &= 0x1ffffff;
    h9 += h8 >> 26; h8 &= 0x3ffffff;
    h0 += (h9 >> 25) * 19; h9 &= 0x1ffffff;
  }
  // value >= p  <=>  value + 19 >= 2^255: q is the carry out of (value + 19).
  let q = (h0 + 19) >> 26;
  q = (h1 + q) >> 25; q = (h2 + q) >> 26; q = (h3 + q) >> 25; q = (h4 + q) >> 26;
  q = (h5 + q) >> 25; q = (h6 + q) >> 26; q = (h7 + q) >> 25; q = (h8 + q) >> 26;
  q = (h9 + q) >> 25;
  // Subtract q*p: add 19q, carry, and drop bit 255.
  h0 += 19 * q;
  h1 += h0 >> 26; h0 &= 0x3ffffff;
  h2 += h1 >> 25; h1 &= 0x1ffffff;
  h3 += h2 >> 26; h2 &= 0x3ffffff;
  h4 += h3 >> 25; h3 &= 0x1ffffff;
  h5 += h4 >> 26; h4 &= 0x3ffffff;
  h6 += h5 >> 25; h5 &= 0x1ffffff;
  h7 += h6 >> 26; h6 &= 0x3ffffff;
  h8 += h7 >> 25; h7 &= 0x1ffffff;
  h9 += h8 >> 26; h8 &= 0x3ffffff;
  h9 &= 0x1ffffff;
  // Pack: limb i starts at bit ceil(25.5 i).
  store<u64>(s, <u64>h0 | (<u64>h1 << 26) | (<u64>h2 << 51), 0);
  store<u64>(s, (<u64>h2 >> 13) | (<u64>h3 << 13) | (<u64>h4 << 38), 8);
  store<u64>(s, <u64>h5 | (<u64>h6 << 25) | (<u64>h7 << 51), 16);
  store<u64>(s, (<u64>h7 >> 13) | (<u64>h8 << 12) | (<u64>h9 << 38), 24);
}

/** True when f is 0 mod p. */
export function feIsZero(f: usize): bool {
  feToBytes(BYTES_A, f);
  return (load<u64>(BYTES_A, 0) | load<u64>(BYTES_A, 8) | load<u64>(BYTES_A, 16) | load<u64>(BYTES_A, 24)) == 0;
}

/** True when f = g mod p (f and g may be uncarried sums). */
export function feEqual(f: usize, g: usize): bool {
  feSub(T0, f, g);
  return feIsZero(T0);
}

/** True when f = -g mod p. */
export function feEqualNeg(f: usize, g: usize): bool {
  feAdd(T0, f, g);
  return feIsZero(T0);
}

/** The "sign" of f: the low bit of its canonical encoding. */
export function feIsNegative(f: usize): bool {
  feToBytes(BYTES_A, f);
  return (load<u8>(BYTES_A) & 1) != 0;
}
