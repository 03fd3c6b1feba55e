// Rows: the same 2,048 warm requests through one in-thread Authorizer and
// through a 2-worker pool; a derived row gives the pool's speed-up.
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
  const slices = Array.from({ length: 8 }, (_, i) => requests.slice(i * 256, (i + 1) * 256));
  return [
    { name: 'in-thread verifyBatch, per request (2,048 warm)', items: REQUESTS, fn: () => inThread.verifyBatch(requests, { now }) },
    {
      name: 'pool verifyBatch, 2 workers, per request (2,048 warm)',
      items: REQUESTS,
      beforeAll: async () => {
        pool = await createVerifierPool({ workers: 2, trustedRoots: [cp.publicKey] });
        check((await pool.verifyBatch(requests.slice(0, 8), { now })).every((r) => r.ok), 'pool authorizes');
      },
      afterAll: async () => pool.close(),
      fn: async () => {
        await Promise.all(slices.map((s) => pool.verifyBatch(s, { now })));
      },
    },
    {
      name: POOL_SPEEDUP,
      derived: (results) => {
        const one = results.find((r) => r.name.startsWith('in-thread verifyBatch'));
        const two = results.find((r) => r.name.startsWith('pool verifyBatch'));
        return [{ name: POOL_SPEEDUP, value: one.medianMicros / two.medianMicros }];
      },
    },
  ];
}
