/**
 * Decoding of `[type_id, value]` constraints with the reference's rules
 * (reference-map §2.0–2.1): known ids decode their struct, a bad Cidr or
 * UrlPattern fails the decode, an unknown id is kept opaque only when its
 * value is a byte string, and nesting is bounded.
 */
import { CborReader, malformed } from '../cbor/reader.js';
import { encodeWith, MAJOR_BYTES } from '../cbor/writer.js';
import { ErrorCode, TenuoError } from '../errors.js';
import { type ConstraintValue, readValue } from '../model/value.js';
import { bytesEqual } from '../util/bytes.js';
import { Constraint, ConstraintTypeId, MAX_CONSTRAINT_NESTING, readStruct, readTextList, requireField } from './base.js';
import { All, Any, Not } from './composite.js';
import {
  Cel,
  Cidr,
  Contains,
  Exact,
  FROM_WIRE,
  NotOneOf,
  OneOf,
  Pattern,
  Range,
  Regex,
  Shlex,
  Subpath,
  Subset,
  UnknownConstraint,
  UrlPattern,
  UrlSafe,
  Wildcard,
} from './types.js';

function readValueList(r: CborReader, what: string): ConstraintValue[] {
  const count = r.arrayHeader(what);
  const out: ConstraintValue[] = [];
  for (let i = 0; i < count; i++) out.push(readValue(r));
  return out;
}

/** A struct with exactly one field of interest. */
function readSingleField<T>(r: CborReader, what: string, field: string, read: () => T): T {
  let value: T | undefined;
  readStruct(r, what, (name) => {
    if (name !== field) return false;
    value = read();
    return true;
  });
  return requireField(value, what, field);
}

function wrapInvalid<T>(what: string, build: () => T): T {
  try {
    return build();
  } catch (e) {
    if (e instanceof TenuoError) malformed(`${what}: ${e.message}`);
    throw e;
  }
}

function readRange(r: CborReader): Range {
  let min: number | null = null;
  let max: number | null = null;
  let minInclusive: boolean | undefined;
  let maxInclusive: boolean | undefined;
  const bound = () => (r.nullIfPresent() ? null : r.float('Range bound'));
  readStruct(r, 'Range', (name) => {
    switch (name) {
      case 'min':
        min = bound();
        return true;
      case 'max':
        max = bound();
        return true;
      case 'min_inclusive':
        minInclusive = r.bool('Range min_inclusive');
        return true;
      case 'max_inclusive':
        maxInclusive = r.bool('Range max_inclusive');
        return true;
    }
    return false;
  });
  return new Range(
    {
      min,
      max,
      minInclusive: requireField(minInclusive, 'Range', 'min_inclusive'),
      maxInclusive: requireField(maxInclusive, 'Range', 'max_inclusive'),
    },
    FROM_WIRE,
  );
}

function readSubpath(r: CborReader): Subpath {
  let root: string | undefined;
  let caseSensitive = true;
  let allowEqual = true;
  readStruct(r, 'Subpath', (name) => {
    if (name === 'root') root = r.text('Subpath root');
    else if (name === 'case_sensitive') caseSensitive = r.bool();
    else if (name === 'allow_equal') allowEqual = r.bool();
    else return false;
    return true;
  });
  return new Subpath(requireField(root, 'Subpath', 'root'), { caseSensitive, allowEqual }, FROM_WIRE);
}

function readUrlSafe(r: CborReader): UrlSafe {
  const options: Record<string, unknown> = {};
  const optionalList = (what: string) => (r.nullIfPresent() ? null : readTextList(r, what));
  readStruct(r, 'UrlSafe', (name) => {
    switch (name) {
      case 'schemes':
        options.schemes = readTextList(r, 'UrlSafe schemes');
        return true;
      case 'allow_domains':
        options.allowDomains = optionalList('UrlSafe allow_domains');
        return true;
      case 'deny_domains':
        options.denyDomains = optionalList('UrlSafe deny_domains');
        return true;
      case 'allow_ports': {
        if (r.nullIfPresent()) options.allowPorts = null;
        else {
          const count = r.arrayHeader('UrlSafe allow_ports');
          const ports: number[] = [];
          for (let i = 0; i < count; i++) ports.push(r.uint(0xffff, 'port'));
          options.allowPorts = ports;
        }
        return true;
      }
      case 'block_private':
        options.blockPrivate = r.bool();
        return true;
      case 'block_loopback':
        options.blockLoopback = r.bool();
        return true;
      case 'block_metadata':
        options.blockMetadata = r.bool();
        return true;
      case 'block_reserved':
        options.blockReserved = r.bool();
        return true;
      case 'block_internal_tlds':
        options.blockInternalTlds = r.bool();
        return true;
    }
    return false;
  });
  return new UrlSafe(options);
}

function readCel(r: CborReader): Cel {
  let expression: string | undefined;
  let parentExpression: string | undefined;
  readStruct(r, 'Cel', (name) => {
    if (name === 'expression') expression = r.text();
    else if (name === 'parent_expression') parentExpression = r.nullIfPresent() ? undefined : r.text();
    else return false;
    return true;
  });
  return new Cel(requireField(expression, 'Cel', 'expression'), parentExpression === undefined ? {} : { parentExpression });
}

function readComposite(r: CborReader, typeId: number, level: number): Constraint {
  if (typeId === ConstraintTypeId.Not) {
    return new Not(readSingleField(r, 'Not', 'constraint', () => readConstraint(r, level + 1)));
  }
  const what = typeId === ConstraintTypeId.All ? 'All' : 'Any';
  const children = readSingleField(r, what, 'constraints', () => {
    const count = r.arrayHeader(`${what} constraints`);
    const out: Constraint[] = [];
    for (let i = 0; i < count; i++) out.push(readConstraint(r, level + 1));
    return out;
  });
  return typeId === ConstraintTypeId.All ? new All(children) : new Any(children);
}

/** Reads one `[type_id, value]` constraint. `level` counts enclosing All/Any/Not. */
export function readConstraint(r: CborReader, level = 0): Constraint {
  if (level > MAX_CONSTRAINT_NESTING) {
    throw new TenuoError(ErrorCode.TooManyConstraints, `constraint nesting exceeds ${MAX_CONSTRAINT_NESTING} levels`);
  }
  const length = r.arrayHeader('constraint');
  if (length !== 2) malformed(`constraint must be [type_id, value], got ${length} element(s)`);
  const typeId = r.uint(255, 'constraint type id');
  switch (typeId) {
    case ConstraintTypeId.Exact:
      return new Exact(readSingleField(r, 'Exact', 'value', () => readValue(r)));
    case ConstraintTypeId.Pattern:
      return new Pattern(readSingleField(r, 'Pattern', 'pattern', () => r.text()));
    case ConstraintTypeId.Regex:
      return new Regex(readSingleField(r, 'Regex', 'pattern', () => r.text()));
    case ConstraintTypeId.Range:
      return readRange(r);
    case ConstraintTypeId.OneOf:
      return new OneOf(readSingleField(r, 'OneOf', 'values', () => readValueList(r, 'OneOf values')));
    case ConstraintTypeId.NotOneOf:
      return new NotOneOf(readSingleField(r, 'NotOneOf', 'excluded', () => readValueList(r, 'NotOneOf excluded')));
    case ConstraintTypeId.Contains:
      return new Contains(readSingleField(r, 'Contains', 'required', () => readValueList(r, 'Contains required')));
    case ConstraintTypeId.Subset:
      return new Subset(readSingleField(r, 'Subset', 'allowed', () => readValueList(r, 'Subset allowed')));
    case ConstraintTypeId.Cidr: {
      const text = r.text('Cidr network');
      return wrapInvalid('Cidr', () => new Cidr(text));
    }
    case ConstraintTypeId.UrlPattern: {
      const text = r.text('UrlPattern');
      return wrapInvalid('UrlPattern', () => new UrlPattern(text));
    }
    case ConstraintTypeId.All:
    case ConstraintTypeId.Any:
    case ConstraintTypeId.Not:
      return readComposite(r, typeId, level);
    case ConstraintTypeId.Cel:
      return readCel(r);
    case ConstraintTypeId.Wildcard:
      if (!r.nullIfPresent()) malformed('Wildcard value must be null');
      return new Wildcard();
    case ConstraintTypeId.Subpath:
      return readSubpath(r);
    case ConstraintTypeId.UrlSafe:
      return readUrlSafe(r);
    case ConstraintTypeId.Shlex:
      return new Shlex(readSingleField(r, 'Shlex', 'allow', () => readTextList(r, 'Shlex allow')));
    default:
      // Unknown ids survive only with an opaque byte-string value; a map (or
      // anything else) fails the decode, as in the reference.
      if (r.peekMajor() !== MAJOR_BYTES) malformed(`unknown constraint type ${typeId} with a non-bytes value`);
      return new UnknownConstraint(typeId, r.bytesItem());
  }
}

/** Encodes one constraint as `[type_id, value]`. */
export function constraintToBytes(c: Constraint): Uint8Array {
  return encodeWith((w) => c.write(w));
}

/** Decodes a standalone constraint, requiring the canonical encoding. */
export function constraintFromBytes(bytes: Uint8Array): Constraint {
  const r = new CborReader(bytes);
  const c = readConstraint(r);
  r.finish('constraint');
  if (!bytesEqual(constraintToBytes(c), bytes)) malformed('constraint is not in canonical form');
  return c;
}
