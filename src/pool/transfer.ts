/**
 * Argument values across the worker_threads boundary. Structured clone would
 * turn a `FloatValue` into a plain `{ value }` object (indistinguishable
 * afterwards), and cloning many small nested objects is slow, so args travel
 * as one string each:
 *
 * - args made only of strings, booleans, null, finite numbers other than -0,
 *   lists and ordinary objects: their JSON (starts with `{`);
 * - otherwise the JSON of an explicit tagging (starts with `[`): bigint →
 *   `['n', decimal]`, FloatValue → `['f', number]`, NaN / ±Infinity / -0 →
 *   `['d', 'NaN' | 'Infinity' | '-Infinity' | '-0']`, list → `['l', items]`,
 *   object → `['o', keys, values]` (`'O'` for a null-prototype object).
 *   Arrays never appear untagged there, so decoding is unambiguous.
 *
 * Key order, kinds and prototypes come back exactly. Anything outside the
 * value model (undefined, functions, symbols, class instances, holes, cycles,
 * absurd nesting) throws `Untransferable`: the pool then decides that request
 * in the calling thread, so even invalid input gets the in-thread decision.
 */
import { ErrorCode, TenuoError } from '../errors.js';
import { type ConstraintValue, FloatValue } from '../model/value.js';
import type { ToolArgs } from '../pop/challenge.js';

type Special = 'NaN' | 'Infinity' | '-Infinity' | '-0';
export type TaggedValue =
  | string
  | number
  | boolean
  | null
  | readonly ['d', Special]
  | readonly ['n', string]
  | readonly ['f', number | readonly ['d', Special]]
  | readonly ['l', readonly TaggedValue[]]
  | readonly ['o' | 'O', readonly string[], readonly TaggedValue[]];

/** Deeper than any value the verifier accepts (64), shallow enough for the stack. */
const MAX_TRANSFER_DEPTH = 256;

/** Thrown by the encoders for input only the calling thread can judge exactly. */
export class Untransferable extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'Untransferable';
  }
}

function isPlainObject(value: object): boolean {
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** A number JSON writes and reads back as itself. */
function jsonSafe(n: number): boolean {
  return Number.isFinite(n) && !Object.is(n, -0);
}

/** Validates a value; true when its JSON alone carries it exactly. */
function check(value: unknown, depth: number, open: object[]): boolean {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return true;
    case 'number':
      return jsonSafe(value);
    case 'bigint':
      return false;
    case 'object':
      break;
    default:
      throw new Untransferable(`a ${typeof value} is not an argument value`);
  }
  if (value === null) return true;
  if (value instanceof FloatValue) {
    if (Object.getPrototypeOf(value) !== FloatValue.prototype || typeof value.value !== 'number') throw new Untransferable('FloatValue subclass');
    return false;
  }
  if (depth >= MAX_TRANSFER_DEPTH) throw new Untransferable('value nested too deeply to transfer');
  if (open.includes(value)) throw new Untransferable('cyclic value');
  open.push(value);
  let plain = true;
  if (Array.isArray(value)) {
    if (Object.getPrototypeOf(value) !== Array.prototype) throw new Untransferable('Array subclass');
    for (let i = 0; i < value.length; i++) {
      if (!(i in value)) throw new Untransferable('sparse list');
      if (!check(value[i], depth + 1, open)) plain = false;
    }
  } else {
    const proto = Object.getPrototypeOf(value);
    if (proto !== Object.prototype) {
      if (proto !== null) throw new Untransferable('not a plain object');
      plain = false;
    }
    for (const key of Object.keys(value)) if (!check((value as Record<string, unknown>)[key], depth + 1, open)) plain = false;
  }
  open.pop();
  return plain;
}

function tagNumber(n: number): number | readonly ['d', Special] {
  return jsonSafe(n) ? n : ['d', Object.is(n, -0) ? '-0' : (String(n) as Special)];
}

/** The tagged form of a value `check` accepted. */
function tag(value: unknown): TaggedValue {
  if (typeof value === 'number') return tagNumber(value);
  if (typeof value === 'bigint') return ['n', value.toString()];
  if (typeof value !== 'object' || value === null) return value as string | boolean | null;
  if (value instanceof FloatValue) return ['f', tagNumber(value.value)];
  if (Array.isArray(value)) return ['l', value.map(tag)];
  const keys = Object.keys(value);
  return [Object.getPrototypeOf(value) === null ? 'O' : 'o', keys, keys.map((k) => tag((value as Record<string, unknown>)[k]))];
}

const SPECIALS: Record<Special, number> = { NaN: NaN, Infinity: Infinity, '-Infinity': -Infinity, '-0': -0 };

function untagNumber(n: number | readonly ['d', Special]): number {
  if (typeof n === 'number') return n;
  const v = n[0] === 'd' ? SPECIALS[n[1]] : undefined;
  if (v === undefined) throw new TenuoError(ErrorCode.InvalidPayloadStructure, 'bad number in transferred args');
  return v;
}

function untag(wire: TaggedValue): ConstraintValue {
  if (!Array.isArray(wire)) return wire as string | number | boolean | null;
  const tagged = wire as Exclude<TaggedValue, string | number | boolean | null>;
  switch (tagged[0]) {
    case 'd':
      return untagNumber(tagged);
    case 'n':
      return BigInt(tagged[1]);
    case 'f':
      return new FloatValue(untagNumber(tagged[1]));
    case 'l':
      return tagged[1].map(untag);
    case 'o':
    case 'O': {
      const [, keys, values] = tagged;
      // Built on a null prototype so a key named "__proto__" stays an own property.
      const object: Record<string, ConstraintValue> = Object.create(null);
      for (let i = 0; i < keys.length; i++) object[keys[i] as string] = untag(values[i] as TaggedValue);
      return tagged[0] === 'O' ? object : (Object.setPrototypeOf(object, Object.prototype) as Record<string, ConstraintValue>);
    }
  }
  throw new TenuoError(ErrorCode.InvalidPayloadStructure, `unknown transfer tag ${String((tagged as unknown[])[0])}`);
}

/** Encodes tool arguments (a plain object of argument values) as one string; throws `Untransferable` otherwise. */
export function encodeArgs(args: unknown): string {
  if (typeof args !== 'object' || args === null || Array.isArray(args) || !isPlainObject(args)) throw new Untransferable('args is not a plain object');
  return check(args, 0, []) ? JSON.stringify(args) : JSON.stringify(tag(args));
}

/** The exact arguments `encodeArgs` was given (same kinds, key order and prototypes). */
export function decodeArgs(wire: string): ToolArgs {
  return argsFromParsed(JSON.parse(wire));
}

/**
 * The arguments from the parsed JSON of an `encodeArgs` string (a chunk
 * carries all of its requests' args as one JSON array and parses it once).
 */
export function argsFromParsed(parsed: unknown): ToolArgs {
  // JSON.parse defines "__proto__" as an own property, like the null-prototype path above.
  const args = Array.isArray(parsed) ? untag(parsed as unknown as TaggedValue) : (parsed as ConstraintValue);
  if (typeof args !== 'object' || args === null || Array.isArray(args) || args instanceof FloatValue) {
    throw new TenuoError(ErrorCode.InvalidPayloadStructure, 'transferred args are not an object');
  }
  return args as ToolArgs;
}

