/**
 * `tenuo.approval_gates`: the CBOR layout (expected bytes written by hand from
 * the reference's serde shapes), firing rules, propagation and the chain
 * monotonicity rule.
 */
import { describe, expect, it } from 'vitest';
import { thrownCode as codeOf, hex, keyFor, toHexString } from '../helpers.js';
import {
  APPROVAL_GATES_EXTENSION_KEY,
  approvalGates,
  argsGate,
  checkGateMonotonicity,
  constraintGate,
  encodeApprovalGates,
  exemptGate,
  gateFires,
  parseApprovalGates,
  propagateGates,
  wholeToolGate,
  type ApprovalGateMap,
  type ArgApprovalGate,
} from '../../src/approval/gates.js';
import { All, Any, Cel, Exact, Not, OneOf, Pattern, Range, TenuoError, UnknownConstraint, Warrant, Wildcard } from '../../src/index.js';

const text = (s: string) => {
  const b = Buffer.from(s, 'utf8');
  if (b.length < 24) return (0x60 + b.length).toString(16) + b.toString('hex');
  return '78' + b.length.toString(16).padStart(2, '0') + b.toString('hex');
};
const ARGS = text('args');
const pattern = (p: string) => '8202a1' + text('pattern') + text(p);
const oneOfText = (...vs: string[]) => '8204a1' + text('values') + (0x80 + vs.length).toString(16) + vs.map(text).join('');


function reasonOf(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    expect((e as TenuoError).code).toBe(1502);
    return (e as TenuoError).details.reason as string;
  }
  throw new Error('expected a TenuoError');
}

describe('gate map CBOR', () => {
  it('whole-tool gate: {"exec": {"args": null}}', () => {
    const bytes = encodeApprovalGates(approvalGates({ exec: null }));
    expect(toHexString(bytes)).toBe('a1' + text('exec') + 'a1' + ARGS + 'f6');
    expect(toHexString(bytes)).toBe('a16465786563a16461726773f6');
  });

  it('per-argument gates: "all", a bare constraint, args in byte order', () => {
    const gm = approvalGates({ 'file.write': { path: constraintGate(new Pattern('/etc/*')), mode: 'all' } });
    const expected = 'a1' + text('file.write') + 'a1' + ARGS + 'a2' + text('mode') + text('all') + text('path') + pattern('/etc/*');
    expect(toHexString(encodeApprovalGates(gm))).toBe(expected);
  });

  it('exempt gate: {"exempt": [type_id, value]}', () => {
    const gm = approvalGates({ browse: { url: exemptGate(new OneOf(['a.com', 'b.org'])) } });
    const expected = 'a1' + text('browse') + 'a1' + ARGS + 'a1' + text('url') + 'a1' + text('exempt') + oneOfText('a.com', 'b.org');
    expect(toHexString(encodeApprovalGates(gm))).toBe(expected);
  });

  it('tools are ordered by UTF-8 bytes (BTreeMap<String>), not UTF-16 or insertion', () => {
    const gm: ApprovalGateMap = new Map([
      ['b', wholeToolGate()],
      ['\u{1F600}', wholeToolGate()],
      ['aa', wholeToolGate()],
      ['\uFF5E', wholeToolGate()],
      ['a', wholeToolGate()],
    ]);
    const entry = (t: string) => text(t) + 'a1' + ARGS + 'f6';
    expect(toHexString(encodeApprovalGates(gm))).toBe('a5' + ['a', 'aa', 'b', '\uFF5E', '\u{1F600}'].map(entry).join(''));
  });

  it('round-trips every variant byte for byte', () => {
    const gm = approvalGates({
      exec: null,
      transfer: {
        amount: constraintGate(new Range({ min: 1000, max: null, minInclusive: true, maxInclusive: false })),
        currency: 'all',
        to: exemptGate(new Exact('acct-1')),
        note: constraintGate(new All([new Pattern('*urgent*')])),
      },
      empty: {},
    });
    const bytes = encodeApprovalGates(gm);
    const back = parseApprovalGates(bytes) as ApprovalGateMap;
    expect(toHexString(encodeApprovalGates(back))).toBe(toHexString(bytes));
    expect(back.get('exec')?.args).toBeNull();
    expect(back.get('empty')?.args?.size).toBe(0);
    expect(back.get('transfer')?.args?.get('currency')).toBe('all');
    expect([...(back.get('transfer')?.args?.keys() ?? [])]).toEqual(['amount', 'currency', 'note', 'to']);
    const to = back.get('transfer')?.args?.get('to') as { exempt: Exact };
    expect(to.exempt).toBeInstanceOf(Exact);
    expect(to.exempt.value).toBe('acct-1');
  });

  it('absent or empty bytes mean no gate map; an empty map is a map', () => {
    expect(parseApprovalGates(undefined)).toBeUndefined();
    expect(parseApprovalGates(new Uint8Array())).toBeUndefined();
    expect(parseApprovalGates(hex('a0'))?.size).toBe(0);
  });

  const bad: Array<[string, string]> = [
    ['not a map', '80'],
    ['missing args', 'a1' + text('exec') + 'a0'],
    ['args not a map', 'a1' + text('exec') + 'a1' + ARGS + '01'],
    ['unknown word', 'a1' + text('exec') + 'a1' + ARGS + 'a1' + text('x') + text('any')],
    ['byte-string gate', 'a1' + text('exec') + 'a1' + ARGS + 'a1' + text('x') + '41' + '00'],
    ['exempt Wildcard', 'a1' + text('exec') + 'a1' + ARGS + 'a1' + text('x') + 'a1' + text('exempt') + '8210f6'],
    ['exempt Not', 'a1' + text('exec') + 'a1' + ARGS + 'a1' + text('x') + 'a1' + text('exempt') + '820ea1' + text('constraint') + pattern('a')],
    ['exempt Any', 'a1' + text('exec') + 'a1' + ARGS + 'a1' + text('x') + 'a1' + text('exempt') + '820da1' + text('constraints') + '81' + pattern('a')],
    ['exempt Cel', 'a1' + text('exec') + 'a1' + ARGS + 'a1' + text('x') + 'a1' + text('exempt') + '820fa1' + text('expression') + text('true')],
    ['exempt Unknown', 'a1' + text('exec') + 'a1' + ARGS + 'a1' + text('x') + 'a1' + text('exempt') + '8218c84100'],
    ['empty exempt map', 'a1' + text('exec') + 'a1' + ARGS + 'a1' + text('x') + 'a0'],
    ['wrong exempt key', 'a1' + text('exec') + 'a1' + ARGS + 'a1' + text('x') + 'a1' + text('exempts') + pattern('a')],
    ['extra key after exempt', 'a1' + text('exec') + 'a1' + ARGS + 'a1' + text('x') + 'a2' + text('exempt') + pattern('a') + text('z') + '01'],
    ['bad constraint', 'a1' + text('exec') + 'a1' + ARGS + 'a1' + text('x') + '8202a0'],
    ['duplicate tool', 'a2' + text('exec') + 'a1' + ARGS + 'f6' + text('exec') + 'a1' + ARGS + 'f6'],
    ['keys out of order', 'a2' + text('b') + 'a1' + ARGS + 'f6' + text('a') + 'a1' + ARGS + 'f6'],
    ['extra field in tool gate', 'a1' + text('exec') + 'a2' + ARGS + 'f6' + text('zz') + '01'],
    ['trailing bytes', 'a1' + text('exec') + 'a1' + ARGS + 'f6' + '00'],
    ['indefinite map', 'bf' + text('exec') + 'a1' + ARGS + 'f6' + 'ff'],
  ];
  for (const [name, h] of bad) {
    it(`refuses ${name} with 1202`, () => {
      expect(codeOf(() => parseApprovalGates(hex(h)))).toBe(1202);
    });
  }

  it('refuses Exempt(Wildcard/Any/Not/Cel/Unknown) at construction (1201) and at encode', () => {
    const p = new Pattern('a*');
    for (const inner of [new Wildcard(), new Any([p]), new Not(p), new Cel('x > 1'), new UnknownConstraint(200, hex('00'))]) {
      expect(codeOf(() => exemptGate(inner))).toBe(1201);
      const literal: ArgApprovalGate = { exempt: inner };
      expect(codeOf(() => encodeApprovalGates(new Map([['t', { args: new Map([['x', literal]]) }]])))).toBe(1201);
    }
    expect(exemptGate(new All([p]))).toEqual({ exempt: new All([p]) });
    expect(codeOf(() => argsGate({ x: 'none' as unknown as ArgApprovalGate }))).toBe(1201);
  });

  it('rides in a warrant extension', () => {
    const gm = approvalGates({ exec: null });
    const w = Warrant.issue({
      signingKey: keyFor('ControlPlane'),
      holder: keyFor('Worker').publicKey,
      tools: ['exec', 'read'],
      requiredApprovers: [keyFor('Approver1').publicKey],
      extensions: { [APPROVAL_GATES_EXTENSION_KEY]: encodeApprovalGates(gm) },
    });
    const back = Warrant.fromBytes(w.toBytes());
    const parsed = parseApprovalGates(back.extensions.get(APPROVAL_GATES_EXTENSION_KEY));
    expect(gateFires(parsed, 'exec', {})).toBe(true);
    expect(gateFires(parsed, 'read', {})).toBe(false);
  });
});

describe('gateFires (evaluate_approval_gates)', () => {
  const gm = approvalGates({
    exec: null,
    'file.write': { path: constraintGate(new Pattern('/etc/*')) },
    delete: { target: 'all' },
    browse: { url: exemptGate(new OneOf(['a.com', 'b.org'])) },
    api: { timeout: exemptGate(new Range({ min: 0, max: 100 })) },
    pay: { amount: constraintGate(new Range({ min: 1000, max: null })), to: exemptGate(new Exact('self')) },
  });

  it('no map or an ungated tool never fires', () => {
    expect(gateFires(undefined, 'exec', {})).toBe(false);
    expect(gateFires(gm, 'read', { path: '/etc/passwd' })).toBe(false);
    expect(gateFires(new Map(), 'exec', {})).toBe(false);
  });

  it('a whole-tool gate always fires', () => {
    expect(gateFires(gm, 'exec', {})).toBe(true);
    expect(gateFires(gm, 'exec', { cmd: 'ls' })).toBe(true);
  });

  it('a missing gated argument fires (fail-safe)', () => {
    expect(gateFires(gm, 'file.write', {})).toBe(true);
    expect(gateFires(gm, 'file.write', { other: '/etc/x' })).toBe(true);
    expect(gateFires(gm, 'browse', { other: 'a.com' })).toBe(true);
    expect(gateFires(gm, 'file.write', Object.create(null))).toBe(true);
    expect(gateFires(new Map([['t', argsGate(new Map<string, ArgApprovalGate>([['toString', 'all']]))]]), 't', {})).toBe(true);
  });

  it('"all" fires for any value', () => {
    expect(gateFires(gm, 'delete', { target: 'x' })).toBe(true);
    expect(gateFires(gm, 'delete', { target: null })).toBe(true);
  });

  it('a constraint gate fires when it matches', () => {
    expect(gateFires(gm, 'file.write', { path: '/etc/nginx.conf' })).toBe(true);
    expect(gateFires(gm, 'file.write', { path: '/tmp/x' })).toBe(false);
  });

  it('an exempt gate fires when it does not match', () => {
    expect(gateFires(gm, 'browse', { url: 'a.com' })).toBe(false);
    expect(gateFires(gm, 'browse', { url: 'b.org' })).toBe(false);
    expect(gateFires(gm, 'browse', { url: 'evil.com' })).toBe(true);
    expect(gateFires(gm, 'api', { timeout: 50 })).toBe(false);
    expect(gateFires(gm, 'api', { timeout: 150 })).toBe(true);
  });

  it('any firing argument gate fires the tool', () => {
    expect(gateFires(gm, 'pay', { amount: 10, to: 'self' })).toBe(false);
    expect(gateFires(gm, 'pay', { amount: 5000, to: 'self' })).toBe(true);
    expect(gateFires(gm, 'pay', { amount: 10, to: 'bob' })).toBe(true);
    expect(gateFires(gm, 'pay', { amount: 10 })).toBe(true);
    expect(gateFires(approvalGates({ t: {} }), 't', {})).toBe(false); // per-argument with no arguments: never fires
  });

  it('constraint errors propagate, in byte-wise argument order', () => {
    const unknown = constraintGate(new UnknownConstraint(200));
    expect(codeOf(() => gateFires(approvalGates({ t: { a: unknown } }), 't', { a: 1 }))).toBe(1504);
    // "a" is evaluated first: its error wins over "b" being absent.
    expect(codeOf(() => gateFires(approvalGates({ t: { b: 'all', a: unknown } }), 't', { a: 1 }))).toBe(1504);
    // "a" absent fires before "b" is evaluated.
    expect(gateFires(approvalGates({ t: { a: 'all', b: unknown } }), 't', { b: 1 })).toBe(true);
    // insertion order of a hand-built Map does not matter
    const handBuilt: ApprovalGateMap = new Map([['t', { args: new Map<string, ArgApprovalGate>([['b', 'all'], ['a', unknown]]) }]]);
    expect(codeOf(() => gateFires(handBuilt, 't', { a: 1, b: 2 }))).toBe(1504);
  });
});

describe('propagateGates (propagate_approval_gates)', () => {
  const parent = approvalGates({ a: null, b: { x: 'all' }, c: null });
  it('keeps the gates of tools the child holds, unchanged', () => {
    const child = propagateGates(parent, ['a', 'b', 'z']) as ApprovalGateMap;
    expect([...child.keys()]).toEqual(['a', 'b']);
    expect(child.get('b')).toBe(parent.get('b'));
    expect(toHexString(encodeApprovalGates(child))).toBe('a2' + text('a') + 'a1' + ARGS + 'f6' + text('b') + 'a1' + ARGS + 'a1' + text('x') + text('all'));
  });
  it('accepts a tools map and returns undefined when nothing remains', () => {
    expect([...(propagateGates(parent, new Map([['c', 1]])) as ApprovalGateMap).keys()]).toEqual(['c']);
    expect(propagateGates(parent, ['z'])).toBeUndefined();
    expect(propagateGates(parent, [])).toBeUndefined();
    expect(propagateGates(undefined, ['a'])).toBeUndefined();
  });
});

describe('checkGateMonotonicity (chain rule)', () => {
  const one = (tool: string, arg: string, gate: ArgApprovalGate) => approvalGates({ [tool]: { [arg]: gate } });
  const check = (parent: ArgApprovalGate, child: ArgApprovalGate) => () => checkGateMonotonicity(one('browse', 'url', parent), one('browse', 'url', child), ['browse']);
  const ok = (parent: ArgApprovalGate, child: ArgApprovalGate) => expect(check(parent, child)).not.toThrow();

  it('no parent gates: anything goes', () => {
    expect(() => checkGateMonotonicity(undefined, undefined, ['a'])).not.toThrow();
    expect(() => checkGateMonotonicity(undefined, approvalGates({ a: null }), ['a'])).not.toThrow();
  });

  it('stripping the extension is refused while a gated tool is kept', () => {
    const parent = approvalGates({ a: null, b: null });
    expect(reasonOf(() => checkGateMonotonicity(parent, undefined, ['b', 'x']))).toBe('GatesStripped');
    expect(() => checkGateMonotonicity(parent, undefined, ['x'])).not.toThrow();
    expect(() => checkGateMonotonicity(new Map(), undefined, ['a'])).not.toThrow();
  });

  it('a kept tool must keep its gate; dropped tools may drop theirs', () => {
    const parent = approvalGates({ a: null, b: null });
    expect(reasonOf(() => checkGateMonotonicity(parent, approvalGates({ a: null }), ['a', 'b']))).toBe('ToolApprovalGateRemoved');
    expect(() => checkGateMonotonicity(parent, approvalGates({ a: null }), ['a'])).not.toThrow();
    expect(() => checkGateMonotonicity(parent, approvalGates({ a: null, b: null, c: null }), new Map([['a', 0], ['b', 0]]))).not.toThrow();
  });

  it('whole-tool cannot become per-argument; per-argument may become whole-tool', () => {
    expect(reasonOf(() => checkGateMonotonicity(approvalGates({ t: null }), approvalGates({ t: { x: 'all' } }), ['t']))).toBe('ToolApprovalGateWeakened');
    expect(() => checkGateMonotonicity(approvalGates({ t: { x: 'all' } }), approvalGates({ t: null }), ['t'])).not.toThrow();
    expect(() => checkGateMonotonicity(approvalGates({ t: null }), approvalGates({ t: null }), ['t'])).not.toThrow();
  });

  it('argument gates persist; new ones may be added', () => {
    const parent = approvalGates({ t: { x: 'all', y: 'all' } });
    const e = (() => {
      try {
        checkGateMonotonicity(parent, approvalGates({ t: { x: 'all' } }), ['t']);
      } catch (err) {
        return err as TenuoError;
      }
    })();
    expect(e?.details).toMatchObject({ reason: 'ArgApprovalGateRemoved', tool: 't', arg: 'y' });
    expect(() => checkGateMonotonicity(parent, approvalGates({ t: { x: 'all', y: 'all', z: 'all' } }), ['t'])).not.toThrow();
  });

  it('"all" replaces anything, and nothing replaces "all"', () => {
    ok(exemptGate(new OneOf(['a.com'])), 'all');
    ok(constraintGate(new Pattern('*.com')), 'all');
    ok('all', 'all');
    expect(reasonOf(check('all', constraintGate(new Pattern('*'))))).toBe('ArgApprovalGateWeakened');
    expect(reasonOf(check('all', exemptGate(new OneOf(['a.com']))))).toBe('ArgApprovalGateWeakened');
  });

  it('exempt gates may only shrink the exemption set', () => {
    ok(exemptGate(new OneOf(['a.com', 'b.org'])), exemptGate(new OneOf(['a.com'])));
    ok(exemptGate(new OneOf(['a.com', 'b.org'])), exemptGate(new OneOf(['b.org', 'a.com'])));
    ok(exemptGate(new OneOf(['a.com', 'b.org'])), exemptGate(new Exact('a.com')));
    ok(exemptGate(new OneOf(['a.com'])), exemptGate(new OneOf(['a.com'])));
    expect(reasonOf(check(exemptGate(new OneOf(['a.com'])), exemptGate(new OneOf(['a.com', 'b.org']))))).toBe('ArgApprovalGateWeakened');
    expect(reasonOf(check(exemptGate(new Exact('a.com')), exemptGate(new Pattern('*'))))).toBe('ArgApprovalGateWeakened');
  });

  it('exempt and constraint gates never convert', () => {
    expect(reasonOf(check(constraintGate(new Pattern('*.company.com')), exemptGate(new OneOf(['a.com']))))).toBe('ArgApprovalGateIncomparableVariants');
    expect(reasonOf(check(exemptGate(new OneOf(['a.com'])), constraintGate(new Pattern('*.company.com'))))).toBe('ArgApprovalGateIncomparableVariants');
  });

  it('constraint gates compare with parent.validate(child) — narrowing passes, as in the reference', () => {
    ok(constraintGate(new OneOf(['a', 'b'])), constraintGate(new OneOf(['a'])));
    ok(constraintGate(new Pattern('/etc/*')), constraintGate(new Pattern('/etc/nginx/*')));
    ok(constraintGate(new Range({ min: 0, max: 100 })), constraintGate(new Range({ min: 10, max: 50 })));
    expect(reasonOf(check(constraintGate(new OneOf(['a', 'b'])), constraintGate(new OneOf(['a', 'b', 'c']))))).toBe('ArgApprovalGateConstraintChanged');
    expect(reasonOf(check(constraintGate(new Pattern('/etc/*')), constraintGate(new Exact(5))))).toBe('ArgApprovalGateConstraintChanged');
  });

  it('checks a real parent/child pair built by attenuate', () => {
    const worker = keyFor('Worker');
    const gm = approvalGates({ exec: null, write: { path: constraintGate(new Pattern('/etc/*')) } });
    const root = Warrant.issue({
      signingKey: keyFor('ControlPlane'),
      holder: worker.publicKey,
      tools: ['exec', 'write', 'read'],
      requiredApprovers: [keyFor('Approver1').publicKey],
      extensions: { [APPROVAL_GATES_EXTENSION_KEY]: encodeApprovalGates(gm) },
    });
    const child = root.attenuate({ keypair: worker, tools: ['write', 'read'] });
    const parentGates = parseApprovalGates(root.extensions.get(APPROVAL_GATES_EXTENSION_KEY));
    const childGates = parseApprovalGates(child.extensions.get(APPROVAL_GATES_EXTENSION_KEY));
    expect(() => checkGateMonotonicity(parentGates, childGates, child.tools)).not.toThrow();
    expect(reasonOf(() => checkGateMonotonicity(parentGates, undefined, child.tools))).toBe('GatesStripped');
    expect(() => checkGateMonotonicity(parentGates, propagateGates(parentGates, child.tools), child.tools)).not.toThrow();
  });
});
