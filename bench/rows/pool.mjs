// Rows: the same 2,048 warm requests through one in-thread Authorizer and
// through a 2-worker pool (8 batches of 256 submitted at once). The speed-up
// row is a throughput measured apart (alternatingSpeedup): the two rows run
// seconds apart, and this host's speed drifts by tens of percent over that.
import { Authorizer, createVerifierPool } from '../../dist/index.js';
import { check, workerChain } from './fixtures.mjs';

const REQUESTS = 2048;
export const POOL_SPEEDUP = 'pool speed-up, 2 workers vs one thread (×)';

export async function poolRows() {
  const now = Math.floor(Date.now() / 1000);
  const { cp, worker, leaf } = workerChain(now);
  const text = Buffer.from(leaf.chainBytes()).toString('base64url');
  const requests = Array.from({ length: REQUESTS }, (_, i) => {
    const args = { file_path: `/data/batch-123/pool-${i}.csv` };
    return { warrant: text, tool: 'read_file', args, pop: leaf.signPop(worker, 'read_file', args, { now }) };
  });
  const inThread = Authorizer.builder().trustedRoot(cp.publicKey).build();
  check(inThread.verifyBatch(requests.slice(0, 8), { now }).every((r) => r.ok), 'pool requests authorize');
  let pool;
  let speedup;
  const slices = Array.from({ length: 8 }, (_, i) => requests.slice(i * 256, (i + 1) * 256));
  const oneThread = () => inThread.verifyBatch(requests, { now });
  const twoWorkers = async () => {
    await Promise.all(slices.map((s) => pool.verifyBatch(s, { now })));
  };
  return [
    { name: 'in-thread verifyBatch, per request (2,048 warm)', items: REQUESTS, fn: oneThread },
    {
      name: 'pool verifyBatch, 2 workers, per request (2,048 warm)',
      items: REQUESTS,
      beforeAll: async () => {
        pool = await createVerifierPool({ workers: 2, trustedRoots: [cp.publicKey] });
        check((await pool.verifyBatch(requests.slice(0, 8), { now })).every((r) => r.ok), 'pool authorizes');
        speedup = await alternatingSpeedup(inThread, pool, slices, now);
      },
      afterAll: async () => pool.close(),
      fn: twoWorkers,
    },
    {
      name: POOL_SPEEDUP,
      derived: () => [{ name: POOL_SPEEDUP, value: speedup }],
    },
  ];
}

const WARM_ROUNDS = 20;
const MEASURED_ROUNDS = 21;
const STREAM_BATCHES = 16;
const IN_FLIGHT = 8;

/**
 * Throughput of the pool over one thread, as a service sees it: the same 16
 * batches of 256 warm requests, decided one after another in this thread,
 * and by the pool with 8 batches in flight (a new one submitted as each
 * completes). Median of alternating rounds, after a warm-up of both (the
 * workers' JIT starts cold).
 */
async function alternatingSpeedup(inThread, pool, slices, now) {
  const oneThread = () => {
    for (let k = 0; k < STREAM_BATCHES; k++) inThread.verifyBatch(slices[k % slices.length], { now });
  };
  const streamed = () =>
    new Promise((resolve, reject) => {
      let sent = 0;
      let done = 0;
      const next = () => {
        if (sent === STREAM_BATCHES) return;
        const batch = slices[sent++ % slices.length];
        pool.verifyBatch(batch, { now }).then(() => (++done === STREAM_BATCHES ? resolve() : next()), reject);
      };
      for (let i = 0; i < IN_FLIGHT; i++) next();
    });
  for (let i = 0; i < WARM_ROUNDS; i++) {
    oneThread();
    await streamed();
  }
  const one = [];
  const two = [];
  for (let i = 0; i < MEASURED_ROUNDS; i++) {
    let start = performance.now();
    oneThread();
    one.push(performance.now() - start);
    start = performance.now();
    await streamed();
    two.push(performance.now() - start);
  }
  const median = (xs) => xs.sort((a, b) => a - b)[xs.length >> 1];
  return median(one) / median(two);
}
