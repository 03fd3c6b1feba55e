// Strict UTF-8 helpers for the glob matcher. Patterns and subjects are Rust
// `&str`s in the reference, so both are sequences of Unicode scalar values;
// the matcher works on whole code points, never on bytes.
//
// utf8Valid() is the only function that looks at untrusted bytes without
// assuming well-formedness; the decoders below may only be used on a range
// that utf8Valid() accepted.

/**
 * True when [ptr, ptr + len) is well-formed UTF-8 in the sense of Rust's
 * `str::from_utf8` / WHATWG: no overlong forms, no surrogates, nothing above
 * U+10FFFF, no truncated sequence.
 */
export function utf8Valid(ptr: usize, len: usize): bool {
  let i: usize = 0;
  while (i < len) {
    // ASCII fast path, eight bytes at a time.
    while (i + 8 <= len && (load<u64>(ptr + i) & 0x8080808080808080) == 0) i += 8;
    if (i >= len) break;
    const b0 = <u32>load<u8>(ptr + i);
    if (b0 < 0x80) {
      i++;
      continue;
    }
    if (b0 < 0xc2) return false; // continuation byte or overlong 2-byte lead
    if (b0 < 0xe0) {
      if (i + 1 >= len) return false;
      if ((<u32>load<u8>(ptr + i + 1) & 0xc0) != 0x80) return false;
      i += 2;
      continue;
    }
    if (b0 < 0xf0) {
      if (i + 2 >= len) return false;
      const b1 = <u32>load<u8>(ptr + i + 1);
      const lo: u32 = b0 == 0xe0 ? 0xa0 : 0x80; // overlong
      const hi: u32 = b0 == 0xed ? 0x9f : 0xbf; // surrogates
      if (b1 < lo || b1 > hi) return false;
      if ((<u32>load<u8>(ptr + i + 2) & 0xc0) != 0x80) return false;
      i += 3;
      continue;
    }
    if (b0 < 0xf5) {
      if (i + 3 >= len) return false;
      const b1 = <u32>load<u8>(ptr + i + 1);
      const lo: u32 = b0 == 0xf0 ? 0x90 : 0x80; // overlong
      const hi: u32 = b0 == 0xf4 ? 0x8f : 0xbf; // above U+10FFFF
      if (b1 < lo || b1 > hi) return false;
      if ((<u32>load<u8>(ptr + i + 2) & 0xc0) != 0x80) return false;
      if ((<u32>load<u8>(ptr + i + 3) & 0xc0) != 0x80) return false;
      i += 4;
      continue;
    }
    return false;
  }
  return true;
}

/** Length in bytes of the (valid) sequence whose lead byte is `b0`. */
// @ts-ignore: decorator
@inline
export function seqLen(b0: u32): usize {
  return b0 < 0x80 ? 1 : b0 < 0xe0 ? 2 : b0 < 0xf0 ? 3 : 4;
}

/** The code point starting at `p` (which must start a valid sequence). */
// @ts-ignore: decorator
@inline
export function decodeAt(p: usize): u32 {
  const b0 = <u32>load<u8>(p);
  if (b0 < 0x80) return b0;
  if (b0 < 0xe0) return ((b0 & 0x1f) << 6) | (<u32>load<u8>(p + 1) & 0x3f);
  if (b0 < 0xf0) {
    return ((b0 & 0x0f) << 12) | ((<u32>load<u8>(p + 1) & 0x3f) << 6) | (<u32>load<u8>(p + 2) & 0x3f);
  }
  return (
    ((b0 & 0x07) << 18) |
    ((<u32>load<u8>(p + 1) & 0x3f) << 12) |
    ((<u32>load<u8>(p + 2) & 0x3f) << 6) |
    (<u32>load<u8>(p + 3) & 0x3f)
  );
}
