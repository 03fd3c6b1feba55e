/**
 * UrlSafe (wire type 18): SSRF checks and attenuation.
 *
 * `isUrlSafe` runs the reference's checks in the reference's order; every
 * failure is `false`, never an error:
 *  1. NUL anywhere → unsafe.
 *  2. WHATWG parse (this already canonicalises decimal/hex/octal/short IPv4
 *     hosts of special schemes, percent-decodes and punycodes domains).
 *  3. scheme must be listed (case-insensitive).
 *  4. a non-empty host is required.
 *  5. the host is percent-decoded once more (bytes become Latin-1 characters)
 *     and lower-cased.
 *  6. allow_ports: explicit port, else the known default (http/ws 80,
 *     https/wss 443, ftp 21); schemes without a known default skip the check.
 *  7. block_loopback: `localhost`, `localhost.localdomain`.
 *  8. block_internal_tlds: host equal to or ending in one of the internal TLDs.
 *  9. block_metadata: exact metadata host names / addresses.
 * 10. IP hosts → block_* address checks (allow_domains does not apply);
 *     other hosts → four all-digit labels with a leading zero are refused,
 *     then allow_domains.
 * 11. deny_domains, for IP and name hosts alike (deny wins over allow).
 *
 * Attenuation failures are the reference's `MonotonicityViolation`
 * (InvalidAttenuation, 1502); an Exact child that is not safe is `UrlNotSafe`
 * (ConstraintViolation, 1501).
 */
import { ErrorCode, TenuoError } from '../errors.js';
import type { ConstraintValue } from '../model/value.js';
import type { Constraint } from './base.js';
import { type IpAddress, parseIpAddress } from './ip.js';
import { Exact, UrlSafe, Wildcard } from './types.js';
import { parseUrlParts } from './url-parts.js';

const METADATA_HOSTS = ['169.254.169.254', 'metadata.google.internal', 'metadata.goog', '100.100.100.200'];
const INTERNAL_TLDS = ['internal', 'local', 'localhost', 'lan', 'corp', 'home', 'svc', 'default'];
const KNOWN_DEFAULT_PORTS: ReadonlyMap<string, number> = new Map([
  ['http', 80],
  ['ws', 80],
  ['https', 443],
  ['wss', 443],
  ['ftp', 21],
]);

/** One pass of `%XX` decoding as the reference does it (see the note on `take2`). */
function percentDecodeHost(host: string): string {
  const chars = Array.from(host);
  let out = '';
  for (let i = 0; i < chars.length; i++) {
    const ch = chars[i] as string;
    if (ch !== '%') {
      out += ch;
      continue;
    }
    // Up to two following characters are consumed whatever they are. They
    // decode when they are two hex digits, or `+` and one hex digit (Rust's
    // unsigned `from_str_radix` accepts a leading `+`); the byte becomes the
    // character of the same number. Otherwise they are kept as they were.
    const take2 = chars.slice(i + 1, i + 3).join('');
    i += Math.min(2, chars.length - i - 1);
    if (/^(?:[0-9A-Fa-f]{2}|\+[0-9A-Fa-f])$/.test(take2)) out += String.fromCharCode(parseInt(take2, 16));
    else out += `%${take2}`;
  }
  return out;
}

/** Rust `u32::from_str` / `from_str_radix` for unsigned: optional `+`, digits of the radix, no overflow. */
function parseU32(text: string, radix: 10 | 16): number | undefined {
  const digits = radix === 10 ? /^\+?([0-9]+)$/.exec(text) : /^\+?([0-9A-Fa-f]+)$/.exec(text);
  if (!digits) return undefined;
  const n = Number(radix === 10 ? BigInt(digits[1] as string) : BigInt(`0x${digits[1] as string}`));
  return n <= 0xffffffff ? n : undefined;
}

function v4FromU32(n: number): IpAddress {
  return { version: 4, bytes: new Uint8Array([(n >>> 24) & 0xff, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff]) };
}

const ALL_DIGITS = /^[0-9]*$/;

/** The reference's lenient reading of a host as an IP address (undefined = treat as a name). */
function hostAddress(rawHost: string): IpAddress | undefined {
  const host = rawHost.replace(/^\[+/, '').replace(/\]+$/, '');
  const std = parseIpAddress(host);
  if (std) return std;
  // Only ASCII digits: one 32-bit number (e.g. 2130706433).
  if (ALL_DIGITS.test(host)) {
    const n = parseU32(host, 10);
    if (n !== undefined) return v4FromU32(n);
  }
  if (host.toLowerCase().startsWith('0x')) {
    const n = parseU32(host.slice(2), 16);
    if (n !== undefined) return v4FromU32(n);
  }
  if (host.startsWith('0') && host.includes('.')) {
    const parts = host.split('.');
    if (parts.length === 4 && parts.every((p) => p !== '' && ALL_DIGITS.test(p)) && parts.some((p) => p.length > 1 && p.startsWith('0'))) {
      // Leading zeros: only accepted when octal and decimal readings agree.
      if (!parts.every((p) => /^[0-7]+$/.test(p))) return undefined;
      const octets = new Uint8Array(4);
      let agree = true;
      for (let i = 0; i < 4; i++) {
        const p = parts[i] as string;
        const asOctal = p.length > 1 && p.startsWith('0') ? parseInt(p, 8) : parseInt(p, 10);
        const asDecimal = parseInt(p, 10);
        if (asOctal > 255) return undefined;
        octets[i] = asOctal;
        if (asDecimal !== asOctal) agree = false;
      }
      return agree ? { version: 4, bytes: octets } : undefined;
    }
  }
  return undefined;
}

/** The IPv4 address an IPv6 address stands for (`::ffff:a.b.c.d`, or `::a.b.c.d` other than `::`/`::1`). */
function embeddedV4(ip: IpAddress): IpAddress {
  if (ip.version !== 6) return ip;
  const b = ip.bytes;
  const zeros = (from: number, to: number) => b.subarray(from, to).every((x) => x === 0);
  if (zeros(0, 10) && b[10] === 0xff && b[11] === 0xff) return { version: 4, bytes: b.slice(12) };
  if (zeros(0, 12)) {
    const tailZero = b[12] === 0 && b[13] === 0 && b[14] === 0;
    if (!(tailZero && (b[15] === 0 || b[15] === 1))) return { version: 4, bytes: b.slice(12) };
  }
  return ip;
}

function addressAllowed(c: UrlSafe, raw: IpAddress): boolean {
  const ip = embeddedV4(raw);
  const b = ip.bytes;
  const [b0, b1] = [b[0] as number, b[1] as number];
  if (ip.version === 4) {
    if (c.blockLoopback && b0 === 127) return false;
    if (c.blockPrivate && (b0 === 10 || (b0 === 172 && b1 >= 16 && b1 <= 31) || (b0 === 192 && b1 === 168))) return false;
    if (c.blockReserved && (b0 === 0 || (b0 >= 224 && b0 <= 239) || b.every((x) => x === 255))) return false;
    if (c.blockMetadata && b0 === 169 && b1 === 254) return false;
    return true;
  }
  if (c.blockLoopback && b.subarray(0, 15).every((x) => x === 0) && b[15] === 1) return false;
  if (c.blockPrivate && ((b0 & 0xfe) === 0xfc || (b0 === 0xfe && (b1 & 0xc0) === 0x80))) return false;
  return true;
}

/** Does `host` match one of the entries (`*.x` = ends with `.x` or equals `x`; others exact, lower-cased)? */
function domainListed(host: string, entries: readonly string[]): boolean {
  return entries.some((entry) => {
    const pattern = entry.toLowerCase();
    if (pattern.startsWith('*.')) return host.endsWith(pattern.slice(1)) || host === pattern.slice(2);
    return host === pattern;
  });
}

/** Four all-digit labels with a zero-led one (`010.0.0.1`) could be read as octal or decimal. */
function ambiguousDottedNumber(host: string): boolean {
  const parts = host.split('.');
  return parts.length === 4 && parts.every((p) => p !== '' && ALL_DIGITS.test(p)) && parts.some((p) => p.length > 1 && p.startsWith('0'));
}

/** `UrlSafe::is_safe`. Never throws. */
export function isUrlSafe(c: UrlSafe, text: string): boolean {
  if (text.includes('\0')) return false;
  const url = parseUrlParts(text);
  if (!url) return false;
  const scheme = url.scheme;
  if (!c.schemes.some((s) => s.toLowerCase() === scheme)) return false;
  const rawHost = url.host;
  if (rawHost === null) return false;
  const host = percentDecodeHost(rawHost).toLowerCase();
  if (c.allowPorts !== null) {
    const port = url.port ?? KNOWN_DEFAULT_PORTS.get(scheme);
    if (port !== undefined && !c.allowPorts.includes(port)) return false;
  }
  if (c.blockLoopback && (host === 'localhost' || host === 'localhost.localdomain')) return false;
  if (c.blockInternalTlds && INTERNAL_TLDS.some((tld) => host.endsWith(`.${tld}`) || host === tld)) return false;
  if (c.blockMetadata && METADATA_HOSTS.includes(host)) return false;
  const ip = hostAddress(host);
  if (ip) {
    if (!addressAllowed(c, ip)) return false;
  } else {
    if (ambiguousDottedNumber(host)) return false;
    if (c.allowDomains !== null && !domainListed(host, c.allowDomains)) return false;
  }
  if (c.denyDomains !== null && domainListed(host, c.denyDomains)) return false;
  return true;
}

export function matchesUrlSafe(c: UrlSafe, value: ConstraintValue): boolean {
  return typeof value === 'string' && isUrlSafe(c, value);
}

function monotonicity(reason: string): never {
  throw new TenuoError(ErrorCode.InvalidAttenuation, `UrlSafe attenuation would expand capabilities: ${reason}`);
}

const FLAGS = [
  ['blockPrivate', 'block_private'],
  ['blockLoopback', 'block_loopback'],
  ['blockMetadata', 'block_metadata'],
  ['blockReserved', 'block_reserved'],
  ['blockInternalTlds', 'block_internal_tlds'],
] as const;

function checkUrlSafeChild(p: UrlSafe, c: UrlSafe): void {
  const parentSchemes = p.schemes.map((s) => s.toLowerCase());
  for (const scheme of c.schemes) if (!parentSchemes.includes(scheme.toLowerCase())) monotonicity(`scheme "${scheme}" is not allowed by the parent`);
  for (const [field, name] of FLAGS) if (p[field] && !c[field]) monotonicity(`cannot disable ${name}`);
  if (p.allowPorts !== null) {
    if (c.allowPorts === null) monotonicity('the parent has a port allowlist, the child has none');
    for (const port of c.allowPorts) if (!p.allowPorts.includes(port)) monotonicity(`port ${port} is not in the parent allowlist`);
  }
  if (p.allowDomains !== null) {
    if (c.allowDomains === null) monotonicity('the parent has a domain allowlist, the child has none');
    const parentDomains = p.allowDomains.map((d) => d.toLowerCase());
    for (const domain of c.allowDomains) {
      const cd = domain.toLowerCase();
      // Exact entry, or under a parent `*.x` (the apex `x` itself is not covered here).
      if (!parentDomains.some((pd) => pd === cd || (pd.startsWith('*.') && cd.endsWith(pd.slice(1))))) {
        monotonicity(`domain "${domain}" is not covered by the parent allowlist`);
      }
    }
  }
  if (p.denyDomains !== null) {
    if (c.denyDomains === null) monotonicity('the parent has deny_domains, the child has none');
    const childDenied = c.denyDomains.map((d) => d.toLowerCase());
    for (const domain of p.denyDomains) if (!childDenied.includes(domain.toLowerCase())) monotonicity(`denied domain "${domain}" is removed`);
  }
}

export function checkUrlSafeAttenuation(parent: UrlSafe, child: Constraint): void {
  if (child instanceof UrlSafe) return checkUrlSafeChild(parent, child);
  if (child instanceof Exact) {
    if (typeof child.value !== 'string') throw new TenuoError(ErrorCode.InvalidAttenuation, 'cannot attenuate UrlSafe to a non-string Exact');
    if (!isUrlSafe(parent, child.value)) throw new TenuoError(ErrorCode.ConstraintViolation, 'Exact URL is blocked by the parent UrlSafe constraint');
    return;
  }
  if (child instanceof Wildcard) throw new TenuoError(ErrorCode.CapabilityExpansion, 'UrlSafe cannot be widened to Wildcard');
  throw new TenuoError(ErrorCode.InvalidAttenuation, `cannot attenuate UrlSafe to ${child.typeName}`);
}
