/**
 * Strict CBOR reader used to decode the protocol's structures.
 *
 * It accepts only the deterministic encoding the reference's serializer emits:
 * definite lengths, minimal heads, shortest exact floats, no tags, valid UTF-8.
 * Anything else is a `MalformedCBOR` TenuoError (the reference is laxer here:
 * see the README's "Differences from the reference"). Structure-level rules
 * (key order, duplicates, required fields) belong to the decoders built on it.
 */
import { ErrorCode, TenuoError } from '../errors.js';
import { exactHalfBits, halfToNumber, isExactSingle } from './float.js';
import { MAJOR_ARRAY, MAJOR_BYTES, MAJOR_MAP, MAJOR_NEGATIVE, MAJOR_SIMPLE, MAJOR_TAG, MAJOR_TEXT, MAJOR_UNSIGNED } from './writer.js';

const UTF8 = new TextDecoder('utf-8', { fatal: true });
const MAJOR_NAMES = ['unsigned integer', 'negative integer', 'byte string', 'text string', 'array', 'map', 'tag', 'simple/float'];

/** Items nested deeper than this are refused before any recursion can hurt. */
export const MAX_NESTING = 128;

export interface Head {
  major: number;
  info: number;
  /** Argument; a bigint only when it exceeds Number.MAX_SAFE_INTEGER. */
  value: number | bigint;
}

export function malformed(message: string): never {
  throw new TenuoError(ErrorCode.MalformedCBOR, `malformed CBOR: ${message}`);
}

export class CborReader {
  pos: number;
  readonly end: number;
  private readonly view: DataView;

  constructor(readonly bytes: Uint8Array, start = 0, end = bytes.length) {
    this.pos = start;
    this.end = end;
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  get atEnd(): boolean {
    return this.pos >= this.end;
  }

  private need(count: number): void {
    if (this.end - this.pos < count) malformed(`truncated input at offset ${this.pos}`);
  }

  /** Major type of the next item without consuming it. */
  peekMajor(): number {
    this.need(1);
    return (this.bytes[this.pos] as number) >>> 5;
  }

  peekByte(): number {
    this.need(1);
    return this.bytes[this.pos] as number;
  }

  /** Reads a head, enforcing definite lengths and minimal argument encoding. */
  head(): Head {
    this.need(1);
    const start = this.pos;
    const initial = this.bytes[this.pos++] as number;
    const major = initial >>> 5;
    const info = initial & 0x1f;
    if (major === MAJOR_TAG) malformed(`tags are not allowed (offset ${start})`);
    if (major === MAJOR_SIMPLE) return { major, info, value: info };
    if (info < 24) return { major, info, value: info };
    let value: number | bigint;
    switch (info) {
      case 24:
        this.need(1);
        value = this.bytes[this.pos] as number;
        this.pos += 1;
        if (value < 24) malformed(`non-minimal head at offset ${start}`);
        break;
      case 25:
        this.need(2);
        value = this.view.getUint16(this.pos);
        this.pos += 2;
        if (value < 0x100) malformed(`non-minimal head at offset ${start}`);
        break;
      case 26:
        this.need(4);
        value = this.view.getUint32(this.pos);
        this.pos += 4;
        if (value < 0x10000) malformed(`non-minimal head at offset ${start}`);
        break;
      case 27: {
        this.need(8);
        const big = this.view.getBigUint64(this.pos);
        this.pos += 8;
        if (big < 0x100000000n) malformed(`non-minimal head at offset ${start}`);
        value = big <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(big) : big;
        break;
      }
      case 31:
        return malformed(`indefinite-length items are not allowed (offset ${start})`);
      default:
        return malformed(`reserved additional information ${info} at offset ${start}`);
    }
    return { major, info, value };
  }

  private expect(major: number, what: string): Head {
    const start = this.pos;
    const h = this.head();
    if (h.major !== major) {
      malformed(`expected ${what} at offset ${start}, found ${MAJOR_NAMES[h.major]}`);
    }
    return h;
  }

  private length(h: Head): number {
    if (typeof h.value === 'bigint' || h.value > this.end - this.pos) {
      malformed(`length ${h.value} exceeds the remaining input`);
    }
    return h.value;
  }

  /** Unsigned integer, at most `max`. */
  uint(max: number, what = 'unsigned integer'): number {
    const start = this.pos;
    const h = this.expect(MAJOR_UNSIGNED, what);
    if (typeof h.value === 'bigint' || h.value > max) malformed(`${what} at offset ${start} exceeds ${max}`);
    return h.value;
  }

  /** Unsigned 64-bit integer as bigint. */
  u64(what = 'unsigned integer'): bigint {
    const h = this.expect(MAJOR_UNSIGNED, what);
    return BigInt(h.value);
  }

  /** Any integer (major 0 or 1) as bigint, full CBOR range (−2^64 … 2^64−1). */
  integer(what = 'integer'): bigint {
    const start = this.pos;
    const h = this.head();
    if (h.major === MAJOR_UNSIGNED) return BigInt(h.value);
    if (h.major === MAJOR_NEGATIVE) return -1n - BigInt(h.value);
    return malformed(`expected ${what} at offset ${start}, found ${MAJOR_NAMES[h.major]}`);
  }

  bytesItem(what = 'byte string'): Uint8Array {
    const h = this.expect(MAJOR_BYTES, what);
    const len = this.length(h);
    const out = this.bytes.subarray(this.pos, this.pos + len);
    this.pos += len;
    return out;
  }

  text(what = 'text string'): string {
    const start = this.pos;
    const h = this.expect(MAJOR_TEXT, what);
    const len = this.length(h);
    const raw = this.bytes.subarray(this.pos, this.pos + len);
    this.pos += len;
    try {
      return UTF8.decode(raw);
    } catch {
      return malformed(`invalid UTF-8 in ${what} at offset ${start}`);
    }
  }

  arrayHeader(what = 'array'): number {
    const h = this.expect(MAJOR_ARRAY, what);
    // Every element takes at least one byte, so a count beyond the input is a lie.
    return this.length(h);
  }

  mapHeader(what = 'map'): number {
    const h = this.expect(MAJOR_MAP, what);
    const count = this.length(h);
    if (count * 2 > this.end - this.pos) malformed(`map of ${count} entries exceeds the remaining input`);
    return count;
  }

  bool(what = 'boolean'): boolean {
    const b = this.peekByte();
    if (b === 0xf5 || b === 0xf4) {
      this.pos++;
      return b === 0xf5;
    }
    return malformed(`expected ${what} at offset ${this.pos}`);
  }

  /** Consumes a `null` if one is next. */
  nullIfPresent(): boolean {
    if (this.peekByte() === 0xf6) {
      this.pos++;
      return true;
    }
    return false;
  }

  isFloatNext(): boolean {
    const b = this.peekByte();
    return b === 0xf9 || b === 0xfa || b === 0xfb;
  }

  /** A float of any width, which must be the shortest exact encoding of its value. */
  float(what = 'float'): number {
    const start = this.pos;
    const b = this.peekByte();
    let value: number;
    if (b === 0xf9) {
      this.need(3);
      const bits = this.view.getUint16(this.pos + 1);
      // Every NaN is written as f9 7e00; other NaN payloads are not canonical.
      if ((bits & 0x7c00) === 0x7c00 && (bits & 0x3ff) !== 0 && bits !== 0x7e00) malformed(`non-canonical NaN at offset ${start}`);
      value = halfToNumber(bits);
      this.pos += 3;
      return value;
    } else if (b === 0xfa) {
      this.need(5);
      value = this.view.getFloat32(this.pos + 1);
      this.pos += 5;
      if (exactHalfBits(value) !== undefined) malformed(`non-shortest float at offset ${start}`);
    } else if (b === 0xfb) {
      this.need(9);
      value = this.view.getFloat64(this.pos + 1);
      this.pos += 9;
      if (exactHalfBits(value) !== undefined || isExactSingle(value)) malformed(`non-shortest float at offset ${start}`);
    } else {
      return malformed(`expected ${what} at offset ${start}`);
    }
    return value;
  }

  /**
   * Skips one complete item without recursion. Used for tolerated unknown
   * struct fields; nesting is bounded by MAX_NESTING.
   */
  skip(): void {
    let pending = 1;
    const stack: number[] = [];
    while (pending > 0 || stack.length > 0) {
      if (pending === 0) {
        pending = stack.pop() as number;
        continue;
      }
      pending--;
      const start = this.pos;
      const h = this.head();
      switch (h.major) {
        case MAJOR_UNSIGNED:
        case MAJOR_NEGATIVE:
          break;
        case MAJOR_BYTES:
        case MAJOR_TEXT: {
          const len = this.length(h);
          if (h.major === MAJOR_TEXT) {
            this.pos = start;
            this.text();
          } else {
            this.pos += len;
          }
          break;
        }
        case MAJOR_ARRAY:
        case MAJOR_MAP: {
          const count = this.length(h) * (h.major === MAJOR_MAP ? 2 : 1);
          if (count > this.end - this.pos) malformed(`container at offset ${start} exceeds the remaining input`);
          if (stack.length >= MAX_NESTING) malformed(`nesting deeper than ${MAX_NESTING}`);
          stack.push(pending);
          pending = count;
          break;
        }
        default: {
          // Simple values and floats.
          if (h.info === 25 || h.info === 26 || h.info === 27) {
            this.pos = start;
            this.float();
          } else if (h.info === 24) {
            malformed(`unsupported simple value at offset ${start}`);
          } else if (h.info < 20 || h.info > 23) {
            malformed(`unsupported simple value ${h.info} at offset ${start}`);
          }
        }
      }
    }
  }

  /** Returns the raw bytes of the next item and advances past it. */
  rawItem(): Uint8Array {
    const start = this.pos;
    this.skip();
    return this.bytes.subarray(start, this.pos);
  }

  /** Requires that every byte has been consumed. */
  finish(what: string): void {
    if (this.pos !== this.end) malformed(`${this.end - this.pos} trailing byte(s) after ${what}`);
  }
}
