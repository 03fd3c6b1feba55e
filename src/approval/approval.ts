/**
 * SignedApproval as the reference's real type encodes it (reference-map §5.4):
 * `{"approval_version": 1, "payload": bytes, "approver_key": [1, bytes32],
 * "signature": [1, bytes64]}`, the payload being the CBOR map
 * `{"version", "request_hash", "nonce", "external_id", "approved_at",
 * "expires_at", "extensions"?}` with hash and nonce as integer arrays. The
 * signature covers `tenuo-warrant-v1` ‖ `tenuo-approval-v1` ‖ 0x01 ‖ payload.
 */
import { CborReader, malformed } from '../cbor/reader.js';
import { encodeWith, MAJOR_ARRAY, MAJOR_BYTES } from '../cbor/writer.js';
import { readStruct, requireField } from '../constraints/base.js';
import { sha256 } from '../crypto/hash.js';
import { PublicKey, SigningKey } from '../crypto/keys.js';
import { ErrorCode, TenuoError } from '../errors.js';
import { type ConstraintValue, writeValue } from '../model/value.js';
import { sortedArgs, type ToolArgs } from '../pop/challenge.js';
import { compareUtf8, concatBytes, utf8 } from '../util/bytes.js';
import { readPublicKey, readSignature, writePublicKey, writeSignature } from '../warrant/key-codec.js';

export const APPROVAL_CONTEXT = utf8('tenuo-approval-v1');
export const APPROVAL_VERSION = 1;
/** Approvals may be dated this far in the future (clock skew). */
export const APPROVAL_CLOCK_SKEW_SECONDS = 30;

export interface ApprovalPayload {
  version: number;
  requestHash: Uint8Array;
  nonce: Uint8Array;
  externalId: string;
  approvedAt: bigint;
  expiresAt: bigint;
  extensions?: ReadonlyMap<string, Uint8Array>;
}

export interface CreateApprovalOptions {
  requestHash: Uint8Array;
  externalId: string;
  /** Unix seconds. */
  approvedAt: number;
  expiresAt: number;
  /** 16 bytes; random by default. */
  nonce?: Uint8Array;
  extensions?: Readonly<Record<string, Uint8Array>>;
}

function readFixedBytes(r: CborReader, length: number, what: string): Uint8Array {
  const major = r.peekMajor();
  let out: Uint8Array;
  if (major === MAJOR_BYTES) out = r.bytesItem(what).slice();
  else if (major === MAJOR_ARRAY) {
    const n = r.arrayHeader(what);
    out = new Uint8Array(n);
    for (let i = 0; i < n; i++) out[i] = r.uint(255, what);
  } else return malformed(`${what} must be bytes`);
  if (out.length !== length) malformed(`${what} must be ${length} bytes, got ${out.length}`);
  return out;
}

export function encodeApprovalPayload(p: ApprovalPayload): Uint8Array {
  return encodeWith((w) => {
    w.mapHeader(p.extensions ? 7 : 6);
    w.text('version').uint(p.version);
    w.text('request_hash').uintArray(p.requestHash);
    w.text('nonce').uintArray(p.nonce);
    w.text('external_id').text(p.externalId);
    w.text('approved_at').uint(p.approvedAt);
    w.text('expires_at').uint(p.expiresAt);
    if (p.extensions) {
      const entries = [...p.extensions].sort(([a], [b]) => compareUtf8(a, b));
      w.text('extensions').mapHeader(entries.length);
      for (const [k, v] of entries) w.text(k).uintArray(v);
    }
  });
}

export function decodeApprovalPayload(bytes: Uint8Array): ApprovalPayload {
  const r = new CborReader(bytes);
  const p: Partial<ApprovalPayload> = {};
  readStruct(r, 'ApprovalPayload', (name) => {
    switch (name) {
      case 'version':
        p.version = r.uint(255, 'approval payload version');
        return true;
      case 'request_hash':
        p.requestHash = readFixedBytes(r, 32, 'request_hash');
        return true;
      case 'nonce':
        p.nonce = readFixedBytes(r, 16, 'nonce');
        return true;
      case 'external_id':
        p.externalId = r.text('external_id');
        return true;
      case 'approved_at':
        p.approvedAt = r.u64('approved_at');
        return true;
      case 'expires_at':
        p.expiresAt = r.u64('expires_at');
        return true;
      case 'extensions': {
        if (r.nullIfPresent()) return true;
        const n = r.mapHeader('approval extensions');
        const ext = new Map<string, Uint8Array>();
        for (let i = 0; i < n; i++) {
          const key = r.text('extension key');
          const major = r.peekMajor();
          if (major === MAJOR_BYTES) ext.set(key, r.bytesItem().slice());
          else {
            const len = r.arrayHeader('extension value');
            const v = new Uint8Array(len);
            for (let j = 0; j < len; j++) v[j] = r.uint(255, 'extension byte');
            ext.set(key, v);
          }
        }
        p.extensions = ext;
        return true;
      }
    }
    return false;
  });
  r.finish('ApprovalPayload');
  const what = 'ApprovalPayload';
  return {
    version: requireField(p.version, what, 'version'),
    requestHash: requireField(p.requestHash, what, 'request_hash'),
    nonce: requireField(p.nonce, what, 'nonce'),
    externalId: requireField(p.externalId, what, 'external_id'),
    approvedAt: requireField(p.approvedAt, what, 'approved_at'),
    expiresAt: requireField(p.expiresAt, what, 'expires_at'),
    ...(p.extensions ? { extensions: p.extensions } : {}),
  };
}

function preimage(version: number, payloadBytes: Uint8Array): Uint8Array {
  return concatBytes(APPROVAL_CONTEXT, Uint8Array.of(version), payloadBytes);
}

export class SignedApproval {
  private constructor(
    readonly approvalVersion: number,
    readonly payloadBytes: Uint8Array,
    readonly approverKey: PublicKey,
    readonly signature: Uint8Array,
  ) {}

  static create(options: CreateApprovalOptions, approverKey: SigningKey): SignedApproval {
    if (!(approverKey instanceof SigningKey)) throw new TenuoError(ErrorCode.ApprovalPayloadInvalid, 'SignedApproval.create needs a SigningKey');
    const nonce = options.nonce ?? globalThis.crypto.getRandomValues(new Uint8Array(16));
    if (!(options.requestHash instanceof Uint8Array) || options.requestHash.length !== 32) throw new TenuoError(ErrorCode.ApprovalPayloadInvalid, 'requestHash must be 32 bytes');
    if (!(nonce instanceof Uint8Array) || nonce.length !== 16) throw new TenuoError(ErrorCode.ApprovalPayloadInvalid, 'nonce must be 16 bytes');
    if (typeof options.externalId !== 'string') throw new TenuoError(ErrorCode.ApprovalPayloadInvalid, 'externalId must be a string');
    const seconds = (v: number, what: string) => {
      if (!Number.isInteger(v) || v < 0) throw new TenuoError(ErrorCode.ApprovalPayloadInvalid, `${what} must be non-negative integer seconds`);
      return BigInt(v);
    };
    const payloadBytes = encodeApprovalPayload({
      version: APPROVAL_VERSION,
      requestHash: options.requestHash.slice(),
      nonce: nonce.slice(),
      externalId: options.externalId,
      approvedAt: seconds(options.approvedAt, 'approvedAt'),
      expiresAt: seconds(options.expiresAt, 'expiresAt'),
      ...(options.extensions ? { extensions: new Map(Object.entries(options.extensions)) } : {}),
    });
    return new SignedApproval(APPROVAL_VERSION, payloadBytes, approverKey.publicKey, approverKey.sign(preimage(APPROVAL_VERSION, payloadBytes)));
  }

  static fromBytes(bytes: Uint8Array): SignedApproval {
    if (!(bytes instanceof Uint8Array)) throw new TenuoError(ErrorCode.MalformedCBOR, 'approval bytes must be a Uint8Array');
    const r = new CborReader(bytes);
    let version: number | undefined;
    let payload: Uint8Array | undefined;
    let key: PublicKey | undefined;
    let signature: Uint8Array | undefined;
    readStruct(r, 'SignedApproval', (name) => {
      if (name === 'approval_version') version = r.uint(255, 'approval_version');
      else if (name === 'payload') payload = r.bytesItem('approval payload').slice();
      else if (name === 'approver_key') key = readPublicKey(r, 'approver_key');
      else if (name === 'signature') signature = readSignature(r, 'approval signature');
      else return false;
      return true;
    });
    r.finish('SignedApproval');
    const what = 'SignedApproval';
    return new SignedApproval(requireField(version, what, 'approval_version'), requireField(payload, what, 'payload'), requireField(key, what, 'approver_key'), requireField(signature, what, 'signature'));
  }

  toBytes(): Uint8Array {
    return encodeWith((w) => {
      w.mapHeader(4).text('approval_version').uint(this.approvalVersion);
      w.text('payload').bytes(this.payloadBytes);
      w.text('approver_key');
      writePublicKey(w, this.approverKey);
      w.text('signature');
      writeSignature(w, this.signature);
    });
  }

  /**
   * The reference's `verify`: version, signature over the raw payload bytes,
   * then payload decode, payload version, approved_at ≤ now + 30 s and
   * expires_at > approved_at. Expiry against `now` is the authorizer's job.
   */
  verify(nowSeconds: number = Math.floor(Date.now() / 1000)): ApprovalPayload {
    if (this.approvalVersion !== APPROVAL_VERSION) throw new TenuoError(ErrorCode.UnsupportedApprovalVersion, `unsupported approval version ${this.approvalVersion}`);
    if (!this.approverKey.verify(preimage(this.approvalVersion, this.payloadBytes), this.signature)) {
      throw new TenuoError(ErrorCode.ApprovalInvalid, 'approval signature verification failed');
    }
    let payload: ApprovalPayload;
    try {
      payload = decodeApprovalPayload(this.payloadBytes);
    } catch (e) {
      throw new TenuoError(ErrorCode.ApprovalPayloadInvalid, `approval payload: ${(e as Error).message}`);
    }
    if (payload.version !== APPROVAL_VERSION) throw new TenuoError(ErrorCode.UnsupportedApprovalVersion, `unsupported approval payload version ${payload.version}`);
    if (payload.approvedAt > BigInt(nowSeconds + APPROVAL_CLOCK_SKEW_SECONDS)) throw new TenuoError(ErrorCode.ApprovalInvalid, 'approval is dated in the future');
    if (payload.expiresAt <= payload.approvedAt) throw new TenuoError(ErrorCode.ApprovalInvalid, 'approval expires_at must be after approved_at');
    return payload;
  }
}

/**
 * The reference's `compute_request_hash`: SHA-256 of CBOR
 * `[text "tnu_wrt_<hex>", text tool, bytes(CBOR args map, byte-ordered), bytes(holder key or empty)]`.
 */
export function computeRequestHash(warrantIdText: string, tool: string, args: ToolArgs, holder?: PublicKey): Uint8Array {
  const argsCbor = encodeWith((w) => {
    const pairs = sortedArgs(args);
    w.mapHeader(pairs.length);
    for (const [k, v] of pairs) {
      w.text(k);
      writeValue(w, v as ConstraintValue);
    }
  });
  const tuple = encodeWith((w) => {
    w.arrayHeader(4).text(warrantIdText).text(tool).bytes(argsCbor).bytes(holder ? holder.rawBytes : new Uint8Array());
  });
  return sha256(tuple);
}
