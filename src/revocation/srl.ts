/**
 * SignedRevocationList as the reference's real type encodes it (reference-map
 * §6): `{"payload": {"revoked_ids", "version", "issued_at" (RFC 3339),
 * "issuer": [1, bytes32]}, "signature": [1, bytes64]}`. The signature covers
 * `tenuo-warrant-v1` ‖ `tenuo-srl-v1` ‖ the payload map re-encoded canonically,
 * so key order or time spelling on the wire do not affect it.
 */
import { CborReader, malformed } from '../cbor/reader.js';
import { type CborWriter, encodeWith } from '../cbor/writer.js';
import { readStruct, requireField } from '../constraints/base.js';
import { PublicKey, SigningKey } from '../crypto/keys.js';
import { ErrorCode, TenuoError } from '../errors.js';
import { concatBytes, utf8 } from '../util/bytes.js';
import { formatRfc3339, type Instant, parseRfc3339 } from '../util/rfc3339.js';
import { readPublicKey, readSignature, writePublicKey, writeSignature } from '../warrant/key-codec.js';

export const SRL_CONTEXT = utf8('tenuo-srl-v1');

export interface SrlPayload {
  revokedIds: readonly string[];
  version: bigint;
  issuedAt: Instant;
  issuer: PublicKey;
}

export interface CreateSrlOptions {
  /** Warrant ids as the reference lists them: `tnu_wrt_<hex>`. */
  revokedIds: readonly string[];
  version: number | bigint;
  /** Unix seconds (fractions allowed) or a Date; now by default. */
  issuedAt?: number | Date;
}

function writeSrlPayload(w: CborWriter, p: SrlPayload): void {
  w.mapHeader(4).text('revoked_ids').arrayHeader(p.revokedIds.length);
  for (const id of p.revokedIds) w.text(id);
  w.text('version').uint(p.version);
  w.text('issued_at').text(formatRfc3339(p.issuedAt));
  w.text('issuer');
  writePublicKey(w, p.issuer);
}

function toInstant(t: number | Date | undefined): Instant {
  const ms = t === undefined ? Date.now() : t instanceof Date ? t.getTime() : t * 1000;
  if (!Number.isFinite(ms)) throw new TenuoError(ErrorCode.InvalidPayloadStructure, 'issuedAt must be a finite time');
  const seconds = Math.floor(ms / 1000);
  return { seconds, nanos: Math.round((ms - seconds * 1000) * 1e6) };
}

export class SignedRevocationList {
  readonly payload: SrlPayload;
  readonly signature: Uint8Array;
  #lookup: Set<string> | undefined;

  private constructor(payload: SrlPayload, signature: Uint8Array) {
    this.payload = payload;
    this.signature = signature;
  }

  static create(options: CreateSrlOptions, controlPlaneKey: SigningKey): SignedRevocationList {
    if (!(controlPlaneKey instanceof SigningKey)) throw new TenuoError(ErrorCode.InvalidPayloadStructure, 'SignedRevocationList.create needs a SigningKey');
    const ids = options?.revokedIds;
    if (!Array.isArray(ids) || !ids.every((id) => typeof id === 'string')) throw new TenuoError(ErrorCode.InvalidPayloadStructure, 'revokedIds must be strings');
    const version = BigInt(options.version);
    if (version < 0n || version >= 1n << 64n) throw new TenuoError(ErrorCode.InvalidPayloadStructure, 'version must fit in u64');
    const payload: SrlPayload = { revokedIds: [...ids], version, issuedAt: toInstant(options.issuedAt), issuer: controlPlaneKey.publicKey };
    return new SignedRevocationList(payload, controlPlaneKey.sign(signedBody(payload)));
  }

  static fromBytes(bytes: Uint8Array): SignedRevocationList {
    if (!(bytes instanceof Uint8Array)) throw new TenuoError(ErrorCode.MalformedCBOR, 'SRL bytes must be a Uint8Array');
    const r = new CborReader(bytes);
    let payload: SrlPayload | undefined;
    let signature: Uint8Array | undefined;
    readStruct(r, 'SignedRevocationList', (name) => {
      if (name === 'payload') payload = readSrlPayload(r);
      else if (name === 'signature') signature = readSignature(r);
      else return false;
      return true;
    });
    r.finish('SignedRevocationList');
    return new SignedRevocationList(requireField(payload, 'SignedRevocationList', 'payload'), requireField(signature, 'SignedRevocationList', 'signature'));
  }

  toBytes(): Uint8Array {
    return encodeWith((w) => {
      w.mapHeader(2).text('payload');
      writeSrlPayload(w, this.payload);
      w.text('signature');
      writeSignature(w, this.signature);
    });
  }

  /** Throws `SRLInvalid` unless `expectedIssuer` issued and signed this list. */
  verify(expectedIssuer: PublicKey): void {
    if (!this.payload.issuer.equals(expectedIssuer)) throw new TenuoError(ErrorCode.SRLInvalid, 'SRL issuer does not match the expected control-plane key');
    if (!expectedIssuer.verify(signedBody(this.payload), this.signature)) throw new TenuoError(ErrorCode.SRLInvalid, 'SRL signature verification failed');
  }

  get version(): bigint {
    return this.payload.version;
  }

  get revokedIds(): readonly string[] {
    return this.payload.revokedIds;
  }

  get issuer(): PublicKey {
    return this.payload.issuer;
  }

  /** RFC 3339 as written in the canonical form. */
  get issuedAt(): string {
    return formatRfc3339(this.payload.issuedAt);
  }

  /** Exact match on the text id, as the reference (`tnu_wrt_<lowercase hex>`). */
  isRevoked(warrantId: string): boolean {
    this.#lookup ??= new Set(this.payload.revokedIds);
    return this.#lookup.has(warrantId);
  }
}

/** The canonical payload encoding, what the signature covers (after the contexts). */
function signedBody(p: SrlPayload): Uint8Array {
  return concatBytes(SRL_CONTEXT, encodeWith((w) => writeSrlPayload(w, p)));
}

function readSrlPayload(r: CborReader): SrlPayload {
  let revokedIds: string[] | undefined;
  let version: bigint | undefined;
  let issuedAt: Instant | undefined;
  let issuer: PublicKey | undefined;
  readStruct(r, 'SRL payload', (name) => {
    switch (name) {
      case 'revoked_ids': {
        const n = r.arrayHeader('revoked_ids');
        revokedIds = [];
        for (let i = 0; i < n; i++) revokedIds.push(r.text('revoked id'));
        return true;
      }
      case 'version':
        version = r.u64('SRL version');
        return true;
      case 'issued_at': {
        const text = r.text('issued_at');
        try {
          issuedAt = parseRfc3339(text);
        } catch {
          malformed(`SRL issued_at "${text}" is not RFC 3339`);
        }
        return true;
      }
      case 'issuer':
        issuer = readPublicKey(r, 'SRL issuer');
        return true;
    }
    return false;
  });
  return {
    revokedIds: requireField(revokedIds, 'SRL payload', 'revoked_ids'),
    version: requireField(version, 'SRL payload', 'version'),
    issuedAt: requireField(issuedAt, 'SRL payload', 'issued_at'),
    issuer: requireField(issuer, 'SRL payload', 'issuer'),
  };
}
