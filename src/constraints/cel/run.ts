/**
 * Evaluation entry points: bind the value, run the compiled expression within
 * the budget, and require a bool. Compilation and evaluation failures are
 * TenuoError 1501 (deny).
 */
import { ErrorCode, TenuoError } from '../../errors.js';
import { type ConstraintValue, kindOf } from '../../model/value.js';
import type { Cel } from '../types.js';
import { compile } from './cache.js';
import { evaluate, Scope } from './evaluator.js';
import { CelFault } from './fault.js';
import { CEL_DEFAULT_MAX_STEPS, type CelEvalOptions, Machine } from './limits.js';
import { type CelVal, toCel, typeName } from './values.js';

function clockOf(now: Date | number | undefined): (() => bigint) | undefined {
  if (now === undefined) return undefined;
  const ms = now instanceof Date ? now.getTime() : now;
  if (!Number.isFinite(ms)) throw new TenuoError(ErrorCode.InvalidPayloadStructure, 'CEL clock override must be a finite time');
  const ns = BigInt(Math.trunc(ms)) * 1_000_000n;
  return () => ns;
}

function run(expression: string, bindings: Map<string, CelVal>, options: CelEvalOptions): boolean {
  const root = compile(expression);
  const m = new Machine(options.maxSteps ?? CEL_DEFAULT_MAX_STEPS, clockOf(options.now));
  let result: CelVal;
  try {
    result = evaluate(root, new Scope(bindings), m);
  } catch (e) {
    if (e instanceof CelFault) throw new TenuoError(ErrorCode.ConstraintViolation, `CEL expression error: execution failed: ${e.message}`);
    if (e instanceof RangeError) throw new TenuoError(ErrorCode.ConstraintViolation, 'CEL expression error: execution failed: resources exhausted');
    throw e;
  } finally {
    if (options.stats) options.stats.steps = m.steps;
  }
  if (typeof result !== 'boolean') throw new TenuoError(ErrorCode.ConstraintViolation, `CEL expression error: expression must return bool, got ${typeName(result)}`);
  return result;
}

/**
 * The reference's `CelConstraint::matches`: an object argument binds each key
 * as a variable, anything else binds `value`. Returns the expression's bool;
 * throws TenuoError 1501 when the expression does not compile, fails, exceeds
 * the budget or does not return a bool.
 */
export function matchesCel(c: Cel, value: ConstraintValue, options: CelEvalOptions = {}): boolean {
  const bindings = new Map<string, CelVal>();
  if (kindOf(value) === 'object') {
    for (const [k, x] of Object.entries(value as Record<string, ConstraintValue>)) bindings.set(k, toCel(x, 1));
  } else {
    bindings.set('value', toCel(value));
  }
  return run(c.expression, bindings, options);
}

/** The reference's `CelConstraint::matches_with_context`: `value` plus extra variables (which win on a name clash). */
export function matchesCelWithContext(c: Cel, value: ConstraintValue, context: Readonly<Record<string, ConstraintValue>>, options: CelEvalOptions = {}): boolean {
  const bindings = new Map<string, CelVal>([['value', toCel(value)]]);
  for (const [k, x] of Object.entries(context)) bindings.set(k, toCel(x));
  return run(c.expression, bindings, options);
}
