// Ed25519 batch verification speed: ed25519VerifyBatch (WASM, through the
// built glue in dist/) per signature at several batch sizes, against the
// single WASM verifier (ed25519VerifyStrict) and libsodium's
// crypto_sign_verify_detached (sodium-native).
//
//   npm run build && node bench/ed25519-batch.mjs [--time ms] [--rounds r] [--sizes 1,4,16,64,256]
//
// Two workloads, 128-byte messages:
//   - distinct keys: every signature under its own key (the batch decodes
//     one key per signature);
//   - one key: all signatures under one key (many proofs of possession from
//     one holder; the batch merges the key's terms into one).
// The single-signature baselines use the distinct-key signatures.
//
// The machine this runs on may be shared, so the three measurements of each
// size are interleaved in rounds and timed in process CPU time; the table
// shows medians over rounds, and the ratio is the median of the per-round
// ratios. A fresh set of random scalars is drawn for every batch.
import sodium from 'sodium-native';
import { ed25519Cases, importBuilt, numberOption, option } from './script.mjs';

const { ed25519VerifyBatch } = await importBuilt('crypto/ed25519-batch.js');
const { ed25519VerifyStrict } = await importBuilt('crypto/ed25519-verify.js');

const time = numberOption('--time', 200);
const rounds = numberOption('--rounds', 9);
const sizes = option('--sizes', '1,4,16,64,256').split(',').map(Number);
const POOL = Math.max(256, ...sizes);

const cpuMicros = () => {
  const u = process.cpuUsage();
  return u.user + u.system;
};

/** CPU microseconds per signature of `step` (which checks `perStep` signatures), run for ~ms. */
function measure(step, perStep, ms) {
  step();
  const wall = performance.now();
  const start = cpuMicros();
  let steps = 0;
  do {
    step();
    steps++;
  } while (performance.now() - wall < ms);
  return (cpuMicros() - start) / (steps * perStep);
}

const median = (xs) => {
  const s = xs.slice().sort((a, b) => a - b);
  return s.length % 2 ? s[s.length >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

const pools = { 'distinct keys': ed25519Cases(POOL, POOL), 'one key': ed25519Cases(1, POOL) };
const singles = pools['distinct keys'];
let si = 0;
const sodiumStep = () => {
  for (let r = 0; r < 8; r++) {
    const c = singles[si++ % POOL];
    if (!sodium.crypto_sign_verify_detached(c.signature, c.message, c.publicKey)) throw new Error('sodium rejected');
  }
};
let wi = 0;
const wasmStep = () => {
  for (let r = 0; r < 8; r++) {
    const c = singles[wi++ % POOL];
    if (!ed25519VerifyStrict(c.publicKey, c.message, c.signature)) throw new Error('wasm rejected');
  }
};

console.log(`node ${process.version}, ${rounds} rounds x ${time} ms per measurement, 128-byte messages, CPU time\n`);
const results = [];
for (const [label, pool] of Object.entries(pools)) {
  console.log(`${label}:`);
  console.log('      n   batch us/sig   single wasm   sodium-native   batch/wasm   batch/sodium');
  for (const n of sizes) {
    const batches = Array.from({ length: Math.max(1, Math.floor(POOL / n)) }, (_, b) => pool.slice(b * n, b * n + n));
    let bi = 0;
    const batchStep = () => {
      const res = ed25519VerifyBatch(batches[bi++ % batches.length]);
      if (res.length !== n || !res.every(Boolean)) throw new Error('batch rejected');
    };
    const b = [], w = [], s = [], rs = [], rw = [];
    for (let r = 0; r < rounds; r++) {
      const tb = measure(batchStep, n, time);
      const ts = measure(sodiumStep, 8, time / 2);
      const tw = measure(wasmStep, 8, time / 2);
      b.push(tb); s.push(ts); w.push(tw);
      rs.push(tb / ts); rw.push(tb / tw);
    }
    const row = { workload: label, n, batch: median(b), wasm: median(w), sodium: median(s), vsWasm: median(rw), vsSodium: median(rs) };
    results.push(row);
    console.log(`  ${String(n).padStart(5)}   ${row.batch.toFixed(1).padStart(12)}   ${row.wasm.toFixed(1).padStart(11)}   ` +
      `${row.sodium.toFixed(1).padStart(13)}   ${row.vsWasm.toFixed(2).padStart(10)}   ${row.vsSodium.toFixed(2).padStart(12)}`);
  }
  console.log();
}
const target = results.filter((r) => r.n === 64);
for (const r of target) {
  console.log(`n = 64, ${r.workload}: batch/sodium ${r.vsSodium.toFixed(2)} (target <= 0.60: ${r.vsSodium <= 0.6 ? 'met' : 'not met'})`);
}
