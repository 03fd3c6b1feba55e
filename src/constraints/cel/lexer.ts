/**
 * Lexer: the tokens of CEL.g4 as cel-parser 0.10.1's ANTLR lexer produces
 * them (longest match; string/bytes prefixes r, b, br win over identifiers).
 */
import { fault } from './fault.js';
import { isDigit } from './rust.js';

type TokKind = 'int' | 'uint' | 'float' | 'string' | 'bytes' | 'ident' | 'escident' | 'true' | 'false' | 'null' | 'in' | 'op' | 'eof';

export interface Token {
  kind: TokKind;
  text: string;
  pos: number;
}

const isHex = (c: string | undefined) => c !== undefined && /^[0-9a-fA-F]$/.test(c);
const isIdentStart = (c: string | undefined) => c !== undefined && /^[A-Za-z_]$/.test(c);
const isIdentPart = (c: string | undefined) => c !== undefined && /^[A-Za-z0-9_]$/.test(c);
const TWO_CHAR_OPS = new Set(['==', '!=', '<=', '>=', '&&', '||']);
const ONE_CHAR_OPS = new Set(['<', '>', '[', ']', '{', '}', '(', ')', '.', ',', '-', '!', '?', ':', '+', '*', '/', '%']);
const KEYWORDS = new Map<string, TokKind>([
  ['true', 'true'],
  ['false', 'false'],
  ['null', 'null'],
  ['in', 'in'],
]);

/** Length of the escape sequence (ESC_SEQ) at `k`, or 0 when there is none. */
function escapeLength(s: string, k: number): number {
  const c = s[k + 1];
  if (c === undefined) return 0;
  if ('abfnrtv"\'\\?`'.includes(c)) return 2;
  if (c >= '0' && c <= '3' && /^[0-7]{2}$/.test(s.slice(k + 2, k + 4))) return 4;
  if ((c === 'x' || c === 'X') && isHex(s[k + 2]) && isHex(s[k + 3])) return 4;
  if (c === 'u' && /^[0-9a-fA-F]{4}$/.test(s.slice(k + 2, k + 6))) return 6;
  if (c === 'U' && /^[0-9a-fA-F]{8}$/.test(s.slice(k + 2, k + 10))) return 10;
  return 0;
}

/** End (exclusive) of the STRING token whose opening quote is at `j`, or -1. */
function stringTokenEnd(s: string, j: number, raw: boolean): number {
  const q = s[j] as string;
  if (s[j + 1] === q && s[j + 2] === q) {
    // Triple-quoted: shortest match up to the next triple quote.
    for (let k = j + 3; k < s.length; ) {
      if (s[k] === q && s[k + 1] === q && s[k + 2] === q) return k + 3;
      if (!raw && s[k] === '\\') {
        const n = escapeLength(s, k);
        if (n === 0) break;
        k += n;
      } else {
        k++;
      }
    }
    // No triple-quoted token: the longest match is the empty string `''`.
    return j + 2;
  }
  for (let k = j + 1; k < s.length; ) {
    const c = s[k];
    if (c === q) return k + 1;
    if (c === '\n' || c === '\r') return -1;
    if (!raw && c === '\\') {
      const n = escapeLength(s, k);
      if (n === 0) return -1;
      k += n;
    } else {
      k++;
    }
  }
  return -1;
}

export function lex(s: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < s.length) {
    const c = s[i] as string;
    if (c === ' ' || c === '\t' || c === '\r' || c === '\n' || c === '\f') {
      i++;
      continue;
    }
    if (c === '/' && s[i + 1] === '/') {
      while (i < s.length && s[i] !== '\n') i++;
      continue;
    }
    const start = i;
    // String and bytes literals (longest match wins over the identifiers r, b, br).
    const quoteAt = (k: number) => s[k] === '"' || s[k] === "'";
    let strStart = -1;
    let raw = false;
    let bytes = false;
    if (quoteAt(i)) strStart = i;
    else if ((c === 'r' || c === 'R') && quoteAt(i + 1)) [strStart, raw] = [i + 1, true];
    else if ((c === 'b' || c === 'B') && quoteAt(i + 1)) [strStart, bytes] = [i + 1, true];
    else if ((c === 'b' || c === 'B') && (s[i + 1] === 'r' || s[i + 1] === 'R') && quoteAt(i + 2)) [strStart, raw, bytes] = [i + 2, true, true];
    if (strStart >= 0) {
      const end = stringTokenEnd(s, strStart, raw);
      if (end < 0) fault(`unterminated or invalid string literal at ${start}`);
      out.push({ kind: bytes ? 'bytes' : 'string', text: s.slice(start, end), pos: start });
      i = end;
      continue;
    }
    if (isDigit(c) || (c === '.' && isDigit(s[i + 1]))) {
      let j = i;
      let kind: TokKind = 'int';
      if (c === '0' && s[i + 1] === 'x' && isHex(s[i + 2])) {
        j = i + 2;
        while (isHex(s[j])) j++;
      } else {
        while (isDigit(s[j])) j++;
        if (s[j] === '.' && isDigit(s[j + 1])) {
          j++;
          while (isDigit(s[j])) j++;
          kind = 'float';
        }
        if (s[j] === 'e' || s[j] === 'E') {
          let k = j + 1;
          if (s[k] === '+' || s[k] === '-') k++;
          if (isDigit(s[k])) {
            while (isDigit(s[k])) k++;
            j = k;
            kind = 'float';
          }
        }
      }
      if (kind === 'int' && (s[j] === 'u' || s[j] === 'U')) {
        kind = 'uint';
        j++;
      }
      out.push({ kind, text: s.slice(i, j), pos: start });
      i = j;
      continue;
    }
    if (isIdentStart(c)) {
      let j = i + 1;
      while (isIdentPart(s[j])) j++;
      const text = s.slice(i, j);
      out.push({ kind: KEYWORDS.get(text) ?? 'ident', text, pos: start });
      i = j;
      continue;
    }
    if (c === '`') {
      let j = i + 1;
      while (j < s.length && /^[A-Za-z0-9_./ -]$/.test(s[j] as string)) j++;
      if (s[j] !== '`' || j === i + 1) fault(`invalid escaped identifier at ${start}`);
      out.push({ kind: 'escident', text: s.slice(i, j + 1), pos: start });
      i = j + 1;
      continue;
    }
    const two = s.slice(i, i + 2);
    if (TWO_CHAR_OPS.has(two)) {
      out.push({ kind: 'op', text: two, pos: start });
      i += 2;
      continue;
    }
    if (ONE_CHAR_OPS.has(c)) {
      out.push({ kind: 'op', text: c, pos: start });
      i++;
      continue;
    }
    fault(`token recognition error at ${start}`);
  }
  out.push({ kind: 'eof', text: '', pos: s.length });
  return out;
}
