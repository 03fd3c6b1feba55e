/**
 * The per-case vectors (A.19.x, A.25.x) through authorize() at the vectors'
 * time with a real PoP, plus the edge-case vectors A.9.x.
 */
import { describe, expect, it } from 'vitest';
import { Authorizer, constraintFromBytes, float, TenuoError, Warrant } from '../../src/index.js';
import { encodeEnvelope, signedMessage } from '../../src/warrant/envelope.js';
import { fixtures, hex, keyFor, vector } from '../helpers.js';

const NOW = 1704067200 + 60;
const authorizer = Authorizer.builder().trustedRoot(keyFor('ControlPlane').publicKey).build();

function argsOf(c: any): Record<string, any> {
  const out: Record<string, any> = {};
  for (const [k, v] of Object.entries<any>(c.args)) out[k] = c.argTypes?.[k] === 'float' ? float(v) : v;
  return out;
}

describe('per-case constraint vectors', () => {
  for (const e of fixtures.vectors.filter((v: any) => v.cases)) {
    const warrant = Warrant.fromParts(hex(e.payloadHex), hex(e.signatureHex));
    const tool = Object.keys(e.tools)[0] as string;
    for (const c of e.cases) {
      it(`${e.id}: ${c.input} → ${c.expected}`, () => {
        const args = argsOf(c);
        const pop = warrant.signPop(keyFor(e.holderRole), tool, args, { now: NOW });
        let outcome: string;
        try {
          authorizer.authorize(warrant, tool, args, pop, { now: NOW });
          outcome = 'allow';
        } catch (err) {
          expect(err).toBeInstanceOf(TenuoError);
          expect((err as TenuoError).code).toBe(1501);
          outcome = 'deny';
        }
        expect(outcome).toBe(c.expected);
      });
    }
  }
});

describe('A.9 edge cases', () => {
  it('A.9.2: type 128 is Shlex in the reference; a map without "allow" fails the decode (the vector expects Unknown)', () => {
    const a92 = vector('A.9.2');
    expect(() => constraintFromBytes(hex(a92.constraintHex))).toThrow(expect.objectContaining({ code: 1202 }));
  });

  it('A.9.3: duplicate map keys are rejected', () => {
    const payload = hex(vector('A.1').payloadHex);
    // The version entry written twice, with the map count raised by one.
    const duplicated = Uint8Array.from([0xab, 0x00, 0x01, ...payload.subarray(1)]);
    const signed = encodeEnvelope({ payloadBytes: duplicated, signature: keyFor('ControlPlane').sign(signedMessage(duplicated)) });
    expect(() => Warrant.fromBytes(signed)).toThrow(expect.objectContaining({ code: 1202 }));
    expect(() => authorizer.verifyChain(signed, { now: NOW })).toThrow(expect.objectContaining({ code: 1202 }));
  });

  it('A.9.1: a terminal warrant (depth = max_depth) cannot be attenuated (1402)', () => {
    const root = Warrant.fromParts(hex(vector('A.1').payloadHex), hex(vector('A.1').signatureHex));
    let w = root;
    const orch = keyFor('Orchestrator');
    while (!w.isTerminal) w = w.attenuate({ keypair: orch, issuedAt: 1704067200 });
    expect(w.depth).toBe(w.maxDepth);
    expect(() => w.attenuate({ keypair: orch, issuedAt: 1704067200 })).toThrow(expect.objectContaining({ code: 1402 }));
  });
});
