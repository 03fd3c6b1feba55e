/**
 * Glue to the warrant core in assembly/warrant and assembly/chain: decoding
 * with signature checks, payload validation, the chain walk and the record
 * table (layout mirrored from assembly/warrant/record.ts).
 */
import { ErrorCode, TenuoError, type ErrorCodeValue } from '../errors.js';
import { wasm, type TenuoWasmExports } from './module.js';

interface CoreExports extends TenuoWasmExports {
  warrantDecode(ptr: number, len: number, mode: number): number;
  chainVerify(ptr: number, len: number, now: number, tolerance: number): number;
  payloadValidate(ptr: number, len: number): number;
  publicKeyCheck(ptr: number): number;
  trustedRootsSet(ptr: number, count: number): number;
  resultCount(): number;
  resultFailIndex(): number;
  resultFailStage(): number;
  resultErrorOffset(): number;
  recordsPtr(): number;
  recordSize(): number;
  maxWarrants(): number;
}

/** Field offsets of a record (assembly/warrant/record.ts). */
const R = {
  envelopePtr: 0,
  envelopeLen: 4,
  payloadPtr: 8,
  payloadLen: 12,
  signaturePtr: 16,
} as const;

export const FailStage = { Decode: 0, Chain: 1, Link: 2, Passed: 3 } as const;

/** Where one warrant sits inside the input bytes. */
export interface WarrantSpan {
  envelope: Uint8Array;
  payload: Uint8Array;
  signature: Uint8Array;
}

export interface CoreResult {
  code: number;
  failIndex: number;
  failStage: number;
  /** Spans of the warrants decoded before any failure. */
  spans: WarrantSpan[];
}

const MESSAGES: Partial<Record<number, string>> = {
  1000: 'unsupported envelope version',
  1001: 'invalid envelope structure',
  1100: 'invalid signature',
  1102: 'unsupported signature algorithm',
  1103: 'invalid key length',
  1104: 'invalid signature length',
  1200: 'unsupported payload version',
  1201: 'invalid payload structure',
  1202: 'malformed or non-canonical CBOR',
  1203: 'unknown payload field',
  1204: 'missing required payload field',
  1300: 'warrant expired',
  1302: 'warrant issued in the future',
  1303: 'validity exceeds the limit (90 days, or the parent expiry)',
  1400: 'invalid issuer (the parent holder must issue; no self-issuance)',
  1401: 'parent_hash does not match the parent payload',
  1402: 'depth exceeds max_depth',
  1403: 'depth is not parent depth + 1, or max_depth grew',
  1404: 'chain too long',
  1405: 'chain broken',
  1406: 'root issuer is not a trusted root',
  1500: 'tool not authorized',
  1501: 'constraint violation',
  1502: 'invalid attenuation',
  1503: 'capability expansion',
  1800: 'warrant revoked',
  1900: 'warrant too large',
  1901: 'warrant stack too large',
  1902: 'too many tools',
  1903: 'too many constraints or nesting too deep',
  1904: 'extension too large or too many extensions',
  1905: 'value too large',
  2000: 'unknown reserved tenuo.* extension',
  2001: 'invalid extension value',
  2100: 'reserved tool name (tenuo:)',
};

function core(): { exports: CoreExports; offset: number; scratch: Uint8Array } {
  const handle = wasm();
  return { exports: handle.exports as CoreExports, offset: handle.scratchOffset, scratch: handle.scratch() };
}

function copyIn(bytes: Uint8Array): { exports: CoreExports; ptr: number } {
  const { exports, offset, scratch } = core();
  if (bytes.length > scratch.length) throw new TenuoError(ErrorCode.ChainTooLarge, `input of ${bytes.length} bytes exceeds the verifier's buffer`);
  scratch.set(bytes, 0);
  return { exports, ptr: offset };
}

function readSpans(exports: CoreExports, input: Uint8Array, ptr: number, count: number): WarrantSpan[] {
  const view = new DataView(exports.memory.buffer);
  const base = exports.recordsPtr();
  const size = exports.recordSize();
  const spans: WarrantSpan[] = [];
  for (let i = 0; i < count; i++) {
    const rec = base + i * size;
    const at = (field: number) => view.getUint32(rec + field, true) - ptr;
    spans.push({
      envelope: input.subarray(at(R.envelopePtr), at(R.envelopePtr) + view.getUint32(rec + R.envelopeLen, true)),
      payload: input.subarray(at(R.payloadPtr), at(R.payloadPtr) + view.getUint32(rec + R.payloadLen, true)),
      signature: input.subarray(at(R.signaturePtr), at(R.signaturePtr) + 64),
    });
  }
  return spans;
}

/** A TenuoError for a core status code. */
export function coreError(code: number, context: string, index = -1): TenuoError {
  const what = MESSAGES[code] ?? `error ${code}`;
  const where = index >= 0 ? ` (warrant ${index})` : '';
  return new TenuoError(code as ErrorCodeValue, `${context}: ${what}${where}`, index >= 0 ? { index } : {});
}

/**
 * Decodes a single envelope (`allowStack` false) or a stack or envelope,
 * verifying every signature before its payload is parsed. Throws on failure.
 */
export function decodeVerified(input: Uint8Array, allowStack: boolean): WarrantSpan[] {
  const { exports, ptr } = copyIn(input);
  const code = exports.warrantDecode(ptr, input.length, allowStack ? 1 : 0);
  if (code !== 0) throw coreError(code, allowStack ? 'cannot decode warrant stack' : 'cannot decode warrant', exports.resultFailIndex());
  return readSpans(exports, input, ptr, exports.resultCount());
}

/** Validates payload bytes with the decoder's rules; throws the first violation. */
export function validatePayloadBytes(payload: Uint8Array): void {
  const { exports, ptr } = copyIn(payload);
  const code = exports.payloadValidate(ptr, payload.length);
  if (code !== 0) throw coreError(code, 'invalid warrant payload');
}

/** Why 32 bytes are not a usable Ed25519 public key, or undefined when they are. */
export function publicKeyProblem(key: Uint8Array): string | undefined {
  const { exports, ptr } = copyIn(key);
  return exports.publicKeyCheck(ptr) === 0 ? undefined : 'not a valid curve point, or a point of small order';
}

/** Loads the trusted roots (32-byte keys) into the core. */
export function setTrustedRoots(keys: readonly Uint8Array[]): void {
  const { exports, offset, scratch } = core();
  if (keys.length > 64) throw new TenuoError(ErrorCode.InvalidPayloadStructure, 'at most 64 trusted roots');
  keys.forEach((k, i) => scratch.set(k, i * 32));
  if (exports.trustedRootsSet(offset, keys.length) !== 0) throw new TenuoError(ErrorCode.InvalidPayloadStructure, 'cannot load trusted roots');
}

/** Decodes and walks a chain; never throws for verification failures. */
export function walkChain(input: Uint8Array, now: number, tolerance: number): CoreResult {
  const { exports, ptr } = copyIn(input);
  const code = exports.chainVerify(ptr, input.length, now, tolerance);
  const count = exports.resultCount();
  return { code, failIndex: exports.resultFailIndex(), failStage: exports.resultFailStage(), spans: readSpans(exports, input, ptr, count) };
}
