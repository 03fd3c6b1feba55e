/** fast-check generators for constraint values, constraints and warrants. */
import fc from 'fast-check';
import {
  All,
  Any,
  Cel,
  Cidr,
  type Constraint,
  Contains,
  Exact,
  float,
  Not,
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
  type ConstraintValue,
} from '../src/index.js';

const text = fc.string({ unit: 'grapheme', maxLength: 12 });

export const scalarValue: fc.Arbitrary<ConstraintValue> = fc.oneof(
  text,
  fc.integer({ min: -1_000_000, max: 1_000_000 }),
  fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }),
  fc.double({ noNaN: true }).filter((d) => !Number.isInteger(d)),
  fc.integer({ min: -1000, max: 1000 }).map((n) => float(n)),
  fc.boolean(),
  fc.constant(null),
);

export const value: fc.Arbitrary<ConstraintValue> = fc.letrec<{ v: ConstraintValue }>((tie) => ({
  v: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    scalarValue,
    fc.array(tie('v'), { maxLength: 3 }),
    fc.dictionary(text, tie('v'), { maxKeys: 3 }),
  ),
})).v;

const octet = fc.integer({ min: 0, max: 255 });
const cidr = fc.oneof(
  fc.tuple(octet, octet, octet, octet, fc.integer({ min: 0, max: 32 })).map(([a, b, c, d, p]) => `${a}.${b}.${c}.${d}/${p}`),
  fc.tuple(fc.integer({ min: 0, max: 0xffff }), fc.integer({ min: 0, max: 128 })).map(([g, p]) => `2001:db8::${g.toString(16)}/${p}`),
);
const urlPattern = fc
  .tuple(fc.constantFrom('https', 'http', '*'), fc.constantFrom('api.example.com', '*.example.com', 'x.org:8443'), fc.constantFrom('', '/', '/v1/*', '/a/b'))
  .map(([s, h, p]) => `${s}://${h}${p}`);
const bound = fc.option(fc.double({ noNaN: true }), { nil: null });

export const leafConstraint: fc.Arbitrary<Constraint> = fc.oneof(
  value.map((v) => new Exact(v)),
  text.map((p) => new Pattern(p)),
  text.map((p) => new Regex(p)),
  fc.tuple(bound, bound, fc.boolean(), fc.boolean()).map(([min, max, minInclusive, maxInclusive]) => new Range({ min, max, minInclusive, maxInclusive })),
  fc.array(value, { maxLength: 4 }).map((v) => new OneOf(v)),
  fc.array(value, { maxLength: 4 }).map((v) => new NotOneOf(v)),
  fc.array(value, { maxLength: 4 }).map((v) => new Contains(v)),
  fc.array(value, { maxLength: 4 }).map((v) => new Subset(v)),
  cidr.map((c) => new Cidr(c)),
  urlPattern.map((u) => new UrlPattern(u)),
  fc.tuple(text, fc.option(text, { nil: undefined })).map(([e, p]) => new Cel(e, p === undefined ? {} : { parentExpression: p })),
  fc.constant(new Wildcard()),
  fc.tuple(fc.constantFrom('/', '/data', '/home/a/../b', 'C:\\Users\\x'), fc.boolean(), fc.boolean()).map(([r, c, a]) => new Subpath(r, { caseSensitive: c, allowEqual: a })),
  fc
    .record({
      schemes: fc.array(fc.constantFrom('http', 'https', 'ftp'), { maxLength: 3 }),
      allowDomains: fc.option(fc.array(text, { maxLength: 2 }), { nil: null }),
      denyDomains: fc.option(fc.array(text, { maxLength: 2 }), { nil: null }),
      allowPorts: fc.option(fc.array(fc.integer({ min: 0, max: 65535 }), { maxLength: 3 }), { nil: null }),
      blockPrivate: fc.boolean(),
      blockLoopback: fc.boolean(),
      blockMetadata: fc.boolean(),
      blockReserved: fc.boolean(),
      blockInternalTlds: fc.boolean(),
    })
    .map((o) => new UrlSafe(o)),
  fc.array(text, { maxLength: 3 }).map((a) => new Shlex(a)),
  fc
    .tuple(fc.integer({ min: 19, max: 127 }), fc.uint8Array({ maxLength: 8 }))
    .map(([id, payload]) => new UnknownConstraint(id, payload)),
);

export const constraint: fc.Arbitrary<Constraint> = fc.letrec<{ c: Constraint }>((tie) => ({
  c: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    leafConstraint,
    fc.array(tie('c'), { maxLength: 3 }).map((cs) => new All(cs)),
    fc.array(tie('c'), { maxLength: 3 }).map((cs) => new Any(cs)),
    tie('c').map((c) => new Not(c)),
  ),
})).c;

export const toolName = fc.stringMatching(/^[a-z_*][a-z0-9_.-]{0,15}$/);
export const argName = fc.string({ unit: 'grapheme', minLength: 1, maxLength: 10 });
export const toolConstraints = fc.dictionary(argName, constraint, { maxKeys: 4 });
export const tools = fc.dictionary(toolName, toolConstraints, { minKeys: 1, maxKeys: 4 });
