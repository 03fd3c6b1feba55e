/**
 * Seed chains for the verifier fuzz tests: the A.3 and A.1 vectors and two chains built here.
 * Part of the verifier fuzz tests (test/authorizer/fuzz.test.ts).
 */
import {
  All,
  Any,
  Cel,
  Cidr,
  ConstraintSet,
  Contains,
  Exact,
  float,
  Not,
  NotOneOf,
  OneOf,
  Pattern,
  Range,
  Regex,
  Shlex,
  SigningKey,
  Subpath,
  Subset,
  UnknownConstraint,
  UrlPattern,
  UrlSafe,
  Warrant,
  Wildcard,
} from '../../../src/index.js';
import { sha256 } from '../../../src/crypto/hash.js';
import { encodeEnvelope } from '../../../src/warrant/envelope.js';
import { WarrantType, type WarrantPayload } from '../../../src/warrant/payload.js';
import { hex, keyFor, toHexString, vector } from '../../helpers.js';
import { stackOf } from './structure.js';

// ---------------------------------------------------------------------------
// Seeds.

export const NOW = 1704067260;
export const T0 = 1704067200;
export const T1 = 1704070800;

export const cp = keyFor('ControlPlane');
export const orchestrator = keyFor('Orchestrator');
export const worker = keyFor('Worker');
export const worker2 = keyFor('Worker2');
export const approver1 = keyFor('Approver1');
export const approver2 = keyFor('Approver2');

export interface Link {
  payload: Uint8Array;
  envelope: Uint8Array;
  signer: SigningKey;
}
export interface SeedChain {
  name: string;
  links: Link[];
}

export function envelopeFromVector(id: string): Uint8Array {
  const v = vector(id);
  return encodeEnvelope({ payloadBytes: hex(v.payloadHex), signature: hex(v.signatureHex) });
}

export function vectorChain(name: string, ids: string[]): SeedChain {
  return {
    name,
    links: ids.map((id) => ({ payload: hex(vector(id).payloadHex), envelope: envelopeFromVector(id), signer: keyFor(vector(id).signerRole) })),
  };
}

export function idOf(n: number): Uint8Array {
  return Uint8Array.from([0x01, 0x94, 0x71, 0xf8, 0, 0, 0x70, 0, 0x80, 0, 0, 0, 0, 0, 0xf0, n]);
}

export function linksOf(warrants: Warrant[], signers: SigningKey[]): Link[] {
  return warrants.map((w, i) => ({ payload: w.payloadBytes, envelope: w.toBytes(), signer: signers[i] as SigningKey }));
}

/** Three execution links; many constraint types, extensions, approvers and clearance on the root. */
export function richChain(): SeedChain {
  const root = Warrant.issue({
    signingKey: cp,
    holder: orchestrator.publicKey,
    id: idOf(0xa0),
    issuedAt: T0,
    expiresAt: T1,
    maxDepth: 5,
    clearance: 3,
    sessionId: 'sess-0001',
    agentId: 'agent-7',
    extensions: { 'acme.trace': Uint8Array.of(1, 2, 3) },
    requiredApprovers: [approver1.publicKey, approver2.publicKey],
    minApprovals: 1,
    tools: {
      read_file: { path: new Pattern('/data/*'), mode: new OneOf(['r', 'rb']) },
      transfer: { amount: new Range({ min: 0, max: 1000 }), currency: new NotOneOf(['XXX', 'ZZZ']) },
      http_get: {
        url: new UrlPattern('https://api.example.com/v1/*'),
        target: new UrlSafe({ schemes: ['https'], allowDomains: ['example.com'], allowPorts: [443, 8443] }),
      },
      connect: { ip: new Cidr('10.0.0.0/8') },
      shell: { cmd: new Shlex(['ls', 'cat']) },
      fs: { p: new Subpath('/data', { caseSensitive: true, allowEqual: false }) },
      query: { expr: new Cel('size(x) < 10', { parentExpression: 'true' }) },
      tag: { any: new Contains(['a']), sub: new Subset(['a', 'b', 'c']) },
      grep: { re: new Regex('^[a-z]+$') },
      combo: {
        x: new All([new Pattern('a*'), new Not(new Exact('ab'))]),
        y: new Any([new Exact(1), new Exact(float(2.5)), new Exact({ k: [1, 'x', true, null, -7] })]),
      },
      open: { w: new Wildcard() },
      ext: { u: new UnknownConstraint(100, Uint8Array.of(0xde, 0xad)) },
    },
  });
  const l1 = root.attenuate({ keypair: orchestrator, authorizedHolder: worker.publicKey, constraints: { path: '/data/reports/*' }, id: idOf(0xa1), issuedAt: T0, expiresAt: T1 });
  const l2 = l1.attenuate({
    keypair: worker,
    authorizedHolder: worker2.publicKey,
    tools: { read_file: { path: new Exact('/data/reports/q3.pdf') }, transfer: { amount: new Range({ min: 0, max: 10 }) }, combo: {} },
    id: idOf(0xa2),
    issuedAt: T0,
    expiresAt: T1 - 60,
    clearance: 2,
  });
  return { name: 'rich', links: linksOf([root, l1, l2], [cp, orchestrator, worker]) };
}

/** Issuer → issuer → execution: issuable_tools, max_issue_depth, constraint_bounds. */
export function issuerChain(): SeedChain {
  const i0 = Warrant.issue({
    signingKey: cp,
    holder: orchestrator.publicKey,
    type: 'issuer',
    issuableTools: ['read_file', 'search', 'transfer'],
    maxIssueDepth: 3,
    constraintBounds: { amount: new Range({ min: 0, max: 100 }), path: new Pattern('/data/*') },
    id: idOf(0xb0),
    issuedAt: T0,
    expiresAt: T1,
    maxDepth: 4,
  });
  const i1 = i0.attenuate({
    keypair: orchestrator,
    authorizedHolder: worker.publicKey,
    issuableTools: ['read_file', 'search'],
    maxIssueDepth: 2,
    constraintBounds: { amount: new Range({ min: 0, max: 50 }), path: new Pattern('/data/x/*') },
    id: idOf(0xb1),
    issuedAt: T0,
    expiresAt: T1,
  });
  const payload: WarrantPayload = {
    version: 1,
    id: idOf(0xb2),
    warrantType: WarrantType.Execution,
    tools: new Map([['read_file', new ConstraintSet({ amount: new Range({ min: 0, max: 10 }), path: new Pattern('/data/x/y/*') })]]),
    holder: worker2.publicKey,
    issuer: worker.publicKey,
    issuedAt: BigInt(T0),
    expiresAt: BigInt(T1),
    maxDepth: 4,
    depth: 2,
    parentHash: sha256(i1.payloadBytes),
    extensions: new Map(),
  };
  const i2 = Warrant.sign(payload, worker, [i0, i1]);
  return { name: 'issuer', links: linksOf([i0, i1, i2], [cp, orchestrator, worker]) };
}

export const a3 = vectorChain('A.3', ['A.3.L0', 'A.3.L1', 'A.3.L2']);
export const a1 = vectorChain('A.1', ['A.1']);
export const rich = richChain();
export const issuer = issuerChain();
export const SEEDS: SeedChain[] = [a3, a1, rich, issuer];
export const a3Stack = stackOf(a3.links.map((l) => l.envelope));

/** Whole inputs to mutate: each seed chain as a stack, and every envelope alone. */
export const INPUTS: { name: string; bytes: Uint8Array }[] = [
  ...SEEDS.map((s) => ({ name: `${s.name} stack`, bytes: stackOf(s.links.map((l) => l.envelope)) })),
  ...SEEDS.flatMap((s) => s.links.map((l, i) => ({ name: `${s.name}[${i}] envelope`, bytes: l.envelope }))),
];
export const INPUT_POOL = INPUTS.map((i) => i.bytes);

/** What verifyChain may accept without re-signing: a seed chain or a prefix of one (stack, or a lone root envelope). */
export const CHAIN_ACCEPTABLE = new Set<string>();
/** The seed envelopes, which fromBytes decoders may accept in any arrangement. */
export const SEED_ENVELOPES = new Set<string>();
for (const s of SEEDS) {
  for (let n = 1; n <= s.links.length; n++) CHAIN_ACCEPTABLE.add(toHexString(stackOf(s.links.slice(0, n).map((l) => l.envelope))));
  CHAIN_ACCEPTABLE.add(toHexString((s.links[0] as Link).envelope));
  for (const l of s.links) SEED_ENVELOPES.add(toHexString(l.envelope));
}
