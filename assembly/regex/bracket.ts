// Bracketed classes `[...]`, following regex-syntax's parse_set_class and
// the translator's class rules:
//
//   * `[` then optional `^`, then any number of `-` and (only first) `]` are
//     literals; an empty class cannot be written.
//   * Items: literals, ranges `a-z` (both ends literals, start <= end),
//     escapes (\d, \p{..}, \x.., ...), nested `[...]`, `[:name:]` (only
//     inside a class; anything that is not a valid ASCII class there is a
//     nested class instead).
//   * `&&` (intersection), `--` (difference), `~~` (symmetric difference),
//     left-associative and binding looser than union.
//   * (?i) folds every operand of a set operation and every bracket before
//     its negation; in (?-u) mode every item must be ASCII and a negated
//     bracket is an error (it would match non-UTF-8 bytes).
//
// Nesting depth is measured like regex-syntax's NestLimiter: a bracket adds
// one level, a union of two or more items one more, a set operation one.
// The finished class is left on top of the class stack.

import {
  ERR_INVALID, ERR_TOO_LARGE, F_CASEI, F_UNICODE, bump, err, bumpAndBumpSpace, bumpIf, bumpSpace, ch, eof, fail, has,
  peek, peekSpace, pos, setPos,
} from './lex';
import {
  OP_AND, OP_MINUS, OP_XOR, clsAdd, clsCanon, clsCombine, clsCompact, clsDepth, clsMergeDown, clsNegate, clsOverflow, clsPush, clsSwap,
} from './classes';
import { P_CLASS, P_LIT, asciiClassIndex, foldTop, parseEscape, primCp, primIsByte, primKind, pushAscii } from './escape';
import { MAX_DEPTH, W_CSTATES, wsBase } from './work';

export const NEST_LIMIT: i32 = 250;

// Class parser states (regex-syntax's ClassState), 16 bytes each:
//   [0] kind: OPEN or OP   [1] OPEN: negated; OP: operator
//   [2] OPEN: saved item count of the parent union; OP: height of the lhs
//   [3] OPEN: saved max item height of the parent union
const S_OPEN: i32 = 1;
const S_OP: i32 = 2;
let sp: i32 = 0;

// The union being built: number of items and the largest item height.
let uCount: i32 = 0;
let uMax: i32 = 0;
/** Height (nesting depth) of the last finished class. */
export let classHeight: i32 = 0;

// @ts-ignore: decorator
@inline
function st(i: i32, f: i32): usize {
  return wsBase + W_CSTATES + (<usize>i << 4) + (<usize>f << 2);
}

function unionHeight(): i32 {
  return uCount == 0 ? 0 : uCount == 1 ? uMax : 1 + uMax;
}

function addItemHeight(h: i32): void {
  uCount++;
  if (h > uMax) uMax = h;
}

/** Adds a literal item (already parsed) to the current union, checking (?-u) rules. */
function addLiteral(c: u32, isByte: bool): bool {
  if (!has(F_UNICODE) && c > 0x7f) {
    fail(ERR_INVALID); // a non-ASCII byte or scalar in a byte class
    return false;
  }
  clsCompact();
  clsAdd(c, c);
  addItemHeight(0);
  return true;
}

/** Opens a bracket at the cursor (on `[`): parse_set_class_open + push_class_open. */
function open(): bool {
  if (sp >= MAX_DEPTH - 2 || clsDepth() >= MAX_DEPTH - 4) {
    fail(ERR_INVALID); // deeper than the nest limit allows
    return false;
  }
  if (!bumpAndBumpSpace()) return false;
  let negated = false;
  if (ch() == 0x5e) {
    negated = true;
    if (!bumpAndBumpSpace()) return false;
  }
  store<i32>(st(sp, 0), S_OPEN);
  store<i32>(st(sp, 1), negated ? 1 : 0);
  store<i32>(st(sp, 2), uCount);
  store<i32>(st(sp, 3), uMax);
  sp++;
  clsPush();
  uCount = 0;
  uMax = 0;
  while (ch() == 0x2d) {
    if (!addLiteral(0x2d, false)) return false;
    if (!bumpAndBumpSpace()) return false;
  }
  if (uCount == 0 && ch() == 0x5d) {
    if (!addLiteral(0x5d, false)) return false;
    if (!bumpAndBumpSpace()) return false;
  }
  return true;
}

/** Applies the pending set operation, if any (pop_class_op). Returns the set's height. */
function popOp(): i32 {
  clsCanon(); // the union was built unsorted
  const h = unionHeight();
  if (sp == 0 || load<i32>(st(sp - 1, 0)) != S_OP) return h;
  sp--;
  const op = load<i32>(st(sp, 1));
  const lhsH = load<i32>(st(sp, 2));
  if (has(F_CASEI)) {
    // Both operands are folded before the operation.
    foldTop();
    clsSwap();
    foldTop();
    clsSwap();
  }
  clsCombine(op);
  return 1 + max(lhsH, h);
}

/** `&&`, `--` or `~~` at the cursor (push_class_op). */
function pushOp(op: i32): bool {
  bump();
  bump();
  const h = popOp();
  if (sp >= MAX_DEPTH - 2) {
    fail(ERR_INVALID);
    return false;
  }
  store<i32>(st(sp, 0), S_OP);
  store<i32>(st(sp, 1), op);
  store<i32>(st(sp, 2), h);
  sp++;
  clsPush();
  uCount = 0;
  uMax = 0;
  return true;
}

/** `]` at the cursor: finishes the innermost bracket. Returns true when it was the outermost. */
function close(): bool {
  const setH = popOp();
  sp--; // the OPEN state
  const negated = load<i32>(st(sp, 1)) != 0;
  bump();
  const h = 1 + setH;
  if (h > NEST_LIMIT) {
    fail(ERR_INVALID);
    return true;
  }
  if (has(F_CASEI)) foldTop();
  if (negated) {
    if (!has(F_UNICODE)) {
      fail(ERR_INVALID); // a negated byte class always contains non-ASCII bytes
      return true;
    }
    clsNegate();
  }
  if (sp == 0) {
    classHeight = h;
    return true;
  }
  uCount = load<i32>(st(sp, 2));
  uMax = load<i32>(st(sp, 3));
  clsMergeDown();
  addItemHeight(h);
  return false;
}

/** `[:name:]` / `[:^name:]` at the cursor (on `[`); pushes and merges it. False (cursor unchanged) if not one. */
function maybeAscii(): bool {
  const start = pos;
  if (!bump() || ch() != 0x3a) {
    setPos(start);
    return false;
  }
  if (!bump()) {
    setPos(start);
    return false;
  }
  let negated = false;
  if (ch() == 0x5e) {
    negated = true;
    if (!bump()) {
      setPos(start);
      return false;
    }
  }
  const nameStart = pos;
  while (ch() != 0x3a && bump()) {}
  if (eof()) {
    setPos(start);
    return false;
  }
  const nameEnd = pos;
  if (!bumpIf(':]')) {
    setPos(start);
    return false;
  }
  const k = asciiClassIndex(nameStart, nameEnd);
  if (k < 0) {
    setPos(start);
    return false;
  }
  if (!pushAscii(k, negated)) return true; // error set; the caller stops
  clsMergeDown();
  addItemHeight(0);
  return true;
}

let litKind = 0;
let litCp: u32 = 0;
let litIsByte = false;

/** One item: an escape or a literal scalar (parse_set_class_item). Sets lit*. */
function item(): bool {
  if (ch() == 0x5c) {
    if (!parseEscape()) return false;
    litKind = primKind;
    litCp = primCp;
    litIsByte = primIsByte;
    return true;
  }
  litKind = P_LIT;
  litCp = ch();
  litIsByte = false;
  bump();
  return true;
}

/** A single item or a range `a-b` (parse_set_class_range). */
function range(): bool {
  if (!item()) return false;
  const k1 = litKind;
  const c1 = litCp;
  const b1 = litIsByte;
  bumpSpace();
  if (eof()) return false;
  if (ch() != 0x2d || peekSpace() == 0x5d || peekSpace() == 0x2d) {
    if (k1 == P_LIT) return addLiteral(c1, b1);
    if (k1 == P_CLASS) {
      clsMergeDown();
      addItemHeight(0);
      return true;
    }
    fail(ERR_INVALID); // an assertion inside a class
    return false;
  }
  if (!bumpAndBumpSpace()) return false;
  if (!item()) return false;
  if (k1 != P_LIT || litKind != P_LIT || c1 > litCp) {
    fail(ERR_INVALID);
    return false;
  }
  if (!has(F_UNICODE) && (c1 > 0x7f || litCp > 0x7f)) {
    fail(ERR_INVALID);
    return false;
  }
  clsCompact();
  clsAdd(c1, litCp);
  addItemHeight(0);
  return true;
}

/**
 * Parses the class at the cursor (on `[`) and leaves it on top of the class
 * stack, canonical, folded and negated as written. False on error.
 */
export function parseBracket(): bool {
  sp = 0;
  uCount = 0;
  uMax = 0;
  if (!open()) return stop(ERR_INVALID);
  while (true) {
    bumpSpace();
    if (eof()) return stop(ERR_INVALID); // unclosed
    const c = ch();
    let ok = true;
    if (c == 0x5b) {
      if (!maybeAscii()) ok = open();
    } else if (c == 0x5d) {
      if (close()) return err == 0 && !clsOverflow ? true : stop(ERR_TOO_LARGE);
    } else if (c == 0x26 && peek() == 0x26) {
      ok = pushOp(OP_AND);
    } else if (c == 0x2d && peek() == 0x2d) {
      ok = pushOp(OP_MINUS);
    } else if (c == 0x7e && peek() == 0x7e) {
      ok = pushOp(OP_XOR);
    } else {
      ok = range();
    }
    if (!ok || err != 0) return stop(ERR_INVALID);
    if (clsOverflow) return stop(ERR_TOO_LARGE);
  }
  return false;
}

/** Records `code` unless an error is already set, and returns false. */
function stop(code: i32): bool {
  fail(code);
  return false;
}
