/**
 * Shlex (extension type 128): the reference's conservative command check and
 * its attenuation.
 *
 * A command is accepted when it is a non-empty string containing none of the
 * shell-significant characters below, its whitespace-separated first token
 * has no `..`, and that token or its basename (text after the last `/`) is
 * listed in `allow`. There is no quote handling: quotes, globs, `~`, `!`, `#`
 * and `\` are not special here. Whitespace means Unicode White_Space (Rust
 * `char::is_whitespace`), which differs from JavaScript's `\s` (U+0085 is
 * whitespace, U+FEFF is not).
 *
 * Error codes follow the reference's variants: a child allowing a binary the
 * parent does not is `MonotonicityViolation` (InvalidAttenuation, 1502); an
 * Exact command the parent rejects is `ConstraintNotSatisfied`
 * (ConstraintViolation, 1501); a non-string Exact or another type is 1502.
 */
import { ErrorCode, TenuoError } from '../errors.js';
import type { ConstraintValue } from '../model/value.js';
import type { Constraint } from './base.js';
import { Exact, Shlex, Wildcard } from './types.js';
import { isWellFormedText } from '../util/text.js';

/** NUL, LF, CR, VT, FF, BEL, BS, DEL, expansion (`$`, backtick) and operators (`| & ; < > ( )`). */
const SHELL_SIGNIFICANT = /[\0\n\r\x0b\x0c\x07\x08\x7f$`|&;<>()]/;
/** Unicode White_Space, as Rust's `str::split_whitespace` uses it. */
const WHITE_SPACE = /[\t\n\x0b\x0c\r \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+/;

/** `Shlex::matches` on a string. Throws 1501 only for text no Rust string can hold (lone surrogates). */
export function commandAllowed(c: Shlex, command: string): boolean {
  if (!isWellFormedText(command)) throw new TenuoError(ErrorCode.ConstraintViolation, 'Shlex: the value is not well-formed Unicode');
  if (command === '' || SHELL_SIGNIFICANT.test(command)) return false;
  const binary = command.split(WHITE_SPACE).find((token) => token !== '');
  if (binary === undefined || binary.includes('..')) return false;
  const basename = binary.slice(binary.lastIndexOf('/') + 1);
  return c.allow.some((entry) => entry === binary || entry === basename);
}

export function matchesShlex(c: Shlex, value: ConstraintValue): boolean {
  return typeof value === 'string' && commandAllowed(c, value);
}

export function checkShlexAttenuation(parent: Shlex, child: Constraint): void {
  if (child instanceof Shlex) {
    for (const binary of child.allow) {
      if (!parent.allow.includes(binary)) throw new TenuoError(ErrorCode.InvalidAttenuation, `Shlex child allows "${binary}", which the parent does not`);
    }
    return;
  }
  if (child instanceof Exact) {
    if (typeof child.value !== 'string') throw new TenuoError(ErrorCode.InvalidAttenuation, 'cannot attenuate Shlex to a non-string Exact');
    if (!commandAllowed(parent, child.value)) throw new TenuoError(ErrorCode.ConstraintViolation, 'Exact command is rejected by the parent Shlex constraint');
    return;
  }
  if (child instanceof Wildcard) throw new TenuoError(ErrorCode.CapabilityExpansion, 'Shlex cannot be widened to Wildcard');
  throw new TenuoError(ErrorCode.InvalidAttenuation, `cannot attenuate Shlex to ${child.typeName}`);
}
