/**
 * Round-trip properties: random warrants of every constraint type encode →
 * decode → encode to identical bytes, through every encoding.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { constraintFromBytes, constraintToBytes, SigningKey, Warrant, WarrantStack } from '../../src/index.js';
import { toHexString } from '../helpers.js';
import { constraint, tools } from '../arbitraries.js';

const issuer = SigningKey.fromSeed(new Uint8Array(32).fill(7));
const holder = SigningKey.fromSeed(new Uint8Array(32).fill(8));

describe('round trips', () => {
  it('every constraint type: toBytes → fromBytes → toBytes is the identity', () => {
    fc.assert(
      fc.property(constraint, (c) => {
        const bytes = constraintToBytes(c);
        const again = constraintToBytes(constraintFromBytes(bytes));
        expect(toHexString(again)).toBe(toHexString(bytes));
      }),
      { numRuns: 3000 },
    );
  });

  it('random warrants survive bytes, base64, PEM and stack encodings unchanged', () => {
    fc.assert(
      fc.property(
        tools,
        fc.integer({ min: 1_600_000_000, max: 2_000_000_000 }),
        fc.integer({ min: 1, max: 7_776_000 }),
        fc.integer({ min: 0, max: 64 }),
        fc.option(fc.integer({ min: 0, max: 255 }), { nil: undefined }),
        fc.option(fc.string({ maxLength: 12 }), { nil: undefined }),
        (toolMap, issuedAt, ttl, maxDepth, clearance, sessionId) => {
          const w = Warrant.issue({
            signingKey: issuer,
            holder: holder.publicKey,
            tools: toolMap,
            issuedAt,
            ttlSeconds: ttl,
            maxDepth,
            ...(clearance === undefined ? {} : { clearance }),
            ...(sessionId === undefined ? {} : { sessionId }),
          });
          const bytes = w.toBytes();
          const hex = toHexString(bytes);
          expect(toHexString(Warrant.fromBytes(bytes).toBytes())).toBe(hex);
          expect(toHexString(Warrant.fromBase64(w.toBase64()).toBytes())).toBe(hex);
          expect(toHexString(Warrant.fromPem(w.toPem()).toBytes())).toBe(hex);
          const stack = WarrantStack.fromBytes(WarrantStack.fromLeaf(w).toBytes());
          expect(toHexString(stack.leaf.toBytes())).toBe(hex);
          expect(Warrant.fromBytes(bytes).sessionId).toBe(sessionId);
        },
      ),
      { numRuns: 400 },
    );
  });
});
