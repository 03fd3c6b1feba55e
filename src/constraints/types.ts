/**
 * The constraint classes, named and shaped as the reference's types. Each one
 * encodes its value exactly as the reference's serializer does (reference-map
 * §2.1): `{"value"}` Exact, bare-string Cidr/UrlPattern, Range with both flags
 * and float bounds, `{"expression"}` Cel, and so on.
 *
 * Constructors validate like the reference's constructors; decoded constraints
 * are taken as the reference's decoder takes them (see codec.ts).
 */
import type { CborWriter } from '../cbor/writer.js';
import { type ConstraintValue, kindOf, numberOf, valuesEqual, writeValue } from '../model/value.js';
import { ErrorCode, TenuoError } from '../errors.js';
import { globMatch, isValidGlob } from './glob.js';
import { matchesCel } from './cel.js';
import { isValidRegex, regexMatch } from './regex.js';
import { matchesCidr } from './net.js';
import { matchesShlex } from './shlex.js';
import { matchesSubpath } from './subpath.js';
import { compileUrlPattern, matchesUrlPattern, type UrlMatcher } from './url-pattern.js';
import { matchesUrlSafe } from './url-safe.js';
import { toHex } from '../util/bytes.js';
import { Constraint, ConstraintTypeId, invalidConstraint, writeTextList } from './base.js';
import { type IpNetwork, parseIpNetwork } from './ip.js';
import { isAbsolutePath, normalizePath } from './path.js';

/** Passed by the decoder so wire values skip constructor-only normalisation. */
export const FROM_WIRE: unique symbol = Symbol('tenuo.fromWire');
type WireFlag = typeof FROM_WIRE;

function expectString(value: unknown, what: string): string {
  if (typeof value !== 'string') invalidConstraint(`${what} must be a string`);
  return value;
}

function expectStringList(value: unknown, what: string): string[] {
  if (!Array.isArray(value) || !value.every((v) => typeof v === 'string')) invalidConstraint(`${what} must be an array of strings`);
  return [...value];
}

function expectValueList(value: unknown, what: string): ConstraintValue[] {
  if (!Array.isArray(value)) invalidConstraint(`${what} must be an array`);
  for (const item of value) kindOf(item);
  return [...value] as ConstraintValue[];
}

export class Exact extends Constraint {
  readonly typeId = ConstraintTypeId.Exact;
  readonly typeName = 'Exact';
  readonly value: ConstraintValue;
  constructor(value: ConstraintValue) {
    super();
    kindOf(value);
    this.value = value;
  }
  writeValue(w: CborWriter): void {
    w.mapHeader(1).text('value');
    writeValue(w, this.value);
  }
  matches(value: ConstraintValue): boolean {
    return valuesEqual(this.value, value);
  }

  toJSON() {
    return { type: this.typeName, value: this.value };
  }
}

export class Pattern extends Constraint {
  readonly typeId = ConstraintTypeId.Pattern;
  readonly typeName = 'Pattern';
  readonly pattern: string;
  constructor(pattern: string) {
    super();
    this.pattern = expectString(pattern, 'Pattern');
  }
  writeValue(w: CborWriter): void {
    w.mapHeader(1).text('pattern').text(this.pattern);
  }
  /** Glob match (the Rust glob crate's rules, in WASM); an invalid pattern throws, whatever the value. */
  matches(value: ConstraintValue): boolean {
    if (typeof value !== 'string') {
      if (!isValidGlob(this.pattern)) throw new TenuoError(ErrorCode.ConstraintViolation, `invalid glob pattern "${this.pattern}"`);
      return false;
    }
    return globMatch(this.pattern, value);
  }

  toJSON() {
    return { type: this.typeName, pattern: this.pattern };
  }
}

export class Regex extends Constraint {
  readonly typeId = ConstraintTypeId.Regex;
  readonly typeName = 'Regex';
  readonly pattern: string;
  constructor(pattern: string) {
    super();
    this.pattern = expectString(pattern, 'Regex');
  }
  writeValue(w: CborWriter): void {
    w.mapHeader(1).text('pattern').text(this.pattern);
  }
  /** Unanchored search with the Rust regex crate's semantics (linear time, in WASM); an invalid pattern throws, whatever the value. */
  matches(value: ConstraintValue): boolean {
    if (typeof value !== 'string') {
      if (!isValidRegex(this.pattern)) throw new TenuoError(ErrorCode.ConstraintViolation, `invalid regex: ${this.pattern}`);
      return false;
    }
    return regexMatch(this.pattern, value);
  }
  toJSON() {
    return { type: this.typeName, pattern: this.pattern };
  }
}

export interface RangeOptions {
  min?: number | null;
  max?: number | null;
  /** Default true. */
  minInclusive?: boolean;
  /** Default true. */
  maxInclusive?: boolean;
}

export class Range extends Constraint {
  readonly typeId = ConstraintTypeId.Range;
  readonly typeName = 'Range';
  readonly min: number | null;
  readonly max: number | null;
  readonly minInclusive: boolean;
  readonly maxInclusive: boolean;
  constructor(options: RangeOptions, wire?: WireFlag) {
    super();
    if (typeof options !== 'object' || options === null) invalidConstraint('Range needs { min?, max? }');
    const bound = (v: unknown, name: string): number | null => {
      if (v === undefined || v === null) return null;
      if (typeof v !== 'number') invalidConstraint(`Range ${name} must be a number`);
      // The reference's constructor refuses NaN bounds; decoded ones are kept.
      if (Number.isNaN(v) && wire !== FROM_WIRE) invalidConstraint(`Range ${name} cannot be NaN`);
      return v;
    };
    this.min = bound(options.min, 'min');
    this.max = bound(options.max, 'max');
    this.minInclusive = options.minInclusive ?? true;
    this.maxInclusive = options.maxInclusive ?? true;
    if (typeof this.minInclusive !== 'boolean' || typeof this.maxInclusive !== 'boolean') invalidConstraint('Range inclusivity flags must be booleans');
  }
  writeValue(w: CborWriter): void {
    w.mapHeader(4);
    w.text('min');
    if (this.min === null) w.null();
    else w.float(this.min);
    w.text('max');
    if (this.max === null) w.null();
    else w.float(this.max);
    w.text('min_inclusive').bool(this.minInclusive);
    w.text('max_inclusive').bool(this.maxInclusive);
  }
  /** Integers and floats only; NaN never matches. */
  matches(value: ConstraintValue): boolean {
    const n = numberOf(value);
    if (n === undefined || Number.isNaN(n)) return false;
    const minOk = this.min === null || (this.minInclusive ? n >= this.min : n > this.min);
    const maxOk = this.max === null || (this.maxInclusive ? n <= this.max : n < this.max);
    return minOk && maxOk;
  }

  toJSON() {
    return { type: this.typeName, min: this.min, max: this.max, minInclusive: this.minInclusive, maxInclusive: this.maxInclusive };
  }
}

/** Shared shape of the list-valued constraints. */
abstract class ValueListConstraint extends Constraint {
  protected abstract readonly field: string;
  abstract readonly list: readonly ConstraintValue[];
  protected includes(value: ConstraintValue): boolean {
    return this.list.some((item) => valuesEqual(item, value));
  }
  writeValue(w: CborWriter): void {
    w.mapHeader(1).text(this.field).arrayHeader(this.list.length);
    for (const item of this.list) writeValue(w, item);
  }
  toJSON() {
    return { type: this.typeName, [this.field]: this.list };
  }
}

export class OneOf extends ValueListConstraint {
  readonly typeId = ConstraintTypeId.OneOf;
  readonly typeName = 'OneOf';
  protected readonly field = 'values';
  readonly values: readonly ConstraintValue[];
  constructor(values: readonly ConstraintValue[]) {
    super();
    this.values = expectValueList(values, 'OneOf values');
  }
  /** Strict membership (Integer 1 ≠ Float 1.0 ≠ "1"); an empty list matches nothing. */
  matches(value: ConstraintValue): boolean {
    return this.includes(value);
  }
  get list() {
    return this.values;
  }
}

export class NotOneOf extends ValueListConstraint {
  readonly typeId = ConstraintTypeId.NotOneOf;
  readonly typeName = 'NotOneOf';
  protected readonly field = 'excluded';
  readonly excluded: readonly ConstraintValue[];
  constructor(excluded: readonly ConstraintValue[]) {
    super();
    this.excluded = expectValueList(excluded, 'NotOneOf excluded');
  }
  matches(value: ConstraintValue): boolean {
    return !this.includes(value);
  }
  get list() {
    return this.excluded;
  }
}

export class Contains extends ValueListConstraint {
  readonly typeId = ConstraintTypeId.Contains;
  readonly typeName = 'Contains';
  protected readonly field = 'required';
  readonly required: readonly ConstraintValue[];
  constructor(required: readonly ConstraintValue[]) {
    super();
    this.required = expectValueList(required, 'Contains required');
  }
  /** A list argument holding every required value. */
  matches(value: ConstraintValue): boolean {
    if (!Array.isArray(value)) return false;
    const list = value as readonly ConstraintValue[];
    return this.required.every((r) => list.some((item) => valuesEqual(item, r)));
  }
  get list() {
    return this.required;
  }
}

export class Subset extends ValueListConstraint {
  readonly typeId = ConstraintTypeId.Subset;
  readonly typeName = 'Subset';
  protected readonly field = 'allowed';
  readonly allowed: readonly ConstraintValue[];
  constructor(allowed: readonly ConstraintValue[]) {
    super();
    this.allowed = expectValueList(allowed, 'Subset allowed');
  }
  /** A list argument whose every item is allowed (the empty list included). */
  matches(value: ConstraintValue): boolean {
    if (!Array.isArray(value)) return false;
    return (value as readonly ConstraintValue[]).every((item) => this.includes(item));
  }
  get list() {
    return this.allowed;
  }
}

export class Cidr extends Constraint {
  readonly typeId = ConstraintTypeId.Cidr;
  readonly typeName = 'Cidr';
  /** The text as given (it is what goes on the wire). */
  readonly network: string;
  /** @internal Parsed form. */
  readonly parsed: IpNetwork;
  constructor(network: string) {
    super();
    this.network = expectString(network, 'Cidr');
    const parsed = parseIpNetwork(network);
    if (!parsed) invalidConstraint(`invalid CIDR network "${network}"`);
    this.parsed = parsed;
  }
  writeValue(w: CborWriter): void {
    w.text(this.network);
  }
  matches(value: ConstraintValue): boolean {
    return matchesCidr(this, value);
  }
  toJSON() {
    return { type: this.typeName, network: this.network };
  }
}

export class UrlPattern extends Constraint {
  readonly typeId = ConstraintTypeId.UrlPattern;
  readonly typeName = 'UrlPattern';
  readonly pattern: string;
  /** @internal The parsed pattern. */
  readonly matcher: UrlMatcher;
  constructor(pattern: string) {
    super();
    this.pattern = expectString(pattern, 'UrlPattern');
    try {
      this.matcher = compileUrlPattern(pattern);
    } catch (e) {
      invalidConstraint(e instanceof Error ? e.message : `invalid UrlPattern "${pattern}"`);
    }
  }
  writeValue(w: CborWriter): void {
    w.text(this.pattern);
  }
  matches(value: ConstraintValue): boolean {
    return matchesUrlPattern(this, value);
  }
  toJSON() {
    return { type: this.typeName, pattern: this.pattern };
  }
}

export interface CelOptions {
  parentExpression?: string;
}

export class Cel extends Constraint {
  readonly typeId = ConstraintTypeId.Cel;
  readonly typeName = 'Cel';
  readonly expression: string;
  readonly parentExpression: string | undefined;
  constructor(expression: string, options: CelOptions = {}) {
    super();
    this.expression = expectString(expression, 'Cel expression');
    this.parentExpression = options.parentExpression === undefined ? undefined : expectString(options.parentExpression, 'Cel parentExpression');
  }
  writeValue(w: CborWriter): void {
    w.mapHeader(this.parentExpression === undefined ? 1 : 2).text('expression').text(this.expression);
    if (this.parentExpression !== undefined) w.text('parent_expression').text(this.parentExpression);
  }
  /** CEL in the reference's dialect (cel-interpreter 0.10), with step and size limits. */
  matches(value: ConstraintValue): boolean {
    return matchesCel(this, value);
  }
  toJSON() {
    return { type: this.typeName, expression: this.expression, ...(this.parentExpression === undefined ? {} : { parentExpression: this.parentExpression }) };
  }
}

export class Wildcard extends Constraint {
  readonly typeId = ConstraintTypeId.Wildcard;
  readonly typeName = 'Wildcard';
  writeValue(w: CborWriter): void {
    w.null();
  }
  matches(_value: ConstraintValue): boolean {
    return true;
  }

  toJSON() {
    return { type: this.typeName };
  }
}

export interface SubpathOptions {
  /** Default true. */
  caseSensitive?: boolean;
  /** Default true. */
  allowEqual?: boolean;
}

export class Subpath extends Constraint {
  readonly typeId = ConstraintTypeId.Subpath;
  readonly typeName = 'Subpath';
  readonly root: string;
  readonly caseSensitive: boolean;
  readonly allowEqual: boolean;
  /** @internal What a contained path starts with: the root without trailing slashes, then `/`. */
  readonly containedPrefix: string;
  constructor(root: string, options: SubpathOptions = {}, wire?: WireFlag) {
    super();
    expectString(root, 'Subpath root');
    this.caseSensitive = options.caseSensitive ?? true;
    this.allowEqual = options.allowEqual ?? true;
    if (wire === FROM_WIRE) {
      // The reference uses a decoded root verbatim.
      this.root = root;
    } else {
      if (!isAbsolutePath(root)) invalidConstraint(`Subpath root "${root}" must be an absolute path`);
      const normalized = normalizePath(root);
      this.root = this.caseSensitive ? normalized : normalized.toLowerCase();
    }
    this.containedPrefix = `${this.root.replace(/\/+$/, '')}/`;
  }
  writeValue(w: CborWriter): void {
    w.mapHeader(3).text('root').text(this.root);
    w.text('case_sensitive').bool(this.caseSensitive);
    w.text('allow_equal').bool(this.allowEqual);
  }
  matches(value: ConstraintValue): boolean {
    return matchesSubpath(this, value);
  }
  toJSON() {
    return { type: this.typeName, root: this.root, caseSensitive: this.caseSensitive, allowEqual: this.allowEqual };
  }
}

export interface UrlSafeOptions {
  schemes?: readonly string[];
  allowDomains?: readonly string[] | null;
  denyDomains?: readonly string[] | null;
  allowPorts?: readonly number[] | null;
  blockPrivate?: boolean;
  blockLoopback?: boolean;
  blockMetadata?: boolean;
  blockReserved?: boolean;
  blockInternalTlds?: boolean;
}

export class UrlSafe extends Constraint {
  readonly typeId = ConstraintTypeId.UrlSafe;
  readonly typeName = 'UrlSafe';
  readonly schemes: readonly string[];
  readonly allowDomains: readonly string[] | null;
  readonly denyDomains: readonly string[] | null;
  readonly allowPorts: readonly number[] | null;
  readonly blockPrivate: boolean;
  readonly blockLoopback: boolean;
  readonly blockMetadata: boolean;
  readonly blockReserved: boolean;
  readonly blockInternalTlds: boolean;
  constructor(options: UrlSafeOptions = {}) {
    super();
    const flag = (v: unknown, fallback: boolean, name: string): boolean => {
      if (v === undefined) return fallback;
      if (typeof v !== 'boolean') invalidConstraint(`UrlSafe ${name} must be a boolean`);
      return v;
    };
    const list = (v: readonly string[] | null | undefined, name: string) => (v === undefined || v === null ? null : expectStringList(v, `UrlSafe ${name}`));
    this.schemes = options.schemes === undefined ? ['http', 'https'] : expectStringList(options.schemes, 'UrlSafe schemes');
    this.allowDomains = list(options.allowDomains, 'allowDomains');
    this.denyDomains = list(options.denyDomains, 'denyDomains');
    if (options.allowPorts === undefined || options.allowPorts === null) this.allowPorts = null;
    else {
      if (!Array.isArray(options.allowPorts) || !options.allowPorts.every((p) => Number.isInteger(p) && p >= 0 && p <= 0xffff)) {
        invalidConstraint('UrlSafe allowPorts must be an array of port numbers (0–65535)');
      }
      this.allowPorts = [...options.allowPorts];
    }
    this.blockPrivate = flag(options.blockPrivate, true, 'blockPrivate');
    this.blockLoopback = flag(options.blockLoopback, true, 'blockLoopback');
    this.blockMetadata = flag(options.blockMetadata, true, 'blockMetadata');
    this.blockReserved = flag(options.blockReserved, true, 'blockReserved');
    this.blockInternalTlds = flag(options.blockInternalTlds, false, 'blockInternalTlds');
  }
  writeValue(w: CborWriter): void {
    const optionalList = (v: readonly string[] | null) => (v === null ? w.null() : writeTextList(w, v));
    w.mapHeader(9);
    w.text('schemes');
    writeTextList(w, this.schemes);
    w.text('allow_domains');
    optionalList(this.allowDomains);
    w.text('deny_domains');
    optionalList(this.denyDomains);
    w.text('allow_ports');
    if (this.allowPorts === null) w.null();
    else {
      w.arrayHeader(this.allowPorts.length);
      for (const port of this.allowPorts) w.uint(port);
    }
    w.text('block_private').bool(this.blockPrivate);
    w.text('block_loopback').bool(this.blockLoopback);
    w.text('block_metadata').bool(this.blockMetadata);
    w.text('block_reserved').bool(this.blockReserved);
    w.text('block_internal_tlds').bool(this.blockInternalTlds);
  }
  matches(value: ConstraintValue): boolean {
    return matchesUrlSafe(this, value);
  }
  toJSON() {
    const { schemes, allowDomains, denyDomains, allowPorts, blockPrivate, blockLoopback, blockMetadata, blockReserved, blockInternalTlds } = this;
    return { type: this.typeName, schemes, allowDomains, denyDomains, allowPorts, blockPrivate, blockLoopback, blockMetadata, blockReserved, blockInternalTlds };
  }
}

export class Shlex extends Constraint {
  readonly typeId = ConstraintTypeId.Shlex;
  readonly typeName = 'Shlex';
  readonly allow: readonly string[];
  constructor(allow: readonly string[]) {
    super();
    this.allow = expectStringList(allow, 'Shlex allow');
  }
  writeValue(w: CborWriter): void {
    w.mapHeader(1).text('allow');
    writeTextList(w, this.allow);
  }
  matches(value: ConstraintValue): boolean {
    return matchesShlex(this, value);
  }
  toJSON() {
    return { type: this.typeName, allow: this.allow };
  }
}

/** A type id this version does not know; kept opaque, always fails authorization. */
export class UnknownConstraint extends Constraint {
  readonly typeName = 'Unknown';
  readonly typeId: number;
  readonly payload: Uint8Array;
  constructor(typeId: number, payload: Uint8Array = new Uint8Array()) {
    super();
    if (!Number.isInteger(typeId) || typeId < 0 || typeId > 255) invalidConstraint('Unknown constraint type id must be 0–255');
    if ((Object.values(ConstraintTypeId) as number[]).includes(typeId)) invalidConstraint(`type id ${typeId} is a known constraint type`);
    if (!(payload instanceof Uint8Array)) invalidConstraint('Unknown constraint payload must be a Uint8Array');
    this.typeId = typeId;
    this.payload = payload.slice();
  }
  writeValue(w: CborWriter): void {
    w.bytes(this.payload);
  }
  /** A type this version does not understand never authorizes anything. */
  matches(_value: ConstraintValue): boolean {
    throw new TenuoError(ErrorCode.UnknownConstraintType, `unknown constraint type ${this.typeId} cannot be evaluated`);
  }

  toJSON() {
    return { type: this.typeName, typeId: this.typeId, payload: toHex(this.payload) };
  }
}
