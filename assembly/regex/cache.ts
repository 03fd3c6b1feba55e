// Fixed-size cache of compiled regex programs in static memory, with the same
// scheme as the glob cache: programs are copied into one circular arena,
// slot descriptors are handed out round robin, allocating a program evicts
// the slot being reused and every live slot whose program overlaps the new
// one, and a handle is `generation << SLOT_BITS | slot` so that a handle kept
// past an eviction is reported stale instead of running another program.
//
// Program layout (see program.ts): header [insts, pool ranges, flags, 0],
// the instructions, padding to 8 bytes, the class pool (u64 per entry).

import { MAX_PROG_WORDS, PROG_HEADER_WORDS, W_INSTS, W_POOL, wsBase } from './work';
import { LOOK_START, OP_LOOK, argOf, inst, n, opOf, poolUsed } from './program';
import { HDR_ANCHORED, HDR_WORD } from './vm';
import { LOOK_WORD_ASCII } from './program';

export const SLOT_BITS: i32 = 5;
export const SLOT_COUNT: i32 = 1 << SLOT_BITS; // 32
const GEN_MASK: u32 = 0x00ffffff;
/**
 * Arena size in 32-bit words: the largest possible program fits (evicting
 * the others); typical programs are a few hundred words, so many stay cached.
 */
const ARENA_WORDS: i32 = MAX_PROG_WORDS + 64;

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
  for (let s = 0; s < SLOT_COUNT; s++) {
    const a = slotAddr(s);
    if (load<i32>(a, 12) == 0) continue;
    const sStart = load<i32>(a, 0);
    const sEnd = sStart + load<i32>(a, 4);
    if (sStart < end && start < sEnd) store<i32>(a, 0, 12);
  }
}

/** Words the program in the workspace needs (header, instructions, padding, pool). */
function programWords(): i32 {
  let w = PROG_HEADER_WORDS + n;
  if ((w & 1) != 0) w++;
  w += 2 * poolUsed;
  return w;
}

/** Header flags of the program in the workspace. */
function headerFlags(): u32 {
  let f: u32 = 0;
  const w0 = inst(0);
  if (opOf(w0) == OP_LOOK && argOf(w0) == LOOK_START) f |= HDR_ANCHORED;
  for (let i = 0; i < n; i++) {
    const w = inst(i);
    if (opOf(w) == OP_LOOK && argOf(w) >= LOOK_WORD_ASCII) f |= HDR_WORD;
  }
  return f;
}

/** Copies the workspace program to `dst` (8-byte aligned). */
function writeProgram(dst: usize): void {
  store<u32>(dst, <u32>n);
  store<u32>(dst + 4, <u32>poolUsed);
  store<u32>(dst + 8, headerFlags());
  store<u32>(dst + 12, 0);
  const insts = dst + (<usize>PROG_HEADER_WORDS << 2);
  memory.copy(insts, wsBase + W_INSTS, <usize>n << 2);
  const pool = (insts + (<usize>n << 2) + 7) & ~(<usize>7);
  memory.copy(pool, wsBase + W_POOL, <usize>poolUsed << 3);
}

/**
 * Stores the program just compiled in the workspace into a fresh slot and
 * returns its handle (>= 0).
 */
export function cacheStore(): i32 {
  const words = programWords();
  // Keep every program 8-byte aligned: start on even words.
  if ((arenaHead & 1) != 0) arenaHead++;
  if (arenaHead + words > ARENA_WORDS) arenaHead = 0;
  const start = arenaHead;
  arenaHead += words;

  const slot = nextSlot;
  nextSlot = (nextSlot + 1) & (SLOT_COUNT - 1);
  const a = slotAddr(slot);
  store<i32>(a, 0, 12);
  evictOverlapping(start, start + words);

  writeProgram(ARENA + (<usize>start << 2));
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

/** Address of the program of a handle that handleValid() accepted. */
export function programAt(handle: i32): usize {
  const a = slotAddr(handle & (SLOT_COUNT - 1));
  return ARENA + (<usize>load<i32>(a, 0) << 2);
}
