/**
 * RevocationRequest: the reference's serde layout (written by hand), the
 * signed tuple, and `validate`'s authorization and freshness rules.
 */
import { createPublicKey, verify } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { RevocationRequest } from '../../src/revocation/request.js';
import { TenuoError, Warrant } from '../../src/index.js';
import { hex, keyFor, toHexString, tenuoErrorOf as errorOf } from '../helpers.js';

const text = (s: string) => {
  const b = Buffer.from(s, 'utf8');
  if (b.length < 24) return (0x60 + b.length).toString(16) + b.toString('hex');
  return '78' + b.length.toString(16).padStart(2, '0') + b.toString('hex');
};

function nodeVerify(publicKeyHex: string, message: Uint8Array, signature: Uint8Array): boolean {
  const key = createPublicKey({ key: Buffer.concat([Buffer.from('302a300506032b6570032100', 'hex'), Buffer.from(publicKeyHex, 'hex')]), format: 'der', type: 'spki' });
  return verify(null, message, key, signature);
}


const T0 = 1704067200; // 2024-01-01T00:00:00Z
const ID = 'tnu_wrt_019471f8000070008000000000002101';
const CP = keyFor('ControlPlane');
const ORCH = keyFor('Orchestrator');
const WORKER = keyFor('Worker');
const ATTACKER = keyFor('Attacker');

describe('RevocationRequest wire form', () => {
  const req = RevocationRequest.create({ warrantId: ID, reason: 'Key compromise detected', requestedAt: T0 }, WORKER);
  const pk = WORKER.publicKey.toHex();

  it('encodes {"warrant_id","reason","requestor":[1,key],"requested_at":RFC 3339,"signature":[1,sig]}', () => {
    const expected =
      'a5' +
      text('warrant_id') + text(ID) +
      text('reason') + text('Key compromise detected') +
      text('requestor') + '82015820' + pk +
      text('requested_at') + text('2024-01-01T00:00:00Z') +
      text('signature') + '82015840' + toHexString(req.signature);
    expect(toHexString(req.toBytes())).toBe(expected);
    expect(req.requestedAt).toBe('2024-01-01T00:00:00Z');
  });

  it('signs tenuo-warrant-v1 ‖ tenuo-revocation-request-v1 ‖ CBOR [id, reason, [1, key], i64 seconds]', () => {
    const body = '84' + text(ID) + text('Key compromise detected') + '82015820' + pk + '1a' + T0.toString(16);
    const message = Buffer.concat([Buffer.from('tenuo-warrant-v1tenuo-revocation-request-v1'), Buffer.from(body, 'hex')]);
    expect(nodeVerify(pk, message, req.signature)).toBe(true);
    expect(() => req.verifySignature()).not.toThrow();
  });

  it('signs whole seconds only; the wire keeps the fraction (chrono 0/3/6/9 digits)', () => {
    const frac = RevocationRequest.create({ warrantId: ID, reason: 'r', requestedAt: T0 + 0.25 }, WORKER);
    expect(frac.requestedAt).toBe('2024-01-01T00:00:00.250Z');
    expect(frac.requestedAtSeconds).toBe(T0);
    const body = '84' + text(ID) + text('r') + '82015820' + pk + '1a' + T0.toString(16);
    const message = Buffer.concat([Buffer.from('tenuo-warrant-v1tenuo-revocation-request-v1'), Buffer.from(body, 'hex')]);
    expect(nodeVerify(pk, message, frac.signature)).toBe(true);
    const back = RevocationRequest.fromBytes(frac.toBytes());
    expect(back.requestedAt).toBe('2024-01-01T00:00:00.250Z');
    expect(() => back.verifySignature()).not.toThrow();
  });

  it('times before 1970 sign a negative integer (floor, as chrono timestamp())', () => {
    const old = RevocationRequest.create({ warrantId: ID, reason: 'r', requestedAt: -1.5 }, WORKER);
    expect(old.requestedAt).toBe('1969-12-31T23:59:58.500Z');
    const body = '84' + text(ID) + text('r') + '82015820' + pk + '21';
    const message = Buffer.concat([Buffer.from('tenuo-warrant-v1tenuo-revocation-request-v1'), Buffer.from(body, 'hex')]);
    expect(nodeVerify(pk, message, old.signature)).toBe(true);
  });

  it('round-trips byte for byte and accepts any key order and offset times', () => {
    const back = RevocationRequest.fromBytes(req.toBytes());
    expect(toHexString(back.toBytes())).toBe(toHexString(req.toBytes()));
    expect(back.warrantId).toBe(ID);
    expect(back.reason).toBe('Key compromise detected');
    expect(back.requestor.equals(WORKER.publicKey)).toBe(true);
    expect(() => back.verifySignature()).not.toThrow();
    const reordered =
      'a5' + text('signature') + '82015840' + toHexString(req.signature) + text('requested_at') + text('2024-01-01T01:00:00+01:00') +
      text('requestor') + '82015820' + pk + text('reason') + text('Key compromise detected') + text('warrant_id') + text(ID);
    const r2 = RevocationRequest.fromBytes(hex(reordered));
    expect(r2.requestedAt).toBe('2024-01-01T00:00:00Z');
    expect(() => r2.verifySignature()).not.toThrow();
  });

  it('refuses missing fields, bad times, duplicates and trailing bytes (1202)', () => {
    const good = toHexString(req.toBytes());
    const noReason = 'a4' + text('warrant_id') + text(ID) + text('requestor') + '82015820' + pk + text('requested_at') + text('2024-01-01T00:00:00Z') + text('signature') + '82015840' + toHexString(req.signature);
    expect(errorOf(() => RevocationRequest.fromBytes(hex(noReason))).code).toBe(1202);
    const badTime = good.replace(text('2024-01-01T00:00:00Z'), text('2024-01-01 00:00:00X'));
    expect(errorOf(() => RevocationRequest.fromBytes(hex(badTime))).code).toBe(1202);
    expect(errorOf(() => RevocationRequest.fromBytes(hex(good + '00'))).code).toBe(1202);
    const dup = 'a6' + good.slice(2) + text('reason') + text('x');
    expect(errorOf(() => RevocationRequest.fromBytes(hex(dup))).code).toBe(1202);
  });

  it('a changed field breaks the signature (1100)', () => {
    const tampered = toHexString(req.toBytes()).replace(text('Key compromise detected'), text('Key compromise detectee'));
    expect(errorOf(() => RevocationRequest.fromBytes(hex(tampered)).verifySignature()).code).toBe(1100);
    const otherTime = toHexString(req.toBytes()).replace(text('2024-01-01T00:00:00Z'), text('2024-01-01T00:00:01Z'));
    expect(errorOf(() => RevocationRequest.fromBytes(hex(otherTime)).verifySignature()).code).toBe(1100);
    // a different fraction of the same second still verifies (only seconds are signed)
    const sameSecond = toHexString(req.toBytes()).replace(text('2024-01-01T00:00:00Z'), text('2024-01-01T00:00:00.999Z'));
    expect(() => RevocationRequest.fromBytes(hex(sameSecond)).verifySignature()).not.toThrow();
  });
});

describe('RevocationRequest.validate', () => {
  // Issued by the Orchestrator (not the control plane) to the Worker.
  const warrant = Warrant.issue({ signingKey: ORCH, holder: WORKER.publicKey, tools: ['read'], issuedAt: T0, expiresAt: T0 + 3600 });
  const make = (key = WORKER, at = T0 + 100, id = warrant.id) => RevocationRequest.create({ warrantId: id, reason: 'surrender', requestedAt: at }, key);
  const validate = (req: RevocationRequest, now = T0 + 100) => req.validate({ warrant, controlPlaneKey: CP.publicKey, now });

  it('the holder, the issuer and the control plane may revoke', () => {
    expect(() => validate(make(WORKER))).not.toThrow();
    expect(() => validate(make(ORCH))).not.toThrow();
    expect(() => validate(make(CP))).not.toThrow();
  });

  it('anyone else is refused (1400)', () => {
    const e = errorOf(() => validate(make(ATTACKER)));
    expect(e.code).toBe(1400);
    expect(e.details.reason).toBe('requestor-not-authorized');
    expect(make(ATTACKER).isAuthorized(warrant, CP.publicKey)).toBe(false);
  });

  it('the request must name this warrant by its tnu_wrt_ id (1400)', () => {
    expect(errorOf(() => validate(make(CP, T0 + 100, ID))).details.reason).toBe('warrant-id-mismatch');
    expect(errorOf(() => validate(make(CP, T0 + 100, warrant.idHex))).code).toBe(1400);
  });

  it('the signature is checked first (1100)', () => {
    const good = make(WORKER, T0 + 100, ID);
    const bytes = good.toBytes();
    bytes[bytes.length - 1] = (bytes[bytes.length - 1] as number) ^ 1;
    expect(errorOf(() => validate(RevocationRequest.fromBytes(bytes))).code).toBe(1100);
  });

  it('freshness: age ≤ 300 s and ≥ −60 s, whole seconds truncated toward zero (1601)', () => {
    const req = make(WORKER, T0 + 100);
    expect(() => validate(req, T0 + 400)).not.toThrow();
    expect(() => validate(req, T0 + 400.9)).not.toThrow();
    const stale = errorOf(() => validate(req, T0 + 401));
    expect(stale.code).toBe(1601);
    expect(stale.details.reason).toBe('stale');
    expect(() => validate(req, T0 + 40)).not.toThrow();
    expect(() => validate(req, T0 + 39.5)).not.toThrow();
    const future = errorOf(() => validate(req, T0 + 39));
    expect(future.code).toBe(1601);
    expect(future.details.reason).toBe('future');
    expect(() => req.validate({ warrant, controlPlaneKey: CP.publicKey, now: new Date((T0 + 100) * 1000) })).not.toThrow();
  });

  it('freshness uses the sub-second time on the wire', () => {
    const req = make(WORKER, T0 + 100.5);
    expect(() => validate(req, T0 + 401)).not.toThrow(); // 300.5 s → 300
    expect(errorOf(() => validate(req, T0 + 401.5)).code).toBe(1601);
  });

  it('an expired warrant needs no revocation (1300); expiry itself is still valid', () => {
    const late = make(WORKER, T0 + 3600);
    expect(() => validate(late, T0 + 3600)).not.toThrow();
    const e = errorOf(() => validate(make(WORKER, T0 + 3601), T0 + 3601));
    expect(e.code).toBe(1300);
  });

  it('an unauthorized requestor is reported before staleness', () => {
    expect(errorOf(() => validate(make(ATTACKER, T0), T0 + 10_000)).code).toBe(1400);
  });
});
