// Exports of the revoked-id set (see table.ts). The host parses the signed
// list and passes ids as raw 16-byte values, in batches through the scratch region.

import { SCRATCH, SCRATCH_SIZE } from '../memory';
import { revocationContains, revocationCount, revocationInsert, revocationReset } from './table';

const ERR_RANGE: i32 = -1;
const ERR_MEMORY: i32 = -2;
const ERR_FULL: i32 = -3;

/** Empties the set and sizes it for `count` ids. */
export function srlReset(count: i32): i32 {
  if (count < 0 || count > 16_000_000) return ERR_RANGE;
  return revocationReset(count) ? 0 : ERR_MEMORY;
}

/** Adds `count` consecutive 16-byte ids from the scratch region. */
export function srlInsert(ptr: i32, count: i32): i32 {
  if (ptr < 0 || count < 0 || <u64>ptr < <u64>SCRATCH || <u64>ptr + <u64>count * 16 > <u64>SCRATCH + <u64>SCRATCH_SIZE) return ERR_RANGE;
  for (let i = 0; i < count; i++) {
    if (!revocationInsert(<usize>ptr + <usize>i * 16)) return ERR_FULL;
  }
  return 0;
}

/** 1 when the 16-byte id at ptr is revoked. */
export function srlContains(ptr: i32): i32 {
  if (ptr < 0 || <u64>ptr < <u64>SCRATCH || <u64>ptr + 16 > <u64>SCRATCH + <u64>SCRATCH_SIZE) return ERR_RANGE;
  return revocationContains(<usize>ptr) ? 1 : 0;
}

export function srlCount(): i32 {
  return revocationCount();
}
