// Policy-only authorization (ConstraintSet.check of the six-constraint tool:
// Exact, Pattern, Range, Cidr, UrlPattern, Subpath) against the calibration
// (libsodium's Ed25519 verify), interleaved in short rounds.
//
//   npm run build && node bench/policy.mjs [--rounds 40] [--time ms]
//
// The development machine is a shared VM whose speed changes by up to 2x
// from one second to the next, so a single long measurement of each row (as
// in bench/run.mjs) can land in a slow period for one and a fast one for the
// other. Here both are measured in each round, one right after the other;
// the table shows the quietest round (lowest calibration), the median round
// and the median of the per-round ratios.
import { existsSync } from 'node:fs';
import { randomBytes, generateKeyPairSync, sign } from 'node:crypto';
import sodium from 'sodium-native';
import { Bench } from 'tinybench';

const dist = new URL('../dist/index.js', import.meta.url);
if (!existsSync(dist)) {
  console.error('dist/ not found: run `npm run build` first');
  process.exit(1);
}
const { ConstraintSet } = await import(dist.href);
const { policyArgs, policyConstraints } = await import('./rows/fixtures.mjs');

const arg = (name, fallback) => {
  const at = process.argv.indexOf(name);
  return at > 0 ? Number(process.argv[at + 1]) : fallback;
};
const rounds = arg('--rounds', 40);
const time = arg('--time', 150);
/** Calls per sample, so tinybench's per-sample timer cost is negligible. */
const RUN = 64;

const set = new ConstraintSet(policyConstraints);
set.check(policyArgs);
const { publicKey, privateKey } = generateKeyPairSync('ed25519');
const key = new Uint8Array(publicKey.export({ format: 'der', type: 'spki' }).subarray(12));
const message = new Uint8Array(randomBytes(128));
const signature = new Uint8Array(sign(null, message, privateKey));

const tasks = {
  policy: () => {
    for (let i = 0; i < RUN; i++) set.check(policyArgs);
  },
  calibration: () => {
    if (!sodium.crypto_sign_verify_detached(signature, message, key)) throw new Error('sodium rejected');
  },
};
const perCall = { policy: RUN, calibration: 1 };

const rows = [];
for (let round = 0; round < rounds; round++) {
  const bench = new Bench({ time, warmupTime: round === 0 ? 300 : 20 });
  const order = round % 2 === 0 ? ['policy', 'calibration'] : ['calibration', 'policy'];
  for (const name of order) bench.add(name, tasks[name]);
  await bench.run();
  const us = Object.fromEntries(bench.tasks.map((t) => [t.name, (t.result.latency.p50 * 1000) / perCall[t.name]]));
  rows.push({ policy: us.policy, calibration: us.calibration, ratio: us.policy / us.calibration });
}
const median = (values) => [...values].sort((a, b) => a - b)[values.length >> 1];
const quietest = rows.reduce((best, r) => (r.calibration < best.calibration ? r : best));
const fmt = (r) => `policy ${r.policy.toFixed(2)} µs, calibration ${r.calibration.toFixed(1)} µs`;
console.log(`node ${process.version}, ${rounds} rounds of ${time} ms per task`);
console.log(`quietest round: ${fmt(quietest)}`);
console.log(`median round:   policy ${median(rows.map((r) => r.policy)).toFixed(2)} µs, calibration ${median(rows.map((r) => r.calibration)).toFixed(1)} µs`);
console.log(`policy / calibration, median of rounds: ${median(rows.map((r) => r.ratio)).toFixed(4)}`);
