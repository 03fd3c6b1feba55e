// Strict CBOR reading over linear memory, allocation-free.
//
// Only the deterministic encoding the reference serializer emits is accepted:
// definite lengths, minimal heads, no tags, no reserved additional info,
// shortest exact floats, valid UTF-8 text. The first violation is recorded in
// `cborError` (an Appendix A code) and every later read becomes a no-op, so
// callers can read a whole structure and check once.

import { ERR_MALFORMED_CBOR } from '../errors';

export const MAJOR_UINT: u32 = 0;
export const MAJOR_NINT: u32 = 1;
export const MAJOR_BYTES: u32 = 2;
export const MAJOR_TEXT: u32 = 3;
export const MAJOR_ARRAY: u32 = 4;
export const MAJOR_MAP: u32 = 5;
export const MAJOR_TAG: u32 = 6;
export const MAJOR_SIMPLE: u32 = 7;

export const BYTE_FALSE: u8 = 0xf4;
export const BYTE_TRUE: u8 = 0xf5;
export const BYTE_NULL: u8 = 0xf6;

/** Read position and end of the current input. */
export let cur: usize = 0;
export let end: usize = 0;
/** 0 while everything read so far was valid, else the first error code. */
export let cborError: i32 = 0;
/** Offset of the first error, for diagnostics. */
export let cborErrorAt: usize = 0;

/** Fields of the last head read. */
export let headMajor: u32 = 0;
export let headValue: u64 = 0;

export function startReading(ptr: usize, len: usize): void {
  cur = ptr;
  end = ptr + len;
  cborError = 0;
  cborErrorAt = 0;
}

export function fail(code: i32): void {
  if (cborError == 0) {
    cborError = code;
    cborErrorAt = cur;
  }
  // Park the cursor at the end so loops driven by counts stop reading.
  cur = end;
}

export function seek(ptr: usize): void {
  cur = ptr;
}

@inline export function remaining(): usize {
  return end - cur;
}

@inline export function ok(): bool {
  return cborError == 0;
}

/** The major type of the next item without consuming it (0xff at the end). */
export function peekMajor(): u32 {
  if (cur >= end) return 0xff;
  return (<u32>load<u8>(cur)) >> 5;
}

export function peekByte(): u32 {
  if (cur >= end) return 0x100;
  return <u32>load<u8>(cur);
}

/** Reads one head into headMajor/headValue. Returns false on error. */
export function readHead(): bool {
  if (cborError != 0) return false;
  if (cur >= end) {
    fail(ERR_MALFORMED_CBOR);
    return false;
  }
  const initial = <u32>load<u8>(cur);
  cur++;
  const major = initial >> 5;
  const info = initial & 0x1f;
  headMajor = major;
  if (major == MAJOR_TAG) {
    cur--;
    fail(ERR_MALFORMED_CBOR);
    return false;
  }
  if (info < 24) {
    headValue = <u64>info;
    return true;
  }
  if (major == MAJOR_SIMPLE) {
    // Floats (25–27) are read by readFloat; other extended simple values are refused.
    cur--;
    fail(ERR_MALFORMED_CBOR);
    return false;
  }
  let size: usize = 0;
  let minimum: u64 = 0;
  if (info == 24) {
    size = 1;
    minimum = 24;
  } else if (info == 25) {
    size = 2;
    minimum = 0x100;
  } else if (info == 26) {
    size = 4;
    minimum = 0x10000;
  } else if (info == 27) {
    size = 8;
    minimum = 0x100000000;
  } else {
    // 28–30 reserved, 31 indefinite length: both outside deterministic CBOR.
    cur--;
    fail(ERR_MALFORMED_CBOR);
    return false;
  }
  if (end - cur < size) {
    fail(ERR_MALFORMED_CBOR);
    return false;
  }
  let value: u64 = 0;
  for (let i: usize = 0; i < size; i++) value = (value << 8) | <u64>load<u8>(cur + i);
  cur += size;
  if (value < minimum) {
    cur -= size + 1;
    fail(ERR_MALFORMED_CBOR);
    return false;
  }
  headValue = value;
  return true;
}

/** Reads a head of the given major type; false (and an error) otherwise. */
export function expectHead(major: u32): bool {
  const at = cur;
  if (!readHead()) return false;
  if (headMajor != major) {
    cur = at;
    fail(ERR_MALFORMED_CBOR);
    return false;
  }
  return true;
}

/** Unsigned integer ≤ max, or u64.MAX_VALUE on error. */
export function readUint(max: u64): u64 {
  if (!expectHead(MAJOR_UINT)) return u64.MAX_VALUE;
  if (headValue > max) {
    fail(ERR_MALFORMED_CBOR);
    return u64.MAX_VALUE;
  }
  return headValue;
}

/** Length of a definite container/string, checked against the bytes left (each element needs ≥ 1 byte). */
export function readLength(major: u32): u32 {
  if (!expectHead(major)) return 0;
  let needed = headValue;
  if (major == MAJOR_MAP) needed = needed * 2;
  if (headValue > <u64>remaining() || needed > <u64>remaining()) {
    fail(ERR_MALFORMED_CBOR);
    return 0;
  }
  return <u32>headValue;
}

/** Reads a byte string; returns its start and leaves its length in `lastLength`. */
export let lastLength: u32 = 0;
export function readBytes(): usize {
  const len = readLength(MAJOR_BYTES);
  const start = cur;
  lastLength = len;
  cur += len;
  return start;
}

/** Reads a text string (valid UTF-8 required); returns its start, length in `lastLength`. */
export function readText(): usize {
  const len = readLength(MAJOR_TEXT);
  const start = cur;
  lastLength = len;
  if (cborError != 0) return start;
  if (!validUtf8(start, len)) {
    fail(ERR_MALFORMED_CBOR);
    return start;
  }
  cur += len;
  return start;
}

export function readBool(): bool {
  const b = peekByte();
  if (b == BYTE_TRUE || b == BYTE_FALSE) {
    cur++;
    return b == BYTE_TRUE;
  }
  fail(ERR_MALFORMED_CBOR);
  return false;
}

/** Consumes `null` if it is next. */
export function takeNull(): bool {
  if (peekByte() == BYTE_NULL) {
    cur++;
    return true;
  }
  return false;
}

export function isFloatNext(): bool {
  const b = peekByte();
  return b == 0xf9 || b == 0xfa || b == 0xfb;
}

/** f16 bits → f64. */
export function halfToF64(bits: u32): f64 {
  const exponent = (bits >> 10) & 0x1f;
  const mantissa = <f64>(bits & 0x3ff);
  let magnitude: f64;
  if (exponent == 0) magnitude = mantissa * Math.pow(2, -24);
  else if (exponent == 0x1f) magnitude = mantissa == 0 ? Infinity : NaN;
  else magnitude = (1 + mantissa / 1024) * Math.pow(2, <f64>exponent - 15);
  return bits & 0x8000 ? -magnitude : magnitude;
}

/** True when `x` is exactly representable as binary16 (NaN counts: it encodes as f9 7e00). */
export function fitsHalf(x: f64): bool {
  if (isNaN(x)) return true;
  const bits = reinterpret<u64>(x);
  const exponentBits = <i32>((bits >> 52) & 0x7ff);
  const mantissa = bits & 0xfffffffffffff;
  if (exponentBits == 0x7ff) return true; // ±Infinity
  if (exponentBits == 0 && mantissa == 0) return true; // ±0
  const exponent = exponentBits - 1023;
  if (exponent >= -14 && exponent <= 15) return (mantissa & 0x3ffffffffff) == 0;
  if (exponent >= -24 && exponent < -14) {
    const units = Math.abs(x) * 16777216.0;
    return units == Math.floor(units) && units < 1024;
  }
  return false;
}

/** Reads a float of any width; it must be the shortest exact encoding of its value. */
export function readFloat(): f64 {
  const b = peekByte();
  if (b == 0xf9 && remaining() >= 3) {
    const bits = (<u32>load<u8>(cur + 1) << 8) | <u32>load<u8>(cur + 2);
    // Every NaN is written as f9 7e00; other NaN payloads are not canonical.
    if ((bits & 0x7c00) == 0x7c00 && (bits & 0x3ff) != 0 && bits != 0x7e00) {
      fail(ERR_MALFORMED_CBOR);
      return 0;
    }
    cur += 3;
    return halfToF64(bits);
  }
  if (b == 0xfa && remaining() >= 5) {
    const bits = bswap<u32>(load<u32>(cur + 1));
    const value = <f64>reinterpret<f32>(bits);
    if (fitsHalf(value)) {
      fail(ERR_MALFORMED_CBOR);
      return 0;
    }
    cur += 5;
    return value;
  }
  if (b == 0xfb && remaining() >= 9) {
    const value = reinterpret<f64>(bswap<u64>(load<u64>(cur + 1)));
    if (fitsHalf(value) || <f64>(<f32>value) == value) {
      fail(ERR_MALFORMED_CBOR);
      return 0;
    }
    cur += 9;
    return value;
  }
  fail(ERR_MALFORMED_CBOR);
  return 0;
}

/** Strict UTF-8: no overlong forms, no surrogates, nothing above U+10FFFF. */
export function validUtf8(ptr: usize, len: usize): bool {
  let i: usize = 0;
  while (i < len) {
    const b0 = <u32>load<u8>(ptr + i);
    if (b0 < 0x80) {
      i++;
      continue;
    }
    let need: usize = 0;
    let min: u32 = 0;
    let cp: u32 = 0;
    if ((b0 & 0xe0) == 0xc0) {
      need = 1;
      min = 0x80;
      cp = b0 & 0x1f;
    } else if ((b0 & 0xf0) == 0xe0) {
      need = 2;
      min = 0x800;
      cp = b0 & 0x0f;
    } else if ((b0 & 0xf8) == 0xf0) {
      need = 3;
      min = 0x10000;
      cp = b0 & 0x07;
    } else return false;
    if (i + need >= len) return false;
    for (let k: usize = 1; k <= need; k++) {
      const b = <u32>load<u8>(ptr + i + k);
      if ((b & 0xc0) != 0x80) return false;
      cp = (cp << 6) | (b & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return false;
    i += need + 1;
  }
  return true;
}

/** Byte-wise comparison of two ranges (Rust `str`/`[u8]` order). */
export function compareRanges(a: usize, aLen: usize, b: usize, bLen: usize): i32 {
  const n = aLen < bLen ? aLen : bLen;
  for (let i: usize = 0; i < n; i++) {
    const x = <i32>load<u8>(a + i);
    const y = <i32>load<u8>(b + i);
    if (x != y) return x - y;
  }
  return <i32>aLen - <i32>bLen;
}

/** True when [ptr, ptr+len) equals the ASCII literal. */
export function equalsLiteral(ptr: usize, len: usize, literal: string): bool {
  if (<usize>literal.length != len) return false;
  for (let i = 0; i < literal.length; i++) {
    if (<u32>load<u8>(ptr + <usize>i) != <u32>literal.charCodeAt(i)) return false;
  }
  return true;
}

/**
 * Reads the next key of a text-keyed map whose keys must be in strictly
 * increasing byte order (the reference's BTreeMap order; this also rules out
 * duplicates). `prev`/`prevLen` is the previous key, ignored when `first`.
 * Returns the key's address; its length is in `lastLength`.
 */
export function readOrderedKey(prev: usize, prevLen: u32, first: bool): usize {
  const key = readText();
  if (cborError != 0) return key;
  if (!first && compareRanges(prev, prevLen, key, lastLength) >= 0) {
    cur = key;
    fail(ERR_MALFORMED_CBOR);
  }
  return key;
}

/** Reads a text item and requires it to equal `literal` (a struct field name). */
export function expectName(literal: string): bool {
  const at = readText();
  if (cborError != 0) return false;
  if (!equalsLiteral(at, lastLength, literal)) {
    cur = at;
    fail(ERR_MALFORMED_CBOR);
    return false;
  }
  return true;
}

const SKIP_STACK: usize = memory.data(8 * 160);
export const MAX_NESTING: i32 = 128;

/**
 * Skips one complete item, validating it as strictly as any other read.
 * Iterative, with nesting bounded by MAX_NESTING.
 */
export function skipItem(): void {
  let depth = 0;
  let pending: u64 = 1;
  while (cborError == 0) {
    if (pending == 0) {
      if (depth == 0) return;
      depth--;
      pending = load<u64>(SKIP_STACK + <usize>depth * 8);
      continue;
    }
    pending--;
    if (isFloatNext()) {
      readFloat();
      continue;
    }
    const b = peekByte();
    if (b == BYTE_FALSE || b == BYTE_TRUE || b == BYTE_NULL) {
      cur++;
      continue;
    }
    if (!readHead()) return;
    const major = headMajor;
    if (major == MAJOR_UINT || major == MAJOR_NINT) continue;
    if (major == MAJOR_SIMPLE) {
      // Simple values other than false/true/null (incl. undefined) are not used by the protocol.
      fail(ERR_MALFORMED_CBOR);
      return;
    }
    if (major == MAJOR_BYTES || major == MAJOR_TEXT) {
      if (headValue > <u64>remaining()) {
        fail(ERR_MALFORMED_CBOR);
        return;
      }
      if (major == MAJOR_TEXT && !validUtf8(cur, <usize>headValue)) {
        fail(ERR_MALFORMED_CBOR);
        return;
      }
      cur += <usize>headValue;
      continue;
    }
    // Array or map.
    let count = headValue;
    if (major == MAJOR_MAP) count = count * 2;
    if (headValue > <u64>remaining() || count > <u64>remaining()) {
      fail(ERR_MALFORMED_CBOR);
      return;
    }
    if (depth >= MAX_NESTING) {
      fail(ERR_MALFORMED_CBOR);
      return;
    }
    store<u64>(SKIP_STACK + <usize>depth * 8, pending);
    depth++;
    pending = count;
  }
}
