// Pike VM for `Regex::is_match`: an unanchored search that answers whether
// any substring of the subject matches. Threads carry no captures and no
// priorities (leftmost-first order only matters for where a match is, not
// whether there is one), so a thread is just an instruction index and the
// state set at a position is a set of indices.
//
// At each scalar boundary p the VM holds the consuming instructions reachable
// at p. It adds the start state's closure (the unanchored search), stops as
// soon as MATCH is reachable, and otherwise advances every thread over the
// scalar at p. Each instruction is visited at most once per position (a stamp
// per instruction marks the visited ones), so the work is
// O((len(subject) + 1) x len(program)) with a class test costing a binary
// search over its ranges: no backtracking, whatever the pattern.
//
// One shortcut keeps common searches cheap without changing that bound:
// while no thread is alive, scalars that no instruction reachable from the
// start can consume are skipped (with a byte scan when that is a single
// literal), provided the start reaches no assertion before consuming.
//
// Assertions are evaluated at scalar boundaries from the scalars on either
// side, which is exactly what regex-automata's LookMatcher computes there:
// `$`/`\z` only at the very end, (?m) line anchors on \n (and \r with (?R)),
// \b & co. on the Unicode \w set, their (?-u) forms on ASCII word bytes.

import { MAX_INSTS, PROG_HEADER_WORDS } from './work';
import {
  LOOK_END, LOOK_END_CRLF, LOOK_END_LF, LOOK_NOT_WORD, LOOK_NOT_WORD_ASCII, LOOK_START, LOOK_START_CRLF, LOOK_START_LF,
  LOOK_WORD, LOOK_WORD_ASCII, LOOK_WORD_END, LOOK_WORD_END_ASCII, LOOK_WORD_END_HALF, LOOK_WORD_END_HALF_ASCII,
  LOOK_WORD_START, LOOK_WORD_START_ASCII, LOOK_WORD_START_HALF, LOOK_WORD_START_HALF_ASCII, OP_ANY, OP_ANY_CRLF,
  OP_ANY_NL, OP_CHAR, OP_CLASS, OP_JMP, OP_LOOK, OP_MATCH, OP_SPLIT, argOf, opOf, relOf,
} from './program';
import { isWordChar } from './unicode';
import { utf8At, utf8Len } from './utf8';

/** Header flag: instruction 0 is `\A` / `^` (the search is anchored at the start). */
export const HDR_ANCHORED: u32 = 1;
/** Header flag: the program has word-boundary assertions. */
export const HDR_WORD: u32 = 2;

// Static state, sized by the largest program. Indices fit in u16 (MAX_INSTS <= 65536).
const MARKS: usize = memory.data(MAX_INSTS * 2, 16);
const LIST_A: usize = memory.data(MAX_INSTS * 2, 16);
const LIST_B: usize = memory.data(MAX_INSTS * 2, 16);
const STACK: usize = memory.data(MAX_INSTS * 2, 16);

// The first-scalar filter: consuming instructions reachable from the start.
const MAX_FIRST: i32 = 16;
const FIRST: usize = memory.data(MAX_FIRST * 2, 16);
let firstCount: i32 = -1;

let stamp: u32 = 0;
let steps: u64 = 0;

// Per-run context.
let insts: usize = 0;
let pool: usize = 0;
let ninsts: i32 = 0;
let atStart = false;
let atEnd = false;
let prevC: i32 = -1; // scalar before the current position, -1 at the start
let nextC: i32 = -1; // scalar after it, -1 at the end
let prevWord = false;
let nextWord = false;

export function lastSteps(): u64 {
  return steps;
}

function newStamp(): void {
  stamp++;
  if (stamp > 0xffff) {
    memory.fill(MARKS, 0, <usize>MAX_INSTS * 2);
    stamp = 1;
  }
}

// @ts-ignore: decorator
@inline
function isWordAscii(c: i32): bool {
  return (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || (c >= 0x30 && c <= 0x39) || c == 0x5f;
}

function look(k: u32): bool {
  switch (k) {
    case LOOK_START: return atStart;
    case LOOK_END: return atEnd;
    case LOOK_START_LF: return atStart || prevC == 0x0a;
    case LOOK_END_LF: return atEnd || nextC == 0x0a;
    case LOOK_START_CRLF: return atStart || prevC == 0x0a || (prevC == 0x0d && nextC != 0x0a);
    case LOOK_END_CRLF: return atEnd || nextC == 0x0d || (nextC == 0x0a && prevC != 0x0d);
    case LOOK_WORD_ASCII: return isWordAscii(prevC) != isWordAscii(nextC);
    case LOOK_NOT_WORD_ASCII: return isWordAscii(prevC) == isWordAscii(nextC);
    case LOOK_WORD: return prevWord != nextWord;
    case LOOK_NOT_WORD: return prevWord == nextWord;
    case LOOK_WORD_START_ASCII: return !isWordAscii(prevC) && isWordAscii(nextC);
    case LOOK_WORD_END_ASCII: return isWordAscii(prevC) && !isWordAscii(nextC);
    case LOOK_WORD_START: return !prevWord && nextWord;
    case LOOK_WORD_END: return prevWord && !nextWord;
    case LOOK_WORD_START_HALF_ASCII: return !isWordAscii(prevC);
    case LOOK_WORD_END_HALF_ASCII: return !isWordAscii(nextC);
    case LOOK_WORD_START_HALF: return !prevWord;
    case LOOK_WORD_END_HALF: return !nextWord;
  }
  return false;
}

/** True when scalar c is in the class whose count word is at pool index k. */
function inClass(k: u32, c: u32): bool {
  const base = pool + (<usize>k << 3);
  let lo = 0;
  let hi = <i32>load<u64>(base);
  const r = base + 8;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const v = load<u64>(r + (<usize>mid << 3));
    if (<u32>v < c) lo = mid + 1;
    else if (<u32>(v >>> 32) > c) hi = mid;
    else return true;
  }
  return false;
}

// @ts-ignore: decorator
@inline
function pushIfNew(sp: i32, pc: i32): i32 {
  if (<u32>load<u16>(MARKS + (<usize>pc << 1)) == stamp) return sp;
  store<u16>(MARKS + (<usize>pc << 1), <u16>stamp);
  store<u16>(STACK + (<usize>sp << 1), <u16>pc);
  return sp + 1;
}

/**
 * Adds the closure of `pc` at the current position to `list` (holding
 * `count` entries). Returns the new count, or -1 when MATCH is reachable.
 */
function addClosure(list: usize, count: i32, pc0: i32): i32 {
  let sp = pushIfNew(0, pc0);
  while (sp > 0) {
    sp--;
    const pc = <i32>load<u16>(STACK + (<usize>sp << 1));
    steps++;
    const w = load<u32>(insts + (<usize>pc << 2));
    const op = opOf(w);
    if (op == OP_SPLIT) {
      sp = pushIfNew(sp, pc + relOf(w));
      sp = pushIfNew(sp, pc + 1);
    } else if (op == OP_JMP) {
      sp = pushIfNew(sp, pc + relOf(w));
    } else if (op == OP_LOOK) {
      if (look(argOf(w))) sp = pushIfNew(sp, pc + 1);
    } else if (op == OP_MATCH) {
      return -1;
    } else {
      store<u16>(list + (<usize>count << 1), <u16>pc);
      count++;
    }
  }
  return count;
}

// @ts-ignore: decorator
@inline
function consumes(w: u32, c: u32): bool {
  const op = opOf(w);
  if (op == OP_CHAR) return argOf(w) == c;
  if (op == OP_CLASS) return inClass(argOf(w), c);
  if (op == OP_ANY) return true;
  if (op == OP_ANY_NL) return c != 0x0a;
  if (op == OP_ANY_CRLF) return c != 0x0a && c != 0x0d;
  return false;
}

/**
 * Collects the consuming instructions reachable from instruction 0 through
 * SPLIT and JMP alone. Returns their number, or -1 when the start can reach an
 * assertion or MATCH first (the set would depend on the position) or when
 * there are more than MAX_FIRST of them.
 */
function computeFirst(): i32 {
  newStamp();
  let count = 0;
  let sp = pushIfNew(0, 0);
  while (sp > 0) {
    sp--;
    const pc = <i32>load<u16>(STACK + (<usize>sp << 1));
    const w = load<u32>(insts + (<usize>pc << 2));
    const op = opOf(w);
    if (op == OP_SPLIT) {
      sp = pushIfNew(sp, pc + relOf(w));
      sp = pushIfNew(sp, pc + 1);
    } else if (op == OP_JMP) {
      sp = pushIfNew(sp, pc + relOf(w));
    } else if (op == OP_LOOK || op == OP_MATCH) {
      return -1;
    } else {
      if (count >= MAX_FIRST) return -1;
      store<u16>(FIRST + (<usize>count << 1), <u16>pc);
      count++;
    }
  }
  return count;
}

/** True when some first instruction accepts c. */
function firstAccepts(c: u32): bool {
  for (let i = 0; i < firstCount; i++) {
    steps++;
    if (consumes(load<u32>(insts + (<usize>load<u16>(FIRST + (<usize>i << 1)) << 2)), c)) return true;
  }
  return false;
}

/**
 * When the only first instruction is a literal scalar, jumps to the next
 * occurrence of its first UTF-8 byte (a lead byte, so always a scalar
 * boundary) and sets up the context there. Returns the new position.
 */
function skipToLiteral(text: usize, p: i32, len: i32, usesWord: bool): i32 {
  const w = load<u32>(insts + (<usize>load<u16>(FIRST) << 2));
  if (opOf(w) != OP_CHAR) return p;
  const c = argOf(w);
  const lead: u32 = c < 0x80 ? c : c < 0x800 ? 0xc0 | (c >>> 6) : c < 0x10000 ? 0xe0 | (c >>> 12) : 0xf0 | (c >>> 18);
  let q = p;
  while (q < len && <u32>load<u8>(text + <usize>q) != lead) q++;
  steps += <u64>(q - p);
  if (q == p) return p;
  // The scalar before q: step back over continuation bytes.
  let b = q - 1;
  while (b > 0 && (<u32>load<u8>(text + <usize>b) & 0xc0) == 0x80) b--;
  prevC = <i32>utf8At(text + <usize>b);
  if (usesWord) prevWord = isWordChar(<u32>prevC);
  setContext(q, len, text, usesWord);
  return q;
}

function setContext(pos: i32, len: i32, text: usize, usesWord: bool): void {
  atStart = pos == 0;
  atEnd = pos >= len;
  nextC = atEnd ? -1 : <i32>utf8At(text + <usize>pos);
  if (usesWord) nextWord = nextC >= 0 && isWordChar(<u32>nextC);
}

/**
 * Runs the program at `prog` over the (valid UTF-8) text[0..len).
 * Returns 1 when some substring matches, else 0.
 */
export function runProgram(prog: usize, text: usize, len: i32): i32 {
  steps = 0;
  ninsts = <i32>load<u32>(prog);
  const hdr = load<u32>(prog + 8);
  insts = prog + (<usize>PROG_HEADER_WORDS << 2);
  pool = insts + (<usize>ninsts << 2);
  pool = (pool + 7) & ~(<usize>7);
  const anchored = (hdr & HDR_ANCHORED) != 0;
  const usesWord = (hdr & HDR_WORD) != 0;

  firstCount = anchored ? -1 : computeFirst();
  let clist = LIST_A;
  let nlist = LIST_B;
  let ccount = 0;
  newStamp();
  prevC = -1;
  prevWord = false;
  let p = 0;
  setContext(0, len, text, usesWord);
  while (true) {
    if (ccount == 0 && firstCount >= 0) {
      // No thread is alive: only a match starting here can succeed, and it
      // must begin with one of the first instructions. Skip scalars none of
      // them accepts (the start's closure has no assertion, so it does not
      // depend on the position).
      if (firstCount == 1 && p < len) p = skipToLiteral(text, p, len, usesWord);
      while (p < len && !firstAccepts(<u32>nextC)) {
        const p2 = p + utf8Len(<u32>load<u8>(text + <usize>p));
        prevC = nextC;
        prevWord = nextWord;
        setContext(p2, len, text, usesWord);
        p = p2;
      }
    }
    if (!anchored || p == 0) {
      ccount = addClosure(clist, ccount, 0);
      if (ccount < 0) return 1;
    }
    if (p >= len) return 0;
    if (ccount == 0 && anchored) return 0;
    const c = <u32>nextC;
    const p2 = p + utf8Len(<u32>load<u8>(text + <usize>p));
    // Context of the next position for the closures computed while stepping.
    prevC = <i32>c;
    prevWord = nextWord;
    setContext(p2, len, text, usesWord);
    newStamp();
    let ncount = 0;
    for (let i = 0; i < ccount; i++) {
      const pc = <i32>load<u16>(clist + (<usize>i << 1));
      steps++;
      if (consumes(load<u32>(insts + (<usize>pc << 2)), c)) {
        ncount = addClosure(nlist, ncount, pc + 1);
        if (ncount < 0) return 1;
      }
    }
    const t = clist;
    clist = nlist;
    nlist = t;
    ccount = ncount;
    p = p2;
  }
  return 0;
}
