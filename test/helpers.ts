/** Shared test helpers: fixture loading and key material from the vectors. */
import { readFileSync } from 'node:fs';
import { SigningKey, TenuoError } from '../src/index.js';

export const fixtures = JSON.parse(readFileSync(new URL('./fixtures/vectors.json', import.meta.url), 'utf8'));
export const popCanonical = JSON.parse(readFileSync(new URL('./fixtures/pop-canonical.json', import.meta.url), 'utf8'));

export const hex = (h: string): Uint8Array => Uint8Array.from(Buffer.from(h, 'hex'));
export const toHexString = (b: Uint8Array): string => Buffer.from(b).toString('hex');

export function keyFor(role: string): SigningKey {
  const k = fixtures.keys[role];
  if (!k) throw new Error(`no key for role ${role}`);
  return SigningKey.fromSeed(hex(k.seedHex));
}

export function vector(id: string): any {
  const v = fixtures.vectors.find((e: any) => e.id === id);
  if (!v) throw new Error(`no vector ${id}`);
  return v;
}

export function roleOfKey(publicKeyHex: string): string {
  for (const [role, k] of Object.entries<any>(fixtures.keys)) if (k.publicKeyHex === publicKeyHex) return role;
  throw new Error(`unknown key ${publicKeyHex}`);
}

/** The TenuoError code `fn` throws, or 'ok' when it returns; any other exception fails the test. */
export function codeOf(fn: () => unknown): number | 'ok' {
  try {
    fn();
    return 'ok';
  } catch (e) {
    if (!(e instanceof TenuoError)) throw new Error(`expected TenuoError, got ${(e as Error)?.constructor?.name}: ${(e as Error)?.message}`);
    return e.code;
  }
}

/** The TenuoError `fn` throws; fails the test when it throws nothing (or something else). */
export function tenuoErrorOf(fn: () => unknown): TenuoError {
  let result: unknown;
  try {
    result = fn();
  } catch (e) {
    if (!(e instanceof TenuoError)) throw new Error(`expected TenuoError, got ${(e as Error)?.constructor?.name}: ${(e as Error)?.message}`);
    return e;
  }
  throw new Error(`expected a TenuoError, but the call returned ${String(result)}`);
}

/** The code of the TenuoError `fn` throws; fails the test when it throws nothing (or something else). */
export function thrownCode(fn: () => unknown): number {
  return tenuoErrorOf(fn).code;
}
