/**
 * Multi-signature approvals at authorization time (reference-map §5.4–5.5):
 * the threshold check over a leaf warrant's `required_approvers`, the
 * ApprovalRequired error a fired gate produces when no approvals came with
 * the call, and the whole gate step as the authorizer runs it.
 */
import { PublicKey } from '../crypto/keys.js';
import { ErrorCode, TenuoError, type ErrorCodeValue } from '../errors.js';
import type { ToolArgs } from '../pop/challenge.js';
import { bytesEqual, toHex } from '../util/bytes.js';
import type { Warrant } from '../warrant/warrant.js';
import { type ApprovalPayload, computeRequestHash, SignedApproval } from './approval.js';
import { APPROVAL_GATES_EXTENSION_KEY, gateFires, parseApprovalGates } from './gates.js';

/** Approvals may have expired this long ago and still count (clock skew). */
export const DEFAULT_APPROVAL_TOLERANCE_SECONDS = 30;

export interface VerifyApprovalsOptions {
  /** The warrant being exercised (the chain's leaf). */
  leaf: Warrant;
  tool: string;
  /** The arguments the holder signed (the PoP view), which approvers signed too. */
  args: ToolArgs;
  approvals: readonly SignedApproval[];
  /** Unix seconds; now by default. */
  now?: number;
  toleranceSeconds?: number;
}

/** An approval that counted towards the threshold. */
export interface VerifiedApproval {
  approverKey: PublicKey;
  externalId: string;
  /** Unix seconds. */
  approvedAt: number;
  /** Unix seconds. */
  expiresAt: number;
  requestHash: Uint8Array;
  approval: SignedApproval;
}

type Rejection = 'invalidSignature' | 'untrusted' | 'duplicate' | 'expired' | 'hashMismatch';

const REJECTION_LABEL: Record<Rejection, string> = {
  invalidSignature: 'invalid signature',
  untrusted: 'untrusted',
  duplicate: 'duplicate',
  expired: 'expired',
  hashMismatch: 'hash mismatch',
};

/**
 * The reference's `approval_threshold`: min(min_approvals, approvers) when
 * both are set, the number of approvers when only they are, else 0.
 */
export function approvalThreshold(leaf: Warrant): number {
  const approvers = leaf.requiredApprovers;
  if (approvers === undefined) return 0;
  const min = leaf.minApprovals;
  return min === undefined ? approvers.length : Math.min(min, approvers.length);
}

function seconds(value: number | undefined, fallback: number, what: string): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw new TenuoError(ErrorCode.ApprovalInvalid, `${what} must be non-negative seconds`);
  }
  return Math.floor(value);
}

/**
 * The reference's `verify_approvals_with_tolerance`. Returns the approvals
 * that met the threshold (empty when the warrant needs none). Each approval
 * is checked in order: signature and payload (`verify`), approver listed,
 * approver not already counted, not expired beyond the tolerance, bound to
 * this exact request; checking stops once the threshold is met.
 *
 * Errors: more than 2 × approvers supplied → ApprovalInvalid (1701). A single
 * approval under threshold 1 that fails → that approval's most specific code
 * (1701/1704/1705 from `verify`, 1702 unlisted approver, 1703 expired, 1706
 * other request); the reference reports all of these as 1701 with the reason.
 * Otherwise too few valid approvals → InsufficientApprovals (1700) with
 * details `{ required, received, rejected }`.
 */
export function verifyApprovals(options: VerifyApprovalsOptions): VerifiedApproval[] {
  const { leaf, tool, args, approvals } = options;
  const approvers = leaf.requiredApprovers;
  if (approvers === undefined || approvers.length === 0) return [];
  const threshold = approvalThreshold(leaf);
  if (threshold === 0) return [];
  if (!Array.isArray(approvals) || !approvals.every((a) => a instanceof SignedApproval)) {
    throw new TenuoError(ErrorCode.ApprovalInvalid, 'approvals must be an array of SignedApproval');
  }
  const max = approvers.length * 2;
  if (approvals.length > max) {
    throw new TenuoError(ErrorCode.ApprovalInvalid, `too many approvals: ${approvals.length} provided, max ${max}`, { provided: approvals.length, max });
  }
  const now = seconds(options.now, Math.floor(Date.now() / 1000), 'now');
  const tolerance = seconds(options.toleranceSeconds, DEFAULT_APPROVAL_TOLERANCE_SECONDS, 'toleranceSeconds');
  const requestHash = computeRequestHash(leaf.id, tool, args, leaf.holder);

  const seen: PublicKey[] = [];
  const rejections: Array<{ kind: Rejection; error: TenuoError }> = [];
  const verified: VerifiedApproval[] = [];
  const reject = (kind: Rejection, code: ErrorCodeValue, message: string, cause?: unknown) => {
    rejections.push({ kind, error: new TenuoError(code, message, { reason: kind }, cause === undefined ? undefined : { cause }) });
  };

  for (const approval of approvals) {
    let payload: ApprovalPayload;
    try {
      payload = approval.verify(now);
    } catch (e) {
      const code = e instanceof TenuoError ? e.code : ErrorCode.ApprovalInvalid;
      reject('invalidSignature', code, `invalid approval: ${(e as Error).message}`, e);
      continue;
    }
    const key = approval.approverKey;
    if (!approvers.some((a) => a.equals(key))) {
      reject('untrusted', ErrorCode.ApproverNotAuthorized, `approver ${key.toHex()} is not in the warrant's required approvers`);
      continue;
    }
    if (seen.some((s) => s.equals(key))) {
      reject('duplicate', ErrorCode.ApprovalInvalid, `duplicate approval from approver ${key.toHex()}`);
      continue;
    }
    if (payload.expiresAt + BigInt(tolerance) < BigInt(now)) {
      reject('expired', ErrorCode.ApprovalExpired, `approval expired at ${payload.expiresAt} (beyond ${tolerance} s tolerance)`);
      continue;
    }
    if (!bytesEqual(payload.requestHash, requestHash)) {
      reject('hashMismatch', ErrorCode.ApprovalRequestHashMismatch, 'approval was signed for a different request (request hash mismatch)');
      continue;
    }
    verified.push({
      approverKey: key,
      externalId: payload.externalId,
      approvedAt: Number(payload.approvedAt),
      expiresAt: Number(payload.expiresAt),
      requestHash: payload.requestHash,
      approval,
    });
    seen.push(key);
    if (verified.length >= threshold) return verified;
  }

  // One approval offered for a 1-of-n requirement: report why it failed.
  if (threshold === 1 && approvals.length === 1 && rejections.length === 1) throw (rejections[0] as { error: TenuoError }).error;

  const counts: Partial<Record<Rejection, number>> = {};
  for (const { kind } of rejections) counts[kind] = (counts[kind] ?? 0) + 1;
  const summary = (Object.keys(REJECTION_LABEL) as Rejection[]).filter((k) => counts[k]).map((k) => `${counts[k]} ${REJECTION_LABEL[k]}`);
  throw new TenuoError(
    ErrorCode.InsufficientApprovals,
    `insufficient approvals: required ${threshold}, received ${verified.length}${summary.length ? ` [rejected: ${summary.join(', ')}]` : ''}`,
    { required: threshold, received: verified.length, rejected: counts },
  );
}

/**
 * The error a fired gate produces when the call came without approvals
 * (reference `Error::ApprovalRequired` carrying an `ApprovalRequest`): code
 * 1707 with details `{ requestHash, requiredApprovers, threshold, expiresAt,
 * tool, warrantId }` — what an approval service needs to collect signatures.
 */
export function approvalRequired(leaf: Warrant, tool: string, args: ToolArgs): TenuoError {
  const requestHash = toHex(computeRequestHash(leaf.id, tool, args, leaf.holder));
  const requiredApprovers = (leaf.requiredApprovers ?? []).map((k) => k.toHex());
  const threshold = approvalThreshold(leaf);
  return new TenuoError(ErrorCode.ApprovalRequired, `approval required for tool "${tool}": ${threshold} of ${requiredApprovers.length} approvers`, {
    requestHash,
    requiredApprovers,
    threshold,
    expiresAt: leaf.expiresAt,
    tool,
    warrantId: leaf.id,
  });
}

/**
 * The approval step of authorization (after tool, PoP and constraint checks):
 * parse the leaf's gate map (1202 if undecodable); if no gate fires, nothing
 * is required; if one fires, the warrant must list approvers (else 1701),
 * an empty `approvals` list yields ApprovalRequired (1707), and otherwise
 * `verifyApprovals` decides. Returns the approvals that were counted.
 */
export function enforceApprovalGates(options: VerifyApprovalsOptions): VerifiedApproval[] {
  const { leaf, tool, args } = options;
  const gates = parseApprovalGates(leaf.extensions.get(APPROVAL_GATES_EXTENSION_KEY));
  if (!gateFires(gates, tool, args)) return [];
  const approvers = leaf.requiredApprovers;
  if (approvers === undefined || approvers.length === 0) {
    throw new TenuoError(ErrorCode.ApprovalInvalid, `approval gate requires approval for tool "${tool}" but the warrant has no required approvers`);
  }
  if (options.approvals.length === 0) throw approvalRequired(leaf, tool, args);
  return verifyApprovals(options);
}
