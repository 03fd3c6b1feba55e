/**
 * Ed25519 batch verification in the WASM core (assembly/crypto/batch.ts).
 *
 * Every item gets the pre-checks of ed25519-dalek 2.x `verify_strict`
 * (lengths, s < L, lenient decoding of A and R, small-order A or R
 * rejected, canonical R); the items that pass are checked together with the
 * cofactorless random linear combination
 *
 *     sum z_i ([s_i]B - [k_i]A_i - R_i) = O,   z_i random 128-bit,
 *
 * and a failing batch is bisected down to single verify_strict calls.
 *
 * How the per-item answers relate to single verification: an item that
 * verify_strict accepts is always reported valid; an item it rejects is
 * reported invalid, except that a batch whose only faults are residuals
 * [s]B - [k]A - R of small order (which only the holder of the key can
 * construct) passes with probability 1/ord (at most 1/8 when a residual of
 * order 8 is present, 1/4 or 1/2 for orders 4 or 2), and any other fault
 * passes with probability at most 2^-128. On honest signatures and on all
 * published test vectors the answers equal ed25519VerifyStrict's.
 *
 * The random z_i come from `globalThis.crypto.getRandomValues`, fresh for
 * every call.
 */
import { wasm, type TenuoWasmExports } from '../wasm/module.js';
import { ed25519VerifyStrict } from './ed25519-verify.js';

interface BatchExports extends TenuoWasmExports {
  ed25519BatchVerify(tablePtr: number, count: number, randPtr: number, outPtr: number, workPtr: number, workLen: number): number;
  ed25519BatchWorkSize(count: number): number;
  ed25519BatchMax(): number;
}

export interface Ed25519BatchItem {
  readonly publicKey: Uint8Array;
  readonly message: Uint8Array;
  readonly signature: Uint8Array;
}

const ENTRY_SIZE = 24;
const RANDOM_SIZE = 16;
/** Key (32) and signature (64) of an item, side by side. */
const KEYSIG_SIZE = 96;
/** getRandomValues fills at most 65536 bytes per call. */
const RANDOM_CHUNK = 65536;

const align16 = (x: number): number => (x + 15) & ~15;

interface Layout {
  table: number;
  rand: number;
  out: number;
  keysig: number;
  msgs: number;
  work: number;
  workLen: number;
  end: number;
}

let workSizes: number[] = [];

function workSize(ex: BatchExports, count: number): number {
  let size = workSizes[count];
  if (size === undefined) {
    size = ex.ed25519BatchWorkSize(count);
    if (size < 0) throw new Error(`tenuo wasm: ed25519BatchWorkSize(${count}) failed with status ${size}`);
    workSizes[count] = size;
  }
  return size;
}

/** Offsets (inside the scratch region) of a chunk of `count` items with `msgBytes` of messages. */
function layout(ex: BatchExports, count: number, msgBytes: number): Layout {
  const table = 0;
  const rand = align16(table + count * ENTRY_SIZE);
  const out = align16(rand + count * RANDOM_SIZE);
  const keysig = align16(out + count);
  const msgs = keysig + count * KEYSIG_SIZE;
  const work = align16(msgs + msgBytes);
  const workLen = workSize(ex, count);
  return { table, rand, out, keysig, msgs, work, workLen, end: work + workLen };
}

function fillRandom(view: Uint8Array): void {
  for (let at = 0; at < view.length; at += RANDOM_CHUNK) {
    globalThis.crypto.getRandomValues(view.subarray(at, Math.min(at + RANDOM_CHUNK, view.length)));
  }
}

/** Verifies items[indices] in one WASM call and stores the verdicts in `results`. */
function runChunk(ex: BatchExports, items: readonly Ed25519BatchItem[], indices: number[], msgBytes: number, results: boolean[]): void {
  const handle = wasm();
  const base = handle.scratchOffset;
  const scratch = handle.scratch();
  const count = indices.length;
  const lay = layout(ex, count, msgBytes);
  const table = new DataView(scratch.buffer, scratch.byteOffset + lay.table, count * ENTRY_SIZE);
  let msgAt = lay.msgs;
  for (let j = 0; j < count; j++) {
    const item = items[indices[j]!]!;
    const keyAt = lay.keysig + j * KEYSIG_SIZE;
    scratch.set(item.publicKey, keyAt);
    scratch.set(item.signature, keyAt + 32);
    scratch.set(item.message, msgAt);
    const e = j * ENTRY_SIZE;
    table.setUint32(e, base + keyAt, true);
    table.setUint32(e + 4, 32, true);
    table.setUint32(e + 8, base + keyAt + 32, true);
    table.setUint32(e + 12, 64, true);
    table.setUint32(e + 16, base + msgAt, true);
    table.setUint32(e + 20, item.message.length, true);
    msgAt += item.message.length;
  }
  fillRandom(scratch.subarray(lay.rand, lay.rand + count * RANDOM_SIZE));
  const status = ex.ed25519BatchVerify(base + lay.table, count, base + lay.rand, base + lay.out, base + lay.work, lay.workLen);
  if (status < 0) throw new Error(`tenuo wasm: ed25519BatchVerify failed with status ${status}`);
  const verdicts = handle.scratch();
  for (let j = 0; j < count; j++) results[indices[j]!] = verdicts[lay.out + j] === 1;
}

/**
 * Verifies many Ed25519 signatures at once and returns one boolean per
 * item, in order: true when the signature is valid under the verify_strict
 * rules (see the module comment for the exact relation to
 * `ed25519VerifyStrict`). Wrong-length keys or signatures are simply
 * invalid. Inputs are copied into the WASM scratch region once; batches too
 * large for it are processed in chunks, and an item whose message alone
 * does not fit is verified on its own (streamed).
 */
export function ed25519VerifyBatch(items: ReadonlyArray<Ed25519BatchItem>): boolean[] {
  if (!Array.isArray(items)) throw new TypeError('ed25519VerifyBatch expects an array of items');
  for (const item of items) {
    if (!(item?.publicKey instanceof Uint8Array) || !(item.message instanceof Uint8Array) || !(item.signature instanceof Uint8Array)) {
      throw new TypeError('ed25519VerifyBatch expects items of { publicKey, message, signature } Uint8Arrays');
    }
  }
  const results: boolean[] = new Array<boolean>(items.length).fill(false);
  if (items.length === 0) return results;
  const handle = wasm();
  const ex = handle.exports as BatchExports;
  const max = ex.ed25519BatchMax();
  const capacity = handle.scratchSize;

  let chunk: number[] = [];
  let chunkBytes = 0;
  const flush = (): void => {
    if (chunk.length === 1) {
      // Nothing to combine: the single verifier needs no random scalars.
      const item = items[chunk[0]!]!;
      results[chunk[0]!] = ed25519VerifyStrict(item.publicKey, item.message, item.signature);
    } else if (chunk.length > 1) {
      runChunk(ex, items, chunk, chunkBytes, results);
    }
    chunk = [];
    chunkBytes = 0;
  };
  for (let i = 0; i < items.length; i++) {
    const item = items[i]!;
    if (item.publicKey.length !== 32 || item.signature.length !== 64) continue; // invalid
    const length = item.message.length;
    if (layout(ex, 1, length).end > capacity) {
      // Too large to share the scratch region: the single verifier streams it.
      results[i] = ed25519VerifyStrict(item.publicKey, item.message, item.signature);
      continue;
    }
    if (chunk.length === max || layout(ex, chunk.length + 1, chunkBytes + length).end > capacity) flush();
    chunk.push(i);
    chunkBytes += length;
  }
  flush();
  return results;
}
