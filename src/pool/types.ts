/** The verifier pool's public types. */
import type { BatchRequest, BatchResult, VerifyOptions } from '../authorizer/authorizer.js';
import type { PublicKey } from '../crypto/keys.js';
import type { SignedRevocationList } from '../revocation/srl.js';

export interface VerifierPoolOptions {
  /** Worker threads (default `os.availableParallelism()`). */
  workers?: number;
  trustedRoots: readonly PublicKey[];
  clockTolerance?: number;
  popWindow?: { windowSeconds: number; maxWindows?: number };
  /** Tool (exact, `prefix*` or `*`) → required clearance level. */
  clearances?: Readonly<Record<string, number>>;
  controlPlaneKey?: PublicKey;
  revocationList?: SignedRevocationList;
  chainCacheEntries?: number;
  /** Chunks outstanding per worker before submissions wait (default 64). */
  maxQueue?: number;
  /** Largest chunk sent to one worker at once (default 1024 requests). */
  maxChunkSize?: number;
  /**
   * The worker module. Default: `worker.js` next to this file, i.e.
   * `dist/pool/worker.js` of the built package. When running from TypeScript
   * sources, point this at a built copy.
   */
  workerUrl?: URL | string;
}

export interface WorkerStats {
  index: number;
  threadId: number;
  /** Chunks sent and not yet answered (≤ maxQueue). */
  queued: number;
  /** Chunks answered. */
  completed: number;
  /** Times this worker was replaced after dying. */
  restarts: number;
  /** Started and not exited. */
  alive: boolean;
}

export interface VerifierPoolStats {
  workers: WorkerStats[];
  /** Chunks waiting in this thread for a worker with room. */
  waiting: number;
  maxQueue: number;
}

export interface VerifierPool {
  /** Same results, in the same order, as `Authorizer.verifyBatch` in this thread. */
  verifyBatch(requests: readonly BatchRequest[], options?: VerifyOptions): Promise<BatchResult[]>;
  /** Verified here, then installed in every worker; resolves when all have it. */
  setRevocationList(srl: SignedRevocationList): Promise<void>;
  /** Waits for submitted work, then terminates the workers. */
  close(): Promise<void>;
  readonly stats: VerifierPoolStats;
  readonly size: number;
}
