/**
 * ConstraintSet: the per-tool map argument → constraint, plus `allow_unknown`.
 * Wire form `{"constraints": {…byte-ordered…}, "allow_unknown": true}` with the
 * flag written only when set.
 */
import type { CborReader } from '../cbor/reader.js';
import { malformed } from '../cbor/reader.js';
import type { CborWriter } from '../cbor/writer.js';
import { compareUtf8 } from '../util/bytes.js';
import { ErrorCode, TenuoError } from '../errors.js';
import type { ConstraintValue } from '../model/value.js';
import { Constraint, invalidConstraint, readStruct } from './base.js';
import { readConstraint } from './codec.js';

export type ConstraintMap = Readonly<Record<string, Constraint>>;

export class ConstraintSet {
  /** Arguments in the reference's byte-wise order. */
  readonly constraints: ReadonlyMap<string, Constraint>;
  readonly allowUnknown: boolean;
  /** The same entries as arrays, for the per-call check. */
  private readonly names: readonly string[];
  private readonly list: readonly Constraint[];

  constructor(constraints: ConstraintMap | ReadonlyMap<string, Constraint> = {}, allowUnknown = false) {
    const entries = constraints instanceof Map ? [...constraints.entries()] : Object.entries(constraints as ConstraintMap);
    for (const [name, c] of entries) {
      if (!(c instanceof Constraint)) invalidConstraint(`constraint for argument "${name}" is not a Constraint`);
    }
    if (typeof allowUnknown !== 'boolean') invalidConstraint('allowUnknown must be a boolean');
    entries.sort(([a], [b]) => compareUtf8(a, b));
    this.constraints = new Map(entries);
    this.allowUnknown = allowUnknown;
    this.names = entries.map(([name]) => name);
    this.list = entries.map(([, c]) => c);
  }

  get size(): number {
    return this.constraints.size;
  }

  get(argument: string): Constraint | undefined {
    return this.constraints.get(argument);
  }

  /** A copy with `overrides` replacing or adding arguments. */
  with(overrides: ReadonlyMap<string, Constraint>): ConstraintSet {
    const merged = new Map(this.constraints);
    for (const [name, c] of overrides) merged.set(name, c);
    return new ConstraintSet(merged, this.allowUnknown);
  }

  /**
   * Checks a tool call's arguments as the reference does: an empty set allows
   * anything; otherwise (unless allow_unknown) every argument must be
   * constrained, then every constrained argument must be present and match,
   * in byte order of the names. Throws ConstraintViolation naming the argument.
   */
  check(args: Readonly<Record<string, ConstraintValue>>): void {
    const names = this.names;
    if (names.length === 0) return;
    if (!this.allowUnknown) this.refuseUnknown(args);
    for (let i = 0; i < names.length; i++) {
      const name = names[i] as string;
      if (!Object.hasOwn(args, name)) throw new TenuoError(ErrorCode.ConstraintViolation, `missing required argument "${name}"`, { field: name });
      const constraint = this.list[i] as Constraint;
      let ok: boolean;
      try {
        ok = constraint.matches(args[name] as ConstraintValue);
      } catch (e) {
        if (e instanceof TenuoError) throw new TenuoError(e.code, `argument "${name}": ${e.message}`, { field: name, constraint: constraint.typeName });
        throw e;
      }
      if (!ok) throw new TenuoError(ErrorCode.ConstraintViolation, `argument "${name}" does not satisfy its ${constraint.typeName} constraint`, { field: name, constraint: constraint.typeName });
    }
  }

  /** Throws for the byte-wise first argument that has no constraint. */
  private refuseUnknown(args: Readonly<Record<string, ConstraintValue>>): void {
    let unknown: string | undefined;
    // for-in rather than Object.keys: no array per call; inherited keys are skipped as Object.keys would.
    for (const name in args) {
      if (this.constraints.has(name) || !Object.hasOwn(args, name)) continue;
      if (unknown === undefined || compareUtf8(name, unknown) < 0) unknown = name;
    }
    if (unknown !== undefined) throw new TenuoError(ErrorCode.ConstraintViolation, `argument "${unknown}" is not allowed by the warrant`, { field: unknown });
  }

  /** @internal */
  write(w: CborWriter): void {
    w.mapHeader(this.allowUnknown ? 2 : 1).text('constraints').mapHeader(this.constraints.size);
    for (const [name, c] of this.constraints) {
      w.text(name);
      c.write(w);
    }
    if (this.allowUnknown) w.text('allow_unknown').bool(true);
  }

  /** @internal Key order and duplicates are enforced by the canonical re-encoding check of the payload. */
  static read(r: CborReader, what = 'ConstraintSet'): ConstraintSet {
    let constraints: Map<string, Constraint> | undefined;
    let allowUnknown = false;
    readStruct(r, what, (name) => {
      if (name === 'constraints') {
        const count = r.mapHeader(`${what} constraints`);
        constraints = new Map();
        for (let i = 0; i < count; i++) {
          const arg = r.text('argument name');
          if (constraints.has(arg)) malformed(`duplicate argument "${arg}" in ${what}`);
          constraints.set(arg, readConstraint(r));
        }
      } else if (name === 'allow_unknown') {
        allowUnknown = r.bool('allow_unknown');
      } else return false;
      return true;
    });
    if (!constraints) malformed(`${what} is missing field "constraints"`);
    return new ConstraintSet(constraints, allowUnknown);
  }

  toJSON(): Record<string, unknown> {
    return {
      constraints: Object.fromEntries([...this.constraints].map(([k, c]) => [k, c.toJSON()])),
      ...(this.allowUnknown ? { allowUnknown: true } : {}),
    };
  }
}
