// Parser and code generator for the Rust `regex` syntax (regex-syntax 0.8 as
// used by regex 1.13.1 with the default RegexBuilder). It reads the pattern
// once, left to right, like regex-syntax's iterative parser, applies the
// translator's rules (flags, case folding, Unicode/byte mode checks) to each
// primitive as soon as it is parsed (flags are lexically scoped, so the flags
// in force while parsing are exactly those the translator would use), and
// emits code directly (program.ts): a repetition copies the block of its
// operand, an alternation is formed when its group closes.
//
// Nest limit: regex-syntax measures, after parsing, the depth of the AST in
// groups, repetitions, alternations, concatenations of two or more items and
// bracketed classes (see bracket.ts), and rejects a depth above 250. Here the
// height of every finished node is computed bottom-up; a height above 250
// anywhere means the whole pattern is invalid, so it fails at once.

import {
  ERR_INVALID, ERR_TOO_LARGE, ERR_UNSUPPORTED, F_CASEI, F_CRLF, F_DOTNL, F_MULTI, F_SWAP, F_UNICODE,
  at, bump, bumpAndBumpSpace, bumpIf, bumpSpace, ch, eof, err, fail, flags, lexReset, pat, pos, setFlags, setXmode, xmode,
} from './lex';
import { A_END_LINE, A_START_LINE, P_ASSERT, P_CLASS, parseEscape, primAssert, primCp, primIsByte, primKind } from './escape';
import { NEST_LIMIT, classHeight, parseBracket } from './bracket';
import { clsReset } from './classes';
import {
  OP_ANY, OP_ANY_CRLF, OP_ANY_NL, OP_CHAR, OP_CLASS, OP_JMP, OP_MATCH, UNBOUNDED, addCost, alternate, inst, mk, n, opOf,
  progReset, repeat, tooLarge,
} from './program';
import { emitAssert, emitDot, emitLiteral, emitOrFail, emitTopClass, mergeClassBranches } from './emit';
import { isAlphabetic, isNumeric, isWhiteSpace } from './unicode';
import { MAX_INSTS, NAME_SLOTS, W_ALTS, W_FRAMES, W_NAMES, wsBase } from './work';

const K_ITEM: i32 = 1;
const K_FLAGS: i32 = 2;

// The concatenation being parsed (innermost level).
let concatStart: i32 = 0; // first instruction of the current branch
let itemCount: i32 = 0;
let lastStart: i32 = 0; // first instruction of the last item
let lastKind: i32 = 0;
let maxOthers: i32 = 0; // largest height among the items before the last
let lastHeight: i32 = 0;
let altBase: i32 = 0; // this level's first entry in the branch-start stack
let altCount: i32 = 0; // branches finished by `|`
let altMax: i32 = 0;
let altTop: i32 = 0;
let levelCaps: i32 = 0; // capturing groups closed inside this level
let depth: i32 = 0; // open groups

// A saved level: 16 i32 fields per open group.
const F_CONCAT = 0, F_ITEMS = 1, F_LAST = 2, F_LASTKIND = 3, F_MAXOTHERS = 4, F_LASTH = 5, F_ALTBASE = 6;
const F_ALTCOUNT = 7, F_ALTMAX = 8, F_FLAGS = 9, F_X = 10, F_CAPTURE = 11, F_START = 12, F_CAPS = 13;

// @ts-ignore: decorator
@inline
function frame(i: i32, f: i32): usize {
  return wsBase + W_FRAMES + (<usize>i << 6) + (<usize>f << 2);
}

function tooDeep(h: i32): bool {
  if (h > NEST_LIMIT) {
    fail(ERR_INVALID);
    return true;
  }
  return false;
}

function pushItem(start: i32, h: i32, kind: i32): void {
  if (itemCount > 0 && lastHeight > maxOthers) maxOthers = lastHeight;
  lastHeight = h;
  lastStart = start;
  lastKind = kind;
  itemCount++;
  tooDeep(h);
}

function concatHeight(): i32 {
  if (itemCount == 0) return 0;
  if (itemCount == 1) return lastHeight;
  return 1 + max(maxOthers, lastHeight);
}

function resetConcat(): void {
  concatStart = n;
  itemCount = 0;
  lastStart = n;
  lastKind = 0;
  maxOthers = 0;
  lastHeight = 0;
}

// --- groups, flags, alternation ------------------------------------------------------

let flagsOn: i32 = 0;
let flagsOff: i32 = 0;
let flagsX: i32 = -1; // -1: x not mentioned
let flagItems: i32 = 0;

function flagBit(c: u32): i32 {
  switch (c) {
    case 0x69: return F_CASEI; // i
    case 0x6d: return F_MULTI; // m
    case 0x73: return F_DOTNL; // s
    case 0x55: return F_SWAP; // U
    case 0x75: return F_UNICODE; // u
    case 0x52: return F_CRLF; // R
    case 0x78: return 64; // x
  }
  return 0;
}

/** parse_flags: at the first flag character, up to (not past) `:` or `)`. */
function parseFlags(): bool {
  flagsOn = 0;
  flagsOff = 0;
  flagsX = -1;
  flagItems = 0;
  let seen = 0;
  let negSeen = false;
  let lastWasNeg = false;
  while (ch() != 0x3a && ch() != 0x29) {
    const c = ch();
    if (c == 0x2d) {
      if (negSeen) return false; // repeated negation
      negSeen = true;
      lastWasNeg = true;
    } else {
      const bit = flagBit(c);
      if (bit == 0 || (seen & bit) != 0) return false; // unknown or duplicate flag
      seen |= bit;
      lastWasNeg = false;
      if (bit == 64) flagsX = negSeen ? 0 : 1;
      else if (negSeen) flagsOff |= bit;
      else flagsOn |= bit;
    }
    flagItems++;
    if (!bump()) return false;
  }
  return !lastWasNeg;
}

function applyFlags(): void {
  setFlags((flags & ~(flagsOn | flagsOff)) | flagsOn);
  if (flagsX >= 0) setXmode(flagsX == 1);
}

function isCaptureChar(c: u32, first: bool): bool {
  if (c == 0x5f) return true;
  if (first) return isAlphabetic(c);
  return c == 0x2e || c == 0x5b || c == 0x5d || isAlphabetic(c) || isNumeric(c);
}

/** parse_capture_name, at the first name character; records the name (duplicates are errors). */
function captureName(): bool {
  if (eof()) return false;
  const start = pos;
  while (true) {
    if (ch() == 0x3e) break;
    if (!isCaptureChar(ch(), pos == start)) return false;
    if (!bump()) break;
  }
  const end = pos;
  if (eof()) return false;
  bump();
  if (end == start) return false;
  // Record the name in an open-addressing table of (offset, length).
  let h: u32 = 0x811c9dc5;
  for (let i = start; i < end; i++) h = (h ^ <u32>load<u8>(pat + <usize>i)) * 0x01000193;
  let slot = <i32>(h & <u32>(NAME_SLOTS - 1));
  for (let probe = 0; probe < NAME_SLOTS; probe++) {
    const e = wsBase + W_NAMES + (<usize>slot << 3);
    const off = load<i32>(e);
    if (off < 0) {
      store<i32>(e, start);
      store<i32>(e + 4, end - start);
      return true;
    }
    if (load<i32>(e + 4) == end - start && memory.compare(pat + <usize>off, pat + <usize>start, <usize>(end - start)) == 0) {
      return false; // duplicate name
    }
    slot = (slot + 1) & (NAME_SLOTS - 1);
  }
  fail(ERR_TOO_LARGE);
  return false;
}

/** `(` at the cursor: a group or a flag setting (parse_group + push_group). */
function openGroup(): bool {
  bump();
  bumpSpace();
  if (at('?=') || at('?!') || at('?<=') || at('?<!')) {
    fail(ERR_UNSUPPORTED); // look-around
    return false;
  }
  let capture = true;
  let groupFlags = false;
  if (bumpIf('?P<') || bumpIf('?<')) {
    if (!captureName()) return false;
  } else if (bumpIf('?')) {
    if (eof() || !parseFlags()) return false;
    const end = ch();
    bump();
    if (end == 0x29) {
      if (flagItems == 0) return false; // `(?)`
      applyFlags();
      pushItem(n, 0, K_FLAGS);
      return true;
    }
    capture = false;
    groupFlags = true;
  }
  if (depth >= NEST_LIMIT) {
    fail(ERR_INVALID); // 251 nested groups exceed the nest limit whatever follows
    return false;
  }
  const f = depth;
  store<i32>(frame(f, F_CONCAT), concatStart);
  store<i32>(frame(f, F_ITEMS), itemCount);
  store<i32>(frame(f, F_LAST), lastStart);
  store<i32>(frame(f, F_LASTKIND), lastKind);
  store<i32>(frame(f, F_MAXOTHERS), maxOthers);
  store<i32>(frame(f, F_LASTH), lastHeight);
  store<i32>(frame(f, F_ALTBASE), altBase);
  store<i32>(frame(f, F_ALTCOUNT), altCount);
  store<i32>(frame(f, F_ALTMAX), altMax);
  store<i32>(frame(f, F_FLAGS), flags);
  store<i32>(frame(f, F_X), xmode ? 1 : 0);
  store<i32>(frame(f, F_CAPTURE), capture ? 1 : 0);
  store<i32>(frame(f, F_START), n);
  store<i32>(frame(f, F_CAPS), levelCaps);
  depth++;
  if (groupFlags) applyFlags();
  resetConcat();
  altBase = altTop;
  altCount = 0;
  altMax = 0;
  levelCaps = 0;
  return true;
}

/** Closes the current level: forms its alternation, if any. Returns the level's height, or -1. */
function finishLevel(): i32 {
  const h = concatHeight();
  if (altCount == 0) return h;
  if (altTop >= MAX_INSTS) {
    fail(ERR_TOO_LARGE);
    return -1;
  }
  store<i32>(wsBase + W_ALTS + (<usize>altTop << 2), concatStart);
  altTop++;
  const count = altCount + 1;
  if (mergeClassBranches(wsBase + W_ALTS + (<usize>altBase << 2), count, levelCaps > 0)) {
    altTop = altBase;
    return err != 0 ? -1 : 1 + max(altMax, h);
  }
  if (!alternate(wsBase + W_ALTS + (<usize>altBase << 2), count)) {
    fail(ERR_TOO_LARGE);
    return -1;
  }
  altTop = altBase;
  return 1 + max(altMax, h);
}

/** `|` at the cursor. */
function bar(): bool {
  if (altTop >= MAX_INSTS) {
    fail(ERR_TOO_LARGE);
    return false;
  }
  store<i32>(wsBase + W_ALTS + (<usize>altTop << 2), concatStart);
  altTop++;
  const h = concatHeight();
  if (h > altMax) altMax = h;
  altCount++;
  bump();
  resetConcat();
  return true;
}

/** `)` at the cursor (pop_group). */
function closeGroup(): bool {
  if (depth == 0) return false; // unopened group
  const inner = finishLevel();
  if (inner < 0) return false;
  const h = 1 + inner;
  if (tooDeep(h)) return false;
  depth--;
  const f = depth;
  const start = load<i32>(frame(f, F_START));
  if (n == start && !emitOrFail(mk(OP_JMP, 1), 32)) return false; // empty group: Rust's Empty state
  if (load<i32>(frame(f, F_CAPTURE)) != 0) addCost(start, 64);
  concatStart = load<i32>(frame(f, F_CONCAT));
  itemCount = load<i32>(frame(f, F_ITEMS));
  lastStart = load<i32>(frame(f, F_LAST));
  lastKind = load<i32>(frame(f, F_LASTKIND));
  maxOthers = load<i32>(frame(f, F_MAXOTHERS));
  lastHeight = load<i32>(frame(f, F_LASTH));
  altBase = load<i32>(frame(f, F_ALTBASE));
  altCount = load<i32>(frame(f, F_ALTCOUNT));
  altMax = load<i32>(frame(f, F_ALTMAX));
  const innerCaps = levelCaps;
  levelCaps = load<i32>(frame(f, F_CAPS)) + innerCaps;
  if (load<i32>(frame(f, F_CAPTURE)) != 0) levelCaps++;
  setFlags(load<i32>(frame(f, F_FLAGS)));
  setXmode(load<i32>(frame(f, F_X)) != 0);
  bump();
  pushItem(start, h, K_ITEM);
  return true;
}

// --- repetition -------------------------------------------------------------------------

function applyRepeat(min: u64, max: u64): bool {
  lastHeight++;
  if (tooDeep(lastHeight)) return false;
  // Hir::repetition: an operand that can only match the empty string is
  // repeated at most once (`\b{1000}` is `\b`, `(?:){9999}` is empty).
  if (!consumesInput(lastStart)) {
    if (min > 1) min = 1;
    if (max > 1) max = 1;
  }
  if (!repeat(lastStart, min, max)) {
    fail(ERR_TOO_LARGE);
    return false;
  }
  return true;
}

/** True when instructions [s, n) include one that consumes a scalar. */
function consumesInput(s: i32): bool {
  for (let i = s; i < n; i++) {
    const op = opOf(inst(i));
    if (op == OP_CHAR || op == OP_CLASS || op == OP_ANY || op == OP_ANY_NL || op == OP_ANY_CRLF) return true;
  }
  return false;
}

/** `?`, `*` or `+` at the cursor (parse_uncounted_repetition). */
function uncounted(): bool {
  if (itemCount == 0 || lastKind == K_FLAGS) return false; // nothing to repeat
  const c = ch();
  if (bump() && ch() == 0x3f) bump(); // lazy: the same language
  if (c == 0x3f) return applyRepeat(0, 1);
  if (c == 0x2a) return applyRepeat(0, UNBOUNDED);
  return applyRepeat(1, UNBOUNDED);
}

let decValue: u64 = 0;
const DEC_OK: i32 = 0;
const DEC_EMPTY: i32 = 1;
const DEC_INVALID: i32 = 2;

/** parse_decimal: whitespace is skipped around the digits even without (?x). */
function decimal(): i32 {
  while (!eof() && isWhiteSpace(ch())) bump();
  let digits = 0;
  let v: u64 = 0;
  let big = false;
  while (!eof() && ch() >= 0x30 && ch() <= 0x39) {
    v = v * 10 + <u64>(ch() - 0x30);
    if (v > 0xffffffff) {
      big = true;
      v = 0xffffffff;
    }
    digits++;
    bumpAndBumpSpace();
  }
  while (!eof() && isWhiteSpace(ch())) bumpAndBumpSpace();
  if (digits == 0) return DEC_EMPTY;
  if (big) return DEC_INVALID;
  decValue = v;
  return DEC_OK;
}

/** `{` at the cursor (parse_counted_repetition). */
function counted(): bool {
  if (itemCount == 0 || lastKind == K_FLAGS) return false;
  if (!bumpAndBumpSpace()) return false;
  const s1 = decimal();
  const min = decValue;
  if (eof()) return false;
  let max: u64 = min;
  if (ch() == 0x2c) {
    if (!bumpAndBumpSpace()) return false;
    if (ch() != 0x7d) {
      if (s1 != DEC_OK) return false;
      if (decimal() != DEC_OK) return false;
      max = decValue;
    } else {
      if (s1 != DEC_OK) return false;
      max = UNBOUNDED;
    }
  } else if (s1 != DEC_OK) {
    return false;
  }
  if (eof() || ch() != 0x7d) return false;
  if (bumpAndBumpSpace() && ch() == 0x3f) bump();
  if (max != UNBOUNDED && min > max) return false;
  return applyRepeat(min, max);
}

// --- main loop ---------------------------------------------------------------------------

/** One primitive at the cursor (parse_primitive): escape, `.`, `^`, `$` or a literal. */
function primitive(): bool {
  const start = n;
  const c = ch();
  let ok = true;
  if (c == 0x5c) {
    if (!parseEscape()) return false;
    if (primKind == P_CLASS) ok = emitTopClass();
    else if (primKind == P_ASSERT) ok = emitAssert(primAssert);
    else ok = emitLiteral(primCp, primIsByte);
  } else {
    bump();
    if (c == 0x2e) ok = emitDot();
    else if (c == 0x5e) ok = emitAssert(A_START_LINE);
    else if (c == 0x24) ok = emitAssert(A_END_LINE);
    else ok = emitLiteral(c, false);
  }
  if (ok) pushItem(start, 0, K_ITEM);
  return ok;
}

/**
 * Compiles pat[0..len) (valid UTF-8) into the workspace program. Returns 0,
 * or a negative error code (ERR_INVALID, ERR_UNSUPPORTED, ERR_TOO_LARGE).
 */
export function compilePattern(p: usize, len: i32): i32 {
  lexReset(p, len);
  progReset();
  clsReset();
  memory.fill(wsBase + W_NAMES, 0xff, <usize>NAME_SLOTS * 8);
  depth = 0;
  altTop = 0;
  altBase = 0;
  altCount = 0;
  altMax = 0;
  levelCaps = 0;
  resetConcat();
  while (err == 0) {
    bumpSpace();
    if (eof()) break;
    const c = ch();
    let ok = true;
    if (c == 0x28) ok = openGroup();
    else if (c == 0x29) ok = closeGroup();
    else if (c == 0x7c) ok = bar();
    else if (c == 0x5b) {
      const start = n;
      ok = parseBracket() && emitTopClass();
      if (ok) pushItem(start, classHeight, K_ITEM);
    } else if (c == 0x3f || c == 0x2a || c == 0x2b) ok = uncounted();
    else if (c == 0x7b) ok = counted();
    else ok = primitive();
    if (!ok) fail(ERR_INVALID);
  }
  if (err == 0 && depth > 0) fail(ERR_INVALID); // unclosed group
  if (err == 0) {
    const h = finishLevel();
    if (h >= 0) tooDeep(h);
  }
  if (err == 0 && !emitOrFail(mk(OP_MATCH, 0), 0)) fail(ERR_TOO_LARGE);
  if (err == 0 && tooLarge) fail(ERR_TOO_LARGE);
  return err;
}
