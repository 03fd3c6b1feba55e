/**
 * Proof-of-possession challenge, as the reference verifier builds it
 * (reference-map §3): CBOR `[bare 32-hex warrant id, tool, [[arg, value]…]
 * sorted by arg bytes, window]`, where window = ⌊now / 30⌋ · 30. The holder
 * signs `tenuo-warrant-v1` ‖ `tenuo-pop-v1` ‖ challenge.
 */
import { type CborWriter, encodeWith } from '../cbor/writer.js';
import { ErrorCode, TenuoError } from '../errors.js';
import { type ConstraintValue, writeValue } from '../model/value.js';
import { compareUtf8, concatBytes, utf8 } from '../util/bytes.js';

export const POP_CONTEXT = utf8('tenuo-pop-v1');
export const DEFAULT_POP_WINDOW_SECONDS = 30;
export const DEFAULT_POP_MAX_WINDOWS = 5;

export type ToolArgs = Readonly<Record<string, ConstraintValue>>;

/** The 30-second (or `windowSeconds`) bucket that `nowSeconds` falls in. */
export function popWindow(nowSeconds: number, windowSeconds = DEFAULT_POP_WINDOW_SECONDS): number {
  if (!Number.isInteger(nowSeconds) || nowSeconds < 0) throw new TenuoError(ErrorCode.PopChallengeInvalid, 'PoP time must be non-negative integer seconds');
  if (!Number.isInteger(windowSeconds) || windowSeconds <= 0) throw new TenuoError(ErrorCode.PopChallengeInvalid, 'PoP window must be a positive integer');
  return Math.floor(nowSeconds / windowSeconds) * windowSeconds;
}

/** Args as `[arg, value]` pairs in the reference's byte-wise order. */
export function sortedArgs(args: ToolArgs): Array<[string, ConstraintValue]> {
  if (typeof args !== 'object' || args === null || Array.isArray(args)) throw new TenuoError(ErrorCode.PopChallengeInvalid, 'tool args must be an object');
  return Object.entries(args).sort(([a], [b]) => compareUtf8(a, b));
}

/**
 * Writes the challenge tuple up to its last element: the array header, the
 * id, the tool and the sorted argument pairs. Signing (popChallenge) and
 * verification (PopMessages) both build the challenge through this, so the
 * two cannot drift apart; only the trailing window differs.
 */
export function writeChallengeHead(w: CborWriter, warrantIdHex: string, tool: string, args: ToolArgs): void {
  if (typeof tool !== 'string') throw new TenuoError(ErrorCode.PopChallengeInvalid, 'tool must be a string');
  w.arrayHeader(4).text(warrantIdHex).text(tool);
  const pairs = sortedArgs(args);
  w.arrayHeader(pairs.length);
  for (const [key, value] of pairs) {
    w.arrayHeader(2).text(key);
    writeValue(w, value);
  }
}

/** CBOR bytes of the challenge tuple. */
export function popChallenge(warrantIdHex: string, tool: string, args: ToolArgs, window: number): Uint8Array {
  return encodeWith((w) => {
    writeChallengeHead(w, warrantIdHex, tool, args);
    w.uint(window);
  });
}

/** What the holder's key signs (before the key type's `tenuo-warrant-v1` prefix). */
export function popMessage(challenge: Uint8Array): Uint8Array {
  return concatBytes(POP_CONTEXT, challenge);
}
