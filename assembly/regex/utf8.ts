// UTF-8 helpers of the regex engine. Patterns and subjects are Rust `&str`s
// in the reference, so both must be well-formed UTF-8; everything after
// utf8Ok() may assume it.

/** True when [p, p + len) is well-formed UTF-8 (no overlongs, surrogates or values above U+10FFFF). */
export function utf8Ok(p: usize, len: usize): bool {
  let i: usize = 0;
  while (i < len) {
    while (i + 8 <= len && (load<u64>(p + i) & 0x8080808080808080) == 0) i += 8;
    if (i >= len) break;
    const b0 = <u32>load<u8>(p + i);
    if (b0 < 0x80) {
      i++;
      continue;
    }
    if (b0 < 0xc2) return false;
    if (b0 < 0xe0) {
      if (i + 1 >= len || (<u32>load<u8>(p + i + 1) & 0xc0) != 0x80) return false;
      i += 2;
      continue;
    }
    if (b0 < 0xf0) {
      if (i + 2 >= len) return false;
      const b1 = <u32>load<u8>(p + i + 1);
      const lo: u32 = b0 == 0xe0 ? 0xa0 : 0x80;
      const hi: u32 = b0 == 0xed ? 0x9f : 0xbf;
      if (b1 < lo || b1 > hi || (<u32>load<u8>(p + i + 2) & 0xc0) != 0x80) return false;
      i += 3;
      continue;
    }
    if (b0 < 0xf5) {
      if (i + 3 >= len) return false;
      const b1 = <u32>load<u8>(p + i + 1);
      const lo: u32 = b0 == 0xf0 ? 0x90 : 0x80;
      const hi: u32 = b0 == 0xf4 ? 0x8f : 0xbf;
      if (b1 < lo || b1 > hi) return false;
      if ((<u32>load<u8>(p + i + 2) & 0xc0) != 0x80 || (<u32>load<u8>(p + i + 3) & 0xc0) != 0x80) return false;
      i += 4;
      continue;
    }
    return false;
  }
  return true;
}

/** Length of the sequence whose lead byte is b0 (valid UTF-8 only). */
// @ts-ignore: decorator
@inline
export function utf8Len(b0: u32): i32 {
  return b0 < 0x80 ? 1 : b0 < 0xe0 ? 2 : b0 < 0xf0 ? 3 : 4;
}

/** Number of bytes needed to encode scalar c. */
// @ts-ignore: decorator
@inline
export function cpLen(c: u32): i32 {
  return c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4;
}

/** The scalar starting at p (valid UTF-8 only). */
// @ts-ignore: decorator
@inline
export function utf8At(p: usize): u32 {
  const b0 = <u32>load<u8>(p);
  if (b0 < 0x80) return b0;
  if (b0 < 0xe0) return ((b0 & 0x1f) << 6) | (<u32>load<u8>(p + 1) & 0x3f);
  if (b0 < 0xf0) return ((b0 & 0x0f) << 12) | ((<u32>load<u8>(p + 1) & 0x3f) << 6) | (<u32>load<u8>(p + 2) & 0x3f);
  return (
    ((b0 & 0x07) << 18) |
    ((<u32>load<u8>(p + 1) & 0x3f) << 12) |
    ((<u32>load<u8>(p + 2) & 0x3f) << 6) |
    (<u32>load<u8>(p + 3) & 0x3f)
  );
}
