/**
 * Payload construction for `Warrant.issue` (roots) and `warrant.attenuate`
 * (children), following the reference builders' defaults and refusals.
 */
import { Constraint } from '../constraints/base.js';
import { ConstraintSet } from '../constraints/set.js';
import { Pattern } from '../constraints/types.js';
import { checkConstraintSetAttenuation } from '../constraints/attenuation.js';
import { sha256 } from '../crypto/hash.js';
import { PublicKey, SigningKey } from '../crypto/keys.js';
import { ErrorCode, TenuoError, type ErrorCodeValue } from '../errors.js';
import { compareBytes, compareUtf8, utf8 } from '../util/bytes.js';
import { newWarrantId, parseWarrantId } from './id.js';
import { EXT_AGENT_ID, EXT_SESSION_ID, PAYLOAD_VERSION, sortedMap, WarrantType, type WarrantPayload, type WarrantTypeValue } from './payload.js';
import { APPROVAL_GATES_EXTENSION, MAX_DELEGATION_DEPTH } from './limits.js';
import { encodeApprovalGates, parseApprovalGates, propagateGates } from '../approval/gates.js';
import type { Warrant } from './warrant.js';

export const DEFAULT_TTL_SECONDS = 300;

/** Per-tool constraints: `{ arg: constraint }` or a ConstraintSet (for `allowUnknown`). */
export type ToolConstraintsInput = Readonly<Record<string, Constraint>> | ConstraintSet;
/** Tools: `{ tool: { arg: constraint } }`, or a list of tool names with no constraints. */
export type ToolsInput = Readonly<Record<string, ToolConstraintsInput>> | readonly string[];

interface CommonOptions {
  /** Explicit id (`tnu_wrt_…`, hex, UUID, or 16 bytes); a UUIDv7 by default. */
  id?: string | Uint8Array;
  /** Unix seconds; now by default. */
  issuedAt?: number;
  /** Unix seconds; exclusive with `ttlSeconds`. */
  expiresAt?: number;
  ttlSeconds?: number;
  maxDepth?: number;
  clearance?: number;
  requiredApprovers?: readonly PublicKey[];
  minApprovals?: number;
  /** Extra extensions: key → raw bytes (values are opaque; CBOR is recommended). */
  extensions?: Readonly<Record<string, Uint8Array>>;
  sessionId?: string;
  agentId?: string;
  issuableTools?: readonly string[];
  maxIssueDepth?: number;
  constraintBounds?: ToolConstraintsInput;
}

export interface IssueOptions extends CommonOptions {
  signingKey: SigningKey;
  /** Defaults to the signing key's public key. */
  holder?: PublicKey;
  /** Inferred: `issuer` when `issuableTools` is set, else `execution`. */
  type?: 'execution' | 'issuer';
  tools?: ToolsInput;
}

export interface AttenuateOptions extends CommonOptions {
  /** The parent's holder key, which signs the child (I1). */
  keypair?: SigningKey;
  /** Alias of `keypair`. */
  signingKey?: SigningKey;
  /** Holder of the child; the parent's holder by default. */
  authorizedHolder?: PublicKey;
  /** Alias of `authorizedHolder`. */
  holder?: PublicKey;
  /** Argument → constraint, applied to every parent tool that constrains that argument (at least one must). A string is a glob Pattern. */
  constraints?: Readonly<Record<string, Constraint | string>>;
  /** Keep only these tools, narrowed by the given constraints. */
  tools?: ToolsInput;
  /** Make the child terminal (max_depth = its depth). */
  terminal?: boolean;
}

function refuse(code: ErrorCodeValue, message: string): never {
  throw new TenuoError(code, message);
}

function nowSeconds(): number {
  return Math.floor(Date.now() / 1000);
}

function checkInteger(value: unknown, what: string, max: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > max) {
    refuse(ErrorCode.InvalidPayloadStructure, `${what} must be an integer between 0 and ${max}`);
  }
  return value;
}

function toConstraintSet(input: ToolConstraintsInput | undefined, what: string): ConstraintSet {
  if (input === undefined) return new ConstraintSet();
  if (input instanceof ConstraintSet) return input;
  if (typeof input !== 'object' || input === null) refuse(ErrorCode.InvalidPayloadStructure, `${what} must map argument names to constraints`);
  return new ConstraintSet(input);
}

export function toToolsMap(tools: ToolsInput | undefined): Map<string, ConstraintSet> {
  if (tools === undefined) return new Map();
  if (Array.isArray(tools)) {
    if (!tools.every((t) => typeof t === 'string')) refuse(ErrorCode.InvalidPayloadStructure, 'tool names must be strings');
    return sortedMap(tools.map((t) => [t, new ConstraintSet()]));
  }
  if (typeof tools !== 'object' || tools === null) refuse(ErrorCode.InvalidPayloadStructure, 'tools must be an object or a list of names');
  return sortedMap(Object.entries(tools as Record<string, ToolConstraintsInput>).map(([name, c]) => [name, toConstraintSet(c, `tool "${name}"`)]));
}

function toId(id: string | Uint8Array | undefined): Uint8Array {
  if (id === undefined) return newWarrantId();
  if (id instanceof Uint8Array) {
    if (id.length !== 16) refuse(ErrorCode.InvalidPayloadStructure, 'warrant id must be 16 bytes');
    return id.slice();
  }
  return parseWarrantId(id);
}

/** Resolves issued_at / expires_at from the options; `defaultExpiry` applies when neither ttl nor expiry is given. */
function resolveTimes(o: CommonOptions, defaultExpiry: (issuedAt: number) => number): { issuedAt: bigint; expiresAt: bigint } {
  const issuedAt = o.issuedAt === undefined ? nowSeconds() : checkInteger(o.issuedAt, 'issuedAt', Number.MAX_SAFE_INTEGER);
  if (o.ttlSeconds !== undefined && o.expiresAt !== undefined) refuse(ErrorCode.InvalidPayloadStructure, 'give ttlSeconds or expiresAt, not both');
  let expiresAt: number;
  if (o.expiresAt !== undefined) expiresAt = checkInteger(o.expiresAt, 'expiresAt', Number.MAX_SAFE_INTEGER);
  else if (o.ttlSeconds !== undefined) {
    if (typeof o.ttlSeconds !== 'number' || !Number.isInteger(o.ttlSeconds) || o.ttlSeconds <= 0) refuse(ErrorCode.InvalidPayloadStructure, 'ttlSeconds must be a positive integer');
    expiresAt = issuedAt + o.ttlSeconds;
  } else expiresAt = defaultExpiry(issuedAt);
  return { issuedAt: BigInt(issuedAt), expiresAt: BigInt(expiresAt) };
}

function extensionsOf(o: CommonOptions, inherited: Map<string, Uint8Array>): Map<string, Uint8Array> {
  const out = new Map(inherited);
  for (const [key, value] of Object.entries(o.extensions ?? {})) {
    if (!(value instanceof Uint8Array)) refuse(ErrorCode.InvalidExtensionValue, `extension "${key}" must be a Uint8Array`);
    if (utf8(key).length > 255) refuse(ErrorCode.ExtensionTooLarge, `extension key "${key.slice(0, 32)}…" exceeds 255 bytes`);
    out.set(key, value.slice());
  }
  if (o.sessionId !== undefined) out.set(EXT_SESSION_ID, utf8(o.sessionId));
  if (o.agentId !== undefined) out.set(EXT_AGENT_ID, utf8(o.agentId));
  return sortedMap(out);
}

function sortedKeys(keys: readonly PublicKey[] | undefined): PublicKey[] | undefined {
  if (keys === undefined) return undefined;
  if (!keys.every((k) => k instanceof PublicKey)) refuse(ErrorCode.InvalidPayloadStructure, 'requiredApprovers must be PublicKeys');
  return [...keys].sort((a, b) => compareBytes(a.rawBytes, b.rawBytes));
}

function sortedNames(names: readonly string[] | undefined): string[] | undefined {
  if (names === undefined) return undefined;
  if (!Array.isArray(names) || !names.every((n) => typeof n === 'string')) refuse(ErrorCode.InvalidPayloadStructure, 'issuableTools must be strings');
  return [...names].sort(compareUtf8);
}

export function buildRootPayload(o: IssueOptions): WarrantPayload {
  if (!(o?.signingKey instanceof SigningKey)) refuse(ErrorCode.InvalidPayloadStructure, 'Warrant.issue needs { signingKey: SigningKey }');
  if (o.holder !== undefined && !(o.holder instanceof PublicKey)) refuse(ErrorCode.InvalidPayloadStructure, 'holder must be a PublicKey');
  const warrantType: WarrantTypeValue =
    o.type === 'issuer' || (o.type === undefined && o.issuableTools !== undefined && o.tools === undefined) ? WarrantType.Issuer : WarrantType.Execution;
  if (o.type !== undefined && o.type !== 'issuer' && o.type !== 'execution') refuse(ErrorCode.InvalidPayloadStructure, `unknown warrant type "${o.type}"`);
  const tools = toToolsMap(o.tools);
  if (warrantType === WarrantType.Execution && tools.size === 0) refuse(ErrorCode.InvalidPayloadStructure, 'an execution warrant needs at least one tool');
  const { issuedAt, expiresAt } = resolveTimes(o, (t) => t + DEFAULT_TTL_SECONDS);
  return {
    version: PAYLOAD_VERSION,
    id: toId(o.id),
    warrantType,
    tools,
    holder: o.holder ?? o.signingKey.publicKey,
    issuer: o.signingKey.publicKey,
    issuedAt,
    expiresAt,
    maxDepth: checkInteger(o.maxDepth ?? MAX_DELEGATION_DEPTH, 'maxDepth', MAX_DELEGATION_DEPTH),
    depth: 0,
    extensions: extensionsOf(o, new Map()),
    issuableTools: sortedNames(o.issuableTools),
    maxIssueDepth: o.maxIssueDepth === undefined ? undefined : checkInteger(o.maxIssueDepth, 'maxIssueDepth', 0xffffffff),
    constraintBounds: o.constraintBounds === undefined ? undefined : toConstraintSet(o.constraintBounds, 'constraintBounds'),
    requiredApprovers: sortedKeys(o.requiredApprovers),
    minApprovals: o.minApprovals === undefined ? undefined : checkInteger(o.minApprovals, 'minApprovals', 0xffffffff),
    clearance: o.clearance === undefined ? undefined : checkInteger(o.clearance, 'clearance', 255),
  };
}

/** Parent tools narrowed by `tools` (selection + overrides) and then by the flat `constraints` map. */
function childTools(parent: Warrant, o: AttenuateOptions): Map<string, ConstraintSet> {
  const parentTools = parent.tools;
  let tools: Map<string, ConstraintSet>;
  if (o.tools === undefined) tools = new Map(parentTools);
  else {
    tools = new Map();
    for (const [name, narrowing] of toToolsMap(o.tools)) {
      const base = parentTools.get(name) ?? parentTools.get('*');
      if (!base) refuse(ErrorCode.InvalidAttenuation, `tool "${name}" is not in the parent warrant`);
      tools.set(name, base.with(narrowing.constraints));
    }
  }
  if (o.constraints !== undefined) {
    const narrowing = new Map<string, Constraint>();
    for (const [arg, c] of Object.entries(o.constraints)) {
      if (typeof c === 'string') narrowing.set(arg, new Pattern(c));
      else if (c instanceof Constraint) narrowing.set(arg, c);
      else refuse(ErrorCode.InvalidPayloadStructure, `constraint for "${arg}" must be a Constraint or a glob string`);
    }
    const applied = new Set<string>();
    for (const [name, set] of tools) {
      const relevant = new Map([...narrowing].filter(([arg]) => set.get(arg) !== undefined));
      for (const arg of relevant.keys()) applied.add(arg);
      if (relevant.size > 0) tools.set(name, set.with(relevant));
    }
    const unused = [...narrowing.keys()].filter((arg) => !applied.has(arg));
    if (unused.length > 0) {
      refuse(ErrorCode.InvalidAttenuation, `no tool of the parent warrant can take a constraint on ${unused.map((a) => `"${a}"`).join(', ')}`);
    }
  }
  return sortedMap(tools);
}

export function buildAttenuatedPayload(parent: Warrant, signer: SigningKey, o: AttenuateOptions): WarrantPayload {
  const p = parent.payload;
  if (!signer.publicKey.equals(p.holder)) {
    refuse(ErrorCode.InvalidIssuer, `only the parent's holder (${p.holder.toHex().slice(0, 16)}…) can attenuate it; got ${signer.publicKey.toHex().slice(0, 16)}…`);
  }
  const depth = p.depth + 1;
  if (depth > p.maxDepth) refuse(ErrorCode.DepthExceeded, `the parent is terminal (depth ${p.depth} of max_depth ${p.maxDepth}) and cannot delegate`);
  const holder = o.authorizedHolder ?? o.holder ?? p.holder;
  if (!(holder instanceof PublicKey)) refuse(ErrorCode.InvalidPayloadStructure, 'authorizedHolder must be a PublicKey');

  let maxDepth = p.maxDepth;
  if (o.terminal) maxDepth = depth;
  else if (o.maxDepth !== undefined) {
    maxDepth = checkInteger(o.maxDepth, 'maxDepth', MAX_DELEGATION_DEPTH);
    if (maxDepth > p.maxDepth) refuse(ErrorCode.InvalidAttenuation, `max_depth ${maxDepth} exceeds the parent's ${p.maxDepth}`);
  }

  const { issuedAt, expiresAt: requested } = resolveTimes(o, () => Number(p.expiresAt));
  if (issuedAt >= p.expiresAt) refuse(ErrorCode.WarrantExpired, 'the parent warrant has expired');
  const expiresAt = requested > p.expiresAt ? p.expiresAt : requested;

  let clearance = p.clearance;
  if (o.clearance !== undefined) {
    const child = checkInteger(o.clearance, 'clearance', 255);
    if (child > (p.clearance ?? 0)) refuse(ErrorCode.InvalidAttenuation, `clearance ${child} exceeds the parent's ${p.clearance ?? 0}`);
    clearance = child;
  }

  let payloadTools = new Map<string, ConstraintSet>();
  let issuableTools: string[] | undefined;
  let constraintBounds: ConstraintSet | undefined;
  let maxIssueDepth: number | undefined;
  if (p.warrantType === WarrantType.Execution) {
    if (o.issuableTools !== undefined || o.maxIssueDepth !== undefined || o.constraintBounds !== undefined) {
      refuse(ErrorCode.InvalidAttenuation, 'an execution warrant cannot delegate issuer capabilities');
    }
    payloadTools = childTools(parent, o);
    if (payloadTools.size === 0) refuse(ErrorCode.InvalidPayloadStructure, 'an execution warrant needs at least one tool');
    for (const [name, set] of payloadTools) {
      const parentSet = p.tools.get(name) ?? p.tools.get('*');
      if (!parentSet) refuse(ErrorCode.InvalidAttenuation, `tool "${name}" is not in the parent warrant`);
      checkConstraintSetAttenuation(parentSet, set, `tool "${name}"`);
    }
  } else {
    if (o.tools !== undefined || o.constraints !== undefined) refuse(ErrorCode.InvalidAttenuation, 'an issuer warrant carries no tools; use issuableTools');
    issuableTools = sortedNames(o.issuableTools ?? p.issuableTools);
    const allowed = new Set(p.issuableTools ?? []);
    for (const t of issuableTools ?? []) {
      if (!allowed.has(t) && !allowed.has('*')) refuse(ErrorCode.InvalidAttenuation, `issuable tool "${t}" is not in the parent's issuable_tools`);
    }
    maxIssueDepth = o.maxIssueDepth ?? p.maxIssueDepth;
    if (maxIssueDepth !== undefined && p.maxIssueDepth !== undefined && maxIssueDepth > p.maxIssueDepth) {
      refuse(ErrorCode.InvalidAttenuation, `max_issue_depth ${maxIssueDepth} exceeds the parent's ${p.maxIssueDepth}`);
    }
    constraintBounds = o.constraintBounds === undefined ? p.constraintBounds : toConstraintSet(o.constraintBounds, 'constraintBounds');
    if (p.constraintBounds) {
      if (!constraintBounds) refuse(ErrorCode.InvalidAttenuation, 'a child issuer warrant cannot drop the parent constraint_bounds');
      checkConstraintSetAttenuation(p.constraintBounds, constraintBounds, 'constraint_bounds');
    }
  }

  // Inherited as the reference's attenuation builder does: session/agent ids, and approval gates scoped to the child's tools.
  const inherited = new Map<string, Uint8Array>();
  for (const key of [EXT_SESSION_ID, EXT_AGENT_ID]) {
    const value = p.extensions.get(key);
    if (value) inherited.set(key, value);
  }
  const gates = propagateGates(parseApprovalGates(p.extensions.get(APPROVAL_GATES_EXTENSION)), payloadTools);
  if (gates) inherited.set(APPROVAL_GATES_EXTENSION, encodeApprovalGates(gates));
  const requiredApprovers = o.requiredApprovers === undefined ? p.requiredApprovers : sortedKeys(o.requiredApprovers);
  return {
    version: PAYLOAD_VERSION,
    id: toId(o.id),
    warrantType: p.warrantType,
    tools: payloadTools,
    holder,
    issuer: signer.publicKey,
    issuedAt,
    expiresAt,
    maxDepth,
    depth,
    parentHash: sha256(parent.payloadBytes),
    extensions: extensionsOf(o, inherited),
    issuableTools,
    maxIssueDepth,
    constraintBounds,
    requiredApprovers: requiredApprovers ? [...requiredApprovers] : undefined,
    minApprovals: o.minApprovals ?? p.minApprovals,
    clearance,
  };
}
