/**
 * Common shape of every constraint: a wire type id and a value body, written
 * as the two-element array `[type_id, value]`.
 */
import type { CborReader } from '../cbor/reader.js';
import { malformed } from '../cbor/reader.js';
import type { CborWriter } from '../cbor/writer.js';
import { ErrorCode, TenuoError } from '../errors.js';
import type { ConstraintValue } from '../model/value.js';

/** Wire type ids (wire-format §6). */
export const ConstraintTypeId = {
  Exact: 1,
  Pattern: 2,
  Range: 3,
  OneOf: 4,
  Regex: 5,
  NotOneOf: 7,
  Cidr: 8,
  UrlPattern: 9,
  Contains: 10,
  Subset: 11,
  All: 12,
  Any: 13,
  Not: 14,
  Cel: 15,
  Wildcard: 16,
  Subpath: 17,
  UrlSafe: 18,
  Shlex: 128,
} as const;

/** All/Any/Not levels allowed inside one constraint (spec §13). */
export const MAX_CONSTRAINT_NESTING = 32;

export abstract class Constraint {
  /** The wire type id. */
  abstract readonly typeId: number;
  /** The reference's name for the type (`Pattern`, `Range`, …). */
  abstract readonly typeName: string;

  /** @internal Writes the value element of `[type_id, value]`. */
  abstract writeValue(w: CborWriter): void;

  /**
   * Does `value` satisfy this constraint? Returns false where the reference's
   * `matches` returns Ok(false) and throws a TenuoError where it returns an
   * error (an invalid pattern, an unparsable address, an unknown type…);
   * callers deny on both.
   */
  abstract matches(value: ConstraintValue): boolean;

  /** @internal */
  write(w: CborWriter): void {
    w.arrayHeader(2).uint(this.typeId);
    this.writeValue(w);
  }

  /** A plain description of the constraint (for logs and `tenuo inspect`). */
  abstract toJSON(): Record<string, unknown>;
}

/**
 * Reads a derived-struct map, dispatching each field. As in the reference,
 * unknown names are skipped and a repeated name is an error.
 */
export function readStruct(r: CborReader, what: string, onField: (name: string) => boolean): void {
  const count = r.mapHeader(what);
  const seen = new Set<string>();
  for (let i = 0; i < count; i++) {
    const name = r.text(`${what} field name`);
    if (seen.has(name)) malformed(`duplicate field "${name}" in ${what}`);
    seen.add(name);
    if (!onField(name)) r.skip();
  }
}

export function requireField<T>(value: T | undefined, what: string, field: string): T {
  if (value === undefined) malformed(`${what} is missing field "${field}"`);
  return value;
}

export function invalidConstraint(message: string): never {
  throw new TenuoError(ErrorCode.InvalidPayloadStructure, message);
}

export function readTextList(r: CborReader, what: string): string[] {
  const count = r.arrayHeader(what);
  const out: string[] = [];
  for (let i = 0; i < count; i++) out.push(r.text(what));
  return out;
}

export function writeTextList(w: CborWriter, list: readonly string[]): void {
  w.arrayHeader(list.length);
  for (const item of list) w.text(item);
}
