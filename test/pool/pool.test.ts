/**
 * createVerifierPool: verifyBatch across worker_threads gives exactly the
 * in-thread decisions; revocation lists reach every worker; back-pressure,
 * close() and worker crashes behave.
 *
 * Workers need JavaScript (Node 20 cannot run the .ts sources in a worker), so
 * beforeAll transpiles the worker's module graph from src/ into a temporary
 * directory (TypeScript's transpileModule, no type check, ~1–3 s) and the pool
 * is pointed at it with `workerUrl`. dist/ is neither used nor touched.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  approvalGates,
  Authorizer,
  type BatchRequest,
  type BatchResult,
  computeRequestHash,
  createVerifierPool,
  encodeApprovalGates,
  float,
  FloatValue,
  Pattern,
  popChallenge,
  Range,
  SignedApproval,
  SignedRevocationList,
  SigningKey,
  TenuoError,
  type VerifierPool,
  Warrant,
  WarrantStack,
} from '../../src/index.js';
import { decodeChunk, decodeResults, encodeChunk, encodeResults } from '../../src/pool/chunk.js';
import { kPoolTestHooks, type PoolTestHooks } from '../../src/pool/pool.js';
import { decodeArgs, encodeArgs, Untransferable } from '../../src/pool/transfer.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
let buildDir = '';
let workerUrl: URL;

/** Transpiles src/pool/worker.ts and everything it imports (relative specifiers) to buildDir. */
function buildWorker(): URL {
  buildDir = mkdtempSync(join(tmpdir(), 'tenuo-pool-test-'));
  const src = join(ROOT, 'src');
  const pending = [join(src, 'pool/worker.ts')];
  const seen = new Set<string>();
  while (pending.length > 0) {
    const file = pending.pop() as string;
    if (seen.has(file)) continue;
    seen.add(file);
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(/(?:from|import)\s*\(?\s*['"](\.{1,2}\/[^'"]+)\.js['"]/g)) pending.push(resolve(dirname(file), `${m[1]}.ts`));
    const out = ts.transpileModule(text, { fileName: file, compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext } });
    const target = join(buildDir, relative(src, file)).replace(/\.ts$/, '.js');
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, out.outputText);
  }
  writeFileSync(join(buildDir, 'package.json'), '{"type":"module"}\n');
  symlinkSync(join(ROOT, 'node_modules'), join(buildDir, 'node_modules'), 'dir');
  return pathToFileURL(join(buildDir, 'pool/worker.js'));
}

beforeAll(() => {
  workerUrl = buildWorker();
}, 120_000);

afterAll(() => {
  if (buildDir) rmSync(buildDir, { recursive: true, force: true });
});

// ---- fixtures ----

const cp = SigningKey.fromSeed(new Uint8Array(32).fill(1));
const orch = SigningKey.fromSeed(new Uint8Array(32).fill(2));
const agent = SigningKey.fromSeed(new Uint8Array(32).fill(3));
const thief = SigningKey.fromSeed(new Uint8Array(32).fill(4));
const approver = SigningKey.fromSeed(new Uint8Array(32).fill(5));
const T0 = 1_800_000_000;
const NOW = T0 + 60;

const root = Warrant.issue({ signingKey: cp, holder: orch.publicKey, tools: { read_file: { path: new Pattern('/data/*') }, pay: { amount: new Range({ max: 100 }) }, deploy: {} }, issuedAt: T0, ttlSeconds: 3600 });
const leafA = root.attenuate({ keypair: orch, authorizedHolder: agent.publicKey, issuedAt: T0, ttlSeconds: 300, constraints: { path: new Pattern('/data/batch-123/*') } });
const leafB = root.attenuate({ keypair: orch, authorizedHolder: agent.publicKey, issuedAt: T0 + 10, ttlSeconds: 120 });
const expired = root.attenuate({ keypair: orch, authorizedHolder: agent.publicKey, issuedAt: T0 - 10, ttlSeconds: 60 });
const revoked = root.attenuate({ keypair: orch, authorizedHolder: agent.publicKey, issuedAt: T0 + 1, ttlSeconds: 300 });
const gated = Warrant.issue({
  signingKey: cp,
  holder: agent.publicKey,
  tools: { deploy: {} },
  issuedAt: T0,
  ttlSeconds: 3600,
  requiredApprovers: [approver.publicKey],
  minApprovals: 1,
  extensions: { 'tenuo.approval_gates': encodeApprovalGates(approvalGates({ deploy: null })) },
});
const approval = SignedApproval.create({ requestHash: computeRequestHash(gated.id, 'deploy', { env: 'prod' }, agent.publicKey), externalId: 'ops', approvedAt: NOW - 10, expiresAt: NOW + 600 }, approver);
const initialSrl = SignedRevocationList.create({ revokedIds: [revoked.id], version: 1 }, cp);

function inThread(): Authorizer {
  return Authorizer.builder().trustedRoot(cp.publicKey).revocationList(initialSrl, cp.publicKey).build();
}

function pool(options: Partial<Parameters<typeof createVerifierPool>[0]> = {}): Promise<VerifierPool> {
  return createVerifierPool({ workers: 2, trustedRoots: [cp.publicKey], controlPlaneKey: cp.publicKey, revocationList: initialSrl, workerUrl, ...options });
}

const hooks = (p: VerifierPool): PoolTestHooks => (p as unknown as Record<symbol, PoolTestHooks>)[kPoolTestHooks] as PoolTestHooks;

const sign = (leaf: Warrant, tool: string, args: Record<string, unknown>, key = agent) => leaf.signPop(key, tool, args as never, { now: NOW });

/** Requests that pass (on chains under `root`). */
function valid(count: number): BatchRequest[] {
  return Array.from({ length: count }, (_, i): BatchRequest => (i % 2 ? { warrant: leafB, tool: 'pay', args: { amount: i % 100 }, pop: sign(leafB, 'pay', { amount: i % 100 }) } : { warrant: leafA, tool: 'read_file', args: { path: `/data/batch-123/${i}` }, pop: sign(leafA, 'read_file', { path: `/data/batch-123/${i}` }) }));
}

/** A deterministic mix: valid, constraint violations, wrong PoP, malformed, revoked, expired, approvals, untransferable. */
function mixed(count: number, seed = 1): BatchRequest[] {
  let state = seed;
  const rand = (n: number) => {
    state = (state * 1103515245 + 12345) & 0x7fffffff;
    return state % n;
  };
  const stackA = WarrantStack.fromLeaf(leafA);
  const textA = stackA.toBase64();
  const bytesB = leafB.chainBytes();
  const kinds: Array<(i: number) => BatchRequest> = [
    (i) => ({ warrant: textA, tool: 'read_file', args: { path: `/data/batch-123/${i}.csv` }, pop: sign(leafA, 'read_file', { path: `/data/batch-123/${i}.csv` }) }),
    (i) => ({ warrant: stackA, tool: 'read_file', args: { path: `/data/other/${i}` }, pop: sign(leafA, 'read_file', { path: `/data/other/${i}` }) }),
    (i) => ({ warrant: leafB, tool: 'pay', args: { amount: i % 100 }, pop: sign(leafB, 'pay', { amount: i % 100 }) }),
    (i) => ({ warrant: bytesB, tool: 'pay', args: { amount: 100 + (i % 50) }, pop: sign(leafB, 'pay', { amount: 100 + (i % 50) }) }),
    (i) => ({ warrant: leafB, tool: 'pay', args: { amount: float(i % 7) }, pop: sign(leafB, 'pay', { amount: float(i % 7) }) }),
    (i) => ({ warrant: textA, tool: 'read_file', args: { path: `/data/batch-123/${i}` }, pop: sign(leafA, 'read_file', { path: `/data/batch-123/${i}` }, thief) }),
    (i) => ({ warrant: textA, tool: 'read_file', args: { path: `/data/batch-123/${i}` }, pop: new Uint8Array(64).fill(i & 0xff) }),
    () => ({ warrant: textA, tool: 'delete', args: {}, pop: sign(leafA, 'delete', {}) }),
    () => ({ warrant: textA.slice(0, 50), tool: 'read_file', args: {}, pop: null }),
    () => ({ warrant: 'not base64 at all!', tool: 'read_file', args: {}, pop: null }),
    (i) => ({ warrant: revoked, tool: 'pay', args: { amount: i % 10 }, pop: sign(revoked, 'pay', { amount: i % 10 }) }),
    (i) => ({ warrant: expired, tool: 'pay', args: { amount: i % 10 }, pop: sign(expired, 'pay', { amount: i % 10 }) }),
    () => ({ warrant: gated, tool: 'deploy', args: { env: 'prod' }, pop: sign(gated, 'deploy', { env: 'prod' }), approvals: [approval] }),
    () => ({ warrant: gated, tool: 'deploy', args: { env: 'prod' }, pop: sign(gated, 'deploy', { env: 'prod' }) }),
    (i) => ({ warrant: leafB, tool: 'pay', args: { amount: BigInt(i) * 2n ** 60n, nested: [1, { x: -0 }, null, NaN] }, pop: sign(leafB, 'pay', { amount: BigInt(i) }) }),
    () => ({ warrant: leafB, tool: 'pay', args: { amount: undefined } as never, pop: null }),
    () => ({ warrant: textA, tool: 'read_file', args: null as never, pop: null }),
    () => ({ warrant: 42 as never, tool: 'read_file', args: {}, pop: null }),
    () => ({ warrant: leafB, tool: 7 as never, args: {}, pop: null }),
    () => ({ warrant: leafB, tool: 'pay', args: { amount: 1 }, pop: 'sig' as never }),
    () => null as never,
  ];
  return Array.from({ length: count }, (_, i) => (kinds[rand(kinds.length)] as (i: number) => BatchRequest)(i));
}

// ---- transfer encoding ----

/** Same kinds, values (Object.is), key order and prototypes. */
function expectExact(actual: unknown, expected: unknown, path = 'args'): void {
  if (expected instanceof FloatValue) {
    expect(actual, path).toBeInstanceOf(FloatValue);
    expect(Object.is((actual as FloatValue).value, expected.value), `${path} float`).toBe(true);
  } else if (typeof expected === 'object' && expected !== null) {
    expect(Object.getPrototypeOf(actual), `${path} prototype`).toBe(Object.getPrototypeOf(expected));
    expect(Object.keys(actual as object), `${path} keys`).toEqual(Object.keys(expected));
    for (const key of Object.keys(expected)) expectExact((actual as Record<string, unknown>)[key], (expected as Record<string, unknown>)[key], `${path}.${key}`);
  } else {
    expect(typeof actual, `${path} type`).toBe(typeof expected);
    expect(Object.is(actual, expected), `${path} value ${String(actual)} vs ${String(expected)}`).toBe(true);
  }
}

describe('encodeArgs / decodeArgs', () => {
  const nullProto = Object.assign(Object.create(null) as Record<string, unknown>, { b: 1, a: float(2) });
  const withProtoKey = JSON.parse('{"__proto__": {"x": 1}, "y": [0]}') as Record<string, unknown>;
  const cases: Array<[string, Record<string, unknown>, boolean]> = [
    ['strings, integers, booleans, null', { s: 'x', i: 42, neg: -7, t: true, f: false, n: null, big: 2 ** 53 + 2, frac: 0.1 }, true],
    ['nested lists and objects', { list: [1, 'a', [2, [3, { deep: ['z'] }]], {}], obj: { b: { c: { d: [] } } } }, true],
    ['integer-like keys and unicode', { 10: 'ten', 2: 'two', z: 'é\u{1F600}', lone: '\uD800x' }, true],
    ['float(1) and integral floats', { one: float(1), zero: float(0), big: float(2 ** 60), list: [float(3), 3] }, false],
    ['bigint beyond 2^53', { big: 2n ** 60n + 1n, min: -(2n ** 63n), over: 2n ** 64n, small: 5n }, false],
    ['NaN, ±Infinity, -0', { nan: NaN, inf: Infinity, ninf: -Infinity, nz: -0, fnan: float(NaN), fnz: float(-0), finf: float(-Infinity) }, false],
    ['deep mix', { a: [{ b: [float(1), 2n, [NaN, { c: -0 }]] }] }, false],
    ['null-prototype objects', { o: nullProto }, false],
    ['a "__proto__" key', withProtoKey, true],
    ['empty', {}, true],
  ];
  for (const [name, args, plain] of cases) {
    it(`round-trips ${name} through structured clone`, () => {
      const wire = encodeArgs(args);
      expect(wire.startsWith('{')).toBe(plain);
      const back = decodeArgs(structuredClone(wire));
      expectExact(back, args);
    });
  }

  it('decoded args sign the same PoP challenge bytes', () => {
    const args = { amount: float(1), n: 2n ** 62n, list: [NaN, -0, 'x', { k: float(-0) }] };
    expect(popChallenge('00'.repeat(16), 'pay', decodeArgs(encodeArgs(args)), 0)).toEqual(popChallenge('00'.repeat(16), 'pay', args, 0));
  });

  it('refuses what is outside the value model (decided in-thread instead)', () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    const sparse = [1, , 3];
    for (const bad of [{ u: undefined }, { f: () => 1 }, { s: Symbol('x') }, { d: new Date(0) }, { m: new Map() }, { b: new Uint8Array(1) }, cyclic, { sparse }, null, [1], 'x', new (class Args {})()]) {
      expect(() => encodeArgs(bad)).toThrow(Untransferable);
    }
  });
});

describe('chunk encoding', () => {
  it('round-trips requests and results, leaving untransferable ones to the caller', () => {
    const batch = mixed(300, 3);
    batch[5] = undefined as never;
    delete (batch as unknown[])[6];
    const { chunk, positions, skipped, transfer } = encodeChunk(batch, 0, batch.length);
    expect(skipped).toContain(5);
    expect(positions).not.toContain(6);
    expect(skipped).not.toContain(6);
    expect(positions.length + skipped.length).toBe(batch.length - 1);
    expect(chunk.warrants.length).toBeLessThan(12);
    const decoded = decodeChunk(structuredClone(chunk, { transfer }));
    const a = inThread();
    const expected = a.verifyBatch(positions.map((i) => batch[i] as BatchRequest), { now: NOW });
    const got = inThread().verifyBatch(decoded as BatchRequest[], { now: NOW });
    expect(got).toEqual(expected);
    const encoded = encodeResults(got);
    expect(decodeResults(structuredClone(encoded.results, { transfer: encoded.transfer }))).toEqual(expected);
  });

  it('check lists that alternate, repeat or share content round-trip exactly', () => {
    const ok = (checks: string[]) => ({ ok: true as const, warrantId: 'tnu_wrt_1', tool: 't', popWindow: 30, checks });
    const results: BatchResult[] = [
      ok(['chain', 'tool', 'pop']),
      ok(['chain', 'tool', 'pop']),
      ok(['chain', 'tool', 'pop', 'constraints']),
      { ok: false, code: 1500, kind: 'k', message: 'm' },
      ok(['chain', 'tool', 'pop']),
      ok(['chain', 'tool']),
      ok(['chain', 'tool', 'pop', 'constraints']),
      ok([]),
    ];
    const decoded = decodeResults(structuredClone(encodeResults(results).results));
    expect(decoded).toEqual(results);
    // Each decoded result owns its list.
    (decoded[0] as unknown as { checks: string[] }).checks.push('x');
    expect((decoded[1] as unknown as { checks: string[] }).checks).toEqual(['chain', 'tool', 'pop']);
  });

  it('results of another shape pass through as they are', () => {
    const odd = [{ ok: true, warrantId: 'w', tool: 't', popWindow: 1, checks: ['chain'], extra: 1 }, { ok: false, code: 1500, kind: 'k', message: 'm' }] as unknown as BatchResult[];
    expect(decodeResults(encodeResults(odd).results)).toEqual(odd);
  });
});

// ---- the pool ----

describe('createVerifierPool', () => {
  it('spreads a batch over the idle workers; batches submitted while every worker is busy stay whole', async () => {
    const p = await pool();
    const a = inThread();
    try {
      const good = valid(64);
      const completed = () => p.stats.workers.reduce((sum, w) => sum + w.completed, 0);
      await p.verifyBatch(good, { now: NOW });
      p.stats.workers.forEach((w) => expect(w.completed).toBe(1));
      // The first of four concurrent batches finds both workers idle (2 chunks); the other three find none (1 chunk each).
      const before = completed();
      const all = await Promise.all([0, 1, 2, 3].map(() => p.verifyBatch(good, { now: NOW })));
      expect(completed() - before).toBe(5);
      const expected = a.verifyBatch(good, { now: NOW });
      for (const results of all) expect(results).toEqual(expected);
    } finally {
      await p.close();
    }
  });

  it('equals the in-thread verifyBatch on a mixed batch of 6,000 requests (cold and warm), 2 workers', async () => {
    const batch = mixed(6000);
    const a = inThread();
    const p = await pool({ maxChunkSize: 700 });
    try {
      for (const round of ['cold', 'warm']) {
        const expected = a.verifyBatch(batch, { now: NOW });
        const got = await p.verifyBatch(batch, { now: NOW });
        expect(got.length, round).toBe(batch.length);
        expect(got, round).toEqual(expected);
        const codes = new Set(expected.map((r) => (r.ok ? 'ok' : r.code)));
        for (const code of ['ok', 1500, 1501, 1600, 1202, 1300, 1800, 1201, 1707]) expect(codes, String(code)).toContain(code);
        expect(got.some((r) => r.ok && r.checks.includes('approvals'))).toBe(true);
      }
      const stats = p.stats;
      expect(stats.workers).toHaveLength(2);
      for (const w of stats.workers) expect(w.completed).toBeGreaterThan(0);
    } finally {
      await p.close();
    }
  });

  it('validates arguments like Authorizer.verifyBatch', async () => {
    const p = await pool();
    try {
      await expect(p.verifyBatch('x' as never)).rejects.toMatchObject({ code: 1201 });
      await expect(p.verifyBatch([], { now: -1 })).rejects.toMatchObject({ code: 1201 });
      expect(await p.verifyBatch([])).toEqual([]);
    } finally {
      await p.close();
    }
  });

  it('broadcasts a revocation list to every worker; a rollback is refused and changes nothing', async () => {
    const p = await pool({ maxChunkSize: 10 });
    const a = inThread();
    try {
      const good = valid(100);
      for (const r of a.verifyBatch(good, { now: NOW })) expect(r.ok).toBe(true);
      // Traffic in flight while the list changes.
      const inFlight = [p.verifyBatch(good, { now: NOW }), p.verifyBatch(good, { now: NOW })];
      const srl2 = SignedRevocationList.create({ revokedIds: [revoked.id, root.id], version: 2 }, cp);
      await p.setRevocationList(srl2);
      for (const results of await Promise.all(inFlight)) expect(results).toHaveLength(good.length);
      const before = p.stats.workers.map((w) => w.completed);
      const after = await p.verifyBatch(good, { now: NOW });
      for (const r of after) expect(r).toMatchObject({ ok: false, code: 1800 });
      p.stats.workers.forEach((w, i) => expect(w.completed, `worker ${i} served`).toBeGreaterThan(before[i] as number));

      // Rollback (1802) and a list signed by someone else (1801): refused in this thread, workers keep v2.
      await expect(p.setRevocationList(initialSrl)).rejects.toMatchObject({ code: 1802 });
      await expect(p.setRevocationList(SignedRevocationList.create({ revokedIds: [], version: 9 }, thief))).rejects.toMatchObject({ code: 1801 });
      for (const r of await p.verifyBatch(good, { now: NOW })) expect(r).toMatchObject({ ok: false, code: 1800 });

      // A newer list that un-revokes the root applies everywhere.
      await p.setRevocationList(SignedRevocationList.create({ revokedIds: [revoked.id], version: 3 }, cp));
      expect(await p.verifyBatch(good, { now: NOW })).toEqual(a.verifyBatch(good, { now: NOW }));
    } finally {
      await p.close();
    }
  });

  it('back-pressure: with maxQueue 1, many concurrent batches wait, all complete in order, queues stay bounded', async () => {
    const p = await pool({ maxQueue: 1, maxChunkSize: 25 });
    const a = inThread();
    try {
      const batches = Array.from({ length: 40 }, (_, i) => mixed(100, 100 + i));
      const expected = batches.map((b) => a.verifyBatch(b, { now: NOW }));
      let maxQueued = 0;
      let maxWaiting = 0;
      const sample = () => {
        const s = p.stats;
        maxQueued = Math.max(maxQueued, ...s.workers.map((w) => w.queued));
        maxWaiting = Math.max(maxWaiting, s.waiting);
      };
      const timer = setInterval(sample, 1);
      const promises = batches.map((b) => p.verifyBatch(b, { now: NOW }));
      sample();
      const results = await Promise.all(promises);
      clearInterval(timer);
      expect(results).toEqual(expected);
      expect(maxQueued).toBe(1);
      expect(maxWaiting).toBeGreaterThan(0);
      // Waiting chunks are references to the caller's requests, not encoded copies: at most one per batch chunk.
      expect(maxWaiting).toBeLessThanOrEqual(batches.length * 4);
      expect(p.stats.waiting).toBe(0);
      for (const w of p.stats.workers) expect(w.queued).toBe(0);
    } finally {
      await p.close();
    }
  });

  it('close() waits for submitted work, terminates the workers and refuses new work', async () => {
    const p = await pool();
    const pendingWork = p.verifyBatch(mixed(300, 5), { now: NOW });
    const closed = p.close();
    expect(p.close()).toBe(closed);
    expect(await pendingWork).toHaveLength(300);
    await closed;
    for (const w of p.stats.workers) expect(w.alive).toBe(false);
    await expect(p.verifyBatch(mixed(3), { now: NOW })).rejects.toBeInstanceOf(TenuoError);
    await expect(p.setRevocationList(initialSrl)).rejects.toBeInstanceOf(TenuoError);
  });

  it('a worker crash rejects its pending chunks with a TenuoError; the pool replaces it (with the current list)', async () => {
    const p = await pool({ maxChunkSize: 4000 });
    const a = inThread();
    try {
      const srl2 = SignedRevocationList.create({ revokedIds: [revoked.id, leafA.id], version: 2 }, cp);
      await p.setRevocationList(srl2);
      a.setRevocationList(srl2);
      const big = mixed(8000, 11);
      const victim = p.stats.workers[0]?.threadId;
      const doomed = p.verifyBatch(big, { now: NOW });
      await new Promise((r) => setTimeout(r, 20));
      await hooks(p).killWorker(0);
      const error = await doomed.then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(TenuoError);
      expect((error as TenuoError).details).toMatchObject({ workerExited: true, threadId: victim });

      const stats = p.stats.workers[0];
      expect(stats?.restarts).toBe(1);
      expect(stats?.threadId).not.toBe(victim);
      const batch = mixed(2000, 12);
      expect(await p.verifyBatch(batch, { now: NOW })).toEqual(a.verifyBatch(batch, { now: NOW }));
      expect(p.stats.workers[0]?.alive).toBe(true);
      expect(p.stats.workers[0]?.completed).toBeGreaterThan(0);
    } finally {
      await p.close();
    }
  });

  it('rejects bad options and unloadable workers with TenuoError', async () => {
    await expect(pool({ workers: 0 })).rejects.toMatchObject({ code: 1201 });
    await expect(pool({ maxQueue: 0 })).rejects.toMatchObject({ code: 1201 });
    await expect(pool({ trustedRoots: [] })).rejects.toMatchObject({ code: 1406 });
    await expect(pool({ workerUrl: new URL('./no-such-worker.js', workerUrl) })).rejects.toBeInstanceOf(TenuoError);
    // From the .ts sources the default worker cannot load; the error says what to do.
    await expect(createVerifierPool({ workers: 1, trustedRoots: [cp.publicKey] })).rejects.toThrow(/workerUrl/);
  });
});

// ---- the 100,000-request differential (issue: verifyBatch at the speed limit) ----

describe('differential: verifyBatch (warm and cold, in-thread and pool) equals per-request authorize', () => {
  const DISTINCT = 700;
  const TOTAL = 100_000;
  const distinct = mixed(DISTINCT, 12345);
  /** Each distinct request decided once by authorize() on a cache-less authorizer. */
  const reference = (() => {
    const a = Authorizer.builder().trustedRoot(cp.publicKey).revocationList(initialSrl, cp.publicKey).chainCache(0).build();
    return distinct.map((r): BatchResult => {
      try {
        if (typeof r !== 'object' || r === null) throw new TenuoError(1201, 'request must be an object');
        const res = a.authorize(r.warrant, r.tool, r.args, r.pop, { now: NOW, approvals: r.approvals ?? [] });
        return { ok: true, warrantId: res.warrantId, tool: res.tool, popWindow: res.popWindow, checks: res.checks };
      } catch (e) {
        if (!(e instanceof TenuoError)) return { ok: false, code: -1, kind: 'not-a-tenuo-error', message: String(e) };
        return { ok: false, code: e.code, kind: e.kind, message: e.message };
      }
    });
  })();
  const order = Array.from({ length: TOTAL }, (_, i) => (i * 7919) % DISTINCT);

  function compare(results: readonly BatchResult[], offset: number, label: string): void {
    results.forEach((got, j) => {
      const want = reference[order[offset + j] as number] as BatchResult;
      // Decision and code must match exactly; a non-TenuoError from authorize() would show up as code -1.
      if (got.ok !== want.ok || (!got.ok && !want.ok && got.code !== want.code)) {
        expect([label, offset + j, got]).toEqual([label, offset + j, want]);
      }
    });
  }

  function batches(size: number): Array<{ offset: number; requests: BatchRequest[] }> {
    const out = [];
    for (let offset = 0; offset < TOTAL; offset += size) out.push({ offset, requests: order.slice(offset, offset + size).map((k) => distinct[k] as BatchRequest) });
    return out;
  }

  it('the reference decisions cover allows and every kind of denial', () => {
    const codes = new Set(reference.map((r) => (r.ok ? 'ok' : r.code)));
    for (const code of ['ok', 1202, 1300, 1500, 1501, 1600, 1707, 1800]) expect(codes).toContain(code);
    expect(codes).not.toContain(-1);
  });

  it('in-thread, warm chain cache: 100,000 requests in batches of 256', () => {
    const a = inThread();
    for (const { offset, requests } of batches(256)) compare(a.verifyBatch(requests, { now: NOW }), offset, 'warm');
  }, 300_000);

  it('in-thread, chain cache disabled (cold every time): the first 20,000', () => {
    const a = Authorizer.builder().trustedRoot(cp.publicKey).revocationList(initialSrl, cp.publicKey).chainCache(0).build();
    for (const { offset, requests } of batches(256).slice(0, 79)) compare(a.verifyBatch(requests, { now: NOW }), offset, 'cold');
  }, 300_000);

  it('2-worker pool: 100,000 requests', async () => {
    const p = await pool();
    try {
      const chunks = batches(1024);
      const results = await Promise.all(chunks.map(({ requests }) => p.verifyBatch(requests, { now: NOW })));
      chunks.forEach(({ offset }, i) => compare(results[i] as BatchResult[], offset, 'pool'));
    } finally {
      await p.close();
    }
  }, 300_000);
});
