/**
 * WarrantStack: the CBOR array of SignedWarrants, root first, used to carry
 * a whole delegation chain. `fromBytes` also takes a single envelope, telling
 * the two apart by the major type of the first element (spec §11.1).
 */
import { encodeWith } from '../cbor/writer.js';
import { ErrorCode, TenuoError } from '../errors.js';
import { base64UrlEncode } from '../util/base64.js';
import { decodeBase64Token, fromTenuoFile, hasTenuoMagic, PEM_CHAIN, readPem, toPemBlock, toTenuoFile } from './armor.js';
import { MAX_STACK_SIZE, writeEnvelope } from './envelope.js';
import { decodeVerified } from '../wasm/core.js';
import { MAX_DELEGATION_DEPTH } from './limits.js';
import { Warrant } from './warrant.js';

/** At most this many warrants in one stack (spec §11: MAX_CHAIN_DEPTH). */
export const MAX_STACK_LENGTH = MAX_DELEGATION_DEPTH;

export class WarrantStack {
  readonly warrants: readonly Warrant[];

  constructor(warrants: readonly Warrant[]) {
    if (!Array.isArray(warrants) || warrants.length === 0 || !warrants.every((w) => w instanceof Warrant)) {
      throw new TenuoError(ErrorCode.ChainBroken, 'a warrant stack needs at least one Warrant');
    }
    if (warrants.length > MAX_STACK_LENGTH) throw new TenuoError(ErrorCode.ChainTooLong, `stack of ${warrants.length} warrants exceeds ${MAX_STACK_LENGTH}`);
    this.warrants = [...warrants];
  }

  /** The chain of `leaf` (its ancestors, then itself). */
  static fromLeaf(leaf: Warrant): WarrantStack {
    return new WarrantStack([...leaf.chain, leaf]);
  }

  get root(): Warrant {
    return this.warrants[0] as Warrant;
  }

  get leaf(): Warrant {
    return this.warrants[this.warrants.length - 1] as Warrant;
  }

  get length(): number {
    return this.warrants.length;
  }

  /** A WarrantStack array, or a single SignedWarrant (becomes a one-element stack); `.tenuo` magic allowed. */
  static fromBytes(input: Uint8Array): WarrantStack {
    if (!(input instanceof Uint8Array)) throw new TenuoError(ErrorCode.MalformedCBOR, 'stack bytes must be a Uint8Array');
    const bytes = hasTenuoMagic(input) ? fromTenuoFile(input) : input;
    // The core tells a stack from a lone envelope by the first element's major type (spec §11.1).
    return new WarrantStack(decodeVerified(bytes, true).map((span) => Warrant.fromSpan(span)));
  }

  /** Base64 of a stack or of a single warrant; PEM text is accepted too. */
  static fromBase64(text: string): WarrantStack {
    if (typeof text === 'string' && text.includes('-----BEGIN ')) return WarrantStack.fromPem(text);
    return WarrantStack.fromBytes(decodeBase64Token(text, MAX_STACK_SIZE));
  }

  /** A CHAIN block, concatenated WARRANT blocks (in order), or one raw token. */
  static fromPem(text: string): WarrantStack {
    const contents = readPem(text);
    if (contents.chain) return WarrantStack.fromBytes(contents.chain);
    return new WarrantStack(contents.warrants.map((bytes) => Warrant.fromBytes(bytes)));
  }

  toBytes(): Uint8Array {
    return encodeWith((w) => {
      w.arrayHeader(this.warrants.length);
      for (const warrant of this.warrants) writeEnvelope(w, warrant);
    });
  }

  toBase64(): string {
    return base64UrlEncode(this.toBytes());
  }

  toPem(): string {
    return toPemBlock(this.toBytes(), PEM_CHAIN);
  }

  /** The `.tenuo` file form: magic bytes then the stack CBOR. */
  toFile(): Uint8Array {
    return toTenuoFile(this.toBytes());
  }
}
