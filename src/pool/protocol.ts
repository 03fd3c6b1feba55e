/** Messages between the pool (main thread) and its workers; all structured-clone data. */
import type { BatchResult } from '../authorizer/authorizer.js';
import { ErrorCode, TenuoError } from '../errors.js';
import type { WireChunk, WireResults } from './chunk.js';

/** `workerData`: the Authorizer configuration, keys and list as bytes. */
export interface WorkerConfig {
  roots: Uint8Array[];
  clockTolerance?: number;
  popWindow?: { windowSeconds: number; maxWindows: number };
  clearances: Array<[string, number]>;
  controlPlaneKey?: Uint8Array;
  /** The newest installed revocation list (`SignedRevocationList.toBytes()`). */
  srl?: Uint8Array;
  chainCacheEntries?: number;
}

export type ToWorker =
  | { type: 'verify'; id: number; now: number; chunk: WireChunk }
  | { type: 'srl'; id: number; bytes: Uint8Array };

export type ToMain =
  | { type: 'ready' }
  | { type: 'init-error'; error: WireError }
  | { type: 'result'; id: number; results: WireResults }
  | { type: 'srl-ok'; id: number }
  | { type: 'error'; id: number; error: WireError };

/** A TenuoError as plain data. */
export interface WireError {
  code: number;
  message: string;
}

export function toWireError(e: unknown): WireError {
  if (e instanceof TenuoError) return { code: e.code, message: e.message };
  return { code: ErrorCode.InvalidPayloadStructure, message: (e as Error)?.message ?? String(e) };
}

export function fromWireError(e: WireError): TenuoError {
  return new TenuoError(e.code as TenuoError['code'], e.message);
}

/** A failed decision, shaped as `Authorizer.verifyBatch` shapes it. */
export function failureResult(e: unknown): BatchResult {
  const error = e instanceof TenuoError ? e : new TenuoError(ErrorCode.InvalidPayloadStructure, `unexpected input: ${(e as Error)?.message ?? String(e)}`);
  return { ok: false, code: error.code, kind: error.kind, message: error.message };
}
