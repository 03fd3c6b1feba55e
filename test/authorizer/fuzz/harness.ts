/**
 * Running fuzz inputs, recording outcomes, and the independent oracle.
 * Part of the verifier fuzz tests (test/authorizer/fuzz.test.ts).
 */
import { Authorizer, ErrorCode, TenuoError, Warrant, WarrantStack } from '../../../src/index.js';
import { sha256 } from '../../../src/crypto/hash.js';
import { encodePayload } from '../../../src/warrant/payload.js';
import { wasm } from '../../../src/wasm/module.js';
import { toHexString } from '../../helpers.js';
import { Rng } from './prng.js';
import { bytesEqual, stackOf } from './structure.js';
import { NOW, cp, CHAIN_ACCEPTABLE, SEED_ENVELOPES } from './seeds.js';

// ---------------------------------------------------------------------------
// Running inputs and recording outcomes.

export const CODES = new Set<number>(Object.values(ErrorCode));
// Chain cache off: every input, including the final A.3 check, goes through the WASM walk.
export const authorizer = Authorizer.builder().trustedRoot(cp.publicKey).chainCache(0).build();
export const SLOW_MS = 500;

export type Api = 'verifyChain' | 'WarrantStack.fromBytes' | 'Warrant.fromBytes';

export interface Problem {
  block: string;
  kind: string;
  api: Api | 'validatePayloadBytes';
  problem: string;
  inputHex: string;
}

export interface Tally {
  inputs: number;
  accepted: number;
  byKind: Map<string, number>;
  acceptedByKind: Map<string, number>;
  byApi: Map<string, number>;
  codes: Map<string, number>;
  problems: Problem[];
  slowestMs: number;
}

export function newTally(): Tally {
  return { inputs: 0, accepted: 0, byKind: new Map(), acceptedByKind: new Map(), byApi: new Map(), codes: new Map(), problems: [], slowestMs: 0 };
}

export const bump = (m: Map<string, number>, k: string, by = 1) => m.set(k, (m.get(k) ?? 0) + by);

export const TALLIES = new Map<string, Tally>();

export function describeError(e: unknown): string {
  if (e instanceof TenuoError) return `TenuoError ${e.code}: ${e.message}`;
  if (e instanceof Error) return `${e.constructor.name}: ${e.message}`;
  return `non-Error thrown: ${String(e)}`;
}

/**
 * Runs one input through one API. Returns the result on success, the code on
 * a TenuoError, and records anything else as a problem.
 */
export function run<T>(tally: Tally, block: string, kind: string, api: Api, input: Uint8Array, call: () => T): T | number | undefined {
  tally.inputs++;
  bump(tally.byKind, kind);
  bump(tally.byApi, api);
  const started = process.cpuUsage();
  let result: T | number | undefined;
  try {
    result = call();
    tally.accepted++;
    bump(tally.acceptedByKind, kind);
    bump(tally.codes, 'ok');
  } catch (e) {
    if (e instanceof TenuoError && CODES.has(e.code)) {
      bump(tally.codes, String(e.code));
      result = e.code;
    } else {
      bump(tally.codes, 'PROBLEM');
      tally.problems.push({ block, kind, api, problem: describeError(e), inputHex: toHexString(input) });
    }
  }
  // CPU time, not wall time: the machine may be shared.
  const used = process.cpuUsage(started);
  const ms = (used.user + used.system) / 1000;
  if (ms > tally.slowestMs) tally.slowestMs = ms;
  if (ms > SLOW_MS) tally.problems.push({ block, kind, api, problem: `took ${ms.toFixed(0)} ms of CPU`, inputHex: toHexString(input) });
  return result;
}

export function pickApi(rng: Rng): Api {
  const r = rng.int(10);
  return r < 8 ? 'verifyChain' : r === 8 ? 'WarrantStack.fromBytes' : 'Warrant.fromBytes';
}

export function call(api: Api, input: Uint8Array): () => unknown {
  switch (api) {
    case 'verifyChain':
      return () => authorizer.verifyChain(input, { now: NOW });
    case 'WarrantStack.fromBytes':
      return () => WarrantStack.fromBytes(input);
    case 'Warrant.fromBytes':
      return () => Warrant.fromBytes(input);
  }
}

/**
 * A mutant that was not re-signed verified: it must consist of unmodified seed
 * envelopes, and for verifyChain be a seed chain or a prefix of one.
 */
export function checkUnsignedAcceptance(tally: Tally, block: string, kind: string, api: Api, input: Uint8Array, result: unknown): void {
  const fail = (problem: string) => tally.problems.push({ block, kind, api, problem, inputHex: toHexString(input) });
  const h = toHexString(input);
  if (api === 'verifyChain') {
    if (!CHAIN_ACCEPTABLE.has(h)) fail('verifyChain accepted a mutant that is not a seed chain or a prefix of one');
  } else if (api === 'Warrant.fromBytes') {
    if (!SEED_ENVELOPES.has(h)) fail('Warrant.fromBytes accepted a mutant that is not a seed envelope');
  } else {
    const stack = result as WarrantStack;
    const envelopes = stack.warrants.map((w) => w.toBytes());
    if (!envelopes.every((e) => SEED_ENVELOPES.has(toHexString(e)))) fail('WarrantStack.fromBytes accepted a modified envelope');
    const lone = envelopes.length === 1 && bytesEqual(envelopes[0] as Uint8Array, input);
    if (!lone && !bytesEqual(stackOf(envelopes), input)) fail('WarrantStack.fromBytes accepted bytes that are not a stack of its envelopes');
  }
}

export function memoryBytes(): number {
  return wasm().exports.memory.buffer.byteLength;
}

export function keyEq(a: { rawBytes: Uint8Array }, b: { rawBytes: Uint8Array }): boolean {
  return bytesEqual(a.rawBytes, b.rawBytes);
}

/**
 * Independent re-check of a verified chain (re-signed mutants): the walk's
 * link rules seen from the decoded objects, and exact re-encoding.
 */
export function oracleProblems(warrants: readonly Warrant[]): string[] {
  const out: string[] = [];
  warrants.forEach((w, i) => {
    if (!bytesEqual(encodePayload(w.payload), w.payloadBytes)) out.push(`warrant ${i} does not re-encode to its payload bytes`);
    if (w.expiresAt <= w.issuedAt) out.push(`warrant ${i}: expires_at ≤ issued_at`);
    if (w.depth > w.maxDepth) out.push(`warrant ${i}: depth > max_depth`);
    if (w.expiresAt + 30 < NOW || w.issuedAt - 30 > NOW) out.push(`warrant ${i}: not valid at now`);
  });
  const root = warrants[0] as Warrant;
  if (!keyEq(root.issuer, cp.publicKey)) out.push('root issuer is not the trusted root');
  if (root.depth !== 0 || root.parentHash) out.push('root has depth or parent_hash');
  for (let i = 1; i < warrants.length; i++) {
    const p = warrants[i - 1] as Warrant;
    const c = warrants[i] as Warrant;
    if (!keyEq(c.issuer, p.holder)) out.push(`link ${i}: issuer is not the parent holder`);
    if (c.depth !== p.depth + 1) out.push(`link ${i}: depth not parent + 1`);
    if (c.maxDepth > p.maxDepth) out.push(`link ${i}: max_depth grew`);
    if (c.expiresAt > p.expiresAt) out.push(`link ${i}: outlives its parent`);
    if (!c.parentHash || !bytesEqual(c.parentHash, sha256(p.payloadBytes))) out.push(`link ${i}: parent_hash mismatch`);
    if ((c.clearance ?? 0) > (p.clearance ?? 0)) out.push(`link ${i}: clearance grew`);
    if (p.type === 'execution') {
      if (c.type !== 'execution') out.push(`link ${i}: execution parent, issuer child`);
      for (const t of c.toolNames) if (!p.tools.has(t) && !p.tools.has('*')) out.push(`link ${i}: tool ${t} not in the parent`);
    } else if (c.type === 'issuer') {
      const allowed = new Set(p.issuableTools ?? []);
      for (const t of c.issuableTools ?? []) if (!allowed.has(t) && !allowed.has('*')) out.push(`link ${i}: issuable tool ${t} not in the parent`);
      if (p.constraintBounds && !c.constraintBounds) out.push(`link ${i}: constraint_bounds dropped`);
    } else {
      const allowed = new Set(p.issuableTools ?? []);
      for (const t of c.toolNames) if (!allowed.has(t) && !allowed.has('*')) out.push(`link ${i}: tool ${t} not issuable by the parent`);
      if (keyEq(c.holder, p.holder) || keyEq(c.holder, p.issuer)) out.push(`link ${i}: self-issued execution warrant`);
    }
  }
  return out;
}
