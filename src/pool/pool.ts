/**
 * createVerifierPool: `Authorizer.verifyBatch` spread over worker_threads.
 *
 * Each worker holds its own Authorizer (own WASM instance and chain cache)
 * built from the same configuration. A batch is cut into contiguous chunks
 * (one per idle worker, at most `maxChunkSize` requests each; a batch that
 * arrives while every worker is busy stays whole), each sent to the
 * least-loaded worker; results come back in request order
 * and equal the in-thread `verifyBatch` decision for every request. Each
 * worker has at most `maxQueue` chunks outstanding; beyond that, chunks wait
 * in the calling thread (FIFO) and are only encoded once a worker has room,
 * so memory stays bounded however many batches are submitted.
 *
 * Revocation lists are checked here first (same rules as
 * `Authorizer.setRevocationList`: signature, issuer, anti-rollback), then sent
 * to every worker behind the chunks already queued to it; the promise resolves
 * once all have installed it, so any batch submitted afterwards sees it.
 * A worker that dies rejects its outstanding chunks with a TenuoError and is
 * replaced (with the newest list).
 */
import { availableParallelism } from 'node:os';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { Authorizer, type BatchRequest, type BatchResult, type VerifyOptions } from '../authorizer/authorizer.js';
import type { PublicKey } from '../crypto/keys.js';
import { ErrorCode, TenuoError } from '../errors.js';
import type { SignedRevocationList } from '../revocation/srl.js';
import { decodeResults, encodeChunk, type WireResults } from './chunk.js';
import { fromWireError, type ToMain, type ToWorker, type WorkerConfig } from './protocol.js';
import type { VerifierPool, VerifierPoolOptions, VerifierPoolStats } from './types.js';

export type { VerifierPool, VerifierPoolOptions, VerifierPoolStats, WorkerStats } from './types.js';

/** @internal Test hooks (not exported from the package index). */
export const kPoolTestHooks = Symbol('tenuo-ts verifier pool test hooks');
export interface PoolTestHooks {
  /** Terminates worker `index` as a crash would. */
  killWorker(index: number): Promise<void>;
  threadIds(): number[];
}

const DEFAULT_MAX_QUEUE = 64;
const DEFAULT_MAX_CHUNK = 1024;
const MAX_WORKERS = 256;

interface Pending {
  kind: 'verify' | 'srl';
  resolve(value: unknown): void;
  reject(error: Error): void;
}

interface Waiter {
  resolve(slot: Slot): void;
  reject(error: Error): void;
}

class Slot {
  worker: Worker | undefined;
  threadId = 0;
  queued = 0;
  completed = 0;
  restarts = 0;
  alive = false;
  /** Permanently out of service (failed to start, or pool closed). */
  dead = false;
  ready!: Promise<void>;
  settleReady!: (error?: Error) => void;
  lastError: Error | undefined;
  readonly pending = new Map<number, Pending>();
  constructor(readonly index: number) {}
}

function invalid(message: string): never {
  throw new TenuoError(ErrorCode.InvalidPayloadStructure, message);
}

function positiveInteger(value: number | undefined, fallback: number, what: string, max = Number.MAX_SAFE_INTEGER): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value < 1 || value > max) invalid(`${what} must be an integer between 1 and ${max}`);
  return value;
}

/** As Authorizer's: now by default, else non-negative integer seconds. */
function nowSeconds(options?: VerifyOptions): number {
  const now = options?.now ?? Math.floor(Date.now() / 1000);
  if (typeof now !== 'number' || !Number.isSafeInteger(now) || now < 0) invalid('now must be non-negative integer Unix seconds');
  return now;
}

function defaultWorkerUrl(): URL {
  const here = import.meta.url;
  return new URL(here.endsWith('.ts') ? './worker.ts' : './worker.js', here);
}

class PoolImpl implements VerifierPool {
  readonly #local: Authorizer;
  readonly #config: WorkerConfig;
  readonly #workerUrl: URL;
  readonly #maxQueue: number;
  readonly #maxChunk: number;
  readonly #slots: Slot[];
  readonly #waiters: Waiter[] = [];
  readonly #active = new Set<Promise<unknown>>();
  #nextId = 1;
  #closing: Promise<void> | undefined;
  #terminated = false;

  constructor(local: Authorizer, config: WorkerConfig, workerUrl: URL, workers: number, maxQueue: number, maxChunk: number) {
    this.#local = local;
    this.#config = config;
    this.#workerUrl = workerUrl;
    this.#maxQueue = maxQueue;
    this.#maxChunk = maxChunk;
    this.#slots = Array.from({ length: workers }, (_, i) => new Slot(i));
    for (const slot of this.#slots) this.#spawn(slot);
  }

  get size(): number {
    return this.#slots.length;
  }

  get stats(): VerifierPoolStats {
    return {
      maxQueue: this.#maxQueue,
      waiting: this.#waiters.length,
      workers: this.#slots.map((s) => ({ index: s.index, threadId: s.threadId, queued: s.queued, completed: s.completed, restarts: s.restarts, alive: s.alive })),
    };
  }

  get [kPoolTestHooks](): PoolTestHooks {
    return {
      killWorker: async (index) => {
        await (this.#slots[index] as Slot).worker?.terminate();
      },
      threadIds: () => this.#slots.map((s) => s.threadId),
    };
  }

  /** Resolves when every worker has started; rejects (and shuts down) if one cannot. */
  async started(): Promise<void> {
    try {
      await Promise.all(this.#slots.map((s) => s.ready));
    } catch (e) {
      this.#terminated = true;
      await Promise.allSettled(this.#slots.map((s) => s.worker?.terminate()));
      throw e;
    }
  }

  #spawn(slot: Slot): void {
    let worker: Worker;
    try {
      worker = new Worker(this.#workerUrl, { workerData: this.#config });
    } catch (e) {
      slot.dead = true;
      slot.alive = false;
      const error = new TenuoError(ErrorCode.InvalidPayloadStructure, `verifier worker ${slot.index} cannot start: ${(e as Error)?.message ?? String(e)}`);
      slot.ready = Promise.reject(error);
      slot.ready.catch(() => {});
      slot.settleReady = () => {};
      for (const p of slot.pending.values()) p.reject(error);
      slot.pending.clear();
      this.#pump();
      return;
    }
    slot.worker = worker;
    slot.threadId = worker.threadId;
    slot.alive = false;
    slot.lastError = undefined;
    slot.ready = new Promise<void>((resolve, reject) => {
      slot.settleReady = (error) => (error ? reject(error) : resolve());
    });
    slot.ready.catch(() => {});
    worker.on('message', (message: ToMain) => {
      if (slot.worker === worker) this.#onMessage(slot, message);
    });
    worker.on('error', (error) => {
      if (slot.worker === worker) slot.lastError = error;
    });
    worker.on('exit', (code) => {
      if (slot.worker === worker) this.#onExit(slot, code);
    });
  }

  #onMessage(slot: Slot, message: ToMain): void {
    if (message.type === 'ready') {
      slot.alive = true;
      slot.settleReady();
      return;
    }
    if (message.type === 'init-error') {
      slot.lastError = fromWireError(message.error);
      return;
    }
    const pending = slot.pending.get(message.id);
    if (!pending) return;
    slot.pending.delete(message.id);
    if (message.type === 'error') pending.reject(fromWireError(message.error));
    else pending.resolve(message.type === 'result' ? message.results : undefined);
  }

  #onExit(slot: Slot, code: number): void {
    const wasAlive = slot.alive;
    slot.alive = false;
    const closing = this.#terminated;
    const reason = closing ? 'the pool was closed' : slot.lastError ? slot.lastError.message : `exited with code ${code}`;
    const errorCode = !closing && slot.lastError instanceof TenuoError ? slot.lastError.code : ErrorCode.InvalidPayloadStructure;
    const error = new TenuoError(errorCode, `verifier worker ${slot.index} (thread ${slot.threadId}): ${reason}`, {
      workerExited: true,
      threadId: slot.threadId,
      exitCode: code,
    });
    slot.settleReady(error);
    const pending = [...slot.pending.values()];
    slot.pending.clear();
    if (!closing && wasAlive) {
      // Replace it; it starts with the newest revocation list, which settles pending list updates.
      slot.restarts++;
      this.#spawn(slot);
      for (const p of pending) {
        if (p.kind === 'srl') slot.ready.then(() => p.resolve(undefined), p.reject);
        else p.reject(error);
      }
      return;
    }
    slot.dead = true;
    for (const p of pending) p.reject(error);
    this.#pump();
  }

  #send(slot: Slot, message: ToWorker, kind: Pending['kind'], transfer: ArrayBuffer[] = []): Promise<unknown> {
    if (slot.dead) return Promise.reject(new TenuoError(ErrorCode.InvalidPayloadStructure, `verifier worker ${slot.index} is not running`));
    return new Promise((resolve, reject) => {
      slot.pending.set(message.id, { kind, resolve, reject });
      (slot.worker as Worker).postMessage(message, transfer);
    });
  }

  /** The live worker with the fewest outstanding chunks, if one has room. */
  #freeSlot(): Slot | undefined {
    let best: Slot | undefined;
    for (const s of this.#slots) if (!s.dead && s.queued < this.#maxQueue && (!best || s.queued < best.queued)) best = s;
    return best;
  }

  #acquire(): Promise<Slot> {
    const slot = this.#waiters.length === 0 ? this.#freeSlot() : undefined;
    if (slot) {
      slot.queued++;
      return Promise.resolve(slot);
    }
    return new Promise((resolve, reject) => {
      this.#waiters.push({ resolve, reject });
      this.#pump();
    });
  }

  /** Hands freed capacity to waiting chunks, first come first served. */
  #pump(): void {
    while (this.#waiters.length > 0) {
      if (this.#slots.every((s) => s.dead)) {
        const error = new TenuoError(ErrorCode.InvalidPayloadStructure, 'no verifier worker is running');
        for (const w of this.#waiters.splice(0)) w.reject(error);
        return;
      }
      const slot = this.#freeSlot();
      if (!slot) return;
      slot.queued++;
      (this.#waiters.shift() as Waiter).resolve(slot);
    }
  }

  async #runChunk(requests: readonly BatchRequest[], start: number, end: number, now: number, results: BatchResult[]): Promise<void> {
    const slot = await this.#acquire();
    try {
      const { chunk, positions, skipped, transfer } = encodeChunk(requests, start, end);
      // Outside what crosses the boundary (e.g. undefined args): decided here, exactly as in-thread.
      for (const i of skipped) results[i] = this.#local.verifyBatch([requests[i] as BatchRequest], { now })[0] as BatchResult;
      if (positions.length === 0) return;
      const wire = (await this.#send(slot, { type: 'verify', id: this.#nextId++, now, chunk }, 'verify', transfer)) as WireResults;
      const out = decodeResults(wire);
      if (out.length !== positions.length) throw new TenuoError(ErrorCode.InvalidPayloadStructure, 'a verifier worker answered the wrong number of results');
      for (let j = 0; j < out.length; j++) results[positions[j] as number] = out[j] as BatchResult;
      slot.completed++;
    } finally {
      slot.queued--;
      this.#pump();
    }
  }

  #track<T>(promise: Promise<T>): Promise<T> {
    this.#active.add(promise);
    const forget = () => this.#active.delete(promise);
    promise.then(forget, forget);
    return promise;
  }

  #checkOpen(): void {
    if (this.#closing) throw new TenuoError(ErrorCode.InvalidPayloadStructure, 'the verifier pool is closed');
  }

  verifyBatch(requests: readonly BatchRequest[], options: VerifyOptions = {}): Promise<BatchResult[]> {
    try {
      if (!Array.isArray(requests)) invalid('verifyBatch needs an array of requests');
      const now = nowSeconds(options);
      this.#checkOpen();
      const n = requests.length;
      const results: BatchResult[] = new Array(n);
      // A batch is spread over the workers that are idle right now. When every
      // worker already has work queued, splitting would not add parallelism, only
      // per-chunk costs and smaller Ed25519 batches, so the batch stays whole.
      const idle = this.#slots.filter((s) => !s.dead && s.queued === 0).length;
      const size = Math.max(1, Math.min(this.#maxChunk, Math.ceil(n / Math.max(1, idle))));
      const chunks: Promise<void>[] = [];
      for (let start = 0; start < n; start += size) chunks.push(this.#runChunk(requests, start, Math.min(n, start + size), now, results));
      return this.#track(Promise.all(chunks).then(() => results));
    } catch (e) {
      return Promise.reject(e);
    }
  }

  setRevocationList(srl: SignedRevocationList): Promise<void> {
    try {
      this.#checkOpen();
      // Signature, issuer and anti-rollback, exactly as in-thread; a refused list never reaches a worker.
      this.#local.setRevocationList(srl);
      const bytes = srl.toBytes();
      this.#config.srl = bytes;
      const installs = this.#slots.filter((s) => !s.dead).map((s) => this.#send(s, { type: 'srl', id: this.#nextId++, bytes }, 'srl'));
      return this.#track(Promise.all(installs).then(() => undefined));
    } catch (e) {
      return Promise.reject(e);
    }
  }

  close(): Promise<void> {
    this.#closing ??= (async () => {
      await Promise.allSettled([...this.#active]);
      this.#terminated = true;
      await Promise.all(this.#slots.map((s) => s.worker?.terminate()));
    })();
    return this.#closing;
  }
}

/**
 * Starts a pool of verifier workers configured like an Authorizer; resolves
 * once every worker is ready (rejects with the worker's error otherwise).
 */
export async function createVerifierPool(options: VerifierPoolOptions): Promise<VerifierPool> {
  if (typeof options !== 'object' || options === null) invalid('createVerifierPool needs options');
  const workers = positiveInteger(options.workers, Math.min(availableParallelism(), MAX_WORKERS), 'workers', MAX_WORKERS);
  const maxQueue = positiveInteger(options.maxQueue, DEFAULT_MAX_QUEUE, 'maxQueue');
  const maxChunk = positiveInteger(options.maxChunkSize, DEFAULT_MAX_CHUNK, 'maxChunkSize');
  if (!Array.isArray(options.trustedRoots)) invalid('trustedRoots must be an array of PublicKey');

  // The same builder validates everything here, before any thread starts; this
  // Authorizer also checks revocation lists and decides untransferable requests.
  const builder = Authorizer.builder().trustedRoots(options.trustedRoots);
  if (options.clockTolerance !== undefined) builder.clockTolerance(options.clockTolerance);
  if (options.popWindow !== undefined) builder.popWindow(options.popWindow.windowSeconds, options.popWindow.maxWindows);
  for (const [tool, level] of Object.entries(options.clearances ?? {})) builder.requireClearance(tool, level);
  if (options.chainCacheEntries !== undefined) builder.chainCache(options.chainCacheEntries);
  if (options.controlPlaneKey !== undefined) builder.controlPlaneKey(options.controlPlaneKey);
  if (options.revocationList !== undefined) builder.revocationList(options.revocationList, options.controlPlaneKey as PublicKey);
  const local = builder.build();

  const config: WorkerConfig = {
    roots: local.trustedRoots.map((k) => k.bytes),
    clockTolerance: local.clockTolerance,
    popWindow: local.popWindow,
    clearances: Object.entries(options.clearances ?? {}),
    ...(options.chainCacheEntries !== undefined ? { chainCacheEntries: options.chainCacheEntries } : {}),
    ...(options.controlPlaneKey ? { controlPlaneKey: options.controlPlaneKey.bytes } : {}),
    ...(options.revocationList ? { srl: options.revocationList.toBytes() } : {}),
  };
  const url = options.workerUrl === undefined ? defaultWorkerUrl() : options.workerUrl instanceof URL ? options.workerUrl : /^file:/i.test(options.workerUrl) ? new URL(options.workerUrl) : pathToFileURL(options.workerUrl);
  const pool = new PoolImpl(local, config, url, workers, maxQueue, maxChunk);
  try {
    await pool.started();
  } catch (e) {
    const hint = url.pathname.endsWith('.ts') ? ' (running from TypeScript sources: pass workerUrl pointing at a built worker.js)' : '';
    if (e instanceof TenuoError && hint) throw new TenuoError(e.code, e.message + hint, { ...e.details });
    throw e;
  }
  return pool;
}
