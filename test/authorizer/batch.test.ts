/**
 * verifyBatch and the verified-chain cache: every decision equals the
 * uncached per-request authorize() decision, across expiry crossings,
 * revocation updates and malformed neighbours.
 */
import { describe, expect, it } from 'vitest';
import { Authorizer, type BatchRequest, type BatchResult, Pattern, Range, SignedRevocationList, SigningKey, TenuoError, Warrant, WarrantStack } from '../../src/index.js';

const cp = SigningKey.fromSeed(new Uint8Array(32).fill(1));
const orch = SigningKey.fromSeed(new Uint8Array(32).fill(2));
const worker = SigningKey.fromSeed(new Uint8Array(32).fill(3));
const thief = SigningKey.fromSeed(new Uint8Array(32).fill(4));
const T0 = 1_800_000_000;

const root = Warrant.issue({ signingKey: cp, holder: orch.publicKey, tools: { read_file: { path: new Pattern('/data/*') }, pay: { amount: new Range({ max: 100 }) } }, issuedAt: T0, ttlSeconds: 3600 });
const leafA = root.attenuate({ keypair: orch, authorizedHolder: worker.publicKey, issuedAt: T0, ttlSeconds: 300, constraints: { path: new Pattern('/data/batch-123/*') } });
const leafB = root.attenuate({ keypair: orch, authorizedHolder: worker.publicKey, issuedAt: T0 + 10, ttlSeconds: 120 });

function uncached(): Authorizer {
  return Authorizer.builder().trustedRoot(cp.publicKey).controlPlaneKey(cp.publicKey).chainCache(0).build();
}

function decide(a: Authorizer, r: BatchRequest, now: number): BatchResult {
  try {
    const res = a.authorize(r.warrant, r.tool, r.args, r.pop, { now, approvals: r.approvals ?? [] });
    return { ok: true, warrantId: res.warrantId, tool: res.tool, popWindow: res.popWindow, checks: res.checks };
  } catch (e) {
    if (!(e instanceof TenuoError)) throw e;
    return { ok: false, code: e.code, kind: e.kind, message: e.message };
  }
}

/** A deterministic mix of requests of every kind. */
function requests(now: number, count: number, seed = 1): BatchRequest[] {
  let state = seed;
  const rand = (n: number) => {
    state = (state * 1103515245 + 12345) & 0x7fffffff;
    return state % n;
  };
  const stackA = WarrantStack.fromLeaf(leafA);
  const textA = stackA.toBase64();
  const kinds: Array<() => BatchRequest> = [
    () => ({ warrant: textA, tool: 'read_file', args: { path: '/data/batch-123/a.csv' }, pop: leafA.signPop(worker, 'read_file', { path: '/data/batch-123/a.csv' }, { now }) }),
    () => ({ warrant: stackA, tool: 'read_file', args: { path: '/data/other.csv' }, pop: leafA.signPop(worker, 'read_file', { path: '/data/other.csv' }, { now }) }),
    () => ({ warrant: leafB, tool: 'pay', args: { amount: 50 }, pop: leafB.signPop(worker, 'pay', { amount: 50 }, { now }) }),
    () => ({ warrant: leafB, tool: 'pay', args: { amount: 500 }, pop: leafB.signPop(worker, 'pay', { amount: 500 }, { now }) }),
    () => ({ warrant: textA, tool: 'read_file', args: { path: '/data/batch-123/a.csv' }, pop: leafA.signPop(thief, 'read_file', { path: '/data/batch-123/a.csv' }, { now }) }),
    () => ({ warrant: textA, tool: 'delete', args: {}, pop: leafA.signPop(worker, 'delete', {}, { now }) }),
    () => ({ warrant: textA.slice(0, 50), tool: 'read_file', args: {}, pop: null }),
    () => ({ warrant: 'not base64 at all!', tool: 'read_file', args: {}, pop: null }),
    () => ({ warrant: textA, tool: 'read_file', args: { path: '/data/batch-123/b' }, pop: new Uint8Array(64) }),
    () => ({ warrant: textA, tool: 'read_file', args: null as never, pop: null }),
    () => null as never,
  ];
  return Array.from({ length: count }, () => kinds[rand(kinds.length)]!());
}

describe('verifyBatch', () => {
  it('equals per-request uncached authorize() on a mixed batch, cold and warm', () => {
    const now = T0 + 60;
    const batch = requests(now, 400);
    const expected = batch.map((r) => (r === null ? null : decide(uncached(), r, now)));
    const a = Authorizer.builder().trustedRoot(cp.publicKey).build();
    for (const round of ['cold', 'warm']) {
      const results = a.verifyBatch(batch, { now });
      results.forEach((res, i) => {
        const want = expected[i];
        if (want === null || want === undefined) expect(res.ok).toBe(false);
        else if (want.ok) expect([round, i, res]).toEqual([round, i, want]);
        else expect([round, i, res.ok, res.ok ? undefined : res.code]).toEqual([round, i, false, want.code]);
      });
    }
    expect(a.cachedChains).toBeGreaterThan(0);
  });

  it('a cached chain stops being served exactly when an uncached walk would fail', () => {
    const a = Authorizer.builder().trustedRoot(cp.publicKey).build();
    const u = uncached();
    // leafB expires at T0 + 130; non-leaf rules give it +30 s; the leaf rule at authorization has none.
    for (const now of [T0 + 60, T0 + 129, T0 + 130, T0 + 160, T0 + 161, T0 + 100]) {
      const cachedOutcome = (() => {
        try {
          return a.verifyChain(leafB, { now }).chainLength;
        } catch (e) {
          return (e as TenuoError).code;
        }
      })();
      const fresh = (() => {
        try {
          return u.verifyChain(leafB, { now }).chainLength;
        } catch (e) {
          return (e as TenuoError).code;
        }
      })();
      expect([now - T0, cachedOutcome]).toEqual([now - T0, fresh]);
    }
  });

  it('issued-in-future is respected when the clock is moved back', () => {
    const a = Authorizer.builder().trustedRoot(cp.publicKey).build();
    expect(a.verifyChain(leafB, { now: T0 + 60 }).chainLength).toBe(2);
    expect(() => a.verifyChain(leafB, { now: T0 - 100 })).toThrow(expect.objectContaining({ code: 1302 }));
  });

  it('a revocation list update mid-stream applies to cached chains at once', () => {
    const a = Authorizer.builder().trustedRoot(cp.publicKey).controlPlaneKey(cp.publicKey).build();
    const now = T0 + 60;
    const batch = requests(now, 60, 7).filter((r) => r !== null);
    const before = a.verifyBatch(batch, { now });
    expect(before.some((r) => r.ok)).toBe(true);
    a.setRevocationList(SignedRevocationList.create({ revokedIds: [root.id], version: 1 }, cp));
    const after = a.verifyBatch(batch, { now });
    for (const r of after) expect(r.ok).toBe(false);
    expect(after.filter((r) => !r.ok && r.code === 1800).length).toBeGreaterThan(0);
  });

  it('never throws for bad items and keeps order', () => {
    const a = Authorizer.builder().trustedRoot(cp.publicKey).build();
    const weird = [undefined, 42, 'x', { warrant: 5 }, { warrant: leafA, tool: 7, args: {}, pop: null }] as never[];
    const results = a.verifyBatch(weird, { now: T0 + 60 });
    expect(results).toHaveLength(5);
    for (const r of results) expect(r.ok).toBe(false);
  });
});
