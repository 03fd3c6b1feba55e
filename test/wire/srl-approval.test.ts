/**
 * SignedRevocationList and SignedApproval encode as the reference's real types
 * (reference-map §5.4, §6). Vectors A.22.b and A.24 come from ad-hoc generator
 * structures; the tests rebuild them with the real layout from the same
 * inputs and record how the vector bytes differ.
 */
import { createPublicKey, verify } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { computeRequestHash, SignedApproval, SignedRevocationList, TenuoError } from '../../src/index.js';
import { hex, keyFor, toHexString, vector } from '../helpers.js';

function nodeVerify(publicKeyHex: string, message: Uint8Array, signature: Uint8Array | string): boolean {
  const key = createPublicKey({ key: Buffer.concat([Buffer.from('302a300506032b6570032100', 'hex'), Buffer.from(publicKeyHex, 'hex')]), format: 'der', type: 'spki' });
  return verify(null, message, key, typeof signature === 'string' ? Buffer.from(signature, 'hex') : signature);
}

const text = (s: string) => {
  const b = Buffer.from(s, 'utf8');
  if (b.length < 24) return (0x60 + b.length).toString(16) + b.toString('hex');
  return '78' + b.length.toString(16).padStart(2, '0') + b.toString('hex');
};

describe('A.22.b SignedRevocationList', () => {
  const v = vector('A.22.b');
  const cp = keyFor('ControlPlane');
  const srl = SignedRevocationList.create({ revokedIds: v.revokedIds, version: v.version, issuedAt: v.issuedAt }, cp);
  // The real type's payload, written by hand from reference-map §6.
  const payloadHex =
    'a4' + text('revoked_ids') + '81' + text(v.revokedIds[0]) + text('version') + '01' + text('issued_at') + text('2024-01-01T00:00:00Z') + text('issuer') + '82015820' + v.issuerHex;

  it('encodes the reference layout with an RFC 3339 issued_at and [1, key] issuer', () => {
    const expected = 'a2' + text('payload') + payloadHex + text('signature') + '82015840' + toHexString(srl.signature);
    expect(toHexString(srl.toBytes())).toBe(expected);
  });

  it('signs tenuo-warrant-v1 ‖ tenuo-srl-v1 ‖ payload (checked with node:crypto)', () => {
    const message = Buffer.concat([Buffer.from('tenuo-warrant-v1tenuo-srl-v1'), Buffer.from(payloadHex, 'hex')]);
    expect(nodeVerify(v.issuerHex, message, srl.signature)).toBe(true);
    expect(() => srl.verify(cp.publicKey)).not.toThrow();
  });

  it('round-trips and rejects another issuer or a tampered list', () => {
    const back = SignedRevocationList.fromBytes(srl.toBytes());
    expect(toHexString(back.toBytes())).toBe(toHexString(srl.toBytes()));
    expect(back.isRevoked(v.revokedIds[0])).toBe(true);
    expect(back.isRevoked(v.revokedIds[0].slice(8))).toBe(false);
    expect(() => back.verify(keyFor('Attacker').publicKey)).toThrow(TenuoError);
    const tampered = SignedRevocationList.create({ revokedIds: [], version: 2, issuedAt: v.issuedAt }, keyFor('Attacker'));
    try {
      tampered.verify(cp.publicKey);
      expect.unreachable();
    } catch (e) {
      expect((e as TenuoError).code).toBe(1801);
    }
  });

  it('verifies over the canonical re-encoding: fraction digits follow chrono (0/3/6/9)', () => {
    const withMillis = SignedRevocationList.create({ revokedIds: [], version: 3, issuedAt: 1704067200.25 }, cp);
    expect(withMillis.issuedAt).toBe('2024-01-01T00:00:00.250Z');
    const back = SignedRevocationList.fromBytes(withMillis.toBytes());
    expect(() => back.verify(cp.publicKey)).not.toThrow();
  });

  it('records the vector difference: A.22.b is an ad-hoc structure', () => {
    expect(v.envelopeHex).not.toBe(toHexString(srl.toBytes()));
    const message = Buffer.concat([Buffer.from('tenuo-warrant-v1tenuo-srl-v1'), Buffer.from(v.payloadHex, 'hex')]);
    expect(nodeVerify(v.issuerHex, message, v.signatureHex)).toBe(true);
    expect(() => SignedRevocationList.fromBytes(hex(v.envelopeHex))).toThrow(TenuoError);
  });
});

describe('A.24 SignedApproval', () => {
  const v = vector('A.24');
  const p = v.approvalPayload;
  const approver = keyFor('Approver1');
  const approval = SignedApproval.create(
    { requestHash: hex(p.requestHashHex), nonce: hex(p.nonceHex), externalId: p.externalId, approvedAt: p.approvedAt, expiresAt: p.expiresAt },
    approver,
  );
  const uints = (h: string) => {
    const bytes = Buffer.from(h, 'hex');
    return (bytes.length < 24 ? (0x80 + bytes.length).toString(16) : '98' + bytes.length.toString(16)) + [...bytes].map((b) => (b < 24 ? b.toString(16).padStart(2, '0') : '18' + b.toString(16).padStart(2, '0'))).join('');
  };
  const payloadHex =
    'a6' + text('version') + '01' + text('request_hash') + uints(p.requestHashHex) + text('nonce') + uints(p.nonceHex) + text('external_id') + text(p.externalId) +
    text('approved_at') + '1a65920080' + text('expires_at') + '1a65920e90';

  it('encodes the payload with hash and nonce as integer arrays', () => {
    expect(toHexString(approval.payloadBytes)).toBe(payloadHex);
  });

  it('encodes the envelope as the string-keyed map of the real type', () => {
    const payloadLen = payloadHex.length / 2;
    const expected =
      'a4' + text('approval_version') + '01' + text('payload') + '58' + payloadLen.toString(16) + payloadHex + text('approver_key') + '82015820' + approver.publicKey.toHex() + text('signature') + '82015840' + toHexString(approval.signature);
    expect(toHexString(approval.toBytes())).toBe(expected);
  });

  it('signs tenuo-warrant-v1 ‖ tenuo-approval-v1 ‖ 0x01 ‖ payload and verifies', () => {
    const message = Buffer.concat([Buffer.from('tenuo-warrant-v1tenuo-approval-v1'), Buffer.of(1), Buffer.from(payloadHex, 'hex')]);
    expect(nodeVerify(approver.publicKey.toHex(), message, approval.signature)).toBe(true);
    const back = SignedApproval.fromBytes(approval.toBytes());
    const payload = back.verify(p.approvedAt + 10);
    expect(payload.externalId).toBe(p.externalId);
    expect(toHexString(back.toBytes())).toBe(toHexString(approval.toBytes()));
  });

  it('rejects approvals dated in the future and tampered signatures', () => {
    expect(() => approval.verify(p.approvedAt - 31)).toThrow(TenuoError);
    const bytes = approval.toBytes();
    bytes[bytes.length - 1] = (bytes[bytes.length - 1] as number) ^ 1;
    expect(() => SignedApproval.fromBytes(bytes).verify(p.approvedAt)).toThrow(TenuoError);
  });

  it('records the vector difference: A.24 uses raw key/signature strings the real type cannot decode', () => {
    expect(() => SignedApproval.fromBytes(hex(v.envelopeHex))).toThrow(TenuoError);
    const message = Buffer.concat([Buffer.from('tenuo-warrant-v1tenuo-approval-v1'), Buffer.of(1), Buffer.from(v.payloadHex, 'hex')]);
    expect(nodeVerify(v.approverKeyHex, message, v.signatureHex)).toBe(true);
  });

  it('computes the request hash as SHA-256 of [id text, tool, bytes(args map), bytes(holder)]', async () => {
    const { createHash } = await import('node:crypto');
    const holder = keyFor('Worker').publicKey;
    const args = { path: '/data/x' };
    const argsMap = 'a1' + text('path') + text('/data/x');
    const tuple = '84' + text('tnu_wrt_019471f8000070008000000000000001') + text('read_file') + '4' + (argsMap.length / 2).toString(16) + argsMap + '5820' + holder.toHex();
    const expected = createHash('sha256').update(Buffer.from(tuple, 'hex')).digest('hex');
    expect(toHexString(computeRequestHash('tnu_wrt_019471f8000070008000000000000001', 'read_file', args, holder))).toBe(expected);
  });
});
