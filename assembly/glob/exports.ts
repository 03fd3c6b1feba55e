// WebAssembly exports of the glob matcher (re-exported by assembly/index.ts).
// The host glue is src/constraints/glob.ts.
//
// Conventions (shared with assembly/crypto/exports.ts):
//   - every pointer/length pair must lie inside the scratch region; anything
//     else returns GLOB_ERR_RANGE without touching memory, so bad arguments
//     never trap;
//   - inputs are only read during the call; compiled programs are kept in the
//     module's own static memory (cache.ts), never in the scratch region;
//   - nothing allocates.
//
// Return codes:
//   >= 0  globCompile: a handle; globMatch: 1 (match) / 0 (no match);
//         globValidate: 0 (valid)
//   -1    GLOB_ERR_RANGE        pointer/length outside the scratch region
//   -2    GLOB_ERR_INVALID      glob::Pattern::new rejects the pattern
//   -3    GLOB_ERR_TOO_LONG     pattern longer than globMaxPatternBytes()
//   -4    GLOB_ERR_UTF8         input is not well-formed UTF-8
//   -5    GLOB_ERR_STALE        handle evicted from the cache: compile again

import { SCRATCH, SCRATCH_SIZE } from '../memory';
import { compileGlob } from './compile';
import { MAX_PATTERN_BYTES, SLOT_COUNT, cacheCompile, handleValid, programEnd, programStart } from './cache';
import { lastSteps, matchProgram } from './match';
import { utf8Valid } from './utf8';

const GLOB_ERR_RANGE: i32 = -1;
const GLOB_ERR_TOO_LONG: i32 = -3;
const GLOB_ERR_UTF8: i32 = -4;
const GLOB_ERR_STALE: i32 = -5;

function inScratch(ptr: i32, len: i32): bool {
  if (ptr < 0 || len < 0) return false;
  const start = <u64>ptr;
  const end = start + <u64>len;
  return start >= <u64>SCRATCH && end <= <u64>SCRATCH + <u64>SCRATCH_SIZE;
}

/**
 * Compiles the pattern at patPtr[0..patLen) into the program cache.
 * Returns a handle (>= 0) or a negative error code.
 */
export function globCompile(patPtr: i32, patLen: i32): i32 {
  if (!inScratch(patPtr, patLen)) return GLOB_ERR_RANGE;
  if (patLen > MAX_PATTERN_BYTES) return GLOB_ERR_TOO_LONG;
  return cacheCompile(<usize>patPtr, patLen);
}

/** 0 when the pattern at patPtr[0..patLen) is valid, else a negative error code. Caches nothing. */
export function globValidate(patPtr: i32, patLen: i32): i32 {
  if (!inScratch(patPtr, patLen)) return GLOB_ERR_RANGE;
  if (patLen > MAX_PATTERN_BYTES) return GLOB_ERR_TOO_LONG;
  const r = compileGlob(<usize>patPtr, <usize>patLen, 0, false);
  return r < 0 ? r : 0;
}

/**
 * Matches the subject at subjPtr[0..subjLen) against the compiled pattern
 * `handle`: 1 (match), 0 (no match) or a negative error code.
 */
export function globMatch(handle: i32, subjPtr: i32, subjLen: i32): i32 {
  if (!inScratch(subjPtr, subjLen)) return GLOB_ERR_RANGE;
  if (!handleValid(handle)) return GLOB_ERR_STALE;
  if (!utf8Valid(<usize>subjPtr, <usize>subjLen)) return GLOB_ERR_UTF8;
  return matchProgram(programStart(handle), programEnd(handle), <usize>subjPtr, subjLen);
}

/** Work units (token tests and candidate positions) of the last globMatch, saturated to i32. */
export function globSteps(): i32 {
  const s = lastSteps();
  return s > <u64>i32.MAX_VALUE ? i32.MAX_VALUE : <i32>s;
}

/** Number of cache slots; a handle's slot is `handle & (globSlotCount() - 1)`. */
export function globSlotCount(): i32 {
  return SLOT_COUNT;
}

/** Longest pattern globCompile accepts, in UTF-8 bytes. */
export function globMaxPatternBytes(): i32 {
  return MAX_PATTERN_BYTES;
}
