// Fixed-size cache of compiled regex programs in static memory, with the same
// scheme as the glob cache: programs are copied into one circular arena,
// slot descriptors are handed out round robin, allocating a program evicts
// the slot being reused and every live slot whose program overlaps the new
// one, and a handle is a generation-tagged slot number (assembly/common/slots.ts)
// so that a handle kept past an eviction is reported stale instead of running
// another program.
//
// Program layout (see program.ts): header [insts, pool ranges, flags, 0],
// the instructions, padding to 8 bytes, the class pool (u64 per entry).

import { SLOT_BYTES, slotHandleValid, slotPublish, slotReserve, slotStartWord } from '../common/slots';
import { MAX_PROG_WORDS, PROG_HEADER_WORDS, W_INSTS, W_POOL, wsBase } from './work';
import { LOOK_START, OP_LOOK, argOf, inst, n, opOf, poolUsed } from './program';
import { HDR_ANCHORED, HDR_WORD } from './vm';
import { LOOK_WORD_ASCII } from './program';

export const SLOT_BITS: i32 = 5;
export const SLOT_COUNT: i32 = 1 << SLOT_BITS; // 32
/**
 * Arena size in 32-bit words: the largest possible program fits (evicting
 * the others); typical programs are a few hundred words, so many stay cached.
 */
const ARENA_WORDS: i32 = MAX_PROG_WORDS + 64;

const ARENA: usize = memory.data(ARENA_WORDS << 2, 16);
// The slot descriptors and the cache state (assembly/common/slots.ts).
const SLOTS: usize = memory.data((SLOT_COUNT + 1) * SLOT_BYTES, 16);

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
  const start = slotReserve(SLOTS, SLOT_BITS, ARENA_WORDS, words, 2);
  writeProgram(ARENA + (<usize>start << 2));
  return slotPublish(SLOTS, SLOT_BITS);
}

/** True when `handle` names a live slot still holding the program it was issued for. */
export function handleValid(handle: i32): bool {
  return slotHandleValid(SLOTS, SLOT_BITS, handle);
}

/** Address of the program of a handle that handleValid() accepted. */
export function programAt(handle: i32): usize {
  return ARENA + (<usize>slotStartWord(SLOTS, SLOT_BITS, handle) << 2);
}
