/**
 * Shortest-exact float encoding, as the reference's CBOR serializer does it: a
 * double is written as half precision if it survives the round trip bit for
 * bit, else single precision if that survives, else double. `100.0` → f9 5640,
 * `0.5` → f9 3800.
 */

const scratch = new DataView(new ArrayBuffer(8));

/** Half-precision bits of `x` if `x` is exactly representable as an IEEE binary16, else undefined. */
export function exactHalfBits(x: number): number | undefined {
  if (Number.isNaN(x)) return 0x7e00;
  scratch.setFloat64(0, x);
  const hi = scratch.getUint32(0);
  const lo = scratch.getUint32(4);
  const sign = (hi >>> 16) & 0x8000;
  const biasedExponent = (hi >>> 20) & 0x7ff;
  const mantissaHi = hi & 0xfffff;
  if (biasedExponent === 0x7ff) return sign | 0x7c00; // ±Infinity (NaN handled above)
  if (biasedExponent === 0 && mantissaHi === 0 && lo === 0) return sign; // ±0
  const exponent = biasedExponent - 1023;
  if (exponent >= -14 && exponent <= 15) {
    // Normal half: only the top 10 of the 52 mantissa bits may be set.
    if (lo !== 0 || (mantissaHi & 0x3ff) !== 0) return undefined;
    return sign | ((exponent + 15) << 10) | (mantissaHi >>> 10);
  }
  if (exponent >= -24 && exponent < -14) {
    // Subnormal half: the magnitude must be an integer multiple of 2^-24.
    const units = Math.abs(x) * 2 ** 24;
    if (!Number.isInteger(units) || units >= 1024) return undefined;
    return sign | units;
  }
  return undefined;
}

/** Value of half-precision bits. */
export function halfToNumber(bits: number): number {
  const sign = bits & 0x8000 ? -1 : 1;
  const exponent = (bits >>> 10) & 0x1f;
  const mantissa = bits & 0x3ff;
  if (exponent === 0) return sign * mantissa * 2 ** -24;
  if (exponent === 0x1f) return mantissa === 0 ? sign * Infinity : NaN;
  return sign * (1 + mantissa / 1024) * 2 ** (exponent - 15);
}

/** True when `x` survives a round trip through binary32. */
export function isExactSingle(x: number): boolean {
  return Number.isNaN(x) || Math.fround(x) === x;
}
