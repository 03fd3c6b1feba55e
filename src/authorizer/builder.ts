/** AuthorizerBuilder: trust roots, clock tolerance, PoP windows, clearances, revocation, cache size. */
import { PublicKey } from '../crypto/keys.js';
import { ErrorCode, TenuoError } from '../errors.js';
import { DEFAULT_POP_MAX_WINDOWS, DEFAULT_POP_WINDOW_SECONDS } from '../pop/challenge.js';
import type { SignedRevocationList } from '../revocation/srl.js';
import { Authorizer, DEFAULT_CLOCK_TOLERANCE_SECONDS } from './authorizer.js';
import { DEFAULT_CHAIN_CACHE_ENTRIES } from './chain-cache.js';

export const MAX_TRUSTED_ROOTS = 64;

function invalid(message: string): never {
  throw new TenuoError(ErrorCode.InvalidPayloadStructure, message);
}

export class AuthorizerBuilder {
  readonly #roots: PublicKey[] = [];
  #clockTolerance = DEFAULT_CLOCK_TOLERANCE_SECONDS;
  #popWindowSeconds = DEFAULT_POP_WINDOW_SECONDS;
  #popMaxWindows = DEFAULT_POP_MAX_WINDOWS;
  readonly #clearances = new Map<string, number>();
  #controlPlaneKey: PublicKey | undefined;
  #srl: SignedRevocationList | undefined;
  #chainCacheEntries = DEFAULT_CHAIN_CACHE_ENTRIES;

  trustedRoot(key: PublicKey): this {
    if (!(key instanceof PublicKey)) invalid('trustedRoot needs a PublicKey');
    if (!this.#roots.some((k) => k.equals(key))) this.#roots.push(key);
    if (this.#roots.length > MAX_TRUSTED_ROOTS) invalid(`at most ${MAX_TRUSTED_ROOTS} trusted roots`);
    return this;
  }

  trustedRoots(keys: Iterable<PublicKey>): this {
    for (const key of keys) this.trustedRoot(key);
    return this;
  }

  /** Clock skew allowed on the chain's time rules, in seconds (default 30). */
  clockTolerance(seconds: number): this {
    if (!Number.isInteger(seconds) || seconds < 0 || seconds > 3600) invalid('clockTolerance must be an integer between 0 and 3600 seconds');
    this.#clockTolerance = seconds;
    return this;
  }

  /** PoP windows: `windowSeconds` wide (default 30), `maxWindows` tried (2–10, default 5). */
  popWindow(windowSeconds: number, maxWindows: number = DEFAULT_POP_MAX_WINDOWS): this {
    if (!Number.isInteger(windowSeconds) || windowSeconds < 1 || windowSeconds > 3600) invalid('popWindow seconds must be an integer between 1 and 3600');
    if (!Number.isInteger(maxWindows) || maxWindows < 2 || maxWindows > 10) invalid('popWindow maxWindows must be an integer between 2 and 10');
    this.#popWindowSeconds = windowSeconds;
    this.#popMaxWindows = maxWindows;
    return this;
  }

  /** Requires clearance ≥ level for `tool` (exact name, `prefix*`, or `*`). */
  requireClearance(tool: string, level: number): this {
    if (typeof tool !== 'string' || tool.length === 0) invalid('requireClearance needs a tool name or pattern');
    if (!Number.isInteger(level) || level < 0 || level > 255) invalid('clearance levels are integers 0–255');
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

  /** Verified chains kept for warm requests (default 10,000; 0 disables the cache). */
  chainCache(maxEntries: number): this {
    if (!Number.isInteger(maxEntries) || maxEntries < 0) invalid('chainCache needs a non-negative integer');
    this.#chainCacheEntries = maxEntries;
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
        chainCacheEntries: this.#chainCacheEntries,
        ...(this.#controlPlaneKey ? { controlPlaneKey: this.#controlPlaneKey } : {}),
      },
      this.#srl,
    );
  }
}
