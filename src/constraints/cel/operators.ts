/**
 * Operators on values (cel-interpreter 0.10.0 objects.rs): truthiness,
 * heterogeneous numeric equality and ordering, checked arithmetic, `in`
 * and indexing.
 */
import type { BinOp } from './ast.js';
import { fault } from './fault.js';
import type { Machine } from './limits.js';
import { I64_MAX, I64_MIN, U64_MAX } from './rust.js';
import { shiftTimestamp } from './time.js';
import { asKey, CelDuration, CelFunctionValue, CelMap, CelTimestamp, CelUint, type CelVal, DURATION_MAX_NS, isList, keyId, mapGet, typeName } from './values.js';

/** `Value::to_bool`. */
export function truthy(v: CelVal): boolean {
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

export function compareOrFault(a: CelVal, b: CelVal, m: Machine): number {
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

/** `list.contains(v)` / `v in list`: element equality. */
export function listContains(list: readonly CelVal[], v: CelVal, m: Machine): boolean {
  for (const item of list) if (equal(item, v, m)) return true;
  return false;
}

/** `l in r`: substring, list element or map key. */
function inOp(l: CelVal, r: CelVal, m: Machine): boolean {
  if (typeof l === 'string' && typeof r === 'string') {
    m.chargeSize(r.length);
    return r.includes(l);
  }
  if (isList(r)) return listContains(r, l, m);
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

/** The binary operator `op` on evaluated operands. */
export function binary(op: BinOp, l: CelVal, r: CelVal, m: Machine): CelVal {
  switch (op) {
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
}
