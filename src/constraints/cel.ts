/**
 * Cel (wire type 15): CEL expression constraints, evaluated with the dialect
 * of the reference (tenuo-core/src/cel.rs on cel-interpreter 0.10.0 +
 * cel-parser 0.10.1, chrono 0.4.45, nom 7.1.3).
 *
 * FEATURE NOTE. In the reference's DEFAULT build the `cel` cargo feature is
 * off and every Cel constraint fails with FeatureNotEnabled (1504, deny); the
 * Python wheel and tenuo-wasm build it on. tenuo-ts always evaluates CEL, as
 * the Python wheel / tenuo-wasm do.
 *
 * DIALECT. cel-interpreter 0.10.0 is not standard CEL: a standard evaluator
 * disagrees with it on allow/deny for plain expressions (error absorption in
 * `||`, `'a' in 'abc'`, out-of-range index → null, truthy `&&`/`||`/`!`,
 * string size in bytes, `!!x` parsed as `!x`, …). The modules under cel/
 * therefore carry their own lexer/parser (CEL.g4 as cel-parser 0.10.1 builds
 * its AST, quirks included) and a tree-walking evaluator with
 * cel-interpreter 0.10.0's semantics; `matches` runs on the project's WASM
 * engine for the Rust regex crate (../regex.ts), the crate cel-interpreter
 * uses. The semantics reproduced, in short:
 *
 * - Bindings: an object argument binds each key as a variable; any other
 *   argument binds `value`. The result must be a bool.
 * - `a || b` returns `a` itself when truthy, else `b` itself; `a && b` is
 *   `bool(a) && bool(b)`; `!x` and `c ? x : y` use truthiness (empty/zero/null
 *   are false). Errors are never absorbed: operands run left to right and the
 *   first error is the result.
 * - Heterogeneous numeric `==`/`<` across int, uint and double; no mixed
 *   arithmetic (`1 + 1.0` is an error); checked i64/u64 arithmetic.
 * - `x[i]` out of range and missing map keys give null; `s[i]` is the ASCII
 *   character at UTF-8 byte i (else null); `'b' in 'abc'` is substring search;
 *   `size('é') == 2` (UTF-8 bytes); strings order by code point.
 * - Every function is callable as a method or a global (`size(x)`,
 *   `x.size()`); extra arguments are ignored. Defaults: contains, size, max,
 *   min, startsWith, endsWith, string, bytes, double, int, uint, matches,
 *   duration, timestamp, getFullYear, getMonth, getDayOfYear, getDayOfMonth,
 *   getDate, getDayOfWeek, getHours, getMinutes, getSeconds, getMilliseconds;
 *   macros has, all, exists, exists_one/existsOne, map (2 and 3 args), filter.
 *   Tenuo's extras take positional arguments only: time_now(_) → RFC 3339
 *   string (`+00:00` offset), time_is_expired(rfc3339) → bool,
 *   time_since(rfc3339) → int seconds (negative in the future; 0 when not a
 *   parsable string), net_in_cidr(ip, cidr) → bool, net_is_private(ip) → bool.
 *
 * Known residual differences: timestamps with second `60` are the following
 * second; `time_now` has millisecond precision; map iteration follows
 * insertion order (Rust: hash order); `matches` on a value holding a lone
 * surrogate (impossible in Rust) or over 1 MiB of UTF-8 is an error.
 *
 * LIMITS (a hostile expression cannot hang the verifier): expressions longer
 * than CEL_MAX_EXPRESSION_BYTES, nested deeper than CEL_MAX_NESTING or with an
 * AST deeper than CEL_MAX_AST_DEPTH do not compile; evaluation is metered
 * (one step per node and per comprehension iteration, plus charges
 * proportional to the size of copied/scanned strings and lists and to
 * regex work) and fails past CEL_DEFAULT_MAX_STEPS. Every failure is a
 * TenuoError (deny); nothing is retried.
 *
 * MODULES (cel/): lexer, literals, ast, parser → cache (compilation, LRU);
 * values, rust (std conversions), operators, time, call, functions,
 * tenuo-extras, evaluator → run (entry points); limits (bounds, budget);
 * attenuation (Cel→Cel). This file is the public surface.
 */
export { checkCelAttenuation, hasBalancedOuterParens, normalizeCelWhitespace } from './cel/attenuation.js';
export { celCacheSize, clearCelCache, validateCelExpression } from './cel/cache.js';
export {
  CEL_CACHE_CAPACITY,
  CEL_DEFAULT_MAX_STEPS,
  CEL_MAX_AST_DEPTH,
  CEL_MAX_EXPRESSION_BYTES,
  CEL_MAX_NESTING,
  type CelEvalOptions,
} from './cel/limits.js';
export { matchesCel, matchesCelWithContext } from './cel/run.js';
