// Rows: the A.3 chain cold (with and without PoP) and warm, warm verifyBatch
// per request at batch sizes 1/16/256, policy-only authorization, revoked-id
// lookup among 1,000,000 ids, warrant decoding.
import { Authorizer, ConstraintSet, SigningKey, Warrant } from '../../dist/index.js';
import { isRevokedId, loadRevokedIds } from '../../dist/wasm/revocation.js';
import { a3Holder, a3Leaf, a3Stack, A3_NOW, check, controlPlane, policyArgs, policyConstraints, workerChain } from './fixtures.mjs';

const BATCH_SIZES = [1, 16, 256];
const POLICY_RUN = 64;

export function authorizerRows() {
  const rows = [];
  const cold = Authorizer.builder().trustedRoot(controlPlane).chainCache(0).build();
  const warm = Authorizer.builder().trustedRoot(controlPlane).build();
  const a3Args = { path: '/data/reports/q3.pdf' };
  const a3Pop = a3Leaf.signPop(a3Holder, 'read_file', a3Args, { now: A3_NOW });
  check(cold.authorize(a3Stack, 'read_file', a3Args, a3Pop, { now: A3_NOW }).authorized, 'A.3 authorizes');
  check(warm.verifyChain(a3Stack, { now: A3_NOW }).chainLength === 3, 'A.3 verifies');
  rows.push({ name: 'verifyChain A.3 (3 links), cold', fn: () => cold.verifyChain(a3Stack, { now: A3_NOW }) });
  rows.push({ name: 'cold 3-link chain + PoP (authorize, A.3)', fn: () => cold.authorize(a3Stack, 'read_file', a3Args, a3Pop, { now: A3_NOW }) });
  rows.push({ name: 'verifyChain A.3, warm (chain cache)', fn: () => warm.verifyChain(a3Stack, { now: A3_NOW }) });

  // Warm verifyBatch: one chain, every request with its own PoP (distinct arguments), signed in advance.
  const now = Math.floor(Date.now() / 1000);
  const { cp, worker, leaf } = workerChain(now);
  const header = leaf.chainBytes();
  const text = Buffer.from(header).toString('base64url');
  const batchAuthorizer = Authorizer.builder().trustedRoot(cp.publicKey).build();
  const pool = Array.from({ length: 1024 }, (_, i) => {
    const args = { file_path: `/data/batch-123/part-${i}.csv` };
    return { warrant: text, tool: 'read_file', args, pop: leaf.signPop(worker, 'read_file', args, { now }) };
  });
  check(batchAuthorizer.verifyBatch(pool.slice(0, 4), { now }).every((r) => r.ok), 'warm requests authorize');
  for (const size of BATCH_SIZES) {
    let at = 0;
    rows.push({
      name: `warm verifyBatch, per request (batch ${size})`,
      items: size,
      fn: () => {
        const batch = [];
        for (let i = 0; i < size; i++) batch.push(pool[(at + i) % pool.length]);
        at = (at + size) % pool.length;
        batchAuthorizer.verifyBatch(batch, { now });
      },
    });
  }

  const set = new ConstraintSet(policyConstraints);
  set.check(policyArgs);
  // Timed in runs of POLICY_RUN calls: one call is too short for tinybench's per-sample timer overhead.
  rows.push({
    name: 'policy-only authorize (6 constraints)',
    items: POLICY_RUN,
    fn: () => {
      for (let i = 0; i < POLICY_RUN; i++) set.check(policyArgs);
    },
  });

  // The revoked-id set is process-wide: load it for this row only.
  const ids = Array.from({ length: 1_000_000 }, (_, i) => `tnu_wrt_${i.toString(16).padStart(32, '0')}`);
  const probe = Uint8Array.from(Buffer.from(ids[777_777].slice(8), 'hex'));
  const miss = Uint8Array.from(Buffer.alloc(16, 0xab));
  rows.push({
    name: 'SRL lookup among 1,000,000 ids (hit + miss)',
    items: 2,
    beforeAll: () => {
      loadRevokedIds(ids);
      check(isRevokedId(probe) && !isRevokedId(miss), 'revocation lookups');
    },
    afterAll: () => loadRevokedIds([]),
    fn: () => isRevokedId(probe) && isRevokedId(miss),
  });

  const issuer = SigningKey.fromSeed(new Uint8Array(32).fill(1));
  const single = Warrant.issue({ signingKey: issuer, tools: ['read_file'], ttlSeconds: 3600 }).toBytes();
  rows.push({ name: 'Warrant.fromBytes (verify + decode)', fn: () => Warrant.fromBytes(single) });
  return rows;
}
