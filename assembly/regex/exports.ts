// WebAssembly exports of the regex matcher (re-exported by assembly/index.ts).
// The host glue is src/constraints/regex.ts.
//
// Semantics: `regex::Regex::new(pattern)` + `Regex::is_match(subject)` of
// regex 1.13.1 with the default builder (see
// /work/shared/semantics/glob-regex.md §3), on UTF-8 text.
//
// Conventions (shared with assembly/glob/exports.ts):
//   - every pointer/length pair must lie inside the scratch region; anything
//     else returns REGEX_ERR_RANGE without touching memory, so bad arguments
//     never trap;
//   - compilation also uses the scratch region after the pattern (or before
//     it) as working memory, so scratch contents do not survive a
//     regexCompile/regexValidate call; compiled programs are kept in the
//     module's static memory (cache.ts); matching uses only static memory;
//   - nothing allocates.
//
// Return codes:
//   >= 0  regexCompile: a handle; regexMatch: 1 (match) / 0 (no match);
//         regexValidate: 0 (valid)
//   -1    REGEX_ERR_RANGE        pointer/length outside the scratch region
//   -2    REGEX_ERR_INVALID      Regex::new rejects the pattern (syntax, unknown
//                                property, nest limit, invalid UTF-8 matching, ...)
//   -3    REGEX_ERR_TOO_LONG     pattern longer than regexMaxPatternBytes()
//   -4    REGEX_ERR_UTF8         input is not well-formed UTF-8
//   -5    REGEX_ERR_STALE        handle evicted from the cache: compile again
//   -6    REGEX_ERR_TOO_LARGE    the compiled program exceeds the size limit
//                                (regex's 10 MiB NFA limit, or this engine's
//                                capacity of regexMaxInstructions())
//   -7    REGEX_ERR_UNSUPPORTED  a feature regex does not have (look-around,
//                                backreferences)

import { SCRATCH, SCRATCH_SIZE } from '../memory';
import { MAX_INSTS, MAX_PATTERN_BYTES, WORK_BYTES, setWorkspace } from './work';
import { compilePattern } from './parse';
import { SLOT_COUNT, cacheStore, handleValid, programAt } from './cache';
import { lastSteps, runProgram } from './vm';
import { utf8Ok } from './utf8';

const REGEX_ERR_RANGE: i32 = -1;
const REGEX_ERR_TOO_LONG: i32 = -3;
const REGEX_ERR_UTF8: i32 = -4;
const REGEX_ERR_STALE: i32 = -5;

function inScratch(ptr: i32, len: i32): bool {
  if (ptr < 0 || len < 0) return false;
  const start = <u64>ptr;
  const end = start + <u64>len;
  return start >= <u64>SCRATCH && end <= <u64>SCRATCH + <u64>SCRATCH_SIZE;
}

/** Validates the pattern and compiles it into the workspace. 0 or an error code. */
function compileChecked(patPtr: i32, patLen: i32): i32 {
  if (!inScratch(patPtr, patLen)) return REGEX_ERR_RANGE;
  if (patLen > MAX_PATTERN_BYTES) return REGEX_ERR_TOO_LONG;
  if (!utf8Ok(<usize>patPtr, <usize>patLen)) return REGEX_ERR_UTF8;
  // Working memory: after the pattern if it fits there, else before it.
  const after = (<usize>patPtr + <usize>patLen + 15) & ~(<usize>15);
  const scratchEnd = SCRATCH + <usize>SCRATCH_SIZE;
  if (after + WORK_BYTES <= scratchEnd) {
    setWorkspace(after);
  } else if (SCRATCH + WORK_BYTES <= <usize>patPtr) {
    setWorkspace(SCRATCH);
  } else {
    return REGEX_ERR_TOO_LONG;
  }
  return compilePattern(<usize>patPtr, patLen);
}

/**
 * Compiles the pattern at patPtr[0..patLen) into the program cache.
 * Returns a handle (>= 0) or a negative error code.
 */
export function regexCompile(patPtr: i32, patLen: i32): i32 {
  const r = compileChecked(patPtr, patLen);
  if (r < 0) return r;
  return cacheStore();
}

/** 0 when the pattern at patPtr[0..patLen) is valid, else a negative error code. Caches nothing. */
export function regexValidate(patPtr: i32, patLen: i32): i32 {
  const r = compileChecked(patPtr, patLen);
  return r < 0 ? r : 0;
}

/**
 * is_match of the compiled pattern `handle` on the subject at
 * subjPtr[0..subjLen): 1 (match), 0 (no match) or a negative error code.
 */
export function regexMatch(handle: i32, subjPtr: i32, subjLen: i32): i32 {
  if (!inScratch(subjPtr, subjLen)) return REGEX_ERR_RANGE;
  if (!handleValid(handle)) return REGEX_ERR_STALE;
  if (!utf8Ok(<usize>subjPtr, <usize>subjLen)) return REGEX_ERR_UTF8;
  return runProgram(programAt(handle), <usize>subjPtr, subjLen);
}

/** Work units (instruction visits and scalar tests) of the last regexMatch, saturated to i32. */
export function regexSteps(): i32 {
  const s = lastSteps();
  return s > <u64>i32.MAX_VALUE ? i32.MAX_VALUE : <i32>s;
}

/** Number of cache slots; a handle's slot is `handle & (regexSlotCount() - 1)`. */
export function regexSlotCount(): i32 {
  return SLOT_COUNT;
}

/** Longest pattern regexCompile accepts, in UTF-8 bytes. */
export function regexMaxPatternBytes(): i32 {
  return MAX_PATTERN_BYTES;
}

/** Most instructions a compiled program may have (this engine's capacity). */
export function regexMaxInstructions(): i32 {
  return MAX_INSTS;
}
