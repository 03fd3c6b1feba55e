// Generates assembly/crypto/ed25519-tables.ts: the curve constants and the
// precomputed base-point tables used by the WebAssembly Ed25519 verifier.
//
// This script is the source of truth; the generated file is committed so the
// build needs no extra step. Re-run after changing anything here:
//
//     node scripts/gen-ed25519-tables.mjs
//
// Everything is derived from first principles with BigInt (the curve
// equation -x^2 + y^2 = 1 + d x^2 y^2 over GF(2^255 - 19), d = -121665/121666,
// base point with y = 4/5 and even x), and checked before it is written.
import { writeFileSync } from 'node:fs';

const P = (1n << 255n) - 19n;
const L = (1n << 252n) + 27742317777372353535851937790883648493n;

/** Width of the signed-digit windows used with the base-point tables. */
const BASE_WINDOW = 8;
/** The second table holds multiples of [2^BASE_SPLIT]B. */
const BASE_SPLIT = 128n;

const mod = (a) => ((a % P) + P) % P;
function pow(b, e) {
  let r = 1n;
  b = mod(b);
  while (e > 0n) {
    if (e & 1n) r = (r * b) % P;
    b = (b * b) % P;
    e >>= 1n;
  }
  return r;
}
const inv = (a) => pow(a, P - 2n);

const D = mod(-121665n * inv(121666n));
const SQRT_M1 = pow(2n, (P - 1n) / 4n);
if (mod(SQRT_M1 * SQRT_M1) !== P - 1n) throw new Error('sqrt(-1) check failed');

/** x with -x^2 + y^2 = 1 + d x^2 y^2 and the given parity, or null. */
function recoverX(y, odd) {
  const u = mod(y * y - 1n);
  const v = mod(D * y * y + 1n);
  const x2 = mod(u * inv(v));
  let x = pow(x2, (P + 3n) / 8n);
  if (mod(x * x) !== x2) x = mod(x * SQRT_M1);
  if (mod(x * x) !== x2) return null;
  if ((x & 1n) !== (odd ? 1n : 0n)) x = mod(-x);
  return x;
}

// Affine points as [x, y]; the identity is [0, 1].
const ID = [0n, 1n];
function add([x1, y1], [x2, y2]) {
  const t = mod(D * x1 * x2 * y1 * y2);
  return [mod((x1 * y2 + y1 * x2) * inv(1n + t)), mod((y1 * y2 + x1 * x2) * inv(1n - t))];
}
function mul(k, pt) {
  let r = ID;
  let q = pt;
  while (k > 0n) {
    if (k & 1n) r = add(r, q);
    q = add(q, q);
    k >>= 1n;
  }
  return r;
}
const isId = ([x, y]) => x === 0n && y === 1n;
const onCurve = ([x, y]) => mod(-x * x + y * y - 1n - D * x * x * y * y) === 0n;

const BY = mod(4n * inv(5n));
const B = [recoverX(BY, false), BY];
if (!onCurve(B) || !isId(mul(L, B)) || isId(B)) throw new Error('base point check failed');

// The torsion subgroup: find a point of order 8 as [L]Q for some curve point Q.
let T8 = null;
for (let y = 2n; T8 === null; y++) {
  const x = recoverX(y, false);
  if (x === null) continue;
  const t = mul(L, [x, y]);
  if (!isId(mul(4n, t))) T8 = t;
}
const torsion = [];
for (let i = 0n; i < 8n; i++) torsion.push(mul(i, T8));
for (const t of torsion) if (!onCurve(t) || !isId(mul(8n, t))) throw new Error('torsion check failed');
const smallOrderY = [...new Set(torsion.map(([, y]) => y))].sort((a, b) => (a < b ? -1 : 1));
if (smallOrderY.length !== 5) throw new Error('expected 5 distinct small-order y values');

// ---------------------------------------------------------------------------
// Output helpers

/** 10 limbs of 26/25 bits (the representation in field.ts). */
function limbs(v) {
  const out = [];
  let shift = 0n;
  for (let i = 0; i < 10; i++) {
    const w = i % 2 === 0 ? 26n : 25n;
    out.push((v >> shift) & ((1n << w) - 1n));
    shift += w;
  }
  if (shift !== 255n) throw new Error('limb layout');
  return out;
}
const bytesLE = (v) => Array.from({ length: 32 }, (_, i) => Number((v >> BigInt(8 * i)) & 0xffn));

function feLiteral(v) {
  return `memory.data<i64>([${limbs(v).join(', ')}], 16)`;
}

/** Odd multiples (2j+1)Q, j < 2^(w-2), as (y+x, y-x, 2dxy) limb rows. */
function nielsTable(q) {
  const rows = [];
  const q2 = add(q, q);
  let cur = q;
  for (let j = 0; j < 1 << (BASE_WINDOW - 2); j++) {
    const [x, y] = cur;
    const row = [...limbs(mod(y + x)), ...limbs(mod(y - x)), ...limbs(mod(2n * D * x * y))];
    rows.push('  ' + row.join(', ') + ',');
    cur = add(cur, q2);
  }
  return rows.join('\n');
}

const B128 = mul(1n << BASE_SPLIT, B);

const body = `// GENERATED FILE - DO NOT EDIT.
// Produced by scripts/gen-ed25519-tables.mjs, which is the source of truth:
// edit the script and re-run \`node scripts/gen-ed25519-tables.mjs\`.
//
// Curve constants and precomputed base-point tables for the Ed25519
// verifier. Field elements are 10 x i64 limbs of 26/25 bits (see field.ts),
// stored fully reduced.

/** d = -121665/121666 mod p. */
export const FE_D: usize = ${feLiteral(D)};
/** 2d mod p. */
export const FE_D2: usize = ${feLiteral(mod(2n * D))};
/** sqrt(-1) = 2^((p-1)/4) mod p. */
export const FE_SQRT_M1: usize = ${feLiteral(SQRT_M1)};

/**
 * Canonical encodings of the 5 distinct y coordinates of the 8 points of
 * order dividing 8 (x carries no information: -P has the same order as P).
 * A point has small order exactly when its y is one of these.
 */
export const SMALL_ORDER_Y_COUNT: i32 = ${smallOrderY.length};
export const SMALL_ORDER_Y: usize = memory.data<u8>([
${smallOrderY.map((y) => '  ' + bytesLE(y).join(', ') + ',').join('\n')}
], 16);

/** Window width of the signed digits used with the base tables. */
export const BASE_WINDOW: i32 = ${BASE_WINDOW};
/** BASE128_TABLE holds multiples of [2^BASE_SPLIT]B. */
export const BASE_SPLIT: i32 = ${BASE_SPLIT};
/** Bytes per table entry: three field elements. */
export const BASE_ENTRY_SIZE: usize = 240;

/**
 * (2j+1)B for j = 0..${(1 << (BASE_WINDOW - 2)) - 1}, each as (y+x, y-x, 2dxy) in affine coordinates.
 */
export const BASE_TABLE: usize = memory.data<i64>([
${nielsTable(B)}
], 16);

/** (2j+1)[2^${BASE_SPLIT}]B for j = 0..${(1 << (BASE_WINDOW - 2)) - 1}, same layout as BASE_TABLE. */
export const BASE128_TABLE: usize = memory.data<i64>([
${nielsTable(B128)}
], 16);
`;

const target = new URL('../assembly/crypto/ed25519-tables.ts', import.meta.url);
writeFileSync(target, body);
console.log(`wrote ${target.pathname}`);
