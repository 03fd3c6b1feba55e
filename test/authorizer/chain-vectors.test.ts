/**
 * Chain vectors of test-vectors.md through Authorizer.verifyChain at the
 * vectors' time, with the most specific Appendix A code (the reference
 * collapses most link failures to 1405; see reference-map §4.4 and §10).
 */
import { describe, expect, it } from 'vitest';
import { Authorizer, TenuoError, Warrant, WarrantStack } from '../../src/index.js';
import { fixtures, hex, keyFor, vector } from '../helpers.js';

const NOW = 1704067200 + 60;
const authorizer = Authorizer.builder().trustedRoot(keyFor('ControlPlane').publicKey).build();

function envelopeOf(id: string): Uint8Array {
  const e = vector(id);
  const payload = hex(e.payloadHex);
  const sig = hex(e.signatureHex);
  // [1, bytes(payload), [1, bytes(sig)]]
  const head = payload.length < 256 ? [0x58, payload.length] : [0x59, payload.length >> 8, payload.length & 0xff];
  return Uint8Array.from([0x83, 0x01, ...head, ...payload, 0x82, 0x01, 0x58, 0x40, ...sig]);
}

function stackOf(ids: string[]): Uint8Array {
  return Uint8Array.from([0x80 + ids.length, ...ids.flatMap((id) => [...envelopeOf(id)])]);
}

function outcome(ids: string[], now = NOW): number | 'valid' {
  try {
    authorizer.verifyChain(stackOf(ids), { now });
    return 'valid';
  } catch (e) {
    if (e instanceof TenuoError) return e.code;
    throw e;
  }
}

const chain = (id: string): string[] => vector(id).chain;

describe('chain vectors', () => {
  it('A.3: valid three-level chain, with per-link details', () => {
    const result = authorizer.verifyChain(stackOf(chain('A.3.chain')), { now: NOW });
    expect(result.chainLength).toBe(3);
    expect(result.leaf.id).toBe(vector('A.3.L2').warrantIdText);
    expect(result.links.map((l) => l.depth)).toEqual([0, 1, 2]);
    expect(result.rootIssuer.toHex()).toBe(fixtures.keys.ControlPlane.publicKeyHex);
  });

  it('A.8: the stack bytes verify as given', () => {
    expect(authorizer.verifyChain(hex(vector('A.8').stackHex), { now: NOW }).chainLength).toBe(3);
  });

  it('A.4: child not issued by the parent holder (I1) → 1400', () => expect(outcome(chain('A.4.chain'))).toBe(1400));
  it('A.10: depth not parent + 1 (I2) → 1403', () => expect(outcome(chain('A.10.chain'))).toBe(1403));
  it('A.11: widened pattern (I4) → 1503', () => expect(outcome(chain('A.11.chain'))).toBe(1503));
  it('A.12: parent_hash mismatch (I5) → 1401', () => expect(outcome(chain('A.12.chain'))).toBe(1401));
  it('A.13: child outlives its parent (I3) → 1303', () => expect(outcome(chain('A.13.chain'))).toBe(1303));
  it('A.15: child outside the issuer constraint bounds → 1503', () => expect(outcome(chain('A.15.chain'))).toBe(1503));
  it('A.17: clearance raised by the child → 1502', () => expect(outcome(chain('A.17.chain'))).toBe(1502));

  it('A.16: Exec→Exec to oneself is accepted, as the reference does (recorded difference from the vector text)', () => {
    expect(vector('A.16.chain').expectedOutcome).toBe('reject');
    expect(outcome(chain('A.16.chain'))).toBe('valid');
  });

  it('A.23: the child names the session-less root, so the mixed chain breaks I5 → 1401', () => {
    expect(outcome(chain('A.23.chain'))).toBe(1401);
  });

  it('A.14: a forged root signature → 1100; the valid twin passes', () => {
    expect(outcome(['A.14.forged'])).toBe(1100);
    expect(outcome(['A.14.valid'])).toBe('valid');
  });

  it('single-warrant vectors verify as one-element chains', () => {
    for (const id of ['A.1', 'A.2', 'A.7', 'A.18', 'A.19.1', 'A.19.2', 'A.19.3', 'A.25.1', 'A.25.5', 'A.25.8']) {
      expect([id, outcome([id])]).toEqual([id, 'valid']);
    }
  });

  it('A.5: in the chain a warrant is expired only past expires_at + 30 s', () => {
    const expiresAt = vector('A.5').expiresAt;
    expect(outcome(['A.5'], expiresAt + 30)).toBe('valid');
    expect(outcome(['A.5'], expiresAt + 31)).toBe(1300);
  });

  it('an untrusted root → 1406 (the reference says 1100)', () => {
    const other = Authorizer.builder().trustedRoot(keyFor('Attacker').publicKey).build();
    expect(() => other.verifyChain(stackOf(chain('A.3.chain')), { now: NOW })).toThrow(expect.objectContaining({ code: 1406 }));
  });

  it('accepts a Warrant, a WarrantStack, base64 and PEM for the same chain', () => {
    const stack = WarrantStack.fromBytes(stackOf(chain('A.3.chain')));
    const leaf = stack.leaf;
    const attached = new Warrant(leaf.payload, leaf.payloadBytes, leaf.signature, stack.warrants.slice(0, -1));
    for (const input of [stack, attached, stack.toBase64(), stack.toPem(), stack.warrants.map((w) => w.toPem()).join('')]) {
      expect(authorizer.verifyChain(input, { now: NOW }).leaf.id).toBe(leaf.id);
    }
  });
});
