// The benchmark suite (tinybench) over the built package in dist/. Every row
// is reported with its median, p99 and throughput per item, and as a ratio to
// a calibration measured in the same run — libsodium's native Ed25519 verify
// via sodium-native (a dev dependency used only for this), measured right
// before and after the row — so budgets hold on any machine. Writes
// bench/results.json; bench/check.mjs enforces budgets.
import { writeFileSync } from 'node:fs';
import { Bench } from 'tinybench';
import { authorizerRows } from './rows/authorizer.mjs';
import { CALIBRATION, cryptoRows } from './rows/crypto.mjs';
import { batchRows } from './rows/batch.mjs';
import { poolRows } from './rows/pool.mjs';

export async function runSuite({ time = 400, quiet = false } = {}) {
  const bench = new Bench({ time, warmupTime: 100 });
  const rows = [...cryptoRows(), ...batchRows(), ...authorizerRows(), ...(await poolRows())];
  const calibrate = adjacentCalibration(rows.find((r) => r.name === CALIBRATION).fn);
  // Each row's ratio uses the calibration measured right before and right after it.
  const bracket = new Map();
  for (const row of rows.filter((r) => r.fn)) {
    bench.add(row.name, row.fn, {
      beforeAll: async () => {
        await row.beforeAll?.();
        bracket.set(row.name, [calibrate()]);
      },
      afterAll: async () => {
        bracket.get(row.name).push(calibrate());
        await row.afterAll?.();
      },
    });
  }
  await bench.run();
  const byName = new Map(rows.map((r) => [r.name, r]));
  const calibration = bench.tasks.find((t) => t.name === CALIBRATION).result.latency.p50;
  const results = bench.tasks.map((task) => {
    const items = byName.get(task.name)?.items ?? 1;
    const { latency, throughput } = task.result;
    const [before, after] = bracket.get(task.name);
    const adjacent = (before + after) / 2;
    return {
      name: task.name,
      medianMicros: (latency.p50 * 1000) / items,
      p99Micros: (latency.p99 * 1000) / items,
      opsPerSecond: Math.round(throughput.mean * items),
      calibrationMicros: adjacent * 1000,
      ratioToCalibration: latency.p50 / items / adjacent,
    };
  });
  for (const extra of rows.filter((r) => r.derived)) results.push(...extra.derived(results));
  const report = { date: new Date().toISOString(), node: process.version, cpus: (await import('node:os')).cpus().length, calibrationMicros: calibration * 1000, rows: results };
  writeFileSync(new URL('./results.json', import.meta.url), `${JSON.stringify(report, null, 2)}\n`);
  if (!quiet) printTable(results);
  return report;
}

/**
 * A short calibration measurement (ms per sodium verify): the median of 15
 * runs of 100 calls, about 100 ms. The host's speed drifts by tens of percent
 * within a minute, and native and JIT-compiled code drift apart, so a row is
 * compared with the calibration measured next to it rather than with the
 * suite's first row.
 */
function adjacentCalibration(fn) {
  return () => {
    const samples = [];
    for (let k = 0; k < 15; k++) {
      const start = performance.now();
      for (let i = 0; i < 100; i++) fn();
      samples.push((performance.now() - start) / 100);
    }
    return samples.sort((a, b) => a - b)[7];
  };
}

export function printTable(rows) {
  const fmt = (n, d = 2) => (Number.isFinite(n) ? n.toFixed(d) : '—');
  console.table(
    rows.map((r) => ({
      row: r.name,
      'median µs': r.value !== undefined ? `(${fmt(r.value)})` : fmt(r.medianMicros),
      'p99 µs': fmt(r.p99Micros),
      'ops/s': r.opsPerSecond?.toLocaleString('en-US') ?? '—',
      'calibration µs': fmt(r.calibrationMicros, 1),
      '× calibration': fmt(r.ratioToCalibration),
    })),
  );
}

if (import.meta.url === `file://${process.argv[1]}`) await runSuite();
