/**
 * Literal token text → values, by cel-parser 0.10.1's rules (parse.rs /
 * parser.rs), quirks included.
 */
import { fault } from './fault.js';
import { I64_MAX, parseI64, parseU64, U64_MAX, UTF8 } from './rust.js';
import { CelUint } from './values.js';

function codePointChar(cp: number): string {
  if (cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) fault(`invalid unicode escape ${cp.toString(16)}`);
  return String.fromCodePoint(cp);
}

const SIMPLE_ESCAPES = new Map([
  ['a', '\u0007'],
  ['b', '\b'],
  ['v', '\v'],
  ['f', '\f'],
  ['n', '\n'],
  ['r', '\r'],
  ['t', '\t'],
  ['\\', '\\'],
  ['?', '?'],
  ['`', '`'],
]);

/**
 * cel-parser `parse_string`: a quote-toggling unescaper (quirks included).
 * Every `'` / `"` outside the other kind of quote toggles "in quotes", and
 * text outside quotes is an error. An escaped quote keeps its backslash
 * inside the other kind of quote. Raw strings (`r'…'`) keep every other
 * escape verbatim; cooked ones decode it and must end in quotes.
 */
export function unquoteString(text: string): string {
  const chars = Array.from(text);
  const raw = chars[0] === 'r' || chars[0] === 'R';
  let inSingle = false;
  let inDouble = false;
  let out = '';
  for (let i = raw ? 1 : 0; i < chars.length; ) {
    const c = chars[i++] as string;
    const inQuotes = inSingle || inDouble;
    if (c === '\\' && inQuotes) {
      const c2 = chars[i++];
      if (c2 === "'" || c2 === '"') {
        if (c2 === "'" ? inDouble : inSingle) out += c;
        out += c2;
      } else if (raw) {
        out += c + (c2 ?? '');
      } else if (c2 === undefined) {
        fault('invalid string literal: dangling escape');
      } else if (SIMPLE_ESCAPES.has(c2)) {
        out += SIMPLE_ESCAPES.get(c2) as string;
      } else if (c2 === 'x' || c2 === 'u' || c2 === 'U') {
        const n = c2 === 'x' ? 2 : c2 === 'u' ? 4 : 8;
        const digits = chars.slice(i, i + n).join('');
        i += n;
        if (!/^\+?[0-9a-fA-F]+$/.test(digits)) fault('invalid string literal: bad hex escape');
        out += codePointChar(parseInt(digits, 16));
      } else if (c2 >= '0' && c2 <= '3') {
        const digits = c2 + chars.slice(i, i + 2).join('');
        i += 2;
        if (!/^[0-7]{3}$/.test(digits)) fault('invalid string literal: bad octal escape');
        out += codePointChar(parseInt(digits, 8));
      } else {
        fault(`invalid string literal: invalid escape \\${c2}`);
      }
    } else if (c === "'") {
      if (inDouble) out += c;
      else inSingle = !inSingle;
    } else if (c === '"') {
      if (inSingle) out += c;
      else inDouble = !inDouble;
    } else if (!inQuotes) {
      fault('invalid string literal: missing opening quote');
    } else {
      out += c;
    }
  }
  if (!raw && (inSingle || inDouble)) fault('invalid string literal: missing closing quote');
  return out;
}

/** cel-parser `parse_bytes` on the token text minus its first two and last characters. */
export function unquoteBytes(token: string): Uint8Array {
  const chars = Array.from(token.slice(2, -1));
  const out: number[] = [];
  for (let i = 0; i < chars.length; ) {
    const c = chars[i++] as string;
    if (c !== '\\') {
      for (const b of UTF8.encode(c)) out.push(b);
      continue;
    }
    const c2 = chars[i++];
    if (c2 === 'x') {
      const digits = chars.slice(i, i + 2).join('');
      i += 2;
      // u8::from_str_radix accepts a leading '+'.
      if (!/^[+0-9a-fA-F][0-9a-fA-F]$/.test(digits)) fault('invalid bytes literal: bad hex escape');
      out.push(parseInt(digits, 16));
    } else if (c2 !== undefined && c2 >= '0' && c2 <= '3') {
      const digits = c2 + chars.slice(i, i + 2).join('');
      i += 2;
      if (!/^[0-7]{3}$/.test(digits)) fault('invalid bytes literal: bad octal escape');
      out.push(parseInt(digits, 8));
    } else {
      fault(`invalid bytes literal: invalid escape \\${c2 ?? ''}`);
    }
  }
  return Uint8Array.from(out);
}

/** Hex (`0x…`, up to `max`) or decimal (`fromStr`) integer digits. */
function integerDigits(digits: string, max: bigint, fromStr: (text: string) => bigint | undefined): bigint | undefined {
  if (!digits.startsWith('0x')) return fromStr(digits);
  const v = BigInt(digits);
  return v > max ? undefined : v;
}

/** An INT token, with the `-` of a directly preceding minus already prepended. */
export function intLiteral(text: string): bigint {
  const v = integerDigits(text, I64_MAX, parseI64);
  if (v === undefined) fault(`invalid int literal ${text}`);
  return v;
}

/** A UINT token (digits and the `u`/`U` suffix). */
export function uintLiteral(text: string): CelUint {
  const v = integerDigits(text.slice(0, -1), U64_MAX, parseU64);
  if (v === undefined) fault(`invalid uint literal ${text}`);
  return new CelUint(v);
}
