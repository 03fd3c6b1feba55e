/**
 * Attenuation soundness: whenever a child constraint is accepted as an
 * attenuation of its parent, every value the child accepts is accepted by
 * the parent. 10,000 runs for each constraint type as parent.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  All,
  Any,
  Cel,
  Cidr,
  type Constraint,
  type ConstraintValue,
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
  TenuoError,
  UrlPattern,
  UrlSafe,
  Wildcard,
} from '../../src/index.js';
import { checkAttenuation } from '../../src/constraints/attenuation.js';

const RUNS = 10_000;

function accepts(c: Constraint, v: ConstraintValue): boolean {
  try {
    return c.matches(v);
  } catch (e) {
    if (e instanceof TenuoError) return false; // an error denies
    throw e;
  }
}

function attenuates(parent: Constraint, child: Constraint): boolean {
  try {
    checkAttenuation(parent, child);
    return true;
  } catch (e) {
    if (e instanceof TenuoError) return false;
    throw e;
  }
}

/** The property, with a counter so each family proves it exercised accepted pairs. */
function soundness(parent: fc.Arbitrary<Constraint>, child: (p: Constraint) => fc.Arbitrary<Constraint>, values: fc.Arbitrary<ConstraintValue[]>) {
  let accepted = 0;
  fc.assert(
    fc.property(
      parent.chain((p) => fc.tuple(fc.constant(p), child(p))),
      values,
      ([p, c], vs) => {
        if (!attenuates(p, c)) return;
        accepted++;
        for (const v of vs) if (accepts(c, v)) expect([p.toJSON(), c.toJSON(), v, accepts(p, v)]).toEqual([p.toJSON(), c.toJSON(), v, true]);
      },
    ),
    { numRuns: RUNS },
  );
  return accepted;
}

const seg = fc.constantFrom('data', 'a', 'b', 'reports', 'x.txt', '..', '.', 'q3.pdf', 'Data', '');
const path = fc.array(seg, { minLength: 1, maxLength: 4 }).map((s) => `/${s.join('/')}`);
const globText = fc.array(fc.constantFrom('/data', '/a', '*', '?', 'b', '.txt', '/', '[ab]', 'x'), { minLength: 1, maxLength: 5 }).map((p) => p.join(''));
const num = fc.oneof(fc.integer({ min: -20, max: 20 }), fc.double({ min: -20, max: 20, noNaN: true }), fc.constant(NaN));
const scalar: fc.Arbitrary<ConstraintValue> = fc.oneof(fc.constantFrom('a', 'b', 'c', '1'), fc.integer({ min: 0, max: 3 }), fc.constantFrom(float(1), float(2)), fc.boolean(), fc.constant(null));
const octet = fc.integer({ min: 0, max: 255 });
const ipv4 = fc.tuple(fc.constantFrom(10, 192, 172), octet, octet, octet).map((o) => o.join('.'));
const url = fc
  .tuple(fc.constantFrom('https', 'http', 'ftp'), fc.constantFrom('api.example.com', 'x.example.com', 'example.com', 'evil.com', '127.0.0.1', '10.1.2.3', '[::1]', 'localhost', 'svc.local'), fc.constantFrom('', ':8443', ':443', ':80'), fc.constantFrom('/', '/v1/a', '/v1', '/v2/x', ''))
  .map(([s, h, p, q]) => `${s}://${h}${p}${q}`);

describe('attenuation soundness (property, 10,000 runs per parent type)', () => {
  it('Pattern → Pattern / Exact', () => {
    const n = soundness(
      globText.map((p) => new Pattern(p)),
      (p) => fc.oneof(globText.map((g) => new Pattern((p as Pattern).pattern.replace(/\*$/, '') + g)), globText.map((g) => new Pattern(g)), path.map((s) => new Exact(s))),
      fc.array(fc.oneof(path, globText), { maxLength: 8 }),
    );
    expect(n).toBeGreaterThan(100);
  });

  it('Exact → Exact', () => {
    const n = soundness(scalar.map((v) => new Exact(v)), () => scalar.map((v) => new Exact(v)), fc.array(scalar, { maxLength: 10 }));
    expect(n).toBeGreaterThan(100);
  });

  it('Regex → Regex / Exact', () => {
    const pattern = fc.constantFrom('^/data/', 'a+b', '\\d{2}$', '^(x|y)', '[[:alpha:]]+', '(');
    const text = fc.constantFrom('/data/x', 'aab', 'x12', 'y', 'abc', '', '(');
    const n = soundness(pattern.map((p) => new Regex(p)), () => fc.oneof(pattern.map((p) => new Regex(p)), text.map((t) => new Exact(t))), fc.array(text, { maxLength: 8 }));
    expect(n).toBeGreaterThan(100);
  });

  it('Cel → Cel', () => {
    const base = fc.constantFrom('value > 1', 'value < 50', 'value % 2 == 0', 'size(string(value)) < 3');
    const parent = base.map((e) => new Cel(e));
    const child = (p: Constraint) =>
      fc.oneof(
        base.map((e) => new Cel(e)),
        base.map((e) => new Cel(`(${(p as Cel).expression})&&(${e})`)),
        fc.constant(new Cel((p as Cel).expression.replace(/ /g, ''))),
      );
    const n = soundness(parent, child, fc.array(fc.integer({ min: -5, max: 120 }), { maxLength: 8 }));
    expect(n).toBeGreaterThan(100);
  });

  it('Range → Range / Exact', () => {
    const bound = fc.option(fc.integer({ min: -10, max: 10 }), { nil: null });
    const range = fc.tuple(bound, bound, fc.boolean(), fc.boolean()).map(([min, max, minInclusive, maxInclusive]) => new Range({ min, max, minInclusive, maxInclusive }));
    const n = soundness(range, () => fc.oneof(range, num.map((v) => new Exact(v))), fc.array(num, { maxLength: 10 }));
    expect(n).toBeGreaterThan(100);
  });

  const set = fc.array(scalar, { maxLength: 4 });
  const valueSets: Array<[string, (v: ConstraintValue[]) => Constraint]> = [
    ['OneOf', (v) => new OneOf(v)],
    ['NotOneOf', (v) => new NotOneOf(v)],
    ['Contains', (v) => new Contains(v)],
    ['Subset', (v) => new Subset(v)],
  ];
  for (const [name, make] of valueSets) {
    it(`${name} → ${name} / Exact / the other set types`, () => {
      const family = fc.oneof(...valueSets.map(([, m]) => set.map(m)));
      const n = soundness(set.map(make), () => fc.oneof(family, scalar.map((v) => new Exact(v))), fc.array(fc.oneof(scalar, fc.array(scalar, { maxLength: 4 })), { maxLength: 10 }));
      expect(n).toBeGreaterThan(50);
    });
  }

  it('Cidr → Cidr / Exact', () => {
    const cidr = fc.tuple(ipv4, fc.integer({ min: 0, max: 32 })).map(([ip, p]) => new Cidr(`${ip}/${p}`));
    const n = soundness(cidr, () => fc.oneof(cidr, ipv4.map((ip) => new Exact(ip))), fc.array(ipv4, { maxLength: 10 }));
    expect(n).toBeGreaterThan(100);
  });

  it('UrlPattern → UrlPattern / Exact', () => {
    const pattern = fc
      .tuple(fc.constantFrom('https', 'http', '*'), fc.constantFrom('api.example.com', '*.example.com', 'example.com'), fc.constantFrom('', ':8443'), fc.constantFrom('', '/', '/v1/*', '/v1/a', '/*', '/v1', '/v1/a/*', '/v1*', '/v?'))
      .map(([s, h, p, q]) => new UrlPattern(`${s}://${h}${p}${q}`));
    // Values drawn from the same pools as the patterns, so accepted pairs meet values they disagree on.
    const near = fc
      .tuple(fc.constantFrom('https', 'http'), fc.constantFrom('api.example.com', 'x.example.com', 'example.com'), fc.constantFrom('', ':8443'), fc.constantFrom('/', '/v1', '/v1/a', '/v1/a/b', '/v2', '/v1x'))
      .map(([s, h, p, q]) => `${s}://${h}${p}${q}`);
    const n = soundness(pattern, () => fc.oneof(pattern, near.map((u) => new Exact(u))), fc.array(fc.oneof(url, near), { maxLength: 10 }));
    expect(n).toBeGreaterThan(100);
  });

  it('UrlSafe → UrlSafe / Exact', () => {
    const safe = fc
      .record({
        schemes: fc.subarray(['http', 'https', 'ftp']),
        allowDomains: fc.option(fc.subarray(['example.com', '*.example.com', 'evil.com']), { nil: null }),
        denyDomains: fc.option(fc.subarray(['evil.com', 'x.example.com']), { nil: null }),
        allowPorts: fc.option(fc.subarray([80, 443, 8443]), { nil: null }),
        blockPrivate: fc.boolean(),
        blockLoopback: fc.boolean(),
        blockMetadata: fc.boolean(),
        blockReserved: fc.boolean(),
        blockInternalTlds: fc.boolean(),
      })
      .map((o) => new UrlSafe(o));
    const n = soundness(safe, () => fc.oneof(safe, url.map((u) => new Exact(u))), fc.array(url, { maxLength: 10 }));
    expect(n).toBeGreaterThan(50);
  });

  const subpath = fc.tuple(path, fc.boolean(), fc.boolean()).map(([r, c, a]) => new Subpath(r, { caseSensitive: c, allowEqual: a }));
  const shlex = fc.subarray(['ls', 'cat', '/bin/ls', 'git']).map((a) => new Shlex(a));
  const commands = fc.constantFrom('ls -l', 'cat a', 'git status', '/bin/ls x', 'cat a; rm', 'cat ../x');

  it('Subpath → Subpath / Exact', () => {
    const n = soundness(subpath, () => fc.oneof(subpath, path.map((p) => new Exact(p))), fc.array(path, { maxLength: 10 }));
    expect(n).toBeGreaterThan(100);
  });

  it('Shlex → Shlex / Exact', () => {
    const n = soundness(shlex, () => fc.oneof(shlex, commands.map((c) => new Exact(c))), fc.array(commands, { maxLength: 10 }));
    expect(n).toBeGreaterThan(100);
  });

  const leaf = fc.oneof(
    fc.constantFrom('/data/*', '/data/a/*', '/x/*', '*').map((p) => new Pattern(p)),
    fc.subarray(['/data/a/1', '/x/y', 'b']).map((v) => new OneOf(v)),
    fc.constant(new Wildcard()),
  );
  const composite = fc.letrec<{ c: Constraint }>((tie) => ({
    c: fc.oneof({ depthSize: 'small' }, leaf, fc.array(tie('c'), { maxLength: 3 }).map((cs) => new All(cs)), fc.array(tie('c'), { maxLength: 3 }).map((cs) => new Any(cs)), tie('c').map((c) => new Not(c))),
  })).c;
  const compositeValues = fc.array(fc.constantFrom('/data/a/1', '/data/b', '/x/y', 'b', '/data/a/x/y', 5), { maxLength: 8 });
  const combinators: Array<[string, fc.Arbitrary<Constraint>]> = [
    ['All', fc.array(composite, { maxLength: 3 }).map((cs) => new All(cs))],
    ['Any', fc.array(composite, { maxLength: 3 }).map((cs) => new Any(cs))],
    ['Not', composite.map((c) => new Not(c))],
    ['Wildcard', fc.constant(new Wildcard())],
  ];
  for (const [name, parents] of combinators) {
    it(`${name} parents over simple leaves and combinators`, () => {
      const n = soundness(parents, () => composite, compositeValues);
      expect(n).toBeGreaterThan(name === 'Wildcard' ? 1000 : 20);
    });
  }
});
