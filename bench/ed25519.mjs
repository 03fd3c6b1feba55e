// Ed25519 verification speed: the WASM verifier (through the built glue in
// dist/) against node:crypto (OpenSSL) and libsodium (sodium-native).
//
//   npm run build && node bench/ed25519.mjs [--time ms]
//
// Two workloads: the same key every time (as when checking many warrants from
// one issuer; the verifier caches decoded keys) and 64 distinct keys in turn
// (more than the verifier's key cache holds, so every call decodes its key).
// Tasks run in several short rounds, in rotating order, so that load changes
// on a shared machine hit all three alike; prints the median over rounds of
// each task's median microseconds per verification, and of the ratios.
import { verify } from 'node:crypto';
import sodium from 'sodium-native';
import { Bench } from 'tinybench';
import { ed25519Cases, importBuilt, numberOption } from './script.mjs';

const { ed25519VerifyStrict } = await importBuilt('crypto/ed25519-verify.js');

/** Total measuring time per task and workload, split over the rounds. */
const time = numberOption('--time', 3000);
const rounds = numberOption('--rounds', 6);

const workloads = [
  ['same key', ed25519Cases(1, 64)],
  ['64 distinct keys', ed25519Cases(64, 64)],
];

const median = (values) => [...values].sort((a, b) => a - b)[values.length >> 1];
console.log(`node ${process.version}, ${time} ms per task in ${rounds} rounds, 128-byte messages\n`);
for (const [label, cases] of workloads) {
  let i = 0;
  const tasks = {
    'wasm (tenuo)': () => {
      const c = cases[i++ & 63];
      if (!ed25519VerifyStrict(c.publicKey, c.message, c.signature)) throw new Error('wasm rejected');
    },
    'node:crypto': () => {
      const c = cases[i++ & 63];
      if (!verify(null, c.message, c.keyObject, c.signature)) throw new Error('node rejected');
    },
    'sodium-native': () => {
      const c = cases[i++ & 63];
      if (!sodium.crypto_sign_verify_detached(c.signature, c.message, c.publicKey)) throw new Error('sodium rejected');
    },
  };
  const names = Object.keys(tasks);
  const samples = Object.fromEntries(names.map((n) => [n, []]));
  const ratios = { sodium: [], node: [] };
  for (let round = 0; round < rounds; round++) {
    const bench = new Bench({ name: label, time: time / rounds, warmupTime: round === 0 ? 300 : 50 });
    for (let t = 0; t < names.length; t++) {
      const name = names[(t + round) % names.length];
      bench.add(name, tasks[name]);
    }
    await bench.run();
    const us = Object.fromEntries(bench.tasks.map((task) => [task.name, task.result.latency.p50 * 1000]));
    for (const n of names) samples[n].push(us[n]);
    ratios.sodium.push(us['wasm (tenuo)'] / us['sodium-native']);
    ratios.node.push(us['wasm (tenuo)'] / us['node:crypto']);
  }
  console.log(`${label}:`);
  for (const n of names) console.log(`  ${n.padEnd(14)} median ${median(samples[n]).toFixed(1).padStart(7)} us`);
  console.log(`  ratio wasm/sodium ${median(ratios.sodium).toFixed(2)}   wasm/node ${median(ratios.node).toFixed(2)}\n`);
}
