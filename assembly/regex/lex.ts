// Cursor over the pattern text plus the state the parser and translator
// share: the current flags and the first error. The cursor functions follow
// regex-syntax's ParserI helpers (bump, bump_space, peek, ...) one to one,
// because where whitespace and comments are skipped under (?x) decides which
// patterns are valid.

import { utf8At, utf8Len } from './utf8';
import { isWhiteSpace } from './unicode';

export const ERR_INVALID: i32 = -2;
export const ERR_TOO_LARGE: i32 = -6;
export const ERR_UNSUPPORTED: i32 = -7;

// Translator flags (regex-syntax's Flags), as bits of `flags`.
export const F_CASEI: i32 = 1; // i
export const F_MULTI: i32 = 2; // m
export const F_DOTNL: i32 = 4; // s
export const F_SWAP: i32 = 8; // U (irrelevant for is_match, tracked for completeness)
export const F_UNICODE: i32 = 16; // u
export const F_CRLF: i32 = 32; // R

export let pat: usize = 0;
export let plen: i32 = 0;
export let pos: i32 = 0;
/** (?x): skip whitespace and # comments (a parser-level flag). */
export let xmode: bool = false;
export let flags: i32 = F_UNICODE;
/** 0, or the first error met. */
export let err: i32 = 0;

export function lexReset(p: usize, len: i32): void {
  pat = p;
  plen = len;
  pos = 0;
  xmode = false;
  flags = F_UNICODE;
  err = 0;
}

export function fail(code: i32): void {
  if (err == 0) err = code;
}

export function setPos(p: i32): void {
  pos = p;
}
export function setXmode(on: bool): void {
  xmode = on;
}
export function setFlags(f: i32): void {
  flags = f;
}

// @ts-ignore: decorator
@inline
export function has(f: i32): bool {
  return (flags & f) != 0;
}

// @ts-ignore: decorator
@inline
export function eof(): bool {
  return pos >= plen;
}

/** The scalar at the cursor (the caller checked !eof()). */
// @ts-ignore: decorator
@inline
export function ch(): u32 {
  return utf8At(pat + <usize>pos);
}

/** Byte length of the scalar at the cursor. */
// @ts-ignore: decorator
@inline
export function chLen(): i32 {
  return utf8Len(<u32>load<u8>(pat + <usize>pos));
}

/** Moves past one scalar; true when not at the end afterwards. */
export function bump(): bool {
  if (eof()) return false;
  pos += chLen();
  return !eof();
}

/** Under (?x), skips whitespace and `#` comments (up to and including the newline). */
export function bumpSpace(): void {
  if (!xmode) return;
  while (!eof()) {
    const c = ch();
    if (isWhiteSpace(c)) {
      bump();
    } else if (c == 0x23) {
      bump();
      while (!eof()) {
        const d = ch();
        bump();
        if (d == 0x0a) break;
      }
    } else {
      break;
    }
  }
}

export function bumpAndBumpSpace(): bool {
  if (!bump()) return false;
  bumpSpace();
  return !eof();
}

/** The scalar after the current one, or -1. */
export function peek(): i32 {
  if (eof()) return -1;
  const q = pos + chLen();
  if (q >= plen) return -1;
  return <i32>utf8At(pat + <usize>q);
}

/**
 * Like peek() but, under (?x), skipping whitespace. This reproduces
 * regex-syntax's peek_space exactly, quirks included: it skips whitespace
 * and at most one `#`, returns the first other scalar (even one inside that
 * "comment"), and when nothing else follows it returns the plain next scalar.
 */
export function peekSpace(): i32 {
  if (!xmode) return peek();
  if (eof()) return -1;
  const q0 = pos + chLen();
  let q = q0;
  let inComment = false;
  while (q < plen) {
    const c = utf8At(pat + <usize>q);
    const l = utf8Len(<u32>load<u8>(pat + <usize>q));
    if (isWhiteSpace(c)) {
      q += l;
    } else if (!inComment && c == 0x23) {
      inComment = true;
      q += l;
    } else {
      return <i32>c;
    }
  }
  return q0 < plen ? <i32>utf8At(pat + <usize>q0) : -1;
}

/** True when the text at the cursor starts with the ASCII string s. */
export function at(s: string): bool {
  const l = s.length;
  if (pos + l > plen) return false;
  for (let i = 0; i < l; i++) {
    if (<u32>load<u8>(pat + <usize>(pos + i)) != <u32>s.charCodeAt(i)) return false;
  }
  return true;
}

/** Consumes the ASCII string s when the text at the cursor starts with it. */
export function bumpIf(s: string): bool {
  if (!at(s)) return false;
  pos += s.length;
  return true;
}
