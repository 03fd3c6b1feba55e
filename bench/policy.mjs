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
import sodium from 'sodium-native';
import { Bench } from 'tinybench';
import { ed25519Cases, importBuilt, numberOption } from './script.mjs';

const { ConstraintSet } = await importBuilt('index.js');
const { policyArgs, policyConstraints } = await import('./rows/fixtures.mjs');

const rounds = numberOption('--rounds', 40);
const time = numberOption('--time', 150);
/** Calls per sample, so tinybench's per-sample timer cost is negligible. */
const RUN = 64;

const set = new ConstraintSet(policyConstraints);
set.check(policyArgs);
const [{ publicKey: key, message, signature }] = ed25519Cases(1, 1);

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
