// Matcher for programs produced by compile.ts, with the results of glob
// 0.3.3's `Pattern::matches` (MatchOptions::new(): case-sensitive,
// require_literal_separator = false, require_literal_leading_dot = false).
//
// How the crate's recursive `matches_from` reduces to a greedy scan
// ------------------------------------------------------------------
// `matches_from(tokens[k..], text)` returns Match, SubPatternDoesntMatch
// ("Sub") or EntirePatternDoesntMatch ("Entire"). With the default options
// `follows_separator` only decides which positions a `**` may resume at, so
// the result is a function of (token index, text position).
//
// A star token at text position q tries the rest of the pattern at a list of
// candidate positions C in increasing order and returns the first result that
// is not Sub:
//   `*`   C = q, q+1, ..., N            (every char boundary)
//   `**`  C = q, every position right after a '/', and N (when the text runs
//         out the token falls through to the following tokens with an empty
//         text; that is how `a/**` matches `a/b` and `**/x` rejects `ax`).
// Run on an empty text, any token list yields Match or Entire, never Sub; so
// a star's result is never Sub either. Consequently, once the literal segment
// between a star and the next star matches at some candidate c, the outer
// star returns whatever the inner star returns: the crate never backtracks
// into an earlier star. A segment tried at c gives
//   - Sub    when a token mismatches before the text runs out (next c),
//   - Entire when the text runs out first (the whole match fails at once),
//   - for the last segment, Match only if it ends exactly at N (else Sub).
// The last segment can therefore match only at the position exactly
// |segment| characters before N, which is checked directly.
//
// The matcher below is that greedy scan. It is O(N * |segment|) in the worst
// case and linear for the usual patterns; never exponential.

import { K_ANY, K_CHAR, K_IN, K_RSTAR, K_STAR, PAYLOAD_MASK, RANGE_FLAG } from './compile';
import { decodeAt, seqLen } from './utf8';

const CH_SLASH: u32 = 0x2f;

/** Returned by trySegment: a token did not match the character. */
const SEG_MISMATCH: i32 = -1;
/** Returned by trySegment: the text ended inside the segment. */
const SEG_RUNOUT: i32 = -2;

/** Work counter of the last matchProgram() call (token tests + candidates). */
let steps: u64 = 0;

export function lastSteps(): u64 {
  return steps;
}

// @ts-ignore: decorator
@inline
function isStar(word: u32): bool {
  const k = word >>> 24;
  return k == K_STAR || k == K_RSTAR;
}

/** Address of the token after the one at `t`. */
// @ts-ignore: decorator
@inline
function nextToken(t: usize): usize {
  const w = load<u32>(t);
  const k = w >>> 24;
  return k >= K_IN ? t + 4 + (<usize>(w & PAYLOAD_MASK) << 2) : t + 4;
}

/** Does the single-character token at `t` accept code point `c`? */
// @ts-ignore: decorator
@inline
function tokenAccepts(t: usize, c: u32): bool {
  const w = load<u32>(t);
  const k = w >>> 24;
  if (k == K_CHAR) return (w & PAYLOAD_MASK) == c;
  if (k == K_ANY) return true;
  // IN / NOT
  let q = t + 4;
  const end = q + (<usize>(w & PAYLOAD_MASK) << 2);
  let found = false;
  while (q < end) {
    const m = load<u32>(q);
    if (m & RANGE_FLAG) {
      const lo = m & ~RANGE_FLAG;
      const hi = load<u32>(q + 4);
      if (c >= lo && c <= hi) {
        found = true;
        break;
      }
      q += 8;
    } else {
      if (m == c) {
        found = true;
        break;
      }
      q += 4;
    }
  }
  return k == K_IN ? found : !found;
}

/**
 * Runs the star-free tokens [t, segEnd) against the text from byte offset p.
 * Returns the byte offset after the segment, SEG_MISMATCH or SEG_RUNOUT
 * (whichever the crate would hit first, token by token).
 */
function trySegment(t: usize, segEnd: usize, s: usize, n: i32, p: i32): i32 {
  while (t < segEnd) {
    if (p >= n) return SEG_RUNOUT;
    steps++;
    const b0 = <u32>load<u8>(s + <usize>p);
    const c = b0 < 0x80 ? b0 : decodeAt(s + <usize>p);
    if (!tokenAccepts(t, c)) return SEG_MISMATCH;
    p += <i32>seqLen(b0);
    t = nextToken(t);
  }
  return p;
}

/** Finds the end of the segment starting at `t`: the next star token or `end`. */
function segmentEnd(t: usize, end: usize): usize {
  while (t < end && !isStar(load<u32>(t))) t = nextToken(t);
  return t;
}

/** Number of tokens in the star-free segment [t, segEnd). */
function segmentChars(t: usize, segEnd: usize): i32 {
  let count = 0;
  while (t < segEnd) {
    t = nextToken(t);
    count++;
  }
  return count;
}

/**
 * 1 when the program [prog, progEnd) matches the whole (valid UTF-8) text
 * s[0..n), else 0.
 */
export function matchProgram(prog: usize, progEnd: usize, s: usize, n: i32): i32 {
  steps = 0;
  // Tokens before the first star: any mismatch or running out is a failure.
  let segEnd = segmentEnd(prog, progEnd);
  let p = trySegment(prog, segEnd, s, n, 0);
  if (p < 0) return 0;
  if (segEnd == progEnd) return p == n ? 1 : 0;

  let t = segEnd; // a star token
  while (true) {
    const recursive = (load<u32>(t) >>> 24) == K_RSTAR;
    const segStart = t + 4;
    segEnd = segmentEnd(segStart, progEnd);

    if (segEnd == progEnd) {
      // Last segment: it can only match ending exactly at n, i.e. starting
      // as many characters before the end as it has tokens.
      let k = segmentChars(segStart, segEnd);
      let c = n;
      while (k > 0 && c > p) {
        c--;
        while (c > p && (<u32>load<u8>(s + <usize>c) & 0xc0) == 0x80) c--;
        k--;
      }
      if (k > 0) return 0; // fewer characters left than tokens: runs out
      // `**` resumes only at its start, after a '/', or at the very end.
      if (recursive && c != p && c != n && <u32>load<u8>(s + <usize>(c - 1)) != CH_SLASH) return 0;
      return trySegment(segStart, segEnd, s, n, c) == n ? 1 : 0;
    }

    // Middle segment: commit to the first candidate where it matches.
    // When the segment starts with an ASCII literal, a `*` can skip every
    // candidate whose first byte differs: each of those would be a mismatch
    // on the first token (an ASCII byte is always a whole character).
    const first = load<u32>(segStart);
    const asciiLead: i32 = !recursive && first >>> 24 == K_CHAR && (first & PAYLOAD_MASK) < 0x80 ? <i32>(first & PAYLOAD_MASK) : -1;
    let c = p;
    while (true) {
      if (asciiLead >= 0) {
        const from = c;
        while (c < n && <i32>load<u8>(s + <usize>c) != asciiLead) c++;
        steps += <u64>(c - from);
      }
      steps++;
      const r = trySegment(segStart, segEnd, s, n, c);
      if (r >= 0) {
        p = r;
        break;
      }
      if (r == SEG_RUNOUT) return 0;
      if (c >= n) return 0; // unreachable: at n a non-empty segment runs out
      if (recursive) {
        // next candidate: right after the next '/', else the end
        let q = c;
        while (q < n && <u32>load<u8>(s + <usize>q) != CH_SLASH) q++;
        c = q < n ? q + 1 : n;
      } else {
        c += <i32>seqLen(<u32>load<u8>(s + <usize>c));
      }
    }
    t = segEnd;
  }
  return 0;
}
