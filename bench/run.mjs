// Benchmarks (tinybench) against the built package in dist/. Every row is also
// reported as a ratio to a calibration measured in the same run — libsodium's
// native Ed25519 verify via sodium-native (dev dependency, calibration only) —
// so budgets hold on any machine.
//
// Rows: the calibration; one Ed25519 verify in WASM (verify_strict rules) and
// in node:crypto (OpenSSL, KeyObject created once) over the same message; the
// A.3 three-link chain through Authorizer.verifyChain — cold (chain cache
// disabled: decode, three signatures, walk) and warm (served from the
// verified-chain cache); Warrant.fromBytes.
import { createPublicKey, verify as nodeVerify } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { Bench } from 'tinybench';
import sodium from 'sodium-native';
import { Authorizer, PublicKey, SigningKey, Warrant, Pattern } from '../dist/index.js';
import { ed25519VerifyStrict } from '../dist/crypto/ed25519-verify.js';

const bench = new Bench({ time: 500, warmupTime: 100 });

function check(ok, what) {
  if (!ok) throw new Error(`benchmark precondition failed: ${what}`);
}

// ---- one Ed25519 signature, verified three ways ----
const seed = Buffer.alloc(32, 7);
const pk = Buffer.alloc(sodium.crypto_sign_PUBLICKEYBYTES);
const sk = Buffer.alloc(sodium.crypto_sign_SECRETKEYBYTES);
sodium.crypto_sign_seed_keypair(pk, sk, seed);
const message = Buffer.from('calibration message for tenuo-ts benchmarks');
const signature = Buffer.alloc(sodium.crypto_sign_BYTES);
sodium.crypto_sign_detached(signature, message, sk);

const pkBytes = new Uint8Array(pk);
const messageBytes = new Uint8Array(message);
const signatureBytes = new Uint8Array(signature);
const SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');
const nodeKey = createPublicKey({ key: Buffer.concat([SPKI_PREFIX, pk]), format: 'der', type: 'spki' });

check(sodium.crypto_sign_verify_detached(signature, message, pk), 'sodium verify');
check(ed25519VerifyStrict(pkBytes, messageBytes, signatureBytes), 'WASM verify');
check(nodeVerify(null, message, nodeKey, signature), 'node:crypto verify');

// ---- the A.3 chain (test-vectors.md), as test/authorizer/chain-vectors.test.ts builds it ----
const fixtures = JSON.parse(readFileSync(new URL('../test/fixtures/vectors.json', import.meta.url), 'utf8'));
const vector = (id) => {
  const v = fixtures.vectors.find((e) => e.id === id);
  if (!v) throw new Error(`no vector ${id}`);
  return v;
};
const fromHex = (h) => Uint8Array.from(Buffer.from(h, 'hex'));
function envelopeOf(id) {
  const e = vector(id);
  const payload = fromHex(e.payloadHex);
  const sig = fromHex(e.signatureHex);
  // [1, bytes(payload), [1, bytes(sig)]]
  const head = payload.length < 256 ? [0x58, payload.length] : [0x59, payload.length >> 8, payload.length & 0xff];
  return Uint8Array.from([0x83, 0x01, ...head, ...payload, 0x82, 0x01, 0x58, 0x40, ...sig]);
}
const chainIds = ['A.3.L0', 'A.3.L1', 'A.3.L2'];
const a3Stack = Uint8Array.from([0x80 + chainIds.length, ...chainIds.flatMap((id) => [...envelopeOf(id)])]);
const NOW = 1704067260;
const controlPlane = PublicKey.fromHex(fixtures.keys.ControlPlane.publicKeyHex);
const uncached = Authorizer.builder().trustedRoot(controlPlane).chainCache(0).build();
const cached = Authorizer.builder().trustedRoot(controlPlane).build();
check(uncached.verifyChain(a3Stack, { now: NOW }).chainLength === 3, 'A.3 verifies');
check(cached.verifyChain(a3Stack, { now: NOW }).chainLength === 3, 'A.3 verifies (cache warmed)');

// ---- a single warrant ----
const issuer = SigningKey.fromSeed(new Uint8Array(32).fill(1));
const warrant = Warrant.issue({ signingKey: issuer, tools: { read_file: { path: new Pattern('/data/*') } }, ttlSeconds: 3600 });
const warrantBytes = warrant.toBytes();
check(Warrant.fromBytes(warrantBytes).id === warrant.id, 'Warrant.fromBytes round trip');

bench
  .add('calibration: sodium-native ed25519 verify', () => {
    if (!sodium.crypto_sign_verify_detached(signature, message, pk)) throw new Error('calibration failed');
  })
  .add('ed25519 verify, WASM (ed25519VerifyStrict)', () => {
    if (!ed25519VerifyStrict(pkBytes, messageBytes, signatureBytes)) throw new Error('WASM verify failed');
  })
  .add('ed25519 verify, node:crypto (KeyObject)', () => {
    if (!nodeVerify(null, message, nodeKey, signature)) throw new Error('node:crypto verify failed');
  })
  .add('Authorizer.verifyChain (A.3, 3 links, uncached)', () => {
    uncached.verifyChain(a3Stack, { now: NOW });
  })
  .add('Authorizer.verifyChain (A.3, warm chain cache)', () => {
    cached.verifyChain(a3Stack, { now: NOW });
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
