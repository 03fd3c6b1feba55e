/**
 * RevocationRequest as the reference's type encodes it (reference-map §6,
 * wire-format §18): the map
 * `{"warrant_id", "reason", "requestor": [1, bytes32], "requested_at": RFC 3339,
 * "signature": [1, bytes64]}` in that order. The signature covers
 * `tenuo-warrant-v1` ‖ `tenuo-revocation-request-v1` ‖
 * CBOR `[warrant_id, reason, [1, requestor], requested_at as i64 unix seconds]`,
 * so sub-second precision on the wire is not signed.
 *
 * Error codes (the reference reports everything but the signature as its
 * generic `Unauthorized`, which it maps to 1500; tenuo-ts uses the closest
 * Appendix A codes instead, with `details.reason`):
 * - bad signature → SignatureInvalid 1100;
 * - request for another warrant, or a requestor that is neither the control
 *   plane, the warrant's issuer nor its holder → InvalidIssuer 1400 (the
 *   signer is not an authority over this warrant);
 * - older than 300 s or more than 60 s in the future → PopExpired 1601
 *   ("outside replay window": freshness is replay protection here too);
 * - warrant already expired → WarrantExpired 1300.
 */
import { CborReader, malformed } from '../cbor/reader.js';
import { type CborWriter, encodeWith } from '../cbor/writer.js';
import { readStruct, requireField } from '../constraints/base.js';
import { PublicKey, SigningKey } from '../crypto/keys.js';
import { ErrorCode, TenuoError } from '../errors.js';
import { concatBytes, utf8 } from '../util/bytes.js';
import { formatRfc3339, type Instant, parseRfc3339 } from '../util/rfc3339.js';
import type { Warrant } from '../warrant/warrant.js';
import { readPublicKey, readSignature, writePublicKey, writeSignature } from '../warrant/key-codec.js';

export const REVOCATION_REQUEST_CONTEXT = utf8('tenuo-revocation-request-v1');
/** Requests older than this are refused (replay protection). */
export const MAX_REVOCATION_REQUEST_AGE_SECONDS = 300;
/** Requests dated further ahead than this are refused (clock skew). */
export const MAX_REVOCATION_REQUEST_SKEW_SECONDS = 60;

export interface CreateRevocationRequestOptions {
  /** The target's text id, `tnu_wrt_<hex>`. */
  warrantId: string;
  reason: string;
  /** Unix seconds (fractions allowed) or a Date; now by default. */
  requestedAt?: number | Date;
}

export interface ValidateRevocationRequestOptions {
  /** The warrant the request names. */
  warrant: Warrant;
  controlPlaneKey: PublicKey;
  /** Unix seconds (fractions allowed) or a Date; now by default. */
  now?: number | Date;
}

function toInstant(t: number | Date | undefined, what: string): Instant {
  const ms = t === undefined ? Date.now() : t instanceof Date ? t.getTime() : typeof t === 'number' ? t * 1000 : NaN;
  if (!Number.isFinite(ms)) throw new TenuoError(ErrorCode.InvalidPayloadStructure, `${what} must be a finite time`);
  const seconds = Math.floor(ms / 1000);
  return { seconds, nanos: Math.min(999_999_999, Math.round((ms - seconds * 1000) * 1e6)) };
}

const NANOS = 1_000_000_000n;
const toNanos = (t: Instant): bigint => BigInt(t.seconds) * NANOS + BigInt(t.nanos);

/** What the requestor signs, after the key type's `tenuo-warrant-v1` prefix. */
function signedBody(warrantId: string, reason: string, requestor: PublicKey, requestedAt: Instant): Uint8Array {
  const tuple = encodeWith((w) => {
    w.arrayHeader(4).text(warrantId).text(reason);
    writePublicKey(w, requestor);
    w.int(requestedAt.seconds);
  });
  return concatBytes(REVOCATION_REQUEST_CONTEXT, tuple);
}

function refuse(code: typeof ErrorCode.InvalidIssuer | typeof ErrorCode.PopExpired | typeof ErrorCode.WarrantExpired, reason: string, message: string): never {
  throw new TenuoError(code, message, { reason });
}

export class RevocationRequest {
  private constructor(
    readonly warrantId: string,
    readonly reason: string,
    readonly requestor: PublicKey,
    /** @internal Kept with nanoseconds so it re-encodes as written. */
    readonly requestedAtInstant: Instant,
    readonly signature: Uint8Array,
  ) {}

  /** Signs a request with the requestor's key. */
  static create(options: CreateRevocationRequestOptions, signingKey: SigningKey): RevocationRequest {
    if (!(signingKey instanceof SigningKey)) throw new TenuoError(ErrorCode.InvalidPayloadStructure, 'RevocationRequest.create needs a SigningKey');
    const { warrantId, reason } = options ?? ({} as CreateRevocationRequestOptions);
    if (typeof warrantId !== 'string') throw new TenuoError(ErrorCode.InvalidPayloadStructure, 'warrantId must be a string');
    if (typeof reason !== 'string') throw new TenuoError(ErrorCode.InvalidPayloadStructure, 'reason must be a string');
    const requestedAt = toInstant(options.requestedAt, 'requestedAt');
    formatRfc3339(requestedAt); // refuses times chrono cannot represent as RFC 3339
    const requestor = signingKey.publicKey;
    const signature = signingKey.sign(signedBody(warrantId, reason, requestor, requestedAt));
    return new RevocationRequest(warrantId, reason, requestor, requestedAt, signature);
  }

  static fromBytes(bytes: Uint8Array): RevocationRequest {
    if (!(bytes instanceof Uint8Array)) throw new TenuoError(ErrorCode.MalformedCBOR, 'revocation request bytes must be a Uint8Array');
    const r = new CborReader(bytes);
    const what = 'RevocationRequest';
    let warrantId: string | undefined;
    let reason: string | undefined;
    let requestor: PublicKey | undefined;
    let requestedAt: Instant | undefined;
    let signature: Uint8Array | undefined;
    readStruct(r, what, (name) => {
      switch (name) {
        case 'warrant_id':
          warrantId = r.text('warrant_id');
          return true;
        case 'reason':
          reason = r.text('reason');
          return true;
        case 'requestor':
          requestor = readPublicKey(r, 'requestor');
          return true;
        case 'requested_at': {
          const text = r.text('requested_at');
          try {
            requestedAt = parseRfc3339(text);
          } catch {
            malformed(`requested_at "${text}" is not RFC 3339`);
          }
          return true;
        }
        case 'signature':
          signature = readSignature(r, 'revocation request signature');
          return true;
      }
      return false;
    });
    r.finish(what);
    return new RevocationRequest(
      requireField(warrantId, what, 'warrant_id'),
      requireField(reason, what, 'reason'),
      requireField(requestor, what, 'requestor'),
      requireField(requestedAt, what, 'requested_at'),
      requireField(signature, what, 'signature'),
    );
  }

  toBytes(): Uint8Array {
    return encodeWith((w: CborWriter) => {
      w.mapHeader(5).text('warrant_id').text(this.warrantId);
      w.text('reason').text(this.reason);
      w.text('requestor');
      writePublicKey(w, this.requestor);
      w.text('requested_at').text(formatRfc3339(this.requestedAtInstant));
      w.text('signature');
      writeSignature(w, this.signature);
    });
  }

  /** RFC 3339, as written on the wire. */
  get requestedAt(): string {
    return formatRfc3339(this.requestedAtInstant);
  }

  /** Whole Unix seconds (what the signature covers). */
  get requestedAtSeconds(): number {
    return this.requestedAtInstant.seconds;
  }

  /** Throws SignatureInvalid (1100) unless the requestor signed these fields. */
  verifySignature(): void {
    const body = signedBody(this.warrantId, this.reason, this.requestor, this.requestedAtInstant);
    if (!this.requestor.verify(body, this.signature)) {
      throw new TenuoError(ErrorCode.SignatureInvalid, 'revocation request signature invalid');
    }
  }

  /** The control plane may revoke anything; a warrant's issuer and its holder may revoke it. */
  isAuthorized(warrant: Warrant, controlPlaneKey: PublicKey): boolean {
    return this.requestor.equals(controlPlaneKey) || this.requestor.equals(warrant.issuer) || this.requestor.equals(warrant.holder);
  }

  /**
   * The reference's `validate`, in its order: signature → the request names
   * this warrant (`tnu_wrt_` id) → requestor authorized → fresh (age at most
   * 300 s and at least −60 s, whole seconds truncated toward zero as chrono's
   * `num_seconds`) → warrant not yet expired (`expires_at < now` refuses).
   */
  validate(options: ValidateRevocationRequestOptions): void {
    const { warrant, controlPlaneKey } = options;
    if (!(controlPlaneKey instanceof PublicKey)) throw new TenuoError(ErrorCode.InvalidPayloadStructure, 'controlPlaneKey must be a PublicKey');
    this.verifySignature();
    if (this.warrantId !== warrant.id) {
      refuse(ErrorCode.InvalidIssuer, 'warrant-id-mismatch', `request warrant_id "${this.warrantId}" does not match the provided warrant "${warrant.id}"`);
    }
    if (!this.isAuthorized(warrant, controlPlaneKey)) {
      refuse(ErrorCode.InvalidIssuer, 'requestor-not-authorized', `requestor ${this.requestor.toHex()} is not authorized to revoke this warrant`);
    }
    const now = toNanos(toInstant(options.now, 'now'));
    const age = (now - toNanos(this.requestedAtInstant)) / NANOS; // bigint division truncates toward zero
    if (age > BigInt(MAX_REVOCATION_REQUEST_AGE_SECONDS)) {
      refuse(ErrorCode.PopExpired, 'stale', `revocation request is too old (${age} seconds, max ${MAX_REVOCATION_REQUEST_AGE_SECONDS})`);
    }
    if (age < -BigInt(MAX_REVOCATION_REQUEST_SKEW_SECONDS)) {
      refuse(ErrorCode.PopExpired, 'future', 'revocation request timestamp is in the future');
    }
    if (BigInt(warrant.payload.expiresAt) * NANOS < now) {
      refuse(ErrorCode.WarrantExpired, 'warrant-expired', 'warrant has already expired; revocation unnecessary');
    }
  }
}
