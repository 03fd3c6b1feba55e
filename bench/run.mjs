// Benchmarks (tinybench) against the built package in dist/. Every row is also
// reported as a ratio to a calibration measured in the same run — libsodium's
// native Ed25519 verify via sodium-native (dev dependency, calibration only) —
// so budgets hold on any machine.
import { writeFileSync } from 'node:fs';
import { Bench } from 'tinybench';
import sodium from 'sodium-native';
import { SigningKey, Warrant, Pattern } from '../dist/index.js';

const bench = new Bench({ time: 500, warmupTime: 100 });

const seed = Buffer.alloc(32, 7);
const pk = Buffer.alloc(sodium.crypto_sign_PUBLICKEYBYTES);
const sk = Buffer.alloc(sodium.crypto_sign_SECRETKEYBYTES);
sodium.crypto_sign_seed_keypair(pk, sk, seed);
const message = Buffer.from('calibration message for tenuo-ts benchmarks');
const signature = Buffer.alloc(sodium.crypto_sign_BYTES);
sodium.crypto_sign_detached(signature, message, sk);

const issuer = SigningKey.fromSeed(new Uint8Array(32).fill(1));
const warrant = Warrant.issue({ signingKey: issuer, tools: { read_file: { path: new Pattern('/data/*') } }, ttlSeconds: 3600 });
const warrantBytes = warrant.toBytes();

bench
  .add('calibration: sodium-native ed25519 verify', () => {
    if (!sodium.crypto_sign_verify_detached(signature, message, pk)) throw new Error('calibration failed');
  })
  .add('Warrant.fromBytes (decode + verify)', () => {
    Warrant.fromBytes(warrantBytes);
  })
  .add('Warrant.toBytes (cached envelope)', () => {
    warrant.toBytes();
  });

await bench.run();

const calibration = bench.tasks[0].result.latency.p50;
const rows = bench.tasks.map((task) => {
  const latency = task.result.latency;
  return {
    name: task.name,
    medianMicros: latency.p50 * 1000,
    p99Micros: latency.p99 * 1000,
    opsPerSecond: Math.round(task.result.throughput.mean),
    ratioToCalibration: latency.p50 / calibration,
  };
});
console.table(rows.map((r) => ({ ...r, medianMicros: r.medianMicros.toFixed(2), p99Micros: r.p99Micros.toFixed(2), ratioToCalibration: r.ratioToCalibration.toFixed(2) })));
writeFileSync(new URL('./results.json', import.meta.url), `${JSON.stringify({ date: new Date().toISOString(), node: process.version, rows }, null, 2)}\n`);
