// Generation-tagged slot descriptors of the compiled-program caches
// (assembly/glob/cache.ts, assembly/regex/cache.ts).
//
// A cache keeps its programs in a circular arena of 32-bit words and describes
// them in a table of `1 << slotBits` slots in static memory, 16 bytes a slot:
// start word, size in words, generation, live flag (4 x i32). One more 16-byte
// entry after the slots holds the cache's state: the arena head, the next
// slot (slots are handed out round robin) and the slot reserved last. A
// program gets the arena words after the previous one's, wrapping to word 0
// when it would not fit; reserving it evicts the slot being reused and every
// live slot whose program overlaps the new one's words. A handle is
// `generation << slotBits | slot`. The generation of a slot is bumped whenever
// the slot is reassigned, and eviction clears the slot's live flag, so a
// handle the host kept past an eviction is reported stale instead of running
// another pattern's program.
//
// The helpers take the table's address and size as arguments and are inlined,
// so each cache's constants fold in and nothing is allocated.

const GEN_MASK: u32 = 0x00ffffff;

/** Bytes of one slot descriptor; a table of N slots takes (N + 1) * SLOT_BYTES. */
export const SLOT_BYTES: i32 = 16;

// @ts-ignore: decorator
@inline
function slotAddr(slots: usize, slot: i32): usize {
  return slots + (<usize>slot << 4);
}

// @ts-ignore: decorator
@inline
function slotOf(slotBits: i32, handle: i32): i32 {
  return handle & ((1 << slotBits) - 1);
}

/**
 * Reserves arena words for a program of `words` words, starting on a multiple
 * of `align` (1 or 2) words in an arena of `arenaWords` words, and the next
 * slot for it, evicting every program those words overlap. Returns the start
 * word; write the program there, then call slotPublish().
 */
// @ts-ignore: decorator
@inline
export function slotReserve(slots: usize, slotBits: i32, arenaWords: i32, words: i32, align: i32): i32 {
  const count = 1 << slotBits;
  const state = slotAddr(slots, count);
  let start = (load<i32>(state, 0) + align - 1) & -align;
  if (start + words > arenaWords) start = 0;
  const end = start + words;
  store<i32>(state, end, 0);
  const slot = load<i32>(state, 4);
  store<i32>(state, (slot + 1) & (count - 1), 4);
  store<i32>(state, slot, 8);

  const a = slotAddr(slots, slot);
  store<i32>(a, 0, 12); // the previous occupant is gone
  store<i32>(a, start, 0);
  store<i32>(a, words, 4);
  if (start == end) return start;
  for (let s = 0; s < count; s++) {
    const o = slotAddr(slots, s);
    if (load<i32>(o, 12) == 0) continue;
    const sStart = load<i32>(o, 0);
    const sEnd = sStart + load<i32>(o, 4);
    if (sStart < end && start < sEnd) store<i32>(o, 0, 12);
  }
  return start;
}

/** Marks the slot reserved last live with a new generation and returns its handle (>= 0). */
// @ts-ignore: decorator
@inline
export function slotPublish(slots: usize, slotBits: i32): i32 {
  const slot = load<i32>(slotAddr(slots, 1 << slotBits), 8);
  const a = slotAddr(slots, slot);
  const gen = (load<u32>(a, 8) + 1) & GEN_MASK;
  store<u32>(a, gen, 8);
  store<i32>(a, 1, 12);
  return <i32>((gen << <u32>slotBits) | <u32>slot);
}

/** True when `handle` names a live slot still holding the program it was issued for. */
// @ts-ignore: decorator
@inline
export function slotHandleValid(slots: usize, slotBits: i32, handle: i32): bool {
  if (handle < 0) return false;
  const a = slotAddr(slots, slotOf(slotBits, handle));
  if (load<i32>(a, 12) == 0) return false;
  return load<u32>(a, 8) == (<u32>handle >>> <u32>slotBits);
}

/** First arena word of the program of a handle that slotHandleValid() accepted. */
// @ts-ignore: decorator
@inline
export function slotStartWord(slots: usize, slotBits: i32, handle: i32): i32 {
  return load<i32>(slotAddr(slots, slotOf(slotBits, handle)), 0);
}

/** One past the last arena word of the program of a handle that slotHandleValid() accepted. */
// @ts-ignore: decorator
@inline
export function slotEndWord(slots: usize, slotBits: i32, handle: i32): i32 {
  const a = slotAddr(slots, slotOf(slotBits, handle));
  return load<i32>(a, 0) + load<i32>(a, 4);
}
