/**
 * Cel: evaluation limits (size, nesting, step budget, cache) and Cel→Cel
 * attenuation (CelConstraint::validate_attenuation). Split from cel.test.ts.
 */
import { describe, expect, it } from 'vitest';
import {
  CEL_CACHE_CAPACITY,
  CEL_DEFAULT_MAX_STEPS,
  CEL_MAX_AST_DEPTH,
  CEL_MAX_EXPRESSION_BYTES,
  CEL_MAX_NESTING,
  celCacheSize,
  checkCelAttenuation,
  clearCelCache,
  hasBalancedOuterParens,
  matchesCel,
  normalizeCelWhitespace,
  validateCelExpression,
} from '../../src/constraints/cel.js';
import { Cel, Exact, Pattern, Wildcard } from '../../src/constraints/types.js';
import { ErrorCode, TenuoError } from '../../src/errors.js';
import { failure, run, runError } from './cel-helpers.js';

describe('limits', () => {
  it('refuses an expression longer than the byte limit', () => {
    const long = `value == '${'a'.repeat(CEL_MAX_EXPRESSION_BYTES)}'`;
    expect(runError(long, 'a').message).toMatch(/longer than/);
    const multibyte = `value == '${'é'.repeat(CEL_MAX_EXPRESSION_BYTES / 2)}'`;
    expect(runError(multibyte, 'a').message).toMatch(/longer than/);
  });
  it('refuses deep nesting without exhausting the stack', () => {
    const deep = `${'('.repeat(CEL_MAX_NESTING + 1)}true${')'.repeat(CEL_MAX_NESTING + 1)}`;
    expect(runError(deep).message).toMatch(/nested deeper/);
    const lists = `${'['.repeat(3000)}${']'.repeat(3000)} == []`;
    expect(runError(lists).message).toMatch(/nested deeper|longer than/);
    const ok = `${'('.repeat(CEL_MAX_NESTING - 1)}true${')'.repeat(CEL_MAX_NESTING - 1)}`;
    expect(run(ok)).toBe(true);
  });
  it('refuses a syntax tree deeper than the limit', () => {
    const chain = `${Array.from({ length: CEL_MAX_AST_DEPTH + 1 }, () => '1').join(' + ')} > 0`;
    expect(runError(chain).message).toMatch(/tree deeper/);
    const shorter = `${Array.from({ length: 100 }, () => '1').join(' + ')} == 100`;
    expect(run(shorter)).toBe(true);
    // Long || / && chains are flat, not deep.
    const disjunction = Array.from({ length: 400 }, (_, i) => `value == ${i}`).join(' || ');
    expect(run(disjunction, 399)).toBe(true);
  });
  it('meters evaluation: a small expression costs a few steps', () => {
    const stats = { steps: 0 };
    expect(run('value > 1 && value < 10', 5, { stats })).toBe(true);
    expect(stats.steps).toBeGreaterThan(0);
    expect(stats.steps).toBeLessThan(20);
  });
  it('stops a combinatorial comprehension at the budget', () => {
    const range = `[${Array.from({ length: 100 }, (_, i) => i).join(', ')}]`;
    const cube = `${range}.all(a, ${range}.all(b, ${range}.all(c, true)))`; // 10^6 iterations, ~4·10^6 steps
    const stats = { steps: 0 };
    const e = runError(cube, null, { stats });
    expect(e.code).toBe(ErrorCode.ConstraintViolation);
    expect(e.message).toMatch(/budget/);
    expect(stats.steps).toBeGreaterThan(CEL_DEFAULT_MAX_STEPS);
    expect(stats.steps).toBeLessThan(CEL_DEFAULT_MAX_STEPS + 1000);
  });
  it('honours a smaller budget', () => {
    const stats = { steps: 0 };
    expect(runError('value.all(x, x >= 0)', Array.from({ length: 1000 }, (_, i) => i), { maxSteps: 500, stats }).message).toMatch(/budget/);
    expect(stats.steps).toBeLessThanOrEqual(501);
    expect(run('value.all(x, x >= 0)', Array.from({ length: 1000 }, (_, i) => i))).toBe(true);
  });
  it('charges for large strings so repeated concatenation is bounded', () => {
    const big = 'x'.repeat(1 << 20);
    const expr = `size(${Array.from({ length: 100 }, () => 'value').join(' + ')}) > 0`;
    const stats = { steps: 0 };
    expect(runError(expr, big, { stats }).message).toMatch(/budget/);
    expect(stats.steps).toBeLessThan(CEL_DEFAULT_MAX_STEPS + (1 << 20));
  });
  it('charges regex work by text × pattern size', () => {
    const stats = { steps: 0 };
    expect(run("value.matches('(a+)+$')", `${'a'.repeat(2000)}!`, { stats })).toBe(false);
    expect(stats.steps).toBeGreaterThan(2000);
    expect(runError("value.matches('(a+)+$')", `${'a'.repeat(1_000_000)}!`).message).toMatch(/budget/);
  });
  it('keeps the compiled-program cache bounded', () => {
    clearCelCache();
    expect(celCacheSize()).toBe(0);
    for (let i = 0; i < CEL_CACHE_CAPACITY + 50; i++) run(`value == ${i}`, i);
    expect(celCacheSize()).toBe(CEL_CACHE_CAPACITY);
    validateCelExpression('value == 0');
    expect(() => validateCelExpression('value ==')).toThrow(TenuoError);
    expect(celCacheSize()).toBe(CEL_CACHE_CAPACITY);
  });
});

describe('Cel → Cel attenuation', () => {
  const att = (parent: string, child: string) => () => checkCelAttenuation(new Cel(parent), new Cel(child));

  it('accepts the reference test pairs', () => {
    expect(att('amount < 10000', 'amount < 10000')).not.toThrow();
    expect(att('amount < 10000', '(amount < 10000) && (amount > 0)')).not.toThrow();
    expect(att('amount < 10000', '( amount < 10000 ) && ( amount > 0 )')).not.toThrow();
    expect(att('amount < 10000', "(amount < 10000) && (amount > 0 && currency == 'USD')")).not.toThrow();
    expect(att('amount < 10000', "(amount < 10000) && (currency == 'USD' || currency == 'EUR')")).not.toThrow();
    expect(att('amount<10000', '(amount < 10000)&&(amount>0)')).not.toThrow();
    expect(att('a < 1', '((a < 1) && (b < 2)) && (c < 3)')).toThrow(TenuoError);
    expect(att('(a < 1) && (b < 2)', '((a < 1) && (b < 2)) && (c < 3)')).not.toThrow();
  });
  it('rejects the reference test pairs with InvalidAttenuation (1502)', () => {
    for (const child of ['(amount < 10000) && true || amount < 1000000', '(amount < 10000) && amount > 0', 'amount < 5000', '(amount < 10000) && (a) || (b)', '(amount < 10000) && (a) && (b)', '(amount < 10000) && ']) {
      expect(failure(att('amount < 10000', child)).code, child).toBe(ErrorCode.InvalidAttenuation);
    }
  });
  it('requires the child to compile (CelError → 1501)', () => {
    expect(failure(att('amount < 10000', '(amount < 10000) && (amount >)')).code).toBe(ErrorCode.ConstraintViolation);
  });
  it('does not compile an expression equal to its parent', () => {
    expect(att('not valid (', 'not  valid(')).not.toThrow();
  });
  it('removes all Unicode whitespace, inside string literals too (reference quirk)', () => {
    expect(att("x == 'a b'", "x == 'ab'")).not.toThrow();
    expect(att('a\u00a0<\u30001', 'a<1')).not.toThrow();
    // Equal shapes once normalised, but CEL's own lexer knows only \t \n \f \r and space: the child does not compile.
    expect(failure(att('a<1', '(a\u2028<1)&&(\u0085b>2)')).code).toBe(ErrorCode.ConstraintViolation);
    expect(att('a<1', '(a\f<1)&&(\nb>2)')).not.toThrow();
    expect(normalizeCelWhitespace(' a \t\n\v\f\r\u0085\u00a0\u1680\u2000\u200a\u2028\u2029\u202f\u205f\u3000b ')).toBe('ab');
    expect(normalizeCelWhitespace('a\ufeffb\u200bc')).toBe('a\ufeffb\u200bc'); // not White_Space
  });
  it('counts parentheses inside string literals (reference quirk)', () => {
    expect(failure(att('a < 1', "(a < 1) && (b == ')')")).code).toBe(ErrorCode.InvalidAttenuation);
    expect(att('a < 1', "(a < 1) && (b == '()')")).not.toThrow();
  });
  it('ignores parent_expression', () => {
    expect(() => checkCelAttenuation(new Cel('a < 1'), new Cel('(a < 1) && (b > 0)', { parentExpression: 'something else' }))).not.toThrow();
    expect(failure(() => checkCelAttenuation(new Cel('a < 1', { parentExpression: 'a < 2' }), new Cel('(a < 2) && (b > 0)'))).code).toBe(ErrorCode.InvalidAttenuation);
  });
  it('rejects other constraint types', () => {
    expect(failure(() => checkCelAttenuation(new Cel('a < 1'), new Exact(1))).code).toBe(ErrorCode.InvalidAttenuation);
    expect(failure(() => checkCelAttenuation(new Cel('a < 1'), new Pattern('*'))).code).toBe(ErrorCode.InvalidAttenuation);
    expect(failure(() => checkCelAttenuation(new Cel('a < 1'), new Wildcard())).code).toBe(ErrorCode.CapabilityExpansion);
  });
  it('has_balanced_outer_parens (reference unit test)', () => {
    expect(hasBalancedOuterParens('(x>0)')).toBe(true);
    expect(hasBalancedOuterParens('(x>0&&y<10)')).toBe(true);
    expect(hasBalancedOuterParens('(x>0||(y<10&&z==1))')).toBe(true);
    expect(hasBalancedOuterParens('(f(x)||g(x))')).toBe(true);
    expect(hasBalancedOuterParens('(f(x,y)||g(a,b)&&h(c))')).toBe(true);
    expect(hasBalancedOuterParens('(x>0)&&(y<10)')).toBe(false);
    expect(hasBalancedOuterParens('(x>0)||evil')).toBe(false);
    expect(hasBalancedOuterParens('(x>0)extra')).toBe(false);
    expect(hasBalancedOuterParens('x>0')).toBe(false);
    expect(hasBalancedOuterParens('')).toBe(false);
    expect(hasBalancedOuterParens('((x)')).toBe(false);
    expect(hasBalancedOuterParens('(x))')).toBe(false);
  });
  it('an attenuated child is no wider than its parent', () => {
    const parent = new Cel('amount < 10000');
    const child = new Cel(`(${parent.expression}) && (amount > 0)`, { parentExpression: parent.expression });
    checkCelAttenuation(parent, child);
    for (const amount of [-5, 0, 5, 9999, 10000, 20000]) {
      if (matchesCel(child, { amount })) expect(matchesCel(parent, { amount })).toBe(true);
    }
  });
});
