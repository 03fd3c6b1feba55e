/**
 * verifyBatch in three passes, so the proofs of possession of a whole batch
 * are checked together by Ed25519 batch verification in WASM:
 *   1. per request: shape, chain (usually from the cache), clearance, expiry,
 *      type, tool — exactly the checks `authorize()` makes before the PoP;
 *   2. all PoPs for the current window at once (ed25519VerifyBatch, whose
 *      per-item answers equal single verify_strict on honest input; a batch
 *      with a failure is bisected), then each remaining PoP over the other
 *      allowed windows, one by one;
 *   3. per request: arguments and approval gates.
 * Each request's decision, and the first failed check it reports, equal
 * `authorize()`'s for that request alone.
 */
import { ed25519VerifyBatch, type Ed25519BatchItem } from '../crypto/ed25519-batch.js';
import type { ConstraintSet } from '../constraints/set.js';
import { ErrorCode, TenuoError } from '../errors.js';
import { PopMessages, popCandidates } from '../pop/verify.js';
import type { Warrant } from '../warrant/warrant.js';
import type { BatchRequest, BatchResult, VerifiedChain } from './authorizer.js';
import { checkCallShape, checkPop, finishCall, precheckCall, type CallPolicy } from './authorize-call.js';

interface Pending {
  index: number;
  request: BatchRequest;
  leaf: Warrant;
  constraints: ConstraintSet;
  checks: string[];
  batchItem?: number;
}

function failure(e: unknown): BatchResult {
  const err = e instanceof TenuoError ? e : new TenuoError(ErrorCode.InvalidPayloadStructure, `unexpected input: ${(e as Error)?.message ?? String(e)}`);
  return { ok: false, code: err.code, kind: err.kind, message: err.message };
}

export function runBatch(
  policy: CallPolicy,
  verifyChain: (input: BatchRequest['warrant'], now: number) => VerifiedChain,
  requests: readonly BatchRequest[],
  now: number,
): BatchResult[] {
  const results: BatchResult[] = new Array(requests.length);
  const pending: Pending[] = [];
  const items: Ed25519BatchItem[] = [];
  const window = popCandidates(now, policy.popWindowSeconds, policy.popMaxWindows)[0] as number;
  // A batch usually runs under a few chains: each leaf's id texts are made once.
  const ids = new Map<Warrant, { text: string; hex: string }>();
  const idsOf = (leaf: Warrant) => {
    let found = ids.get(leaf);
    if (found === undefined) ids.set(leaf, (found = { text: leaf.id, hex: leaf.idHex }));
    return found;
  };

  requests.forEach((request, index) => {
    try {
      if (typeof request !== 'object' || request === null) throw new TenuoError(ErrorCode.InvalidPayloadStructure, 'request must be an object');
      checkCallShape(request.tool, request.args);
      const chain = verifyChain(request.warrant, now);
      const checks = ['chain'];
      const constraints = precheckCall(policy, chain.leaf, request.tool, now, checks);
      const p: Pending = { index, request, leaf: chain.leaf, constraints, checks };
      const pop = request.pop;
      if (pop instanceof Uint8Array && pop.length === 64) {
        p.batchItem = items.length;
        items.push({ publicKey: chain.leaf.holder.rawBytes, message: new PopMessages(idsOf(chain.leaf).hex, request.tool, request.args).forWindow(window), signature: pop });
      }
      pending.push(p);
    } catch (e) {
      results[index] = failure(e);
    }
  });

  const valid = items.length > 0 ? ed25519VerifyBatch(items) : [];
  for (const p of pending) {
    const { request } = p;
    try {
      const popWindow = p.batchItem !== undefined && valid[p.batchItem] ? window : checkPop(policy, p.leaf, request.tool, request.args, request.pop, now, p.batchItem !== undefined);
      p.checks.push('pop');
      finishCall(policy, p.leaf, p.constraints, request.tool, request.args, request.approvals ?? [], now, p.checks);
      results[p.index] = { ok: true, warrantId: idsOf(p.leaf).text, tool: request.tool, popWindow, checks: p.checks };
    } catch (e) {
      results[p.index] = failure(e);
    }
  }
  return results;
}
