// Runs the suite and fails (exit 1) when a row exceeds its budget in
// bench/budgets.json — a ratio to the same-run calibration and an absolute
// ceiling. A budgeted row that did not run is a failure too.
import { readFileSync } from 'node:fs';
import { runSuite } from './run.mjs';

const budgets = JSON.parse(readFileSync(new URL('./budgets.json', import.meta.url), 'utf8'));
const report = await runSuite();
const byName = new Map(report.rows.map((r) => [r.name, r]));
const failures = [];
for (const [name, budget] of Object.entries(budgets)) {
  if (name.startsWith('_')) continue;
  const row = byName.get(name);
  if (!row) {
    failures.push(`${name}: did not run`);
    continue;
  }
  if (budget.maxRatio !== undefined && row.ratioToCalibration > budget.maxRatio) failures.push(`${name}: ${row.ratioToCalibration.toFixed(2)} × calibration > budget ${budget.maxRatio}`);
  if (budget.maxMicros !== undefined && row.medianMicros > budget.maxMicros) failures.push(`${name}: ${row.medianMicros.toFixed(1)} µs > ceiling ${budget.maxMicros} µs`);
  if (budget.minValue !== undefined && !(row.value >= budget.minValue)) failures.push(`${name}: ${row.value} < required ${budget.minValue}`);
}
console.log(`calibration (sodium-native verify): ${report.calibrationMicros.toFixed(2)} µs`);
if (failures.length > 0) {
  console.error(`bench:check: ${failures.length} budget(s) exceeded:\n  ${failures.join('\n  ')}`);
  process.exit(1);
}
console.log(`bench:check: all ${Object.keys(budgets).filter((k) => !k.startsWith('_')).length} budgets met`);
