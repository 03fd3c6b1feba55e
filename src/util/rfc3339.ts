/**
 * RFC 3339 timestamps as the reference's chrono (de)serializes `DateTime<Utc>`:
 * written in UTC with `Z` and 0, 3, 6 or 9 fraction digits (the fewest that
 * keep the value); read with any offset and up to 9 fraction digits.
 */
import { ErrorCode, TenuoError } from '../errors.js';

export interface Instant {
  /** Unix seconds (may be negative). */
  seconds: number;
  /** 0 … 999 999 999. */
  nanos: number;
}

const pad = (n: number, width: number) => String(n).padStart(width, '0');

export function formatRfc3339(t: Instant): string {
  const date = new Date(t.seconds * 1000);
  if (Number.isNaN(date.getTime()) || date.getUTCFullYear() < 0 || date.getUTCFullYear() > 9999) {
    throw new TenuoError(ErrorCode.InvalidPayloadStructure, 'timestamp outside years 0000–9999');
  }
  const base =
    `${pad(date.getUTCFullYear(), 4)}-${pad(date.getUTCMonth() + 1, 2)}-${pad(date.getUTCDate(), 2)}` +
    `T${pad(date.getUTCHours(), 2)}:${pad(date.getUTCMinutes(), 2)}:${pad(date.getUTCSeconds(), 2)}`;
  let fraction = '';
  if (t.nanos !== 0) {
    if (t.nanos % 1_000_000 === 0) fraction = `.${pad(t.nanos / 1_000_000, 3)}`;
    else if (t.nanos % 1000 === 0) fraction = `.${pad(t.nanos / 1000, 6)}`;
    else fraction = `.${pad(t.nanos, 9)}`;
  }
  return `${base}${fraction}Z`;
}

const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(?:([Zz])|([+-])(\d{2}):(\d{2}))$/;

export function parseRfc3339(text: string): Instant {
  const m = RFC3339.exec(text);
  if (!m) throw new TenuoError(ErrorCode.InvalidPayloadStructure, `invalid RFC 3339 timestamp "${text}"`);
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number) as [number, number, number, number, number, number];
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 60) {
    throw new TenuoError(ErrorCode.InvalidPayloadStructure, `invalid RFC 3339 timestamp "${text}"`);
  }
  const ms = Date.UTC(year, month - 1, day, hour, minute, second);
  const check = new Date(ms);
  if (check.getUTCDate() !== day) throw new TenuoError(ErrorCode.InvalidPayloadStructure, `invalid calendar date in "${text}"`);
  let seconds = ms / 1000;
  if (m[9]) {
    const offset = (Number(m[10]) * 60 + Number(m[11])) * 60;
    seconds -= m[9] === '+' ? offset : -offset;
  }
  const nanos = m[7] ? Number(m[7].padEnd(9, '0')) : 0;
  return { seconds, nanos };
}
