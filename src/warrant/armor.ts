/**
 * Text and file armor: base64 tokens (URL-safe, no padding), PEM blocks
 * (`TENUO WARRANT`, `TENUO WARRANT CHAIN`) and the `.tenuo` file magic.
 */
import { ErrorCode, TenuoError } from '../errors.js';
import { base64UrlDecode, base64UrlEncode, wrapLines } from '../util/base64.js';
import { bytesEqual, concatBytes } from '../util/bytes.js';
import { MAX_STACK_SIZE, MAX_WARRANT_SIZE } from './envelope.js';

export const PEM_WARRANT = 'TENUO WARRANT';
export const PEM_CHAIN = 'TENUO WARRANT CHAIN';
/** `.tenuo` files start with "TENU" and the format version 1. */
export const TENUO_FILE_MAGIC = Uint8Array.of(0x54, 0x45, 0x4e, 0x55, 0x01);

const begin = (label: string) => `-----BEGIN ${label}-----`;
const end = (label: string) => `-----END ${label}-----`;

export function toPemBlock(bytes: Uint8Array, label: string): string {
  return `${begin(label)}\n${wrapLines(base64UrlEncode(bytes))}\n${end(label)}\n`;
}

function requireText(text: unknown): string {
  if (typeof text !== 'string') throw new TenuoError(ErrorCode.MalformedCBOR, 'expected base64 or PEM text');
  return text;
}

function tooLarge(size: number, limit: number, isStack: boolean): never {
  throw new TenuoError(isStack ? ErrorCode.ChainTooLarge : ErrorCode.WarrantTooLarge, `input of ~${size} bytes exceeds the ${limit}-byte limit`);
}

/**
 * A single-warrant token as the reference's `decode_base64` reads it: trimmed;
 * a leading `TENUO WARRANT` PEM header drops every `-----` line; all
 * whitespace removed; strict URL-safe base64 without padding.
 */
export function decodeBase64Token(text: string, limit = MAX_WARRANT_SIZE): Uint8Array {
  let clean = requireText(text).trim();
  if (clean.startsWith(begin(PEM_WARRANT))) {
    clean = clean
      .split(/\r?\n/)
      .filter((line) => !line.trim().startsWith('-----'))
      .join('');
  }
  clean = clean.replace(/\s+/g, '');
  const estimated = Math.floor((clean.length * 3) / 4);
  if (estimated > limit) tooLarge(estimated, limit, limit > MAX_WARRANT_SIZE);
  return base64UrlDecode(clean);
}

export interface PemContents {
  /** Set when the input holds a `TENUO WARRANT CHAIN` block: its bytes. */
  chain?: Uint8Array;
  /** Otherwise: each `TENUO WARRANT` block (or the single raw token), in order. */
  warrants: Uint8Array[];
}

/**
 * Splits PEM text as the reference's `decode_pem_chain` does: the first CHAIN
 * block wins; else every complete WARRANT block in order; else the whole input
 * is one base64 warrant.
 */
export function readPem(text: string): PemContents {
  const input = requireText(text);
  const chainStart = input.indexOf(begin(PEM_CHAIN));
  if (chainStart >= 0) {
    const bodyStart = chainStart + begin(PEM_CHAIN).length;
    const chainEnd = input.indexOf(end(PEM_CHAIN), bodyStart);
    if (chainEnd >= 0) {
      const clean = input.slice(bodyStart, chainEnd).replace(/\s+/g, '');
      const estimated = Math.floor((clean.length * 3) / 4);
      if (estimated > MAX_STACK_SIZE) tooLarge(estimated, MAX_STACK_SIZE, true);
      return { chain: base64UrlDecode(clean), warrants: [] };
    }
  }
  const warrants: Uint8Array[] = [];
  let at = 0;
  let sawHeader = false;
  for (;;) {
    const start = input.indexOf(begin(PEM_WARRANT), at);
    if (start < 0) break;
    sawHeader = true;
    const stop = input.indexOf(end(PEM_WARRANT), start);
    if (stop < 0) break;
    const blockEnd = stop + end(PEM_WARRANT).length;
    warrants.push(decodeBase64Token(input.slice(start, blockEnd)));
    at = blockEnd;
  }
  if (!sawHeader && input.trim() !== '') warrants.push(decodeBase64Token(input));
  if (warrants.length === 0) {
    throw new TenuoError(ErrorCode.MalformedCBOR, sawHeader ? 'found PEM headers but no complete warrant block' : 'no warrant found in the input');
  }
  return { warrants };
}

/** Prefixes CBOR bytes with the `.tenuo` magic. */
export function toTenuoFile(cbor: Uint8Array): Uint8Array {
  return concatBytes(TENUO_FILE_MAGIC, cbor);
}

/** True when the bytes start with "TENU" (a `.tenuo` file of any version; CBOR never starts so). */
export function hasTenuoMagic(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && bytesEqual(bytes.subarray(0, 4), TENUO_FILE_MAGIC.subarray(0, 4));
}

/** Strips the `.tenuo` magic, refusing other versions of the format. */
export function fromTenuoFile(bytes: Uint8Array): Uint8Array {
  if (!hasTenuoMagic(bytes)) throw new TenuoError(ErrorCode.InvalidEnvelopeStructure, 'not a .tenuo file (missing TENU magic)');
  if (bytes[4] !== TENUO_FILE_MAGIC[4]) throw new TenuoError(ErrorCode.UnsupportedEnvelopeVersion, `unsupported .tenuo file version ${bytes[4] ?? '(missing)'}`);
  return bytes.subarray(TENUO_FILE_MAGIC.length);
}
