/**
 * The Rust standard-library behaviours the dialect inherits: integer bounds,
 * `i64`/`u64`/`f64` `from_str`, f64 `Display`, the f64 → i64 `as` cast and
 * UTF-8 lengths (Rust strings are UTF-8; `size('é') == 2`).
 */

export const I64_MIN = -(2n ** 63n);
export const I64_MAX = 2n ** 63n - 1n;
export const U64_MAX = 2n ** 64n - 1n;

export const UTF8 = new TextEncoder();

/** `char::is_ascii_digit`. */
export const isDigit = (c: string | undefined): boolean => c !== undefined && c >= '0' && c <= '9';

/** Length of `s` in UTF-8 bytes. */
export function utf8Length(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}

/** Rust `i64::from_str` (optional sign, decimal digits). */
export function parseI64(text: string): bigint | undefined {
  if (!/^[+-]?[0-9]+$/.test(text)) return undefined;
  const v = BigInt(text);
  return v < I64_MIN || v > I64_MAX ? undefined : v;
}

/** Rust `u64::from_str` (optional '+', decimal digits). */
export function parseU64(text: string): bigint | undefined {
  if (!/^\+?[0-9]+$/.test(text)) return undefined;
  const v = BigInt(text);
  return v > U64_MAX ? undefined : v;
}

/** Rust `f64::from_str`. */
export function parseRustF64(text: string): number | undefined {
  if (!/^[+-]?(?:inf|infinity|nan|(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:e[+-]?[0-9]+)?)$/i.test(text)) return undefined;
  const negative = text.startsWith('-');
  const body = text.replace(/^[+-]/, '').toLowerCase();
  if (body === 'inf' || body === 'infinity') return negative ? -Infinity : Infinity;
  if (body === 'nan') return NaN;
  return Number(text);
}

/** Rust `{}` Display of f64: shortest round-trip digits, never an exponent. */
export function rustFloatString(x: number): string {
  if (Number.isNaN(x)) return 'NaN';
  if (x === Infinity) return 'inf';
  if (x === -Infinity) return '-inf';
  if (x === 0) return Object.is(x, -0) ? '-0' : '0';
  const m = /^(\d+)(?:\.(\d+))?(?:e([+-]\d+))?$/.exec(String(Math.abs(x))) as RegExpExecArray;
  const frac = m[2] ?? '';
  // value = digits × 10^exp
  let digits = ((m[1] as string) + frac).replace(/^0+/, '');
  let exp = Number(m[3] ?? 0) - frac.length;
  const trimmed = digits.replace(/0+$/, '');
  exp += digits.length - trimmed.length;
  digits = trimmed;
  const point = digits.length + exp;
  let out: string;
  if (point <= 0) out = `0.${'0'.repeat(-point)}${digits}`;
  else if (point >= digits.length) out = digits + '0'.repeat(point - digits.length);
  else out = `${digits.slice(0, point)}.${digits.slice(point)}`;
  return (x < 0 ? '-' : '') + out;
}

/** f64 → i64 `as` cast (truncating, saturating, NaN → 0). */
export function f64ToI64(x: number): bigint {
  if (Number.isNaN(x)) return 0n;
  if (x >= 9223372036854775807) return I64_MAX;
  if (x <= -9223372036854775808) return I64_MIN;
  return BigInt(Math.trunc(x));
}
