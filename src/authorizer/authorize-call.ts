/**
 * The per-call half of authorization, after the chain is verified: clearance,
 * leaf expiry and type, tool entry, proof of possession, arguments, approval
 * gates — in the reference's order (reference-map §5.1).
 */
import type { SignedApproval } from '../approval/approval.js';
import { enforceApprovalGates, type VerifiedApproval } from '../approval/verify.js';
import { ErrorCode, TenuoError } from '../errors.js';
import type { ToolArgs } from '../pop/challenge.js';
import { verifyPop } from '../pop/verify.js';
import type { Warrant } from '../warrant/warrant.js';
import type { ConstraintSet } from '../constraints/set.js';

export interface CallPolicy {
  clearances: ReadonlyMap<string, number>;
  popWindowSeconds: number;
  popMaxWindows: number;
  clockTolerance: number;
}

export interface CallOutcome {
  popWindow: number;
  checks: string[];
  approvals: VerifiedApproval[];
}

/** Exact tool, then the longest matching `prefix*`, then `*`. */
export function requiredClearance(clearances: ReadonlyMap<string, number>, tool: string): number | undefined {
  if (clearances.size === 0) return undefined;
  const exact = clearances.get(tool);
  if (exact !== undefined) return exact;
  let best: { length: number; level: number } | undefined;
  for (const [pattern, level] of clearances) {
    if (pattern.length > 1 && pattern.endsWith('*') && tool.startsWith(pattern.slice(0, -1))) {
      if (!best || pattern.length > best.length) best = { length: pattern.length, level };
    }
  }
  return best?.level ?? clearances.get('*');
}

export function checkCallShape(tool: unknown, args: unknown): void {
  if (typeof tool !== 'string' || tool.length === 0) throw new TenuoError(ErrorCode.ToolNotAuthorized, 'tool must be a non-empty string');
  if (typeof args !== 'object' || args === null || Array.isArray(args)) throw new TenuoError(ErrorCode.ConstraintViolation, 'args must be an object');
}

/** Checks before the PoP: clearance, leaf expiry and type, the tool entry. Returns the tool's constraints. */
export function precheckCall(policy: CallPolicy, leaf: Warrant, tool: string, now: number, checks: string[]): ConstraintSet {
  const required = requiredClearance(policy.clearances, tool);
  if (required !== undefined) {
    const actual = leaf.clearance ?? 0;
    if (actual < required) throw new TenuoError(ErrorCode.ToolNotAuthorized, `tool "${tool}" requires clearance ${required}; the warrant has ${actual}`, { required, actual });
    checks.push('clearance');
  }
  if (leaf.isExpired(now)) throw new TenuoError(ErrorCode.WarrantExpired, `warrant ${leaf.id} expired at ${leaf.expiresAt}`);
  if (leaf.type !== 'execution') throw new TenuoError(ErrorCode.ToolNotAuthorized, 'only execution warrants authorize tool calls');
  const constraints = leaf.tools.get(tool) ?? leaf.tools.get('*');
  if (!constraints) throw new TenuoError(ErrorCode.ToolNotAuthorized, `warrant does not authorize tool "${tool}"`, { tool });
  checks.push('tool');
  return constraints;
}

/** The PoP over every allowed window; `firstWindowFailed` skips the current window (already checked in a batch). */
export function checkPop(policy: CallPolicy, leaf: Warrant, tool: string, args: ToolArgs, popSignature: Uint8Array | null | undefined, now: number, firstWindowFailed = false): number {
  if (!popSignature) throw new TenuoError(ErrorCode.PopSignatureInvalid, 'proof-of-possession signature required');
  const window = verifyPop(
    { holder: leaf.holder, warrantIdHex: leaf.idHex, tool, args, signature: popSignature, now, windowSeconds: policy.popWindowSeconds, maxWindows: policy.popMaxWindows },
    firstWindowFailed,
  );
  if (window === undefined) throw new TenuoError(ErrorCode.PopSignatureInvalid, 'proof-of-possession does not verify for this call in any allowed window');
  return window;
}

/** Checks after the PoP: arguments against the constraints, then approval gates. */
export function finishCall(policy: CallPolicy, leaf: Warrant, constraints: ConstraintSet, tool: string, args: ToolArgs, approvals: readonly SignedApproval[], now: number, checks: string[]): VerifiedApproval[] {
  constraints.check(args);
  checks.push('constraints');
  const counted = enforceApprovalGates({ leaf, tool, args, approvals, now, toleranceSeconds: policy.clockTolerance });
  if (counted.length > 0) checks.push('approvals');
  return counted;
}

/** Everything after the chain, for one call. */
export function authorizeCall(
  policy: CallPolicy,
  leaf: Warrant,
  tool: string,
  args: ToolArgs,
  popSignature: Uint8Array | null | undefined,
  approvals: readonly SignedApproval[],
  now: number,
): CallOutcome {
  const checks = ['chain'];
  const constraints = precheckCall(policy, leaf, tool, now, checks);
  const popWindow = checkPop(policy, leaf, tool, args, popSignature, now);
  checks.push('pop');
  const counted = finishCall(policy, leaf, constraints, tool, args, approvals, now, checks);
  return { popWindow, checks, approvals: counted };
}
