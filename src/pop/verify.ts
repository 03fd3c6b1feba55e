/**
 * Proof-of-possession verification with the reference's window walk
 * (reference-map §5.2): try the current window, then −1, +1, −2, +2, …,
 * `maxWindows` candidates in all, never beyond ⌊maxWindows/2⌋ windows away.
 */
import { encodeWith } from '../cbor/writer.js';
import { type PublicKey, WARRANT_CONTEXT } from '../crypto/keys.js';
import { POP_CONTEXT, type ToolArgs, writeChallengeHead } from './challenge.js';

/** Window offsets in the order the reference tries them. */
export function popOffsets(maxWindows: number): number[] {
  const half = Math.floor(maxWindows / 2);
  const offsets: number[] = [];
  for (let i = 0; i < maxWindows; i++) {
    const magnitude = Math.ceil(i / 2);
    const offset = i === 0 ? 0 : i % 2 === 1 ? -magnitude : magnitude;
    if (Math.abs(offset) <= half) offsets.push(offset);
  }
  return offsets;
}

export interface PopCheck {
  holder: PublicKey;
  warrantIdHex: string;
  tool: string;
  args: ToolArgs;
  signature: Uint8Array;
  now: number;
  windowSeconds: number;
  maxWindows: number;
}

/**
 * The exact bytes the holder's key signs for each window: `tenuo-warrant-v1`
 * ‖ `tenuo-pop-v1` ‖ [id, tool, args, window]. Only the trailing window
 * integer differs between windows, so the first message is encoded whole and
 * later ones reuse its head (almost every call needs just the first).
 */
export class PopMessages {
  readonly #warrantIdHex: string;
  readonly #tool: string;
  readonly #args: ToolArgs;
  /** The first message without its window, once encoded. */
  #head: Uint8Array | undefined;

  constructor(warrantIdHex: string, tool: string, args: ToolArgs) {
    this.#warrantIdHex = warrantIdHex;
    this.#tool = tool;
    this.#args = args;
  }

  /** The signed message for the window starting at `window` (Unix seconds). */
  forWindow(window: number): Uint8Array {
    const head = this.#head;
    if (head !== undefined) return encodeWith((w) => w.raw(head).uint(window));
    let headLength = 0;
    const message = encodeWith((w) => {
      w.raw(WARRANT_CONTEXT).raw(POP_CONTEXT);
      writeChallengeHead(w, this.#warrantIdHex, this.#tool, this.#args);
      headLength = w.size;
      w.uint(window);
    });
    this.#head = message.subarray(0, headLength);
    return message;
  }
}

/** Candidate windows for `now`, in the order they are tried. */
export function popCandidates(now: number, windowSeconds: number, maxWindows: number): number[] {
  const current = Math.floor(now / windowSeconds);
  return popOffsets(maxWindows)
    .map((offset) => (current + offset) * windowSeconds)
    .filter((window) => window >= 0);
}

/** The window the signature was made for, or undefined when no allowed window verifies. */
export function verifyPop(p: PopCheck, skipFirst = false): number | undefined {
  if (!(p.signature instanceof Uint8Array) || p.signature.length !== 64) return undefined;
  const messages = new PopMessages(p.warrantIdHex, p.tool, p.args);
  const candidates = popCandidates(p.now, p.windowSeconds, p.maxWindows);
  for (const window of skipFirst ? candidates.slice(1) : candidates) {
    if (p.holder.verifyRaw(messages.forWindow(window), p.signature)) return window;
  }
  return undefined;
}
