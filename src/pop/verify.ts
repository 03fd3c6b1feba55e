/**
 * Proof-of-possession verification with the reference's window walk
 * (reference-map §5.2): try the current window, then −1, +1, −2, +2, …,
 * `maxWindows` candidates in all, never beyond ⌊maxWindows/2⌋ windows away.
 */
import type { PublicKey } from '../crypto/keys.js';
import { popChallenge, popMessage, type ToolArgs } from './challenge.js';

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

/** The window the signature was made for, or undefined when no allowed window verifies. */
export function verifyPop(p: PopCheck): number | undefined {
  if (!(p.signature instanceof Uint8Array) || p.signature.length !== 64) return undefined;
  const current = Math.floor(p.now / p.windowSeconds);
  for (const offset of popOffsets(p.maxWindows)) {
    const window = (current + offset) * p.windowSeconds;
    if (window < 0) continue;
    if (p.holder.verify(popMessage(popChallenge(p.warrantIdHex, p.tool, p.args, window)), p.signature)) return window;
  }
  return undefined;
}
