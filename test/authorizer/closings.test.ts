/**
 * Checks the reference's verifier skips and tenuo-ts performs (the README's
 * "Differences from the reference"). Each chain is signed by hand so that no
 * builder refusal hides the verifier's behaviour.
 */
import { describe, expect, it } from 'vitest';
import { Authorizer, Pattern, SigningKey, TenuoError, type PublicKey } from '../../src/index.js';
import { ConstraintSet } from '../../src/constraints/set.js';
import { sha256 } from '../../src/crypto/hash.js';
import { encodeEnvelope, signedMessage } from '../../src/warrant/envelope.js';
import { encodePayload, type WarrantPayload } from '../../src/warrant/payload.js';

const cp = SigningKey.fromSeed(new Uint8Array(32).fill(1));
const orch = SigningKey.fromSeed(new Uint8Array(32).fill(2));
const worker = SigningKey.fromSeed(new Uint8Array(32).fill(3));
const T0 = 1_800_000_000;
const authorizer = Authorizer.builder().trustedRoot(cp.publicKey).build();
let nextId = 1;

function tools(names: string[]): Map<string, ConstraintSet> {
  return new Map(names.map((n) => [n, new ConstraintSet({ path: new Pattern('/data/*') })]));
}

function payload(issuer: SigningKey, holder: PublicKey, changes: Partial<WarrantPayload> = {}): WarrantPayload {
  const id = new Uint8Array(16);
  new DataView(id.buffer).setUint32(12, nextId++);
  return {
    version: 1,
    id,
    warrantType: 0,
    tools: tools(['read_file']),
    holder,
    issuer: issuer.publicKey,
    issuedAt: BigInt(T0),
    expiresAt: BigInt(T0 + 3600),
    maxDepth: 5,
    depth: 0,
    extensions: new Map(),
    ...changes,
  };
}

interface Signed {
  payloadBytes: Uint8Array;
  envelope: Uint8Array;
  depth: number;
}

function sign(p: WarrantPayload, signer: SigningKey): Signed {
  const payloadBytes = encodePayload(p);
  return { payloadBytes, envelope: encodeEnvelope({ payloadBytes, signature: signer.sign(signedMessage(payloadBytes)) }), depth: p.depth };
}

function child(parent: Signed, signer: SigningKey, holder: PublicKey, changes: Partial<WarrantPayload> = {}): Signed {
  return sign(payload(signer, holder, { depth: parent.depth + 1, parentHash: sha256(parent.payloadBytes), ...changes }), signer);
}

function stack(...ws: Signed[]): Uint8Array {
  return Uint8Array.from([0x80 + ws.length, ...ws.flatMap((w) => [...w.envelope])]);
}

function code(bytes: Uint8Array, now = T0 + 10): number | 'valid' {
  try {
    authorizer.verifyChain(bytes, { now });
    return 'valid';
  } catch (e) {
    if (e instanceof TenuoError) return e.code;
    throw e;
  }
}

const root = sign(payload(cp, orch.publicKey), cp);

describe('checks the reference skips', () => {
  it('baseline: a plain two-link chain verifies', () => {
    expect(code(stack(root, child(root, orch, worker.publicKey)))).toBe('valid');
  });

  it('Exec→Exec: tools are checked even when the parent tools map is empty', () => {
    const emptyRoot = sign(payload(cp, orch.publicKey, { tools: new Map() }), cp);
    expect(code(stack(emptyRoot, child(emptyRoot, orch, worker.publicKey)))).toBe(1502);
  });

  it('clearance: a child may not introduce one when the parent has none (absent = 0)', () => {
    expect(code(stack(root, child(root, orch, worker.publicKey, { clearance: 5 })))).toBe(1502);
  });

  it('I3 compares raw integers: an expiry at or beyond 2^63 is refused', () => {
    const far = child(root, orch, worker.publicKey, { expiresAt: 2n ** 63n, issuedAt: 2n ** 63n - 100n });
    expect(code(stack(root, far))).not.toBe('valid');
    const farRoot = sign(payload(cp, orch.publicKey, { issuedAt: 2n ** 64n - 1000n, expiresAt: 2n ** 64n - 1n }), cp);
    expect(code(stack(farRoot))).toBe(1302);
  });

  it('the root is subject to the time rules too (expired, issued in the future)', () => {
    expect(code(stack(root), T0 + 3600 + 31)).toBe(1300);
    expect(code(stack(root), T0 + 3600 + 30)).toBe('valid');
    expect(code(stack(root), T0 - 31)).toBe(1302);
    expect(code(stack(root), T0 - 30)).toBe('valid');
  });

  it('a child issued in the future beyond the tolerance is refused on the chain path', () => {
    const future = child(root, orch, worker.publicKey, { issuedAt: BigInt(T0 + 100), expiresAt: BigInt(T0 + 200) });
    expect(code(stack(root, future), T0 + 10)).toBe(1302);
  });

  it('TTL above 90 days and max_depth above 64 are refused', () => {
    expect(code(stack(sign(payload(cp, orch.publicKey, { expiresAt: BigInt(T0 + 7_776_001) }), cp)))).toBe(1303);
    expect(code(stack(sign(payload(cp, orch.publicKey, { maxDepth: 65 }), cp)))).toBe(1402);
  });

  it('stacks longer than 64 warrants are refused before any signature is checked', () => {
    const envelopes = Array.from({ length: 65 }, () => [...root.envelope]).flat();
    expect(code(Uint8Array.from([0x98, 65, ...envelopes]))).toBe(1404);
  });

  it('a repeated warrant (cycle) is refused', () => {
    expect(code(Uint8Array.from([0x82, ...root.envelope, ...root.envelope]))).toBe(1405);
  });

  describe('issuer warrants', () => {
    const bounds = new ConstraintSet({ path: new Pattern('/data/*') });
    const issuerRoot = sign(
      payload(cp, orch.publicKey, { warrantType: 1, tools: new Map(), issuableTools: ['read_file'], maxIssueDepth: 2, constraintBounds: bounds }),
      cp,
    );
    const issuerChild = (changes: Partial<WarrantPayload>) =>
      child(issuerRoot, orch, worker.publicKey, { warrantType: 1, tools: new Map(), issuableTools: ['read_file'], maxIssueDepth: 2, constraintBounds: bounds, ...changes });

    it('Issuer→Issuer keeping everything verifies', () => {
      expect(code(stack(issuerRoot, issuerChild({})))).toBe('valid');
    });

    it('Issuer→Issuer may not drop constraint_bounds', () => {
      expect(code(stack(issuerRoot, issuerChild({ constraintBounds: undefined })))).toBe(1502);
    });

    it('Issuer→Issuer may not raise or drop max_issue_depth', () => {
      expect(code(stack(issuerRoot, issuerChild({ maxIssueDepth: 3 })))).toBe(1502);
      expect(code(stack(issuerRoot, issuerChild({ maxIssueDepth: undefined })))).toBe(1502);
    });

    it('Issuer→Exec: within bounds verifies; outside bounds, self-issuance and depth beyond max_issue_depth do not', () => {
      expect(code(stack(issuerRoot, child(issuerRoot, orch, worker.publicKey)))).toBe('valid');
      const wide = child(issuerRoot, orch, worker.publicKey, { tools: new Map([['read_file', new ConstraintSet({ path: new Pattern('/*') })]]) });
      expect(code(stack(issuerRoot, wide))).toBe(1503);
      expect(code(stack(issuerRoot, child(issuerRoot, orch, orch.publicKey)))).toBe(1400);
      const deepRoot = sign(payload(cp, orch.publicKey, { warrantType: 1, tools: new Map(), issuableTools: ['read_file'], maxIssueDepth: 0, constraintBounds: bounds }), cp);
      expect(code(stack(deepRoot, child(deepRoot, orch, worker.publicKey)))).toBe(1402);
    });

    it('Exec→Issuer is refused', () => {
      expect(code(stack(root, child(root, orch, worker.publicKey, { warrantType: 1, tools: new Map(), issuableTools: ['read_file'] })))).toBe(1502);
    });
  });
});

describe('honest forms the verifier keeps accepting', () => {
  it('parent_hash and extension values as byte strings (the spec form) as well as integer arrays', () => {
    const asBytes = child(root, orch, worker.publicKey, {
      parentHashForm: 'bytes',
      extensions: new Map([['com.example.raw', Uint8Array.of(0xff, 0x00, 0x13)]]),
      extensionForms: new Map([['com.example.raw', 'bytes' as const]]),
    });
    expect(code(stack(root, asBytes))).toBe('valid');
    const asArrays = child(root, orch, worker.publicKey, { extensions: new Map([['com.example.raw', Uint8Array.of(0xff, 0x00, 0x13)]]) });
    expect(code(stack(root, asArrays))).toBe('valid');
  });

  it('a stack that starts below the root: trust is its first issuer', () => {
    const mid = child(root, orch, worker.publicKey);
    const leaf = child(mid, worker, worker.publicKey);
    const trustsOrchestrator = Authorizer.builder().trustedRoot(orch.publicKey).build();
    expect(trustsOrchestrator.verifyChain(stack(mid, leaf), { now: T0 + 10 }).chainLength).toBe(2);
    expect(code(stack(mid, leaf))).toBe(1406);
  });

  it('keys written as integer arrays are refused', () => {
    const good = encodePayload(payload(cp, orch.publicKey));
    const hex = Buffer.from(good).toString('hex');
    const holderAt = hex.indexOf('0482015820' + orch.publicKey.toHex()) / 2 + 1; // key 4 → [1, bytes32]
    expect(holderAt).toBeGreaterThan(0);
    const key = good.subarray(holderAt + 4, holderAt + 36);
    const asArray = [0x82, 0x01, 0x98, 0x20, ...[...key].flatMap((b) => (b < 24 ? [b] : [0x18, b]))];
    const tampered = Uint8Array.from([...good.subarray(0, holderAt), ...asArray, ...good.subarray(holderAt + 36)]);
    const signed = encodeEnvelope({ payloadBytes: tampered, signature: cp.sign(signedMessage(tampered)) });
    expect(code(Uint8Array.from([0x81, ...signed]))).toBe(1202);
  });
});
