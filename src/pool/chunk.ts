/**
 * A chunk of requests and its results in the form that crosses the thread
 * boundary: column-wise, with chains and approvals de-duplicated, all PoP
 * signatures packed into one transferable buffer, args as strings
 * (transfer.ts), and results as a transferable number table plus the few
 * distinct strings — far cheaper to clone than thousands of small objects.
 * Requests that cannot be encoded are left to the caller (`skipped`).
 */
import { SignedApproval } from '../approval/approval.js';
import type { BatchRequest, BatchResult } from '../authorizer/authorizer.js';
import { ErrorCode, TenuoError } from '../errors.js';
import { WarrantStack } from '../warrant/stack.js';
import { Warrant } from '../warrant/warrant.js';
import { argsFromParsed, encodeArgs, Untransferable } from './transfer.js';

export interface WireChunk {
  /** Distinct warrants: the caller's text, or stack bytes (a Warrant/WarrantStack → its chain bytes). */
  warrants: Array<string | Uint8Array>;
  /** Per request: index into `warrants`. */
  warrant: Int32Array;
  /** Distinct tool names, and per request an index into them. */
  tools: string[];
  tool: Int32Array;
  /** Every request's `encodeArgs` text, as one JSON array (one string to clone, one parse). */
  args: string;
  /** Per request: PoP length in `pops`, or -1 for null, -2 for undefined. */
  popLength: Int32Array;
  pops: Uint8Array;
  /** Distinct approvals (`SignedApproval.toBytes()`). */
  approvalBytes: Uint8Array[];
  /** Per request: indexes into `approvalBytes`, or null when none were given. Absent when no request has any. */
  approvals?: Array<number[] | null>;
}

const POP_NULL = -1;
const POP_UNDEFINED = -2;

/** Bytes that clone as themselves: a view of part of a larger (or shared) buffer would drag the whole buffer along. */
function ownBytes(bytes: Uint8Array): Uint8Array {
  const whole = bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength && !(bytes.buffer instanceof SharedArrayBuffer);
  return whole && Object.getPrototypeOf(bytes) === Uint8Array.prototype ? bytes : new Uint8Array(bytes);
}

class Interner<K, V> {
  readonly values: V[] = [];
  readonly #index = new Map<K, number>();
  find(key: K): number | undefined {
    return this.#index.get(key);
  }
  add(key: K, value: V): number {
    const i = this.values.push(value) - 1;
    this.#index.set(key, i);
    return i;
  }
  indexOf(key: K, make: (key: K) => V): number {
    return this.find(key) ?? this.add(key, make(key));
  }
}

function warrantBytes(input: unknown): string | Uint8Array {
  if (typeof input === 'string') return input;
  if (input instanceof Uint8Array) return ownBytes(input);
  if (input instanceof Warrant) return input.chainBytes();
  if (input instanceof WarrantStack) return input.toBytes();
  throw new Untransferable('warrant is not a WarrantInput');
}

/**
 * Encodes `requests[start, end)`. Returns the chunk, the batch positions it
 * carries, those it could not carry (holes excluded, as `map` skips them),
 * and the buffers to transfer.
 */
export function encodeChunk(requests: readonly unknown[], start: number, end: number): { chunk: WireChunk; positions: number[]; skipped: number[]; transfer: ArrayBuffer[] } {
  const warrants = new Interner<unknown, string | Uint8Array>();
  const approvals = new Interner<SignedApproval, Uint8Array>();
  const tools = new Interner<string, string>();
  const positions: number[] = [];
  const skipped: number[] = [];
  const warrant: number[] = [];
  const tool: number[] = [];
  const args: string[] = [];
  const popLength: number[] = [];
  const pops: Uint8Array[] = [];
  let popBytes = 0;
  const approvalLists: Array<number[] | null> = [];
  let anyApprovals = false;
  for (let i = start; i < end; i++) {
    if (!(i in requests)) continue;
    try {
      const r = requests[i] as Partial<Record<keyof BatchRequest, unknown>>;
      if (typeof r !== 'object' || r === null) throw new Untransferable('request is not an object');
      if (typeof r.tool !== 'string') throw new Untransferable('tool is not a string');
      const w = warrants.indexOf(r.warrant, warrantBytes);
      const a = encodeArgs(r.args);
      const pop = r.pop;
      if (pop !== null && pop !== undefined && !(pop instanceof Uint8Array)) throw new Untransferable('pop is not bytes');
      let list: number[] | null = null;
      if (r.approvals !== undefined && r.approvals !== null) {
        if (!Array.isArray(r.approvals)) throw new Untransferable('approvals is not a list');
        list = r.approvals.map((approval: unknown) => {
          if (!(approval instanceof SignedApproval)) throw new Untransferable('approval is not a SignedApproval');
          return approvals.indexOf(approval, (a) => a.toBytes());
        });
        anyApprovals = true;
      }
      warrant.push(w);
      tool.push(tools.indexOf(r.tool, String));
      args.push(a);
      if (pop instanceof Uint8Array) {
        pops.push(pop);
        popBytes += pop.length;
        popLength.push(pop.length);
      } else popLength.push(pop === null ? POP_NULL : POP_UNDEFINED);
      approvalLists.push(list);
      positions.push(i);
    } catch {
      // Not carried (e.g. undefined args, a getter that throws): the caller decides it in-thread.
      skipped.push(i);
    }
  }
  const packed = new Uint8Array(popBytes);
  let offset = 0;
  for (const pop of pops) {
    packed.set(pop, offset);
    offset += pop.length;
  }
  const chunk: WireChunk = {
    warrants: warrants.values,
    warrant: Int32Array.from(warrant),
    tools: tools.values,
    tool: Int32Array.from(tool),
    args: `[${args.join(',')}]`,
    popLength: Int32Array.from(popLength),
    pops: packed,
    approvalBytes: approvals.values,
    ...(anyApprovals ? { approvals: approvalLists } : {}),
  };
  return { chunk, positions, skipped, transfer: [chunk.warrant.buffer, chunk.tool.buffer, chunk.popLength.buffer, packed.buffer] as ArrayBuffer[] };
}

/** The worker's side: each request back as a BatchRequest (or the error that stopped its decoding). */
export function decodeChunk(chunk: WireChunk): Array<BatchRequest | { error: unknown }> {
  const approvals: Array<SignedApproval | undefined> = [];
  const approval = (i: number): SignedApproval => (approvals[i] ??= SignedApproval.fromBytes(chunk.approvalBytes[i] as Uint8Array));
  const out: Array<BatchRequest | { error: unknown }> = [];
  const args = JSON.parse(chunk.args) as unknown[];
  if (!Array.isArray(args) || args.length !== chunk.tool.length) throw new TenuoError(ErrorCode.InvalidPayloadStructure, 'malformed request chunk');
  let offset = 0;
  for (let i = 0; i < chunk.tool.length; i++) {
    const length = chunk.popLength[i] as number;
    const pop = length === POP_NULL ? null : length === POP_UNDEFINED ? undefined : chunk.pops.slice(offset, (offset += length));
    try {
      const request: BatchRequest = { warrant: chunk.warrants[chunk.warrant[i] as number] as string | Uint8Array, tool: chunk.tools[chunk.tool[i] as number] as string, args: argsFromParsed(args[i]), pop };
      const list = chunk.approvals?.[i];
      if (list) request.approvals = list.map(approval);
      out.push(request);
    } catch (error) {
      out.push({ error });
    }
  }
  return out;
}

/** Results as numbers (5 per result) plus their distinct strings and check lists. */
export interface WireResults {
  table: Float64Array;
  strings: string[];
  checks: string[][];
  /** Results of any other shape, cloned as they are. */
  other: BatchResult[];
}

const OK = 1;
const FAILED = 0;
const OTHER = 2;

function isOk(r: BatchResult): boolean {
  return r.ok === true && typeof r.warrantId === 'string' && typeof r.tool === 'string' && typeof r.popWindow === 'number' && Array.isArray(r.checks) && Object.keys(r).length === 5;
}

function isFailure(r: BatchResult): boolean {
  return r.ok === false && typeof r.code === 'number' && typeof r.kind === 'string' && typeof r.message === 'string' && Object.keys(r).length === 4;
}

function sameStrings(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

export function encodeResults(results: readonly BatchResult[]): { results: WireResults; transfer: ArrayBuffer[] } {
  const strings = new Interner<string, string>();
  const checks = new Interner<string, string[]>();
  const table = new Float64Array(results.length * 5);
  const other: BatchResult[] = [];
  const row = (i: number, kind: number, a: number, b: number, c: number, d: number) => {
    table[i * 5] = kind;
    table[i * 5 + 1] = a;
    table[i * 5 + 2] = b;
    table[i * 5 + 3] = c;
    table[i * 5 + 4] = d;
  };
  // Neighbouring results mostly share their check list: compare with the last one before joining a key.
  let lastChecks: readonly string[] = [];
  let lastChecksIndex = -1;
  const checksIndex = (list: readonly string[]): number => {
    if (lastChecksIndex >= 0 && sameStrings(list, lastChecks)) return lastChecksIndex;
    const key = list.join('\u0000');
    lastChecks = list;
    lastChecksIndex = checks.find(key) ?? checks.add(key, [...list]);
    return lastChecksIndex;
  };
  results.forEach((r, i) => {
    if (isOk(r) && r.ok) {
      row(i, OK, strings.indexOf(r.warrantId, String), strings.indexOf(r.tool, String), r.popWindow, checksIndex(r.checks));
    } else if (isFailure(r) && !r.ok) {
      row(i, FAILED, r.code, strings.indexOf(r.kind, String), strings.indexOf(r.message, String), 0);
    } else {
      row(i, OTHER, other.push(r) - 1, 0, 0, 0);
    }
  });
  return { results: { table, strings: strings.values, checks: checks.values, other }, transfer: [table.buffer as ArrayBuffer] };
}

/** Fresh result objects, shaped and ordered as `Authorizer.verifyBatch` makes them. */
export function decodeResults(wire: WireResults): BatchResult[] {
  const { table, strings, checks, other } = wire;
  const out: BatchResult[] = new Array(table.length / 5);
  for (let i = 0; i < out.length; i++) {
    const row = i * 5;
    const kind = table[row];
    const a = table[row + 1] as number;
    const b = table[row + 2] as number;
    const c = table[row + 3] as number;
    if (kind === OK) out[i] = { ok: true, warrantId: strings[a] as string, tool: strings[b] as string, popWindow: c, checks: (checks[table[row + 4] as number] as string[]).slice() };
    else if (kind === FAILED) out[i] = { ok: false, code: a, kind: strings[b] as string, message: strings[c] as string };
    else if (kind === OTHER) out[i] = other[a] as BatchResult;
    else throw new TenuoError(ErrorCode.InvalidPayloadStructure, 'malformed result table from a verifier worker');
  }
  return out;
}
