/**
 * Runtime values of cel-interpreter 0.10.0 (`Value`), map keys (`Key`), and
 * the conversion of Tenuo's value model into them.
 *
 * Representation: null, bool, int (bigint), double (number), string and
 * bytes (Uint8Array) are JS values; list is an array; uint, duration,
 * timestamp, map and function values are the classes below.
 */
import { ErrorCode, TenuoError } from '../../errors.js';
import { type ConstraintValue, FloatValue, integerOf, kindOf } from '../../model/value.js';
import { I64_MAX } from './rust.js';

/** cel-interpreter `Value::UInt`. */
export class CelUint {
  constructor(readonly v: bigint) {}
}

/** cel-interpreter `Value::Duration` (chrono TimeDelta), in nanoseconds. */
export class CelDuration {
  constructor(readonly ns: bigint) {}
}

/** cel-interpreter `Value::Timestamp` (chrono DateTime<FixedOffset>). */
export class CelTimestamp {
  /** `ns`: UTC nanoseconds since the epoch; `offset`: seconds east of UTC. */
  constructor(
    readonly ns: bigint,
    readonly offset: number,
  ) {}
}

/** cel-interpreter `Value::Function` (a member access naming a function). */
export class CelFunctionValue {
  constructor(
    readonly name: string,
    readonly target: CelVal,
  ) {}
}

export type MapKey = bigint | CelUint | boolean | string;

/** cel-interpreter `Value::Map` (keys Int, UInt, Bool or String), keyed by `keyId`. */
export class CelMap {
  constructor(readonly entries: Map<string, readonly [MapKey, CelVal]>) {}
  get size(): number {
    return this.entries.size;
  }
}

export type CelVal = null | boolean | bigint | number | string | Uint8Array | readonly CelVal[] | CelMap | CelUint | CelDuration | CelTimestamp | CelFunctionValue;

export const NS_PER_SEC = 1_000_000_000n;
/** chrono TimeDelta bounds: ±i64::MAX milliseconds. */
export const DURATION_MAX_NS = I64_MAX * 1_000_000n;

export function typeName(v: CelVal): string {
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

export function isList(v: CelVal): v is readonly CelVal[] {
  return Array.isArray(v);
}

/** The `CelMap.entries` key of `k` (keys of different types never collide). */
export function keyId(k: MapKey): string {
  if (typeof k === 'bigint') return `i${k}`;
  if (k instanceof CelUint) return `u${k.v}`;
  if (typeof k === 'boolean') return `b${k}`;
  return `s${k}`;
}

/** `TryInto<Key> for Value`. */
export function asKey(v: CelVal): MapKey | undefined {
  if (typeof v === 'bigint' || typeof v === 'boolean' || typeof v === 'string' || v instanceof CelUint) return v;
  return undefined;
}

/** `Key`'s Display (used by `has()`). */
export function keyText(k: MapKey): string {
  if (k instanceof CelUint) return k.v.toString();
  return String(k);
}

/** `Map::get`: exact key, then the int/uint twin. */
export function mapGet(m: CelMap, k: MapKey): CelVal | undefined {
  const hit = m.entries.get(keyId(k));
  if (hit) return hit[1];
  if (typeof k === 'bigint' && k >= 0n) return m.entries.get(`u${k}`)?.[1];
  if (k instanceof CelUint && k.v <= I64_MAX) return m.entries.get(`i${k.v}`)?.[1];
  return undefined;
}

const MAX_VALUE_DEPTH = 64;

/** Tenuo's value model → CEL values (objects become string-keyed maps). */
export function toCel(v: ConstraintValue, depth = 0): CelVal {
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
