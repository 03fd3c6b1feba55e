/**
 * Cel→Cel attenuation (the reference's `CelConstraint::validate_attenuation`):
 * a child is the parent itself or the parent AND-ed with one more
 * parenthesised predicate, compared textually after whitespace removal.
 */
import { ErrorCode, TenuoError } from '../../errors.js';
import type { Constraint } from '../base.js';
import { Cel, Wildcard } from '../types.js';
import { validateCelExpression } from './cache.js';

/**
 * Rust `split_whitespace().join("")`: drops every Unicode White_Space
 * character, inside string literals too.
 */
export function normalizeCelWhitespace(expression: string): string {
  return expression.replace(/[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]/g, '');
}

/** `s` starts with `(`, ends with `)`, and that first `(` closes only at the end (parentheses in literals count). */
export function hasBalancedOuterParens(s: string): boolean {
  if (!s.startsWith('(') || !s.endsWith(')')) return false;
  let depth = 0;
  for (let i = 0; i < s.length; i++) {
    const ch = s[i];
    if (ch === '(') depth++;
    else if (ch === ')') {
      depth--;
      if (depth === 0 && i !== s.length - 1) return false;
    }
  }
  return depth === 0;
}

/**
 * The reference's Cel→Cel attenuation (`CelConstraint::validate_attenuation`):
 * the child must equal the parent once all whitespace is removed, or be
 * `(parent) && (predicate)` — after whitespace removal it starts with
 * `(` + parent + `)&&` and the rest is one parenthesised group — and compile.
 * `parent_expression` plays no part (it is informational in the reference).
 *
 * Errors carry the reference's codes: a Wildcard child 1503; any other non-Cel
 * child 1502 (IncompatibleConstraintTypes); a child of the wrong shape 1502
 * (MonotonicityViolation → InvalidAttenuation); a child that does not compile
 * 1501 (CelError → ConstraintViolation).
 */
export function checkCelAttenuation(parent: Cel, child: Constraint): void {
  if (child instanceof Wildcard) throw new TenuoError(ErrorCode.CapabilityExpansion, 'Cel cannot be widened to Wildcard');
  if (!(child instanceof Cel)) throw new TenuoError(ErrorCode.InvalidAttenuation, `cannot attenuate Cel to ${child.typeName}`);
  const parentText = normalizeCelWhitespace(parent.expression);
  const childText = normalizeCelWhitespace(child.expression);
  if (childText === parentText) return;
  const prefix = `(${parentText})&&`;
  if (!childText.startsWith(prefix)) {
    throw new TenuoError(ErrorCode.InvalidAttenuation, `child CEL must be '(${parent.expression}) && (<predicate>)', got '${child.expression}'`);
  }
  const remainder = childText.slice(prefix.length);
  if (!hasBalancedOuterParens(remainder)) {
    throw new TenuoError(ErrorCode.InvalidAttenuation, `child CEL predicate must be parenthesized: '(${parent.expression}) && (<predicate>)', got '(${parent.expression}) && ${remainder}'`);
  }
  validateCelExpression(child.expression);
}
