/**
 * Turns the fixture descriptions (transcribed from test-vectors.md) into
 * library objects, so tests can rebuild each vector from its stated inputs.
 */
import {
  All,
  Any,
  Cidr,
  Constraint,
  Contains,
  Exact,
  Not,
  NotOneOf,
  OneOf,
  Pattern,
  PublicKey,
  Range,
  Subpath,
  Subset,
  UrlPattern,
  UrlSafe,
  Wildcard,
} from '../src/index.js';
import { ConstraintSet } from '../src/constraints/set.js';
import type { WarrantPayload } from '../src/warrant/payload.js';
import { hex } from './helpers.js';

export function constraintFrom(d: any): Constraint {
  switch (d.type) {
    case 'Wildcard':
      return new Wildcard();
    case 'Pattern':
      return new Pattern(d.pattern);
    case 'Exact':
      return new Exact(d.value);
    case 'Range':
      return new Range({ min: d.min, max: d.max, minInclusive: d.min_inclusive, maxInclusive: d.max_inclusive });
    case 'OneOf':
      return new OneOf(d.values);
    case 'NotOneOf':
      return new NotOneOf(d.excluded);
    case 'Cidr':
      return new Cidr(d.body);
    case 'UrlPattern':
      return new UrlPattern(d.body);
    case 'Contains':
      return new Contains(d.required);
    case 'Subset':
      return new Subset(d.allowed);
    case 'Subpath':
      return new Subpath(d.root, { caseSensitive: d.case_sensitive, allowEqual: d.allow_equal });
    case 'UrlSafe':
      return new UrlSafe({
        schemes: d.schemes,
        allowDomains: d.allow_domains,
        denyDomains: d.deny_domains,
        allowPorts: d.allow_ports,
        blockPrivate: d.block_private,
        blockLoopback: d.block_loopback,
        blockMetadata: d.block_metadata,
        blockReserved: d.block_reserved,
        blockInternalTlds: d.block_internal_tlds,
      });
    case 'All':
      return new All(d.constraints.map(constraintFrom));
    case 'Any':
      return new Any(d.constraints.map(constraintFrom));
    case 'Not':
      return new Not(constraintFrom(d.constraint));
  }
  throw new Error(`fixture constraint type ${d.type} not handled`);
}

export function toolsFrom(tools: Record<string, Record<string, any>>): Record<string, Record<string, Constraint>> {
  return Object.fromEntries(Object.entries(tools).map(([tool, args]) => [tool, Object.fromEntries(Object.entries(args).map(([a, d]) => [a, constraintFrom(d)]))]));
}

/** The full payload a fixture describes, field by field. */
export function payloadFrom(e: any): WarrantPayload {
  const tools = toolsFrom(e.tools ?? {});
  return {
    version: 1,
    id: hex(e.warrantId),
    warrantType: e.warrantType === 'issuer' ? 1 : 0,
    tools: new Map(Object.entries(tools).map(([name, args]) => [name, new ConstraintSet(args)])),
    holder: PublicKey.fromHex(e.holderHex),
    issuer: PublicKey.fromHex(e.issuerHex),
    issuedAt: BigInt(e.issuedAt),
    expiresAt: BigInt(e.expiresAt),
    maxDepth: e.maxDepth,
    depth: e.depth,
    ...(e.parentHashHex ? { parentHash: hex(e.parentHashHex), parentHashForm: 'array' as const } : {}),
    extensions: new Map(Object.entries<any>(e.extensions ?? {}).map(([k, v]) => [k, hex(v.valueHex)])),
    ...(e.issuableTools ? { issuableTools: e.issuableTools } : {}),
    ...(e.maxIssueDepth !== undefined ? { maxIssueDepth: e.maxIssueDepth } : {}),
    ...(e.constraintBounds ? { constraintBounds: new ConstraintSet(toolsFrom({ b: e.constraintBounds }).b) } : {}),
    ...(e.requiredApproversHex ? { requiredApprovers: e.requiredApproversHex.map((h: string) => PublicKey.fromHex(h)) } : {}),
    ...(e.minApprovals !== undefined ? { minApprovals: e.minApprovals } : {}),
    ...(e.clearance !== undefined ? { clearance: e.clearance } : {}),
  };
}
