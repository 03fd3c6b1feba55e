/**
 * Warrant ids: 16 bytes (UUIDv7 when generated). Text forms: `tnu_wrt_<32 hex>`
 * (Display, approvals, revocation lists) and bare lowercase hex (PoP, dedup).
 */
import { ErrorCode, TenuoError } from '../errors.js';
import { fromHex, toHex } from '../util/bytes.js';

export const WARRANT_ID_PREFIX = 'tnu_wrt_';
export const WARRANT_ID_LENGTH = 16;

/** A fresh UUIDv7: 48-bit millisecond timestamp, version 7, variant 10, random rest. */
export function newWarrantId(nowMs: number = Date.now()): Uint8Array {
  const id = new Uint8Array(WARRANT_ID_LENGTH);
  globalThis.crypto.getRandomValues(id);
  let ms = Math.floor(nowMs);
  for (let i = 5; i >= 0; i--) {
    id[i] = ms % 256;
    ms = Math.floor(ms / 256);
  }
  id[6] = 0x70 | ((id[6] as number) & 0x0f);
  id[8] = 0x80 | ((id[8] as number) & 0x3f);
  return id;
}

/** Parses `tnu_wrt_<hex>`, bare hex (any case) or a hyphenated UUID, as the reference does. */
export function parseWarrantId(text: string): Uint8Array {
  if (typeof text !== 'string') throw new TenuoError(ErrorCode.InvalidPayloadStructure, 'warrant id must be a string');
  let hex = text.startsWith(WARRANT_ID_PREFIX) ? text.slice(WARRANT_ID_PREFIX.length) : text;
  if (/^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/.test(hex)) hex = hex.replace(/-/g, '');
  if (!/^[0-9a-fA-F]{32}$/.test(hex)) throw new TenuoError(ErrorCode.InvalidPayloadStructure, `invalid warrant id "${text}"`);
  return fromHex(hex);
}

export function idToHex(id: Uint8Array): string {
  return toHex(id);
}

export function idToText(id: Uint8Array): string {
  return WARRANT_ID_PREFIX + toHex(id);
}
