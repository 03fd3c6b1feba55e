// The compiled program and the code generator's building blocks.
//
// A program is a Thompson NFA over Unicode scalar values, one u32 per
// instruction: op << 28 | arg. Jumps are relative, so any block of
// instructions can be copied or moved as a whole (repetitions copy their
// operand, alternations shift their branches).
//
//   CHAR c       consume scalar c
//   CLASS k      consume a scalar in the class at pool entry k
//   ANY          consume any scalar;  ANY_NL: any but \n;  ANY_CRLF: any but \r and \n
//   SPLIT d      continue at pc + 1 and at pc + d
//   JMP d        continue at pc + d (JMP +1 is a no-op that carries size)
//   LOOK k       zero-width assertion k (LOOK_* below)
//   MATCH
//
// Layout in memory: [header: insts, pool ranges, flags, 0][insts][pool: u64 ranges].
// A class in the pool is [count as u64][ranges]; CLASS's arg is the pool index of
// the count word.
//
// Size limit. regex 1.13.1 rejects a pattern when one of its byte-based NFAs
// (the forward one, or the reverse one built for its lazy DFA) needs more than
// 10 MiB. Each instruction here carries an estimate of the bytes its Rust
// counterpart costs (32 per NFA state, 4 per union alternate, 8 per sparse
// transition; Unicode classes by their UTF-8 automaton, see classCost), and
// repetitions multiply them. Checked against regex 1.13.1, the largest valid
// count comes out within 0.5% of the real one for Unicode classes (e.g.
// \w{209} and \pL{244} are the real maxima, 210 and 245 here). Programs for
// cheap items hit this engine's own capacity (MAX_INSTS) first: regex accepts
// up to a{327673} and .{10485}, this engine up to about 8190 instructions.

import { MAX_INSTS, MAX_POOL_RANGES, W_COSTS, W_DEDUP, W_INSTS, W_POOL, DEDUP_SLOTS, wsBase } from './work';
import { rHi, rLo } from './classes';

export const OP_CHAR: u32 = 0;
export const OP_CLASS: u32 = 1;
export const OP_ANY: u32 = 2;
export const OP_ANY_NL: u32 = 3;
export const OP_ANY_CRLF: u32 = 4;
export const OP_SPLIT: u32 = 5;
export const OP_JMP: u32 = 6;
export const OP_LOOK: u32 = 7;
export const OP_MATCH: u32 = 8;

export const LOOK_START: u32 = 0;
export const LOOK_END: u32 = 1;
export const LOOK_START_LF: u32 = 2;
export const LOOK_END_LF: u32 = 3;
export const LOOK_START_CRLF: u32 = 4;
export const LOOK_END_CRLF: u32 = 5;
export const LOOK_WORD_ASCII: u32 = 6;
export const LOOK_NOT_WORD_ASCII: u32 = 7;
export const LOOK_WORD: u32 = 8;
export const LOOK_NOT_WORD: u32 = 9;
export const LOOK_WORD_START_ASCII: u32 = 10;
export const LOOK_WORD_END_ASCII: u32 = 11;
export const LOOK_WORD_START: u32 = 12;
export const LOOK_WORD_END: u32 = 13;
export const LOOK_WORD_START_HALF_ASCII: u32 = 14;
export const LOOK_WORD_END_HALF_ASCII: u32 = 15;
export const LOOK_WORD_START_HALF: u32 = 16;
export const LOOK_WORD_END_HALF: u32 = 17;

/** regex's default NFA size limit (bytes). */
export const SIZE_LIMIT: f64 = 10 * 1024 * 1024;
/** Bytes of the states every Rust NFA has besides the pattern's own (prefix, captures, match). */
const BASE_COST: f64 = 224;

const ARG_MASK: u32 = 0x0fffffff;

// @ts-ignore: decorator
@inline
export function mk(op: u32, arg: u32): u32 {
  return (op << 28) | (arg & ARG_MASK);
}
// @ts-ignore: decorator
@inline
export function opOf(w: u32): u32 {
  return w >>> 28;
}
// @ts-ignore: decorator
@inline
export function argOf(w: u32): u32 {
  return w & ARG_MASK;
}
/** Sign-extended relative offset of SPLIT / JMP. */
// @ts-ignore: decorator
@inline
export function relOf(w: u32): i32 {
  return <i32>(w << 4) >> 4;
}

/** Number of instructions emitted so far. */
export let n: i32 = 0;
/** Estimated Rust NFA bytes of everything emitted so far. */
export let total: f64 = 0;
/** Pool ranges used so far (including count words). */
export let poolUsed: i32 = 0;
/** Set when a limit (capacity or estimated size) stopped code generation. */
export let tooLarge: bool = false;

// @ts-ignore: decorator
@inline
function instAt(i: i32): usize {
  return wsBase + W_INSTS + (<usize>i << 2);
}
// @ts-ignore: decorator
@inline
function costAt(i: i32): usize {
  return wsBase + W_COSTS + (<usize>i << 2);
}

export function progReset(): void {
  n = 0;
  total = BASE_COST;
  poolUsed = 0;
  tooLarge = false;
  memory.fill(wsBase + W_DEDUP, 0xff, <usize>DEDUP_SLOTS * 4);
}

export function inst(i: i32): u32 {
  return load<u32>(instAt(i));
}

/** Checks that `extra` more instructions and `bytes` more estimated bytes fit. */
function room(extra: f64, bytes: f64): bool {
  if (<f64>n + extra > <f64>MAX_INSTS || total + bytes > SIZE_LIMIT) {
    tooLarge = true;
    return false;
  }
  return true;
}

/** Appends one instruction with its estimated cost. */
export function emit(w: u32, cost: u32): bool {
  if (!room(1, <f64>cost)) return false;
  store<u32>(instAt(n), w);
  store<u32>(costAt(n), cost);
  n++;
  total += <f64>cost;
  return true;
}

/** Sum of the costs of instructions [s, e). */
function costSum(s: i32, e: i32): f64 {
  let c: f64 = 0;
  for (let i = s; i < e; i++) c += <f64>load<u32>(costAt(i));
  return c;
}

/** Moves instructions [s, e) to start at d (overlap allowed). */
function moveBlock(s: i32, e: i32, d: i32): void {
  memory.copy(instAt(d), instAt(s), <usize>(e - s) << 2);
  memory.copy(costAt(d), costAt(s), <usize>(e - s) << 2);
}

function put(i: i32, w: u32, cost: u32): void {
  store<u32>(instAt(i), w);
  store<u32>(costAt(i), cost);
}

export const UNBOUNDED: u64 = 0xffffffffffff;

/**
 * Applies the repetition {min, max} (max = UNBOUNDED for none) to the block
 * [s, n), which must be the last thing emitted. Greediness does not matter
 * for is_match, so it is not represented.
 */
export function repeat(s: i32, min: u64, max: u64): bool {
  const len = n - s;
  const c = costSum(s, n);
  const flen = <f64>len;
  const fmin = <f64>min;
  if (max == UNBOUNDED) {
    if (min == 0) {
      // L: SPLIT +len+2 ; block ; JMP L
      if (!room(2, 40)) return false;
      moveBlock(s, n, s + 1);
      put(s, mk(OP_SPLIT, <u32>(len + 2)), 40);
      put(s + 1 + len, mk(OP_JMP, <u32>(-(len + 1))), 0);
      n += 2;
      total += 40;
      return true;
    }
    // block x (min - 1) ; L: block ; SPLIT L
    if (!room(flen * (fmin - 1) + 1, c * (fmin - 1) + 40)) return false;
    for (let k: i32 = 1; k < <i32>min; k++) moveBlock(s, s + len, s + k * len);
    const last = s + (<i32>min - 1) * len;
    n = last + len;
    put(n, mk(OP_SPLIT, <u32>(-len)), 40);
    n++;
    total += c * (fmin - 1) + 40;
    return true;
  }
  const fmax = <f64>max;
  if (min == max) {
    if (min == 0) {
      total -= c;
      n = s;
      return emit(mk(OP_JMP, 1), 32);
    }
    if (!room(flen * (fmin - 1), c * (fmin - 1))) return false;
    for (let k: i32 = 1; k < <i32>min; k++) moveBlock(s, s + len, s + k * len);
    n = s + <i32>min * len;
    total += c * (fmin - 1);
    return true;
  }
  // min mandatory copies, then (max - min) x (SPLIT +len+1 ; block), plus Rust's end state.
  const opt = fmax - fmin;
  if (!room(flen * (fmax - 1) + opt, c * (fmax - 1) + opt * 40 + 32)) return false;
  const optCount = <i32>(max - min);
  const base = s + <i32>min * len;
  // Optional copies from the last to the first; the original block is read
  // until the first optional copy overwrites it (only when min == 0).
  for (let k = optCount - 1; k >= 0; k--) {
    const at = base + k * (len + 1);
    moveBlock(s, s + len, at + 1);
    put(at, mk(OP_SPLIT, <u32>(len + 1)), k == 0 ? 72 : 40);
  }
  for (let k: i32 = 1; k < <i32>min; k++) moveBlock(s, s + len, s + k * len);
  n = base + optCount * (len + 1);
  total += c * (fmax - 1) + opt * 40 + 32;
  return true;
}

/**
 * Turns the branches starting at starts[0..count) (count >= 2, ascending,
 * starts[0] = first branch, the last ending at n) into an alternation.
 */
export function alternate(starts: usize, count: i32): bool {
  const k = count - 1;
  if (!room(<f64>(2 * k), <f64>(64 + 4 * count))) return false;
  const end = n;
  // Final position of branch i: starts[i] + 2i + 1 (i < k) or starts[k] + 2k.
  for (let i = k; i >= 0; i--) {
    const b = <i32>load<u32>(starts + (<usize>i << 2));
    const e = i == k ? end : <i32>load<u32>(starts + (<usize>(i + 1) << 2));
    const at = i == k ? b + 2 * k : b + 2 * i + 1;
    moveBlock(b, e, at);
  }
  const newEnd = end + 2 * k;
  for (let i = 0; i < k; i++) {
    const b = <i32>load<u32>(starts + (<usize>i << 2));
    const e = <i32>load<u32>(starts + (<usize>(i + 1) << 2));
    const splitAt = b + 2 * i;
    const nextAt = e + 2 * (i + 1);
    put(splitAt, mk(OP_SPLIT, <u32>(nextAt - splitAt)), i == 0 ? <u32>(64 + 4 * count) : 0);
    const jmpAt = splitAt + 1 + (e - b);
    put(jmpAt, mk(OP_JMP, <u32>(newEnd - jmpAt)), 0);
  }
  n = newEnd;
  total += <f64>(64 + 4 * count);
  return true;
}

/** Sum of the estimated costs of instructions [s, e). */
export function branchCostSum(s: i32, e: i32): f64 {
  return costSum(s, e);
}

/** Removes instructions [s, n) (and their costs from the total). */
export function dropInsts(s: i32): void {
  total -= costSum(s, n);
  n = s;
}

/** Replaces the estimated cost of instruction i. */
export function setCost(i: i32, bytes: f64): void {
  const c = bytes > 4e9 ? <u32>4000000000 : <u32>bytes;
  total += <f64>c - <f64>load<u32>(costAt(i));
  store<u32>(costAt(i), c);
  if (total > SIZE_LIMIT) tooLarge = true;
}

/** Adds `bytes` to the cost of instruction i (capture groups). */
export function addCost(i: i32, bytes: u32): void {
  store<u32>(costAt(i), load<u32>(costAt(i)) + bytes);
  total += <f64>bytes;
}

// --- class pool --------------------------------------------------------------

function hashRanges(a: usize, count: i32): u32 {
  let h: u32 = 0x811c9dc5 ^ <u32>count;
  for (let i = 0; i < count; i++) {
    const r = load<u64>(a + (<usize>i << 3));
    h = (h ^ rLo(r)) * 0x01000193;
    h = (h ^ rHi(r)) * 0x01000193;
  }
  return h;
}

/**
 * Index in the pool of a class equal to the canonical ranges a[0..count),
 * adding it when new. -1 when the pool is full (too large).
 */
export function poolAdd(a: usize, count: i32): i32 {
  const pool = wsBase + W_POOL;
  const h = hashRanges(a, count);
  let slot = <i32>(h & <u32>(DEDUP_SLOTS - 1));
  for (let probe = 0; probe < DEDUP_SLOTS; probe++) {
    const at = load<i32>(wsBase + W_DEDUP + (<usize>slot << 2));
    if (at < 0) break;
    if (<i32>load<u64>(pool + (<usize>at << 3)) == count && memory.compare(pool + (<usize>(at + 1) << 3), a, <usize>count << 3) == 0) {
      return at;
    }
    slot = (slot + 1) & (DEDUP_SLOTS - 1);
  }
  if (poolUsed + 1 + count > MAX_POOL_RANGES) {
    tooLarge = true;
    return -1;
  }
  const at = poolUsed;
  store<u64>(pool + (<usize>at << 3), <u64>count);
  memory.copy(pool + (<usize>(at + 1) << 3), a, <usize>count << 3);
  poolUsed += 1 + count;
  if (load<i32>(wsBase + W_DEDUP + (<usize>slot << 2)) < 0) store<i32>(wsBase + W_DEDUP + (<usize>slot << 2), at);
  return at;
}

// --- size model of a class ------------------------------------------------------

// Scratch for the UTF-8 sequence splitter: a small explicit stack of ranges and the
// previous sequence's byte ranges (4 x [lo, hi]).
const SPLIT_STACK: usize = memory.data(8 * 16, 16);
const PREV_SEQ: usize = memory.data(16, 16);
const CUR_SEQ: usize = memory.data(16, 16);
let prevLen: i32 = 0;
let seqCount: f64 = 0;
let nodeCount: f64 = 0;

function encodeByte(c: u32, len: i32, i: i32): u32 {
  if (len == 1) return c;
  const shift = <u32>(6 * (len - 1 - i));
  if (i == 0) {
    const lead: u32 = len == 2 ? 0xc0 : len == 3 ? 0xe0 : 0xf0;
    return lead | (c >>> shift);
  }
  return 0x80 | ((c >>> shift) & 0x3f);
}

function noteSequence(s: u32, e: u32): void {
  const len = s < 0x80 ? 1 : s < 0x800 ? 2 : s < 0x10000 ? 3 : 4;
  let common = 0;
  let same = true;
  for (let i = 0; i < len; i++) {
    const lo = encodeByte(s, len, i);
    const hi = encodeByte(e, len, i);
    store<u8>(CUR_SEQ + <usize>(2 * i), <u8>lo);
    store<u8>(CUR_SEQ + <usize>(2 * i + 1), <u8>hi);
    if (same && i < prevLen && <u32>load<u8>(PREV_SEQ + <usize>(2 * i)) == lo && <u32>load<u8>(PREV_SEQ + <usize>(2 * i + 1)) == hi) {
      common++;
    } else {
      same = false;
    }
  }
  memory.copy(PREV_SEQ, CUR_SEQ, 8);
  prevLen = len;
  seqCount += 1;
  nodeCount += <f64>(len - common);
}

/** Splits [lo, hi] (not containing surrogates) into UTF-8 byte-range sequences, in order. */
function splitRange(lo: u32, hi: u32): void {
  let sp = 0;
  store<u32>(SPLIT_STACK, lo);
  store<u32>(SPLIT_STACK + 4, hi);
  sp = 1;
  while (sp > 0) {
    sp--;
    let s = load<u32>(SPLIT_STACK + (<usize>sp << 3));
    let e = load<u32>(SPLIT_STACK + (<usize>sp << 3) + 4);
    let split = false;
    // Split where the encoded length changes.
    if (s <= 0x7f && e > 0x7f) split = true;
    else if (s <= 0x7ff && e > 0x7ff) split = true;
    else if (s <= 0xffff && e > 0xffff) split = true;
    if (split) {
      const b: u32 = s <= 0x7f ? 0x7f : s <= 0x7ff ? 0x7ff : 0xffff;
      store<u32>(SPLIT_STACK + (<usize>sp << 3), b + 1);
      store<u32>(SPLIT_STACK + (<usize>sp << 3) + 4, e);
      store<u32>(SPLIT_STACK + (<usize>(sp + 1) << 3), s);
      store<u32>(SPLIT_STACK + (<usize>(sp + 1) << 3) + 4, b);
      sp += 2;
      continue;
    }
    if (e > 0x7f) {
      for (let i: u32 = 1; i < 4; i++) {
        const m: u32 = (<u32>1 << (6 * i)) - 1;
        if ((s & ~m) != (e & ~m)) {
          if ((s & m) != 0) {
            store<u32>(SPLIT_STACK + (<usize>sp << 3), (s | m) + 1);
            store<u32>(SPLIT_STACK + (<usize>sp << 3) + 4, e);
            store<u32>(SPLIT_STACK + (<usize>(sp + 1) << 3), s);
            store<u32>(SPLIT_STACK + (<usize>(sp + 1) << 3) + 4, s | m);
            sp += 2;
            split = true;
            break;
          }
          if ((e & m) != m) {
            store<u32>(SPLIT_STACK + (<usize>sp << 3), e & ~m);
            store<u32>(SPLIT_STACK + (<usize>sp << 3) + 4, e);
            store<u32>(SPLIT_STACK + (<usize>(sp + 1) << 3), s);
            store<u32>(SPLIT_STACK + (<usize>(sp + 1) << 3) + 4, (e & ~m) - 1);
            sp += 2;
            split = true;
            break;
          }
        }
      }
      if (split) continue;
    }
    noteSequence(s, e);
  }
}

/**
 * Estimated bytes of a class in a Rust NFA: an ASCII class is one sparse
 * state plus an end state; a Unicode class (in the reverse NFA) is a union
 * over its UTF-8 sequences whose shared leading byte ranges share states.
 */
export function classCost(a: usize, count: i32): f64 {
  if (count == 0 || rHi(load<u64>(a + (<usize>(count - 1) << 3))) <= 0x7f) return 64 + 8 * <f64>count;
  prevLen = 0;
  seqCount = 0;
  nodeCount = 0;
  for (let i = 0; i < count; i++) {
    const r = load<u64>(a + (<usize>i << 3));
    const lo = rLo(r);
    const hi = rHi(r);
    if (lo < 0xd800 && hi > 0xdfff) {
      // A range may span the surrogates; their code points have no UTF-8.
      splitRange(lo, 0xd7ff);
      splitRange(0xe000, hi);
    } else {
      splitRange(lo, hi);
    }
  }
  return 32 * (nodeCount + 2) + 4 * seqCount;
}
