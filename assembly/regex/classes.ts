// Character class algebra over Unicode scalar values.
//
// Classes under construction live on a stack in the workspace (work.ts). An
// entry is a 64-bit count followed by that many ranges, each packed as
// lo << 32 | hi (inclusive bounds). Ranges are appended in any order and made
// canonical (sorted, disjoint, merged when overlapping or adjacent as
// numbers) by clsCanon(). Every other operation takes and leaves canonical
// classes.
//
// The representation copies regex-syntax's IntervalSet<ClassUnicodeRange>
// exactly, because one of its quirks is observable. Bounds are Rust `char`s,
// never surrogates, but a range may span U+D800..U+DFFF ([a-\x{10FFFF}] is
// one range); the surrogates inside are never matched since no subject holds
// them. Ranges ending at U+D7FF and starting at U+E000 are not adjacent as
// numbers, so they stay apart, and negating such a pair computes the gap
// between them as [U+D7FF + 1, U+E000 - 1] with char arithmetic (which skips
// the surrogates): [U+E000, U+D7FF], stored swapped as [U+D7FF, U+E000]. So
// regex treats [^\x{D7FF}\x{E000}] as matching U+D7FF and U+E000; so does this.

import { CLASS_RANGES, MAX_DEPTH, W_CLS, W_TMP, wsBase } from './work';
import { FOLD_RUNS, FOLD_RUN_COUNT } from './unicode-tables';

export const MAX_CP: u32 = 0x10ffff;

let top: i32 = -1; // index of the top entry
let endOff: usize = 0; // byte offset (from the class area) where the next entry would start
/** Set when a class outgrew CLASS_RANGES; the compiler reports "too large". */
export let clsOverflow: bool = false;

// Entry start offsets (bytes from the class area), one per stack level.
const STARTS: usize = memory.data(MAX_DEPTH * 4 + 16, 16);

// @ts-ignore: decorator
@inline
function area(): usize {
  return wsBase + W_CLS;
}

// @ts-ignore: decorator
@inline
function entryAt(level: i32): usize {
  return area() + <usize>load<u32>(STARTS + (<usize>level << 2));
}

// @ts-ignore: decorator
@inline
export function pack(lo: u32, hi: u32): u64 {
  return (<u64>lo << 32) | <u64>hi;
}
// @ts-ignore: decorator
@inline
export function rLo(r: u64): u32 {
  return <u32>(r >>> 32);
}
// @ts-ignore: decorator
@inline
export function rHi(r: u64): u32 {
  return <u32>r;
}

export function clsReset(): void {
  top = -1;
  endOff = 0;
  clsOverflow = false;
}

export function clsDepth(): i32 {
  return top + 1;
}

/** Pushes an empty class. False when the stack is full (nesting far beyond the limit). */
export function clsPush(): bool {
  if (top + 1 >= MAX_DEPTH) return false;
  top++;
  store<u32>(STARTS + (<usize>top << 2), <u32>endOff);
  store<u64>(area() + endOff, 0);
  endOff += 8;
  return true;
}

export function clsPop(): void {
  endOff = <usize>load<u32>(STARTS + (<usize>top << 2));
  top--;
}

/** Address of the first range of the top class. */
export function clsRanges(): usize {
  return entryAt(top) + 8;
}

export function clsCount(): i32 {
  return <i32>load<u64>(entryAt(top));
}

function setCount(n: i32): void {
  const e = entryAt(top);
  store<u64>(e, <u64>n);
  endOff = (e - area()) + 8 + (<usize>n << 3);
}

/**
 * Canonicalizes the top class when it is close to filling the class area, so
 * that a union built from very many items keeps only its merged ranges. Only
 * for callers that are not iterating over the top class.
 */
export function clsCompact(): void {
  if (endOff + 64 > <usize>CLASS_RANGES * 8) clsCanon();
}

/** Appends [lo, hi] (lo <= hi) to the top class. */
export function clsAdd(lo: u32, hi: u32): void {
  if (endOff + 8 > <usize>CLASS_RANGES * 8) {
    clsOverflow = true;
    return;
  }
  const e = entryAt(top);
  const n = load<u64>(e);
  store<u64>(area() + endOff, pack(lo, hi));
  store<u64>(e, n + 1);
  endOff += 8;
}

function siftDown(a: usize, start: i32, n: i32): void {
  let root = start;
  while (true) {
    let child = 2 * root + 1;
    if (child >= n) return;
    if (child + 1 < n && load<u64>(a + (<usize>(child + 1) << 3)) > load<u64>(a + (<usize>child << 3))) child++;
    const rv = load<u64>(a + (<usize>root << 3));
    const cv = load<u64>(a + (<usize>child << 3));
    if (rv >= cv) return;
    store<u64>(a + (<usize>root << 3), cv);
    store<u64>(a + (<usize>child << 3), rv);
    root = child;
  }
}

/**
 * Sorts and merges the top class (as IntervalSet::canonicalize does). Classes
 * are usually a sorted run followed by a few appended ranges, so only the
 * unsorted tail is heap-sorted and then merged with the sorted prefix.
 */
export function clsCanon(): void {
  const a = clsRanges();
  const n = clsCount();
  let k = 1;
  while (k < n && load<u64>(a + (<usize>k << 3)) >= load<u64>(a + (<usize>(k - 1) << 3))) k++;
  if (k < n) {
    const tail = a + (<usize>k << 3);
    const m = n - k;
    for (let i = m / 2 - 1; i >= 0; i--) siftDown(tail, i, m);
    for (let end = m - 1; end > 0; end--) {
      const t = load<u64>(tail);
      store<u64>(tail, load<u64>(tail + (<usize>end << 3)));
      store<u64>(tail + (<usize>end << 3), t);
      siftDown(tail, 0, end);
    }
    // Merge the sorted runs [0, k) and [k, n) through the temporary area.
    const t = wsBase + W_TMP;
    let i = 0;
    let j = k;
    let o = 0;
    while (i < k || j < n) {
      let v: u64;
      if (j >= n || (i < k && load<u64>(a + (<usize>i << 3)) <= load<u64>(a + (<usize>j << 3)))) {
        v = load<u64>(a + (<usize>i << 3));
        i++;
      } else {
        v = load<u64>(a + (<usize>j << 3));
        j++;
      }
      store<u64>(t + (<usize>o << 3), v);
      o++;
    }
    memory.copy(a, t, <usize>n << 3);
  }
  // Merge overlapping/adjacent ranges in place.
  let out = 0;
  for (let i = 0; i < n; i++) {
    const r = load<u64>(a + (<usize>i << 3));
    const lo = rLo(r);
    const hi = rHi(r);
    if (out > 0) {
      const p = load<u64>(a + (<usize>(out - 1) << 3));
      if (lo <= rHi(p) + 1) {
        if (hi > rHi(p)) store<u64>(a + (<usize>(out - 1) << 3), pack(rLo(p), hi));
        continue;
      }
    }
    store<u64>(a + (<usize>out << 3), r);
    out++;
  }
  setCount(out);
  fixSurrogateBounds();
}

/**
 * Moves bounds that fell inside U+D800..U+DFFF (the sweep below works on
 * numbers) to the chars regex-syntax would have computed: a lower bound up
 * to U+E000, an upper bound down to U+D7FF; ranges left empty disappear.
 */
function fixSurrogateBounds(): void {
  const a = clsRanges();
  const n = clsCount();
  let out = 0;
  for (let i = 0; i < n; i++) {
    const r = load<u64>(a + (<usize>i << 3));
    let lo = rLo(r);
    let hi = rHi(r);
    if (lo >= 0xd800 && lo <= 0xdfff) lo = 0xe000;
    if (hi >= 0xd800 && hi <= 0xdfff) hi = 0xd7ff;
    if (lo > hi) continue;
    store<u64>(a + (<usize>out << 3), pack(lo, hi));
    out++;
  }
  if (out != n) setCount(out);
}

// @ts-ignore: decorator
@inline
function charInc(c: u32): u32 {
  return c == 0xd7ff ? 0xe000 : c + 1;
}
// @ts-ignore: decorator
@inline
function charDec(c: u32): u32 {
  return c == 0xe000 ? 0xd7ff : c - 1;
}

/**
 * Complements the (canonical) top class like IntervalSet::negate: gaps are
 * computed with char increment/decrement, and a "gap" whose bounds come out
 * reversed (between ranges ending at U+D7FF and starting at U+E000) is kept
 * with its bounds swapped, as Interval::create does.
 */
export function clsNegate(): void {
  const a = clsRanges();
  const n = clsCount();
  const t = wsBase + W_TMP;
  let out = 0;
  if (n == 0) {
    store<u64>(t, pack(0, MAX_CP));
    out = 1;
  } else {
    const first = load<u64>(a);
    if (rLo(first) > 0) {
      store<u64>(t, pack(0, charDec(rLo(first))));
      out++;
    }
    for (let i = 1; i < n; i++) {
      const lo = charInc(rHi(load<u64>(a + (<usize>(i - 1) << 3))));
      const hi = charDec(rLo(load<u64>(a + (<usize>i << 3))));
      store<u64>(t + (<usize>out << 3), lo <= hi ? pack(lo, hi) : pack(hi, lo));
      out++;
    }
    const last = load<u64>(a + (<usize>(n - 1) << 3));
    if (rHi(last) < MAX_CP) {
      store<u64>(t + (<usize>out << 3), pack(charInc(rHi(last)), MAX_CP));
      out++;
    }
  }
  if (entryAt(top) - area() + 8 + (<usize>(out + 1) << 3) > <usize>CLASS_RANGES * 8) {
    clsOverflow = true;
    return;
  }
  memory.copy(a, t, <usize>out << 3);
  setCount(out);
  // Like IntervalSet::negate, the result is not canonicalized again: it is
  // sorted and disjoint, and every later use goes through a union first.
}

// --- simple case folding ------------------------------------------------------

// @ts-ignore: decorator
@inline
function runStart(i: i32): u32 {
  return load<u32>(FOLD_RUNS + (<usize>i << 3)) & 0x1fffff;
}
// @ts-ignore: decorator
@inline
function runEnd(i: i32): u32 {
  const w = load<u32>(FOLD_RUNS + (<usize>i << 3));
  return (w & 0x1fffff) + (w >>> 21);
}

/** Index of the first fold run whose end is >= c (FOLD_RUN_COUNT if none). */
function firstRunFrom(c: u32): i32 {
  let lo = 0;
  let hi = FOLD_RUN_COUNT;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (runEnd(mid) < c) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Successor of c in its case folding orbit, or c itself when it has none. */
export function foldNext(c: u32): u32 {
  const i = firstRunFrom(c);
  if (i >= FOLD_RUN_COUNT || runStart(i) > c) return c;
  const w1 = load<u32>(FOLD_RUNS + (<usize>i << 3) + 4);
  if ((w1 >>> 30) == 1) return ((c - runStart(i)) & 1) == 0 ? c + 1 : c - 1;
  const delta = <i32>(w1 << 2) >> 2;
  return <u32>(<i32>c + delta);
}

/** True when some code point in [lo, hi] has a non-trivial orbit. */
export function foldOverlaps(lo: u32, hi: u32): bool {
  const i = firstRunFrom(lo);
  return i < FOLD_RUN_COUNT && runStart(i) <= hi;
}

/** Closes the (canonical) top class under simple case folding. */
export function clsFold(): void {
  const a = clsRanges();
  const n = clsCount();
  for (let i = 0; i < n; i++) {
    const r = load<u64>(a + (<usize>i << 3));
    const lo = rLo(r);
    const hi = rHi(r);
    let k = firstRunFrom(lo);
    while (k < FOLD_RUN_COUNT && runStart(k) <= hi) {
      const s = max(runStart(k), lo);
      const e = min(runEnd(k), hi);
      for (let c = s; c <= e; c++) {
        let m = foldNext(c);
        while (m != c) {
          if (m < lo || m > hi) clsAdd(m, m);
          m = foldNext(m);
        }
      }
      k++;
    }
  }
  if (clsCount() != n) clsCanon();
}

/** ASCII-only case folding of the (canonical) top class, as (?i-u) does it. */
export function clsFoldAscii(): void {
  const a = clsRanges();
  const n = clsCount();
  for (let i = 0; i < n; i++) {
    const r = load<u64>(a + (<usize>i << 3));
    const lo = rLo(r);
    const hi = rHi(r);
    const ulo = max(lo, 0x41);
    const uhi = min(hi, 0x5a);
    if (ulo <= uhi) clsAdd(ulo + 0x20, uhi + 0x20);
    const llo = max(lo, 0x61);
    const lhi = min(hi, 0x7a);
    if (llo <= lhi) clsAdd(llo - 0x20, lhi - 0x20);
  }
  if (clsCount() != n) clsCanon();
}

// --- binary operations --------------------------------------------------------

export const OP_UNION: i32 = 0;
export const OP_AND: i32 = 1;
export const OP_MINUS: i32 = 2;
export const OP_XOR: i32 = 3;

/**
 * Replaces the two top classes (lhs below, rhs on top, both canonical) by
 * lhs OP rhs. Works as a sweep over the boundaries of both range lists.
 */
export function clsCombine(op: i32): void {
  const rhsN = clsCount();
  const rhs = clsRanges();
  clsPop();
  const lhsN = clsCount();
  const lhs = clsRanges();
  const t = wsBase + W_TMP;
  let out = 0;
  let i = 0; // boundary index into lhs (2 per range)
  let j = 0;
  let inA = false;
  let inB = false;
  let inOut = false;
  let outLo: u32 = 0;
  while (i < 2 * lhsN || j < 2 * rhsN) {
    const pa: u64 = i < 2 * lhsN ? boundary(lhs, i) : 0xffffffffffff;
    const pb: u64 = j < 2 * rhsN ? boundary(rhs, j) : 0xffffffffffff;
    const p = min(pa, pb);
    if (pa == p) {
      inA = !inA;
      i++;
    }
    if (pb == p) {
      inB = !inB;
      j++;
    }
    let now = false;
    if (op == OP_UNION) now = inA || inB;
    else if (op == OP_AND) now = inA && inB;
    else if (op == OP_MINUS) now = inA && !inB;
    else now = inA != inB;
    if (now && !inOut) {
      outLo = <u32>p;
    } else if (!now && inOut) {
      if (out >= CLASS_RANGES) {
        clsOverflow = true;
        break;
      }
      store<u64>(t + (<usize>out << 3), pack(outLo, <u32>p - 1));
      out++;
    }
    inOut = now;
  }
  if (entryAt(top) - area() + 8 + (<usize>out << 3) > <usize>CLASS_RANGES * 8) {
    clsOverflow = true;
    out = 0;
  }
  memory.copy(lhs, t, <usize>out << 3);
  setCount(out);
  fixSurrogateBounds();
}

/** Boundary k of a range list: even k = lo, odd k = hi + 1. */
// @ts-ignore: decorator
@inline
function boundary(a: usize, k: i32): u64 {
  const r = load<u64>(a + (<usize>(k >> 1) << 3));
  return (k & 1) == 0 ? <u64>rLo(r) : <u64>rHi(r) + 1;
}

/** Swaps the two top classes (through the temporary area). */
export function clsSwap(): void {
  const t = wsBase + W_TMP;
  const bn = clsCount();
  memory.copy(t, clsRanges(), <usize>bn << 3);
  clsPop();
  const an = clsCount();
  const aStart = clsRanges();
  // [a's header][a][b's header][b] becomes [b's header][b][a's header][a].
  memory.copy(t + (<usize>bn << 3), aStart, <usize>an << 3);
  memory.copy(aStart, t, <usize>bn << 3);
  setCount(bn);
  clsPush();
  memory.copy(clsRanges(), t + (<usize>bn << 3), <usize>an << 3);
  setCount(an);
}

/**
 * Unions the top class (canonical) into the class below it and pops it. The
 * lower class may still hold unsorted appended ranges; it is canonicalized
 * first, then the two are merged in one linear pass.
 */
export function clsMergeDown(): void {
  const n = clsCount();
  let src = clsRanges();
  clsPop();
  if (!isCanonical()) clsCanon(); // only shrinks: the popped ranges stay intact
  clsPush();
  if (clsRanges() != src) memory.copy(clsRanges(), src, <usize>n << 3);
  setCount(n);
  clsCombine(OP_UNION);
}

/** True when the top class is sorted, disjoint and non-adjacent. */
function isCanonical(): bool {
  const a = clsRanges();
  const n = clsCount();
  for (let i = 1; i < n; i++) {
    if (rLo(load<u64>(a + (<usize>i << 3))) <= rHi(load<u64>(a + (<usize>(i - 1) << 3))) + 1) return false;
  }
  return true;
}

/** True when every member of the top class is ASCII. */
export function clsIsAscii(): bool {
  const n = clsCount();
  return n == 0 || rHi(load<u64>(clsRanges() + (<usize>(n - 1) << 3))) <= 0x7f;
}
