/**
 * The throughput half of `tenuo demo`: N warm requests against one verified
 * worker chain, each with its own proof of possession signed in advance (so
 * signing is not measured), run through `verifyBatch` in batches of 256.
 */
import type { Authorizer, BatchRequest, BatchResult } from '../authorizer/authorizer.js';
import type { SigningKey } from '../crypto/keys.js';
import { ErrorCode } from '../errors.js';
import type { Warrant } from '../warrant/warrant.js';
import { count, fixed, padStart, seconds, table, type DemoWriter, type Style } from './demo-format.js';

export const BATCH_SIZE = 256;
/** Every tenth request asks for a file outside the worker's batch and must be denied. */
export const OUT_OF_SCOPE_EVERY = 10;

export interface ThroughputInput {
  out: DemoWriter;
  style: Style;
  /** Overwrite one progress line with `\r` (TTY) instead of printing periodic lines. */
  tty: boolean;
  authorizer: Authorizer;
  /** The X-Tenuo-Warrant value the worker sends (the chain, base64). */
  header: string;
  leaf: Warrant;
  worker: SigningKey;
  requests: number;
}

export interface ThroughputReport {
  ok: boolean;
  /** Why the run did not match the expected decisions (when !ok). */
  problem?: string;
  wallMs: number;
  medianMicros: number;
}

function isOutOfScope(i: number): boolean {
  return i % OUT_OF_SCOPE_EVERY === OUT_OF_SCOPE_EVERY - 1;
}

function pathFor(i: number): string {
  return isOutOfScope(i) ? `/data/batch-999/part-${i}.csv` : `/data/batch-123/part-${i}.csv`;
}

export function median(values: readonly number[]): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

function progressText(done: number, total: number): string {
  const pct = Math.floor((done * 100) / total);
  return `   verified ${padStart(count(done), count(total).length)} / ${count(total)}  (${padStart(String(pct), 3)}%)`;
}

/** Runs the measurement and prints the progress and the final table. */
export function runThroughput(input: ThroughputInput): ThroughputReport {
  const { out, style, tty, authorizer, header, leaf, worker, requests: n } = input;
  // One instant for the whole run, as if every request had just been signed by
  // the worker: each PoP then verifies in the current window (one Ed25519
  // check), as a live call would, even if the run crosses a 30 s boundary.
  const now = Math.floor(Date.now() / 1000);

  out.write(`   signing ${count(n)} proofs of possession in advance (not part of the measurement)… `);
  const signStart = performance.now();
  const requests: BatchRequest[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const args = { file_path: pathFor(i) };
    requests[i] = { warrant: header, tool: 'read_file', args, pop: leaf.signPop(worker, 'read_file', args, { now }) };
  }
  out.write(`${seconds(performance.now() - signStart)}\n`);

  // Warm the verified-chain cache with one extra call, so every timed request is warm.
  const warmArgs = { file_path: '/data/batch-123/warm-up.csv' };
  authorizer.verifyBatch([{ warrant: header, tool: 'read_file', args: warmArgs, pop: leaf.signPop(worker, 'read_file', warmArgs, { now }) }], { now });

  const perRequestMicros: number[] = [];
  let allowed = 0;
  let denied = 0;
  let problem: string | undefined;
  const check = (result: BatchResult, i: number) => {
    if (result.ok) allowed++;
    else denied++;
    const expectedOk = !isOutOfScope(i);
    if (problem === undefined && (result.ok !== expectedOk || (!result.ok && result.code !== ErrorCode.ConstraintViolation))) {
      const got = result.ok ? 'allowed' : `${result.code} ${result.kind}: ${result.message}`;
      problem = `request ${i} (${pathFor(i)}) expected ${expectedOk ? 'allowed' : `denied with ${ErrorCode.ConstraintViolation}`}, got ${got}`;
    }
  };

  let lastProgress = 0;
  let nextQuarter = 1;
  const start = performance.now();
  for (let offset = 0; offset < n; offset += BATCH_SIZE) {
    const batch = requests.slice(offset, offset + BATCH_SIZE);
    const t0 = performance.now();
    const results = authorizer.verifyBatch(batch, { now });
    const t1 = performance.now();
    perRequestMicros.push(((t1 - t0) * 1000) / batch.length);
    results.forEach((r, j) => check(r, offset + j));
    const done = offset + batch.length;
    if (tty) {
      if (t1 - lastProgress > 80 || done === n) {
        out.write(`\r${progressText(done, n)}`);
        lastProgress = t1;
      }
    } else {
      while (nextQuarter <= 4 && done >= Math.ceil((n * nextQuarter) / 4)) {
        out.write(`${progressText(done, n)}\n`);
        nextQuarter++;
      }
    }
  }
  const wallMs = performance.now() - start;
  if (tty) out.write('\n');

  const medianMicros = median(perRequestMicros);
  const share = (k: number) => `(${fixed((k * 100) / n, 1)}%)`;
  out.write('\n');
  out.write(
    `${table(style, [
      ['requests', count(n), `in ${count(perRequestMicros.length)} batch${perRequestMicros.length === 1 ? '' : 'es'} of ${BATCH_SIZE}`],
      ['wall time', seconds(wallMs)],
      ['requests/s', count(Math.round((n * 1000) / wallMs))],
      ['µs per request', fixed(medianMicros, 1), 'median over batches'],
      ['allowed', count(allowed), `${share(allowed)} inside /data/batch-123/*`],
      ['denied', count(denied), `${share(denied)} ${ErrorCode.ConstraintViolation} constraint-violation: /data/batch-999/…`],
    ])}\n`,
  );
  return problem === undefined ? { ok: true, wallMs, medianMicros } : { ok: false, problem, wallMs, medianMicros };
}
