/**
 * Authorizer: the offline verifier, mirroring the reference's Authorizer
 * (planes.rs). Configure trust once with the builder, then verify chains and
 * authorize tool calls; signature checks, canonical decoding, the chain walk
 * and revocation lookups run in WASM.
 */
import type { SignedApproval } from '../approval/approval.js';
import type { VerifiedApproval } from '../approval/verify.js';
import { sha256 } from '../crypto/hash.js';
import type { PublicKey } from '../crypto/keys.js';
import { ErrorCode, TenuoError } from '../errors.js';
import type { ToolArgs } from '../pop/challenge.js';
import { SignedRevocationList } from '../revocation/srl.js';
import { toHex } from '../util/bytes.js';
import { Warrant } from '../warrant/warrant.js';
import { WarrantStack } from '../warrant/stack.js';
import { coreError, FailStage, setTrustedRoots, walkChain } from '../wasm/core.js';
import { loadRevokedIds } from '../wasm/revocation.js';
import { authorizeCall, checkCallShape, type CallPolicy } from './authorize-call.js';
import { runBatch } from './batch.js';
import { ChainCache } from './chain-cache.js';
import { toStackBytes, type WarrantInput } from './input.js';
import { checkLinkConstraints } from './lattice-seam.js';
import { AuthorizerBuilder } from './builder.js';

export const DEFAULT_CLOCK_TOLERANCE_SECONDS = 30;

export interface VerifiedLink {
  /** `tnu_wrt_<hex>`. */
  warrantId: string;
  depth: number;
  issuer: PublicKey;
  holder: PublicKey;
}

export interface VerifiedChain {
  leaf: Warrant;
  /** Root first. */
  warrants: readonly Warrant[];
  rootIssuer: PublicKey;
  chainLength: number;
  leafDepth: number;
  links: readonly VerifiedLink[];
}

export interface VerifyOptions {
  /** Unix seconds; now by default. */
  now?: number;
}

export interface AuthorizeOptions extends VerifyOptions {
  approvals?: readonly SignedApproval[];
}

export interface AuthorizationResult {
  authorized: true;
  /** `tnu_wrt_<hex>` of the leaf. */
  warrantId: string;
  tool: string;
  chainLength: number;
  leafDepth: number;
  /** The PoP window the signature was made for. */
  popWindow: number;
  /** The checks that passed, in order. */
  checks: readonly string[];
  /** Approvals counted when an approval gate fired (empty otherwise). */
  approvals: readonly VerifiedApproval[];
  chain: VerifiedChain;
}

/** One tool call for `verifyBatch`. */
export interface BatchRequest {
  warrant: WarrantInput;
  tool: string;
  args: ToolArgs;
  pop: Uint8Array | null | undefined;
  approvals?: readonly SignedApproval[];
}

export type BatchResult =
  | { ok: true; warrantId: string; tool: string; popWindow: number; checks: readonly string[] }
  | { ok: false; code: number; kind: string; message: string };

/** @internal The builder's output. */
export interface AuthorizerConfig extends CallPolicy {
  roots: PublicKey[];
  controlPlaneKey?: PublicKey;
  chainCacheEntries: number;
}

/** Which configuration's roots, and which revocation list, the (process-wide) core currently holds. */
let rootsLoadedFor: object | undefined;
let revocationsLoadedFor: object | undefined;
const NO_REVOCATIONS = {};

function nowSeconds(options?: VerifyOptions): number {
  const now = options?.now ?? Math.floor(Date.now() / 1000);
  if (typeof now !== 'number' || !Number.isSafeInteger(now) || now < 0) {
    throw new TenuoError(ErrorCode.InvalidPayloadStructure, 'now must be non-negative integer Unix seconds');
  }
  return now;
}

/** Keys of Warrant/WarrantStack objects already seen (their bytes never change). */
const objectKeys = new WeakMap<object, string>();

/**
 * The cache key, computed without decoding: text as given; bytes by their
 * SHA-256; Warrant and WarrantStack objects by the SHA-256 of their bytes,
 * remembered per object.
 */
function cacheKey(input: WarrantInput): string {
  if (typeof input === 'string') return input;
  if (input instanceof Uint8Array) return toHex(sha256(input));
  if (input instanceof Warrant || input instanceof WarrantStack) {
    let key = objectKeys.get(input);
    if (key === undefined) {
      key = toHex(sha256(toStackBytes(input)));
      objectKeys.set(input, key);
    }
    return key;
  }
  throw new TenuoError(ErrorCode.MalformedCBOR, 'expected a WarrantStack, Warrant, bytes, base64 or PEM');
}


export class Authorizer {
  /** A builder: `Authorizer.builder().trustedRoot(key).build()`. */
  static builder(): AuthorizerBuilder {
    return new AuthorizerBuilder();
  }

  readonly #config: Readonly<AuthorizerConfig>;
  readonly #cache: ChainCache;
  #srl: SignedRevocationList | undefined;

  /** @internal Use `Authorizer.builder()`. */
  constructor(config: AuthorizerConfig, srl?: SignedRevocationList) {
    this.#config = Object.freeze({ ...config, roots: [...config.roots] });
    this.#cache = new ChainCache(config.chainCacheEntries);
    if (srl) this.setRevocationList(srl);
  }

  get trustedRoots(): readonly PublicKey[] {
    return this.#config.roots;
  }

  get clockTolerance(): number {
    return this.#config.clockTolerance;
  }

  get popWindow(): { windowSeconds: number; maxWindows: number } {
    return { windowSeconds: this.#config.popWindowSeconds, maxWindows: this.#config.popMaxWindows };
  }

  /** Number of verified chains currently cached. */
  get cachedChains(): number {
    return this.#cache.size;
  }

  /**
   * Installs a newer Signed Revocation List. It must be signed by the control
   * plane key given to the builder, and its version may not go backwards
   * (anti-rollback): an older list is refused and the current one stays.
   * Cached chains are dropped.
   */
  setRevocationList(srl: SignedRevocationList): void {
    if (!(srl instanceof SignedRevocationList)) throw new TenuoError(ErrorCode.SRLInvalid, 'expected a SignedRevocationList');
    const key = this.#config.controlPlaneKey;
    if (!key) throw new TenuoError(ErrorCode.SRLInvalid, 'no control-plane key configured: use builder().revocationList(srl, key) or .controlPlaneKey(key)');
    srl.verify(key);
    if (this.#srl && srl.version < this.#srl.version) {
      throw new TenuoError(ErrorCode.SRLVersionRollback, `revocation list version ${srl.version} is older than the current ${this.#srl.version}`);
    }
    this.#srl = srl;
    this.#cache.clear();
  }

  /** The installed revocation list, if any. */
  get revocationList(): SignedRevocationList | undefined {
    return this.#srl;
  }

  /** Puts this authorizer's roots and revocation set into the shared core (only when another one was there). */
  private loadState(): void {
    if (rootsLoadedFor !== this.#config) {
      setTrustedRoots(this.#config.roots.map((k) => k.rawBytes));
      rootsLoadedFor = this.#config;
    }
    const revocations = this.#srl ?? NO_REVOCATIONS;
    if (revocationsLoadedFor !== revocations) {
      loadRevokedIds(this.#srl ? this.#srl.revokedIds : []);
      revocationsLoadedFor = revocations;
    }
  }

  /** The uncached walk: WASM decode + walk, then the constraint-set seam for each passed link. */
  private walk(bytes: Uint8Array, now: number): VerifiedChain {
    this.loadState();
    const result = walkChain(bytes, now, this.#config.clockTolerance);
    if (result.failStage === FailStage.Decode) throw coreError(result.code, 'cannot decode warrant chain', result.failIndex);
    if (result.failStage === FailStage.Chain) throw coreError(result.code, 'chain verification failed', result.failIndex);
    const warrants: Warrant[] = [];
    for (const span of result.spans) warrants.push(Warrant.fromSpan(span, warrants.slice()));
    // Links the core passed still owe their constraint-set attenuation (in order).
    const checkedUpTo = result.failStage === FailStage.Link ? result.failIndex : warrants.length;
    for (let i = 1; i < checkedUpTo; i++) checkLinkConstraints(warrants[i - 1] as Warrant, warrants[i] as Warrant, i);
    if (result.code !== 0) throw coreError(result.code, 'chain verification failed', result.failIndex);
    const leaf = warrants[warrants.length - 1] as Warrant;
    return {
      leaf,
      warrants,
      rootIssuer: (warrants[0] as Warrant).issuer,
      chainLength: warrants.length,
      leafDepth: leaf.depth,
      links: warrants.map((w) => ({ warrantId: w.id, depth: w.depth, issuer: w.issuer, holder: w.holder })),
    };
  }

  /**
   * Verifies a delegation chain: every signature (before its payload is
   * parsed), canonical encoding, trust anchoring, revocation, I1–I5 link by
   * link, time rules with the clock tolerance. Throws `TenuoError` with the
   * code of the first failed check; returns the verified leaf and links.
   * Verified chains are cached (see chain-cache.ts).
   */
  verifyChain(input: WarrantInput, options?: VerifyOptions): VerifiedChain {
    const now = nowSeconds(options);
    // With the cache disabled there is nothing to look up: skip hashing the input.
    if (this.#cache.maxEntries <= 0) return this.walk(toStackBytes(input), now);
    const key = cacheKey(input);
    const cached = this.#cache.get(key, now);
    if (cached) return cached;
    const chain = this.walk(toStackBytes(input), now);
    this.#cache.set(key, chain, this.#config.clockTolerance);
    return chain;
  }

  /**
   * Authorizes one tool call: verifies the chain (signatures, trust,
   * I1–I5, revocation, time), then the tool's clearance requirement, the
   * leaf's expiry (`now ≥ expires_at` is expired) and type, the tool entry,
   * proof of possession by the leaf's holder, the arguments against the
   * tool's constraints, and approval gates. Throws TenuoError naming the
   * failed check.
   */
  authorize(input: WarrantInput, tool: string, args: ToolArgs, popSignature: Uint8Array | null | undefined, options: AuthorizeOptions = {}): AuthorizationResult {
    checkCallShape(tool, args);
    const now = nowSeconds(options);
    const chain = this.verifyChain(input, { now });
    const outcome = authorizeCall(this.#config, chain.leaf, tool, args, popSignature, options.approvals ?? [], now);
    return { authorized: true, warrantId: chain.leaf.id, tool, chainLength: chain.chainLength, leafDepth: chain.leafDepth, ...outcome, chain };
  }

  /**
   * Authorizes many calls; one result per request, in order. Never throws for
   * a bad request, and a bad request cannot affect its neighbours: each
   * decision equals `authorize()`'s for that request alone.
   */
  verifyBatch(requests: readonly BatchRequest[], options: VerifyOptions = {}): BatchResult[] {
    if (!Array.isArray(requests)) throw new TenuoError(ErrorCode.InvalidPayloadStructure, 'verifyBatch needs an array of requests');
    const now = nowSeconds(options);
    return runBatch(this.#config, (input, at) => this.verifyChain(input, { now: at }), requests, now);
  }
}
