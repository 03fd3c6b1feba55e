// Code generation for the primitives of a pattern: literals (case folded as
// the translator does), classes (emitted as CHAR when they hold one scalar,
// as ANY* for the dot classes, else through the class pool), assertions
// (mapped to LOOK_* with the current flags) and the dot. Also the
// class-merging of Hir::alternation.

import { ERR_INVALID, ERR_TOO_LARGE, F_CASEI, F_CRLF, F_DOTNL, F_MULTI, F_UNICODE, fail, has } from './lex';
import {
  A_END_LINE, A_END_TEXT, A_NOT_WORD, A_START_LINE, A_START_TEXT, A_WORD, A_WORD_END, A_WORD_START,
  A_WORD_START_HALF,
} from './escape';
import { clsAdd, clsCanon, clsCount, clsFold, clsOverflow, clsPop, clsPush, clsRanges, foldOverlaps, rHi, rLo } from './classes';
import {
  LOOK_END, LOOK_END_CRLF, LOOK_END_LF, LOOK_NOT_WORD, LOOK_NOT_WORD_ASCII, LOOK_START, LOOK_START_CRLF, LOOK_START_LF,
  LOOK_WORD, LOOK_WORD_ASCII, LOOK_WORD_END, LOOK_WORD_END_ASCII, LOOK_WORD_END_HALF, LOOK_WORD_END_HALF_ASCII,
  LOOK_WORD_START, LOOK_WORD_START_ASCII, LOOK_WORD_START_HALF, LOOK_WORD_START_HALF_ASCII, OP_ANY, OP_ANY_CRLF, OP_ANY_NL,
  OP_CHAR, OP_CLASS, OP_LOOK, argOf, branchCostSum, classCost, dropInsts, emit, inst, mk, n, opOf, poolAdd, setCost,
} from './program';
import { cpLen } from './utf8';
import { W_POOL, wsBase } from './work';

/** Emits one instruction with its estimated Rust cost, or records ERR_TOO_LARGE. */
export function emitOrFail(w: u32, cost: f64): bool {
  if (!emit(w, cost > 4e9 ? <u32>4000000000 : <u32>cost)) {
    fail(ERR_TOO_LARGE);
    return false;
  }
  return true;
}

// The classes of `(?s).`, `.` and `(?R).` as [lo, hi] pairs, as emitDot builds them.
const ANY_RANGES: usize = memory.data<u32>([0, 0x10ffff]);
const ANY_NL_RANGES: usize = memory.data<u32>([0, 9, 11, 0x10ffff]);
const ANY_CRLF_RANGES: usize = memory.data<u32>([0, 9, 11, 12, 14, 0x10ffff]);

/** True when the class a[0..count) is exactly the refCount ranges at ref. */
function sameRanges(a: usize, count: i32, ref: usize, refCount: i32): bool {
  if (count != refCount) return false;
  for (let i = 0; i < count; i++) {
    const r = load<u64>(a + (<usize>i << 3));
    if (rLo(r) != load<u32>(ref + (<usize>i << 3)) || rHi(r) != load<u32>(ref + (<usize>i << 3) + 4)) return false;
  }
  return true;
}

/** Emits the class on top of the class stack (canonical) and pops it. */
export function emitTopClass(): bool {
  if (clsOverflow) {
    fail(ERR_TOO_LARGE);
    return false;
  }
  const a = clsRanges();
  const count = clsCount();
  let ok = true;
  if (count == 1 && rLo(load<u64>(a)) == rHi(load<u64>(a))) {
    const c = rLo(load<u64>(a));
    ok = emitOrFail(mk(OP_CHAR, c), <f64>(32 * cpLen(c)));
  } else {
    const cost = classCost(a, count);
    if (sameRanges(a, count, ANY_RANGES, 1)) {
      ok = emitOrFail(mk(OP_ANY, 0), cost);
    } else if (sameRanges(a, count, ANY_NL_RANGES, 2)) {
      ok = emitOrFail(mk(OP_ANY_NL, 0), cost);
    } else if (sameRanges(a, count, ANY_CRLF_RANGES, 3)) {
      ok = emitOrFail(mk(OP_ANY_CRLF, 0), cost);
    } else {
      const idx = poolAdd(a, count);
      if (idx < 0) {
        fail(ERR_TOO_LARGE);
        ok = false;
      } else {
        ok = emitOrFail(mk(OP_CLASS, <u32>idx), cost);
      }
    }
  }
  clsPop();
  return ok;
}

export function emitLiteral(c: u32, isByte: bool): bool {
  if (has(F_UNICODE)) {
    if (has(F_CASEI) && foldOverlaps(c, c)) {
      clsPush();
      clsAdd(c, c);
      clsFold();
      return emitTopClass();
    }
    return emitOrFail(mk(OP_CHAR, c), <f64>(32 * cpLen(c)));
  }
  if (isByte && c > 0x7f) {
    fail(ERR_INVALID); // \xNN above 0x7F matches a lone byte: not allowed in a &str regex
    return false;
  }
  const l = c | 0x20;
  if (has(F_CASEI) && l >= 0x61 && l <= 0x7a) {
    clsPush();
    clsAdd(c, c);
    clsAdd(c ^ 0x20, c ^ 0x20);
    clsCanon();
    return emitTopClass();
  }
  return emitOrFail(mk(OP_CHAR, c), <f64>(32 * cpLen(c)));
}

export function emitAssert(a: i32): bool {
  const u = has(F_UNICODE);
  let k: u32 = LOOK_START;
  switch (a) {
    case A_START_LINE: k = has(F_MULTI) ? (has(F_CRLF) ? LOOK_START_CRLF : LOOK_START_LF) : LOOK_START; break;
    case A_END_LINE: k = has(F_MULTI) ? (has(F_CRLF) ? LOOK_END_CRLF : LOOK_END_LF) : LOOK_END; break;
    case A_START_TEXT: k = LOOK_START; break;
    case A_END_TEXT: k = LOOK_END; break;
    case A_WORD: k = u ? LOOK_WORD : LOOK_WORD_ASCII; break;
    case A_NOT_WORD: k = u ? LOOK_NOT_WORD : LOOK_NOT_WORD_ASCII; break;
    case A_WORD_START: k = u ? LOOK_WORD_START : LOOK_WORD_START_ASCII; break;
    case A_WORD_END: k = u ? LOOK_WORD_END : LOOK_WORD_END_ASCII; break;
    case A_WORD_START_HALF: k = u ? LOOK_WORD_START_HALF : LOOK_WORD_START_HALF_ASCII; break;
    default: k = u ? LOOK_WORD_END_HALF : LOOK_WORD_END_HALF_ASCII; break;
  }
  return emitOrFail(mk(OP_LOOK, k), 32);
}

export function emitDot(): bool {
  if (!has(F_UNICODE)) {
    fail(ERR_INVALID); // (?-u:.) matches any byte: not allowed in a &str regex
    return false;
  }
  clsPush();
  if (has(F_DOTNL)) {
    clsAdd(0, 0x10ffff);
  } else if (has(F_CRLF)) {
    clsAdd(0, 9);
    clsAdd(11, 12);
    clsAdd(14, 0x10ffff);
  } else {
    clsAdd(0, 9);
    clsAdd(11, 0x10ffff);
  }
  clsCanon();
  return emitTopClass();
}

/** The class ranges consumed by the single instruction w (CHAR, CLASS or ANY*), appended to the top class. */
function addInstClass(w: u32): void {
  const op = opOf(w);
  if (op == OP_CHAR) {
    clsAdd(argOf(w), argOf(w));
  } else if (op == OP_CLASS) {
    const base = wsBase + W_POOL + (<usize>argOf(w) << 3);
    const k = <i32>load<u64>(base);
    for (let i = 0; i < k; i++) {
      const r = load<u64>(base + 8 + (<usize>i << 3));
      clsAdd(rLo(r), rHi(r));
    }
  } else {
    const ref = op == OP_ANY ? ANY_RANGES : op == OP_ANY_NL ? ANY_NL_RANGES : ANY_CRLF_RANGES;
    const k = op == OP_ANY ? 1 : op == OP_ANY_NL ? 2 : 3;
    for (let i = 0; i < k; i++) clsAdd(load<u32>(ref + (<usize>i << 3)), load<u32>(ref + (<usize>i << 3) + 4));
  }
}

/**
 * Hir::alternation turns an alternation whose branches are all single
 * scalars or classes into one class (`a|b|[cd]` is `[a-d]`). Does the same
 * when every branch is one consuming instruction. The size estimate follows
 * regex, which does not merge when a branch is a capturing group. Returns
 * true when the level was merged (or an error was set).
 */
export function mergeClassBranches(starts: usize, count: i32, hasCaptures: bool): bool {
  for (let i = 0; i < count; i++) {
    const b = <i32>load<u32>(starts + (<usize>i << 2));
    const e = i + 1 < count ? <i32>load<u32>(starts + (<usize>(i + 1) << 2)) : n;
    if (e - b != 1) return false;
    const op = opOf(inst(b));
    if (op != OP_CHAR && op != OP_CLASS && op != OP_ANY && op != OP_ANY_NL && op != OP_ANY_CRLF) return false;
  }
  const start = <i32>load<u32>(starts);
  const keptCost = branchCostSum(start, n) + <f64>(64 + 4 * count);
  clsPush();
  for (let i = start; i < n; i++) addInstClass(inst(i));
  clsCanon();
  dropInsts(start);
  const before = n;
  if (!emitTopClass()) return true;
  if (hasCaptures) setCost(before, keptCost);
  return true;
}
