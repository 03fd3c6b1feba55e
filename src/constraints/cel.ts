/**
 * Cel (wire type 15): CEL expression constraints, evaluated with the dialect
 * of the reference (tenuo-core/src/cel.rs on cel-interpreter 0.10.0 +
 * cel-parser 0.10.1, chrono 0.4.45, nom 7.1.3).
 *
 * FEATURE NOTE. In the reference's DEFAULT build the `cel` cargo feature is
 * off and every Cel constraint fails with FeatureNotEnabled (1504, deny); the
 * Python wheel and tenuo-wasm build it on. tenuo-ts always evaluates CEL, as
 * the Python wheel / tenuo-wasm do.
 *
 * DIALECT. cel-interpreter 0.10.0 is not standard CEL, and @bufbuild/cel's
 * evaluator follows the standard, so the two disagree on allow/deny for plain
 * expressions (error absorption in `||`, `'a' in 'abc'`, out-of-range index →
 * null, truthy `&&`/`||`/`!`, string size in bytes, `!!x` parsed as `!x`, …).
 * This module therefore carries its own lexer/parser (CEL.g4 as cel-parser
 * 0.10.1 builds its AST, quirks included) and a tree-walking evaluator with
 * cel-interpreter 0.10.0's semantics. @bufbuild/cel is used for `matches`
 * only (its linear-time RE2 engine). The semantics reproduced, in short:
 *
 * - Bindings: an object argument binds each key as a variable; any other
 *   argument binds `value`. The result must be a bool.
 * - `a || b` returns `a` itself when truthy, else `b` itself; `a && b` is
 *   `bool(a) && bool(b)`; `!x` and `c ? x : y` use truthiness (empty/zero/null
 *   are false). Errors are never absorbed: operands run left to right and the
 *   first error is the result.
 * - Heterogeneous numeric `==`/`<` across int, uint and double; no mixed
 *   arithmetic (`1 + 1.0` is an error); checked i64/u64 arithmetic.
 * - `x[i]` out of range and missing map keys give null; `s[i]` is the ASCII
 *   character at UTF-8 byte i (else null); `'b' in 'abc'` is substring search;
 *   `size('é') == 2` (UTF-8 bytes); strings order by code point.
 * - Every function is callable as a method or a global (`size(x)`,
 *   `x.size()`); extra arguments are ignored. Defaults: contains, size, max,
 *   min, startsWith, endsWith, string, bytes, double, int, uint, matches,
 *   duration, timestamp, getFullYear, getMonth, getDayOfYear, getDayOfMonth,
 *   getDate, getDayOfWeek, getHours, getMinutes, getSeconds, getMilliseconds;
 *   macros has, all, exists, exists_one/existsOne, map (2 and 3 args), filter.
 *   Tenuo's extras take positional arguments only: time_now(_) → RFC 3339
 *   string (`+00:00` offset), time_is_expired(rfc3339) → bool,
 *   time_since(rfc3339) → int seconds (negative in the future; 0 when not a
 *   parsable string), net_in_cidr(ip, cidr) → bool, net_is_private(ip) → bool.
 *
 * Known residual differences: `matches` uses RE2 syntax and ASCII `\d \w \s
 * \b` (Rust regex: Unicode classes, `&&` class operations); timestamps with
 * second `60` are the following second; `time_now` has millisecond
 * precision; map iteration follows insertion order (Rust: hash order).
 *
 * LIMITS (a hostile expression cannot hang the verifier): expressions longer
 * than CEL_MAX_EXPRESSION_BYTES, nested deeper than CEL_MAX_NESTING or with an
 * AST deeper than CEL_MAX_AST_DEPTH do not compile; evaluation is metered
 * (one step per node and per comprehension iteration, plus charges
 * proportional to the size of copied/scanned strings and lists and to
 * regex work) and fails past CEL_DEFAULT_MAX_STEPS. Every failure is a
 * TenuoError (deny); nothing is retried.
 */
import { celEnv, isCelError, parse as parseWithBufbuild, plan as planWithBufbuild } from '@bufbuild/cel';
import { ErrorCode, TenuoError } from '../errors.js';
import { type ConstraintValue, FloatValue, integerOf, kindOf } from '../model/value.js';
import type { Constraint } from './base.js';
import { networkContains, parseIpAddress, parseIpNetwork } from './ip.js';
import { Cel, Wildcard } from './types.js';

// ---------------------------------------------------------------------------
// Limits and options
// ---------------------------------------------------------------------------

/** Longest expression accepted, in UTF-8 bytes. */
export const CEL_MAX_EXPRESSION_BYTES = 8192;
/** Deepest bracket/argument nesting accepted by the parser. */
export const CEL_MAX_NESTING = 128;
/** Deepest syntax tree accepted (bounds evaluator recursion). */
export const CEL_MAX_AST_DEPTH = 256;
/** Default evaluation budget (steps; see the module comment). */
export const CEL_DEFAULT_MAX_STEPS = 1_000_000;
/** Compiled programs kept (LRU). */
export const CEL_CACHE_CAPACITY = 256;

export interface CelEvalOptions {
  /** Clock for time_now / time_is_expired / time_since (default: the system clock). */
  now?: Date | number;
  /** Evaluation budget in steps (default CEL_DEFAULT_MAX_STEPS). */
  maxSteps?: number;
  /** When given, `steps` is set to the steps the evaluation consumed. */
  stats?: { steps: number };
}

// ---------------------------------------------------------------------------
// Runtime values
// ---------------------------------------------------------------------------

/** cel-interpreter `Value::UInt`. */
class CelUint {
  constructor(readonly v: bigint) {}
}

/** cel-interpreter `Value::Duration` (chrono TimeDelta), in nanoseconds. */
class CelDuration {
  constructor(readonly ns: bigint) {}
}

/** cel-interpreter `Value::Timestamp` (chrono DateTime<FixedOffset>). */
class CelTimestamp {
  /** `ns`: UTC nanoseconds since the epoch; `offset`: seconds east of UTC. */
  constructor(
    readonly ns: bigint,
    readonly offset: number,
  ) {}
}

/** cel-interpreter `Value::Function` (a member access naming a function). */
class CelFunctionValue {
  constructor(
    readonly name: string,
    readonly target: CelVal,
  ) {}
}

type MapKey = bigint | CelUint | boolean | string;

/** cel-interpreter `Value::Map` (keys Int, UInt, Bool or String). */
class CelMap {
  constructor(readonly entries: Map<string, readonly [MapKey, CelVal]>) {}
  get size(): number {
    return this.entries.size;
  }
}

type CelVal = null | boolean | bigint | number | string | Uint8Array | readonly CelVal[] | CelMap | CelUint | CelDuration | CelTimestamp | CelFunctionValue;

const I64_MIN = -(2n ** 63n);
const I64_MAX = 2n ** 63n - 1n;
const U64_MAX = 2n ** 64n - 1n;
const NS_PER_SEC = 1_000_000_000n;
/** chrono TimeDelta bounds: ±i64::MAX milliseconds. */
const DURATION_MAX_NS = I64_MAX * 1_000_000n;

/** Internal evaluation/compilation failure; surfaced as TenuoError 1501. */
class CelFault extends Error {}

function fault(message: string): never {
  throw new CelFault(message);
}

function typeName(v: CelVal): string {
  if (v === null) return 'null';
  switch (typeof v) {
    case 'boolean':
      return 'bool';
    case 'bigint':
      return 'int';
    case 'number':
      return 'float';
    case 'string':
      return 'string';
  }
  if (v instanceof Uint8Array) return 'bytes';
  if (Array.isArray(v)) return 'list';
  if (v instanceof CelMap) return 'map';
  if (v instanceof CelUint) return 'uint';
  if (v instanceof CelDuration) return 'duration';
  if (v instanceof CelTimestamp) return 'timestamp';
  return 'function';
}

function isList(v: CelVal): v is readonly CelVal[] {
  return Array.isArray(v);
}

function keyId(k: MapKey): string {
  if (typeof k === 'bigint') return `i${k}`;
  if (k instanceof CelUint) return `u${k.v}`;
  if (typeof k === 'boolean') return `b${k}`;
  return `s${k}`;
}

/** `TryInto<Key> for Value`. */
function asKey(v: CelVal): MapKey | undefined {
  if (typeof v === 'bigint' || typeof v === 'boolean' || typeof v === 'string' || v instanceof CelUint) return v;
  return undefined;
}

/** `Key`'s Display (used by `has()`). */
function keyText(k: MapKey): string {
  if (k instanceof CelUint) return k.v.toString();
  return String(k);
}

/** `Map::get`: exact key, then the int/uint twin. */
function mapGet(m: CelMap, k: MapKey): CelVal | undefined {
  const hit = m.entries.get(keyId(k));
  if (hit) return hit[1];
  if (typeof k === 'bigint' && k >= 0n) return m.entries.get(`u${k}`)?.[1];
  if (k instanceof CelUint && k.v <= I64_MAX) return m.entries.get(`i${k.v}`)?.[1];
  return undefined;
}

// ---------------------------------------------------------------------------
// Lexer (CEL.g4 tokens)
// ---------------------------------------------------------------------------

type TokKind = 'int' | 'uint' | 'float' | 'string' | 'bytes' | 'ident' | 'escident' | 'true' | 'false' | 'null' | 'in' | 'op' | 'eof';

interface Token {
  kind: TokKind;
  text: string;
  pos: number;
}

const isDigit = (c: string | undefined) => c !== undefined && c >= '0' && c <= '9';
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

function lex(s: string): Token[] {
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

// ---------------------------------------------------------------------------
// Literal text → values (cel-parser 0.10.1 parse.rs / parser.rs rules)
// ---------------------------------------------------------------------------

function codePointChar(cp: number): string {
  if (cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) fault(`invalid unicode escape ${cp.toString(16)}`);
  return String.fromCodePoint(cp);
}

/** cel-parser `parse_string`: a quote-toggling unescaper (quirks included). */
function unquoteString(text: string): string {
  const chars = Array.from(text);
  const first = chars[0];
  let i = 1;
  let out = '';
  if (first === 'r' || first === 'R') {
    let inSingle = false;
    let inDouble = false;
    while (i < chars.length) {
      const c = chars[i++] as string;
      const inQuotes = inSingle || inDouble;
      if (c === '\\' && inQuotes) {
        const c2 = chars[i++];
        if (c2 === undefined) {
          out += c;
          continue;
        }
        if (c2 === '"') {
          if (inSingle) out += c;
        } else if (c2 === "'") {
          if (inDouble) out += c;
        } else {
          out += c;
        }
        out += c2;
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
    return out;
  }
  if (first !== "'" && first !== '"') fault('invalid string literal: missing opening quote');
  let inSingle = first === "'";
  let inDouble = first === '"';
  while (i < chars.length) {
    const c = chars[i++] as string;
    const inQuotes = inSingle || inDouble;
    if (c === '\\' && inQuotes) {
      const c2 = chars[i++];
      if (c2 === undefined) fault('invalid string literal: dangling escape');
      let pushBackslash = false;
      let value: string;
      switch (c2) {
        case 'a':
          value = '\u0007';
          break;
        case 'b':
          value = '\b';
          break;
        case 'v':
          value = '\v';
          break;
        case 'f':
          value = '\f';
          break;
        case 'n':
          value = '\n';
          break;
        case 'r':
          value = '\r';
          break;
        case 't':
          value = '\t';
          break;
        case '\\':
        case '?':
        case '`':
          value = c2;
          break;
        case "'":
          pushBackslash = inDouble;
          value = c2;
          break;
        case '"':
          pushBackslash = inSingle;
          value = c2;
          break;
        case 'x':
        case 'u':
        case 'U': {
          const n = c2 === 'x' ? 2 : c2 === 'u' ? 4 : 8;
          const digits = chars.slice(i, i + n).join('');
          i += n;
          if (!/^\+?[0-9a-fA-F]+$/.test(digits)) fault('invalid string literal: bad hex escape');
          value = codePointChar(parseInt(digits, 16));
          break;
        }
        default: {
          if (c2 >= '0' && c2 <= '3') {
            const digits = c2 + chars.slice(i, i + 2).join('');
            i += 2;
            if (!/^[0-7]{3}$/.test(digits)) fault('invalid string literal: bad octal escape');
            value = codePointChar(parseInt(digits, 8));
            break;
          }
          fault(`invalid string literal: invalid escape \\${c2}`);
        }
      }
      if (pushBackslash) out += c;
      out += value;
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
  if (inSingle || inDouble) fault('invalid string literal: missing closing quote');
  return out;
}

const UTF8 = new TextEncoder();

/** cel-parser `parse_bytes` on the token text minus its first two and last characters. */
function unquoteBytes(token: string): Uint8Array {
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

/** Rust `i64::from_str` (optional sign, decimal digits). */
function parseI64(text: string): bigint | undefined {
  if (!/^[+-]?[0-9]+$/.test(text)) return undefined;
  const v = BigInt(text);
  return v < I64_MIN || v > I64_MAX ? undefined : v;
}

/** Rust `u64::from_str` (optional '+', decimal digits). */
function parseU64(text: string): bigint | undefined {
  if (!/^\+?[0-9]+$/.test(text)) return undefined;
  const v = BigInt(text);
  return v > U64_MAX ? undefined : v;
}

/** Rust `f64::from_str`. */
function parseRustF64(text: string): number | undefined {
  if (!/^[+-]?(?:inf|infinity|nan|(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:e[+-]?[0-9]+)?)$/i.test(text)) return undefined;
  const negative = text.startsWith('-');
  const body = text.replace(/^[+-]/, '').toLowerCase();
  if (body === 'inf' || body === 'infinity') return negative ? -Infinity : Infinity;
  if (body === 'nan') return NaN;
  return Number(text);
}

/** Rust `{}` Display of f64: shortest round-trip digits, never an exponent. */
function rustFloatString(x: number): string {
  if (Number.isNaN(x)) return 'NaN';
  if (x === Infinity) return 'inf';
  if (x === -Infinity) return '-inf';
  if (x === 0) return Object.is(x, -0) ? '-0' : '0';
  const m = /^(\d+)(?:\.(\d+))?(?:e([+-]\d+))?$/.exec(String(Math.abs(x))) as RegExpExecArray;
  const frac = m[2] ?? '';
  // value = digits × 10^exp
  let digits = ((m[1] as string) + frac).replace(/^0+/, '');
  let exp = Number(m[3] ?? 0) - frac.length;
  const trimmed = digits.replace(/0+$/, '');
  exp += digits.length - trimmed.length;
  digits = trimmed;
  const point = digits.length + exp;
  let out: string;
  if (point <= 0) out = `0.${'0'.repeat(-point)}${digits}`;
  else if (point >= digits.length) out = digits + '0'.repeat(point - digits.length);
  else out = `${digits.slice(0, point)}.${digits.slice(point)}`;
  return (x < 0 ? '-' : '') + out;
}

// ---------------------------------------------------------------------------
// Parser (CEL.g4 as cel-parser 0.10.1 visits it)
// ---------------------------------------------------------------------------

type BinOp = '+' | '-' | '*' | '/' | '%' | '==' | '!=' | '<' | '<=' | '>' | '>=' | 'in' | 'index';
type MacroKind = 'all' | 'exists' | 'exists_one' | 'map' | 'filter';

type Node =
  | { k: 'lit'; v: CelVal }
  | { k: 'ident'; name: string }
  | { k: 'select'; operand: Node; field: string; test: boolean }
  | { k: 'call'; name: string; target: Node | undefined; args: Node[] }
  | { k: 'or'; terms: Node[] }
  | { k: 'and'; terms: Node[] }
  | { k: 'cond'; c: Node; t: Node; f: Node }
  | { k: 'not'; arg: Node }
  | { k: 'neg'; arg: Node }
  | { k: 'bin'; op: BinOp; l: Node; r: Node }
  | { k: 'list'; elems: Node[] }
  | { k: 'map'; entries: Array<readonly [Node, Node]> }
  | { k: 'struct'; name: string }
  | { k: 'compr'; macro: MacroKind; range: Node; v: string; a: Node; b: Node | undefined };

const REL_OPS = new Set(['<', '<=', '>=', '>', '==', '!=']);

class Parser {
  private pos = 0;
  private depth = 0;
  constructor(private readonly toks: Token[]) {}

  parse(): Node {
    const e = this.expr();
    if (this.peek().kind !== 'eof') this.unexpected();
    return e;
  }

  private peek(offset = 0): Token {
    return this.toks[Math.min(this.pos + offset, this.toks.length - 1)] as Token;
  }

  private next(): Token {
    const t = this.peek();
    if (t.kind !== 'eof') this.pos++;
    return t;
  }

  private isOp(t: Token, text: string): boolean {
    return t.kind === 'op' && t.text === text;
  }

  private expectOp(text: string): void {
    if (!this.isOp(this.peek(), text)) this.unexpected(`'${text}'`);
    this.pos++;
  }

  private unexpected(wanted?: string): never {
    const t = this.peek();
    const found = t.kind === 'eof' ? 'end of input' : `'${t.text}'`;
    fault(`syntax error at ${t.pos}: unexpected ${found}${wanted ? `, wanted ${wanted}` : ''}`);
  }

  private expr(): Node {
    if (++this.depth > CEL_MAX_NESTING) fault(`expression nested deeper than ${CEL_MAX_NESTING}`);
    const c = this.or();
    let result = c;
    if (this.isOp(this.peek(), '?')) {
      this.pos++;
      const t = this.or();
      this.expectOp(':');
      const f = this.expr();
      result = { k: 'cond', c, t, f };
    }
    this.depth--;
    return result;
  }

  private or(): Node {
    const terms = [this.and()];
    while (this.isOp(this.peek(), '||')) {
      this.pos++;
      terms.push(this.and());
    }
    return terms.length === 1 ? (terms[0] as Node) : { k: 'or', terms };
  }

  private and(): Node {
    const terms = [this.relation()];
    while (this.isOp(this.peek(), '&&')) {
      this.pos++;
      terms.push(this.relation());
    }
    return terms.length === 1 ? (terms[0] as Node) : { k: 'and', terms };
  }

  private relation(): Node {
    let l = this.additive();
    for (;;) {
      const t = this.peek();
      let op: BinOp;
      if (t.kind === 'in') op = 'in';
      else if (t.kind === 'op' && REL_OPS.has(t.text)) op = t.text as BinOp;
      else return l;
      this.pos++;
      l = { k: 'bin', op, l, r: this.additive() };
    }
  }

  private additive(): Node {
    let l = this.multiplicative();
    while (this.isOp(this.peek(), '+') || this.isOp(this.peek(), '-')) {
      const op = this.next().text as BinOp;
      l = { k: 'bin', op, l, r: this.multiplicative() };
    }
    return l;
  }

  private multiplicative(): Node {
    let l = this.unary();
    while (this.isOp(this.peek(), '*') || this.isOp(this.peek(), '/') || this.isOp(this.peek(), '%')) {
      const op = this.next().text as BinOp;
      l = { k: 'bin', op, l, r: this.unary() };
    }
    return l;
  }

  /**
   * `(ops+='!')+ member` / `(ops+='-')+ member`. cel-parser 0.10.1 builds ONE
   * negation whatever the number of operators (`!!x` is `!x`, `--x` is `-x`).
   * `-` directly before a number literal is the literal's sign (the MemberExpr
   * alternative wins the ambiguity); a run of `-` is consumed greedily.
   */
  private unary(): Node {
    const t = this.peek();
    if (this.isOp(t, '!')) {
      while (this.isOp(this.peek(), '!')) this.pos++;
      return { k: 'not', arg: this.member() };
    }
    if (this.isOp(t, '-')) {
      const n = this.peek(1).kind;
      if (n === 'int' || n === 'float') return this.member();
      while (this.isOp(this.peek(), '-')) this.pos++;
      return { k: 'neg', arg: this.member() };
    }
    return this.member();
  }

  private member(): Node {
    let e = this.primary();
    for (;;) {
      const t = this.peek();
      if (this.isOp(t, '.')) {
        this.pos++;
        if (this.isOp(this.peek(), '?')) fault("unsupported syntax '.?'");
        const id = this.peek();
        if (id.kind === 'ident' && this.isOp(this.peek(1), '(')) {
          this.pos += 2;
          e = this.receiverCall(id.text, e, this.args());
        } else if (id.kind === 'ident' || id.kind === 'escident') {
          this.pos++;
          e = { k: 'select', operand: e, field: id.text, test: false };
        } else {
          this.unexpected('a field name');
        }
      } else if (this.isOp(t, '[')) {
        this.pos++;
        if (this.isOp(this.peek(), '?')) fault("unsupported syntax '[?'");
        const index = this.expr();
        this.expectOp(']');
        e = { k: 'bin', op: 'index', l: e, r: index };
      } else {
        return e;
      }
    }
  }

  /** Arguments after an opening `(`, through the closing `)`. */
  private args(): Node[] {
    if (this.isOp(this.peek(), ')')) {
      this.pos++;
      return [];
    }
    const out = [this.expr()];
    while (this.isOp(this.peek(), ',')) {
      this.pos++;
      out.push(this.expr());
    }
    this.expectOp(')');
    return out;
  }

  private optExpr(): Node {
    if (this.isOp(this.peek(), '?')) fault("unsupported syntax '?'");
    return this.expr();
  }

  /** `[elems?, ','?]` / `{entries?, ','?}` bodies after the opening bracket. */
  private initializer<T>(close: string, item: () => T): T[] {
    const out: T[] = [];
    if (this.isOp(this.peek(), close)) {
      this.pos++;
      return out;
    }
    if (this.isOp(this.peek(), ',')) {
      this.pos++;
      this.expectOp(close);
      return out;
    }
    out.push(item());
    while (this.isOp(this.peek(), ',')) {
      this.pos++;
      if (this.isOp(this.peek(), close)) break;
      out.push(item());
    }
    this.expectOp(close);
    return out;
  }

  private primary(): Node {
    let t = this.peek();
    let leadingDot = false;
    if (this.isOp(t, '.') && this.peek(1).kind === 'ident') {
      leadingDot = true;
      this.pos++;
      t = this.peek();
    }
    if (t.kind === 'ident') {
      if (this.isOp(this.peek(1), '(')) {
        this.pos += 2;
        return this.globalCall((leadingDot ? '.' : '') + t.text, this.args());
      }
      let j = 1;
      while (this.isOp(this.peek(j), '.') && this.peek(j + 1).kind === 'ident') j += 2;
      if (this.isOp(this.peek(j), '{')) {
        const names: string[] = [];
        for (let n = 0; n < j; n += 2) names.push(this.peek(n).text);
        this.pos += j + 1;
        this.initializer('}', () => {
          if (this.isOp(this.peek(), '?')) fault("unsupported syntax '?'");
          const f = this.next();
          if (f.kind !== 'ident' && f.kind !== 'escident') this.unexpected('a field name');
          this.expectOp(':');
          return this.expr();
        });
        return { k: 'struct', name: (leadingDot ? '.' : '') + names.join('.') };
      }
      this.pos++;
      return { k: 'ident', name: t.text };
    }
    if (leadingDot) this.unexpected('an identifier');
    if (this.isOp(t, '(')) {
      this.pos++;
      const e = this.expr();
      this.expectOp(')');
      return e;
    }
    if (this.isOp(t, '[')) {
      this.pos++;
      return { k: 'list', elems: this.initializer(']', () => this.optExpr()) };
    }
    if (this.isOp(t, '{')) {
      this.pos++;
      const entries = this.initializer('}', () => {
        const key = this.optExpr();
        this.expectOp(':');
        return [key, this.expr()] as const;
      });
      return { k: 'map', entries };
    }
    let sign = '';
    if (this.isOp(t, '-') && (this.peek(1).kind === 'int' || this.peek(1).kind === 'float')) {
      sign = '-';
      this.pos++;
      t = this.peek();
    }
    this.pos++;
    switch (t.kind) {
      case 'int':
        return { k: 'lit', v: intLiteral(sign + t.text) };
      case 'float': {
        const v = parseRustF64(sign + t.text);
        if (v === undefined || !Number.isFinite(v)) fault(`invalid double literal ${sign}${t.text}`);
        return { k: 'lit', v };
      }
      case 'uint':
        return { k: 'lit', v: uintLiteral(t.text) };
      case 'string':
        return { k: 'lit', v: unquoteString(t.text) };
      case 'bytes':
        return { k: 'lit', v: unquoteBytes(t.text) };
      case 'true':
        return { k: 'lit', v: true };
      case 'false':
        return { k: 'lit', v: false };
      case 'null':
        return { k: 'lit', v: null };
    }
    this.pos--;
    this.unexpected();
  }

  private globalCall(name: string, args: Node[]): Node {
    if (name === 'has' && args.length === 1) {
      const arg = args[0] as Node;
      if (arg.k !== 'select') fault('invalid argument to has() macro');
      return { ...arg, test: true };
    }
    return { k: 'call', name, target: undefined, args };
  }

  private receiverCall(name: string, target: Node, args: Node[]): Node {
    let macro: MacroKind | undefined;
    if (args.length === 2 && (name === 'all' || name === 'exists' || name === 'filter' || name === 'map')) macro = name;
    else if (args.length === 2 && (name === 'exists_one' || name === 'existsOne')) macro = 'exists_one';
    else if (args.length === 3 && name === 'map') macro = 'map';
    if (macro === undefined) return { k: 'call', name, target, args };
    const v = args[0] as Node;
    if (v.k !== 'ident') fault('argument must be a simple name');
    // map(x, f) → a = f; map(x, p, f) → a = f, b = p; others → a = predicate.
    if (macro === 'map' && args.length === 3) return { k: 'compr', macro, range: target, v: v.name, a: args[2] as Node, b: args[1] as Node };
    return { k: 'compr', macro, range: target, v: v.name, a: args[1] as Node, b: undefined };
  }
}

function intLiteral(text: string): bigint {
  let v: bigint | undefined;
  if (text.startsWith('0x')) {
    const big = BigInt(text);
    v = big > I64_MAX ? undefined : big;
  } else {
    v = parseI64(text);
  }
  if (v === undefined) fault(`invalid int literal ${text}`);
  return v;
}

function uintLiteral(text: string): CelUint {
  const digits = text.slice(0, -1);
  let v: bigint | undefined;
  if (digits.startsWith('0x')) {
    const big = BigInt(digits);
    v = big > U64_MAX ? undefined : big;
  } else {
    v = parseU64(digits);
  }
  if (v === undefined) fault(`invalid uint literal ${text}`);
  return new CelUint(v);
}

function astDepth(n: Node): number {
  switch (n.k) {
    case 'lit':
    case 'ident':
    case 'struct':
      return 1;
    case 'select':
      return 1 + astDepth(n.operand);
    case 'call':
      return 1 + Math.max(n.target ? astDepth(n.target) : 0, ...n.args.map(astDepth));
    case 'or':
    case 'and':
      return 1 + Math.max(...n.terms.map(astDepth));
    case 'cond':
      return 1 + Math.max(astDepth(n.c), astDepth(n.t), astDepth(n.f));
    case 'not':
    case 'neg':
      return 1 + astDepth(n.arg);
    case 'bin':
      return 1 + Math.max(astDepth(n.l), astDepth(n.r));
    case 'list':
      return 1 + Math.max(0, ...n.elems.map(astDepth));
    case 'map':
      return 1 + Math.max(0, ...n.entries.map(([k, v]) => Math.max(astDepth(k), astDepth(v))));
    case 'compr':
      return 2 + Math.max(astDepth(n.range), astDepth(n.a), n.b ? astDepth(n.b) : 0);
  }
}

// ---------------------------------------------------------------------------
// Compilation cache
// ---------------------------------------------------------------------------

type Compiled = { ok: true; root: Node } | { ok: false; message: string };

const cache = new Map<string, Compiled>();

function utf8Length(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}

function hasLoneSurrogate(s: string): boolean {
  return /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(s);
}

function compileUncached(expression: string): Compiled {
  try {
    if (utf8Length(expression) > CEL_MAX_EXPRESSION_BYTES) fault(`expression longer than ${CEL_MAX_EXPRESSION_BYTES} bytes`);
    if (hasLoneSurrogate(expression)) fault('expression is not valid Unicode');
    const root = new Parser(lex(expression)).parse();
    if (astDepth(root) > CEL_MAX_AST_DEPTH) fault(`expression tree deeper than ${CEL_MAX_AST_DEPTH}`);
    return { ok: true, root };
  } catch (e) {
    if (e instanceof CelFault) return { ok: false, message: e.message };
    if (e instanceof RangeError) return { ok: false, message: 'expression too complex' };
    throw e;
  }
}

function compile(expression: string): Node {
  let entry = cache.get(expression);
  if (entry) {
    cache.delete(expression);
  } else {
    entry = compileUncached(expression);
    if (cache.size >= CEL_CACHE_CAPACITY) cache.delete(cache.keys().next().value as string);
  }
  cache.set(expression, entry);
  if (!entry.ok) throw new TenuoError(ErrorCode.ConstraintViolation, `CEL expression error: compilation failed: ${entry.message}`);
  return entry.root;
}

/** Compiles `expression` (cached), throwing TenuoError 1501 if it is not valid CEL. The reference's `CelConstraint::validate`. */
export function validateCelExpression(expression: string): void {
  compile(expression);
}

/** Empties the compiled-program cache. */
export function clearCelCache(): void {
  cache.clear();
}

/** Number of compiled programs (or compile failures) cached. */
export function celCacheSize(): number {
  return cache.size;
}

// ---------------------------------------------------------------------------
// Value semantics (cel-interpreter objects.rs)
// ---------------------------------------------------------------------------

class Scope {
  constructor(
    private readonly vars: Map<string, CelVal>,
    private readonly parent?: Scope,
  ) {}
  lookup(name: string): CelVal | undefined {
    const v = this.vars.get(name);
    if (v !== undefined) return v;
    return this.parent?.lookup(name);
  }
  set(name: string, value: CelVal): void {
    this.vars.set(name, value);
  }
}

class Machine {
  steps = 0;
  constructor(
    readonly maxSteps: number,
    private readonly clock: (() => bigint) | undefined,
  ) {}
  charge(n: number): void {
    this.steps += n;
    if (this.steps > this.maxSteps) fault(`evaluation budget of ${this.maxSteps} steps exceeded`);
  }
  /** Chargeable cost of touching `n` elements/characters. */
  chargeSize(n: number): void {
    if (n > 64) this.charge(Math.floor(n / 64));
  }
  nowNs(): bigint {
    return this.clock ? this.clock() : BigInt(Date.now()) * 1_000_000n;
  }
}

/** `Value::to_bool`. */
function truthy(v: CelVal): boolean {
  if (v === null) return false;
  switch (typeof v) {
    case 'boolean':
      return v;
    case 'bigint':
      return v !== 0n;
    case 'number':
      return v !== 0;
    case 'string':
      return v.length > 0;
  }
  if (v instanceof Uint8Array) return v.length > 0;
  if (isList(v)) return v.length > 0;
  if (v instanceof CelMap) return v.size > 0;
  if (v instanceof CelUint) return v.v !== 0n;
  if (v instanceof CelDuration) return v.ns >= I64_MIN && v.ns <= I64_MAX && v.ns !== 0n;
  if (v instanceof CelTimestamp) return v.ns <= I64_MAX && v.ns > 0n;
  return false;
}

/** `PartialEq for Value`. */
function equal(a: CelVal, b: CelVal, m: Machine): boolean {
  m.charge(1);
  if (typeof a === 'bigint') {
    if (typeof b === 'bigint') return a === b;
    if (b instanceof CelUint) return a >= 0n && a === b.v;
    if (typeof b === 'number') return Number(a) === b;
    return false;
  }
  if (a instanceof CelUint) {
    if (b instanceof CelUint) return a.v === b.v;
    if (typeof b === 'bigint') return b >= 0n && a.v === b;
    if (typeof b === 'number') return Number(a.v) === b;
    return false;
  }
  if (typeof a === 'number') {
    if (typeof b === 'number') return a === b;
    if (typeof b === 'bigint') return a === Number(b);
    if (b instanceof CelUint) return a === Number(b.v);
    return false;
  }
  if (a === null || typeof a === 'boolean' || typeof a === 'string') return a === b;
  if (a instanceof Uint8Array) {
    if (!(b instanceof Uint8Array) || a.length !== b.length) return false;
    m.chargeSize(a.length);
    return a.every((x, i) => x === b[i]);
  }
  if (isList(a)) {
    if (!isList(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!equal(a[i] as CelVal, b[i] as CelVal, m)) return false;
    return true;
  }
  if (a instanceof CelMap) {
    if (!(b instanceof CelMap) || a.size !== b.size) return false;
    for (const [id, [, va]] of a.entries) {
      const hit = b.entries.get(id);
      if (!hit || !equal(va, hit[1], m)) return false;
    }
    return true;
  }
  if (a instanceof CelDuration) return b instanceof CelDuration && a.ns === b.ns;
  if (a instanceof CelTimestamp) return b instanceof CelTimestamp && a.ns === b.ns;
  if (a instanceof CelFunctionValue) return b instanceof CelFunctionValue && a.name === b.name && equal(a.target, b.target, m);
  return false;
}

function sign(d: number | bigint): number {
  return d < 0 ? -1 : d > 0 ? 1 : 0;
}

function compareNumbers(a: number, b: number): number | undefined {
  if (Number.isNaN(a) || Number.isNaN(b)) return undefined;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Code-point (= UTF-8 byte) order of Rust strings. */
function compareStrings(a: string, b: string): number {
  if (a === b) return 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.codePointAt(i) as number;
    const y = b.codePointAt(i) as number;
    if (x !== y) return x < y ? -1 : 1;
    if (x > 0xffff) i++;
  }
  return a.length < b.length ? -1 : a.length > b.length ? 1 : 0;
}

/** `PartialOrd for Value` (undefined: not comparable). */
function compare(a: CelVal, b: CelVal, m: Machine): number | undefined {
  if (typeof a === 'bigint') {
    if (typeof b === 'bigint') return sign(a - b);
    if (b instanceof CelUint) return a < 0n ? -1 : sign(a - b.v);
    if (typeof b === 'number') return compareNumbers(Number(a), b);
    return undefined;
  }
  if (a instanceof CelUint) {
    if (b instanceof CelUint) return sign(a.v - b.v);
    if (typeof b === 'bigint') return a.v > I64_MAX ? 1 : sign(a.v - b);
    if (typeof b === 'number') return compareNumbers(Number(a.v), b);
    return undefined;
  }
  if (typeof a === 'number') {
    if (typeof b === 'number') return compareNumbers(a, b);
    if (typeof b === 'bigint') return compareNumbers(a, Number(b));
    if (b instanceof CelUint) return compareNumbers(a, Number(b.v));
    return undefined;
  }
  if (typeof a === 'string' && typeof b === 'string') {
    m.chargeSize(Math.min(a.length, b.length));
    return compareStrings(a, b);
  }
  if (typeof a === 'boolean' && typeof b === 'boolean') return a === b ? 0 : a ? 1 : -1;
  if (a === null && b === null) return 0;
  if (a instanceof CelDuration && b instanceof CelDuration) return sign(a.ns - b.ns);
  if (a instanceof CelTimestamp && b instanceof CelTimestamp) return sign(a.ns - b.ns);
  return undefined;
}

function compareOrFault(a: CelVal, b: CelVal, m: Machine): number {
  const c = compare(a, b, m);
  if (c === undefined) fault(`${typeName(a)} can not be compared to ${typeName(b)}`);
  return c;
}

function checkedInt(v: bigint, op: string): bigint {
  if (v < I64_MIN || v > I64_MAX) fault(`overflow from binary operator '${op}'`);
  return v;
}

function checkedUint(v: bigint, op: string): CelUint {
  if (v < 0n || v > U64_MAX) fault(`overflow from binary operator '${op}'`);
  return new CelUint(v);
}

function checkedDuration(ns: bigint, op: string): CelDuration {
  if (ns < -DURATION_MAX_NS || ns > DURATION_MAX_NS) fault(`overflow from binary operator '${op}'`);
  return new CelDuration(ns);
}

function unsupported(op: string, a: CelVal, b: CelVal): never {
  fault(`unsupported binary operator '${op}': ${typeName(a)}, ${typeName(b)}`);
}

function add(a: CelVal, b: CelVal, m: Machine): CelVal {
  if (typeof a === 'bigint' && typeof b === 'bigint') return checkedInt(a + b, 'add');
  if (a instanceof CelUint && b instanceof CelUint) return checkedUint(a.v + b.v, 'add');
  if (typeof a === 'number' && typeof b === 'number') return a + b;
  if (isList(a) && isList(b)) {
    m.chargeSize(a.length + b.length);
    return [...a, ...b];
  }
  if (typeof a === 'string' && typeof b === 'string') {
    m.chargeSize(a.length + b.length);
    return a + b;
  }
  if (a instanceof CelDuration && b instanceof CelDuration) return checkedDuration(a.ns + b.ns, 'add');
  if (a instanceof CelTimestamp && b instanceof CelDuration) return shiftTimestamp(a, b.ns, 'add');
  if (a instanceof CelDuration && b instanceof CelTimestamp) return shiftTimestamp(b, a.ns, 'add');
  unsupported('add', a, b);
}

function sub(a: CelVal, b: CelVal): CelVal {
  if (typeof a === 'bigint' && typeof b === 'bigint') return checkedInt(a - b, 'sub');
  if (a instanceof CelUint && b instanceof CelUint) return checkedUint(a.v - b.v, 'sub');
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (a instanceof CelDuration && b instanceof CelDuration) return checkedDuration(a.ns - b.ns, 'sub');
  if (a instanceof CelTimestamp && b instanceof CelDuration) return shiftTimestamp(a, -b.ns, 'sub');
  if (a instanceof CelTimestamp && b instanceof CelTimestamp) return new CelDuration(a.ns - b.ns);
  unsupported('sub', a, b);
}

function mul(a: CelVal, b: CelVal): CelVal {
  if (typeof a === 'bigint' && typeof b === 'bigint') return checkedInt(a * b, 'mul');
  if (a instanceof CelUint && b instanceof CelUint) return checkedUint(a.v * b.v, 'mul');
  if (typeof a === 'number' && typeof b === 'number') return a * b;
  unsupported('mul', a, b);
}

function div(a: CelVal, b: CelVal): CelVal {
  if (typeof a === 'bigint' && typeof b === 'bigint') {
    if (b === 0n) fault('division by zero');
    return checkedInt(a / b, 'div');
  }
  if (a instanceof CelUint && b instanceof CelUint) {
    if (b.v === 0n) fault('division by zero');
    return new CelUint(a.v / b.v);
  }
  if (typeof a === 'number' && typeof b === 'number') return a / b;
  unsupported('div', a, b);
}

function rem(a: CelVal, b: CelVal): CelVal {
  if (typeof a === 'bigint' && typeof b === 'bigint') {
    if (b === 0n) fault('remainder by zero');
    if (a === I64_MIN && b === -1n) fault("overflow from binary operator 'rem'");
    return a % b;
  }
  if (a instanceof CelUint && b instanceof CelUint) {
    if (b.v === 0n) fault('remainder by zero');
    return new CelUint(a.v % b.v);
  }
  unsupported('rem', a, b);
}

function contains(list: readonly CelVal[], v: CelVal, m: Machine): boolean {
  for (const item of list) if (equal(item, v, m)) return true;
  return false;
}

function inOp(l: CelVal, r: CelVal, m: Machine): boolean {
  if (typeof l === 'string' && typeof r === 'string') {
    m.chargeSize(r.length);
    return r.includes(l);
  }
  if (isList(r)) return contains(r, l, m);
  if (r instanceof CelMap) {
    const key = asKey(l);
    return key !== undefined && r.entries.has(keyId(key));
  }
  fault(`${typeName(l)} can not be compared to ${typeName(r)}`);
}

/** `s[i]`: Rust `str::get(i..i + 1)` — the ASCII character at UTF-8 byte i, else null. */
function stringIndex(s: string, idx: bigint, m: Machine): CelVal {
  if (idx < 0n || idx >= BigInt(s.length) * 3n) return null;
  const target = Number(idx);
  m.chargeSize(Math.min(s.length, target));
  let byte = 0;
  for (let i = 0; i < s.length && byte <= target; i++) {
    const c = s.charCodeAt(i);
    if (byte === target) return c < 0x80 ? s[i] as string : null;
    if (c < 0x80) byte += 1;
    else if (c < 0x800) byte += 2;
    else if (c >= 0xd800 && c <= 0xdbff) {
      byte += 4;
      i++;
    } else byte += 3;
  }
  return null;
}

function index(v: CelVal, i: CelVal, m: Machine): CelVal {
  if (isList(v)) {
    if (typeof i !== 'bigint') fault(`cannot use value as list index: ${typeName(i)}`);
    return i >= 0n && i < BigInt(v.length) ? (v[Number(i)] as CelVal) : null;
  }
  if (typeof v === 'string' && typeof i === 'bigint') return stringIndex(v, i, m);
  if (v instanceof CelMap) {
    const key = asKey(i);
    if (key === undefined) fault(`cannot use value as map index: ${typeName(i)}`);
    return mapGet(v, key) ?? null;
  }
  fault(`cannot use value ${typeName(i)} to index ${typeName(v)}`);
}

// ---------------------------------------------------------------------------
// Time (chrono 0.4.45 semantics)
// ---------------------------------------------------------------------------

function floorDiv(a: number, b: number): number {
  return Math.floor(a / b);
}

function daysFromCivil(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = floorDiv(yy, 400);
  const yoe = yy - era * 400;
  const mp = (m + 9) % 12;
  const doy = floorDiv(153 * mp + 2, 5) + d - 1;
  const doe = yoe * 365 + floorDiv(yoe, 4) - floorDiv(yoe, 100) + doy;
  return era * 146097 + doe - 719468;
}

function civilFromDays(days: number): [number, number, number] {
  const z = days + 719468;
  const era = floorDiv(z, 146097);
  const doe = z - era * 146097;
  const yoe = floorDiv(doe - floorDiv(doe, 1460) + floorDiv(doe, 36524) - floorDiv(doe, 146096), 365);
  const doy = doe - (365 * yoe + floorDiv(yoe, 4) - floorDiv(yoe, 100));
  const mp = floorDiv(5 * doy + 2, 153);
  const d = doy - floorDiv(153 * mp + 2, 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return [yoe + era * 400 + (month <= 2 ? 1 : 0), month, d];
}

function daysInMonth(y: number, m: number): number {
  if (m === 2) return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28;
  return [4, 6, 9, 11].includes(m) ? 30 : 31;
}

const NS_PER_DAY = 86_400n * NS_PER_SEC;
/** chrono NaiveDateTime::MIN / MAX (years -262143 … 262142). */
const TIMESTAMP_MIN_NS = BigInt(daysFromCivil(-262143, 1, 1)) * NS_PER_DAY;
const TIMESTAMP_MAX_NS = BigInt(daysFromCivil(262142, 12, 31) + 1) * NS_PER_DAY - 1n;

function shiftTimestamp(t: CelTimestamp, ns: bigint, op: string): CelTimestamp {
  const r = t.ns + ns;
  if (r < TIMESTAMP_MIN_NS || r > TIMESTAMP_MAX_NS) fault(`overflow from binary operator '${op}'`);
  return new CelTimestamp(r, t.offset);
}

/**
 * chrono `DateTime::parse_from_rfc3339`: `YYYY-MM-DD` `T`/`t`/space
 * `hh:mm:ss[.fraction]` then `Z`/`z` or `±hh:mm` (also U+2212); second 60 is a
 * leap second (kept here as the following second); fraction digits past the
 * ninth are ignored; nothing may follow.
 */
function parseRfc3339(s: string): CelTimestamp | undefined {
  if (s.length < 19) return undefined;
  const dig = (k: number): number => {
    const c = s.charCodeAt(k) - 48;
    return c >= 0 && c <= 9 ? c : NaN;
  };
  const two = (k: number) => dig(k) * 10 + dig(k + 1);
  const year = dig(0) * 1000 + dig(1) * 100 + dig(2) * 10 + dig(3);
  const month = two(5);
  const day = two(8);
  const hour = two(11);
  const minute = two(14);
  let second = two(17);
  if ([year, month, day, hour, minute, second].some(Number.isNaN)) return undefined;
  if (s[4] !== '-' || s[7] !== '-' || !'tT '.includes(s[10] as string) || s[13] !== ':' || s[16] !== ':') return undefined;
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
  let nano = 0;
  if (second === 60) {
    second = 59;
    nano = 1_000_000_000;
  }
  let k = 19;
  if (s[19] === '.') {
    k = 20;
    let digits = '';
    while (digits.length < 9 && isDigit(s[k])) digits += s[k++];
    if (digits.length === 0) return undefined;
    nano += Number(digits.padEnd(9, '0'));
    while (isDigit(s[k])) k++;
  }
  if (hour >= 24 || minute >= 60 || second >= 60 || (nano >= 1_000_000_000 && second !== 59) || nano >= 2_000_000_000) return undefined;
  let offset: number;
  const z = s[k];
  if (z === 'Z' || z === 'z') {
    offset = 0;
    k++;
  } else if (z === '+' || z === '-' || z === '\u2212') {
    const oh = two(k + 1);
    if (Number.isNaN(oh) || s[k + 3] !== ':') return undefined;
    const m1 = s.charCodeAt(k + 4) - 48;
    const m2 = s.charCodeAt(k + 5) - 48;
    if (!(m1 >= 0 && m1 <= 5 && m2 >= 0 && m2 <= 9)) return undefined;
    offset = (oh * 3600 + (m1 * 10 + m2) * 60) * (z === '+' ? 1 : -1);
    k += 6;
  } else {
    return undefined;
  }
  if (k !== s.length || Math.abs(offset) >= 86_400) return undefined;
  const localSeconds = BigInt(daysFromCivil(year, month, day)) * 86_400n + BigInt(hour * 3600 + minute * 60 + second);
  return new CelTimestamp((localSeconds - BigInt(offset)) * NS_PER_SEC + BigInt(nano), offset);
}

interface LocalTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  nano: number;
  /** Days since 1970-01-01 (local). */
  days: number;
}

function localTime(t: CelTimestamp): LocalTime {
  const local = t.ns + BigInt(t.offset) * NS_PER_SEC;
  let days = local / NS_PER_DAY;
  let within = local % NS_PER_DAY;
  if (within < 0n) {
    within += NS_PER_DAY;
    days -= 1n;
  }
  const [year, month, day] = civilFromDays(Number(days));
  const secs = Number(within / NS_PER_SEC);
  return {
    year,
    month,
    day,
    hour: Math.floor(secs / 3600),
    minute: Math.floor((secs % 3600) / 60),
    second: secs % 60,
    nano: Number(within % NS_PER_SEC),
    days: Number(days),
  };
}

const pad = (n: number, width: number) => String(n).padStart(width, '0');

/** chrono `to_rfc3339` (AutoSi fraction, `±hh:mm` offset, never `Z`). */
function formatRfc3339(t: CelTimestamp): string {
  const l = localTime(t);
  const year = l.year >= 0 && l.year <= 9999 ? pad(l.year, 4) : `${l.year < 0 ? '-' : '+'}${pad(Math.abs(l.year), 4)}`;
  let frac = '';
  if (l.nano !== 0) {
    if (l.nano % 1_000_000 === 0) frac = `.${pad(l.nano / 1_000_000, 3)}`;
    else if (l.nano % 1000 === 0) frac = `.${pad(l.nano / 1000, 6)}`;
    else frac = `.${pad(l.nano, 9)}`;
  }
  const off = Math.abs(t.offset);
  const offText = `${t.offset < 0 ? '-' : '+'}${pad(Math.floor(off / 3600), 2)}:${pad(Math.floor((off % 3600) / 60), 2)}`;
  return `${year}-${pad(l.month, 2)}-${pad(l.day, 2)}T${pad(l.hour, 2)}:${pad(l.minute, 2)}:${pad(l.second, 2)}${frac}${offText}`;
}

type NomNumber = { value: number; end: number } | 'error' | 'failure';

/** nom 7.1.3 `double` (recognize_float_or_exceptions, then Rust f64 parsing). */
function nomDouble(s: string, i: number): NomNumber {
  let j = i;
  if (s[j] === '+' || s[j] === '-') j++;
  let ok = false;
  if (isDigit(s[j])) {
    while (isDigit(s[j])) j++;
    if (s[j] === '.') {
      j++;
      while (isDigit(s[j])) j++;
    }
    ok = true;
  } else if (s[j] === '.' && isDigit(s[j + 1])) {
    j++;
    while (isDigit(s[j])) j++;
    ok = true;
  }
  if (ok) {
    if (s[j] === 'e' || s[j] === 'E') {
      let k = j + 1;
      if (s[k] === '+' || s[k] === '-') k++;
      if (!isDigit(s[k])) return 'failure';
      while (isDigit(s[k])) k++;
      j = k;
    }
    return { value: parseRustF64(s.slice(i, j)) as number, end: j };
  }
  const head = s.slice(i, i + 3).toLowerCase();
  if (head === 'nan') return { value: NaN, end: i + 3 };
  if (head === 'inf') return { value: Infinity, end: i + 3 };
  return 'error';
}

const DURATION_UNITS: ReadonlyArray<readonly [string, number]> = [
  ['ms', 1e6],
  ['us', 1e3],
  ['ns', 1],
  ['h', 3600e9],
  ['m', 60e9],
  ['s', 1e9],
];

/** f64 → i64 `as` cast (truncating, saturating, NaN → 0). */
function f64ToI64(x: number): bigint {
  if (Number.isNaN(x)) return 0n;
  if (x >= 9223372036854775807) return I64_MAX;
  if (x <= -9223372036854775808) return I64_MIN;
  return BigInt(Math.trunc(x));
}

/** cel-interpreter `parse_duration` (Go-like `1h30m`, `-1.5s`, `0`; trailing text ignored). */
function parseDuration(input: string): bigint | undefined {
  let i = 0;
  let negative = false;
  if (input[0] === '-') {
    negative = true;
    i = 1;
  }
  if (input.slice(i) === '0') return 0n;
  let total = 0n;
  let terms = 0;
  for (;;) {
    const n = nomDouble(input, i);
    if (n === 'failure') return undefined;
    if (n === 'error') break;
    const unit = DURATION_UNITS.find(([text]) => input.startsWith(text, n.end));
    if (!unit) break;
    total += f64ToI64(n.value * unit[1]);
    if (total < -DURATION_MAX_NS || total > DURATION_MAX_NS) return undefined;
    terms++;
    i = n.end + unit[0].length;
  }
  if (terms === 0) return undefined;
  return negative ? -total : total;
}

/** cel-interpreter `format_duration` (Go style), including its u64 reinterpretation of negatives. */
function formatDuration(d: CelDuration): string {
  const SECOND = NS_PER_SEC;
  let negative: boolean;
  let u: bigint;
  if (d.ns >= I64_MIN && d.ns <= I64_MAX) {
    negative = d.ns < 0n;
    u = BigInt.asUintN(64, d.ns);
  } else {
    const s = d.ns / NS_PER_SEC;
    negative = s < 0n;
    u = BigInt.asUintN(64, BigInt.asUintN(64, s) * SECOND);
  }
  const fraction = (v: bigint, prec: number): [string, bigint] => {
    let text = '';
    let print = false;
    for (let k = 0; k < prec; k++) {
      const digit = v % 10n;
      print ||= digit !== 0n;
      if (print) text = digit.toString() + text;
      v /= 10n;
    }
    return [print ? `.${text}` : '', v];
  };
  let out: string;
  if (u < SECOND) {
    if (u === 0n) return '0s';
    const [prec, unit] = u < 1000n ? [0, 'ns'] : u < 1_000_000n ? [3, '\u00b5s'] : [6, 'ms'];
    const [frac, whole] = fraction(u, prec);
    out = `${whole}${frac}${unit}`;
  } else {
    const [frac, whole] = fraction(u, 9);
    out = `${whole % 60n}${frac}s`;
    let rest = whole / 60n;
    if (rest > 0n) {
      out = `${rest % 60n}m${out}`;
      rest /= 60n;
      if (rest > 0n) out = `${rest}h${out}`;
    }
  }
  return negative ? `-${out}` : out;
}

// ---------------------------------------------------------------------------
// Regex (`matches`): RE2 through @bufbuild/cel (linear time)
// ---------------------------------------------------------------------------

let regexProgram: ((bindings: { s: string; p: string }) => unknown) | undefined;

function regexMatches(text: string, pattern: string, m: Machine): boolean {
  m.charge(1 + Math.ceil(((text.length + 1) * (pattern.length + 1)) / 4));
  regexProgram ??= planWithBufbuild(celEnv(), parseWithBufbuild('s.matches(p)')) as (bindings: { s: string; p: string }) => unknown;
  const r = regexProgram({ s: text, p: pattern });
  if (isCelError(r)) fault(`'${pattern}' not a valid regex: ${r.message}`);
  if (typeof r !== 'boolean') fault('regex evaluation failed');
  return r;
}

// ---------------------------------------------------------------------------
// Functions (cel-interpreter functions.rs + tenuo-core cel.rs extras)
// ---------------------------------------------------------------------------

const NOT_EVALUATED: unique symbol = Symbol('not evaluated');

/** A call in progress: the `FunctionContext` of cel-interpreter. */
class Call {
  private next = 0;
  constructor(
    readonly m: Machine,
    readonly name: string,
    private readonly target: CelVal | undefined,
    private readonly args: readonly Node[],
    private readonly scope: Scope,
    private readonly first: CelVal | typeof NOT_EVALUATED,
  ) {}

  private resolve(i: number): CelVal {
    if (i === 0 && this.first !== NOT_EVALUATED) return this.first;
    return evaluate(this.args[i] as Node, this.scope, this.m);
  }

  /** The next positional argument. */
  arg(): CelVal {
    const i = this.next++;
    if (i >= this.args.length) fault(`${this.name}: invalid argument count: expected ${i + 1}, got ${this.args.length}`);
    return this.resolve(i);
  }

  /** `This<Value>`: the method target, else the next argument. */
  self(): CelVal {
    if (this.target !== undefined) return this.target;
    if (this.next >= this.args.length) fault(`${this.name}: missing argument or target`);
    return this.arg();
  }

  /** `Arguments`: every argument (the target is not one). */
  all(): CelVal[] {
    return this.args.map((_, i) => this.resolve(i));
  }

  string(v: CelVal): string {
    if (typeof v !== 'string') fault(`${this.name}: unexpected type: got ${typeName(v)}, want string`);
    return v;
  }

  timestamp(v: CelVal): LocalTime {
    if (!(v instanceof CelTimestamp)) fault(`${this.name}: unexpected type: got ${typeName(v)}, want timestamp`);
    return localTime(v);
  }
}

function maxMin(c: Call, keep: number): CelVal {
  const args = c.all();
  let items: readonly CelVal[] = args;
  if (args.length === 1) {
    const only = args[0] as CelVal;
    if (!isList(only)) return only;
    items = only;
  }
  if (items.length === 0) return null;
  let acc = items[0] as CelVal;
  for (let i = 1; i < items.length; i++) {
    const x = items[i] as CelVal;
    const o = compare(acc, x, c.m);
    if (o === undefined) fault(`${typeName(acc)} can not be compared to ${typeName(x)}`);
    if (o !== keep) acc = x;
  }
  return acc;
}

function isPrivateIp(text: string): boolean {
  const ip = parseIpAddress(text);
  if (!ip) return false;
  const b = ip.bytes;
  if (ip.version === 4) return b[0] === 10 || (b[0] === 172 && ((b[1] as number) & 0xf0) === 16) || (b[0] === 192 && b[1] === 168);
  return ((b[0] as number) & 0xfe) === 0xfc;
}

const FUNCTIONS = new Map<string, (c: Call) => CelVal>([
  [
    'contains',
    (c) => {
      const t = c.self();
      const a = c.arg();
      if (isList(t)) return contains(t, a, c.m);
      if (t instanceof CelMap) {
        const key = asKey(a);
        if (key === undefined) fault(`unable to use value '${typeName(a)}' as a key`);
        return t.entries.has(keyId(key));
      }
      if (typeof t === 'string') {
        if (typeof a !== 'string') return false;
        c.m.chargeSize(t.length);
        return t.includes(a);
      }
      if (t instanceof Uint8Array) {
        if (!(a instanceof Uint8Array)) return false;
        if (a.length === 0) fault('contains: window size must be non-zero');
        c.m.chargeSize(t.length * a.length);
        for (let i = 0; i + a.length <= t.length; i++) if (a.every((x, j) => x === t[i + j])) return true;
        return false;
      }
      return false;
    },
  ],
  [
    'size',
    (c) => {
      const t = c.self();
      if (isList(t)) return BigInt(t.length);
      if (t instanceof CelMap) return BigInt(t.size);
      if (typeof t === 'string') {
        c.m.chargeSize(t.length);
        return BigInt(utf8Length(t));
      }
      if (t instanceof Uint8Array) return BigInt(t.length);
      fault(`size: cannot determine the size of ${typeName(t)}`);
    },
  ],
  ['max', (c) => maxMin(c, 1)],
  ['min', (c) => maxMin(c, -1)],
  [
    'startsWith',
    (c) => {
      const t = c.string(c.self());
      return t.startsWith(c.string(c.arg()));
    },
  ],
  [
    'endsWith',
    (c) => {
      const t = c.string(c.self());
      return t.endsWith(c.string(c.arg()));
    },
  ],
  [
    'string',
    (c) => {
      const t = c.self();
      if (typeof t === 'string') return t;
      if (t instanceof CelTimestamp) return formatRfc3339(t);
      if (t instanceof CelDuration) return formatDuration(t);
      if (typeof t === 'bigint') return t.toString();
      if (t instanceof CelUint) return t.v.toString();
      if (typeof t === 'number') return rustFloatString(t);
      if (t instanceof Uint8Array) return new TextDecoder('utf-8', { fatal: false, ignoreBOM: true }).decode(t);
      fault(`string: cannot convert ${typeName(t)} to string`);
    },
  ],
  ['bytes', (c) => UTF8.encode(c.string(c.arg()))],
  [
    'double',
    (c) => {
      const t = c.self();
      if (typeof t === 'string') {
        const v = parseRustF64(t);
        if (v === undefined) fault('double: string parse error: invalid float literal');
        return v;
      }
      if (typeof t === 'number') return t;
      if (typeof t === 'bigint') return Number(t);
      if (t instanceof CelUint) return Number(t.v);
      fault(`double: cannot convert ${typeName(t)} to double`);
    },
  ],
  [
    'uint',
    (c) => {
      const t = c.self();
      if (typeof t === 'string') {
        const v = parseU64(t);
        if (v === undefined) fault('uint: string parse error: invalid digit found in string');
        return new CelUint(v);
      }
      if (typeof t === 'number') {
        if (t > 18446744073709551616 || t < 0) fault('uint: unsigned integer overflow');
        if (Number.isNaN(t)) return new CelUint(0n);
        return new CelUint(t >= 18446744073709551615 ? U64_MAX : BigInt(Math.trunc(t)));
      }
      if (typeof t === 'bigint') {
        if (t < 0n) fault('uint: unsigned integer overflow');
        return new CelUint(t);
      }
      if (t instanceof CelUint) return t;
      fault(`uint: cannot convert ${typeName(t)} to uint`);
    },
  ],
  [
    'int',
    (c) => {
      const t = c.self();
      if (typeof t === 'string') {
        const v = parseI64(t);
        if (v === undefined) fault('int: string parse error: invalid digit found in string');
        return v;
      }
      if (typeof t === 'number') {
        if (t > 9223372036854775808 || t < -9223372036854775808) fault('int: integer overflow');
        return f64ToI64(t);
      }
      if (typeof t === 'bigint') return t;
      if (t instanceof CelUint) {
        if (t.v > I64_MAX) fault('int: integer overflow');
        return t.v;
      }
      fault(`int: cannot convert ${typeName(t)} to int`);
    },
  ],
  [
    'matches',
    (c) => {
      const t = c.string(c.self());
      return regexMatches(t, c.string(c.arg()), c.m);
    },
  ],
  [
    'duration',
    (c) => {
      const ns = parseDuration(c.string(c.arg()));
      if (ns === undefined) fault('duration: invalid duration');
      return new CelDuration(ns);
    },
  ],
  [
    'timestamp',
    (c) => {
      const t = parseRfc3339(c.string(c.arg()));
      if (!t) fault('timestamp: input is not RFC 3339');
      return t;
    },
  ],
  ['getFullYear', (c) => BigInt(c.timestamp(c.self()).year)],
  ['getMonth', (c) => BigInt(c.timestamp(c.self()).month - 1)],
  [
    'getDayOfYear',
    (c) => {
      const l = c.timestamp(c.self());
      return BigInt(l.days - daysFromCivil(l.year, 1, 1));
    },
  ],
  ['getDayOfMonth', (c) => BigInt(c.timestamp(c.self()).day - 1)],
  ['getDate', (c) => BigInt(c.timestamp(c.self()).day)],
  ['getDayOfWeek', (c) => BigInt((((c.timestamp(c.self()).days + 4) % 7) + 7) % 7)],
  ['getHours', (c) => BigInt(c.timestamp(c.self()).hour)],
  ['getMinutes', (c) => BigInt(c.timestamp(c.self()).minute)],
  ['getSeconds', (c) => BigInt(c.timestamp(c.self()).second)],
  ['getMilliseconds', (c) => BigInt(Math.floor(c.timestamp(c.self()).nano / 1_000_000))],
  // tenuo-core cel.rs extras: positional arguments only.
  [
    'time_now',
    (c) => {
      c.arg();
      return formatRfc3339(new CelTimestamp(c.m.nowNs(), 0));
    },
  ],
  [
    'time_is_expired',
    (c) => {
      const v = c.arg();
      if (typeof v !== 'string') return false;
      const t = parseRfc3339(v);
      return t !== undefined && t.ns < c.m.nowNs();
    },
  ],
  [
    'time_since',
    (c) => {
      const v = c.arg();
      if (typeof v !== 'string') return 0n;
      const t = parseRfc3339(v);
      return t === undefined ? 0n : (c.m.nowNs() - t.ns) / NS_PER_SEC;
    },
  ],
  [
    'net_in_cidr',
    (c) => {
      const ip = c.arg();
      const cidr = c.arg();
      if (typeof ip !== 'string' || typeof cidr !== 'string') return false;
      const addr = parseIpAddress(ip);
      const net = addr && parseIpNetwork(cidr);
      return addr !== undefined && net !== undefined && networkContains(net, addr);
    },
  ],
  [
    'net_is_private',
    (c) => {
      const ip = c.arg();
      return typeof ip === 'string' && isPrivateIp(ip);
    },
  ],
]);

// ---------------------------------------------------------------------------
// Evaluator (cel-interpreter `Value::resolve`)
// ---------------------------------------------------------------------------

function iterationItems(range: CelVal): readonly CelVal[] {
  if (isList(range)) return range;
  if (range instanceof CelMap) return Array.from(range.entries.values(), ([k]) => k as CelVal);
  fault(`cannot iterate over ${typeName(range)}`);
}

function evaluate(n: Node, scope: Scope, m: Machine): CelVal {
  m.charge(1);
  switch (n.k) {
    case 'lit':
      return n.v;
    case 'ident': {
      const v = scope.lookup(n.name);
      if (v === undefined) fault(`undeclared reference to '${n.name}'`);
      return v;
    }
    case 'select': {
      const operand = evaluate(n.operand, scope, m);
      if (n.test) {
        if (!(operand instanceof CelMap)) return false;
        m.chargeSize(operand.size);
        for (const [k] of operand.entries.values()) if (keyText(k) === n.field) return true;
        return false;
      }
      if (operand instanceof CelMap) {
        const hit = operand.entries.get(keyId(n.field));
        if (hit) return hit[1];
      }
      if (FUNCTIONS.has(n.field)) return new CelFunctionValue(n.field, operand);
      fault(`no such key: ${n.field}`);
    }
    case 'or': {
      let v: CelVal = false;
      for (const term of n.terms) {
        v = evaluate(term, scope, m);
        if (truthy(v)) return v;
      }
      return v;
    }
    case 'and':
      for (const term of n.terms) if (!truthy(evaluate(term, scope, m))) return false;
      return true;
    case 'cond':
      return truthy(evaluate(n.c, scope, m)) ? evaluate(n.t, scope, m) : evaluate(n.f, scope, m);
    case 'not':
      return !truthy(evaluate(n.arg, scope, m));
    case 'neg': {
      const v = evaluate(n.arg, scope, m);
      // i64 negation wraps in the reference's release builds (-i64::MIN == i64::MIN).
      if (typeof v === 'bigint') return BigInt.asIntN(64, -v);
      if (typeof v === 'number') return -v;
      fault(`unsupported unary operator 'minus': ${typeName(v)}`);
    }
    case 'bin': {
      const l = evaluate(n.l, scope, m);
      const r = evaluate(n.r, scope, m);
      switch (n.op) {
        case '+':
          return add(l, r, m);
        case '-':
          return sub(l, r);
        case '*':
          return mul(l, r);
        case '/':
          return div(l, r);
        case '%':
          return rem(l, r);
        case '==':
          return equal(l, r, m);
        case '!=':
          return !equal(l, r, m);
        case '<':
          return compareOrFault(l, r, m) < 0;
        case '<=':
          return compareOrFault(l, r, m) <= 0;
        case '>':
          return compareOrFault(l, r, m) > 0;
        case '>=':
          return compareOrFault(l, r, m) >= 0;
        case 'in':
          return inOp(l, r, m);
        case 'index':
          return index(l, r, m);
      }
      break;
    }
    case 'list':
      return n.elems.map((e) => evaluate(e, scope, m));
    case 'map': {
      const entries = new Map<string, readonly [MapKey, CelVal]>();
      for (const [ke, ve] of n.entries) {
        const kv = evaluate(ke, scope, m);
        const key = asKey(kv);
        if (key === undefined) fault(`unable to use value '${typeName(kv)}' as a key`);
        entries.set(keyId(key), [key, evaluate(ve, scope, m)]);
      }
      return new CelMap(entries);
    }
    case 'struct':
      return fault(`message construction (${n.name}{…}) is not supported`);
    case 'call': {
      // Like the reference: the first argument of a 1- or 2-argument call is
      // evaluated before the function is looked up, the target after.
      const first = n.args.length === 1 || n.args.length === 2 ? evaluate(n.args[0] as Node, scope, m) : NOT_EVALUATED;
      const fn = FUNCTIONS.get(n.name);
      if (!fn) fault(`undeclared reference to '${n.name}'`);
      const target = n.target ? evaluate(n.target, scope, m) : undefined;
      return fn(new Call(m, n.name, target, n.args, scope, first));
    }
    case 'compr':
      return comprehension(n, scope, m);
  }
  fault('unsupported expression');
}

/**
 * The macros, evaluated as the reference evaluates their expansions
 * (accumulator `@result`, loop condition checked before each element).
 */
function comprehension(n: Extract<Node, { k: 'compr' }>, scope: Scope, m: Machine): CelVal {
  const items = iterationItems(evaluate(n.range, scope, m));
  const inner = new Scope(new Map(), scope);
  switch (n.macro) {
    case 'all':
      for (const item of items) {
        m.charge(1);
        inner.set(n.v, item);
        if (!truthy(evaluate(n.a, inner, m))) return false;
      }
      return true;
    case 'exists': {
      // step `@result || p` keeps the predicate's own value; the loop stops once it is truthy.
      let accu: CelVal = false;
      for (const item of items) {
        m.charge(1);
        if (truthy(accu)) break;
        inner.set(n.v, item);
        accu = evaluate(n.a, inner, m);
      }
      return accu;
    }
    case 'exists_one': {
      let count = 0n;
      for (const item of items) {
        m.charge(1);
        inner.set(n.v, item);
        if (truthy(evaluate(n.a, inner, m))) count++;
      }
      return count === 1n;
    }
    case 'map': {
      const out: CelVal[] = [];
      for (const item of items) {
        m.charge(1);
        inner.set(n.v, item);
        if (n.b && !truthy(evaluate(n.b, inner, m))) continue;
        out.push(evaluate(n.a, inner, m));
      }
      return out;
    }
    case 'filter': {
      const out: CelVal[] = [];
      for (const item of items) {
        m.charge(1);
        inner.set(n.v, item);
        if (truthy(evaluate(n.a, inner, m))) out.push(item);
      }
      return out;
    }
  }
}

// ---------------------------------------------------------------------------
// Value model → CEL values
// ---------------------------------------------------------------------------

const MAX_VALUE_DEPTH = 64;

function toCel(v: ConstraintValue, depth = 0): CelVal {
  if (depth > MAX_VALUE_DEPTH) throw new TenuoError(ErrorCode.InvalidPayloadStructure, 'value nested too deeply');
  switch (kindOf(v)) {
    case 'string':
      return v as string;
    case 'integer':
      return integerOf(v as number | bigint);
    case 'float':
      return v instanceof FloatValue ? v.value : (v as number);
    case 'boolean':
      return v as boolean;
    case 'null':
      return null;
    case 'list':
      return (v as readonly ConstraintValue[]).map((x) => toCel(x, depth + 1));
    case 'object': {
      const entries = new Map<string, readonly [MapKey, CelVal]>();
      for (const [k, x] of Object.entries(v as Record<string, ConstraintValue>)) entries.set(keyId(k), [k, toCel(x, depth + 1)]);
      return new CelMap(entries);
    }
  }
}

function clockOf(now: Date | number | undefined): (() => bigint) | undefined {
  if (now === undefined) return undefined;
  const ms = now instanceof Date ? now.getTime() : now;
  if (!Number.isFinite(ms)) throw new TenuoError(ErrorCode.InvalidPayloadStructure, 'CEL clock override must be a finite time');
  const ns = BigInt(Math.trunc(ms)) * 1_000_000n;
  return () => ns;
}

function run(expression: string, bindings: Map<string, CelVal>, options: CelEvalOptions): boolean {
  const root = compile(expression);
  const m = new Machine(options.maxSteps ?? CEL_DEFAULT_MAX_STEPS, clockOf(options.now));
  let result: CelVal;
  try {
    result = evaluate(root, new Scope(bindings), m);
  } catch (e) {
    if (e instanceof CelFault) throw new TenuoError(ErrorCode.ConstraintViolation, `CEL expression error: execution failed: ${e.message}`);
    if (e instanceof RangeError) throw new TenuoError(ErrorCode.ConstraintViolation, 'CEL expression error: execution failed: resources exhausted');
    throw e;
  } finally {
    if (options.stats) options.stats.steps = m.steps;
  }
  if (typeof result !== 'boolean') throw new TenuoError(ErrorCode.ConstraintViolation, `CEL expression error: expression must return bool, got ${typeName(result)}`);
  return result;
}

// ---------------------------------------------------------------------------
// Public API
// ---------------------------------------------------------------------------

/**
 * The reference's `CelConstraint::matches`: an object argument binds each key
 * as a variable, anything else binds `value`. Returns the expression's bool;
 * throws TenuoError 1501 when the expression does not compile, fails, exceeds
 * the budget or does not return a bool.
 */
export function matchesCel(c: Cel, value: ConstraintValue, options: CelEvalOptions = {}): boolean {
  const bindings = new Map<string, CelVal>();
  if (kindOf(value) === 'object') {
    for (const [k, x] of Object.entries(value as Record<string, ConstraintValue>)) bindings.set(k, toCel(x, 1));
  } else {
    bindings.set('value', toCel(value));
  }
  return run(c.expression, bindings, options);
}

/** The reference's `CelConstraint::matches_with_context`: `value` plus extra variables (which win on a name clash). */
export function matchesCelWithContext(c: Cel, value: ConstraintValue, context: Readonly<Record<string, ConstraintValue>>, options: CelEvalOptions = {}): boolean {
  const bindings = new Map<string, CelVal>([['value', toCel(value)]]);
  for (const [k, x] of Object.entries(context)) bindings.set(k, toCel(x));
  return run(c.expression, bindings, options);
}

/**
 * Rust `split_whitespace().join("")`: drops every Unicode White_Space
 * character, inside string literals too.
 */
export function normalizeCelWhitespace(expression: string): string {
  return expression.replace(/[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]/g, '');
}

/** `s` starts with `(`, ends with `)`, and that first `(` closes only at the end (parentheses in literals count). */
export function hasBalancedOuterParens(s: string): boolean {
  if (!s.startsWith('(') || !s.endsWith(')')) return false;
  let depth = 0;
  for (let i = 0; i < s.length; i++) {
    const ch = s[i];
    if (ch === '(') depth++;
    else if (ch === ')') {
      depth--;
      if (depth === 0 && i !== s.length - 1) return false;
    }
  }
  return depth === 0;
}

/**
 * The reference's Cel→Cel attenuation (`CelConstraint::validate_attenuation`):
 * the child must equal the parent once all whitespace is removed, or be
 * `(parent) && (predicate)` — after whitespace removal it starts with
 * `(` + parent + `)&&` and the rest is one parenthesised group — and compile.
 * `parent_expression` plays no part (it is informational in the reference).
 *
 * Errors carry the reference's codes: a Wildcard child 1503; any other non-Cel
 * child 1502 (IncompatibleConstraintTypes); a child of the wrong shape 1502
 * (MonotonicityViolation → InvalidAttenuation); a child that does not compile
 * 1501 (CelError → ConstraintViolation).
 */
export function checkCelAttenuation(parent: Cel, child: Constraint): void {
  if (child instanceof Wildcard) throw new TenuoError(ErrorCode.CapabilityExpansion, 'Cel cannot be widened to Wildcard');
  if (!(child instanceof Cel)) throw new TenuoError(ErrorCode.InvalidAttenuation, `cannot attenuate Cel to ${child.typeName}`);
  const parentText = normalizeCelWhitespace(parent.expression);
  const childText = normalizeCelWhitespace(child.expression);
  if (childText === parentText) return;
  const prefix = `(${parentText})&&`;
  if (!childText.startsWith(prefix)) {
    throw new TenuoError(ErrorCode.InvalidAttenuation, `child CEL must be '(${parent.expression}) && (<predicate>)', got '${child.expression}'`);
  }
  const remainder = childText.slice(prefix.length);
  if (!hasBalancedOuterParens(remainder)) {
    throw new TenuoError(ErrorCode.InvalidAttenuation, `child CEL predicate must be parenthesized: '(${parent.expression}) && (<predicate>)', got '(${parent.expression}) && ${remainder}'`);
  }
  validateCelExpression(child.expression);
}
