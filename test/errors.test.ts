import { describe, expect, it } from 'vitest';
import { ErrorCode, httpStatusFor, TenuoError } from '../src/index.js';

describe('TenuoError', () => {
  it('carries the Appendix A code, its kebab-case kind and the A.3 HTTP status', () => {
    const cases: Array<[number, string, number]> = [
      [ErrorCode.UnsupportedEnvelopeVersion, 'unsupported-envelope-version', 400],
      [ErrorCode.SignatureInvalid, 'signature-invalid', 401],
      [ErrorCode.MalformedCBOR, 'malformed-cbor', 400],
      [ErrorCode.WarrantExpired, 'warrant-expired', 401],
      [ErrorCode.TTLExceeded, 'ttl-exceeded', 401],
      [ErrorCode.ChainBroken, 'chain-broken', 403],
      [ErrorCode.ConstraintViolation, 'constraint-violation', 403],
      [ErrorCode.PopSignatureInvalid, 'pop-signature-invalid', 401],
      [ErrorCode.ApprovalRequired, 'approval-required', 403],
      [ErrorCode.WarrantRevoked, 'warrant-revoked', 401],
      [ErrorCode.SRLVersionRollback, 'srl-version-rollback', 401],
      [ErrorCode.WarrantTooLarge, 'warrant-too-large', 413],
      [ErrorCode.ReservedExtensionKey, 'reserved-extension-key', 400],
      [ErrorCode.ReservedToolName, 'reserved-tool-name', 400],
    ];
    for (const [code, kind, status] of cases) {
      const e = new TenuoError(code as never, 'x');
      expect([e.code, e.kind, e.httpStatus]).toEqual([code, kind, status]);
      expect(httpStatusFor(code)).toBe(status);
      expect(e).toBeInstanceOf(Error);
      expect(e.name).toBe('TenuoError');
    }
  });

  it('serializes to code, kind and message', () => {
    expect(JSON.parse(JSON.stringify(new TenuoError(ErrorCode.ChainBroken, 'bad link')))).toEqual({ code: 1405, kind: 'chain-broken', message: 'bad link' });
  });
});
