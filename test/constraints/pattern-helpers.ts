/**
 * Table-driven test scaffolding shared by glob.test.ts and regex.test.ts: each
 * registers one `it` per case with a name that shows the pattern and subject.
 */
import { expect, it } from 'vitest';
import { tenuoErrorOf } from '../helpers.js';
import { ErrorCode, TenuoError } from '../../src/errors.js';

export type Case = readonly [pattern: string, subject: string, matches: boolean];


export interface PatternEngine {
  match(pattern: string, subject: string): boolean;
  isValid(pattern: string): boolean;
  /** How a pattern appears in a test name (default: JSON). */
  label?(pattern: string): string;
  /** Subjects every invalid pattern is matched against (`pattern` stands for the pattern itself). */
  invalidSubjects(pattern: string): readonly string[];
  /** Asserts that `message` is this engine's invalid-pattern message. */
  expectInvalidMessage(message: string): void;
}

export interface PatternChecks {
  /** One test per case: `match(pattern, subject)` is `matches`. */
  checkCases(cases: readonly Case[]): void;
  /** One test per pattern: rejected by `isValid`, and every match throws ConstraintViolation. */
  checkInvalid(patterns: readonly string[]): void;
  /** One test per pattern: accepted by `isValid`, and matching does not throw. */
  checkValid(patterns: readonly string[]): void;
}

export function patternChecks(engine: PatternEngine): PatternChecks {
  const label = (pattern: string): string => (engine.label ? engine.label(pattern) : JSON.stringify(pattern));
  return {
    checkCases(cases) {
      for (const [pattern, subject, expected] of cases) {
        it(`${JSON.stringify(pattern)} ${expected ? 'matches' : 'does not match'} ${JSON.stringify(subject)}`, () => {
          expect(engine.match(pattern, subject)).toBe(expected);
        });
      }
    },
    checkInvalid(patterns) {
      for (const pattern of patterns) {
        it(`${label(pattern)} is invalid`, () => {
          expect(engine.isValid(pattern)).toBe(false);
          for (const subject of engine.invalidSubjects(pattern)) {
            const err = tenuoErrorOf(() => engine.match(pattern, subject));
            expect(err.code).toBe(ErrorCode.ConstraintViolation);
            engine.expectInvalidMessage(err.message);
          }
        });
      }
    },
    checkValid(patterns) {
      for (const pattern of patterns) {
        it(`${label(pattern)} is valid`, () => {
          expect(engine.isValid(pattern)).toBe(true);
          expect(() => engine.match(pattern, 'x')).not.toThrow();
        });
      }
    },
  };
}

export { tenuoErrorOf };
