/** Shared helpers of the Cel test files. */
import { expect, it } from 'vitest';
import { tenuoErrorOf as failure } from '../helpers.js';
import { type CelEvalOptions, matchesCel } from '../../src/constraints/cel.js';
import { Cel } from '../../src/constraints/types.js';
import { ErrorCode, TenuoError } from '../../src/errors.js';
import type { ConstraintValue } from '../../src/model/value.js';

export { failure };

export const NOW = Date.UTC(2024, 0, 15, 10, 30, 0);

export function run(expression: string, value: ConstraintValue = null, options: CelEvalOptions = {}): boolean {
  return matchesCel(new Cel(expression), value, { now: NOW, ...options });
}


export function runError(expression: string, value: ConstraintValue = null, options: CelEvalOptions = {}): TenuoError {
  return failure(() => run(expression, value, options));
}

export type Case = readonly [expression: string, value: ConstraintValue, expected: boolean | 'error'];

export function table(cases: readonly Case[]): void {
  for (const [expression, value, expected] of cases) {
    it(`${expression} on ${JSON.stringify(value, (_, v) => (typeof v === 'bigint' ? `${v}n` : v))} → ${expected}`, () => {
      if (expected === 'error') expect(runError(expression, value).code).toBe(ErrorCode.ConstraintViolation);
      else expect(run(expression, value)).toBe(expected);
    });
  }
}
