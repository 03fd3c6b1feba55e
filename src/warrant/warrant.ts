/**
 * Warrant: one signed envelope plus its decoded payload, and the chain of
 * ancestors it was attenuated from (root first). Built with `Warrant.issue`
 * (roots) and `warrant.attenuate` (children, offline); read with `fromBytes`,
 * `fromBase64`, `fromPem`.
 */
import { encodeWith } from '../cbor/writer.js';
import { ConstraintSet } from '../constraints/set.js';
import { sha256 } from '../crypto/hash.js';
import { PublicKey, SigningKey } from '../crypto/keys.js';
import { ErrorCode, TenuoError } from '../errors.js';
import { base64UrlEncode } from '../util/base64.js';
import { toHex } from '../util/bytes.js';
import { decodeBase64Token, toPemBlock, PEM_WARRANT } from './armor.js';
import { encodeEnvelope, signedMessage, writeEnvelope } from './envelope.js';
import { decodeVerified, validatePayloadBytes, type WarrantSpan } from '../wasm/core.js';
import { idToHex, idToText } from './id.js';
import { encodePayload, EXT_AGENT_ID, EXT_SESSION_ID, materializePayload, WarrantType, type WarrantPayload } from './payload.js';
import { buildAttenuatedPayload, buildRootPayload, type AttenuateOptions, type IssueOptions } from './build.js';
import { popChallenge, popMessage, popWindow, type ToolArgs } from '../pop/challenge.js';

export type WarrantKind = 'execution' | 'issuer';

const TEXT = new TextDecoder();

export class Warrant {
  /** @internal */
  readonly payload: WarrantPayload;
  readonly payloadBytes: Uint8Array;
  readonly signature: Uint8Array;
  /** Ancestors, root first (empty for a root or a warrant decoded on its own). */
  readonly chain: readonly Warrant[];
  #envelope: Uint8Array | undefined;

  /** @internal Use `Warrant.issue`, `attenuate` or the decoders. */
  constructor(payload: WarrantPayload, payloadBytes: Uint8Array, signature: Uint8Array, chain: readonly Warrant[] = [], envelope?: Uint8Array) {
    this.payload = payload;
    this.payloadBytes = payloadBytes;
    this.signature = signature;
    this.chain = chain;
    this.#envelope = envelope;
  }

  /** Issues a root warrant signed by `signingKey`. */
  static issue(options: IssueOptions): Warrant {
    const payload = buildRootPayload(options);
    return Warrant.sign(payload, options.signingKey, []);
  }

  /**
   * Attenuates this warrant offline into a child for `authorizedHolder` (or the
   * current holder). `keypair` must be this warrant's holder (I1).
   */
  attenuate(options: AttenuateOptions): Warrant {
    const signer = options.keypair ?? options.signingKey;
    if (!(signer instanceof SigningKey)) throw new TenuoError(ErrorCode.InvalidPayloadStructure, 'attenuate needs { keypair: SigningKey }');
    const payload = buildAttenuatedPayload(this, signer, options);
    return Warrant.sign(payload, signer, [...this.chain, this]);
  }

  /** @internal Signs a payload after checking it with the verifier's own rules. */
  static sign(payload: WarrantPayload, signer: SigningKey, chain: readonly Warrant[]): Warrant {
    const payloadBytes = encodePayload(payload);
    validatePayloadBytes(payloadBytes);
    const signature = signer.sign(signedMessage(payloadBytes));
    return new Warrant(payload, payloadBytes, signature, chain);
  }

  /**
   * Decodes one SignedWarrant envelope. The WASM core checks the issuer's
   * signature over the raw payload before the payload is parsed, then
   * validates it strictly; only then are the objects built.
   */
  static fromBytes(bytes: Uint8Array): Warrant {
    if (!(bytes instanceof Uint8Array)) throw new TenuoError(ErrorCode.MalformedCBOR, 'warrant bytes must be a Uint8Array');
    const [span] = decodeVerified(bytes, false);
    return Warrant.fromSpan(span as WarrantSpan);
  }

  /** Decodes a warrant given as separate payload bytes and signature. */
  static fromParts(payloadBytes: Uint8Array, signature: Uint8Array): Warrant {
    return Warrant.fromBytes(encodeEnvelope({ payloadBytes, signature }));
  }

  /** @internal Builds the object model of a span the core has verified (with its verified ancestors, if any). */
  static fromSpan(span: WarrantSpan, chain: readonly Warrant[] = []): Warrant {
    return new Warrant(materializePayload(span.payload), span.payload.slice(), span.signature.slice(), chain, span.envelope.slice());
  }

  /** Base64 (URL-safe without padding, as the reference), optionally PEM-armored. */
  static fromBase64(text: string): Warrant {
    return Warrant.fromBytes(decodeBase64Token(text));
  }

  /** A single `TENUO WARRANT` PEM block. */
  static fromPem(pem: string): Warrant {
    return Warrant.fromBase64(pem);
  }

  // ---- encodings ----

  toBytes(): Uint8Array {
    this.#envelope ??= encodeEnvelope({ payloadBytes: this.payloadBytes, signature: this.signature });
    return this.#envelope.slice();
  }

  toBase64(): string {
    return base64UrlEncode(this.toBytes());
  }

  toPem(): string {
    return toPemBlock(this.toBytes(), PEM_WARRANT);
  }

  /** The chain down to this warrant as a WarrantStack-encoded CBOR array (root first). */
  chainBytes(): Uint8Array {
    const all = [...this.chain, this];
    return encodeWith((w) => {
      w.arrayHeader(all.length);
      for (const warrant of all) writeEnvelope(w, warrant);
    });
  }

  // ---- accessors ----

  /** `tnu_wrt_<32 hex>`. */
  get id(): string {
    return idToText(this.payload.id);
  }

  /** The bare 32-hex id (used in PoP challenges). */
  get idHex(): string {
    return idToHex(this.payload.id);
  }

  get idBytes(): Uint8Array {
    return this.payload.id.slice();
  }

  get type(): WarrantKind {
    return this.payload.warrantType === WarrantType.Issuer ? 'issuer' : 'execution';
  }

  get holder(): PublicKey {
    return this.payload.holder;
  }

  get issuer(): PublicKey {
    return this.payload.issuer;
  }

  /** Tool name → constraint set (argument → constraint). */
  get tools(): ReadonlyMap<string, ConstraintSet> {
    return this.payload.tools;
  }

  get toolNames(): string[] {
    return [...this.payload.tools.keys()];
  }

  /** Unix seconds. */
  get issuedAt(): number {
    return Number(this.payload.issuedAt);
  }

  /** Unix seconds. */
  get expiresAt(): number {
    return Number(this.payload.expiresAt);
  }

  get depth(): number {
    return this.payload.depth;
  }

  get maxDepth(): number {
    return this.payload.maxDepth;
  }

  get clearance(): number | undefined {
    return this.payload.clearance;
  }

  get parentHash(): Uint8Array | undefined {
    return this.payload.parentHash?.slice();
  }

  get issuableTools(): readonly string[] | undefined {
    return this.payload.issuableTools;
  }

  get maxIssueDepth(): number | undefined {
    return this.payload.maxIssueDepth;
  }

  get constraintBounds(): ConstraintSet | undefined {
    return this.payload.constraintBounds;
  }

  get requiredApprovers(): readonly PublicKey[] | undefined {
    return this.payload.requiredApprovers;
  }

  get minApprovals(): number | undefined {
    return this.payload.minApprovals;
  }

  /** Extension key → raw bytes (includes `tenuo.session_id` / `tenuo.agent_id` when set). */
  get extensions(): ReadonlyMap<string, Uint8Array> {
    return this.payload.extensions;
  }

  get sessionId(): string | undefined {
    const v = this.payload.extensions.get(EXT_SESSION_ID);
    return v && TEXT.decode(v);
  }

  get agentId(): string | undefined {
    const v = this.payload.extensions.get(EXT_AGENT_ID);
    return v && TEXT.decode(v);
  }

  /** True when the holder can no longer delegate (depth has reached max_depth). */
  get isTerminal(): boolean {
    return this.payload.depth >= this.payload.maxDepth;
  }

  /** SHA-256 of the payload bytes: what a child's `parent_hash` must equal. */
  payloadHash(): Uint8Array {
    return sha256(this.payloadBytes);
  }

  /**
   * Proof-of-possession for one tool call: the holder's signature over the
   * reference challenge for the current (or given) 30-second window.
   */
  signPop(signingKey: SigningKey, tool: string, args: ToolArgs, options: { now?: number; windowSeconds?: number } = {}): Uint8Array {
    if (!(signingKey instanceof SigningKey)) throw new TenuoError(ErrorCode.PopSignatureInvalid, 'signPop needs the holder SigningKey');
    const now = options.now ?? Math.floor(Date.now() / 1000);
    const challenge = popChallenge(this.idHex, tool, args, popWindow(now, options.windowSeconds));
    return signingKey.sign(popMessage(challenge));
  }

  /** Expired at authorization time iff `now ≥ expires_at`. */
  isExpired(nowSeconds: number = Math.floor(Date.now() / 1000)): boolean {
    return BigInt(Math.floor(nowSeconds)) >= this.payload.expiresAt;
  }

  toJSON(): Record<string, unknown> {
    const p = this.payload;
    return {
      id: this.id,
      type: this.type,
      depth: p.depth,
      maxDepth: p.maxDepth,
      issuedAt: this.issuedAt,
      expiresAt: this.expiresAt,
      holder: p.holder.toHex(),
      issuer: p.issuer.toHex(),
      tools: Object.fromEntries([...p.tools].map(([name, set]) => [name, set.toJSON()])),
      ...(p.parentHash ? { parentHash: toHex(p.parentHash) } : {}),
      ...(p.issuableTools ? { issuableTools: p.issuableTools } : {}),
      ...(p.maxIssueDepth !== undefined ? { maxIssueDepth: p.maxIssueDepth } : {}),
      ...(p.constraintBounds ? { constraintBounds: p.constraintBounds.toJSON() } : {}),
      ...(p.requiredApprovers ? { requiredApprovers: p.requiredApprovers.map((k) => k.toHex()) } : {}),
      ...(p.minApprovals !== undefined ? { minApprovals: p.minApprovals } : {}),
      ...(p.clearance !== undefined ? { clearance: p.clearance } : {}),
      ...(p.extensions.size ? { extensions: Object.fromEntries([...p.extensions].map(([k, v]) => [k, toHex(v)])) } : {}),
    };
  }
}
