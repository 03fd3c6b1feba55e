/**
 * IP address and network parsing with the reference's acceptance rules:
 * addresses as Rust's `std::net` parses them (strict dotted quad without
 * leading zeros; RFC 4291 text for IPv6 without zone or brackets), networks as
 * `ipnetwork` parses them (`addr`, `addr/prefix`, or IPv4 `addr/dotted-mask`).
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

const DECIMAL_OCTET = /^(0|[1-9][0-9]{0,2})$/;
const HEX_GROUP = /^[0-9a-fA-F]{1,4}$/;

export function parseIpv4(text: string): Uint8Array | undefined {
  const parts = text.split('.');
  if (parts.length !== 4) return undefined;
  const out = new Uint8Array(4);
  for (let i = 0; i < 4; i++) {
    const part = parts[i] as string;
    if (!DECIMAL_OCTET.test(part)) return undefined;
    const n = Number(part);
    if (n > 255) return undefined;
    out[i] = n;
  }
  return out;
}

export function parseIpv6(text: string): Uint8Array | undefined {
  if (text.length === 0 || text.length > 45) return undefined;
  const doubleColon = text.indexOf('::');
  if (doubleColon !== text.lastIndexOf('::')) return undefined;
  const groups: number[] = [];
  const parseSide = (side: string, allowV4Tail: boolean): number[] | undefined => {
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
  };
  if (doubleColon < 0) {
    const all = parseSide(text, true);
    if (!all || all.length !== 8) return undefined;
    groups.push(...all);
  } else {
    const head = parseSide(text.slice(0, doubleColon), false);
    const tail = parseSide(text.slice(doubleColon + 2), true);
    if (!head || !tail || head.length + tail.length > 7) return undefined;
    groups.push(...head, ...new Array<number>(8 - head.length - tail.length).fill(0), ...tail);
  }
  const out = new Uint8Array(16);
  groups.forEach((g, i) => {
    out[i * 2] = g >>> 8;
    out[i * 2 + 1] = g & 0xff;
  });
  return out;
}

export function parseIpAddress(text: string): IpAddress | undefined {
  const v4 = parseIpv4(text);
  if (v4) return { version: 4, bytes: v4 };
  const v6 = parseIpv6(text);
  if (v6) return { version: 6, bytes: v6 };
  return undefined;
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

export function parseIpNetwork(text: string): IpNetwork | undefined {
  const slash = text.indexOf('/');
  if (slash < 0) {
    const address = parseIpAddress(text);
    return address && { address, prefix: address.version === 4 ? 32 : 128 };
  }
  if (slash !== text.lastIndexOf('/')) return undefined;
  const address = parseIpAddress(text.slice(0, slash));
  if (!address) return undefined;
  const prefixText = text.slice(slash + 1);
  const max = address.version === 4 ? 32 : 128;
  if (/^[0-9]{1,3}$/.test(prefixText)) {
    const prefix = Number(prefixText);
    return prefix <= max ? { address, prefix } : undefined;
  }
  if (address.version === 4) {
    const mask = parseIpv4(prefixText);
    const prefix = mask && maskToPrefix(mask);
    return prefix === undefined ? undefined : { address, prefix };
  }
  return undefined;
}
