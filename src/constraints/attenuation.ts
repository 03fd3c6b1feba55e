/**
 * The attenuation seam (I4): is `child` a valid narrowing of `parent`?
 *
 * This module holds the ConstraintSet rules and the value-set rules that need
 * no matcher. The pairs that need glob/regex/URL/CIDR semantics arrive with
 * the authorization-semantics work and plug in here; until then they are
 * refused (fail closed) rather than guessed.
 */
import { ErrorCode, TenuoError } from '../errors.js';
import { type ConstraintValue, kindOf, valuesEqual } from '../model/value.js';
import { Constraint } from './base.js';
import { constraintToBytes } from './codec.js';
import type { ConstraintSet } from './set.js';
import { Cel, Cidr, Contains, Regex, Exact, NotOneOf, OneOf, Pattern, Range, Shlex, Subpath, Subset, UrlPattern, UrlSafe, Wildcard } from './types.js';
import { checkCelAttenuation } from './cel.js';
import { checkCidrAttenuation } from './net.js';
import { checkShlexAttenuation } from './shlex.js';
import { checkSubpathAttenuation } from './subpath.js';
import { checkUrlPatternAttenuation } from './url-pattern.js';
import { checkUrlSafeAttenuation } from './url-safe.js';
import { bytesEqual } from '../util/bytes.js';
import { globMatch } from './glob.js';

function widen(message: string): never {
  throw new TenuoError(ErrorCode.CapabilityExpansion, message);
}

function incompatible(parent: Constraint, child: Constraint): never {
  throw new TenuoError(ErrorCode.InvalidAttenuation, `cannot attenuate ${parent.typeName} to ${child.typeName}`);
}

const includes = (list: readonly ConstraintValue[], v: ConstraintValue) => list.some((x) => valuesEqual(x, v));

type PatternShape = { kind: 'exact' | 'prefix' | 'suffix' | 'complex'; text: string };

/** The reference classifies a glob by its `*` count only (`?` and `[..]` count as literals). */
function patternShape(pattern: string): PatternShape {
  const stars = pattern.split('*').length - 1;
  if (stars === 0) return { kind: 'exact', text: pattern };
  if (stars === 1 && pattern.endsWith('*')) return { kind: 'prefix', text: pattern.slice(0, -1) };
  if (stars === 1 && pattern.startsWith('*')) return { kind: 'suffix', text: pattern.slice(1) };
  return { kind: 'complex', text: pattern };
}

function checkPattern(parent: Pattern, child: Pattern): void {
  if (parent.pattern === child.pattern) return;
  const p = patternShape(parent.pattern);
  const c = patternShape(child.pattern);
  if (p.kind === 'prefix' && (c.kind === 'prefix' || c.kind === 'exact') && c.text.startsWith(p.text)) return;
  if (p.kind === 'suffix' && (c.kind === 'suffix' || c.kind === 'exact') && c.text.endsWith(p.text)) return;
  widen(`pattern "${child.pattern}" is not narrower than "${parent.pattern}"`);
}

function checkRange(parent: Range, child: Range): void {
  const lower = (pv: number | null, pi: boolean, cv: number | null, ci: boolean, name: string, below: (a: number, b: number) => boolean) => {
    if (pv === null) return;
    if (cv === null) widen(`range ${name} is unbounded but the parent's is ${pv}`);
    if (below(cv, pv)) widen(`range ${name} ${cv} is outside the parent's ${pv}`);
    if (cv === pv && !pi && ci) widen(`range ${name} ${cv} cannot become inclusive`);
  };
  lower(parent.min, parent.minInclusive, child.min, child.minInclusive, 'min', (c, p) => c < p);
  lower(parent.max, parent.maxInclusive, child.max, child.maxInclusive, 'max', (c, p) => c > p);
}

/** Throws unless `child` accepts only values `parent` accepts. */
export function checkAttenuation(parent: Constraint, child: Constraint): void {
  if (parent instanceof Wildcard) return;
  if (child instanceof Wildcard) widen(`${parent.typeName} cannot be widened to Wildcard`);
  if (parent.typeId === child.typeId && bytesEqual(constraintToBytes(parent), constraintToBytes(child))) return;
  if (parent instanceof Pattern && child instanceof Pattern) return checkPattern(parent, child);
  if (parent instanceof Pattern && child instanceof Exact) {
    if (typeof child.value !== 'string' || !globMatch(parent.pattern, child.value)) widen(`Exact value is not matched by the parent pattern "${parent.pattern}"`);
    return;
  }
  if (parent instanceof Regex && child instanceof Regex) {
    if (parent.pattern !== child.pattern) throw new TenuoError(ErrorCode.InvalidAttenuation, 'a Regex can only be kept as is or narrowed to an Exact value');
    return;
  }
  if (parent instanceof Regex && child instanceof Exact) {
    if (!parent.matches(child.value)) widen(`Exact value is not matched by the parent regex`);
    return;
  }
  if (parent instanceof Exact && child instanceof Exact) {
    if (!valuesEqual(parent.value, child.value)) widen('Exact value differs from the parent');
    return;
  }
  if (parent instanceof OneOf && child instanceof OneOf) {
    if (!child.values.every((v) => includes(parent.values, v))) widen('OneOf adds values the parent does not allow');
    return;
  }
  if (parent instanceof OneOf && child instanceof Exact) {
    if (!includes(parent.values, child.value)) widen('Exact value is not one of the parent values');
    return;
  }
  if (parent instanceof NotOneOf && child instanceof NotOneOf) {
    if (!parent.excluded.every((v) => includes(child.excluded, v))) widen('NotOneOf drops exclusions of the parent');
    return;
  }
  if (parent instanceof Range && child instanceof Range) return checkRange(parent, child);
  if (parent instanceof Range && child instanceof Exact) {
    const kind = kindOf(child.value);
    if (kind !== 'integer' && kind !== 'float') widen('Exact value is not numeric');
    const v = Number(child.value);
    const inside =
      (parent.min === null || (parent.minInclusive ? v >= parent.min : v > parent.min)) && (parent.max === null || (parent.maxInclusive ? v <= parent.max : v < parent.max));
    if (!inside) widen(`Exact value ${v} is outside the parent range`);
    return;
  }
  if (parent instanceof Contains && child instanceof Contains) {
    if (!parent.required.every((v) => includes(child.required, v))) widen('Contains drops required values of the parent');
    return;
  }
  if (parent instanceof Subset && child instanceof Subset) {
    if (!child.allowed.every((v) => includes(parent.allowed, v))) widen('Subset allows values the parent does not');
    return;
  }
  if (parent instanceof Cidr) return checkCidrAttenuation(parent, child);
  if (parent instanceof UrlPattern) return checkUrlPatternAttenuation(parent, child);
  if (parent instanceof UrlSafe) return checkUrlSafeAttenuation(parent, child);
  if (parent instanceof Subpath) return checkSubpathAttenuation(parent, child);
  if (parent instanceof Shlex) return checkShlexAttenuation(parent, child);
  if (parent instanceof Cel) return checkCelAttenuation(parent, child);
  incompatible(parent, child);
}

/** ConstraintSet rules: no enabling allow_unknown; every parent argument kept and narrowed; no new arguments under a non-empty parent. */
export function checkConstraintSetAttenuation(parent: ConstraintSet, child: ConstraintSet, what: string): void {
  if (child.allowUnknown && !parent.allowUnknown) widen(`${what}: allow_unknown cannot be enabled by a child`);
  for (const [arg, pc] of parent.constraints) {
    const cc = child.get(arg);
    if (!cc) widen(`${what}: argument "${arg}" constrained by the parent is missing`);
    try {
      checkAttenuation(pc, cc);
    } catch (e) {
      if (e instanceof TenuoError) throw new TenuoError(e.code, `${what}, argument "${arg}": ${e.message}`);
      throw e;
    }
  }
  if (parent.size > 0) {
    for (const arg of child.constraints.keys()) {
      if (!parent.get(arg)) widen(`${what}: argument "${arg}" is not constrained by the parent`);
    }
  }
}
