// Deterministic driver for instruction counting of ed25519BatchVerify, e.g.
//
//   valgrind --tool=callgrind node --no-liftoff --single-threaded \
//     bench/batch-icount.mjs --n 64 --keys distinct --iters 4 [--wasm build/tenuo.wasm]
//
// Keys, messages and the random z_i are fixed (seeded), so two runs with
// different --iters differ only by the batch calls: (Ir(b) - Ir(a)) / (b - a)
// is the cost of one call (node's own start-up varies by a few million
// instructions, so let b - a be 10 calls or more). Per function: callgrind
// reports V8's wasm code under the address of each function's 5-byte
// jump-table slot (12 slots per 64-byte line, in function index order), so
// with a build that keeps names (asc ... --debug) the slot addresses map to
// function names. Not a benchmark: see ed25519-batch.mjs.
import { createPrivateKey, createPublicKey, sign } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { numberOption, option } from './script.mjs';

const n = numberOption('--n', 64);
const keys = option('--keys', 'distinct');
const iters = numberOption('--iters', 1);
const wasmPath = option('--wasm', new URL('../build/tenuo.wasm', import.meta.url).pathname);

/** xorshift32 byte stream: reproducible inputs without a CSPRNG. */
let state = 0x9e3779b9;
const bytes = (len) => {
  const out = new Uint8Array(len);
  for (let i = 0; i < len; i++) {
    state ^= state << 13; state >>>= 0;
    state ^= state >>> 17;
    state ^= state << 5; state >>>= 0;
    out[i] = state & 0xff;
  }
  return out;
};

const PKCS8_ED25519_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');
const keyFromSeed = (seed) => createPrivateKey({ key: Buffer.concat([PKCS8_ED25519_PREFIX, seed]), format: 'der', type: 'pkcs8' });
const privs = Array.from({ length: keys === 'one' ? 1 : n }, () => keyFromSeed(bytes(32)));
const items = Array.from({ length: n }, (_, i) => {
  const priv = privs[i % privs.length];
  const message = bytes(128);
  return {
    publicKey: new Uint8Array(createPublicKey(priv).export({ format: 'der', type: 'spki' }).subarray(12)),
    message,
    signature: new Uint8Array(sign(null, message, priv)),
  };
});

const instance = new WebAssembly.Instance(new WebAssembly.Module(readFileSync(wasmPath)), {
  env: { abort() { throw new Error('abort'); } },
});
const ex = instance.exports;
const base = ex.scratchPtr();
const mem = () => new Uint8Array(ex.memory.buffer);
const ENTRY = 24, RAND = 16;
const table = base, rand = table + n * ENTRY, out = rand + n * RAND;
const data = (out + n + 15) & ~15;
const work = data + n * (96 + 128);
const view = new DataView(ex.memory.buffer);
items.forEach((item, j) => {
  const at = data + j * (96 + 128);
  mem().set(item.publicKey, at);
  mem().set(item.signature, at + 32);
  mem().set(item.message, at + 96);
  [at, 32, at + 32, 64, at + 96, 128].forEach((v, k) => view.setUint32(table + j * ENTRY + 4 * k, v, true));
});
mem().set(bytes(n * RAND), rand);
const workLen = ex.ed25519BatchWorkSize(n);
let valid = 0;
for (let i = 0; i < iters; i++) valid = ex.ed25519BatchVerify(table, n, rand, out, work, workLen);
if (iters > 0 && valid !== n) throw new Error(`expected ${n} valid, got ${valid}`);
console.log(`n=${n} keys=${keys} iters=${iters} valid=${valid}`);
