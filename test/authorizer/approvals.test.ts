/** Approval gates and multi-sig through authorize(), and gate persistence down a chain. */
import { describe, expect, it } from 'vitest';
import {
  approvalGates,
  Authorizer,
  computeRequestHash,
  encodeApprovalGates,
  Pattern,
  SignedApproval,
  SigningKey,
  TenuoError,
  Warrant,
  WarrantStack,
} from '../../src/index.js';
import { encodeEnvelope, signedMessage } from '../../src/warrant/envelope.js';
import { encodePayload } from '../../src/warrant/payload.js';
import { keyFor } from '../helpers.js';

const cp = SigningKey.fromSeed(new Uint8Array(32).fill(1));
const worker = SigningKey.fromSeed(new Uint8Array(32).fill(3));
const approvers = ['Approver1', 'Approver2', 'Approver3'].map(keyFor);
const T0 = 1_800_000_000;
const NOW = T0 + 100;
const gates = encodeApprovalGates(approvalGates({ deploy: null, read_file: { path: { constraint: new Pattern('/secret/*') } } }));
const warrant = Warrant.issue({
  signingKey: cp,
  holder: worker.publicKey,
  tools: { deploy: {}, read_file: { path: new Pattern('/*') } },
  issuedAt: T0,
  ttlSeconds: 3600,
  requiredApprovers: approvers.map((k) => k.publicKey),
  minApprovals: 2,
  extensions: { 'tenuo.approval_gates': gates },
});
const authorizer = Authorizer.builder().trustedRoot(cp.publicKey).build();

function approve(key: SigningKey, tool: string, args: Record<string, string>): SignedApproval {
  const requestHash = computeRequestHash(warrant.id, tool, args, worker.publicKey);
  return SignedApproval.create({ requestHash, externalId: 'ops@example.com', approvedAt: NOW - 10, expiresAt: NOW + 600 }, key);
}

function outcome(tool: string, args: Record<string, string>, approvals: SignedApproval[] = []): number | string[] {
  const pop = warrant.signPop(worker, tool, args, { now: NOW });
  try {
    return [...authorizer.authorize(warrant, tool, args, pop, { now: NOW, approvals }).checks];
  } catch (e) {
    if (e instanceof TenuoError) return e.code;
    throw e;
  }
}

describe('approval gates at authorization', () => {
  it('no gate fires: no approvals needed', () => {
    expect(outcome('read_file', { path: '/public/a' })).toEqual(['chain', 'tool', 'pop', 'constraints']);
  });

  it('a fired gate without approvals is ApprovalRequired (1707) with the request hash', () => {
    const args = { path: '/secret/key' };
    const pop = warrant.signPop(worker, 'read_file', args, { now: NOW });
    try {
      authorizer.authorize(warrant, 'read_file', args, pop, { now: NOW });
      expect.unreachable();
    } catch (e) {
      const err = e as TenuoError;
      expect(err.code).toBe(1707);
      expect(err.details.requestHash).toBe(Buffer.from(computeRequestHash(warrant.id, 'read_file', args, worker.publicKey)).toString('hex'));
      expect(err.details.threshold).toBe(2);
    }
    expect(outcome('deploy', {})).toBe(1707);
  });

  it('two distinct valid approvals satisfy 2-of-3; one, or one twice, does not', () => {
    const args = { path: '/secret/key' };
    expect(outcome('read_file', args, [approve(approvers[0]!, 'read_file', args), approve(approvers[1]!, 'read_file', args)])).toContain('approvals');
    expect(outcome('read_file', args, [approve(approvers[0]!, 'read_file', args)])).toBe(1700);
    expect(outcome('read_file', args, [approve(approvers[0]!, 'read_file', args), approve(approvers[0]!, 'read_file', args)])).toBe(1700);
  });

  it('approvals for another call or from unlisted approvers do not count', () => {
    const args = { path: '/secret/key' };
    const other = approve(approvers[1]!, 'read_file', { path: '/secret/other' });
    expect(outcome('read_file', args, [approve(approvers[0]!, 'read_file', args), other])).toBe(1700);
    const outsider = approve(keyFor('Attacker'), 'read_file', args);
    expect(outcome('read_file', args, [approve(approvers[0]!, 'read_file', args), outsider])).toBe(1700);
  });
});

describe('approval gates down a chain', () => {
  it('attenuate() keeps the gates for the kept tools', () => {
    const child = warrant.attenuate({ keypair: worker, issuedAt: T0, tools: { deploy: {} } });
    expect(child.extensions.get('tenuo.approval_gates')).toBeDefined();
    expect(authorizer.verifyChain(child, { now: NOW }).chainLength).toBe(2);
  });

  it('a hand-signed child that drops the gates is refused (1502)', () => {
    const child = warrant.attenuate({ keypair: worker, issuedAt: T0, tools: { deploy: {} } });
    const payload = { ...child.payload, extensions: new Map() };
    const payloadBytes = encodePayload(payload);
    const envelope = encodeEnvelope({ payloadBytes, signature: worker.sign(signedMessage(payloadBytes)) });
    const stack = Uint8Array.from([0x82, ...warrant.toBytes(), ...envelope]);
    expect(() => authorizer.verifyChain(stack, { now: NOW })).toThrow(expect.objectContaining({ code: 1502 }));
    expect(WarrantStack.fromBytes(stack).length).toBe(2);
  });
});
