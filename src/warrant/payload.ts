/**
 * WarrantPayload: the signed CBOR map with integer keys 0–18, encoded exactly
 * as the reference's hand-written serializer does (keys ascending, 9/10
 * omitted when absent/empty, 18 always written; parent_hash and extension
 * values as arrays of small integers).
 */
import { CborReader, malformed } from '../cbor/reader.js';
import { type CborWriter, encodeWith, MAJOR_ARRAY, MAJOR_BYTES } from '../cbor/writer.js';
import { ConstraintSet } from '../constraints/set.js';
import { PublicKey } from '../crypto/keys.js';
import { ErrorCode, TenuoError } from '../errors.js';
import { compareUtf8 } from '../util/bytes.js';
import { readCoreCheckedPublicKey, writePublicKey } from './key-codec.js';

export const PAYLOAD_VERSION = 1;
export const WarrantType = { Execution: 0, Issuer: 1 } as const;
export type WarrantTypeValue = (typeof WarrantType)[keyof typeof WarrantType];

/** How a byte field appeared on the wire, so a decoded payload re-encodes to the same bytes. */
export type ByteForm = 'array' | 'bytes';

export const EXT_SESSION_ID = 'tenuo.session_id';
export const EXT_AGENT_ID = 'tenuo.agent_id';

export interface WarrantPayload {
  version: number;
  /** 16 bytes. */
  id: Uint8Array;
  warrantType: WarrantTypeValue;
  /** Tool name → constraints, byte-wise ordered. */
  tools: ReadonlyMap<string, ConstraintSet>;
  holder: PublicKey;
  issuer: PublicKey;
  issuedAt: bigint;
  expiresAt: bigint;
  maxDepth: number;
  depth: number;
  parentHash?: Uint8Array;
  parentHashForm?: ByteForm;
  /** Extension key → opaque bytes (session/agent ids included, raw UTF-8), byte-wise ordered. */
  extensions: ReadonlyMap<string, Uint8Array>;
  extensionForms?: ReadonlyMap<string, ByteForm>;
  issuableTools?: readonly string[];
  maxIssueDepth?: number;
  constraintBounds?: ConstraintSet;
  requiredApprovers?: readonly PublicKey[];
  minApprovals?: number;
  clearance?: number;
}

const U32_MAX = 0xffffffff;
const KNOWN_KEYS = new Set([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 14, 15, 16, 17, 18]);
const REQUIRED_KEYS: Array<[number, string]> = [
  [0, 'version'],
  [1, 'id'],
  [2, 'warrant_type'],
  [3, 'tools'],
  [4, 'holder'],
  [5, 'issuer'],
  [6, 'issued_at'],
  [7, 'expires_at'],
  [8, 'max_depth'],
];

function writeByteField(w: CborWriter, bytes: Uint8Array, form: ByteForm | undefined): void {
  if (form === 'bytes') w.bytes(bytes);
  else w.uintArray(bytes);
}

function readByteField(r: CborReader, what: string): { bytes: Uint8Array; form: ByteForm } {
  const major = r.peekMajor();
  if (major === MAJOR_BYTES) return { bytes: r.bytesItem(what).slice(), form: 'bytes' };
  if (major === MAJOR_ARRAY) {
    const count = r.arrayHeader(what);
    const out = new Uint8Array(count);
    for (let i = 0; i < count; i++) out[i] = r.uint(255, `${what} byte`);
    return { bytes: out, form: 'array' };
  }
  return malformed(`${what} must be a byte string or an array of bytes`);
}

export function writePayload(w: CborWriter, p: WarrantPayload): void {
  const optional = [p.parentHash, p.extensions.size > 0 ? p.extensions : undefined, p.issuableTools, p.maxIssueDepth, p.constraintBounds, p.requiredApprovers, p.minApprovals, p.clearance];
  w.mapHeader(10 + optional.filter((v) => v !== undefined).length);
  w.uint(0).uint(p.version);
  w.uint(1).bytes(p.id);
  w.uint(2).uint(p.warrantType);
  w.uint(3).mapHeader(p.tools.size);
  for (const [name, set] of p.tools) {
    w.text(name);
    set.write(w);
  }
  w.uint(4);
  writePublicKey(w, p.holder);
  w.uint(5);
  writePublicKey(w, p.issuer);
  w.uint(6).uint(p.issuedAt);
  w.uint(7).uint(p.expiresAt);
  w.uint(8).uint(p.maxDepth);
  if (p.parentHash) {
    w.uint(9);
    writeByteField(w, p.parentHash, p.parentHashForm);
  }
  if (p.extensions.size > 0) {
    w.uint(10).mapHeader(p.extensions.size);
    for (const [key, value] of p.extensions) {
      w.text(key);
      writeByteField(w, value, p.extensionForms?.get(key));
    }
  }
  if (p.issuableTools) {
    w.uint(11).arrayHeader(p.issuableTools.length);
    for (const t of p.issuableTools) w.text(t);
  }
  if (p.maxIssueDepth !== undefined) w.uint(13).uint(p.maxIssueDepth);
  if (p.constraintBounds) {
    w.uint(14);
    p.constraintBounds.write(w);
  }
  if (p.requiredApprovers) {
    w.uint(15).arrayHeader(p.requiredApprovers.length);
    for (const k of p.requiredApprovers) writePublicKey(w, k);
  }
  if (p.minApprovals !== undefined) w.uint(16).uint(p.minApprovals);
  if (p.clearance !== undefined) w.uint(17).uint(p.clearance);
  w.uint(18).uint(p.depth);
}

export function encodePayload(p: WarrantPayload): Uint8Array {
  return encodeWith((w) => writePayload(w, p));
}

function readStringMapKeys<T>(r: CborReader, what: string, readValue: (key: string) => T): Map<string, T> {
  const count = r.mapHeader(what);
  const out = new Map<string, T>();
  for (let i = 0; i < count; i++) {
    const key = r.text(`${what} key`);
    if (out.has(key)) malformed(`duplicate key "${key}" in ${what}`);
    out.set(key, readValue(key));
  }
  return out;
}

/**
 * Builds the object model of payload bytes that the WASM core has already
 * verified and validated (assembly/warrant/payload.ts holds the rules). The
 * reads here still fail cleanly on anything unexpected, but make no policy.
 */
export function materializePayload(bytes: Uint8Array): WarrantPayload {
  const r = new CborReader(bytes);
  const count = r.mapHeader('warrant payload');
  const seen = new Set<number>();
  const p: Partial<WarrantPayload> & { extensions: Map<string, Uint8Array> } = { extensions: new Map(), depth: 0 };
  const forms = new Map<string, ByteForm>();
  for (let i = 0; i < count; i++) {
    const key = r.uint(255, 'payload key');
    if (seen.has(key)) malformed(`duplicate payload key ${key}`);
    if (!KNOWN_KEYS.has(key)) throw new TenuoError(ErrorCode.UnknownPayloadField, `unknown payload field key ${key}`);
    seen.add(key);
    switch (key) {
      case 0:
        p.version = r.uint(255, 'version');
        break;
      case 1: {
        const id = r.bytesItem('warrant id');
        if (id.length !== 16) malformed(`warrant id must be 16 bytes, got ${id.length}`);
        p.id = id.slice();
        break;
      }
      case 2: {
        const t = r.uint(255, 'warrant_type');
        if (t !== WarrantType.Execution && t !== WarrantType.Issuer) {
          throw new TenuoError(ErrorCode.InvalidPayloadStructure, `unknown warrant_type ${t}`);
        }
        p.warrantType = t;
        break;
      }
      case 3:
        p.tools = readStringMapKeys(r, 'tools', (name) => ConstraintSet.read(r, `tool "${name}"`));
        break;
      case 4:
        p.holder = readCoreCheckedPublicKey(r, 'holder');
        break;
      case 5:
        p.issuer = readCoreCheckedPublicKey(r, 'issuer');
        break;
      case 6:
        p.issuedAt = r.u64('issued_at');
        break;
      case 7:
        p.expiresAt = r.u64('expires_at');
        break;
      case 8:
        p.maxDepth = r.uint(255, 'max_depth');
        break;
      case 9: {
        const { bytes: hash, form } = readByteField(r, 'parent_hash');
        if (hash.length !== 32) malformed(`parent_hash must be 32 bytes, got ${hash.length}`);
        p.parentHash = hash;
        p.parentHashForm = form;
        break;
      }
      case 10:
        p.extensions = readStringMapKeys(r, 'extensions', (name) => {
          const { bytes: value, form } = readByteField(r, `extension "${name}"`);
          forms.set(name, form);
          return value;
        });
        break;
      case 11: {
        const n = r.arrayHeader('issuable_tools');
        const tools: string[] = [];
        for (let j = 0; j < n; j++) tools.push(r.text('issuable tool'));
        p.issuableTools = tools;
        break;
      }
      case 13:
        p.maxIssueDepth = r.uint(U32_MAX, 'max_issue_depth');
        break;
      case 14:
        p.constraintBounds = ConstraintSet.read(r, 'constraint_bounds');
        break;
      case 15: {
        const n = r.arrayHeader('required_approvers');
        const keys: PublicKey[] = [];
        for (let j = 0; j < n; j++) keys.push(readCoreCheckedPublicKey(r, 'approver'));
        p.requiredApprovers = keys;
        break;
      }
      case 16:
        p.minApprovals = r.uint(U32_MAX, 'min_approvals');
        break;
      case 17:
        p.clearance = r.uint(255, 'clearance');
        break;
      case 18:
        p.depth = r.uint(U32_MAX, 'depth');
        break;
    }
  }
  r.finish('warrant payload');
  for (const [key, name] of REQUIRED_KEYS) {
    if (!seen.has(key)) throw new TenuoError(ErrorCode.MissingRequiredField, `warrant payload is missing ${name} (key ${key})`);
  }
  if (forms.size > 0) p.extensionForms = forms;
  return p as WarrantPayload;
}

/** Sorts a record/map by the reference's byte-wise key order. */
export function sortedMap<T>(entries: Iterable<[string, T]>): Map<string, T> {
  return new Map([...entries].sort(([a], [b]) => compareUtf8(a, b)));
}
