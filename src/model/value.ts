/**
 * The reference's argument/constraint value model (ConstraintValue): strings,
 * 64-bit integers, doubles, booleans, lists, objects and null — with integers
 * and floats kept distinct (`1` ≠ `1.0`).
 *
 * JavaScript numbers cannot carry that distinction, so tenuo-ts fixes one rule:
 * - an integral `number` (or any `bigint`) is an Integer (must fit i64);
 * - a non-integral `number` (incl. NaN, ±Infinity) is a Float;
 * - an integral Float is written `float(1)` (a `FloatValue`); decoding returns
 *   integral floats in that form so they re-encode as floats.
 */
import type { CborReader } from '../cbor/reader.js';
import { malformed } from '../cbor/reader.js';
import { type CborWriter, MAJOR_ARRAY, MAJOR_BYTES, MAJOR_MAP, MAJOR_NEGATIVE, MAJOR_TEXT, MAJOR_UNSIGNED } from '../cbor/writer.js';
import { ErrorCode, TenuoError } from '../errors.js';
import { compareUtf8 } from '../util/bytes.js';

/** A float whose value happens to be integral (or any float the caller wants typed explicitly). */
export class FloatValue {
  constructor(readonly value: number) {
    if (typeof value !== 'number') throw new TenuoError(ErrorCode.InvalidPayloadStructure, 'float() needs a number');
  }
  valueOf(): number {
    return this.value;
  }
  toJSON(): number {
    return this.value;
  }
}

/** Marks a number as a Float (e.g. `float(1)` is 1.0, distinct from the Integer 1). */
export function float(value: number): FloatValue {
  return new FloatValue(value);
}

export type ConstraintValue =
  | string
  | number
  | bigint
  | boolean
  | null
  | FloatValue
  | readonly ConstraintValue[]
  | { readonly [key: string]: ConstraintValue };

export type ValueKind = 'string' | 'integer' | 'float' | 'boolean' | 'list' | 'object' | 'null';

const I64_MIN = -(2n ** 63n);
const I64_MAX = 2n ** 63n - 1n;

/** Classifies a JS value under the rule above; throws for anything outside the model. */
export function kindOf(value: unknown): ValueKind {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string':
      return 'string';
    case 'boolean':
      return 'boolean';
    case 'bigint':
      return 'integer';
    case 'number':
      return Number.isInteger(value) && !Object.is(value, -0) ? 'integer' : 'float';
    case 'object':
      if (value instanceof FloatValue) return 'float';
      if (Array.isArray(value)) return 'list';
      if (Object.getPrototypeOf(value) === Object.prototype || Object.getPrototypeOf(value) === null) return 'object';
  }
  throw new TenuoError(ErrorCode.InvalidPayloadStructure, `unsupported value type: ${describe(value)}`);
}

function describe(value: unknown): string {
  if (value === undefined) return 'undefined';
  if (typeof value === 'object') return (value as object).constructor?.name ?? 'object';
  return typeof value;
}

/** The integer value as bigint, checked against the i64 range. */
export function integerOf(value: number | bigint): bigint {
  const big = typeof value === 'bigint' ? value : BigInt(value);
  if (big < I64_MIN || big > I64_MAX) {
    throw new TenuoError(ErrorCode.ValueTooLarge, `integer ${big} is outside the 64-bit signed range`);
  }
  return big;
}

/** The numeric value of a Float. */
export function floatOf(value: number | FloatValue): number {
  return typeof value === 'number' ? value : value.value;
}

/** The numeric value of an Integer or Float (as f64, like the reference's `as_number`), else undefined. */
export function numberOf(value: ConstraintValue): number | undefined {
  if (typeof value === 'number') return value;
  if (typeof value === 'bigint') return Number(value);
  if (value instanceof FloatValue) return value.value;
  return undefined;
}

/** Writes a value as the reference serializes ConstraintValue. Object keys are byte-wise sorted. */
export function writeValue(w: CborWriter, value: ConstraintValue, depth = 0): void {
  if (depth > 64) throw new TenuoError(ErrorCode.InvalidPayloadStructure, 'value nested too deeply');
  switch (kindOf(value)) {
    case 'string':
      w.text(value as string);
      return;
    case 'integer':
      w.int(integerOf(value as number | bigint));
      return;
    case 'float':
      w.float(floatOf(value as number | FloatValue));
      return;
    case 'boolean':
      w.bool(value as boolean);
      return;
    case 'null':
      w.null();
      return;
    case 'list': {
      const list = value as readonly ConstraintValue[];
      w.arrayHeader(list.length);
      for (const item of list) writeValue(w, item, depth + 1);
      return;
    }
    case 'object': {
      const entries = Object.entries(value as Record<string, ConstraintValue>).sort(([a], [b]) => compareUtf8(a, b));
      w.mapHeader(entries.length);
      for (const [key, item] of entries) {
        w.text(key);
        writeValue(w, item, depth + 1);
      }
    }
  }
}

/**
 * Reads a ConstraintValue the way the reference's untagged enum resolves it:
 * integers in i64 → Integer, larger unsigned → Float (lossy, as the reference),
 * any float → Float, text-keyed maps → Object (keys strictly byte-ordered).
 */
export function readValue(r: CborReader, depth = 0): ConstraintValue {
  if (depth > 64) malformed('value nested too deeply');
  const major = r.peekMajor();
  switch (major) {
    case MAJOR_TEXT:
      return r.text();
    case MAJOR_UNSIGNED:
    case MAJOR_NEGATIVE: {
      const big = r.integer();
      if (big > I64_MAX) return float(Number(big));
      if (big < I64_MIN) malformed('integer below the 64-bit signed range');
      return Number.isSafeInteger(Number(big)) ? Number(big) : big;
    }
    case MAJOR_ARRAY: {
      const count = r.arrayHeader();
      const list: ConstraintValue[] = [];
      for (let i = 0; i < count; i++) list.push(readValue(r, depth + 1));
      return list;
    }
    case MAJOR_MAP: {
      const count = r.mapHeader();
      const object: Record<string, ConstraintValue> = Object.create(null);
      let previous: string | undefined;
      for (let i = 0; i < count; i++) {
        const key = r.text('object key');
        if (previous !== undefined && compareUtf8(previous, key) >= 0) malformed(`object keys out of order or duplicated at "${key}"`);
        previous = key;
        object[key] = readValue(r, depth + 1);
      }
      return Object.setPrototypeOf(object, Object.prototype) as Record<string, ConstraintValue>;
    }
    case MAJOR_BYTES:
      return malformed('byte strings are not constraint values');
    default: {
      if (r.isFloatNext()) {
        const f = r.float();
        return Number.isInteger(f) || Object.is(f, -0) ? float(f) : f;
      }
      const b = r.peekByte();
      if (b === 0xf4 || b === 0xf5) return r.bool();
      if (r.nullIfPresent()) return null;
      return malformed(`unsupported value at offset ${r.pos}`);
    }
  }
}

/** Strict equality of the reference (`Integer(1) ≠ Float(1.0) ≠ "1"`). */
export function valuesEqual(a: ConstraintValue, b: ConstraintValue): boolean {
  const ka = kindOf(a);
  if (ka !== kindOf(b)) return false;
  switch (ka) {
    case 'integer':
      return integerOf(a as number | bigint) === integerOf(b as number | bigint);
    case 'float': {
      const x = floatOf(a as number | FloatValue);
      const y = floatOf(b as number | FloatValue);
      return x === y; // IEEE equality: NaN ≠ NaN, 0.0 == -0.0, as f64 PartialEq
    }
    case 'list': {
      const la = a as readonly ConstraintValue[];
      const lb = b as readonly ConstraintValue[];
      return la.length === lb.length && la.every((item, i) => valuesEqual(item, lb[i] as ConstraintValue));
    }
    case 'object': {
      const ea = Object.keys(a as object);
      const oa = a as Record<string, ConstraintValue>;
      const ob = b as Record<string, ConstraintValue>;
      return ea.length === Object.keys(ob).length && ea.every((k) => Object.hasOwn(ob, k) && valuesEqual(oa[k] as ConstraintValue, ob[k] as ConstraintValue));
    }
    default:
      return a === b;
  }
}
