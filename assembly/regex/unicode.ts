// Unicode property lookups for the regex compiler, mirroring how
// regex-syntax 0.8 (regex-syntax/src/unicode.rs) resolves `\p{...}`:
//
//   * Names and values are matched loosely: ASCII letters are lower-cased,
//     ' ', '_' and '-' are dropped, non-ASCII bytes are dropped, and a
//     leading "is" is dropped (except that "isc" stays "isc").
//   * `\p{name}` / `\pN`: unless the name is "cf", "sc" or "lc", a property
//     name is tried first (it must be one of the boolean properties, anything
//     else is an error), then a general category (plus Any, ASCII, Assigned),
//     then a script (Script, not Script_Extensions).
//   * `\p{name=value}` (also `:` and `!=`): the name must be General_Category,
//     Script, Script_Extensions, Age (meaning "assigned in this version or
//     earlier"), Grapheme_Cluster_Break, Word_Break or Sentence_Break.
//   * Values that exist in the UCD but have no code point set in regex-syntax
//     (Surrogate, Unknown, Katakana_Or_Hiragana, Other of GCB/WB/SB, the
//     E_Base-style break values, Age=Unassigned) are errors.
//
// The tables come from unicode-tables.ts (generated). The add* functions
// append ranges to the top class of classes.ts; the caller canonicalizes.

import {
  BOOL_ALPHABETIC, BOOL_OFFSETS, BOOL_WHITE_SPACE, GC_CN, GC_MASKS, GC_ND, GC_NUMERIC_MASK,
  NAME_AGE, NAME_GC, NAME_GCB, NAME_NO_DATA, NAME_PROP, NAME_SB, NAME_SC, NAME_WB,
  PERL_WORD, PERL_WORD_COUNT, PROP_AGE, PROP_GC, PROP_GCB, PROP_SB, PROP_SC, PROP_SCX, PROP_WB,
  UCD, UCD_AGE, UCD_GC, UCD_GCB, UCD_NAMES, UCD_NAMES_END, UCD_SB, UCD_SC, UCD_SCX, UCD_SCX_SETS, UCD_WB,
} from './unicode-tables';
import { clsAdd } from './classes';

// --- varint reader --------------------------------------------------------------

let cur: usize = 0;

function varint(): u32 {
  let v: u32 = 0;
  let shift: u32 = 0;
  while (true) {
    const b = <u32>load<u8>(UCD + cur);
    cur++;
    v |= (b & 0x7f) << shift;
    if (b < 0x80) return v;
    shift += 7;
  }
}

// --- partitions ------------------------------------------------------------------

const SEL_EQ: i32 = 0; // value == arg
const SEL_MASK: i32 = 1; // bit `value` of arg set
const SEL_LE: i32 = 2; // value <= arg
const SEL_SCX: i32 = 3; // script arg in set `value`

function scxSetHas(set: u32, script: u32): bool {
  // Sets are stored one after another; walk to the requested one.
  cur = <usize>UCD_SCX_SETS;
  const n = varint();
  if (set >= n) return false;
  let p = cur;
  for (let i: u32 = 0; i < set; i++) p += 1 + <usize>load<u8>(UCD + p);
  const k = <usize>load<u8>(UCD + p);
  for (let i: usize = 0; i < k; i++) if (<u32>load<u8>(UCD + p + 1 + i) == script) return true;
  return false;
}

// Script extension sets that contain the requested script (bitmap, <= 1024 sets).
const SCX_HIT: usize = memory.data(128, 16);

/** Appends to the top class every run of partition `table` whose value is selected. */
function addPartition(table: i32, sel: i32, arg: u32): void {
  if (sel == SEL_SCX) {
    cur = <usize>UCD_SCX_SETS;
    const nsets = varint();
    memory.fill(SCX_HIT, 0, 128);
    for (let s: u32 = 0; s < nsets && s < 1024; s++) {
      if (scxSetHas(s, arg)) store<u8>(SCX_HIT + (s >>> 3), <u8>(<u32>load<u8>(SCX_HIT + (s >>> 3)) | (<u32>1 << (s & 7))));
    }
  }
  cur = <usize>table;
  const runs = varint();
  // Decode with a local cursor: this loop runs over every run of the table.
  let q = UCD + cur;
  let cp: u32 = 0;
  let openLo: i32 = -1;
  for (let i: u32 = 0; i < runs; i++) {
    let len: u32 = <u32>load<u8>(q++);
    if (len >= 0x80) {
      len &= 0x7f;
      let shift: u32 = 7;
      while (true) {
        const b = <u32>load<u8>(q++);
        len |= (b & 0x7f) << shift;
        if (b < 0x80) break;
        shift += 7;
      }
    }
    let v: u32 = <u32>load<u8>(q++);
    if (v >= 0x80) {
      v &= 0x7f;
      let shift: u32 = 7;
      while (true) {
        const b = <u32>load<u8>(q++);
        v |= (b & 0x7f) << shift;
        if (b < 0x80) break;
        shift += 7;
      }
    }
    let hit = false;
    if (sel == SEL_EQ) hit = v == arg;
    else if (sel == SEL_MASK) hit = v < 32 && ((arg >>> v) & 1) != 0;
    else if (sel == SEL_LE) hit = v <= arg;
    else hit = v < 1024 && ((<u32>load<u8>(SCX_HIT + (v >>> 3)) >>> (v & 7)) & 1) != 0;
    if (hit) {
      if (openLo < 0) openLo = <i32>cp;
    } else if (openLo >= 0) {
      clsAdd(<u32>openLo, cp - 1);
      openLo = -1;
    }
    cp += len;
  }
  if (openLo >= 0) clsAdd(<u32>openLo, cp - 1);
}

/** Appends boolean property `index` (see BOOL_OFFSETS) to the top class. */
function addBool(index: i32): void {
  cur = <usize>load<i32>(BOOL_OFFSETS + (<usize>index << 2));
  const n = varint();
  let prev: u32 = 0;
  for (let i: u32 = 0; i < n; i++) {
    const lo = prev + varint();
    const hi = lo + varint();
    clsAdd(lo, hi - 1);
    prev = hi;
  }
}

/** True when c is in boolean property `index`. */
function inBool(index: i32, c: u32): bool {
  cur = <usize>load<i32>(BOOL_OFFSETS + (<usize>index << 2));
  const n = varint();
  let prev: u32 = 0;
  for (let i: u32 = 0; i < n; i++) {
    const lo = prev + varint();
    const hi = lo + varint();
    if (c < lo) return false;
    if (c < hi) return true;
    prev = hi;
  }
  return false;
}

/** General category id (index into the generator's GC_FINE list) of c. */
function gcOf(c: u32): u32 {
  cur = <usize>UCD_GC;
  const runs = varint();
  let cp: u32 = 0;
  for (let i: u32 = 0; i < runs; i++) {
    const len = varint();
    const v = varint();
    if (c < cp + len) return v;
    cp += len;
  }
  return <u32>GC_CN;
}

// --- Perl classes and character predicates ---------------------------------------------

export function addPerlWord(): void {
  for (let i = 0; i < PERL_WORD_COUNT; i++) {
    clsAdd(load<u32>(PERL_WORD + (<usize>i << 3)), load<u32>(PERL_WORD + (<usize>i << 3) + 4));
  }
}

export function addPerlDigit(): void {
  addPartition(UCD_GC, SEL_EQ, <u32>GC_ND);
}

export function addPerlSpace(): void {
  addBool(BOOL_WHITE_SPACE);
}

/** Unicode \w membership (regex-syntax's perl-word set), by binary search. */
export function isWordChar(c: u32): bool {
  if (c < 0x80) return (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || (c >= 0x30 && c <= 0x39) || c == 0x5f;
  let lo = 0;
  let hi = PERL_WORD_COUNT;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const p = PERL_WORD + (<usize>mid << 3);
    if (load<u32>(p + 4) < c) lo = mid + 1;
    else if (load<u32>(p) > c) hi = mid;
    else return true;
  }
  return false;
}

/** Rust's char::is_whitespace (the White_Space property). */
export function isWhiteSpace(c: u32): bool {
  if (c < 0x80) return c == 0x20 || (c >= 0x09 && c <= 0x0d);
  return inBool(BOOL_WHITE_SPACE, c);
}

/** Rust's char::is_alphabetic (the Alphabetic property). */
export function isAlphabetic(c: u32): bool {
  if (c < 0x80) return (c | 0x20) >= 0x61 && (c | 0x20) <= 0x7a;
  return inBool(BOOL_ALPHABETIC, c);
}

/** Rust's char::is_numeric (general category Nd, Nl or No). */
export function isNumeric(c: u32): bool {
  if (c < 0x80) return c >= 0x30 && c <= 0x39;
  return ((GC_NUMERIC_MASK >>> gcOf(c)) & 1) != 0;
}

// --- names ---------------------------------------------------------------------------

/**
 * Normalizes src[0..len) into dst (at most 255 bytes) like regex-syntax's
 * symbolic_name_normalize. Returns the length, or -1 when longer than 255.
 */
export function normalizeName(src: usize, len: i32, dst: usize): i32 {
  let start = 0;
  let startsIs = false;
  if (len >= 2) {
    const b0 = <u32>load<u8>(src) | 0x20;
    const b1 = <u32>load<u8>(src + 1) | 0x20;
    // Only 'i'/'I' then 's'/'S' ( | 0x20 maps nothing else onto them).
    startsIs = b0 == 0x69 && b1 == 0x73 && (<u32>load<u8>(src) & 0xdf) == 0x49 && (<u32>load<u8>(src + 1) & 0xdf) == 0x53;
    if (startsIs) start = 2;
  }
  let n = 0;
  for (let i = start; i < len; i++) {
    let b = <u32>load<u8>(src + <usize>i);
    if (b == 0x20 || b == 0x5f || b == 0x2d || b > 0x7f) continue;
    if (b >= 0x41 && b <= 0x5a) b += 0x20;
    if (n >= 255) return -1;
    store<u8>(dst + <usize>n, <u8>b);
    n++;
  }
  if (startsIs && n == 1 && load<u8>(dst) == 0x63) {
    store<u8>(dst, 0x69);
    store<u8>(dst + 1, 0x73);
    store<u8>(dst + 2, 0x63);
    n = 3;
  }
  return n;
}

/** Value of the names entry (kind, name), or -1 when there is none. */
function lookup(kind: i32, name: usize, len: i32): i32 {
  let p = <usize>UCD_NAMES;
  const end = <usize>UCD_NAMES_END;
  while (p < end) {
    const n = <i32>load<u8>(UCD + p);
    const k = <i32>load<u8>(UCD + p + 1 + <usize>n);
    if (k == kind && n == len && memory.compare(UCD + p + 1, name, <usize>n) == 0) {
      return <i32>load<u8>(UCD + p + 2 + <usize>n);
    }
    p += 3 + <usize>n;
  }
  return -1;
}

// @ts-ignore: decorator
@inline
function is2(name: usize, len: i32, a: u32, b: u32): bool {
  return len == 2 && <u32>load<u8>(name) == a && <u32>load<u8>(name + 1) == b;
}

function isWord(name: usize, len: i32, w: string): bool {
  if (len != w.length) return false;
  for (let i = 0; i < len; i++) if (<u32>load<u8>(name + <usize>i) != <u32>w.charCodeAt(i)) return false;
  return true;
}

const GC_ANY: i32 = -10;
const GC_ASCII: i32 = -11;
const GC_ASSIGNED: i32 = -12;
const NOT_FOUND: i32 = -1;
const NO_DATA: i32 = -2;

/** canonical_gencat: a GC_MASKS index, GC_ANY/ASCII/ASSIGNED, NOT_FOUND or NO_DATA. */
function canonicalGencat(name: usize, len: i32): i32 {
  if (isWord(name, len, 'any')) return GC_ANY;
  if (isWord(name, len, 'assigned')) return GC_ASSIGNED;
  if (isWord(name, len, 'ascii')) return GC_ASCII;
  const v = lookup(NAME_GC, name, len);
  if (v < 0) return NOT_FOUND;
  return v == NAME_NO_DATA ? NO_DATA : v;
}

/** Appends a general category selection (result of canonicalGencat >= or special). */
function addGencat(g: i32): void {
  if (g == GC_ANY) clsAdd(0, 0x10ffff);
  else if (g == GC_ASCII) clsAdd(0, 0x7f);
  else if (g == GC_ASSIGNED) addPartition(UCD_GC, SEL_MASK, ~(<u32>1 << <u32>GC_CN));
  else addPartition(UCD_GC, SEL_MASK, load<u32>(GC_MASKS + (<usize>g << 2)));
}

/**
 * `\p{name}` / `\pX` with the (already normalized) name. Appends the set to
 * the top class and returns true, or returns false for an unknown property.
 */
export function addNamedClass(name: usize, len: i32): bool {
  if (!is2(name, len, 0x63, 0x66) && !is2(name, len, 0x73, 0x63) && !is2(name, len, 0x6c, 0x63)) {
    const p = lookup(NAME_PROP, name, len);
    if (p >= 0) {
      if (p >= 64) return false; // a property, but not a boolean one
      addBool(p);
      return true;
    }
  }
  const g = canonicalGencat(name, len);
  if (g != NOT_FOUND) {
    if (g == NO_DATA) return false;
    addGencat(g);
    return true;
  }
  const s = lookup(NAME_SC, name, len);
  if (s < 0 || s == NAME_NO_DATA) return false;
  addPartition(UCD_SC, SEL_EQ, <u32>s);
  return true;
}

/** `\p{name=value}` with both parts normalized. Same contract as addNamedClass. */
export function addValueClass(name: usize, nlen: i32, value: usize, vlen: i32): bool {
  const p = lookup(NAME_PROP, name, nlen);
  if (p == PROP_GC) {
    const g = canonicalGencat(value, vlen);
    if (g == NOT_FOUND || g == NO_DATA) return false;
    addGencat(g);
    return true;
  }
  let kind = 0;
  let table = 0;
  let sel = SEL_EQ;
  if (p == PROP_SC) {
    kind = NAME_SC;
    table = UCD_SC;
  } else if (p == PROP_SCX) {
    kind = NAME_SC;
    table = UCD_SCX;
    sel = SEL_SCX;
  } else if (p == PROP_AGE) {
    kind = NAME_AGE;
    table = UCD_AGE;
    sel = SEL_LE;
  } else if (p == PROP_GCB) {
    kind = NAME_GCB;
    table = UCD_GCB;
  } else if (p == PROP_WB) {
    kind = NAME_WB;
    table = UCD_WB;
  } else if (p == PROP_SB) {
    kind = NAME_SB;
    table = UCD_SB;
  } else {
    return false;
  }
  const v = lookup(kind, value, vlen);
  if (v < 0 || v == NAME_NO_DATA) return false;
  addPartition(table, sel, <u32>v);
  return true;
}
