/** Offline attenuation as the guide uses it, and the refusals of an invalid child. */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { thrownCode as code, toHexString } from '../helpers.js';
import { Exact, OneOf, Pattern, Range, SigningKey, TenuoError, Warrant, WarrantStack, Wildcard } from '../../src/index.js';

const cp = SigningKey.fromSeed(new Uint8Array(32).fill(1));
const orch = SigningKey.fromSeed(new Uint8Array(32).fill(2));
const worker = SigningKey.fromSeed(new Uint8Array(32).fill(3));
const T0 = 1_800_000_000;

function root(extra: Partial<Parameters<typeof Warrant.issue>[0]> = {}): Warrant {
  return Warrant.issue({
    signingKey: cp,
    holder: orch.publicKey,
    tools: { read_file: { file_path: new Pattern('/data/*') }, list_dir: {}, stats: { level: new Range({ min: 0, max: 10 }) } },
    issuedAt: T0,
    ttlSeconds: 3600,
    maxDepth: 3,
    ...extra,
  });
}


describe('attenuate', () => {
  it('the guide example: narrower path, 5-minute TTL, bound to the worker', () => {
    const parent = root();
    const child = parent.attenuate({ constraints: { file_path: '/data/batch-123/*' }, keypair: orch, ttlSeconds: 300, authorizedHolder: worker.publicKey, issuedAt: T0 + 10 });
    expect(child.depth).toBe(1);
    expect(child.maxDepth).toBe(3);
    expect(child.issuer.equals(orch.publicKey)).toBe(true);
    expect(child.holder.equals(worker.publicKey)).toBe(true);
    expect(child.expiresAt).toBe(T0 + 10 + 300);
    expect(toHexString(child.parentHash!)).toBe(createHash('sha256').update(parent.payloadBytes).digest('hex'));
    expect((child.tools.get('read_file')!.get('file_path') as Pattern).pattern).toBe('/data/batch-123/*');
    // Tools that do not constrain file_path (list_dir, stats) are kept as they are.
    expect(child.tools.get('list_dir')!.size).toBe(0);
    expect(child.tools.get('stats')!.get('file_path')).toBeUndefined();
    expect(child.chain.map((w) => w.id)).toEqual([parent.id]);
    const decoded = WarrantStack.fromBytes(WarrantStack.fromLeaf(child).toBytes());
    expect(decoded.leaf.id).toBe(child.id);
  });

  it('inherits the parent expiry when no TTL is given and caps a longer TTL', () => {
    const parent = root();
    expect(parent.attenuate({ keypair: orch, issuedAt: T0 }).expiresAt).toBe(parent.expiresAt);
    expect(parent.attenuate({ keypair: orch, issuedAt: T0, ttlSeconds: 99_999 }).expiresAt).toBe(parent.expiresAt);
  });

  it('`tools` keeps only the named tools and narrows them', () => {
    const child = root().attenuate({ keypair: orch, issuedAt: T0, tools: { read_file: { file_path: new Exact('/data/a.txt') } } });
    expect(child.toolNames).toEqual(['read_file']);
    expect(() => root().attenuate({ keypair: orch, issuedAt: T0, tools: { delete_file: {} } })).toThrow(TenuoError);
  });

  it('only the holder can attenuate (I1)', () => {
    expect(code(() => root().attenuate({ keypair: worker, issuedAt: T0 }))).toBe(1400);
  });

  it('terminal warrants refuse to delegate', () => {
    const terminal = root().attenuate({ keypair: orch, issuedAt: T0, terminal: true, authorizedHolder: worker.publicKey });
    expect(terminal.isTerminal).toBe(true);
    expect(code(() => terminal.attenuate({ keypair: worker, issuedAt: T0 }))).toBe(1402);
  });

  it('refuses widening constraints, new arguments and unknown ones', () => {
    expect(code(() => root().attenuate({ keypair: orch, issuedAt: T0, constraints: { file_path: new Pattern('/*') } }))).toBe(1503);
    expect(code(() => root().attenuate({ keypair: orch, issuedAt: T0, constraints: { file_path: new Wildcard() } }))).toBe(1503);
    expect(code(() => root().attenuate({ keypair: orch, issuedAt: T0, constraints: { level: new Range({ min: 0, max: 11 }) } }))).toBe(1503);
    expect(code(() => root().attenuate({ keypair: orch, issuedAt: T0, constraints: { nothing_takes_this: new Exact('x') } }))).toBe(1502);
    expect(code(() => root().attenuate({ keypair: orch, issuedAt: T0, tools: { stats: { level: new Range({ min: 1, max: 2 }), extra: new OneOf(['a']) } } }))).toBe(1503);
  });

  it('clearance never rises; an absent parent clearance counts as 0', () => {
    expect(code(() => root().attenuate({ keypair: orch, issuedAt: T0, clearance: 1 }))).toBe(1502);
    const cleared = root({ clearance: 20 });
    expect(cleared.attenuate({ keypair: orch, issuedAt: T0, clearance: 10 }).clearance).toBe(10);
    expect(cleared.attenuate({ keypair: orch, issuedAt: T0 }).clearance).toBe(20);
    expect(code(() => cleared.attenuate({ keypair: orch, issuedAt: T0, clearance: 30 }))).toBe(1502);
  });

  it('max_depth cannot grow; an expired parent cannot delegate', () => {
    expect(code(() => root().attenuate({ keypair: orch, issuedAt: T0, maxDepth: 4 }))).toBe(1502);
    expect(code(() => root().attenuate({ keypair: orch, issuedAt: T0 + 3600 }))).toBe(1300);
  });

  it('an issuer→issuer child cannot drop constraint_bounds', () => {
    const issuer = Warrant.issue({
      signingKey: cp,
      holder: orch.publicKey,
      type: 'issuer',
      issuableTools: ['read_file', 'write_file'],
      constraintBounds: { path: new Pattern('/data/*') },
      issuedAt: T0,
      ttlSeconds: 60,
    });
    const child = issuer.attenuate({ keypair: orch, issuedAt: T0, issuableTools: ['read_file'] });
    expect(child.issuableTools).toEqual(['read_file']);
    expect(child.constraintBounds?.get('path')).toBeInstanceOf(Pattern);
    expect(code(() => issuer.attenuate({ keypair: orch, issuedAt: T0, issuableTools: ['delete'] }))).toBe(1502);
    expect(code(() => issuer.attenuate({ keypair: orch, issuedAt: T0, constraintBounds: { path: new Pattern('/*') } }))).toBe(1503);
  });
});

describe('Warrant.issue', () => {
  it('defaults: holder = signer, 5-minute TTL, max_depth 64, UUIDv7 id', () => {
    const before = Date.now();
    const w = Warrant.issue({ signingKey: cp, tools: ['ping'] });
    expect(w.holder.equals(cp.publicKey)).toBe(true);
    expect(w.expiresAt - w.issuedAt).toBe(300);
    expect(w.maxDepth).toBe(64);
    expect(w.id).toMatch(/^tnu_wrt_[0-9a-f]{12}7[0-9a-f]{3}[89ab][0-9a-f]{15}$/);
    const ms = parseInt(w.idHex.slice(0, 12), 16);
    expect(ms).toBeGreaterThanOrEqual(before);
    expect(ms).toBeLessThanOrEqual(Date.now());
  });

  it('refuses invalid roots', () => {
    expect(code(() => Warrant.issue({ signingKey: cp, tools: {} }))).toBe(1201);
    expect(code(() => Warrant.issue({ signingKey: cp, tools: ['x'], ttlSeconds: 7_776_001 }))).toBe(1303);
    expect(code(() => Warrant.issue({ signingKey: cp, tools: ['tenuo:revoke'] }))).toBe(2100);
    expect(code(() => Warrant.issue({ signingKey: cp, tools: ['x'], ttlSeconds: 60, expiresAt: T0 }))).toBe(1201);
    expect(code(() => Warrant.issue({ signingKey: cp, tools: ['x'], extensions: { 'tenuo.nope': new Uint8Array(1) } }))).toBe(2000);
    expect(code(() => Warrant.issue({ signingKey: cp, tools: ['x'], requiredApprovers: [worker.publicKey], minApprovals: 2 }))).toBe(1201);
    expect(code(() => Warrant.issue({ signingKey: 'nope' as never, tools: ['x'] }))).toBe(1201);
  });
});
