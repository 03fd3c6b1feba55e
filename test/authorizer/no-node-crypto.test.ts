/**
 * The verification path never touches node:crypto: signatures, hashes and
 * decoding all run in the WASM core (node:crypto is only for signing, and
 * `globalThis.crypto.getRandomValues` only for generating keys, ids and nonces).
 *
 * Every function export of `node:crypto` (and of its `crypto` alias, and of its
 * default export) is replaced by a spy that calls through. The inputs are built
 * first — signing legitimately uses node:crypto — then the spies are cleared and
 * only verification runs.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi, type Mock } from 'vitest';
import { codeOf as code, hex, keyFor, vector } from '../helpers.js';

/**
 * Export name → its spies, filled by the mock factory (hoisted above the
 * imports). A list, in case the factory runs once per specifier.
 */
const spies = vi.hoisted(() => new Map<string, Mock[]>());

const { wrapCrypto } = vi.hoisted(() => {
  function wrapFunctions(prefix: string, source: Record<string, unknown>): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const [name, value] of Object.entries(source)) {
      if (typeof value !== 'function') {
        out[name] = value;
        continue;
      }
      const real = value as (...args: unknown[]) => unknown;
      // Constructors (KeyObject, Hash, X509Certificate, …) keep `new`, statics and `instanceof`.
      const isClass = /^[A-Z]/.test(name);
      const spy = isClass
        ? vi.fn(function (this: unknown, ...args: unknown[]) {
            return new.target ? Reflect.construct(real, args, new.target) : Reflect.apply(real, this, args);
          })
        : vi.fn(function (this: unknown, ...args: unknown[]) {
            return Reflect.apply(real, this, args);
          });
      if (isClass) {
        Object.setPrototypeOf(spy, real);
        (spy as unknown as { prototype: unknown }).prototype = (real as unknown as { prototype: unknown }).prototype;
      }
      const key = `${prefix}.${name}`;
      spies.set(key, [...(spies.get(key) ?? []), spy]);
      out[name] = spy;
    }
    return out;
  }
  function wrapCrypto(real: Record<string, unknown>): Record<string, unknown> {
    const named = wrapFunctions('crypto', real);
    const defaultExport = real.default as Record<string, unknown> | undefined;
    return { ...named, default: defaultExport ? wrapFunctions('crypto default', defaultExport) : named };
  }
  return { wrapCrypto };
});

// Vitest resolves both specifiers to the same built-in; both are declared anyway.
vi.mock('node:crypto', async (importOriginal) => wrapCrypto(await importOriginal<Record<string, unknown>>()));
vi.mock('crypto', async (importOriginal) => wrapCrypto(await importOriginal<Record<string, unknown>>()));

import {
  Authorizer,
  PublicKey,
  SignedApproval,
  SignedRevocationList,
  SigningKey,
  TenuoError,
  Warrant,
  WarrantStack,
  computeRequestHash,
  Pattern,
} from '../../src/index.js';
import * as nodeCrypto from 'node:crypto';
import * as bareCrypto from 'crypto';
import { encodeEnvelope, signedMessage } from '../../src/warrant/envelope.js';

const NOW = 1704067260;

function envelopeOf(id: string): Uint8Array {
  const v = vector(id);
  return encodeEnvelope({ payloadBytes: hex(v.payloadHex), signature: hex(v.signatureHex) });
}

function stackOf(ids: string[]): Uint8Array {
  return Uint8Array.from([0x80 + ids.length, ...ids.flatMap((id) => [...envelopeOf(id)])]);
}

const callsOf = (name: string): number => (spies.get(name) ?? []).reduce((n, spy) => n + spy.mock.calls.length, 0);

/** The spied exports called since the last clear, with their call counts. */
function called(): string[] {
  return [...spies.keys()].filter((name) => callsOf(name) > 0).map((name) => `${name} ×${callsOf(name)}`);
}

let getRandomValues: Mock;

interface Inputs {
  authorizer: Authorizer;
  uncached: Authorizer;
  untrusted: Authorizer;
  cpKey: PublicKey;
  a3: Uint8Array;
  a3Base64: string;
  a3Pem: string;
  built: Warrant;
  builtStack: WarrantStack;
  forged: Uint8Array;
  brokenChain: Uint8Array;
  resigned: Uint8Array;
  message: Uint8Array;
  signature: Uint8Array;
  publicKeyHex: string;
  approval: Uint8Array;
  srl: Uint8Array;
}
let inputs: Inputs;

beforeAll(() => {
  getRandomValues = vi.spyOn(globalThis.crypto, 'getRandomValues') as unknown as Mock;
  const cp = keyFor('ControlPlane');
  const orchestrator = keyFor('Orchestrator');
  const worker = keyFor('Worker');
  const authorizer = Authorizer.builder().trustedRoot(cp.publicKey).build();
  const a3 = stackOf(vector('A.3.chain').chain);
  const a3Stack = WarrantStack.fromBytes(a3);
  // A chain built here (signing through node:crypto, ids through getRandomValues).
  const root = Warrant.issue({ signingKey: cp, holder: orchestrator.publicKey, tools: { read_file: { path: new Pattern('/data/*') } }, issuedAt: NOW - 60, ttlSeconds: 3600 });
  const built = root.attenuate({ keypair: orchestrator, authorizedHolder: worker.publicKey, constraints: { path: '/data/x/*' }, issuedAt: NOW - 30 });
  const l0 = vector('A.3.L0');
  const forgedSig = hex(l0.signatureHex);
  forgedSig[5] = (forgedSig[5] as number) ^ 1;
  const message = new TextEncoder().encode('verify me');
  // A payload re-signed by an attacker key: decodes, but the signature is not the issuer's.
  const payload = hex(l0.payloadHex);
  const attacker = keyFor('Attacker');
  const requestHash = computeRequestHash(built.id, 'read_file', { path: '/data/x/a' }, worker.publicKey);
  inputs = {
    authorizer,
    uncached: Authorizer.builder().trustedRoot(cp.publicKey).chainCache(0).build(),
    untrusted: Authorizer.builder().trustedRoot(keyFor('Attacker').publicKey).build(),
    cpKey: cp.publicKey,
    a3,
    a3Base64: a3Stack.toBase64(),
    a3Pem: a3Stack.toPem(),
    built,
    builtStack: WarrantStack.fromLeaf(built),
    forged: Uint8Array.from([0x81, ...encodeEnvelope({ payloadBytes: payload, signature: forgedSig })]),
    brokenChain: stackOf(vector('A.12.chain').chain),
    resigned: encodeEnvelope({ payloadBytes: payload, signature: attacker.sign(signedMessage(payload)) }),
    message,
    signature: cp.sign(message),
    publicKeyHex: cp.publicKey.toHex(),
    approval: SignedApproval.create({ requestHash, externalId: 'alice', approvedAt: NOW, expiresAt: NOW + 300 }, keyFor('Approver1')).toBytes(),
    srl: SignedRevocationList.create({ revokedIds: [built.id], version: 3, issuedAt: NOW }, cp).toBytes(),
  };
  // The mocks are live: building the inputs went through them.
  expect(callsOf('crypto.sign')).toBeGreaterThan(0);
  expect(callsOf('crypto.createPrivateKey')).toBeGreaterThan(0);
  expect(getRandomValues.mock.calls.length).toBeGreaterThan(0);
});

function clearSpies(): void {
  for (const list of spies.values()) for (const spy of list) spy.mockClear();
  getRandomValues.mockClear();
}

// Each test starts from zero calls (the first one after the inputs were built).
beforeEach(clearSpies);

afterAll(() => {
  getRandomValues.mockRestore();
});


describe('verification makes no call to node:crypto', () => {
  it('every function export of node:crypto and crypto (named and default) is a spy', () => {
    const withDefault = (m: unknown) => m as Record<string, unknown> & { default: Record<string, unknown> };
    for (const mod of [nodeCrypto, bareCrypto, withDefault(nodeCrypto).default, withDefault(bareCrypto).default] as Record<string, unknown>[]) {
      const functions = Object.entries(mod).filter(([, v]) => typeof v === 'function');
      expect(functions.length).toBeGreaterThan(40);
      expect(functions.filter(([, v]) => !vi.isMockFunction(v)).map(([k]) => k)).toEqual([]);
    }
    expect([...spies.keys()]).toEqual(expect.arrayContaining(['crypto.verify', 'crypto.createHash', 'crypto.createPublicKey', 'crypto default.verify', 'crypto default.createHash']));
  });

  it('Authorizer.verifyChain on valid chains (bytes, base64, PEM, WarrantStack, Warrant), uncached and cached', () => {
    for (const authorizer of [inputs.uncached, inputs.authorizer, inputs.authorizer]) {
      expect(authorizer.verifyChain(inputs.a3, { now: NOW }).chainLength).toBe(3);
      expect(authorizer.verifyChain(inputs.a3Base64, { now: NOW }).chainLength).toBe(3);
      expect(authorizer.verifyChain(inputs.a3Pem, { now: NOW }).chainLength).toBe(3);
      expect(authorizer.verifyChain(inputs.builtStack, { now: NOW }).chainLength).toBe(2);
      expect(authorizer.verifyChain(inputs.built, { now: NOW }).leafDepth).toBe(1);
    }
    expect(inputs.authorizer.cachedChains).toBeGreaterThan(0);
    expect(called()).toEqual([]);
    expect(getRandomValues).not.toHaveBeenCalled();
  });

  it('Authorizer.verifyChain on invalid chains', () => {
    const authorizer = inputs.uncached;
    expect(code(() => authorizer.verifyChain(inputs.forged, { now: NOW }))).toBe(1100);
    expect(code(() => authorizer.verifyChain(inputs.resigned, { now: NOW }))).toBe(1100);
    expect(code(() => authorizer.verifyChain(inputs.brokenChain, { now: NOW }))).toBe(1401);
    expect(code(() => authorizer.verifyChain(inputs.a3, { now: NOW + 10 * 86400 }))).toBe(1300);
    expect(code(() => authorizer.verifyChain(inputs.a3.subarray(0, 100), { now: NOW }))).toBe(1202);
    expect(code(() => inputs.untrusted.verifyChain(inputs.a3, { now: NOW }))).toBe(1406);
    expect(called()).toEqual([]);
    expect(getRandomValues).not.toHaveBeenCalled();
  });

  it('PublicKey.fromHex / verify / verifyRaw', () => {
    const key = PublicKey.fromHex(inputs.publicKeyHex);
    expect(key.verify(inputs.message, inputs.signature)).toBe(true);
    const bad = inputs.signature.slice();
    bad[0] = (bad[0] as number) ^ 1;
    expect(key.verify(inputs.message, bad)).toBe(false);
    expect(key.verifyRaw(inputs.message, inputs.signature)).toBe(false);
    expect(code(() => PublicKey.fromBytes(new Uint8Array(32)))).toBe(1100); // a point of small order
    expect(called()).toEqual([]);
    expect(getRandomValues).not.toHaveBeenCalled();
  });

  it('Warrant.fromBytes / fromBase64 and WarrantStack.fromBytes / fromBase64 / fromPem', () => {
    const leaf = envelopeOf('A.3.L2');
    expect(Warrant.fromBytes(leaf).depth).toBe(2);
    expect(Warrant.fromBase64(inputs.built.toBase64()).id).toBe(inputs.built.id);
    expect(code(() => Warrant.fromBytes(inputs.resigned))).toBe(1100);
    expect(WarrantStack.fromBytes(inputs.a3).length).toBe(3);
    expect(WarrantStack.fromBase64(inputs.a3Base64).length).toBe(3);
    expect(WarrantStack.fromBase64(inputs.a3Pem).length).toBe(3);
    expect(WarrantStack.fromPem(inputs.a3Pem).leaf.depth).toBe(2);
    expect(code(() => WarrantStack.fromBase64('not base64!'))).not.toBe('ok');
    expect(called()).toEqual([]);
    expect(getRandomValues).not.toHaveBeenCalled();
  });

  it('SignedApproval.verify and SignedRevocationList.verify', () => {
    expect(SignedApproval.fromBytes(inputs.approval).verify(NOW).externalId).toBe('alice');
    expect(() => SignedRevocationList.fromBytes(inputs.srl).verify(inputs.cpKey)).not.toThrow();
    expect(called()).toEqual([]);
    expect(getRandomValues).not.toHaveBeenCalled();
  });
});
