/**
 * Authorizer: the offline verifier, mirroring the reference's Authorizer
 * (planes.rs). Configure trust once with the builder, then verify chains; the
 * signature checks, canonical decoding and chain walk run in WASM.
 */
import { PublicKey } from '../crypto/keys.js';
import { ErrorCode, TenuoError } from '../errors.js';
import { DEFAULT_POP_MAX_WINDOWS, DEFAULT_POP_WINDOW_SECONDS } from '../pop/challenge.js';
import { Warrant } from '../warrant/warrant.js';
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
}

/** Which configuration's roots the (process-wide) core currently holds. */
let rootsLoadedFor: object | undefined;

function nowSeconds(options?: VerifyOptions): number {
  const now = options?.now ?? Math.floor(Date.now() / 1000);
  if (typeof now !== 'number' || !Number.isInteger(now) || now < 0) {
    throw new TenuoError(ErrorCode.InvalidPayloadStructure, 'now must be non-negative integer Unix seconds');
  }
  return now;
}

export class Authorizer {
  readonly #config: Readonly<AuthorizerConfig>;

  /** @internal Use `Authorizer.builder()`. */
  constructor(config: AuthorizerConfig) {
    this.#config = Object.freeze({ ...config, roots: [...config.roots] });
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

  private loadRoots(): void {
    if (rootsLoadedFor === this.#config) return;
    setTrustedRoots(this.#config.roots.map((k) => k.rawBytes));
    rootsLoadedFor = this.#config;
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
    this.loadRoots();
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
}

export class AuthorizerBuilder {
  readonly #roots: PublicKey[] = [];
  #clockTolerance = DEFAULT_CLOCK_TOLERANCE_SECONDS;
  #popWindowSeconds = DEFAULT_POP_WINDOW_SECONDS;
  #popMaxWindows = DEFAULT_POP_MAX_WINDOWS;

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

  build(): Authorizer {
    if (this.#roots.length === 0) throw new TenuoError(ErrorCode.UntrustedRoot, 'an Authorizer needs at least one trusted root');
    return new Authorizer({
      roots: this.#roots,
      clockTolerance: this.#clockTolerance,
      popWindowSeconds: this.#popWindowSeconds,
      popMaxWindows: this.#popMaxWindows,
    });
  }
}
