/**
 * Tenuo's CEL extras (tenuo-core cel.rs), positional arguments only:
 * time_now(_) → RFC 3339 string (`+00:00` offset), time_is_expired(rfc3339)
 * → bool, time_since(rfc3339) → int seconds (negative in the future; 0 when
 * not a parsable string), net_in_cidr(ip, cidr) → bool, net_is_private(ip)
 * → bool. A wrongly typed or unparsable argument gives false / 0 rather than
 * an error; a missing one is an error.
 */
import { networkContains, parseIpAddress, parseIpNetwork } from '../ip.js';
import type { CelFunction } from './call.js';
import { formatRfc3339, parseRfc3339 } from './time.js';
import { CelTimestamp, NS_PER_SEC } from './values.js';

/** RFC 1918 IPv4 or RFC 4193 (fc00::/7) IPv6. */
function isPrivateIp(text: string): boolean {
  const ip = parseIpAddress(text);
  if (!ip) return false;
  const b = ip.bytes;
  if (ip.version === 4) return b[0] === 10 || (b[0] === 172 && ((b[1] as number) & 0xf0) === 16) || (b[0] === 192 && b[1] === 168);
  return ((b[0] as number) & 0xfe) === 0xfc;
}

export const TENUO_EXTRAS: ReadonlyArray<readonly [string, CelFunction]> = [
  [
    'time_now',
    (c) => {
      c.arg();
      return formatRfc3339(new CelTimestamp(c.m.nowNs(), 0));
    },
  ],
  [
    'time_is_expired',
    (c) => {
      const v = c.arg();
      if (typeof v !== 'string') return false;
      const t = parseRfc3339(v);
      return t !== undefined && t.ns < c.m.nowNs();
    },
  ],
  [
    'time_since',
    (c) => {
      const v = c.arg();
      if (typeof v !== 'string') return 0n;
      const t = parseRfc3339(v);
      return t === undefined ? 0n : (c.m.nowNs() - t.ns) / NS_PER_SEC;
    },
  ],
  [
    'net_in_cidr',
    (c) => {
      const ip = c.arg();
      const cidr = c.arg();
      if (typeof ip !== 'string' || typeof cidr !== 'string') return false;
      const addr = parseIpAddress(ip);
      const net = addr && parseIpNetwork(cidr);
      return addr !== undefined && net !== undefined && networkContains(net, addr);
    },
  ],
  [
    'net_is_private',
    (c) => {
      const ip = c.arg();
      return typeof ip === 'string' && isPrivateIp(ip);
    },
  ],
];
