/**
 * Approval threshold checks (verify_approvals_with_tolerance), the
 * ApprovalRequired error and the gate step of authorization.
 */
import { describe, expect, it } from 'vitest';
import { SignedApproval, type SigningKey, TenuoError, Warrant, computeRequestHash } from '../../src/index.js';
import { APPROVAL_GATES_EXTENSION_KEY, approvalGates, constraintGate, encodeApprovalGates } from '../../src/approval/gates.js';
import { approvalRequired, approvalThreshold, enforceApprovalGates, verifyApprovals } from '../../src/approval/verify.js';
import { Range } from '../../src/index.js';
import type { ToolArgs } from '../../src/pop/challenge.js';
import { hex, keyFor, toHexString, vector, tenuoErrorOf as errorOf } from '../helpers.js';

const NOW = Math.floor(Date.now() / 1000);
const A1 = keyFor('Approver1');
const A2 = keyFor('Approver2');
const A3 = keyFor('Approver3');
const ATTACKER = keyFor('Attacker');
const ARGS: ToolArgs = { amount: 5000, to: 'bob' };

function issue(options: { approvers?: SigningKey[]; min?: number; gates?: boolean } = {}): Warrant {
  const approvers = options.approvers ?? [A1, A2, A3];
  return Warrant.issue({
    signingKey: keyFor('ControlPlane'),
    holder: keyFor('Worker').publicKey,
    tools: ['transfer', 'read'],
    issuedAt: NOW - 60,
    expiresAt: NOW + 3600,
    ...(approvers.length ? { requiredApprovers: approvers.map((k) => k.publicKey) } : {}),
    ...(options.min !== undefined ? { minApprovals: options.min } : {}),
    ...(options.gates === false
      ? {}
      : { extensions: { [APPROVAL_GATES_EXTENSION_KEY]: encodeApprovalGates(approvalGates({ transfer: { amount: constraintGate(new Range({ min: 1000 })) } })) } }),
  });
}

const W = issue({ min: 2 });

function approve(key: SigningKey, o: { warrant?: Warrant; args?: ToolArgs; approvedAt?: number; expiresAt?: number; id?: string } = {}): SignedApproval {
  const w = o.warrant ?? W;
  return SignedApproval.create(
    {
      requestHash: computeRequestHash(w.id, 'transfer', o.args ?? ARGS, w.holder),
      externalId: o.id ?? `${key.publicKey.toHex().slice(0, 8)}@example.com`,
      approvedAt: o.approvedAt ?? NOW - 10,
      expiresAt: o.expiresAt ?? NOW + 300,
    },
    key,
  );
}

function badSignature(a: SignedApproval): SignedApproval {
  const bytes = a.toBytes();
  bytes[bytes.length - 1] = (bytes[bytes.length - 1] as number) ^ 0x01; // last signature byte
  return SignedApproval.fromBytes(bytes);
}

const run = (approvals: SignedApproval[], warrant: Warrant = W, args: ToolArgs = ARGS) =>
  verifyApprovals({ leaf: warrant, tool: 'transfer', args, approvals, now: NOW });


describe('verifyApprovals: 2-of-3', () => {
  it('two valid approvals pass and are returned', () => {
    const out = run([approve(A1, { id: 'alice' }), approve(A3, { id: 'carol' })]);
    expect(out.map((v) => v.externalId)).toEqual(['alice', 'carol']);
    expect(out[0]?.approverKey.equals(A1.publicKey)).toBe(true);
    expect(out[0]?.approvedAt).toBe(NOW - 10);
    expect(out[0]?.expiresAt).toBe(NOW + 300);
    expect(toHexString(out[0]?.requestHash as Uint8Array)).toBe(toHexString(computeRequestHash(W.id, 'transfer', ARGS, W.holder)));
  });

  it('stops at the threshold', () => {
    const out = run([approve(A1), approve(A2), badSignature(approve(A3))]);
    expect(out).toHaveLength(2);
  });

  it('skips invalid approvals while enough valid ones remain', () => {
    expect(run([badSignature(approve(A1)), approve(ATTACKER), approve(A2), approve(A3)])).toHaveLength(2);
  });

  it('one valid + one with a bad signature → 1700', () => {
    const e = errorOf(() => run([approve(A1), badSignature(approve(A2))]));
    expect(e.code).toBe(1700);
    expect(e.details).toMatchObject({ required: 2, received: 1, rejected: { invalidSignature: 1 } });
    expect(e.message).toContain('[rejected: 1 invalid signature]');
  });

  it('the same approver counts once', () => {
    const e = errorOf(() => run([approve(A1), approve(A1, { id: 'again' })]));
    expect(e.code).toBe(1700);
    expect(e.details).toMatchObject({ required: 2, received: 1, rejected: { duplicate: 1 } });
    expect(run([approve(A1), approve(A1), approve(A2)])).toHaveLength(2);
  });

  it('a rejected first approval does not make the approver a duplicate', () => {
    expect(run([approve(A1, { expiresAt: NOW - 100, approvedAt: NOW - 200 }), approve(A1), approve(A2)])).toHaveLength(2);
  });

  it('expired beyond the 30 s tolerance is rejected; at the boundary it counts', () => {
    const e = errorOf(() => run([approve(A1), approve(A2, { approvedAt: NOW - 100, expiresAt: NOW - 31 })]));
    expect(e.details).toMatchObject({ received: 1, rejected: { expired: 1 } });
    expect(run([approve(A1), approve(A2, { approvedAt: NOW - 100, expiresAt: NOW - 30 })])).toHaveLength(2);
    const strict = () => verifyApprovals({ leaf: W, tool: 'transfer', args: ARGS, approvals: [approve(A1), approve(A2, { approvedAt: NOW - 100, expiresAt: NOW - 1 })], now: NOW, toleranceSeconds: 0 });
    expect(errorOf(strict).code).toBe(1700);
  });

  it('an approver outside required_approvers is rejected', () => {
    const e = errorOf(() => run([approve(A1), approve(ATTACKER)]));
    expect(e.details).toMatchObject({ received: 1, rejected: { untrusted: 1 } });
  });

  it('an approval for other arguments, tool, warrant or holder is rejected', () => {
    const other = issue({ min: 2 });
    const wrongTool = SignedApproval.create({ requestHash: computeRequestHash(W.id, 'read', ARGS, W.holder), externalId: 'x', approvedAt: NOW, expiresAt: NOW + 60 }, A2);
    const wrongHolder = SignedApproval.create({ requestHash: computeRequestHash(W.id, 'transfer', ARGS, A2.publicKey), externalId: 'x', approvedAt: NOW, expiresAt: NOW + 60 }, A2);
    for (const bad of [approve(A2, { args: { ...ARGS, amount: 5001 } }), approve(A2, { warrant: other }), wrongTool, wrongHolder]) {
      const e = errorOf(() => run([approve(A1), bad]));
      expect(e.details).toMatchObject({ received: 1, rejected: { hashMismatch: 1 } });
    }
  });

  it('an approval dated beyond now + 30 s fails verify()', () => {
    const e = errorOf(() => run([approve(A1), approve(A2, { approvedAt: NOW + 31, expiresAt: NOW + 300 })]));
    expect(e.details).toMatchObject({ rejected: { invalidSignature: 1 } });
    expect(run([approve(A1), approve(A2, { approvedAt: NOW + 30, expiresAt: NOW + 300 })])).toHaveLength(2);
  });

  it('summarises every rejection kind', () => {
    const e = errorOf(() =>
      run([approve(A1), approve(A1), badSignature(approve(A2)), approve(ATTACKER), approve(A3, { approvedAt: NOW - 100, expiresAt: NOW - 50 }), approve(A3, { args: {} })]),
    );
    expect(e.code).toBe(1700);
    expect(e.message).toContain('[rejected: 1 invalid signature, 1 untrusted, 1 duplicate, 1 expired, 1 hash mismatch]');
  });

  it('no approvals → 1700 with received 0', () => {
    expect(errorOf(() => run([])).details).toMatchObject({ required: 2, received: 0 });
  });

  it('more than 2 × approvers is refused up front (1701), exactly 2 × is fine', () => {
    const seven = [A1, A2, A3, A1, A2, A3, A1].map((k) => approve(k));
    expect(errorOf(() => run(seven)).code).toBe(1701);
    expect(run(seven.slice(0, 6))).toHaveLength(2);
  });
});

describe('verifyApprovals: thresholds', () => {
  it('threshold = min(min_approvals, len), or len when unset', () => {
    expect(approvalThreshold(W)).toBe(2);
    expect(approvalThreshold(issue())).toBe(3);
    expect(approvalThreshold(issue({ min: 1 }))).toBe(1);
    expect(approvalThreshold(issue({ approvers: [] }))).toBe(0);
  });

  it('no approvers configured: nothing to check', () => {
    const w = issue({ approvers: [] });
    expect(verifyApprovals({ leaf: w, tool: 'transfer', args: ARGS, approvals: [], now: NOW })).toEqual([]);
  });

  it('all of n when min_approvals is absent', () => {
    const w = issue();
    const e = errorOf(() => run([approve(A1, { warrant: w }), approve(A2, { warrant: w })], w));
    expect(e.details).toMatchObject({ required: 3, received: 2 });
    expect(run([A1, A2, A3].map((k) => approve(k, { warrant: w })), w)).toHaveLength(3);
  });

  describe('1-of-n with a single rejected approval reports that approval', () => {
    const w = issue({ min: 1 });
    const single = (a: SignedApproval) => errorOf(() => run([a], w));
    it('unlisted approver → 1702', () => expect(single(approve(ATTACKER, { warrant: w })).code).toBe(1702));
    it('expired → 1703', () => expect(single(approve(A1, { warrant: w, approvedAt: NOW - 100, expiresAt: NOW - 31 })).code).toBe(1703));
    it('hash mismatch → 1706', () => expect(single(approve(A1, { warrant: w, args: { amount: 1 } })).code).toBe(1706));
    it('bad signature → 1701', () => {
      const e = single(badSignature(approve(A1, { warrant: w })));
      expect(e.code).toBe(1701);
      expect(e.details.reason).toBe('invalidSignature');
    });
    it('valid → accepted', () => expect(run([approve(A2, { warrant: w })], w)).toHaveLength(1));
    it('two rejected approvals → 1700', () => {
      expect(errorOf(() => run([approve(ATTACKER, { warrant: w }), approve(A1, { warrant: w, args: {} })], w)).code).toBe(1700);
    });
  });

  it('threshold 2 with a single rejected approval → 1700, not the specific code', () => {
    expect(errorOf(() => run([approve(ATTACKER)])).code).toBe(1700);
  });
});

describe('vectors A.21.1 / A.21.2', () => {
  const decode = (id: string) => {
    const v = vector(id);
    return Warrant.fromParts(hex(v.payloadHex), hex(v.signatureHex));
  };
  const at = 1704067200 + 60;
  const args = { path: '/data/report.txt' };
  const sign = (w: Warrant, key: SigningKey) =>
    SignedApproval.create({ requestHash: computeRequestHash(w.id, 'read_file', args, w.holder), externalId: key.toString(), approvedAt: at, expiresAt: at + 300 }, key);

  it('A.21.1: two of the three listed approvers authorize', () => {
    const w = decode('A.21.1');
    expect(approvalThreshold(w)).toBe(2);
    const out = verifyApprovals({ leaf: w, tool: 'read_file', args, approvals: [sign(w, A1), sign(w, A3)], now: at });
    expect(out).toHaveLength(2);
  });

  it('A.21.2: only Approver1 → InsufficientApprovals (1700)', () => {
    const w = decode('A.21.2');
    const e = errorOf(() => verifyApprovals({ leaf: w, tool: 'read_file', args, approvals: [sign(w, A1)], now: at }));
    expect(e.code).toBe(1700);
    expect(e.details).toMatchObject({ required: 2, received: 1 });
  });
});

describe('approvalRequired and enforceApprovalGates', () => {
  it('ApprovalRequired carries the ApprovalRequest fields', () => {
    const e = approvalRequired(W, 'transfer', ARGS);
    expect(e.code).toBe(1707);
    expect(e.kind).toBe('approval-required');
    expect(e.httpStatus).toBe(403);
    expect(e.details).toEqual({
      requestHash: toHexString(computeRequestHash(W.id, 'transfer', ARGS, W.holder)),
      requiredApprovers: (W.requiredApprovers ?? []).map((k) => k.toHex()),
      threshold: 2,
      expiresAt: NOW + 3600,
      tool: 'transfer',
      warrantId: W.id,
    });
    expect(e.details.warrantId).toMatch(/^tnu_wrt_[0-9a-f]{32}$/);
  });

  const enforce = (warrant: Warrant, args: ToolArgs, approvals: SignedApproval[], tool = 'transfer') => enforceApprovalGates({ leaf: warrant, tool, args, approvals, now: NOW });

  it('an ungated call needs nothing, even with approvers configured', () => {
    expect(enforce(W, { amount: 10, to: 'bob' }, [])).toEqual([]);
    expect(enforce(W, {}, [], 'read')).toEqual([]);
    expect(enforce(issue({ gates: false }), ARGS, [])).toEqual([]); // required_approvers alone enforce nothing
  });

  it('a fired gate without approvals → ApprovalRequired', () => {
    const e = errorOf(() => enforce(W, ARGS, []));
    expect(e.code).toBe(1707);
    expect(errorOf(() => enforce(W, { to: 'bob' }, [])).code).toBe(1707); // missing gated arg fires
  });

  it('a fired gate with approvals → verifyApprovals', () => {
    expect(enforce(W, ARGS, [approve(A1), approve(A2)])).toHaveLength(2);
    expect(errorOf(() => enforce(W, ARGS, [approve(A1)])).code).toBe(1700);
  });

  it('a fired gate on a warrant without approvers → 1701', () => {
    expect(errorOf(() => enforce(issue({ approvers: [] }), ARGS, [])).code).toBe(1701);
  });

  it('an undecodable gate extension → 1202', () => {
    const w = Warrant.issue({
      signingKey: keyFor('ControlPlane'),
      tools: ['transfer'],
      requiredApprovers: [A1.publicKey],
      extensions: { [APPROVAL_GATES_EXTENSION_KEY]: hex('a1') },
    });
    expect(errorOf(() => enforce(w, ARGS, [])).code).toBe(1202);
  });
});
