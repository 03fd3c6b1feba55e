/**
 * Subpath (wire type 17): lexical path containment and attenuation.
 *
 * `containsPath` follows the reference: a path with NUL, or one that is not
 * absolute (`/…`, `X:\…`, `X:/…`), is outside; otherwise it is normalised
 * (path.ts), lower-cased when the constraint is case-insensitive, and is
 * inside when it equals the root (only with allow_equal) or starts with the
 * root (trailing `/` removed) followed by `/`. The root is used as stored —
 * a decoded root is never normalised or lower-cased here — so root `/` also
 * accepts `/` itself even without allow_equal, and an upper-case root with
 * case_sensitive false can never match.
 *
 * Error codes follow the reference's variants: a child root or Exact path
 * outside the parent is `PathNotContained` (ConstraintViolation, 1501); a
 * child relaxing case sensitivity or allow_equal is `MonotonicityViolation`
 * (InvalidAttenuation, 1502); a non-string Exact or another type is 1502.
 */
import { ErrorCode, TenuoError } from '../errors.js';
import type { ConstraintValue } from '../model/value.js';
import type { Constraint } from './base.js';
import { isAbsolutePath, normalizePath } from './path.js';
import { Exact, Subpath, Wildcard } from './types.js';
import { isWellFormedText } from '../util/text.js';

/** `Subpath::contains_path`. Throws 1501 only for text no Rust string can hold (lone surrogates). */
export function containsPath(c: Subpath, path: string): boolean {
  if (!isWellFormedText(path)) throw new TenuoError(ErrorCode.ConstraintViolation, 'Subpath: the value is not well-formed Unicode');
  if (path.includes('\0')) return false;
  if (!isAbsolutePath(path)) return false;
  let normalized = normalizePath(path);
  if (!c.caseSensitive) normalized = normalized.toLowerCase();
  if (c.allowEqual && normalized === c.root) return true;
  return normalized.startsWith(c.containedPrefix);
}

export function matchesSubpath(c: Subpath, value: ConstraintValue): boolean {
  return typeof value === 'string' && containsPath(c, value);
}

function notContained(what: string, root: string): never {
  throw new TenuoError(ErrorCode.ConstraintViolation, `${what} is not contained within root ${root}`);
}

export function checkSubpathAttenuation(parent: Subpath, child: Constraint): void {
  if (child instanceof Subpath) {
    if (!containsPath(parent, child.root)) notContained(`Subpath root ${child.root}`, parent.root);
    if (parent.caseSensitive && !child.caseSensitive) {
      throw new TenuoError(ErrorCode.InvalidAttenuation, 'cannot attenuate a case-sensitive Subpath to a case-insensitive one');
    }
    if (!parent.allowEqual && child.allowEqual) {
      throw new TenuoError(ErrorCode.InvalidAttenuation, 'cannot attenuate Subpath allow_equal=false to allow_equal=true');
    }
    return;
  }
  if (child instanceof Exact) {
    if (typeof child.value !== 'string') throw new TenuoError(ErrorCode.InvalidAttenuation, 'cannot attenuate Subpath to a non-string Exact');
    if (!containsPath(parent, child.value)) notContained('Exact path', parent.root);
    return;
  }
  if (child instanceof Wildcard) throw new TenuoError(ErrorCode.CapabilityExpansion, 'Subpath cannot be widened to Wildcard');
  throw new TenuoError(ErrorCode.InvalidAttenuation, `cannot attenuate Subpath to ${child.typeName}`);
}
