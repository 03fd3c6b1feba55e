/**
 * CBOR encoder producing exactly the bytes of the reference's serializer:
 * definite lengths, shortest heads, shortest exact floats. Map ordering is the
 * caller's job (struct declaration order or byte-wise key order), because the
 * reference does not follow RFC 8949 length-first ordering.
 */
import { exactHalfBits, isExactSingle } from './float.js';

export const MAJOR_UNSIGNED = 0;
export const MAJOR_NEGATIVE = 1;
export const MAJOR_BYTES = 2;
export const MAJOR_TEXT = 3;
export const MAJOR_ARRAY = 4;
export const MAJOR_MAP = 5;
export const MAJOR_TAG = 6;
export const MAJOR_SIMPLE = 7;

const UTF8 = new TextEncoder();
const TWO_POW_32 = 2 ** 32;

export class CborWriter {
  private buffer = new Uint8Array(256);
  private view = new DataView(this.buffer.buffer);
  private length = 0;

  private reserve(extra: number): void {
    const needed = this.length + extra;
    if (needed <= this.buffer.length) return;
    let size = this.buffer.length * 2;
    while (size < needed) size *= 2;
    const next = new Uint8Array(size);
    next.set(this.buffer.subarray(0, this.length));
    this.buffer = next;
    this.view = new DataView(next.buffer);
  }

  /** Writes a head with the shortest argument encoding. `value` is a non-negative integer < 2^64. */
  head(major: number, value: number | bigint): this {
    const top = major << 5;
    if (typeof value === 'bigint') {
      if (value < 0n || value >= 1n << 64n) throw new RangeError('CBOR head argument out of range');
      if (value <= BigInt(Number.MAX_SAFE_INTEGER)) return this.head(major, Number(value));
      this.reserve(9);
      this.buffer[this.length] = top | 27;
      this.view.setBigUint64(this.length + 1, value);
      this.length += 9;
      return this;
    }
    if (!Number.isInteger(value) || value < 0 || value > Number.MAX_SAFE_INTEGER) {
      throw new RangeError('CBOR head argument out of range');
    }
    this.reserve(9);
    const at = this.length;
    if (value < 24) {
      this.buffer[at] = top | value;
      this.length += 1;
    } else if (value < 0x100) {
      this.buffer[at] = top | 24;
      this.buffer[at + 1] = value;
      this.length += 2;
    } else if (value < 0x10000) {
      this.buffer[at] = top | 25;
      this.view.setUint16(at + 1, value);
      this.length += 3;
    } else if (value < TWO_POW_32) {
      this.buffer[at] = top | 26;
      this.view.setUint32(at + 1, value);
      this.length += 5;
    } else {
      this.buffer[at] = top | 27;
      this.view.setUint32(at + 1, Math.floor(value / TWO_POW_32));
      this.view.setUint32(at + 5, value % TWO_POW_32);
      this.length += 9;
    }
    return this;
  }

  uint(value: number | bigint): this {
    return this.head(MAJOR_UNSIGNED, value);
  }

  /** Signed integer (major 0 or 1). */
  int(value: number | bigint): this {
    if (typeof value === 'bigint') {
      return value < 0n ? this.head(MAJOR_NEGATIVE, -1n - value) : this.head(MAJOR_UNSIGNED, value);
    }
    return value < 0 ? this.head(MAJOR_NEGATIVE, -1 - value) : this.head(MAJOR_UNSIGNED, value);
  }

  bytes(data: Uint8Array): this {
    this.head(MAJOR_BYTES, data.length);
    this.raw(data);
    return this;
  }

  text(value: string): this {
    // Most protocol strings are ASCII: write those without an intermediate buffer.
    const n = value.length;
    let ascii = true;
    for (let i = 0; i < n; i++) {
      if (value.charCodeAt(i) > 0x7f) {
        ascii = false;
        break;
      }
    }
    if (!ascii) {
      const encoded = UTF8.encode(value);
      this.head(MAJOR_TEXT, encoded.length);
      return this.raw(encoded);
    }
    this.head(MAJOR_TEXT, n);
    this.reserve(n);
    const buffer = this.buffer;
    let at = this.length;
    for (let i = 0; i < n; i++) buffer[at++] = value.charCodeAt(i);
    this.length = at;
    return this;
  }

  /**
   * A byte sequence written the way serde writes `Vec<u8>` / `[u8; N]` without
   * `serde_bytes`: an array of small unsigned integers.
   */
  uintArray(data: Uint8Array): this {
    this.head(MAJOR_ARRAY, data.length);
    for (const byte of data) this.head(MAJOR_UNSIGNED, byte);
    return this;
  }

  arrayHeader(count: number): this {
    return this.head(MAJOR_ARRAY, count);
  }

  mapHeader(count: number): this {
    return this.head(MAJOR_MAP, count);
  }

  bool(value: boolean): this {
    return this.byte(value ? 0xf5 : 0xf4);
  }

  null(): this {
    return this.byte(0xf6);
  }

  /** Shortest exact float (f16, f32 or f64). */
  float(value: number): this {
    const half = exactHalfBits(value);
    if (half !== undefined) {
      this.reserve(3);
      this.buffer[this.length] = 0xf9;
      this.view.setUint16(this.length + 1, half);
      this.length += 3;
    } else if (isExactSingle(value)) {
      this.reserve(5);
      this.buffer[this.length] = 0xfa;
      this.view.setFloat32(this.length + 1, value);
      this.length += 5;
    } else {
      this.reserve(9);
      this.buffer[this.length] = 0xfb;
      this.view.setFloat64(this.length + 1, value);
      this.length += 9;
    }
    return this;
  }

  /** Appends already-encoded CBOR (or any bytes). */
  raw(data: Uint8Array): this {
    this.reserve(data.length);
    this.buffer.set(data, this.length);
    this.length += data.length;
    return this;
  }

  private byte(value: number): this {
    this.reserve(1);
    this.buffer[this.length++] = value;
    return this;
  }

  /** Bytes written so far. */
  get size(): number {
    return this.length;
  }

  /** A copy of the bytes written so far. */
  finish(): Uint8Array {
    return this.buffer.slice(0, this.length);
  }

  /** Forgets what was written; keeps the buffer unless it grew past `maxKeep` bytes. */
  reset(maxKeep: number): void {
    this.length = 0;
    if (this.buffer.length > maxKeep) {
      this.buffer = new Uint8Array(256);
      this.view = new DataView(this.buffer.buffer);
    }
  }
}

// One writer is kept between calls: a fresh one costs two ArrayBuffer
// allocations (buffer and view), and the PoP messages of every verified call
// are encoded here. Nested calls (a `write` that encodes something itself)
// get their own writer, and a buffer that grew for a large warrant is not kept.
const MAX_KEPT_BUFFER = 16 * 1024;
let spare: CborWriter | undefined = new CborWriter();

/** Encodes with a writer of its own and returns a copy of the bytes. */
export function encodeWith(write: (w: CborWriter) => void): Uint8Array {
  const writer = spare ?? new CborWriter();
  spare = undefined;
  try {
    write(writer);
    return writer.finish();
  } finally {
    writer.reset(MAX_KEPT_BUFFER);
    spare = writer;
  }
}
