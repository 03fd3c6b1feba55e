// Fixed-size cache of compiled glob programs in static memory.
//
// Programs live in one circular arena of ARENA_WORDS words; slot descriptors
// are handed out round robin. Allocating a program evicts the slot being
// reused and every live slot whose program overlaps the new one's region.
// Since a program never has more words than its pattern has bytes, any
// pattern of at most MAX_PATTERN_BYTES fits.
//
// A handle is `generation << SLOT_BITS | slot`. The generation of a slot is
// bumped whenever the slot is reassigned, and eviction clears the slot's live
// flag, so a handle the host kept past an eviction is reported stale instead
// of running another pattern's program.

import { compileGlob } from './compile';

export const SLOT_BITS: i32 = 6;
export const SLOT_COUNT: i32 = 1 << SLOT_BITS; // 64
/** Longest accepted pattern, in UTF-8 bytes (= the largest single warrant). */
export const MAX_PATTERN_BYTES: i32 = 64 * 1024;
const ARENA_WORDS: i32 = MAX_PATTERN_BYTES;
const GEN_MASK: u32 = 0x00ffffff;

const ARENA: usize = memory.data(ARENA_WORDS << 2, 16);
// Per slot: start word, size in words, generation, live flag (4 x i32).
const SLOTS: usize = memory.data(SLOT_COUNT * 16, 16);

let arenaHead: i32 = 0;
let nextSlot: i32 = 0;

// @ts-ignore: decorator
@inline
function slotAddr(slot: i32): usize {
  return SLOTS + (<usize>slot << 4);
}

function evictOverlapping(start: i32, end: i32): void {
  if (start == end) return;
  for (let s = 0; s < SLOT_COUNT; s++) {
    const a = slotAddr(s);
    if (load<i32>(a, 12) == 0) continue;
    const sStart = load<i32>(a, 0);
    const sEnd = sStart + load<i32>(a, 4);
    if (sStart < end && start < sEnd) store<i32>(a, 0, 12);
  }
}

/**
 * Validates and compiles pat[0..len) (len <= MAX_PATTERN_BYTES) into a fresh
 * slot. Returns the handle (>= 0) or the compiler's negative error code; a
 * rejected pattern leaves the cache untouched.
 */
export function cacheCompile(pat: usize, len: i32): i32 {
  const words = compileGlob(pat, <usize>len, 0, false);
  if (words < 0) return words;

  if (arenaHead + words > ARENA_WORDS) arenaHead = 0;
  const start = arenaHead;
  arenaHead += words;

  const slot = nextSlot;
  nextSlot = (nextSlot + 1) & (SLOT_COUNT - 1);
  const a = slotAddr(slot);
  store<i32>(a, 0, 12); // the previous occupant is gone
  evictOverlapping(start, start + words);

  compileGlob(pat, <usize>len, ARENA + (<usize>start << 2), true);
  const gen = (load<u32>(a, 8) + 1) & GEN_MASK;
  store<i32>(a, start, 0);
  store<i32>(a, words, 4);
  store<u32>(a, gen, 8);
  store<i32>(a, 1, 12);
  return <i32>((gen << <u32>SLOT_BITS) | <u32>slot);
}

/** True when `handle` names a live slot still holding the program it was issued for. */
export function handleValid(handle: i32): bool {
  if (handle < 0) return false;
  const a = slotAddr(handle & (SLOT_COUNT - 1));
  if (load<i32>(a, 12) == 0) return false;
  return load<u32>(a, 8) == (<u32>handle >>> <u32>SLOT_BITS);
}

/** Start address of the program of a handle that handleValid() accepted. */
export function programStart(handle: i32): usize {
  const a = slotAddr(handle & (SLOT_COUNT - 1));
  return ARENA + (<usize>load<i32>(a, 0) << 2);
}

/** End address of the program of a handle that handleValid() accepted. */
export function programEnd(handle: i32): usize {
  const a = slotAddr(handle & (SLOT_COUNT - 1));
  return ARENA + (<usize>(load<i32>(a, 0) + load<i32>(a, 4)) << 2);
}
