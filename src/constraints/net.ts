/**
 * Cidr (wire type 8): matching and attenuation.
 *
 * A string argument is parsed as one IP address with Rust std rules (see
 * ip.ts); text that is not an address is an error (deny), not a mismatch.
 * Non-string arguments simply do not match. An IPv4 network never contains an
 * IPv6 address and vice versa, so `::ffff:10.0.0.1` is outside `10.0.0.0/8`.
 *
 * Error codes are those the reference's error variants carry: the child
 * network escaping the parent is CapabilityExpansion (1503); an Exact child
 * that is not an address, or an address outside the parent, is
 * ConstraintViolation (1501); a non-string Exact or any other child type is
 * InvalidAttenuation (1502).
 */
import { ErrorCode, TenuoError } from '../errors.js';
import type { ConstraintValue } from '../model/value.js';
import type { Constraint } from './base.js';
import { type IpAddress, networkAddress, networkBroadcast, networkContains, parseIpAddress } from './ip.js';
import { Cidr, Exact, Wildcard } from './types.js';

/** Parses an argument as an IP address, throwing 1501 (without echoing it) when it is not one. */
function argumentAddress(text: string): IpAddress {
  const ip = parseIpAddress(text);
  if (!ip) throw new TenuoError(ErrorCode.ConstraintViolation, 'Cidr: the value is not a valid IP address');
  return ip;
}

export function matchesCidr(c: Cidr, value: ConstraintValue): boolean {
  if (typeof value !== 'string') return false;
  return networkContains(c.parsed, argumentAddress(value));
}

export function checkCidrAttenuation(parent: Cidr, child: Constraint): void {
  if (child instanceof Cidr) {
    const inside = networkContains(parent.parsed, networkAddress(child.parsed)) && networkContains(parent.parsed, networkBroadcast(child.parsed));
    if (!inside) throw new TenuoError(ErrorCode.CapabilityExpansion, `Cidr ${child.network} is not a subnet of ${parent.network}`);
    return;
  }
  if (child instanceof Exact) {
    if (typeof child.value !== 'string') throw new TenuoError(ErrorCode.InvalidAttenuation, 'cannot attenuate Cidr to a non-string Exact');
    if (!networkContains(parent.parsed, argumentAddress(child.value))) {
      throw new TenuoError(ErrorCode.ConstraintViolation, `Exact address is not inside ${parent.network}`);
    }
    return;
  }
  if (child instanceof Wildcard) throw new TenuoError(ErrorCode.CapabilityExpansion, 'Cidr cannot be widened to Wildcard');
  throw new TenuoError(ErrorCode.InvalidAttenuation, `cannot attenuate Cidr to ${child.typeName}`);
}
