/**
 * What a verifier accepts as "a warrant": a WarrantStack, a Warrant (with the
 * chain it was attenuated from), raw CBOR (stack, lone envelope or `.tenuo`
 * file) or text (base64 of either, PEM with a chain block or concatenated
 * warrant blocks). All of it becomes the stack bytes the core verifies.
 */
import { encodeWith } from '../cbor/writer.js';
import { ErrorCode, TenuoError } from '../errors.js';
import { fromTenuoFile, hasTenuoMagic, decodeBase64Token, readPem } from '../warrant/armor.js';
import { MAX_STACK_SIZE } from '../warrant/envelope.js';
import { WarrantStack } from '../warrant/stack.js';
import { Warrant } from '../warrant/warrant.js';

export type WarrantInput = WarrantStack | Warrant | Uint8Array | string;

/** Wraps already-encoded envelopes in a stack array. */
function stackOf(envelopes: readonly Uint8Array[]): Uint8Array {
  return encodeWith((w) => {
    w.arrayHeader(envelopes.length);
    for (const e of envelopes) w.raw(e);
  });
}

export function toStackBytes(input: WarrantInput): Uint8Array {
  if (input instanceof WarrantStack) return input.toBytes();
  if (input instanceof Warrant) return input.chainBytes();
  if (input instanceof Uint8Array) return hasTenuoMagic(input) ? fromTenuoFile(input) : input;
  if (typeof input === 'string') {
    if (input.includes('-----BEGIN ')) {
      const pem = readPem(input);
      return pem.chain ?? stackOf(pem.warrants);
    }
    return decodeBase64Token(input, MAX_STACK_SIZE);
  }
  throw new TenuoError(ErrorCode.MalformedCBOR, 'expected a WarrantStack, Warrant, bytes, base64 or PEM');
}
