// The revoked-id set: an open-addressing hash table of 16-byte warrant ids,
// O(1) per lookup at any size. It lives above the static data (the module has
// no allocator), sized once per revocation list; memory grows only when a
// larger list is installed, never per lookup.

const SLOT_SIZE: usize = 16;
/** An all-zero slot is empty; the all-zero id itself is kept out of line (hasZeroId). */
let tableBase: usize = 0;
let slotMask: usize = 0;
let entryCount: i32 = 0;
let hasZeroId = false;

/** Capacity for `count` ids at a load factor ≤ 1/2 (power of two, ≥ 16 slots). */
function capacityFor(count: i32): usize {
  let slots: usize = 16;
  while (slots < <usize>count * 2) slots <<= 1;
  return slots;
}

/** Prepares an empty table for up to `count` ids. Returns false if memory cannot grow. */
export function revocationReset(count: i32): bool {
  const slots = capacityFor(count);
  const base = (__heap_base + 15) & ~<usize>15;
  const needed = base + slots * SLOT_SIZE;
  const have = <usize>memory.size() << 16;
  if (needed > have) {
    const pages = <i32>((needed - have + 0xffff) >> 16);
    if (memory.grow(pages) < 0) return false;
  }
  tableBase = base;
  slotMask = slots - 1;
  entryCount = 0;
  hasZeroId = false;
  memory.fill(base, 0, slots * SLOT_SIZE);
  return true;
}

@inline function isZero(ptr: usize): bool {
  return load<u64>(ptr) == 0 && load<u64>(ptr, 8) == 0;
}

/** Mixes all 16 bytes (ids from honest issuers are UUIDv7, but presented ids are attacker-chosen). */
@inline function slotOf(id: usize): usize {
  let h = load<u64>(id) * 0x9e3779b97f4a7c15 ^ load<u64>(id, 8);
  h ^= h >> 31;
  h *= 0xbf58476d1ce4e5b9;
  h ^= h >> 29;
  return <usize>h & slotMask;
}

/** False when the table is full for its sized capacity (the caller sized it wrong). */
export function revocationInsert(id: usize): bool {
  if (slotMask == 0) return false;
  if (isZero(id)) {
    hasZeroId = true;
    return true;
  }
  if (<usize>(entryCount + 1) * 2 > slotMask + 1) return false; // never past the sized load factor
  let slot = slotOf(id);
  while (!isZero(tableBase + slot * SLOT_SIZE)) {
    if (memory.compare(tableBase + slot * SLOT_SIZE, id, SLOT_SIZE) == 0) return true; // listed twice
    slot = (slot + 1) & slotMask;
  }
  memory.copy(tableBase + slot * SLOT_SIZE, id, SLOT_SIZE);
  entryCount++;
  return true;
}

export function revocationContains(id: usize): bool {
  if (slotMask == 0) return false;
  if (isZero(id)) return hasZeroId;
  let slot = slotOf(id);
  // The load factor stays ≤ 1/2, so an empty slot always ends the probe.
  while (!isZero(tableBase + slot * SLOT_SIZE)) {
    if (memory.compare(tableBase + slot * SLOT_SIZE, id, SLOT_SIZE) == 0) return true;
    slot = (slot + 1) & slotMask;
  }
  return false;
}

export function revocationCount(): i32 {
  return entryCount + (hasZeroId ? 1 : 0);
}
