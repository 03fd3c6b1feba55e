/**
 * Compilation: expression text → syntax tree, within the size limits, with
 * an LRU cache of CEL_CACHE_CAPACITY programs (compile failures are cached
 * too, so a bad expression is not re-parsed on every call).
 */
import { ErrorCode, TenuoError } from '../../errors.js';
import { astDepth, type Node } from './ast.js';
import { CelFault, fault } from './fault.js';
import { CEL_CACHE_CAPACITY, CEL_MAX_AST_DEPTH, CEL_MAX_EXPRESSION_BYTES } from './limits.js';
import { parse } from './parser.js';
import { utf8Length } from './rust.js';

type Compiled = { ok: true; root: Node } | { ok: false; message: string };

const cache = new Map<string, Compiled>();

function hasLoneSurrogate(s: string): boolean {
  return /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(s);
}

function compileUncached(expression: string): Compiled {
  try {
    if (utf8Length(expression) > CEL_MAX_EXPRESSION_BYTES) fault(`expression longer than ${CEL_MAX_EXPRESSION_BYTES} bytes`);
    if (hasLoneSurrogate(expression)) fault('expression is not valid Unicode');
    const root = parse(expression);
    if (astDepth(root) > CEL_MAX_AST_DEPTH) fault(`expression tree deeper than ${CEL_MAX_AST_DEPTH}`);
    return { ok: true, root };
  } catch (e) {
    if (e instanceof CelFault) return { ok: false, message: e.message };
    if (e instanceof RangeError) return { ok: false, message: 'expression too complex' };
    throw e;
  }
}

/** The syntax tree of `expression` (cached); throws TenuoError 1501 if it is not valid CEL. */
export function compile(expression: string): Node {
  let entry = cache.get(expression);
  if (entry) {
    cache.delete(expression);
  } else {
    entry = compileUncached(expression);
    if (cache.size >= CEL_CACHE_CAPACITY) cache.delete(cache.keys().next().value as string);
  }
  cache.set(expression, entry);
  if (!entry.ok) throw new TenuoError(ErrorCode.ConstraintViolation, `CEL expression error: compilation failed: ${entry.message}`);
  return entry.root;
}

/** Compiles `expression` (cached), throwing TenuoError 1501 if it is not valid CEL. The reference's `CelConstraint::validate`. */
export function validateCelExpression(expression: string): void {
  compile(expression);
}

/** Empties the compiled-program cache. */
export function clearCelCache(): void {
  cache.clear();
}

/** Number of compiled programs (or compile failures) cached. */
export function celCacheSize(): number {
  return cache.size;
}
