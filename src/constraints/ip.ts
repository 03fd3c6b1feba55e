/**
 * IP address and network parsing with the reference's acceptance rules.
 *
 * Addresses follow Rust's `std::net` text parsers:
 * - IPv4: exactly four decimal octets, at most three digits each, no leading
 *   zero unless the octet is `0`, value ≤ 255. No hex, octal, short forms,
 *   trailing dots or surrounding whitespace.
 * - IPv6: RFC 4291 text — hex groups of 1–4 digits (leading zeros allowed),
 *   at most one `::` standing for one or more zero groups, an optional
 *   dotted IPv4 tail occupying the last two groups. No zone id (`%eth0`), no
 *   brackets, no IPv4 part before `::`.
 *
 * Networks follow `ipnetwork` 0.21.1 (`IpNetwork::from_str`): text is split at
 * the first `/` (a second `/` is an error); the address is parsed as above; no
 * prefix means /32 or /128; for IPv4 the prefix text is first tried as a
 * dotted netmask (which must be contiguous) and otherwise parsed like Rust's
 * `u8::from_str` (optional `+`, any number of leading zeros); the prefix may
 * not exceed the address width. Host bits are kept (`10.1.2.3/8` is valid).
 * IPv4 is tried before IPv6.
 */

export interface IpAddress {
  version: 4 | 6;
  /** 4 or 16 bytes, network order. */
  bytes: Uint8Array;
}

export interface IpNetwork {
  address: IpAddress;
  prefix: number;
}

const HEX_GROUP = /^[0-9a-fA-F]{1,4}$/;
const CH_DOT = 0x2e;
const CH_ZERO = 0x30;
const MAX_OCTET_DIGITS = 3;

/** Rust's IPv4 text rules as a 32-bit value (unsigned), or -1. A single scan: it runs on every Cidr argument. */
export function parseIpv4Value(text: string): number {
  let value = 0;
  let octets = 0;
  let octet = 0;
  let digits = 0;
  for (let i = 0; i <= text.length; i++) {
    const c = i < text.length ? text.charCodeAt(i) : CH_DOT;
    if (c === CH_DOT) {
      if (digits === 0 || octet > 255 || ++octets > 4) return -1;
      value = value * 256 + octet;
      octet = 0;
      digits = 0;
    } else {
      const digit = c - CH_ZERO;
      if (digit < 0 || digit > 9) return -1;
      // No leading zero unless the octet is `0`.
      if (digits === 1 && octet === 0) return -1;
      if (++digits > MAX_OCTET_DIGITS) return -1;
      octet = octet * 10 + digit;
    }
  }
  return octets === 4 ? value : -1;
}

export function parseIpv4(text: string): Uint8Array | undefined {
  const value = parseIpv4Value(text);
  if (value < 0) return undefined;
  return Uint8Array.of(value >>> 24, (value >>> 16) & 0xff, (value >>> 8) & 0xff, value & 0xff);
}

/** Groups of one side of `::`; a dotted IPv4 tail is accepted only as the last item when `allowV4Tail`. */
function parseGroups(side: string, allowV4Tail: boolean): number[] | undefined {
  if (side === '') return [];
  const parts = side.split(':');
  const out: number[] = [];
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i] as string;
    if (allowV4Tail && i === parts.length - 1 && part.includes('.')) {
      const v4 = parseIpv4(part);
      if (!v4) return undefined;
      out.push(((v4[0] as number) << 8) | (v4[1] as number), ((v4[2] as number) << 8) | (v4[3] as number));
    } else {
      if (!HEX_GROUP.test(part)) return undefined;
      out.push(parseInt(part, 16));
    }
  }
  return out;
}

export function parseIpv6(text: string): Uint8Array | undefined {
  // The longest valid spelling is 45 characters (six 4-digit groups plus a dotted quad).
  if (text.length === 0 || text.length > 45) return undefined;
  const gap = text.indexOf('::');
  if (gap !== text.lastIndexOf('::')) return undefined;
  let groups: number[];
  if (gap < 0) {
    const all = parseGroups(text, true);
    if (!all || all.length !== 8) return undefined;
    groups = all;
  } else {
    const head = parseGroups(text.slice(0, gap), false);
    const tail = parseGroups(text.slice(gap + 2), true);
    // `::` must stand for at least one zero group.
    if (!head || !tail || head.length + tail.length > 7) return undefined;
    groups = [...head, ...new Array<number>(8 - head.length - tail.length).fill(0), ...tail];
  }
  const out = new Uint8Array(16);
  groups.forEach((g, i) => {
    out[i * 2] = g >>> 8;
    out[i * 2 + 1] = g & 0xff;
  });
  return out;
}

/** Rust `IpAddr::from_str`: IPv4 first, then IPv6. */
export function parseIpAddress(text: string): IpAddress | undefined {
  const v4 = parseIpv4(text);
  if (v4) return { version: 4, bytes: v4 };
  const v6 = parseIpv6(text);
  if (v6) return { version: 6, bytes: v6 };
  return undefined;
}

/** Rust `u8::from_str`: optional `+`, then one or more ASCII digits, value ≤ 255. */
function parseU8(text: string): number | undefined {
  const m = /^\+?([0-9]+)$/.exec(text);
  if (!m) return undefined;
  const digits = (m[1] as string).replace(/^0+(?=.)/, '');
  if (digits.length > 3) return undefined;
  const n = Number(digits);
  return n <= 255 ? n : undefined;
}

/** Prefix length of a contiguous IPv4 netmask, else undefined. */
function maskToPrefix(mask: Uint8Array): number | undefined {
  let prefix = 0;
  let seenZero = false;
  for (const byte of mask) {
    for (let bit = 7; bit >= 0; bit--) {
      if ((byte >>> bit) & 1) {
        if (seenZero) return undefined;
        prefix++;
      } else {
        seenZero = true;
      }
    }
  }
  return prefix;
}

function parseNetworkOf(version: 4 | 6, addressText: string, prefixText: string | undefined): IpNetwork | undefined {
  const bytes = version === 4 ? parseIpv4(addressText) : parseIpv6(addressText);
  if (!bytes) return undefined;
  const address: IpAddress = { version, bytes };
  const max = version === 4 ? 32 : 128;
  if (prefixText === undefined) return { address, prefix: max };
  if (version === 4) {
    const mask = parseIpv4(prefixText);
    if (mask) {
      const prefix = maskToPrefix(mask);
      return prefix === undefined ? undefined : { address, prefix };
    }
  }
  const prefix = parseU8(prefixText);
  return prefix !== undefined && prefix <= max ? { address, prefix } : undefined;
}

export function parseIpNetwork(text: string): IpNetwork | undefined {
  const slash = text.indexOf('/');
  let addressText = text;
  let prefixText: string | undefined;
  if (slash >= 0) {
    addressText = text.slice(0, slash);
    prefixText = text.slice(slash + 1);
    if (prefixText.includes('/')) return undefined;
  }
  return parseNetworkOf(4, addressText, prefixText) ?? parseNetworkOf(6, addressText, prefixText);
}

/** Does `net` contain `ip`? Different address families never contain each other (`::ffff:a.b.c.d` is IPv6). */
export function networkContains(net: IpNetwork, ip: IpAddress): boolean {
  if (net.address.version !== ip.version) return false;
  let bits = net.prefix;
  for (let i = 0; i < ip.bytes.length && bits > 0; i++, bits -= 8) {
    const mask = bits >= 8 ? 0xff : (0xff << (8 - bits)) & 0xff;
    if (((ip.bytes[i] as number) & mask) !== ((net.address.bytes[i] as number) & mask)) return false;
  }
  return true;
}

/** First (host bits cleared) or last (host bits set) address of `net`. */
function networkEdge(net: IpNetwork, last: boolean): IpAddress {
  const bytes = net.address.bytes.slice();
  let bits = net.prefix;
  for (let i = 0; i < bytes.length; i++, bits -= 8) {
    const mask = bits >= 8 ? 0xff : bits <= 0 ? 0 : (0xff << (8 - bits)) & 0xff;
    bytes[i] = last ? (bytes[i] as number) | (~mask & 0xff) : (bytes[i] as number) & mask;
  }
  return { version: net.address.version, bytes };
}

/** `ipnetwork`'s `network()`: the address with its host bits cleared. */
export function networkAddress(net: IpNetwork): IpAddress {
  return networkEdge(net, false);
}

/** `ipnetwork`'s `broadcast()`: the address with all host bits set. */
export function networkBroadcast(net: IpNetwork): IpAddress {
  return networkEdge(net, true);
}
