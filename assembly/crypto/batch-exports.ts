// WebAssembly exports of Ed25519 batch verification (see batch.ts),
// re-exported by assembly/index.ts. Conventions as in exports.ts: every
// region must lie inside the scratch area, bad arguments return a negative
// status instead of touching memory, nothing allocates.

import { SCRATCH, SCRATCH_SIZE } from '../memory';
import {
  BATCH_MAX, BATCH_ENTRY_SIZE, BATCH_RANDOM_SIZE, batchWorkSize, batchVerify, batchLastStats,
} from './batch';

/** A region is negative or not inside the scratch area. */
const ERR_RANGE: i32 = -1;
/** count < 0 or count > BATCH_MAX. */
const ERR_COUNT: i32 = -3;
/** The work region is too small or overlaps an input or the output. */
const ERR_WORK: i32 = -4;

/** True when [ptr, ptr + len) lies inside the scratch region. */
function inScratch(ptr: i32, len: i32): bool {
  if (ptr < 0 || len < 0) return false;
  const start = <u64>ptr;
  const end = start + <u64>len;
  return start >= <u64>SCRATCH && end <= <u64>SCRATCH + <u64>SCRATCH_SIZE;
}

/** True when [a, a + al) and [b, b + bl) share a byte. */
function overlaps(a: i32, al: i32, b: i32, bl: i32): bool {
  if (al == 0 || bl == 0) return false;
  return <i64>a < <i64>b + <i64>bl && <i64>b < <i64>a + <i64>al;
}

/** Most items one ed25519BatchVerify call takes. */
export function ed25519BatchMax(): i32 {
  return BATCH_MAX;
}

/** Bytes of work region ed25519BatchVerify needs for `count` items (-3 when out of range). */
export function ed25519BatchWorkSize(count: i32): i32 {
  if (count < 0 || count > BATCH_MAX) return ERR_COUNT;
  return batchWorkSize(count);
}

/**
 * Verifies `count` Ed25519 signatures with the verify_strict rules, as one
 * random linear combination with bisection on failure (see batch.ts).
 *
 *   tablePtr  count entries of six u32: keyPtr, keyLen, sigPtr, sigLen,
 *             msgPtr, msgLen (each region inside the scratch area)
 *   randPtr   16 * count bytes from a CSPRNG (the 128-bit z_i), fresh per call
 *   outPtr    count bytes: 1 (valid) or 0 (invalid) per item
 *   workPtr   ed25519BatchWorkSize(count) bytes or more, overlapping none of
 *             the above
 *
 * Returns the number of valid items, or ERR_RANGE / ERR_COUNT / ERR_WORK.
 */
export function ed25519BatchVerify(
  tablePtr: i32, count: i32, randPtr: i32, outPtr: i32, workPtr: i32, workLen: i32,
): i32 {
  if (count < 0 || count > BATCH_MAX) return ERR_COUNT;
  if (count == 0) return 0;
  const tableLen = count * BATCH_ENTRY_SIZE;
  const randLen = count * BATCH_RANDOM_SIZE;
  if (!inScratch(tablePtr, tableLen) || !inScratch(randPtr, randLen) || !inScratch(outPtr, count)) return ERR_RANGE;
  if (!inScratch(workPtr, workLen)) return ERR_RANGE;
  for (let i = 0; i < count; i++) {
    const e = <usize>tablePtr + <usize>i * <usize>BATCH_ENTRY_SIZE;
    if (!inScratch(load<i32>(e, 0), load<i32>(e, 4)) || !inScratch(load<i32>(e, 8), load<i32>(e, 12)) ||
      !inScratch(load<i32>(e, 16), load<i32>(e, 20))) {
      return ERR_RANGE;
    }
  }
  if (workLen < batchWorkSize(count)) return ERR_WORK;
  if (overlaps(workPtr, workLen, tablePtr, tableLen) || overlaps(workPtr, workLen, randPtr, randLen) ||
    overlaps(workPtr, workLen, outPtr, count)) {
    return ERR_WORK;
  }
  for (let i = 0; i < count; i++) {
    const e = <usize>tablePtr + <usize>i * <usize>BATCH_ENTRY_SIZE;
    if (overlaps(workPtr, workLen, load<i32>(e, 0), load<i32>(e, 4)) ||
      overlaps(workPtr, workLen, load<i32>(e, 8), load<i32>(e, 12)) ||
      overlaps(workPtr, workLen, load<i32>(e, 16), load<i32>(e, 20))) {
      return ERR_WORK;
    }
  }
  return batchVerify(<usize>tablePtr, count, <usize>randPtr, <usize>outPtr, <usize>workPtr);
}

/** Diagnostics of the last call: (batch evaluations << 16) | single verifications. */
export function ed25519BatchStats(): i32 {
  return batchLastStats();
}
