/**
 * The default functions of cel-interpreter 0.10.0 (functions.rs): contains,
 * size, max, min, startsWith, endsWith, string, bytes, double, int, uint,
 * matches, duration, timestamp and the timestamp accessors; and the function
 * table, which adds Tenuo's extras. Every function is callable as a method or
 * a global; extra arguments are ignored.
 */
import { TenuoError } from '../../errors.js';
import { regexMatch } from '../regex.js';
import type { Call, CelFunction } from './call.js';
import { fault } from './fault.js';
import type { Machine } from './limits.js';
import { compareOrFault, listContains } from './operators.js';
import { f64ToI64, I64_MAX, parseI64, parseRustF64, parseU64, rustFloatString, U64_MAX, UTF8, utf8Length } from './rust.js';
import { TENUO_EXTRAS } from './tenuo-extras.js';
import { daysFromCivil, formatDuration, formatRfc3339, parseDuration, parseRfc3339 } from './time.js';
import { asKey, CelDuration, CelMap, CelTimestamp, CelUint, type CelVal, isList, keyId, typeName } from './values.js';

/** `String::from_utf8_lossy`. */
const UTF8_LOSSY = new TextDecoder('utf-8', { fatal: false, ignoreBOM: true });

/**
 * `max`/`min` over the arguments, or over the elements of a single list
 * argument; `keep` is the comparison result that keeps the current winner
 * (1 for max, -1 for min).
 */
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
    if (compareOrFault(acc, x, c.m) !== keep) acc = x;
  }
  return acc;
}

/**
 * `matches`: `regex::Regex::new(pattern)?.is_match(text)`, the Rust regex
 * crate as cel-interpreter 0.10.0 uses it, through the WASM engine of
 * ../regex.ts (Unicode classes, linear time). Charged up front in proportion
 * to text × pattern size, the engine's worst case. An invalid pattern (or a
 * subject the engine cannot take) is an evaluation error.
 */
function regexMatches(text: string, pattern: string, m: Machine): boolean {
  m.charge(1 + Math.ceil(((text.length + 1) * (pattern.length + 1)) / 4));
  try {
    return regexMatch(pattern, text);
  } catch (e) {
    if (e instanceof TenuoError) fault(e.message);
    throw e;
  }
}

const BUILTINS: ReadonlyArray<readonly [string, CelFunction]> = [
  [
    'contains',
    (c) => {
      const t = c.self();
      const a = c.arg();
      if (isList(t)) return listContains(t, a, c.m);
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
      if (t instanceof Uint8Array) return UTF8_LOSSY.decode(t);
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
];

/** Every function, callable as a method or a global (`size(x)`, `x.size()`). */
export const FUNCTIONS: ReadonlyMap<string, CelFunction> = new Map([...BUILTINS, ...TENUO_EXTRAS]);
