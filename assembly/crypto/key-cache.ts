// A small cache of decoded public keys for the Ed25519 verifier.
//
// Verifying a warrant chain checks many signatures under few issuer keys.
// Decoding a key costs a field exponentiation, and the verifier also builds a
// table of its odd multiples; both depend only on the 32 key bytes, so they
// are kept here, keyed by the exact bytes received (non-canonical encodings
// are distinct keys). Keys that fail (no curve point, or small order) are
// remembered as rejected.
//
// Static memory only; entries are replaced round-robin.

import { POINT_SIZE } from './edwards';

export const KEY_CACHE_ENTRIES: i32 = 8;
/** Signed-digit window used with a cached key's table. */
export const KEY_WINDOW: i32 = 5;
/** Cached Points per entry: the odd multiples A, 3A, ..., 15A. */
export const KEY_TABLE_POINTS: i32 = 1 << (KEY_WINDOW - 2);

const TABLE_SIZE: usize = <usize>KEY_TABLE_POINTS * POINT_SIZE;

/** Entry state. */
export const ENTRY_EMPTY: u8 = 0;
export const ENTRY_VALID: u8 = 1;
export const ENTRY_REJECTED: u8 = 2;

const KEYS: usize = memory.data(32 * KEY_CACHE_ENTRIES, 16);
const STATES: usize = memory.data(KEY_CACHE_ENTRIES, 16);
const TABLES: usize = memory.data(<i32>TABLE_SIZE * KEY_CACHE_ENTRIES, 16);
let nextSlot = 0;

/** The slot holding `key` (32 bytes), or -1. */
export function keyCacheFind(key: usize): i32 {
  const k0 = load<u64>(key, 0), k1 = load<u64>(key, 8), k2 = load<u64>(key, 16), k3 = load<u64>(key, 24);
  for (let i = 0; i < KEY_CACHE_ENTRIES; i++) {
    if (load<u8>(STATES + <usize>i) == ENTRY_EMPTY) continue;
    const at = KEYS + (<usize>i << 5);
    if (load<u64>(at, 0) == k0 && load<u64>(at, 8) == k1 && load<u64>(at, 16) == k2 && load<u64>(at, 24) == k3) {
      return i;
    }
  }
  return -1;
}

export function keyCacheState(slot: i32): u8 {
  return load<u8>(STATES + <usize>slot);
}

/** Address of the odd-multiples table of a slot. */
export function keyCacheTable(slot: i32): usize {
  return TABLES + <usize>slot * TABLE_SIZE;
}

/**
 * Claims a slot for `key` with the given state and returns it; for
 * ENTRY_VALID the caller then fills keyCacheTable(slot).
 */
export function keyCacheInsert(key: usize, state: u8): i32 {
  const slot = nextSlot;
  nextSlot = (nextSlot + 1) % KEY_CACHE_ENTRIES;
  memory.copy(KEYS + (<usize>slot << 5), key, 32);
  store<u8>(STATES + <usize>slot, state);
  return slot;
}
