/**
 * Bad input of every encoding gives a TenuoError with a sensible code — never
 * a raw TypeError/RangeError, a hang or a silent success.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { codeOf, hex, keyFor, toHexString, vector } from '../helpers.js';
import {
  constraintFromBytes,
  PublicKey,
  SignedApproval,
  SignedRevocationList,
  SigningKey,
  TenuoError,
  Warrant,
  WarrantStack,
} from '../../src/index.js';
import { FROM_CORE_CHECKED_BYTES } from '../../src/crypto/keys.js';
import { encodeEnvelope, signedMessage } from '../../src/warrant/envelope.js';
import { base64UrlDecode } from '../../src/util/base64.js';
import { encodePayload, type WarrantPayload } from '../../src/warrant/payload.js';
import { payloadFrom } from '../fixture-model.js';


const a1 = vector('A.1');
const a1Envelope = hex(a1.envelopeHex);
const cp = keyFor('ControlPlane');

/** Signs arbitrary payload bytes as the control plane, bypassing every builder check. */
function envelopeFor(payloadBytes: Uint8Array, signer: SigningKey = cp): Uint8Array {
  return encodeEnvelope({ payloadBytes, signature: signer.sign(signedMessage(payloadBytes)) });
}

function payloadWith(changes: Partial<WarrantPayload>): Uint8Array {
  return encodePayload({ ...payloadFrom(a1), ...changes });
}

describe('envelope and payload rejections', () => {
  it('accepts the untouched vector', () => {
    expect(codeOf(() => Warrant.fromBytes(a1Envelope))).toBe('ok');
  });

  it('every truncation of a valid envelope fails with a TenuoError', () => {
    for (let n = 0; n < a1Envelope.length; n++) {
      expect(codeOf(() => Warrant.fromBytes(a1Envelope.subarray(0, n)))).not.toBe('ok');
    }
  });

  it('every single-bit flip of a valid envelope fails with a TenuoError', () => {
    for (let i = 0; i < a1Envelope.length * 8; i++) {
      const copy = a1Envelope.slice();
      copy[i >> 3] = (copy[i >> 3] as number) ^ (1 << (i & 7));
      expect(codeOf(() => Warrant.fromBytes(copy))).not.toBe('ok');
    }
  });

  it('random garbage never escapes as a non-TenuoError', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
        codeOf(() => Warrant.fromBytes(bytes));
        codeOf(() => WarrantStack.fromBytes(bytes));
        codeOf(() => constraintFromBytes(bytes));
        codeOf(() => SignedRevocationList.fromBytes(bytes));
        codeOf(() => SignedApproval.fromBytes(bytes));
      }),
      { numRuns: 3000 },
    );
  });

  it('a bad signature is SignatureInvalid (1100)', () => {
    const forged = vector('A.14.forged');
    expect(codeOf(() => Warrant.fromParts(hex(forged.payloadHex), hex(forged.signatureHex)))).toBe(1100);
  });

  it('holder and approver keys that do not decode or have small order are SignatureInvalid (1100), every time', () => {
    const identity = new Uint8Array(32);
    identity[0] = 1; // the identity point: small order
    let offCurve: Uint8Array | undefined;
    for (let y = 2; offCurve === undefined; y++) {
      const candidate = new Uint8Array(32);
      candidate[0] = y;
      if (codeOf(() => PublicKey.fromBytes(candidate)) !== 'ok') offCurve = candidate;
    }
    const good = SigningKey.fromSeed(new Uint8Array(32).fill(77)).publicKey;
    const holderOnly = (key: Uint8Array) => envelopeFor(payloadWith({ holder: PublicKey[FROM_CORE_CHECKED_BYTES](key) }));
    const approver = (key: Uint8Array) => envelopeFor(payloadWith({ requiredApprovers: [good, PublicKey[FROM_CORE_CHECKED_BYTES](key)], minApprovals: 1 }));
    // Repeated: the second decision comes from the core's key cache.
    for (let round = 0; round < 2; round++) {
      for (const bad of [identity, offCurve]) {
        expect(codeOf(() => Warrant.fromBytes(holderOnly(bad)))).toBe(1100);
        expect(codeOf(() => Warrant.fromBytes(approver(bad)))).toBe(1100);
      }
      expect(Warrant.fromBytes(holderOnly(good.rawBytes)).holder.equals(good)).toBe(true);
      expect(codeOf(() => Warrant.fromBytes(approver(good.rawBytes)))).toBe('ok');
    }
  });

  it('trailing bytes, wrong envelope version, wrong arity', () => {
    expect(codeOf(() => Warrant.fromBytes(Uint8Array.from([...a1Envelope, 0])))).toBe(1202);
    const v2 = a1Envelope.slice();
    v2[1] = 2;
    expect(codeOf(() => Warrant.fromBytes(v2))).toBe(1000);
    const arity = a1Envelope.slice();
    arity[0] = 0x82;
    expect(codeOf(() => Warrant.fromBytes(arity))).toBe(1001);
  });

  it('unknown signature algorithm and wrong signature length', () => {
    const alg = a1Envelope.slice();
    alg[alg.length - 67] = 2; // [alg, bytes64] → alg 2
    expect(toHexString(alg.subarray(alg.length - 68, alg.length - 64))).toBe('82025840');
    expect(codeOf(() => Warrant.fromBytes(alg))).toBe(1102);
    const short = Uint8Array.from([...a1Envelope.subarray(0, a1Envelope.length - 66), 0x58, 0x3f, ...a1Envelope.subarray(a1Envelope.length - 63)]);
    expect(codeOf(() => Warrant.fromBytes(short))).toBe(1104);
  });

  it('non-canonical CBOR: indefinite lengths, non-minimal heads, tags', () => {
    const payload = hex(a1.payloadHex);
    const indefinite = Uint8Array.from([0xbf, ...payload.subarray(1), 0xff]);
    expect(codeOf(() => Warrant.fromBytes(envelopeFor(indefinite)))).toBe(1202);
    const nonMinimal = Uint8Array.from([0xb8, 0x0a, ...payload.subarray(1)]);
    expect(codeOf(() => Warrant.fromBytes(envelopeFor(nonMinimal)))).toBe(1202);
    const tagged = Uint8Array.from([0xd8, 0x18, ...payload]);
    expect(codeOf(() => Warrant.fromBytes(envelopeFor(tagged)))).toBe(1202);
  });

  it('map keys out of order, duplicated, or unknown', () => {
    // Swap the entries for keys 6 and 7 (1a-headed u32 values) to break ascending order.
    const p = toHexString(hex(a1.payloadHex));
    const swapped = p.replace('061a65920080071a65920e90', '071a65920e90061a65920080');
    expect(swapped).not.toBe(p);
    expect(codeOf(() => Warrant.fromBytes(envelopeFor(hex(swapped))))).toBe(1202);
    const duplicated = 'ab' + p.slice(2).replace('061a65920080', '061a65920080061a65920080');
    expect(codeOf(() => Warrant.fromBytes(envelopeFor(hex(duplicated))))).toBe(1202);
    const unknownKey = 'ab' + p.slice(2, -4) + '0c00' + p.slice(-4);
    expect(codeOf(() => Warrant.fromBytes(envelopeFor(hex(unknownKey))))).toBe(1203);
  });

  it('missing required fields', () => {
    const p = toHexString(hex(a1.payloadHex)).replace('080312', '12');
    expect(codeOf(() => Warrant.fromBytes(envelopeFor(hex('a9' + p.slice(2)))))).toBe(1204);
  });

  it('warrant_type outside 0/1, payload version ≠ 1', () => {
    const p = toHexString(hex(a1.payloadHex));
    expect(codeOf(() => Warrant.fromBytes(envelopeFor(hex(p.replace('020003a1', '020203a1')))))).toBe(1201);
    expect(codeOf(() => Warrant.fromBytes(envelopeFor(hex(p.replace('a1000101', 'a1000201').replace(/^aa0001/, 'aa0002')))))).toBe(1200);
  });

  it('payload written as an integer array is refused', () => {
    const payload = hex(a1.payloadHex);
    const asArray = encodeEnvelope({ payloadBytes: payload, signature: new Uint8Array(64) });
    // Rebuild the envelope with the payload as array(n) of uints.
    const items = [...payload].flatMap((b) => (b < 24 ? [b] : [0x18, b]));
    const len = payload.length;
    const arrayHead = len < 256 ? [0x98, len] : [0x99, len >> 8, len & 0xff];
    const bytes = Uint8Array.from([0x83, 0x01, ...arrayHead, ...items, ...asArray.subarray(asArray.length - 67)]);
    expect(codeOf(() => Warrant.fromBytes(bytes))).toBe(1202);
  });

  it('reserved tool names, unknown tenuo.* extensions, limits', () => {
    const tools = new Map(payloadFrom(a1).tools);
    const reserved = new Map([['tenuo:revoke', tools.get('read_file')!]]);
    expect(codeOf(() => Warrant.fromBytes(envelopeFor(payloadWith({ tools: reserved }))))).toBe(2100);
    expect(codeOf(() => Warrant.fromBytes(envelopeFor(payloadWith({ extensions: new Map([['tenuo.future', new Uint8Array([1])]]) }))))).toBe(2000);
    expect(codeOf(() => Warrant.fromBytes(envelopeFor(payloadWith({ extensions: new Map([['x', new Uint8Array(8193)]]) }))))).toBe(1904);
    expect(codeOf(() => Warrant.fromBytes(envelopeFor(payloadWith({ expiresAt: 1704067200n + 7_776_001n }))))).toBe(1303);
    expect(codeOf(() => Warrant.fromBytes(envelopeFor(payloadWith({ maxDepth: 65 }))))).toBe(1402);
    expect(codeOf(() => Warrant.fromBytes(envelopeFor(payloadWith({ expiresAt: 1704067200n }))))).toBe(1201);
    const manyTools = new Map(Array.from({ length: 257 }, (_, i) => [`t${String(i).padStart(3, '0')}`, tools.get('read_file')!]));
    expect(codeOf(() => Warrant.fromBytes(envelopeFor(payloadWith({ tools: manyTools }))))).toBe(1902);
  });

  it('oversize input is refused before parsing', () => {
    expect(codeOf(() => Warrant.fromBytes(new Uint8Array(64 * 1024 + 1)))).toBe(1900);
    expect(codeOf(() => WarrantStack.fromBytes(new Uint8Array(256 * 1024 + 1)))).toBe(1901);
    expect(codeOf(() => Warrant.fromBase64('A'.repeat(90_000)))).toBe(1900);
  });

  it('non-Uint8Array inputs are typed errors', () => {
    expect(codeOf(() => Warrant.fromBytes('abc' as unknown as Uint8Array))).toBe(1202);
    expect(codeOf(() => Warrant.fromBase64(42 as unknown as string))).toBe(1202);
    expect(codeOf(() => WarrantStack.fromBytes(null as unknown as Uint8Array))).toBe(1202);
  });
});

describe('base64 and PEM rejections', () => {
  it('strict URL-safe alphabet, no padding, canonical trailing bits', () => {
    const b64 = a1.base64 as string;
    expect(codeOf(() => Warrant.fromBase64(b64))).toBe('ok');
    expect(codeOf(() => Warrant.fromBase64(`${b64}=`))).toBe(1202);
    expect(codeOf(() => Warrant.fromBase64(b64.replace(/-/g, '+')))).toBe(1202);
    expect(Array.from(base64UrlDecode('AAE'))).toEqual([0, 1]);
    expect(codeOf(() => base64UrlDecode('AAF'))).toBe(1202); // non-zero unused bits
    expect(codeOf(() => base64UrlDecode('AAAAA'))).toBe(1202); // impossible length
    expect(codeOf(() => Warrant.fromBase64(`  ${b64.slice(0, 40)}\n ${b64.slice(40)}  `))).toBe('ok');
    expect(codeOf(() => Warrant.fromBase64('@@@@'))).toBe(1202);
  });

  it('truncated and garbled PEM', () => {
    const w = Warrant.fromBytes(a1Envelope);
    const pem = w.toPem();
    expect(codeOf(() => WarrantStack.fromPem(pem.slice(0, pem.length / 2)))).not.toBe('ok');
    expect(codeOf(() => WarrantStack.fromPem('-----BEGIN TENUO WARRANT-----\nnot base64!\n-----END TENUO WARRANT-----'))).toBe(1202);
    expect(codeOf(() => WarrantStack.fromPem(''))).toBe(1202);
  });
});

describe('keys', () => {
  it('wrong lengths and malformed PEM', () => {
    expect(codeOf(() => PublicKey.fromBytes(new Uint8Array(31)))).toBe(1103);
    expect(codeOf(() => PublicKey.fromHex('zz'))).toBe(1201);
    expect(codeOf(() => SigningKey.fromSeed(new Uint8Array(33)))).toBe(1103);
    expect(codeOf(() => SigningKey.fromPem('-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----'))).toBe(1201);
    expect(codeOf(() => PublicKey.fromPem('nothing here'))).toBe(1201);
  });
});
