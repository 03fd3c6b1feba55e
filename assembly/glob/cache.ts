// Fixed-size cache of compiled glob programs in static memory.
//
// Programs live in one circular arena of ARENA_WORDS words; slot descriptors
// are handed out round robin. Allocating a program evicts the slot being
// reused and every live slot whose program overlaps the new one's region.
// Since a program never has more words than its pattern has bytes, any
// pattern of at most MAX_PATTERN_BYTES fits.
//
// Handles are generation-tagged slot numbers (assembly/common/slots.ts), so a
// handle the host kept past an eviction is reported stale instead of running
// another pattern's program.

import { SLOT_BYTES, slotEndWord, slotHandleValid, slotPublish, slotReserve, slotStartWord } from '../common/slots';
import { compileGlob } from './compile';

export const SLOT_BITS: i32 = 6;
export const SLOT_COUNT: i32 = 1 << SLOT_BITS; // 64
/** Longest accepted pattern, in UTF-8 bytes (= the largest single warrant). */
export const MAX_PATTERN_BYTES: i32 = 64 * 1024;
const ARENA_WORDS: i32 = MAX_PATTERN_BYTES;

const ARENA: usize = memory.data(ARENA_WORDS << 2, 16);
// The slot descriptors and the cache state (assembly/common/slots.ts).
const SLOTS: usize = memory.data((SLOT_COUNT + 1) * SLOT_BYTES, 16);

/**
 * Validates and compiles pat[0..len) (len <= MAX_PATTERN_BYTES) into a fresh
 * slot. Returns the handle (>= 0) or the compiler's negative error code; a
 * rejected pattern leaves the cache untouched.
 */
export function cacheCompile(pat: usize, len: i32): i32 {
  const words = compileGlob(pat, <usize>len, 0, false);
  if (words < 0) return words;

  const start = slotReserve(SLOTS, SLOT_BITS, ARENA_WORDS, words, 1);
  compileGlob(pat, <usize>len, ARENA + (<usize>start << 2), true);
  return slotPublish(SLOTS, SLOT_BITS);
}

/** True when `handle` names a live slot still holding the program it was issued for. */
export function handleValid(handle: i32): bool {
  return slotHandleValid(SLOTS, SLOT_BITS, handle);
}

/** Start address of the program of a handle that handleValid() accepted. */
export function programStart(handle: i32): usize {
  return ARENA + (<usize>slotStartWord(SLOTS, SLOT_BITS, handle) << 2);
}

/** End address of the program of a handle that handleValid() accepted. */
export function programEnd(handle: i32): usize {
  return ARENA + (<usize>slotEndWord(SLOTS, SLOT_BITS, handle) << 2);
}
