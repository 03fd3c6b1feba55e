/**
 * PoP challenge bytes and signatures: the reference's own fixture
 * (pop_canonical.json, 11 cases) and vector A.6 as the real verifier sees it.
 */
import { createPublicKey, verify } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { float, popChallenge, popWindow, SigningKey, Warrant } from '../../src/index.js';
import { PopMessages } from '../../src/pop/verify.js';
import { hex, keyFor, popCanonical, toHexString, vector } from '../helpers.js';

/** The fixture's JSON numbers: integers are Integer, numbers with a fraction are Float. */
function argsOf(raw: Record<string, unknown>): Record<string, any> {
  return raw;
}

function nodeVerify(publicKeyHex: string, message: Uint8Array, signatureHex: string): boolean {
  const key = createPublicKey({ key: Buffer.concat([Buffer.from('302a300506032b6570032100', 'hex'), Buffer.from(publicKeyHex, 'hex')]), format: 'der', type: 'spki' });
  return verify(null, message, key, Buffer.from(signatureHex, 'hex'));
}

describe('pop_canonical.json (reference fixture)', () => {
  const holder = SigningKey.fromSeed(hex(popCanonical.holder_priv_hex));
  it('has the 11 cases', () => {
    expect(popCanonical.cases).toHaveLength(11);
  });
  for (const c of popCanonical.cases) {
    it(`${c.name}: signPop reproduces the expected signature`, () => {
      const warrant = Warrant.fromBase64(c.warrant_b64);
      expect(warrant.holder.equals(holder.publicKey)).toBe(true);
      const signature = warrant.signPop(holder, c.tool, argsOf(c.args), { now: c.timestamp });
      expect(toHexString(signature)).toBe(c.expected_signature_hex);
    });
  }
  it('an integral float differs from an integer in the challenge', () => {
    const warrant = Warrant.fromBase64(popCanonical.cases[0].warrant_b64);
    const asInt = warrant.signPop(holder, 't', { n: 1 }, { now: 1700000000 });
    const asFloat = warrant.signPop(holder, 't', { n: float(1) }, { now: 1700000000 });
    expect(toHexString(asInt)).not.toBe(toHexString(asFloat));
  });
});

describe('PopMessages: the messages the verifier checks', () => {
  const holder = SigningKey.fromSeed(hex(popCanonical.holder_priv_hex));
  const prefix = Buffer.from('tenuo-warrant-v1tenuo-pop-v1');
  for (const c of popCanonical.cases) {
    it(`${c.name}: the fixture signature verifies over the message of its window (node:crypto)`, () => {
      const warrant = Warrant.fromBase64(c.warrant_b64);
      const message = new PopMessages(warrant.idHex, c.tool, argsOf(c.args)).forWindow(popWindow(c.timestamp));
      expect(nodeVerify(toHexString(holder.publicKey.bytes), message, c.expected_signature_hex)).toBe(true);
    });
    it(`${c.name}: later windows reuse the first message's head and differ only in the window`, () => {
      const warrant = Warrant.fromBase64(c.warrant_b64);
      const current = popWindow(c.timestamp);
      const messages = new PopMessages(warrant.idHex, c.tool, argsOf(c.args));
      for (const window of [current - 30, current, current + 60, 0, current - 30]) {
        const expected = Buffer.concat([prefix, popChallenge(warrant.idHex, c.tool, argsOf(c.args), window)]);
        expect(toHexString(messages.forWindow(window)), `window ${window}`).toBe(toHexString(expected));
      }
    });
  }
});

describe('A.6 proof-of-possession', () => {
  const a6 = vector('A.6');
  const pop = vector('A.6.pop');
  const warrant = Warrant.fromParts(hex(a6.payloadHex), hex(a6.signatureHex));

  it('the real verifier challenge uses the bare hex id (reference-map §3)', () => {
    const challenge = popChallenge(warrant.idHex, pop.tool, pop.args, popWindow(pop.window));
    expect(toHexString(challenge)).toBe(pop.reference.referenceChallengeHex);
    const signature = warrant.signPop(keyFor('Worker'), pop.tool, pop.args, { now: pop.window + 17 });
    expect(toHexString(signature)).toBe(pop.reference.referenceSignatureHex);
  });

  it('records the vector difference: A.6 puts the prefixed id in the challenge', () => {
    const vectorChallenge = popChallenge(warrant.id, pop.tool, pop.args, pop.window);
    expect(toHexString(vectorChallenge)).toBe(pop.challengeHex);
    expect(pop.challengeHex).not.toBe(pop.reference.referenceChallengeHex);
    // The vector signature is over tenuo-warrant-v1 ‖ tenuo-pop-v1 ‖ (prefixed-id challenge).
    const message = Buffer.concat([Buffer.from('tenuo-warrant-v1tenuo-pop-v1'), vectorChallenge]);
    expect(nodeVerify(pop.signerPublicKeyHex, message, pop.signatureHex)).toBe(true);
  });

  it('windows are 30-second buckets', () => {
    expect(popWindow(1704067200)).toBe(1704067200);
    expect(popWindow(1704067229)).toBe(1704067200);
    expect(popWindow(1704067230)).toBe(1704067230);
  });
});
