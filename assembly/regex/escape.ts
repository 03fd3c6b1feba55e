// Escape sequences and the class-valued primitives (Perl, ASCII and Unicode
// classes), following regex-syntax's parse_escape / parse_hex /
// parse_unicode_class and the translator's rules for them:
//
//   \0-\9            backreference / octal: unsupported (error)
//   \x \u \U         hex: 2 / 4 / 8 digits or {...}; must be a scalar value
//   \p \P            Unicode class (one letter or {...}; `!=` flips negation)
//   \d \s \w (upper) Perl classes, Unicode-aware unless (?-u)
//   \a \f \t \n \r \v, any meta character, any other ASCII punctuation or
//   space except < and > (literal); \A \z \b \B \< \> \b{start|end|
//   start-half|end-half} (assertions); anything else is an error.
//
// A class-valued primitive is pushed on the class stack (classes.ts) already
// case-folded and negated as the translator would; the caller consumes it.

import {
  ERR_INVALID, ERR_UNSUPPORTED, F_CASEI, F_UNICODE, bump, bumpAndBumpSpace, ch, eof, fail, has, pat, pos, setPos,
} from './lex';
import { clsAdd, clsCanon, clsFold, clsFoldAscii, clsNegate, clsPush } from './classes';
import { addNamedClass, addPerlDigit, addPerlSpace, addPerlWord, addValueClass, normalizeName } from './unicode';
import { RAW_BYTES, W_NORM, W_RAW, wsBase } from './work';
import { cpLen } from './utf8';

export const P_LIT: i32 = 1;
export const P_CLASS: i32 = 2; // a class was pushed
export const P_ASSERT: i32 = 3;

// Assertion kinds as written (mapped to LOOK_* with the flags by the caller).
export const A_START_LINE: i32 = 0;
export const A_END_LINE: i32 = 1;
export const A_START_TEXT: i32 = 2;
export const A_END_TEXT: i32 = 3;
export const A_WORD: i32 = 4;
export const A_NOT_WORD: i32 = 5;
export const A_WORD_START: i32 = 6;
export const A_WORD_END: i32 = 7;
export const A_WORD_START_HALF: i32 = 8;
export const A_WORD_END_HALF: i32 = 9;

/** Result of the last parseEscape(): P_LIT (primCp, primIsByte), P_CLASS or P_ASSERT (primAssert). */
export let primKind: i32 = 0;
export let primCp: u32 = 0;
/** The literal was written `\xNN` (a byte when Unicode mode is off). */
export let primIsByte: bool = false;
export let primAssert: i32 = 0;

const PERL_DIGIT: i32 = 0;
const PERL_SPACE: i32 = 1;
const PERL_WORD: i32 = 2;

/** Case folding as the current mode does it: Unicode simple folding, or ASCII only. */
export function foldTop(): void {
  if (has(F_UNICODE)) clsFold();
  else clsFoldAscii();
}

/** Pushes \d \s \w (negated for \D \S \W). False (error set) for a negated one in (?-u). */
export function pushPerl(kind: i32, negated: bool): bool {
  if (!has(F_UNICODE) && negated) {
    fail(ERR_INVALID); // would match bytes that are not UTF-8
    return false;
  }
  clsPush();
  if (has(F_UNICODE)) {
    if (kind == PERL_DIGIT) addPerlDigit();
    else if (kind == PERL_SPACE) addPerlSpace();
    else addPerlWord();
  } else if (kind == PERL_DIGIT) {
    clsAdd(0x30, 0x39);
  } else if (kind == PERL_SPACE) {
    clsAdd(0x09, 0x0d);
    clsAdd(0x20, 0x20);
  } else {
    clsAdd(0x30, 0x39);
    clsAdd(0x41, 0x5a);
    clsAdd(0x5f, 0x5f);
    clsAdd(0x61, 0x7a);
  }
  clsCanon();
  // Perl classes are closed under case folding already: no folding.
  if (negated) clsNegate();
  return true;
}

/** ASCII class name k of `[[:name:]]`, in the order used by pushAscii ("" past the end). */
function asciiName(k: i32): string {
  switch (k) {
    case 0: return 'alnum';
    case 1: return 'alpha';
    case 2: return 'ascii';
    case 3: return 'blank';
    case 4: return 'cntrl';
    case 5: return 'digit';
    case 6: return 'graph';
    case 7: return 'lower';
    case 8: return 'print';
    case 9: return 'punct';
    case 10: return 'space';
    case 11: return 'upper';
    case 12: return 'word';
    case 13: return 'xdigit';
  }
  return '';
}

/** Index of an ASCII class name at pat[start..end), or -1. */
export function asciiClassIndex(start: i32, end: i32): i32 {
  for (let k = 0; k < 14; k++) {
    const name = asciiName(k);
    if (name.length != end - start) continue;
    let same = true;
    for (let i = 0; i < name.length; i++) {
      if (<u32>load<u8>(pat + <usize>(start + i)) != <u32>name.charCodeAt(i)) {
        same = false;
        break;
      }
    }
    if (same) return k;
  }
  return -1;
}

/** Pushes ASCII class k, folded and negated like the translator. False on error. */
export function pushAscii(k: i32, negated: bool): bool {
  clsPush();
  switch (k) {
    case 0: clsAdd(0x30, 0x39); clsAdd(0x41, 0x5a); clsAdd(0x61, 0x7a); break;
    case 1: clsAdd(0x41, 0x5a); clsAdd(0x61, 0x7a); break;
    case 2: clsAdd(0, 0x7f); break;
    case 3: clsAdd(0x09, 0x09); clsAdd(0x20, 0x20); break;
    case 4: clsAdd(0, 0x1f); clsAdd(0x7f, 0x7f); break;
    case 5: clsAdd(0x30, 0x39); break;
    case 6: clsAdd(0x21, 0x7e); break;
    case 7: clsAdd(0x61, 0x7a); break;
    case 8: clsAdd(0x20, 0x7e); break;
    case 9: clsAdd(0x21, 0x2f); clsAdd(0x3a, 0x40); clsAdd(0x5b, 0x60); clsAdd(0x7b, 0x7e); break;
    case 10: clsAdd(0x09, 0x0d); clsAdd(0x20, 0x20); break;
    case 11: clsAdd(0x41, 0x5a); break;
    case 12: clsAdd(0x30, 0x39); clsAdd(0x41, 0x5a); clsAdd(0x5f, 0x5f); clsAdd(0x61, 0x7a); break;
    default: clsAdd(0x30, 0x39); clsAdd(0x41, 0x46); clsAdd(0x61, 0x66); break;
  }
  clsCanon();
  if (has(F_CASEI)) foldTop();
  if (negated) {
    if (!has(F_UNICODE)) {
      fail(ERR_INVALID);
      return false;
    }
    clsNegate();
  }
  return true;
}

function isHex(c: u32): bool {
  return (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66);
}
function hexVal(c: u32): u32 {
  return c <= 0x39 ? c - 0x30 : (c | 0x20) - 0x61 + 10;
}

/** \x \u \U at the cursor (on the letter). Sets primCp / primIsByte. False on error. */
function parseHex(): bool {
  const letter = ch();
  const digits = letter == 0x78 ? 2 : letter == 0x75 ? 4 : 8;
  if (!bumpAndBumpSpace()) return false;
  let value: u32 = 0;
  let big = false;
  if (ch() == 0x7b) {
    let count = 0;
    while (bumpAndBumpSpace() && ch() != 0x7d) {
      const c = ch();
      if (!isHex(c)) return false;
      if (value > 0x10ffff) big = true;
      else value = (value << 4) | hexVal(c);
      count++;
    }
    if (eof()) return false;
    bumpAndBumpSpace();
    if (count == 0) return false;
    primIsByte = false;
  } else {
    for (let i = 0; i < digits; i++) {
      if (i > 0 && !bumpAndBumpSpace()) return false;
      const c = ch();
      if (!isHex(c)) return false;
      if (value > 0x10ffff) big = true;
      else value = (value << 4) | hexVal(c);
    }
    bumpAndBumpSpace();
    primIsByte = letter == 0x78;
  }
  if (big || value > 0x10ffff || (value >= 0xd800 && value <= 0xdfff)) return false;
  primCp = value;
  return true;
}

/** Copies the UTF-8 of scalar c to p; returns its length. */
function putUtf8(p: usize, c: u32): i32 {
  const l = cpLen(c);
  if (l == 1) {
    store<u8>(p, <u8>c);
  } else if (l == 2) {
    store<u8>(p, <u8>(0xc0 | (c >>> 6)));
    store<u8>(p + 1, <u8>(0x80 | (c & 0x3f)));
  } else if (l == 3) {
    store<u8>(p, <u8>(0xe0 | (c >>> 12)));
    store<u8>(p + 1, <u8>(0x80 | ((c >>> 6) & 0x3f)));
    store<u8>(p + 2, <u8>(0x80 | (c & 0x3f)));
  } else {
    store<u8>(p, <u8>(0xf0 | (c >>> 18)));
    store<u8>(p + 1, <u8>(0x80 | ((c >>> 12) & 0x3f)));
    store<u8>(p + 2, <u8>(0x80 | ((c >>> 6) & 0x3f)));
    store<u8>(p + 3, <u8>(0x80 | (c & 0x3f)));
  }
  return l;
}

/** The last property query used `!=` (which flips the negation). */
let propNotEqual = false;

/** Resolves a property query and pushes its class. False when unknown. */
function resolveProperty(raw: usize, len: i32, oneLetter: bool): bool {
  const norm = wsBase + W_NORM;
  // Find the operator: "!=" first, else ':', else '='.
  let opAt = -1;
  let opLen = 0;
  let notEqual = false;
  if (!oneLetter) {
    for (let i = 0; i + 1 < len; i++) {
      if (load<u8>(raw + <usize>i) == 0x21 && load<u8>(raw + <usize>(i + 1)) == 0x3d) {
        opAt = i;
        opLen = 2;
        notEqual = true;
        break;
      }
    }
    for (let k = 0; k < 2 && opAt < 0; k++) {
      const want: u8 = k == 0 ? 0x3a : 0x3d;
      for (let i = 0; i < len; i++) {
        if (load<u8>(raw + <usize>i) == want) {
          opAt = i;
          opLen = 1;
          break;
        }
      }
    }
  }
  clsPush();
  let ok = false;
  if (opAt < 0) {
    const l = normalizeName(raw, len, norm);
    ok = l >= 0 && addNamedClass(norm, l);
  } else {
    const nl = normalizeName(raw, opAt, norm);
    const vl = normalizeName(raw + <usize>(opAt + opLen), len - opAt - opLen, norm + 256);
    ok = nl >= 0 && vl >= 0 && addValueClass(norm, nl, norm + 256, vl);
  }
  propNotEqual = notEqual;
  return ok;
}

/** \p / \P at the cursor (on the letter). Pushes the class. False on error. */
function parseUnicodeClass(): bool {
  const negated = ch() == 0x50;
  if (!bumpAndBumpSpace()) return false;
  const raw = wsBase + W_RAW;
  let len = 0;
  let ok = false;
  if (ch() == 0x7b) {
    while (bumpAndBumpSpace() && ch() != 0x7d) {
      if (len + 4 > RAW_BYTES) return false;
      len += putUtf8(raw + <usize>len, ch());
    }
    if (eof()) return false;
    bump();
    if (!has(F_UNICODE)) return false;
    ok = resolveProperty(raw, len, false);
  } else {
    const c = ch();
    if (c == 0x5c) return false;
    bumpAndBumpSpace();
    if (!has(F_UNICODE)) return false;
    len = putUtf8(raw, c);
    ok = resolveProperty(raw, len, true);
  }
  if (!ok) return false;
  const flip = propNotEqual;
  clsCanon();
  if (has(F_CASEI)) clsFold();
  if (negated != flip) clsNegate();
  return true;
}

/** After `\b`, at `{`: \b{start} and friends, or nothing (a counted repetition follows). */
function specialWordBoundary(): bool {
  const start = pos;
  if (!bumpAndBumpSpace()) return false;
  const c0 = ch();
  const valid = (c0 >= 0x41 && c0 <= 0x5a) || (c0 >= 0x61 && c0 <= 0x7a) || c0 == 0x2d;
  if (!valid) {
    setPos(start);
    return true;
  }
  const raw = wsBase + W_RAW;
  let len = 0;
  while (!eof()) {
    const c = ch();
    if (!((c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || c == 0x2d)) break;
    if (len < 16) store<u8>(raw + <usize>len, <u8>c);
    len++;
    bumpAndBumpSpace();
  }
  if (eof() || ch() != 0x7d) return false;
  bump();
  if (rawIs(raw, len, 'start')) primAssert = A_WORD_START;
  else if (rawIs(raw, len, 'end')) primAssert = A_WORD_END;
  else if (rawIs(raw, len, 'start-half')) primAssert = A_WORD_START_HALF;
  else if (rawIs(raw, len, 'end-half')) primAssert = A_WORD_END_HALF;
  else return false;
  return true;
}

function rawIs(raw: usize, len: i32, s: string): bool {
  if (len != s.length) return false;
  for (let i = 0; i < len; i++) if (<u32>load<u8>(raw + <usize>i) != <u32>s.charCodeAt(i)) return false;
  return true;
}

function isMeta(c: u32): bool {
  return (
    c == 0x5c || c == 0x2e || c == 0x2b || c == 0x2a || c == 0x3f || c == 0x28 || c == 0x29 || c == 0x7c ||
    c == 0x5b || c == 0x5d || c == 0x7b || c == 0x7d || c == 0x5e || c == 0x24 || c == 0x23 || c == 0x26 ||
    c == 0x2d || c == 0x7e
  );
}

/** regex-syntax's is_escapeable_character minus the meta characters. */
function isEscapable(c: u32): bool {
  if (c > 0x7f) return false;
  if ((c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a)) return false;
  return c != 0x3c && c != 0x3e;
}

/** Parses the escape at the cursor (on `\`). Sets prim*; false (error set) on failure. */
export function parseEscape(): bool {
  primIsByte = false;
  if (!bump()) {
    fail(ERR_INVALID);
    return false;
  }
  const c = ch();
  if (c >= 0x30 && c <= 0x39) {
    fail(ERR_UNSUPPORTED); // backreferences (and octal, which is off)
    return false;
  }
  if (c == 0x78 || c == 0x75 || c == 0x55) {
    if (!parseHex()) {
      fail(ERR_INVALID);
      return false;
    }
    primKind = P_LIT;
    return true;
  }
  if (c == 0x70 || c == 0x50) {
    if (!parseUnicodeClass()) {
      fail(ERR_INVALID);
      return false;
    }
    primKind = P_CLASS;
    return true;
  }
  if (c == 0x64 || c == 0x73 || c == 0x77 || c == 0x44 || c == 0x53 || c == 0x57) {
    bump();
    const lower = c | 0x20;
    const kind = lower == 0x64 ? PERL_DIGIT : lower == 0x73 ? PERL_SPACE : PERL_WORD;
    if (!pushPerl(kind, c < 0x60)) return false;
    primKind = P_CLASS;
    return true;
  }
  bump();
  primKind = P_LIT;
  if (isMeta(c) || isEscapable(c)) {
    primCp = c;
    return true;
  }
  switch (c) {
    case 0x61: primCp = 0x07; return true; // \a
    case 0x66: primCp = 0x0c; return true; // \f
    case 0x74: primCp = 0x09; return true; // \t
    case 0x6e: primCp = 0x0a; return true; // \n
    case 0x72: primCp = 0x0d; return true; // \r
    case 0x76: primCp = 0x0b; return true; // \v
  }
  primKind = P_ASSERT;
  if (c == 0x41) primAssert = A_START_TEXT;
  else if (c == 0x7a) primAssert = A_END_TEXT;
  else if (c == 0x42) primAssert = A_NOT_WORD;
  else if (c == 0x3c) primAssert = A_WORD_START;
  else if (c == 0x3e) primAssert = A_WORD_END;
  else if (c == 0x62) {
    primAssert = A_WORD;
    if (!eof() && ch() == 0x7b && !specialWordBoundary()) {
      fail(ERR_INVALID);
      return false;
    }
  } else {
    fail(ERR_INVALID);
    return false;
  }
  return true;
}
