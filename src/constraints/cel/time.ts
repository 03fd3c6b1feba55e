/**
 * Timestamps and durations with chrono 0.4.45 semantics (proleptic
 * Gregorian calendar, years -262143 … 262142, RFC 3339 parsing and
 * formatting) and cel-interpreter 0.10.0's Go-style duration text.
 */
import { fault } from './fault.js';
import { f64ToI64, I64_MAX, I64_MIN, isDigit, parseRustF64 } from './rust.js';
import { CelDuration, CelTimestamp, DURATION_MAX_NS, NS_PER_SEC } from './values.js';

function floorDiv(a: number, b: number): number {
  return Math.floor(a / b);
}

/** Days since 1970-01-01 of the proleptic Gregorian date y-m-d (m 1-12). */
export function daysFromCivil(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = floorDiv(yy, 400);
  const yoe = yy - era * 400;
  const mp = (m + 9) % 12;
  const doy = floorDiv(153 * mp + 2, 5) + d - 1;
  const doe = yoe * 365 + floorDiv(yoe, 4) - floorDiv(yoe, 100) + doy;
  return era * 146097 + doe - 719468;
}

/** Inverse of daysFromCivil: [year, month 1-12, day]. */
function civilFromDays(days: number): [number, number, number] {
  const z = days + 719468;
  const era = floorDiv(z, 146097);
  const doe = z - era * 146097;
  const yoe = floorDiv(doe - floorDiv(doe, 1460) + floorDiv(doe, 36524) - floorDiv(doe, 146096), 365);
  const doy = doe - (365 * yoe + floorDiv(yoe, 4) - floorDiv(yoe, 100));
  const mp = floorDiv(5 * doy + 2, 153);
  const d = doy - floorDiv(153 * mp + 2, 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return [yoe + era * 400 + (month <= 2 ? 1 : 0), month, d];
}

function daysInMonth(y: number, m: number): number {
  if (m === 2) return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28;
  return [4, 6, 9, 11].includes(m) ? 30 : 31;
}

const NS_PER_DAY = 86_400n * NS_PER_SEC;
/** chrono NaiveDateTime::MIN / MAX (years -262143 … 262142). */
const TIMESTAMP_MIN_NS = BigInt(daysFromCivil(-262143, 1, 1)) * NS_PER_DAY;
const TIMESTAMP_MAX_NS = BigInt(daysFromCivil(262142, 12, 31) + 1) * NS_PER_DAY - 1n;

export function shiftTimestamp(t: CelTimestamp, ns: bigint, op: string): CelTimestamp {
  const r = t.ns + ns;
  if (r < TIMESTAMP_MIN_NS || r > TIMESTAMP_MAX_NS) fault(`overflow from binary operator '${op}'`);
  return new CelTimestamp(r, t.offset);
}

/**
 * chrono `DateTime::parse_from_rfc3339`: `YYYY-MM-DD` `T`/`t`/space
 * `hh:mm:ss[.fraction]` then `Z`/`z` or `±hh:mm` (also U+2212); second 60 is a
 * leap second (kept here as the following second); fraction digits past the
 * ninth are ignored; nothing may follow.
 */
export function parseRfc3339(s: string): CelTimestamp | undefined {
  if (s.length < 19) return undefined;
  const dig = (k: number): number => {
    const c = s.charCodeAt(k) - 48;
    return c >= 0 && c <= 9 ? c : NaN;
  };
  const two = (k: number) => dig(k) * 10 + dig(k + 1);
  const year = dig(0) * 1000 + dig(1) * 100 + dig(2) * 10 + dig(3);
  const month = two(5);
  const day = two(8);
  const hour = two(11);
  const minute = two(14);
  let second = two(17);
  if ([year, month, day, hour, minute, second].some(Number.isNaN)) return undefined;
  if (s[4] !== '-' || s[7] !== '-' || !'tT '.includes(s[10] as string) || s[13] !== ':' || s[16] !== ':') return undefined;
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
  let nano = 0;
  if (second === 60) {
    second = 59;
    nano = 1_000_000_000;
  }
  let k = 19;
  if (s[19] === '.') {
    k = 20;
    let digits = '';
    while (digits.length < 9 && isDigit(s[k])) digits += s[k++];
    if (digits.length === 0) return undefined;
    nano += Number(digits.padEnd(9, '0'));
    while (isDigit(s[k])) k++;
  }
  if (hour >= 24 || minute >= 60 || second >= 60 || (nano >= 1_000_000_000 && second !== 59) || nano >= 2_000_000_000) return undefined;
  let offset: number;
  const z = s[k];
  if (z === 'Z' || z === 'z') {
    offset = 0;
    k++;
  } else if (z === '+' || z === '-' || z === '\u2212') {
    const oh = two(k + 1);
    if (Number.isNaN(oh) || s[k + 3] !== ':') return undefined;
    const m1 = s.charCodeAt(k + 4) - 48;
    const m2 = s.charCodeAt(k + 5) - 48;
    if (!(m1 >= 0 && m1 <= 5 && m2 >= 0 && m2 <= 9)) return undefined;
    offset = (oh * 3600 + (m1 * 10 + m2) * 60) * (z === '+' ? 1 : -1);
    k += 6;
  } else {
    return undefined;
  }
  if (k !== s.length || Math.abs(offset) >= 86_400) return undefined;
  const localSeconds = BigInt(daysFromCivil(year, month, day)) * 86_400n + BigInt(hour * 3600 + minute * 60 + second);
  return new CelTimestamp((localSeconds - BigInt(offset)) * NS_PER_SEC + BigInt(nano), offset);
}

export interface LocalTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  nano: number;
  /** Days since 1970-01-01 (local). */
  days: number;
}

export function localTime(t: CelTimestamp): LocalTime {
  const local = t.ns + BigInt(t.offset) * NS_PER_SEC;
  let days = local / NS_PER_DAY;
  let within = local % NS_PER_DAY;
  if (within < 0n) {
    within += NS_PER_DAY;
    days -= 1n;
  }
  const [year, month, day] = civilFromDays(Number(days));
  const secs = Number(within / NS_PER_SEC);
  return {
    year,
    month,
    day,
    hour: Math.floor(secs / 3600),
    minute: Math.floor((secs % 3600) / 60),
    second: secs % 60,
    nano: Number(within % NS_PER_SEC),
    days: Number(days),
  };
}

const pad = (n: number, width: number) => String(n).padStart(width, '0');

/** chrono `to_rfc3339` (AutoSi fraction, `±hh:mm` offset, never `Z`). */
export function formatRfc3339(t: CelTimestamp): string {
  const l = localTime(t);
  const year = l.year >= 0 && l.year <= 9999 ? pad(l.year, 4) : `${l.year < 0 ? '-' : '+'}${pad(Math.abs(l.year), 4)}`;
  let frac = '';
  if (l.nano !== 0) {
    if (l.nano % 1_000_000 === 0) frac = `.${pad(l.nano / 1_000_000, 3)}`;
    else if (l.nano % 1000 === 0) frac = `.${pad(l.nano / 1000, 6)}`;
    else frac = `.${pad(l.nano, 9)}`;
  }
  const off = Math.abs(t.offset);
  const offText = `${t.offset < 0 ? '-' : '+'}${pad(Math.floor(off / 3600), 2)}:${pad(Math.floor((off % 3600) / 60), 2)}`;
  return `${year}-${pad(l.month, 2)}-${pad(l.day, 2)}T${pad(l.hour, 2)}:${pad(l.minute, 2)}:${pad(l.second, 2)}${frac}${offText}`;
}

type NomNumber = { value: number; end: number } | 'error' | 'failure';

/** nom 7.1.3 `double` (recognize_float_or_exceptions, then Rust f64 parsing). */
function nomDouble(s: string, i: number): NomNumber {
  let j = i;
  if (s[j] === '+' || s[j] === '-') j++;
  let ok = false;
  if (isDigit(s[j])) {
    while (isDigit(s[j])) j++;
    if (s[j] === '.') {
      j++;
      while (isDigit(s[j])) j++;
    }
    ok = true;
  } else if (s[j] === '.' && isDigit(s[j + 1])) {
    j++;
    while (isDigit(s[j])) j++;
    ok = true;
  }
  if (ok) {
    if (s[j] === 'e' || s[j] === 'E') {
      let k = j + 1;
      if (s[k] === '+' || s[k] === '-') k++;
      if (!isDigit(s[k])) return 'failure';
      while (isDigit(s[k])) k++;
      j = k;
    }
    return { value: parseRustF64(s.slice(i, j)) as number, end: j };
  }
  const head = s.slice(i, i + 3).toLowerCase();
  if (head === 'nan') return { value: NaN, end: i + 3 };
  if (head === 'inf') return { value: Infinity, end: i + 3 };
  return 'error';
}

const DURATION_UNITS: ReadonlyArray<readonly [string, number]> = [
  ['ms', 1e6],
  ['us', 1e3],
  ['ns', 1],
  ['h', 3600e9],
  ['m', 60e9],
  ['s', 1e9],
];

/** cel-interpreter `parse_duration` (Go-like `1h30m`, `-1.5s`, `0`; trailing text ignored). */
export function parseDuration(input: string): bigint | undefined {
  let i = 0;
  let negative = false;
  if (input[0] === '-') {
    negative = true;
    i = 1;
  }
  if (input.slice(i) === '0') return 0n;
  let total = 0n;
  let terms = 0;
  for (;;) {
    const n = nomDouble(input, i);
    if (n === 'failure') return undefined;
    if (n === 'error') break;
    const unit = DURATION_UNITS.find(([text]) => input.startsWith(text, n.end));
    if (!unit) break;
    total += f64ToI64(n.value * unit[1]);
    if (total < -DURATION_MAX_NS || total > DURATION_MAX_NS) return undefined;
    terms++;
    i = n.end + unit[0].length;
  }
  if (terms === 0) return undefined;
  return negative ? -total : total;
}

/** cel-interpreter `format_duration` (Go style), including its u64 reinterpretation of negatives. */
export function formatDuration(d: CelDuration): string {
  const SECOND = NS_PER_SEC;
  let negative: boolean;
  let u: bigint;
  if (d.ns >= I64_MIN && d.ns <= I64_MAX) {
    negative = d.ns < 0n;
    u = BigInt.asUintN(64, d.ns);
  } else {
    const s = d.ns / NS_PER_SEC;
    negative = s < 0n;
    u = BigInt.asUintN(64, BigInt.asUintN(64, s) * SECOND);
  }
  const fraction = (v: bigint, prec: number): [string, bigint] => {
    let text = '';
    let print = false;
    for (let k = 0; k < prec; k++) {
      const digit = v % 10n;
      print ||= digit !== 0n;
      if (print) text = digit.toString() + text;
      v /= 10n;
    }
    return [print ? `.${text}` : '', v];
  };
  let out: string;
  if (u < SECOND) {
    if (u === 0n) return '0s';
    const [prec, unit] = u < 1000n ? [0, 'ns'] : u < 1_000_000n ? [3, '\u00b5s'] : [6, 'ms'];
    const [frac, whole] = fraction(u, prec);
    out = `${whole}${frac}${unit}`;
  } else {
    const [frac, whole] = fraction(u, 9);
    out = `${whole % 60n}${frac}s`;
    let rest = whole / 60n;
    if (rest > 0n) {
      out = `${rest % 60n}m${out}`;
      rest /= 60n;
      if (rest > 0n) out = `${rest}h${out}`;
    }
  }
  return negative ? `-${out}` : out;
}
