// Compiler from glob pattern text (UTF-8) to a compact token program, with
// exactly the acceptance rules and token stream of glob 0.3.3's
// `Pattern::new` on Unix targets (see /work/shared/semantics/glob-regex.md §2):
//
//   ?            AnyChar
//   *            AnySequence
//   **           AnyRecursiveSequence, only as a whole path component: it must
//                start the pattern or follow '/', and be followed by '/' (which
//                the token swallows) or end the pattern; anything else is an
//                error. A second `**` right after a recursive token is dropped
//                when the token list already had at least two entries (the
//                crate's `tokens_len > 1` collapse; harmless either way).
//   *** ...      error
//   [set] [!set] AnyWithin / AnyExcept. For `[!` the search for `]` starts at
//                the second character after `!`, for `[` at the second
//                character after `[`, so the first member may be `]`. No `]`
//                found (or too few characters) is an error, never a literal.
//                Members are single characters or ranges `x-y`; a `-` that
//                cannot form a range is literal.
//   other        Char(c). No escapes; `\` is literal; case-sensitive.
//
// Program layout (little-endian u32 words):
//
//   token header: kind << 24 | payload
//     CHAR   payload = the code point
//     ANY    payload = 0
//     STAR   payload = 0
//     RSTAR  payload = 0
//     IN/NOT payload = number of member words that follow the header
//   member word: a single code point c (bit 31 clear), or
//                RANGE_FLAG | lo followed by a word holding hi.
//
// Every program word is paid for by at least one pattern byte, so a program
// never has more words than its pattern has bytes.

import { decodeAt, seqLen, utf8Valid } from './utf8';

export const K_CHAR: u32 = 0;
export const K_ANY: u32 = 1;
export const K_STAR: u32 = 2;
export const K_RSTAR: u32 = 3;
export const K_IN: u32 = 4;
export const K_NOT: u32 = 5;

export const RANGE_FLAG: u32 = 0x80000000;
export const PAYLOAD_MASK: u32 = 0x00ffffff;

/** Pattern::new rejects the text. */
export const GLOB_ERR_INVALID: i32 = -2;
/** The text is not well-formed UTF-8 (cannot be a Rust `&str`). */
export const GLOB_ERR_UTF8: i32 = -4;

const CH_QUESTION: u32 = 0x3f; // ?
const CH_STAR: u32 = 0x2a; // *
const CH_OPEN: u32 = 0x5b; // [
const CH_CLOSE: u32 = 0x5d; // ]
const CH_BANG: u32 = 0x21; // !
const CH_DASH: u32 = 0x2d; // -
const CH_SLASH: u32 = 0x2f; // /  (the only separator on Unix targets)

// Emission state of the current compileGlob() call (module is single-threaded).
let outBase: usize = 0;
let outWords: i32 = 0;
let emitting: bool = false;

// @ts-ignore: decorator
@inline
function put(word: u32): void {
  if (emitting) store<u32>(outBase + (<usize>outWords << 2), word);
  outWords++;
}

/** Index of the first `]` byte in [from, end), or -1. `]` is ASCII, so a byte
 * search never lands inside a multi-byte sequence. */
function findClose(pat: usize, from: usize, end: usize): isize {
  for (let j = from; j < end; j++) {
    if (<u32>load<u8>(pat + j) == CH_CLOSE) return <isize>j;
  }
  return -1;
}

/** parse_char_specifiers over the member bytes [from, to), then the header. */
function putClass(kind: u32, pat: usize, from: usize, to: usize): void {
  const headerAt = outWords;
  put(0); // placeholder
  let j = from;
  while (j < to) {
    const lo = decodeAt(pat + j);
    const j1 = j + seqLen(<u32>load<u8>(pat + j));
    // `s[i + 1] == '-'` with a third character `s[i + 2]` inside the set.
    if (j1 < to && <u32>load<u8>(pat + j1) == CH_DASH && j1 + 1 < to) {
      const hi = decodeAt(pat + j1 + 1);
      put(RANGE_FLAG | lo);
      put(hi);
      j = j1 + 1 + seqLen(<u32>load<u8>(pat + j1 + 1));
    } else {
      put(lo);
      j = j1;
    }
  }
  if (emitting) {
    store<u32>(outBase + (<usize>headerAt << 2), (kind << 24) | <u32>(outWords - headerAt - 1));
  }
}

/**
 * Compiles pat[0..len). With `emit` false only validates (UTF-8 and syntax)
 * and counts; with `emit` true writes the program to `out`, which must have
 * room for the counted number of words (at most `len`). The emitting pass
 * skips the UTF-8 check, so it may only follow a successful validating pass
 * over the same bytes. Returns the number of program words (>= 0) or a
 * negative GLOB_ERR_* code.
 */
export function compileGlob(pat: usize, len: usize, out: usize, emit: bool): i32 {
  if (!emit && !utf8Valid(pat, len)) return GLOB_ERR_UTF8;
  outBase = out;
  outWords = 0;
  emitting = emit;

  let tokens = 0; // number of tokens so far (the crate's tokens.len())
  let lastKind: u32 = 0xff; // kind of the last token pushed
  let i: usize = 0;
  while (i < len) {
    const b = <u32>load<u8>(pat + i);
    if (b == CH_QUESTION) {
      put(K_ANY << 24);
      tokens++;
      lastKind = K_ANY;
      i++;
    } else if (b == CH_STAR) {
      const old = i;
      while (i < len && <u32>load<u8>(pat + i) == CH_STAR) i++;
      const count = i - old;
      if (count > 2) return GLOB_ERR_INVALID; // ERROR_WILDCARDS
      if (count == 2) {
        // `**` must start the pattern or follow a separator ...
        if (!(old == 0 || <u32>load<u8>(pat + old - 1) == CH_SLASH)) return GLOB_ERR_INVALID;
        // ... and be followed by a separator (swallowed) or the end.
        if (i < len && <u32>load<u8>(pat + i) == CH_SLASH) {
          i++;
        } else if (i != len) {
          return GLOB_ERR_INVALID;
        }
        if (!(tokens > 1 && lastKind == K_RSTAR)) {
          put(K_RSTAR << 24);
          tokens++;
          lastKind = K_RSTAR;
        }
      } else {
        put(K_STAR << 24);
        tokens++;
        lastKind = K_STAR;
      }
    } else if (b == CH_OPEN) {
      const next = i + 1;
      if (next < len && <u32>load<u8>(pat + next) == CH_BANG) {
        // `[!`: needs chars[i+2] and chars[i+3]; `]` is searched from i+3.
        const first = next + 1;
        if (first >= len) return GLOB_ERR_INVALID;
        const close = findClose(pat, first + seqLen(<u32>load<u8>(pat + first)), len);
        if (close < 0) return GLOB_ERR_INVALID; // ERROR_INVALID_RANGE
        putClass(K_NOT, pat, first, <usize>close);
        tokens++;
        lastKind = K_NOT;
        i = <usize>close + 1;
      } else {
        // `[`: needs chars[i+1] (not `!`) and chars[i+2]; `]` is searched from i+2.
        const first = next;
        if (first >= len) return GLOB_ERR_INVALID;
        const close = findClose(pat, first + seqLen(<u32>load<u8>(pat + first)), len);
        if (close < 0) return GLOB_ERR_INVALID; // ERROR_INVALID_RANGE
        putClass(K_IN, pat, first, <usize>close);
        tokens++;
        lastKind = K_IN;
        i = <usize>close + 1;
      }
    } else {
      put((K_CHAR << 24) | decodeAt(pat + i));
      tokens++;
      lastKind = K_CHAR;
      i += seqLen(b);
    }
  }
  return outWords;
}
