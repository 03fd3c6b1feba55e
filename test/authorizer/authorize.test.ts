/** Authorization of one tool call: tool lookup, arguments, PoP windows, clearance, expiry, revocation. */
import { describe, expect, it } from 'vitest';
import { codeOf, hex, keyFor, vector } from '../helpers.js';
import { Authorizer, ConstraintSet, Exact, float, OneOf, Pattern, Range, SignedRevocationList, SigningKey, TenuoError, Warrant, WarrantStack } from '../../src/index.js';

const cp = SigningKey.fromSeed(new Uint8Array(32).fill(1));
const orch = SigningKey.fromSeed(new Uint8Array(32).fill(2));
const worker = SigningKey.fromSeed(new Uint8Array(32).fill(3));
const stranger = SigningKey.fromSeed(new Uint8Array(32).fill(9));
const T0 = 1_800_000_000;

const root = Warrant.issue({
  signingKey: cp,
  holder: orch.publicKey,
  tools: {
    read_file: { path: new Pattern('/data/*') },
    transfer: { amount: new Range({ min: 0, max: 1000 }), currency: new OneOf(['USD', 'EUR']) },
    ping: {},
    open: new ConstraintSet({ file: new Pattern('/tmp/*') }, true),
  },
  issuedAt: T0,
  ttlSeconds: 3600,
  clearance: 20,
});
const leaf = root.attenuate({ keypair: orch, authorizedHolder: worker.publicKey, issuedAt: T0, ttlSeconds: 600, constraints: { path: new Pattern('/data/batch-1/*') } });
const authorizer = Authorizer.builder().trustedRoot(cp.publicKey).controlPlaneKey(cp.publicKey).build();
const NOW = T0 + 100;


function call(tool: string, args: Record<string, any>, options: { signer?: SigningKey; signedAt?: number; now?: number; warrant?: Warrant; signedTool?: string; signedArgs?: Record<string, any> } = {}) {
  const w = options.warrant ?? leaf;
  const pop = w.signPop(options.signer ?? worker, options.signedTool ?? tool, options.signedArgs ?? args, { now: options.signedAt ?? options.now ?? NOW });
  return () => authorizer.authorize(w, tool, args, pop, { now: options.now ?? NOW });
}

describe('authorize', () => {
  it('allows a call inside the scope and reports what it checked', () => {
    const result = call('read_file', { path: '/data/batch-1/a.csv' })();
    expect(result.authorized).toBe(true);
    expect(result.warrantId).toBe(leaf.id);
    expect(result.checks).toEqual(['chain', 'tool', 'pop', 'constraints']);
    expect(result.chainLength).toBe(2);
  });

  it('constraints: mismatch, missing, extra and allow_unknown arguments', () => {
    expect(codeOf(call('read_file', { path: '/data/other/a.csv' }))).toBe(1501);
    expect(codeOf(call('read_file', {}))).toBe(1501);
    expect(codeOf(call('read_file', { path: '/data/batch-1/a', mode: 'r' }))).toBe(1501);
    expect(codeOf(call('transfer', { amount: 10, currency: 'USD' }))).toBe('ok');
    expect(codeOf(call('transfer', { amount: 1001, currency: 'USD' }))).toBe(1501);
    expect(codeOf(call('transfer', { amount: float(10.5), currency: 'GBP' }))).toBe(1501);
    expect(codeOf(call('ping', { anything: [1, 2, { x: null }] }))).toBe('ok');
    expect(codeOf(call('open', { file: '/tmp/x', extra: true }))).toBe('ok');
    try {
      call('read_file', { path: '/etc/passwd' })();
    } catch (e) {
      expect((e as TenuoError).message).toContain('"path"');
      expect((e as TenuoError).message).not.toContain('/etc/passwd');
      expect((e as TenuoError).details.field).toBe('path');
    }
  });

  it('tools: not in the warrant → 1500', () => {
    expect(codeOf(call('delete_file', { path: '/data/batch-1/a' }))).toBe(1500);
  });

  it('PoP: valid in each allowed window, refused one window outside', () => {
    for (const offset of [-2, -1, 0, 1, 2]) {
      expect([offset, codeOf(call('ping', {}, { signedAt: NOW + offset * 30 }))]).toEqual([offset, 'ok']);
    }
    expect(codeOf(call('ping', {}, { signedAt: NOW - 3 * 30 }))).toBe(1600);
    expect(codeOf(call('ping', {}, { signedAt: NOW + 3 * 30 }))).toBe(1600);
  });

  it('PoP: refused under another key, for other args, another tool or another warrant', () => {
    expect(codeOf(call('ping', {}, { signer: stranger }))).toBe(1600);
    expect(codeOf(call('transfer', { amount: 10, currency: 'USD' }, { signedArgs: { amount: 11, currency: 'USD' } }))).toBe(1600);
    expect(codeOf(call('transfer', { amount: 10, currency: 'USD' }, { signedArgs: { amount: float(10), currency: 'USD' } }))).toBe(1600);
    expect(codeOf(call('ping', {}, { signedTool: 'read_file' }))).toBe(1600);
    const twin = root.attenuate({ keypair: orch, authorizedHolder: worker.publicKey, issuedAt: T0, ttlSeconds: 600 });
    const popForTwin = twin.signPop(worker, 'ping', {}, { now: NOW });
    expect(codeOf(() => authorizer.authorize(leaf, 'ping', {}, popForTwin, { now: NOW }))).toBe(1600);
    expect(codeOf(() => authorizer.authorize(leaf, 'ping', {}, undefined, { now: NOW }))).toBe(1600);
    expect(codeOf(() => authorizer.authorize(leaf, 'ping', {}, new Uint8Array(63), { now: NOW }))).toBe(1600);
  });

  it('a stolen warrant without the holder key is useless', () => {
    expect(codeOf(call('read_file', { path: '/data/batch-1/a.csv' }, { signer: orch }))).toBe(1600);
  });

  it('the leaf is expired at now ≥ expires_at (no tolerance at authorization)', () => {
    expect(codeOf(call('ping', {}, { now: leaf.expiresAt - 1 }))).toBe('ok');
    expect(codeOf(call('ping', {}, { now: leaf.expiresAt }))).toBe(1300);
  });

  it('clearance requirements: exact, longest prefix, then *', () => {
    const strict = Authorizer.builder().trustedRoot(cp.publicKey).requireClearance('read_*', 30).requireClearance('*', 10).requireClearance('read_file', 20).build();
    const pop = leaf.signPop(worker, 'read_file', { path: '/data/batch-1/x' }, { now: NOW });
    expect(codeOf(() => strict.authorize(leaf, 'read_file', { path: '/data/batch-1/x' }, pop, { now: NOW }))).toBe('ok');
    const strict2 = Authorizer.builder().trustedRoot(cp.publicKey).requireClearance('read_*', 30).requireClearance('*', 10).build();
    expect(codeOf(() => strict2.authorize(leaf, 'read_file', { path: '/data/batch-1/x' }, pop, { now: NOW }))).toBe(1500);
    const pingPop = leaf.signPop(worker, 'ping', {}, { now: NOW });
    expect(codeOf(() => strict2.authorize(leaf, 'ping', {}, pingPop, { now: NOW }))).toBe('ok');
  });

  it('accepts the chain as a stack, base64 or PEM', () => {
    const pop = leaf.signPop(worker, 'ping', {}, { now: NOW });
    const stack = WarrantStack.fromLeaf(leaf);
    for (const input of [stack, stack.toBase64(), stack.toPem(), stack.toBytes()]) {
      expect(authorizer.authorize(input, 'ping', {}, pop, { now: NOW }).warrantId).toBe(leaf.id);
    }
  });
});

describe('revocation', () => {
  it('a listed leaf or ancestor is refused (1800); an unlisted descendant presented alone is unaffected', () => {
    const revoker = Authorizer.builder().trustedRoot(cp.publicKey).revocationList(SignedRevocationList.create({ revokedIds: [root.id], version: 1 }, cp), cp.publicKey).build();
    const pop = leaf.signPop(worker, 'ping', {}, { now: NOW });
    expect(codeOf(() => revoker.authorize(leaf, 'ping', {}, pop, { now: NOW }))).toBe(1800);
    revoker.setRevocationList(SignedRevocationList.create({ revokedIds: [leaf.id], version: 2 }, cp));
    expect(codeOf(() => revoker.authorize(leaf, 'ping', {}, pop, { now: NOW }))).toBe(1800);
    revoker.setRevocationList(SignedRevocationList.create({ revokedIds: [], version: 3 }, cp));
    expect(codeOf(() => revoker.authorize(leaf, 'ping', {}, pop, { now: NOW }))).toBe('ok');
  });

  it('anti-rollback: an older list is refused and the current one stays', () => {
    const revoker = Authorizer.builder().trustedRoot(cp.publicKey).controlPlaneKey(cp.publicKey).build();
    revoker.setRevocationList(SignedRevocationList.create({ revokedIds: [leaf.id], version: 5 }, cp));
    expect(codeOf(() => revoker.setRevocationList(SignedRevocationList.create({ revokedIds: [], version: 4 }, cp)))).toBe(1802);
    expect(revoker.revocationList?.version).toBe(5n);
    const pop = leaf.signPop(worker, 'ping', {}, { now: NOW });
    expect(codeOf(() => revoker.authorize(leaf, 'ping', {}, pop, { now: NOW }))).toBe(1800);
  });

  it('a list signed by another key is refused (1801)', () => {
    const revoker = Authorizer.builder().trustedRoot(cp.publicKey).controlPlaneKey(cp.publicKey).build();
    expect(codeOf(() => revoker.setRevocationList(SignedRevocationList.create({ revokedIds: [], version: 1 }, stranger)))).toBe(1801);
  });

  it('two authorizers with different lists in one process keep their own decisions', () => {
    const a = Authorizer.builder().trustedRoot(cp.publicKey).revocationList(SignedRevocationList.create({ revokedIds: [leaf.id], version: 1 }, cp), cp.publicKey).build();
    const b = Authorizer.builder().trustedRoot(cp.publicKey).controlPlaneKey(cp.publicKey).build();
    const pop = leaf.signPop(worker, 'ping', {}, { now: NOW });
    for (let i = 0; i < 3; i++) {
      expect(codeOf(() => a.authorize(leaf, 'ping', {}, pop, { now: NOW }))).toBe(1800);
      expect(codeOf(() => b.authorize(leaf, 'ping', {}, pop, { now: NOW }))).toBe('ok');
    }
  });

  it('A.22: the revoked child makes the chain fail; A.9.4: a hyphenated UUID never matches', () => {
    const chain = vector('A.22.chain');
    const stack = new WarrantStack(chain.chain.map((id: string) => Warrant.fromParts(hex(vector(id).payloadHex), hex(vector(id).signatureHex))));
    const control = keyFor('ControlPlane');
    const revoker = Authorizer.builder().trustedRoot(control.publicKey).revocationList(SignedRevocationList.create({ revokedIds: chain.revokedIds, version: 1 }, control), control.publicKey).build();
    expect(codeOf(() => revoker.verifyChain(stack, { now: 1704067260 }))).toBe(1800);
    const hyphen = Authorizer.builder()
      .trustedRoot(control.publicKey)
      .revocationList(SignedRevocationList.create({ revokedIds: ['019471f8-0000-7000-8000-000000002201'], version: 1 }, control), control.publicKey)
      .build();
    expect(codeOf(() => hyphen.verifyChain(stack, { now: 1704067260 }))).toBe('ok');
  });

  it('stays O(1) per lookup with 1,000,000 revoked ids', () => {
    const ids = Array.from({ length: 1_000_000 }, (_, i) => `tnu_wrt_${i.toString(16).padStart(32, '0')}`);
    ids.push(leaf.id);
    const big = Authorizer.builder().trustedRoot(cp.publicKey).revocationList(SignedRevocationList.create({ revokedIds: ids, version: 1 }, cp), cp.publicKey).build();
    const pop = leaf.signPop(worker, 'ping', {}, { now: NOW });
    expect(codeOf(() => big.authorize(leaf, 'ping', {}, pop, { now: NOW }))).toBe(1800);
    const other = root.attenuate({ keypair: orch, authorizedHolder: worker.publicKey, issuedAt: T0, ttlSeconds: 600 });
    const otherPop = other.signPop(worker, 'ping', {}, { now: NOW });
    expect(codeOf(() => big.authorize(other, 'ping', {}, otherPop, { now: NOW }))).toBe('ok');
  });
});

describe('A.20.1: PoP signed by the wrong key', () => {
  it('is refused (1600)', () => {
    const e = vector('A.20.1');
    const w = Warrant.fromParts(hex(e.payloadHex), hex(e.signatureHex));
    const control = keyFor('ControlPlane');
    const auth = Authorizer.builder().trustedRoot(control.publicKey).build();
    const now = 1704067200 + 10;
    const attackerPop = w.signPop(keyFor('Attacker'), 'read_file', { path: '/data/test.txt' }, { now });
    expect(codeOf(() => auth.authorize(w, 'read_file', { path: '/data/test.txt' }, attackerPop, { now }))).toBe(1600);
    const holderPop = w.signPop(keyFor(e.holderRole), 'read_file', { path: '/data/test.txt' }, { now });
    expect(codeOf(() => auth.authorize(w, 'read_file', { path: '/data/test.txt' }, holderPop, { now }))).toBe('ok');
  });
});
