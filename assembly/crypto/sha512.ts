// SHA-512 (FIPS 180-4) over ranges of linear memory.
//
// A hashing state is a caller-provided block of SHA512_STATE_SIZE bytes:
//
//   offset   0  H0..H7, the chaining value (8 x u64)
//   offset  64  total number of bytes absorbed so far (u64)
//   offset  72  number of bytes waiting in the block buffer (u32)
//   offset 128  the block buffer (128 bytes)
//
// Ed25519 hashes R || A || M: calling sha512Update once per piece hashes the
// concatenation without copying the message (only partial blocks at the
// seams go through the buffer). Nothing here allocates.

export const SHA512_STATE_SIZE: usize = 256;
const BUF: usize = 128;

// Round constants: the first 64 bits of the fractional parts of the cube
// roots of the first 80 primes.
const K: usize = memory.data<u64>([
  0x428a2f98d728ae22, 0x7137449123ef65cd, 0xb5c0fbcfec4d3b2f, 0xe9b5dba58189dbbc,
  0x3956c25bf348b538, 0x59f111f1b605d019, 0x923f82a4af194f9b, 0xab1c5ed5da6d8118,
  0xd807aa98a3030242, 0x12835b0145706fbe, 0x243185be4ee4b28c, 0x550c7dc3d5ffb4e2,
  0x72be5d74f27b896f, 0x80deb1fe3b1696b1, 0x9bdc06a725c71235, 0xc19bf174cf692694,
  0xe49b69c19ef14ad2, 0xefbe4786384f25e3, 0x0fc19dc68b8cd5b5, 0x240ca1cc77ac9c65,
  0x2de92c6f592b0275, 0x4a7484aa6ea6e483, 0x5cb0a9dcbd41fbd4, 0x76f988da831153b5,
  0x983e5152ee66dfab, 0xa831c66d2db43210, 0xb00327c898fb213f, 0xbf597fc7beef0ee4,
  0xc6e00bf33da88fc2, 0xd5a79147930aa725, 0x06ca6351e003826f, 0x142929670a0e6e70,
  0x27b70a8546d22ffc, 0x2e1b21385c26c926, 0x4d2c6dfc5ac42aed, 0x53380d139d95b3df,
  0x650a73548baf63de, 0x766a0abb3c77b2a8, 0x81c2c92e47edaee6, 0x92722c851482353b,
  0xa2bfe8a14cf10364, 0xa81a664bbc423001, 0xc24b8b70d0f89791, 0xc76c51a30654be30,
  0xd192e819d6ef5218, 0xd69906245565a910, 0xf40e35855771202a, 0x106aa07032bbd1b8,
  0x19a4c116b8d2d0c8, 0x1e376c085141ab53, 0x2748774cdf8eeb99, 0x34b0bcb5e19b48a8,
  0x391c0cb3c5c95a63, 0x4ed8aa4ae3418acb, 0x5b9cca4f7763e373, 0x682e6ff3d6b2b8a3,
  0x748f82ee5defb2fc, 0x78a5636f43172f60, 0x84c87814a1f0ab72, 0x8cc702081a6439ec,
  0x90befffa23631e28, 0xa4506cebde82bde9, 0xbef9a3f7b2c67915, 0xc67178f2e372532b,
  0xca273eceea26619c, 0xd186b8c721c0c207, 0xeada7dd6cde0eb1e, 0xf57d4f7fee6ed178,
  0x06f067aa72176fba, 0x0a637dc5a2c898a6, 0x113f9804bef90dae, 0x1b710b35131c471b,
  0x28db77f523047d84, 0x32caab7b40c72493, 0x3c9ebe0a15c9bebc, 0x431d67c49c100d4c,
  0x4cc5d4becb3e42b6, 0x597f299cfc657e2a, 0x5fcb6fab3ad6faec, 0x6c44198c4a475817,
], 16);

// Initial chaining value: fractional parts of the square roots of the first
// eight primes.
const IV: usize = memory.data<u64>([
  0x6a09e667f3bcc908, 0xbb67ae8584caa73b, 0x3c6ef372fe94f82b, 0xa54ff53a5f1d36f1,
  0x510e527fade682d1, 0x9b05688c2b3e6c1f, 0x1f83d9abfb41bd6b, 0x5be0cd19137e2179,
], 16);

// Message schedule, shared by all states (the module is single-threaded).
const W: usize = memory.data(80 * 8, 16);
// State used by the one-shot helpers.
const ONE_SHOT: usize = memory.data(<i32>SHA512_STATE_SIZE, 16);

// @ts-ignore: decorator
@inline function bigSigma0(x: u64): u64 { return rotr(x, 28) ^ rotr(x, 34) ^ rotr(x, 39); }
// @ts-ignore: decorator
@inline function bigSigma1(x: u64): u64 { return rotr(x, 14) ^ rotr(x, 18) ^ rotr(x, 41); }
// @ts-ignore: decorator
@inline function smallSigma0(x: u64): u64 { return rotr(x, 1) ^ rotr(x, 8) ^ (x >> 7); }
// @ts-ignore: decorator
@inline function smallSigma1(x: u64): u64 { return rotr(x, 19) ^ rotr(x, 61) ^ (x >> 6); }

/** Compresses one 128-byte block at `block` into the chaining value at `h`. */
function compress(h: usize, block: usize): void {
  for (let i: usize = 0; i < 16; i++) {
    store<u64>(W + (i << 3), bswap(load<u64>(block + (i << 3))));
  }
  for (let i: usize = 16; i < 80; i++) {
    const w2 = load<u64>(W + ((i - 2) << 3));
    const w15 = load<u64>(W + ((i - 15) << 3));
    store<u64>(
      W + (i << 3),
      smallSigma1(w2) + load<u64>(W + ((i - 7) << 3)) + smallSigma0(w15) + load<u64>(W + ((i - 16) << 3)),
    );
  }

  let a = load<u64>(h, 0), b = load<u64>(h, 8), c = load<u64>(h, 16), d = load<u64>(h, 24);
  let e = load<u64>(h, 32), f = load<u64>(h, 40), g = load<u64>(h, 48), hh = load<u64>(h, 56);
  for (let i: usize = 0; i < 80; i++) {
    const t1 = hh + bigSigma1(e) + (g ^ (e & (f ^ g))) + load<u64>(K + (i << 3)) + load<u64>(W + (i << 3));
    const t2 = bigSigma0(a) + ((a & b) | (c & (a | b)));
    hh = g; g = f; f = e; e = d + t1;
    d = c; c = b; b = a; a = t1 + t2;
  }
  store<u64>(h, load<u64>(h, 0) + a, 0);
  store<u64>(h, load<u64>(h, 8) + b, 8);
  store<u64>(h, load<u64>(h, 16) + c, 16);
  store<u64>(h, load<u64>(h, 24) + d, 24);
  store<u64>(h, load<u64>(h, 32) + e, 32);
  store<u64>(h, load<u64>(h, 40) + f, 40);
  store<u64>(h, load<u64>(h, 48) + g, 48);
  store<u64>(h, load<u64>(h, 56) + hh, 56);
}

/** Resets the state at `st` to the empty message. */
export function sha512Init(st: usize): void {
  memory.copy(st, IV, 64);
  store<u64>(st, 0, 64);
  store<u32>(st, 0, 72);
}

/** Absorbs `len` bytes at `ptr`. */
export function sha512Update(st: usize, ptr: usize, len: usize): void {
  store<u64>(st, load<u64>(st, 64) + <u64>len, 64);
  let have = <usize>load<u32>(st, 72);
  if (have > 0) {
    const take = min<usize>(128 - have, len);
    memory.copy(st + BUF + have, ptr, take);
    have += take;
    ptr += take;
    len -= take;
    if (have < 128) {
      store<u32>(st, <u32>have, 72);
      return;
    }
    compress(st, st + BUF);
  }
  while (len >= 128) {
    compress(st, ptr);
    ptr += 128;
    len -= 128;
  }
  memory.copy(st + BUF, ptr, len);
  store<u32>(st, <u32>len, 72);
}

/** Pads, writes the 64-byte digest to `out`, and leaves the state spent. */
export function sha512Final(st: usize, out: usize): void {
  const have = <usize>load<u32>(st, 72);
  const byteLength = load<u64>(st, 64);
  const buf = st + BUF;
  store<u8>(buf + have, 0x80);
  if (have >= 112) {
    memory.fill(buf + have + 1, 0, 128 - have - 1);
    compress(st, buf);
    memory.fill(buf, 0, 112);
  } else {
    memory.fill(buf + have + 1, 0, 112 - have - 1);
  }
  // 128-bit big-endian bit length.
  store<u64>(buf, bswap(byteLength >> 61), 112);
  store<u64>(buf, bswap(byteLength << 3), 120);
  compress(st, buf);
  for (let i: usize = 0; i < 64; i += 8) {
    store<u64>(out + i, bswap(load<u64>(st + i)));
  }
}

/** One-shot SHA-512 of `len` bytes at `ptr`, digest to `out` (64 bytes). */
export function sha512Digest(out: usize, ptr: usize, len: usize): void {
  sha512Init(ONE_SHOT);
  sha512Update(ONE_SHOT, ptr, len);
  sha512Final(ONE_SHOT, out);
}

/**
 * SHA-512 of the concatenation of three ranges (e.g. R || A || M for
 * Ed25519), without first copying them into one buffer.
 */
export function sha512Digest3(
  out: usize,
  p1: usize, l1: usize,
  p2: usize, l2: usize,
  p3: usize, l3: usize,
): void {
  sha512Init(ONE_SHOT);
  sha512Update(ONE_SHOT, p1, l1);
  sha512Update(ONE_SHOT, p2, l2);
  sha512Update(ONE_SHOT, p3, l3);
  sha512Final(ONE_SHOT, out);
}
