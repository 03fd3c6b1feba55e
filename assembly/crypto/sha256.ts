// SHA-256 (FIPS 180-4) over ranges of linear memory.
//
// A hashing state is a caller-provided block of SHA256_STATE_SIZE bytes:
//
//   offset  0  H0..H7, the chaining value (8 x u32)
//   offset 32  total number of bytes absorbed so far (u64)
//   offset 40  number of bytes waiting in the block buffer (u32)
//   offset 64  the block buffer (64 bytes)
//
// Full 64-byte blocks are compressed straight from the input; only a partial
// block at either end of an update is copied into the buffer. Nothing here
// allocates.

export const SHA256_STATE_SIZE: usize = 128;
const BUF: usize = 64;

// Round constants: the first 32 bits of the fractional parts of the cube
// roots of the first 64 primes.
const K: usize = memory.data<u32>([
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
  0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
  0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
  0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
  0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
  0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
  0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
  0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
], 16);

// Initial chaining value: fractional parts of the square roots of the first
// eight primes.
const IV: usize = memory.data<u32>([
  0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
], 16);

// Message schedule, shared by all states (the module is single-threaded).
const W: usize = memory.data(64 * 4, 16);
// State used by the one-shot sha256().
const ONE_SHOT: usize = memory.data(<i32>SHA256_STATE_SIZE, 16);

// @ts-ignore: decorator
@inline function bigSigma0(x: u32): u32 { return rotr(x, 2) ^ rotr(x, 13) ^ rotr(x, 22); }
// @ts-ignore: decorator
@inline function bigSigma1(x: u32): u32 { return rotr(x, 6) ^ rotr(x, 11) ^ rotr(x, 25); }
// @ts-ignore: decorator
@inline function smallSigma0(x: u32): u32 { return rotr(x, 7) ^ rotr(x, 18) ^ (x >> 3); }
// @ts-ignore: decorator
@inline function smallSigma1(x: u32): u32 { return rotr(x, 17) ^ rotr(x, 19) ^ (x >> 10); }

/** Compresses one 64-byte block at `block` into the chaining value at `h`. */
function compress(h: usize, block: usize): void {
  for (let i: usize = 0; i < 16; i++) {
    store<u32>(W + (i << 2), bswap(load<u32>(block + (i << 2))));
  }
  for (let i: usize = 16; i < 64; i++) {
    const w2 = load<u32>(W + ((i - 2) << 2));
    const w15 = load<u32>(W + ((i - 15) << 2));
    store<u32>(
      W + (i << 2),
      smallSigma1(w2) + load<u32>(W + ((i - 7) << 2)) + smallSigma0(w15) + load<u32>(W + ((i - 16) << 2)),
    );
  }

  let a = load<u32>(h, 0), b = load<u32>(h, 4), c = load<u32>(h, 8), d = load<u32>(h, 12);
  let e = load<u32>(h, 16), f = load<u32>(h, 20), g = load<u32>(h, 24), hh = load<u32>(h, 28);
  for (let i: usize = 0; i < 64; i++) {
    const t1 = hh + bigSigma1(e) + (g ^ (e & (f ^ g))) + load<u32>(K + (i << 2)) + load<u32>(W + (i << 2));
    const t2 = bigSigma0(a) + ((a & b) | (c & (a | b)));
    hh = g; g = f; f = e; e = d + t1;
    d = c; c = b; b = a; a = t1 + t2;
  }
  store<u32>(h, load<u32>(h, 0) + a, 0);
  store<u32>(h, load<u32>(h, 4) + b, 4);
  store<u32>(h, load<u32>(h, 8) + c, 8);
  store<u32>(h, load<u32>(h, 12) + d, 12);
  store<u32>(h, load<u32>(h, 16) + e, 16);
  store<u32>(h, load<u32>(h, 20) + f, 20);
  store<u32>(h, load<u32>(h, 24) + g, 24);
  store<u32>(h, load<u32>(h, 28) + hh, 28);
}

/** Resets the state at `st` to the empty message. */
export function sha256Init(st: usize): void {
  memory.copy(st, IV, 32);
  store<u64>(st, 0, 32);
  store<u32>(st, 0, 40);
}

/** Absorbs `len` bytes at `ptr`. */
export function sha256Update(st: usize, ptr: usize, len: usize): void {
  store<u64>(st, load<u64>(st, 32) + <u64>len, 32);
  let have = <usize>load<u32>(st, 40);
  if (have > 0) {
    const take = min<usize>(64 - have, len);
    memory.copy(st + BUF + have, ptr, take);
    have += take;
    ptr += take;
    len -= take;
    if (have < 64) {
      store<u32>(st, <u32>have, 40);
      return;
    }
    compress(st, st + BUF);
  }
  while (len >= 64) {
    compress(st, ptr);
    ptr += 64;
    len -= 64;
  }
  memory.copy(st + BUF, ptr, len);
  store<u32>(st, <u32>len, 40);
}

/** Pads, writes the 32-byte digest to `out`, and leaves the state spent. */
export function sha256Final(st: usize, out: usize): void {
  const have = <usize>load<u32>(st, 40);
  const bitLength = load<u64>(st, 32) << 3;
  const buf = st + BUF;
  store<u8>(buf + have, 0x80);
  if (have >= 56) {
    memory.fill(buf + have + 1, 0, 64 - have - 1);
    compress(st, buf);
    memory.fill(buf, 0, 56);
  } else {
    memory.fill(buf + have + 1, 0, 56 - have - 1);
  }
  store<u64>(buf, bswap(bitLength), 56);
  compress(st, buf);
  for (let i: usize = 0; i < 32; i += 4) {
    store<u32>(out + i, bswap(load<u32>(st + i)));
  }
}

/** One-shot SHA-256 of `len` bytes at `ptr`, digest to `out` (32 bytes). */
export function sha256Digest(out: usize, ptr: usize, len: usize): void {
  sha256Init(ONE_SHOT);
  sha256Update(ONE_SHOT, ptr, len);
  sha256Final(ONE_SHOT, out);
}
