/**
 * The `tenuo.approval_gates` warrant extension (reference-map §5.5): which
 * tool calls need signed approvals on top of proof-of-possession.
 *
 * Wire form (what the reference's serializer writes, maps in byte-wise key
 * order, definite lengths):
 *
 *   { tool: { "args": null } }                       whole tool gated
 *   { tool: { "args": { arg: gate, … } } }           per-argument gates
 *   gate = "all" | [type_id, value] | { "exempt": [type_id, value] }
 *
 * Parsing follows the project's strict-CBOR rule: the bytes must be exactly
 * the canonical encoding (the reference also accepts other key orders, extra
 * keys in a tool entry and duplicate keys; its own encoder never writes them).
 * Every parse failure is `MalformedCBOR` (1202), as the reference maps all of
 * them to its deserialization error.
 */
import { CborReader, malformed } from '../cbor/reader.js';
import { type CborWriter, encodeWith, MAJOR_ARRAY, MAJOR_MAP, MAJOR_TEXT } from '../cbor/writer.js';
import { checkAttenuation } from '../constraints/attenuation.js';
import { Constraint, readStruct, requireField } from '../constraints/base.js';
import { readConstraint } from '../constraints/codec.js';
import { Any, Not } from '../constraints/composite.js';
import { Cel, UnknownConstraint, Wildcard } from '../constraints/types.js';
import { ErrorCode, TenuoError } from '../errors.js';
import type { ConstraintValue } from '../model/value.js';
import type { ToolArgs } from '../pop/challenge.js';
import { bytesEqual, compareUtf8 } from '../util/bytes.js';

export const APPROVAL_GATES_EXTENSION_KEY = 'tenuo.approval_gates';

/**
 * One argument's gate, mirroring the reference enum:
 * - `'all'`: every value of the argument needs approval;
 * - `{ constraint }`: values the constraint matches need approval;
 * - `{ exempt }`: values the constraint does NOT match need approval.
 */
export type ArgApprovalGate = 'all' | { readonly constraint: Constraint } | { readonly exempt: Constraint };

/** `args: null` gates every call of the tool; otherwise only the listed arguments are gated. */
export interface ToolApprovalGate {
  readonly args: ReadonlyMap<string, ArgApprovalGate> | null;
}

/** Tool name → gate. Tools absent from the map are not gated. */
export type ApprovalGateMap = ReadonlyMap<string, ToolApprovalGate>;

/** Builder input: tool → `null` (whole tool) or `{ arg: gate }`. */
export type ApprovalGatesSpec = Readonly<Record<string, null | Readonly<Record<string, ArgApprovalGate>>>>;

function gateError(message: string): never {
  throw new TenuoError(ErrorCode.InvalidPayloadStructure, message);
}

/** Why the reference refuses `inner` inside an Exempt gate, or undefined when allowed. */
function exemptRefusal(inner: Constraint): string | undefined {
  if (inner instanceof Wildcard) return 'wildcard exempts every value, so the gate could never fire';
  if (inner instanceof Any) return 'any only attenuates to itself, which would freeze delegation';
  if (inner instanceof Not) return 'a negated exemption is a double negation; use a constraint gate';
  if (inner instanceof Cel) return 'CEL attenuation is approximate; use pattern, one_of or range';
  if (inner instanceof UnknownConstraint) return 'an unknown constraint type has no defined meaning';
  return undefined;
}

export const isAllGate = (g: ArgApprovalGate): g is 'all' => g === 'all';
export const isExemptGate = (g: ArgApprovalGate): g is { readonly exempt: Constraint } => typeof g === 'object' && g !== null && 'exempt' in g;
export const isConstraintGate = (g: ArgApprovalGate): g is { readonly constraint: Constraint } => typeof g === 'object' && g !== null && 'constraint' in g;

/** A gate firing for the values `c` matches. */
export function constraintGate(c: Constraint): ArgApprovalGate {
  if (!(c instanceof Constraint)) gateError('constraintGate needs a Constraint');
  return Object.freeze({ constraint: c });
}

/** A gate firing for the values `c` does not match; refuses Wildcard, Any, Not, Cel and unknown types (1201). */
export function exemptGate(c: Constraint): ArgApprovalGate {
  if (!(c instanceof Constraint)) gateError('exemptGate needs a Constraint');
  const refusal = exemptRefusal(c);
  if (refusal !== undefined) gateError(`invalid inner constraint for an exempt gate: ${refusal}`);
  return Object.freeze({ exempt: c });
}

/** Checks a caller-built gate (shape and the Exempt inner-type rule). */
function checkArgGate(g: unknown, where: string): ArgApprovalGate {
  if (g === 'all') return g;
  if (typeof g === 'object' && g !== null) {
    const hasC = 'constraint' in g;
    const hasE = 'exempt' in g;
    if (hasC !== hasE) {
      const inner = (g as Record<string, unknown>)[hasC ? 'constraint' : 'exempt'];
      if (inner instanceof Constraint) {
        if (hasE) {
          const refusal = exemptRefusal(inner);
          if (refusal !== undefined) gateError(`${where}: invalid inner constraint for an exempt gate: ${refusal}`);
        }
        return g as ArgApprovalGate;
      }
    }
  }
  return gateError(`${where}: a gate must be 'all', { constraint } or { exempt }`);
}

function sortedEntries<V>(m: ReadonlyMap<string, V>): Array<[string, V]> {
  return [...m].sort(([a], [b]) => compareUtf8(a, b));
}

/** A whole-tool gate. */
export function wholeToolGate(): ToolApprovalGate {
  return Object.freeze({ args: null });
}

/** A per-argument gate (arguments kept in byte-wise order, as the reference's BTreeMap). */
export function argsGate(args: Readonly<Record<string, ArgApprovalGate>> | ReadonlyMap<string, ArgApprovalGate>): ToolApprovalGate {
  if (typeof args !== 'object' || args === null) gateError('argsGate needs an object of argument gates');
  const entries = args instanceof Map ? [...(args as ReadonlyMap<string, ArgApprovalGate>)] : Object.entries(args);
  const map = new Map<string, ArgApprovalGate>();
  for (const [arg, gate] of entries.sort(([a], [b]) => compareUtf8(a, b))) map.set(arg, checkArgGate(gate, `gate for argument "${arg}"`));
  return Object.freeze({ args: map });
}

/** Builds a gate map: `approvalGates({ exec: null, 'file.write': { path: constraintGate(p), mode: 'all' } })`. */
export function approvalGates(spec: ApprovalGatesSpec): ApprovalGateMap {
  if (typeof spec !== 'object' || spec === null) gateError('approvalGates needs an object');
  const out = new Map<string, ToolApprovalGate>();
  for (const [tool, args] of Object.entries(spec).sort(([a], [b]) => compareUtf8(a, b))) {
    out.set(tool, args === null ? wholeToolGate() : argsGate(args));
  }
  return out;
}

// ---------------------------------------------------------------------------
// CBOR
// ---------------------------------------------------------------------------

function writeArgGate(w: CborWriter, gate: ArgApprovalGate, where: string): void {
  const g = checkArgGate(gate, where);
  if (g === 'all') w.text('all');
  else if (isExemptGate(g)) {
    w.mapHeader(1).text('exempt');
    g.exempt.write(w);
  } else (g as { constraint: Constraint }).constraint.write(w);
}

function writeGateMap(w: CborWriter, map: ApprovalGateMap): void {
  if (!(map instanceof Map)) gateError('an approval gate map must be a Map');
  const tools = sortedEntries(map);
  w.mapHeader(tools.length);
  for (const [tool, gate] of tools) {
    if (typeof tool !== 'string') gateError('gated tool names must be strings');
    if (typeof gate !== 'object' || gate === null || !('args' in gate)) gateError(`gate for tool "${tool}" must be { args }`);
    w.text(tool).mapHeader(1).text('args');
    if (gate.args === null) {
      w.null();
      continue;
    }
    if (!(gate.args instanceof Map)) gateError(`args of tool "${tool}" must be null or a Map`);
    const args = sortedEntries(gate.args as ReadonlyMap<string, ArgApprovalGate>);
    w.mapHeader(args.length);
    for (const [arg, argGate] of args) {
      if (typeof arg !== 'string') gateError('gated argument names must be strings');
      w.text(arg);
      writeArgGate(w, argGate, `tool "${tool}", argument "${arg}"`);
    }
  }
}

/** The extension bytes, identical to the reference's `encode_approval_gate_map`. */
export function encodeApprovalGates(map: ApprovalGateMap): Uint8Array {
  return encodeWith((w) => writeGateMap(w, map));
}

function readArgGate(r: CborReader): ArgApprovalGate {
  const major = r.peekMajor();
  if (major === MAJOR_TEXT) {
    const word = r.text('argument gate');
    if (word !== 'all') malformed(`unknown argument gate "${word}", expected "all"`);
    return 'all';
  }
  if (major === MAJOR_ARRAY) return Object.freeze({ constraint: readConstraint(r) });
  if (major === MAJOR_MAP) {
    const n = r.mapHeader('exempt gate');
    if (n === 0) malformed("expected an 'exempt' key in an exempt gate");
    const key = r.text('exempt gate key');
    if (key !== 'exempt') malformed(`unknown field "${key}" in an exempt gate, expected "exempt"`);
    const inner = readConstraint(r);
    if (n > 1) malformed("an exempt gate may only hold the 'exempt' key");
    const refusal = exemptRefusal(inner);
    if (refusal !== undefined) malformed(`invalid inner constraint for an exempt gate: ${refusal}`);
    return Object.freeze({ exempt: inner });
  }
  return malformed('an argument gate must be "all", a constraint or {"exempt": constraint}');
}

function readToolGate(r: CborReader, tool: string): ToolApprovalGate {
  let args: Map<string, ArgApprovalGate> | null | undefined;
  readStruct(r, `gate of tool "${tool}"`, (name) => {
    if (name !== 'args') return false;
    if (r.nullIfPresent()) {
      args = null;
      return true;
    }
    const n = r.mapHeader('argument gates');
    args = new Map();
    for (let i = 0; i < n; i++) {
      const arg = r.text('gated argument name');
      if (args.has(arg)) malformed(`duplicate gated argument "${arg}"`);
      args.set(arg, readArgGate(r));
    }
    return true;
  });
  return Object.freeze({ args: requireField(args, `gate of tool "${tool}"`, 'args') });
}

/**
 * Decodes the extension value. Absent or empty bytes mean "no gate map"
 * (undefined); anything undecodable is a 1202 TenuoError.
 */
export function parseApprovalGates(bytes: Uint8Array | undefined): ApprovalGateMap | undefined {
  if (bytes === undefined || bytes.length === 0) return undefined;
  try {
    if (!(bytes instanceof Uint8Array)) malformed('approval gate bytes must be a Uint8Array');
    const r = new CborReader(bytes);
    const n = r.mapHeader('approval gate map');
    const map = new Map<string, ToolApprovalGate>();
    for (let i = 0; i < n; i++) {
      const tool = r.text('gated tool name');
      if (map.has(tool)) malformed(`duplicate gated tool "${tool}"`);
      map.set(tool, readToolGate(r, tool));
    }
    r.finish('approval gate map');
    if (!bytesEqual(encodeApprovalGates(map), bytes)) malformed('approval gate map is not in canonical form');
    return map;
  } catch (e) {
    if (e instanceof TenuoError) throw new TenuoError(ErrorCode.MalformedCBOR, `failed to decode approval gate map: ${e.message}`, {}, { cause: e });
    throw e;
  }
}

// ---------------------------------------------------------------------------
// Evaluation
// ---------------------------------------------------------------------------

/**
 * Does this call need approval? (reference `evaluate_approval_gates`; call it
 * after the tool and its constraints have been authorized.) No map or an
 * ungated tool → false; whole-tool gate → true; otherwise the argument gates
 * in byte-wise order: a missing argument fires (fail-safe), `all` fires, a
 * constraint gate fires when it matches, an exempt gate when it does not.
 * A constraint that cannot be evaluated throws, which must deny.
 */
export function gateFires(map: ApprovalGateMap | undefined, tool: string, args: ToolArgs): boolean {
  if (map === undefined) return false;
  const gate = map.get(tool);
  if (gate === undefined) return false;
  if (gate.args === null) return true;
  if (typeof args !== 'object' || args === null) gateError('tool args must be an object');
  for (const [arg, argGate] of sortedEntries(gate.args)) {
    const value = Object.hasOwn(args, arg) ? (args[arg] as ConstraintValue | undefined) : undefined;
    if (value === undefined) return true;
    if (argGate === 'all') return true;
    if (isExemptGate(argGate)) {
      if (!argGate.exempt.matches(value)) return true;
    } else if (isConstraintGate(argGate)) {
      if (argGate.constraint.matches(value)) return true;
    } else {
      gateError(`malformed gate for argument "${arg}"`);
    }
  }
  return false;
}

function toolSet(tools: Iterable<string> | ReadonlyMap<string, unknown>): Set<string> {
  return new Set(tools instanceof Map ? (tools as ReadonlyMap<string, unknown>).keys() : (tools as Iterable<string>));
}

/**
 * The child's inherited gates (reference `propagate_approval_gates`): the
 * parent's gates for tools the child keeps, unchanged; undefined when none remain.
 */
export function propagateGates(parentMap: ApprovalGateMap | undefined, childTools: Iterable<string> | ReadonlyMap<string, unknown>): ApprovalGateMap | undefined {
  if (parentMap === undefined) return undefined;
  const keep = toolSet(childTools);
  const out = new Map<string, ToolApprovalGate>();
  for (const [tool, gate] of sortedEntries(parentMap)) if (keep.has(tool)) out.set(tool, gate);
  return out.size === 0 ? undefined : out;
}

/** Reason names follow the reference's ApprovalGateError variants. */
export type GateMonotonicityReason =
  | 'GatesStripped'
  | 'ToolApprovalGateRemoved'
  | 'ToolApprovalGateWeakened'
  | 'ArgApprovalGateRemoved'
  | 'ArgApprovalGateWeakened'
  | 'ArgApprovalGateConstraintChanged'
  | 'ArgApprovalGateIncomparableVariants';

function violation(reason: GateMonotonicityReason, message: string, where: { tool?: string; arg?: string } = {}): never {
  throw new TenuoError(ErrorCode.InvalidAttenuation, `approval gate monotonicity violation: ${message}`, { reason, ...where });
}

function sameArgGate(a: ArgApprovalGate, b: ArgApprovalGate): boolean {
  if (a === 'all' || b === 'all') return a === b;
  if (isExemptGate(a) !== isExemptGate(b)) return false;
  const ca = isExemptGate(a) ? a.exempt : (a as { constraint: Constraint }).constraint;
  const cb = isExemptGate(b) ? b.exempt : (b as { constraint: Constraint }).constraint;
  return ca.typeId === cb.typeId && bytesEqual(encodeWith((w) => ca.write(w)), encodeWith((w) => cb.write(w)));
}

/** `parent.validate(child)` on the inner constraints; any refusal becomes `reason`. */
function innerAttenuates(parent: Constraint, child: Constraint, reason: GateMonotonicityReason, message: string, where: { tool: string; arg: string }): void {
  try {
    checkAttenuation(parent, child);
  } catch (e) {
    if (e instanceof TenuoError) violation(reason, `${message} (${e.message})`, where);
    throw e;
  }
}

function checkArgGateMonotonic(parent: ArgApprovalGate, child: ArgApprovalGate, where: { tool: string; arg: string }): void {
  if (sameArgGate(parent, child)) return;
  if (child === 'all') return; // the strictest gate replaces anything
  if (parent === 'all') violation('ArgApprovalGateWeakened', `arg gate "${where.arg}" of "${where.tool}" weakened from all`, where);
  const parentExempt = isExemptGate(parent);
  if (parentExempt !== isExemptGate(child)) {
    violation('ArgApprovalGateIncomparableVariants', `exempt and constraint gates are incomparable ("${where.arg}" of "${where.tool}"); re-derive from the root to change the gate variant`, where);
  }
  if (parentExempt) {
    // The child may only exempt a subset of what the parent exempts.
    innerAttenuates((parent as { exempt: Constraint }).exempt, (child as { exempt: Constraint }).exempt, 'ArgApprovalGateWeakened', `exempt gate "${where.arg}" of "${where.tool}" widened`, where);
  } else {
    // As the reference: the child's trigger constraint must attenuate the parent's.
    innerAttenuates((parent as { constraint: Constraint }).constraint, (child as { constraint: Constraint }).constraint, 'ArgApprovalGateConstraintChanged', `constraint gate "${where.arg}" of "${where.tool}" changed`, where);
  }
}

/**
 * The chain rule (reference `verify_approval_gate_monotonicity`, run on every
 * link): a parent gate must survive in the child for every tool the child
 * still holds; a whole-tool gate cannot become per-argument; every parent
 * argument gate must be kept; `all` may replace anything; exempt and
 * constraint gates never convert; same-variant gates compare with the
 * attenuation lattice. Throws InvalidAttenuation (1502) with `details.reason`
 * (the reference reports these inside ChainVerificationFailed, 1405).
 */
export function checkGateMonotonicity(
  parentMap: ApprovalGateMap | undefined,
  childMap: ApprovalGateMap | undefined,
  childTools: Iterable<string> | ReadonlyMap<string, unknown>,
): void {
  if (parentMap === undefined) return;
  const kept = toolSet(childTools);
  if (childMap === undefined) {
    for (const [tool] of sortedEntries(parentMap)) {
      if (kept.has(tool)) violation('GatesStripped', 'child stripped all approval gates from parent', { tool });
    }
    return;
  }
  for (const [tool, parentGate] of sortedEntries(parentMap)) {
    if (!kept.has(tool)) continue;
    const childGate = childMap.get(tool);
    if (childGate === undefined) violation('ToolApprovalGateRemoved', `approval gate removed for tool "${tool}"`, { tool });
    if (parentGate.args === null) {
      if (childGate.args !== null) violation('ToolApprovalGateWeakened', `whole-tool gate of "${tool}" weakened to per-argument gates`, { tool });
      continue;
    }
    if (childGate.args === null) continue; // whole-tool is stricter than any per-argument gate
    for (const [arg, parentArgGate] of sortedEntries(parentGate.args)) {
      const childArgGate = childGate.args.get(arg);
      if (childArgGate === undefined) violation('ArgApprovalGateRemoved', `arg gate "${arg}" removed for tool "${tool}"`, { tool, arg });
      checkArgGateMonotonic(parentArgGate, childArgGate, { tool, arg });
    }
  }
}
