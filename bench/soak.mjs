// Memory soak: WASM linear memory and the JS heap stay flat over many
// verifications (issue: "WASM heap flat after warm-up over 10,000,000").
//
//   npm run build && node --expose-gc bench/soak.mjs [--requests 10000000]
//
// The load is warm verifyBatch traffic in batches of 256 (each request with
// its own proof of possession, so every request is one Ed25519 verification
// in the batch verifier), and every 64th batch also a cold chain walk, a
// malformed request, a revoked warrant and a revocation-list update. After a
// warm-up, the WASM memory size and the JS heap (after a forced GC) are
// sampled at every tenth of the run. The run fails when WASM memory grows at
// all, or the JS heap grows by more than HEAP_SLACK over the warm-up level.
import { importBuilt, numberOption } from './script.mjs';

const { Authorizer, SignedRevocationList, SigningKey } = await importBuilt('index.js');
const { wasm } = await importBuilt('wasm/module.js');
const { check, workerChain } = await import('./rows/fixtures.mjs');

const TOTAL = numberOption('--requests', 10_000_000);
const BATCH = 256;
const DISTINCT = 4096;
const WARMUP_BATCHES = 200;
const HEAP_SLACK = 8 * 1024 * 1024;

if (typeof globalThis.gc !== 'function') {
  console.error('run with node --expose-gc');
  process.exit(1);
}

const now = Math.floor(Date.now() / 1000);
const { cp, worker, leaf } = workerChain(now);
const chain = Buffer.from(leaf.chainBytes()).toString('base64url');
const requests = Array.from({ length: DISTINCT }, (_, i) => {
  const args = { file_path: `/data/batch-123/soak-${i}.csv` };
  return { warrant: chain, tool: 'read_file', args, pop: leaf.signPop(worker, 'read_file', args, { now }) };
});
const revokedLeaf = workerChain(now).root.attenuate({ keypair: SigningKey.fromSeed(new Uint8Array(32).fill(12)), authorizedHolder: worker.publicKey, ttlSeconds: 600 });
const revokedRequest = {
  warrant: Buffer.from(revokedLeaf.chainBytes()).toString('base64url'),
  tool: 'read_file',
  args: { file_path: '/data/batch-123/x.csv' },
  pop: revokedLeaf.signPop(worker, 'read_file', { file_path: '/data/batch-123/x.csv' }, { now }),
};
const malformed = { warrant: 'not a warrant', tool: 'read_file', args: {}, pop: new Uint8Array(64) };

let srlVersion = 1;
const srl = () => SignedRevocationList.create({ revokedIds: [revokedLeaf.id], version: srlVersion++, issuedAt: now }, cp);
const authorizer = Authorizer.builder().trustedRoot(cp.publicKey).revocationList(srl(), cp.publicKey).build();
const cold = Authorizer.builder().trustedRoot(cp.publicKey).chainCache(0).build();

let done = 0;
let at = 0;
let batches = 0;
function runBatch() {
  const batch = [];
  for (let i = 0; i < BATCH; i++) batch.push(requests[(at + i) % DISTINCT]);
  at = (at + BATCH) % DISTINCT;
  const extra = batches % 64 === 0;
  if (extra) batch.push(malformed, revokedRequest);
  const results = authorizer.verifyBatch(batch, { now });
  for (let i = 0; i < BATCH; i++) if (!results[i].ok) throw new Error(`request failed: ${results[i].message}`);
  if (extra) {
    check(!results[BATCH].ok && !results[BATCH + 1].ok, 'malformed and revoked requests are refused');
    cold.verifyChain(chain, { now });
    authorizer.setRevocationList(srl());
  }
  done += BATCH;
  batches++;
}

const memoryBytes = () => wasm().exports.memory.buffer.byteLength;
const heapBytes = () => {
  globalThis.gc();
  return process.memoryUsage().heapUsed;
};

for (let i = 0; i < WARMUP_BATCHES; i++) runBatch();
const baseline = { wasm: memoryBytes(), heap: heapBytes() };
console.log(`warm-up: ${done.toLocaleString('en-US')} requests; WASM memory ${baseline.wasm.toLocaleString('en-US')} B, JS heap ${(baseline.heap / 2 ** 20).toFixed(1)} MiB`);
done = 0;
const started = process.hrtime.bigint();
let maxHeap = baseline.heap;
let grew = false;
for (let tenth = 1; tenth <= 10; tenth++) {
  while (done < (TOTAL * tenth) / 10) runBatch();
  const sample = { wasm: memoryBytes(), heap: heapBytes() };
  maxHeap = Math.max(maxHeap, sample.heap);
  grew ||= sample.wasm !== baseline.wasm;
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  console.log(
    `${done.toLocaleString('en-US').padStart(12)} requests  ${seconds.toFixed(0).padStart(5)} s  WASM memory ${sample.wasm.toLocaleString('en-US')} B  JS heap ${(sample.heap / 2 ** 20).toFixed(1)} MiB`,
  );
}
const heapGrowth = maxHeap - baseline.heap;
console.log(`WASM memory ${grew ? 'GREW' : 'flat'}; JS heap at most ${(heapGrowth / 2 ** 20).toFixed(2)} MiB above the warm-up level`);
process.exit(grew || heapGrowth > HEAP_SLACK ? 1 : 0);
