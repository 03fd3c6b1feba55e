/**
 * Verified-chain cache: a chain whose signatures and invariants passed is
 * remembered by the exact bytes that were verified, so a warm request costs
 * only the per-call checks (PoP, constraints, approvals). An entry is used
 * only inside the time span in which an uncached walk would reach the same
 * verdict — after every issued_at and up to the earliest expiry, both with
 * the clock tolerance applied exactly as the walk applies it — and the whole
 * cache is dropped whenever the revocation list changes. Bounded LRU.
 */
import type { VerifiedChain } from './authorizer.js';

export const DEFAULT_CHAIN_CACHE_ENTRIES = 10_000;

interface Entry {
  chain: VerifiedChain;
  /** First and last `now` (inclusive) at which the chain walk's time rules all pass. */
  validFrom: number;
  validUntil: number;
}

/**
 * The span of `now` values for which every warrant passes the chain time
 * rules, computed on the raw integers (a span that does not fit a safe JS
 * integer is never served from the cache).
 */
export function timeSpan(chain: VerifiedChain, tolerance: number): { validFrom: number; validUntil: number } {
  const tol = BigInt(tolerance);
  let from = 0n;
  let until = BigInt(Number.MAX_SAFE_INTEGER);
  for (const w of chain.warrants) {
    // Issued in the future when issued_at > now + tolerance; expired when now > expires_at + tolerance.
    const earliest = w.payload.issuedAt - tol;
    const latest = w.payload.expiresAt + tol;
    if (earliest > from) from = earliest;
    if (latest < until) until = latest;
  }
  return { validFrom: from > BigInt(Number.MAX_SAFE_INTEGER) ? Infinity : Number(from), validUntil: Number(until) };
}

export class ChainCache {
  readonly #entries = new Map<string, Entry>();

  constructor(readonly maxEntries: number = DEFAULT_CHAIN_CACHE_ENTRIES) {}

  get size(): number {
    return this.#entries.size;
  }

  /** The cached chain for `key` if it is still valid at `now`; stale entries are dropped. */
  get(key: string, now: number): VerifiedChain | undefined {
    const entry = this.#entries.get(key);
    if (!entry) return undefined;
    if (now > entry.validUntil) {
      this.#entries.delete(key);
      return undefined;
    }
    if (now < entry.validFrom) return undefined;
    // Refresh recency (Map iteration order is insertion order).
    this.#entries.delete(key);
    this.#entries.set(key, entry);
    return entry.chain;
  }

  set(key: string, chain: VerifiedChain, tolerance: number): void {
    if (this.maxEntries <= 0) return;
    this.#entries.delete(key);
    this.#entries.set(key, { chain, ...timeSpan(chain, tolerance) });
    while (this.#entries.size > this.maxEntries) {
      const oldest = this.#entries.keys().next().value as string;
      this.#entries.delete(oldest);
    }
  }

  clear(): void {
    this.#entries.clear();
  }
}
