/**
 * Base64 codecs with the reference's exact acceptance rules (the `base64`
 * crate's strict engines): URL-safe without padding for warrants; standard
 * alphabet with padding where the reference's SDKs use it.
 */
import { ErrorCode, TenuoError } from '../errors.js';

const URL_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const STD_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

function table(alphabet: string): Int16Array {
  const t = new Int16Array(128).fill(-1);
  for (let i = 0; i < alphabet.length; i++) t[alphabet.charCodeAt(i)] = i;
  return t;
}
const URL_TABLE = table(URL_ALPHABET);
const STD_TABLE = table(STD_ALPHABET);

function encode(data: Uint8Array, alphabet: string, pad: boolean): string {
  let out = '';
  let i = 0;
  for (; i + 2 < data.length; i += 3) {
    const n = ((data[i] as number) << 16) | ((data[i + 1] as number) << 8) | (data[i + 2] as number);
    out += alphabet[n >>> 18]! + alphabet[(n >>> 12) & 63]! + alphabet[(n >>> 6) & 63]! + alphabet[n & 63]!;
  }
  const rest = data.length - i;
  if (rest === 1) {
    const n = (data[i] as number) << 16;
    out += alphabet[n >>> 18]! + alphabet[(n >>> 12) & 63]! + (pad ? '==' : '');
  } else if (rest === 2) {
    const n = ((data[i] as number) << 16) | ((data[i + 1] as number) << 8);
    out += alphabet[n >>> 18]! + alphabet[(n >>> 12) & 63]! + alphabet[(n >>> 6) & 63]! + (pad ? '=' : '');
  }
  return out;
}

function bad(message: string): never {
  throw new TenuoError(ErrorCode.MalformedCBOR, `invalid base64: ${message}`);
}

/**
 * Strict decode: no whitespace, canonical trailing bits (the `base64` crate
 * rejects non-zero unused bits), padding exactly as `padded` requires.
 */
function decode(text: string, lookup: Int16Array, padded: boolean): Uint8Array {
  let body = text;
  if (padded) {
    if (text.length % 4 !== 0) bad('length is not a multiple of 4');
    if (body.endsWith('==')) body = body.slice(0, -2);
    else if (body.endsWith('=')) body = body.slice(0, -1);
  }
  if (body.length % 4 === 1) bad('impossible length');
  const out = new Uint8Array(Math.floor((body.length * 3) / 4));
  let acc = 0;
  let bits = 0;
  let o = 0;
  for (let i = 0; i < body.length; i++) {
    const c = body.charCodeAt(i);
    const v = c < 128 ? (lookup[c] as number) : -1;
    if (v < 0) bad(`unexpected character at position ${i}`);
    acc = (acc << 6) | v;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[o++] = (acc >>> bits) & 0xff;
    }
  }
  if (bits > 0 && (acc & ((1 << bits) - 1)) !== 0) bad('non-zero trailing bits');
  return out;
}

export function base64UrlEncode(data: Uint8Array): string {
  return encode(data, URL_ALPHABET, false);
}

export function base64UrlDecode(text: string): Uint8Array {
  return decode(text, URL_TABLE, false);
}

export function base64StdEncode(data: Uint8Array): string {
  return encode(data, STD_ALPHABET, true);
}

export function base64StdDecode(text: string): Uint8Array {
  return decode(text, STD_TABLE, true);
}

/** Splits a string into lines of `width` characters (PEM bodies). */
export function wrapLines(text: string, width = 64): string {
  const lines: string[] = [];
  for (let i = 0; i < text.length; i += width) lines.push(text.slice(i, i + width));
  return lines.join('\n');
}
