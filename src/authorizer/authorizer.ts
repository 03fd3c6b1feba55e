/**
 * Authorizer: the offline verifier, mirroring the reference's Authorizer
 * (planes.rs). Configure trust once with the builder, then verify chains; the
 * signature checks, canonical decoding and chain walk run in WASM.
 */
import { PublicKey } from '../crypto/keys.js';
import { ErrorCode, TenuoError } from '../errors.js';
import { DEFAULT_POP_MAX_WINDOWS, DEFAULT_POP_WINDOW_SECONDS } from '../pop/challenge.js';
import { Warrant } from '../warrant/warrant.js';
import type { SignedApproval } from '../approval/approval.js';
import { enforceApprovalGates, type VerifiedApproval } from '../approval/verify.js';
import type { ToolArgs } from '../pop/challenge.js';
import { verifyPop } from '../pop/verify.js';
import { SignedRevocationList } from '../revocation/srl.js';
import { loadRevokedIds } from '../wasm/revocation.js';
import { coreError, FailStage, setTrustedRoots, walkChain } from '../wasm/core.js';
import { toStackBytes, type WarrantInput } from './input.js';
import { checkLinkConstraints } from './lattice-seam.js';

export const DEFAULT_CLOCK_TOLERANCE_SECONDS = 30;
export const MAX_TRUSTED_ROOTS = 64;

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

interface AuthorizerConfig {
  roots: PublicKey[];
  clockTolerance: number;
  popWindowSeconds: number;
  popMaxWindows: number;
  /** Tool (exact, `prefix*` or `*`) → minimum clearance. */
  clearances: ReadonlyMap<string, number>;
  controlPlaneKey?: PublicKey;
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

/** Which configuration's roots, and which revocation list, the (process-wide) core currently holds. */
let rootsLoadedFor: object | undefined;
let revocationsLoadedFor: object | undefined = undefined;
const EMPTY_REVOCATIONS = {};

function nowSeconds(options?: VerifyOptions): number {
  const now = options?.now ?? Math.floor(Date.now() / 1000);
  if (typeof now !== 'number' || !Number.isInteger(now) || now < 0) {
    throw new TenuoError(ErrorCode.InvalidPayloadStructure, 'now must be non-negative integer Unix seconds');
  }
  return now;
}

export class Authorizer {
  readonly #config: Readonly<AuthorizerConfig>;
  #srl: SignedRevocationList | undefined;

  /** @internal Use `Authorizer.builder()`. */
  constructor(config: AuthorizerConfig, srl?: SignedRevocationList) {
    this.#config = Object.freeze({ ...config, roots: [...config.roots] });
    if (srl) this.setRevocationList(srl);
  }

  /**
   * Installs a newer Signed Revocation List. It must be signed by the control
   * plane key given to the builder, and its version may not go backwards
   * (anti-rollback): an older list is refused and the current one stays.
   */
  setRevocationList(srl: SignedRevocationList): void {
    if (!(srl instanceof SignedRevocationList)) throw new TenuoError(ErrorCode.SRLInvalid, 'expected a SignedRevocationList');
    const key = this.#config.controlPlaneKey;
    if (!key) throw new TenuoError(ErrorCode.SRLInvalid, 'no control-plane key configured: use builder().revocationList(srl, key)');
    srl.verify(key);
    if (this.#srl && srl.version < this.#srl.version) {
      throw new TenuoError(ErrorCode.SRLVersionRollback, `revocation list version ${srl.version} is older than the current ${this.#srl.version}`);
    }
    this.#srl = srl;
  }

  /** The installed revocation list, if any. */
  get revocationList(): SignedRevocationList | undefined {
    return this.#srl;
  }

  static builder(): AuthorizerBuilder {
    return new AuthorizerBuilder();
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

  /** Puts this authorizer's roots and revocation set into the shared core (only when another one was there). */
  private loadState(): void {
    if (rootsLoadedFor !== this.#config) {
      setTrustedRoots(this.#config.roots.map((k) => k.rawBytes));
      rootsLoadedFor = this.#config;
    }
    const revocations = this.#srl ?? EMPTY_REVOCATIONS;
    if (revocationsLoadedFor !== revocations) {
      loadRevokedIds(this.#srl ? this.#srl.revokedIds : []);
      revocationsLoadedFor = revocations;
    }
  }

  /**
   * Verifies a delegation chain: every signature (before its payload is
   * parsed), canonical encoding, trust anchoring, I1–I5 link by link, time
   * rules with the clock tolerance. Throws `TenuoError` with the code of the
   * first failed check; returns the verified leaf and per-link details.
   */
  verifyChain(input: WarrantInput, options?: VerifyOptions): VerifiedChain {
    const now = nowSeconds(options);
    const bytes = toStackBytes(input);
    this.loadState();
    const result = walkChain(bytes, now, this.#config.clockTolerance);
    if (result.failStage === FailStage.Decode) throw coreError(result.code, 'cannot decode warrant chain', result.failIndex);
    const warrants = result.spans.map((span) => Warrant.fromSpan(span));
    if (result.failStage === FailStage.Chain) throw coreError(result.code, 'chain verification failed', result.failIndex);
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
   * Authorizes one tool call: verifies the chain (signatures, trust,
   * I1–I5, revocation, time), then the tool's clearance requirement, the
   * leaf's expiry (`now ≥ expires_at` is expired) and type, the tool entry,
   * proof of possession by the leaf's holder, and the arguments against the
   * tool's constraints. Throws TenuoError naming the failed check.
   */
  authorize(input: WarrantInput, tool: string, args: ToolArgs, popSignature: Uint8Array | null | undefined, options: AuthorizeOptions = {}): AuthorizationResult {
    if (typeof tool !== 'string' || tool.length === 0) throw new TenuoError(ErrorCode.ToolNotAuthorized, 'tool must be a non-empty string');
    if (typeof args !== 'object' || args === null || Array.isArray(args)) throw new TenuoError(ErrorCode.ConstraintViolation, 'args must be an object');
    const now = nowSeconds(options);
    const chain = this.verifyChain(input, { now });
    const leaf = chain.leaf;
    const checks = ['chain'];

    const required = requiredClearance(this.#config.clearances, tool);
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

    if (!popSignature) throw new TenuoError(ErrorCode.PopSignatureInvalid, 'proof-of-possession signature required');
    const window = verifyPop({
      holder: leaf.holder,
      warrantIdHex: leaf.idHex,
      tool,
      args,
      signature: popSignature,
      now,
      windowSeconds: this.#config.popWindowSeconds,
      maxWindows: this.#config.popMaxWindows,
    });
    if (window === undefined) throw new TenuoError(ErrorCode.PopSignatureInvalid, 'proof-of-possession does not verify for this call in any allowed window');
    checks.push('pop');

    constraints.check(args);
    checks.push('constraints');

    const approvals = enforceApprovalGates({ leaf, tool, args, approvals: options.approvals ?? [], now, toleranceSeconds: this.#config.clockTolerance });
    if (approvals.length > 0) checks.push('approvals');
    return { authorized: true, warrantId: leaf.id, tool, chainLength: chain.chainLength, leafDepth: chain.leafDepth, popWindow: window, checks, approvals, chain };
  }
}

/** Exact tool, then the longest matching `prefix*`, then `*`. */
function requiredClearance(clearances: ReadonlyMap<string, number>, tool: string): number | undefined {
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

export class AuthorizerBuilder {
  readonly #roots: PublicKey[] = [];
  #clockTolerance = DEFAULT_CLOCK_TOLERANCE_SECONDS;
  #popWindowSeconds = DEFAULT_POP_WINDOW_SECONDS;
  #popMaxWindows = DEFAULT_POP_MAX_WINDOWS;
  readonly #clearances = new Map<string, number>();
  #controlPlaneKey: PublicKey | undefined;
  #srl: SignedRevocationList | undefined;

  trustedRoot(key: PublicKey): this {
    if (!(key instanceof PublicKey)) throw new TenuoError(ErrorCode.InvalidPayloadStructure, 'trustedRoot needs a PublicKey');
    if (!this.#roots.some((k) => k.equals(key))) this.#roots.push(key);
    if (this.#roots.length > MAX_TRUSTED_ROOTS) throw new TenuoError(ErrorCode.InvalidPayloadStructure, `at most ${MAX_TRUSTED_ROOTS} trusted roots`);
    return this;
  }

  trustedRoots(keys: Iterable<PublicKey>): this {
    for (const key of keys) this.trustedRoot(key);
    return this;
  }

  /** Clock skew allowed on the chain's time rules, in seconds (default 30). */
  clockTolerance(seconds: number): this {
    if (!Number.isInteger(seconds) || seconds < 0 || seconds > 3600) {
      throw new TenuoError(ErrorCode.InvalidPayloadStructure, 'clockTolerance must be an integer between 0 and 3600 seconds');
    }
    this.#clockTolerance = seconds;
    return this;
  }

  /** PoP windows: `windowSeconds` wide (default 30), `maxWindows` tried (2–10, default 5). */
  popWindow(windowSeconds: number, maxWindows: number = DEFAULT_POP_MAX_WINDOWS): this {
    if (!Number.isInteger(windowSeconds) || windowSeconds < 1 || windowSeconds > 3600) {
      throw new TenuoError(ErrorCode.InvalidPayloadStructure, 'popWindow seconds must be an integer between 1 and 3600');
    }
    if (!Number.isInteger(maxWindows) || maxWindows < 2 || maxWindows > 10) {
      throw new TenuoError(ErrorCode.InvalidPayloadStructure, 'popWindow maxWindows must be an integer between 2 and 10');
    }
    this.#popWindowSeconds = windowSeconds;
    this.#popMaxWindows = maxWindows;
    return this;
  }

  /** Requires clearance ≥ level for `tool` (exact name, `prefix*`, or `*`). */
  requireClearance(tool: string, level: number): this {
    if (typeof tool !== 'string' || tool.length === 0) throw new TenuoError(ErrorCode.InvalidPayloadStructure, 'requireClearance needs a tool name or pattern');
    if (!Number.isInteger(level) || level < 0 || level > 255) throw new TenuoError(ErrorCode.InvalidPayloadStructure, 'clearance levels are integers 0–255');
    this.#clearances.set(tool, level);
    return this;
  }

  /** Starts with this revocation list, verified against the control plane's key (later lists via setRevocationList). */
  revocationList(srl: SignedRevocationList, controlPlaneKey: PublicKey): this {
    if (!(controlPlaneKey instanceof PublicKey)) throw new TenuoError(ErrorCode.SRLInvalid, 'revocationList needs the control-plane PublicKey');
    srl.verify(controlPlaneKey);
    this.#srl = srl;
    this.#controlPlaneKey = controlPlaneKey;
    return this;
  }

  /** The key that signs revocation lists, for setRevocationList without an initial list. */
  controlPlaneKey(key: PublicKey): this {
    if (!(key instanceof PublicKey)) throw new TenuoError(ErrorCode.SRLInvalid, 'controlPlaneKey needs a PublicKey');
    this.#controlPlaneKey = key;
    return this;
  }

  build(): Authorizer {
    if (this.#roots.length === 0) throw new TenuoError(ErrorCode.UntrustedRoot, 'an Authorizer needs at least one trusted root');
    return new Authorizer(
      {
        roots: this.#roots,
        clockTolerance: this.#clockTolerance,
        popWindowSeconds: this.#popWindowSeconds,
        popMaxWindows: this.#popMaxWindows,
        clearances: new Map(this.#clearances),
        ...(this.#controlPlaneKey ? { controlPlaneKey: this.#controlPlaneKey } : {}),
      },
      this.#srl,
    );
  }
}
