/**
 * A slow, independent BigInt model of edwards25519 and of ed25519-dalek 2.x
 * `verify_strict`, used by the tests to construct edge cases (small-order and
 * mixed-order points, non-canonical encodings) and to state what the verdict
 * must be. Written from the curve definition; shares no code with assembly/.
 */
import { createHash } from 'node:crypto';

export const P = (1n << 255n) - 19n;
export const L = (1n << 252n) + 27742317777372353535851937790883648493n;

export const mod = (a: bigint, m: bigint = P): bigint => ((a % m) + m) % m;

export function modPow(b: bigint, e: bigint, m: bigint = P): bigint {
  let r = 1n;
  b = mod(b, m);
  while (e > 0n) {
    if (e & 1n) r = (r * b) % m;
    b = (b * b) % m;
    e >>= 1n;
  }
  return r;
}

const inv = (a: bigint): bigint => modPow(a, P - 2n);
export const D = mod(-121665n * inv(121666n));
const SQRT_M1 = modPow(2n, (P - 1n) / 4n);

/** Extended coordinates (X : Y : Z : T), x = X/Z, y = Y/Z, T = XY/Z. */
export interface Point {
  X: bigint;
  Y: bigint;
  Z: bigint;
  T: bigint;
}

export const IDENTITY: Point = { X: 0n, Y: 1n, Z: 1n, T: 0n };

export function fromAffine(x: bigint, y: bigint): Point {
  return { X: mod(x), Y: mod(y), Z: 1n, T: mod(x * y) };
}

export function add(p: Point, q: Point): Point {
  const a = mod((p.Y - p.X) * (q.Y - q.X));
  const b = mod((p.Y + p.X) * (q.Y + q.X));
  const c = mod(2n * D * p.T * q.T);
  const d = mod(2n * p.Z * q.Z);
  const e = b - a, f = d - c, g = d + c, h = b + a;
  return { X: mod(e * f), Y: mod(g * h), Z: mod(f * g), T: mod(e * h) };
}

export const negate = (p: Point): Point => ({ X: mod(-p.X), Y: p.Y, Z: p.Z, T: mod(-p.T) });

export function mul(k: bigint, p: Point): Point {
  let r = IDENTITY;
  let q = p;
  if (k < 0n) {
    k = -k;
    q = negate(q);
  }
  while (k > 0n) {
    if (k & 1n) r = add(r, q);
    q = add(q, q);
    k >>= 1n;
  }
  return r;
}

export function affine(p: Point): { x: bigint; y: bigint } {
  const zi = inv(p.Z);
  return { x: mod(p.X * zi), y: mod(p.Y * zi) };
}

export const equal = (p: Point, q: Point): boolean => mod(p.X * q.Z - q.X * p.Z) === 0n && mod(p.Y * q.Z - q.Y * p.Z) === 0n;
export const isIdentity = (p: Point): boolean => equal(p, IDENTITY);
export const hasSmallOrder = (p: Point): boolean => isIdentity(mul(8n, p));

export function bytesToBig(b: Uint8Array): bigint {
  let x = 0n;
  for (let i = b.length - 1; i >= 0; i--) x = (x << 8n) | BigInt(b[i]!);
  return x;
}

export function bigToBytes(x: bigint, length = 32): Uint8Array {
  const out = new Uint8Array(length);
  for (let i = 0; i < length; i++) {
    out[i] = Number(x & 0xffn);
    x >>= 8n;
  }
  return out;
}

/** x with the given parity such that (x, y) is on the curve, or null. */
export function recoverX(y: bigint, odd: boolean): bigint | null {
  const u = mod(y * y - 1n);
  const v = mod(D * y * y + 1n);
  const x2 = mod(u * inv(v));
  let x = modPow(x2, (P + 3n) / 8n);
  if (mod(x * x) !== x2) x = mod(x * SQRT_M1);
  if (mod(x * x) !== x2) return null;
  if (x !== 0n && (x & 1n) !== (odd ? 1n : 0n)) x = mod(-x);
  return x;
}

/**
 * CompressedEdwardsY::decompress as in curve25519-dalek 4: y is the low 255
 * bits reduced mod p (no canonicity check), bit 255 selects the sign of x,
 * and x = 0 with the sign bit set is accepted.
 */
export function decodeLenient(bytes: Uint8Array): Point | null {
  const raw = bytesToBig(bytes);
  const y = mod(raw & ((1n << 255n) - 1n));
  const x = recoverX(y, (raw >> 255n) === 1n);
  return x === null ? null : fromAffine(x, y);
}

/** The canonical 32-byte encoding. */
export function encode(p: Point): Uint8Array {
  const { x, y } = affine(p);
  return bigToBytes(y | ((x & 1n) << 255n));
}

export const BASE: Point = fromAffine(recoverX(mod(4n * inv(5n)), false)!, mod(4n * inv(5n)));

/** A generator of the 8-torsion subgroup and its multiples T[0..7] (T[0] = identity). */
export const TORSION: Point[] = (() => {
  for (let y = 2n; ; y++) {
    const x = recoverX(y, false);
    if (x === null) continue;
    const t = mul(L, fromAffine(x, y));
    if (!isIdentity(mul(4n, t))) return Array.from({ length: 8 }, (_, i) => mul(BigInt(i), t));
  }
})();

export function sha512(...parts: Uint8Array[]): Uint8Array {
  const h = createHash('sha512');
  for (const p of parts) h.update(p);
  return new Uint8Array(h.digest());
}

/** k = SHA-512(R || A || M) mod L over the raw bytes. */
export const challenge = (r: Uint8Array, a: Uint8Array, m: Uint8Array): bigint => mod(bytesToBig(sha512(r, a, m)), L);

/** ed25519-dalek 2.x VerifyingKey::verify_strict, as a reference model. */
export function verifyStrictRef(pk: Uint8Array, msg: Uint8Array, sig: Uint8Array): boolean {
  if (pk.length !== 32 || sig.length !== 64) return false;
  const rBytes = sig.subarray(0, 32);
  const s = bytesToBig(sig.subarray(32));
  if (s >= L) return false;
  const a = decodeLenient(pk);
  const r = decodeLenient(rBytes);
  if (a === null || r === null) return false;
  if (hasSmallOrder(a) || hasSmallOrder(r)) return false;
  const k = challenge(rBytes, pk, msg);
  const expected = add(mul(s, BASE), negate(mul(k, a)));
  const enc = encode(expected);
  return enc.every((b, i) => b === rBytes[i]);
}

/** Deterministic 32-bit PRNG (mulberry32) for reproducible tests. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function randomBytes(rand: () => number, n: number): Uint8Array {
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) out[i] = Math.floor(rand() * 256);
  return out;
}

export const randomScalar = (rand: () => number): bigint => mod(bytesToBig(randomBytes(rand, 64)), L);

/**
 * Signs `msg` for an arbitrary public point A = [a]B + torsion whose encoding
 * is `aBytes`, choosing R = [r]B + rTorsion. Returns the signature with
 * s = r + k*a mod L; whether it verifies depends on the torsion parts.
 */
export function signRaw(a: bigint, aBytes: Uint8Array, r: bigint, rPoint: Point, msg: Uint8Array): Uint8Array {
  const rBytes = encode(rPoint);
  const k = challenge(rBytes, aBytes, msg);
  const s = mod(r + k * a, L);
  const sig = new Uint8Array(64);
  sig.set(rBytes, 0);
  sig.set(bigToBytes(s), 32);
  return sig;
}
