/**
 * UrlPattern (wire type 9): parsing, matching and attenuation.
 *
 * URLs are parsed as the WHATWG standard says, like the reference's `url`
 * crate (2.5.8); url-parts.ts maps the parse to the crate's accessors.
 *
 * Error codes follow the reference's variants: an unparsable argument or an
 * Exact child outside the pattern is ConstraintViolation (1501); a widening
 * UrlPattern child (scheme, host, port, path) is CapabilityExpansion (1503);
 * a non-string Exact or another child type is InvalidAttenuation (1502).
 */
import { ErrorCode, TenuoError } from '../errors.js';
import type { ConstraintValue } from '../model/value.js';
import type { Constraint } from './base.js';
import { globMatch, isValidGlob } from './glob.js';
import { Exact, UrlPattern, Wildcard } from './types.js';
import { parseUrlParts, parseWhatwgUrl, partsOfUrl, type UrlParts } from './url-parts.js';

/** The parts `UrlPattern::new` derives from a pattern string. */
export interface UrlPatternParts {
  /** Lower-cased schemes; empty means any scheme (`*://`). */
  readonly schemes: readonly string[];
  /** Host, with `*.` restored for wildcard subdomains; null when the URL has no host. */
  readonly hostPattern: string | null;
  /** Explicit non-default port; null means unrestricted. */
  readonly port: number | null;
  /** Path glob; null when the path is empty or `/` (unrestricted). */
  readonly pathPattern: string | null;
}

const HOST_PLACEHOLDER = '__tenuo_host_wildcard__';
const PATH_PLACEHOLDER = '__tenuo_path_wildcard__';

function invalidUrl(reason: string): never {
  throw new TenuoError(ErrorCode.ConstraintViolation, `invalid URL: ${reason}`);
}

/**
 * `UrlPattern::new`. Throws ConstraintViolation (1501, the reference's
 * `InvalidUrl`) when the pattern is refused.
 */
export function parseUrlPattern(pattern: string): UrlPatternParts {
  if (pattern.includes(HOST_PLACEHOLDER) || pattern.includes(PATH_PLACEHOLDER)) invalidUrl('pattern contains a reserved internal sequence');
  let schemes: string[];
  let text: string;
  if (pattern.startsWith('*://')) {
    schemes = [];
    text = `https://${pattern.slice(4)}`;
  } else {
    const end = pattern.indexOf('://');
    if (end < 0) invalidUrl('missing scheme (expected "scheme://")');
    schemes = [pattern.slice(0, end).toLowerCase()];
    text = pattern;
  }
  // Every `*.` and `/*` is swapped for a placeholder so the URL parser accepts the text.
  const forParsing = text.split('*.').join(`${HOST_PLACEHOLDER}.`).split('/*').join(`/${PATH_PLACEHOLDER}`);
  const url = parseWhatwgUrl(forParsing);
  if (!url) invalidUrl('the pattern is not a parsable URL');
  const { host, port, path } = partsOfUrl(url);
  return {
    schemes,
    hostPattern: host === null ? null : host.split(`${HOST_PLACEHOLDER}.`).join('*.'),
    port,
    pathPattern: path === '' || path === '/' ? null : path.split(PATH_PLACEHOLDER).join('*'),
  };
}

/** A parsed UrlPattern: its parts plus what matching needs of them. */
export interface UrlMatcher {
  readonly parts: UrlPatternParts;
  /** The host pattern ASCII lower-cased, for the exact-host comparison (which ignores ASCII case). */
  readonly hostPatternLower: string | null;
  /** Whether the path pattern is a glob; the reference compares literally when its glob compiler refuses it. */
  readonly pathIsGlob: boolean;
}

/** @internal Parses a pattern once, for the constraint to keep (throws like parseUrlPattern). */
export function compileUrlPattern(pattern: string): UrlMatcher {
  const parts = parseUrlPattern(pattern);
  return {
    parts,
    hostPatternLower: parts.hostPattern === null ? null : asciiLower(parts.hostPattern),
    pathIsGlob: parts.pathPattern !== null && isValidGlob(parts.pathPattern),
  };
}

function partsOf(c: UrlPattern): UrlPatternParts {
  return c.matcher.parts;
}

const ASCII_UPPER = /[A-Z]/;

function asciiLower(text: string): string {
  return ASCII_UPPER.test(text) ? text.replace(/[A-Z]/g, (ch) => String.fromCharCode(ch.charCodeAt(0) + 32)) : text;
}

function hostMatches(pattern: string, patternLower: string, host: string): boolean {
  if (pattern === '*') return true;
  if (pattern.startsWith('*.')) {
    const suffix = pattern.slice(2);
    return host === suffix || host.endsWith(`.${suffix}`);
  }
  // Hosts usually arrive lower-cased already (the parser lower-cases special schemes' hosts).
  if (host === patternLower) return true;
  return host.length === patternLower.length && patternLower === asciiLower(host);
}

function pathMatches(pattern: string, isGlob: boolean, path: string): boolean {
  if (pattern === '*' || pattern === '/*') return true;
  return isGlob ? globMatch(pattern, path) : pattern === path;
}

function implicitPort(url: UrlParts): number {
  if (url.port !== null) return url.port;
  return url.scheme === 'https' ? 443 : url.scheme === 'http' ? 80 : 0;
}

/** `UrlPattern::matches_url`: throws 1501 when `text` is not a parsable URL. */
export function matchesUrl(c: UrlPattern, text: string): boolean {
  const matcher = c.matcher;
  const parts = matcher.parts;
  const url = parseUrlParts(text);
  if (!url) invalidUrl('the value is not a parsable URL');
  if (parts.schemes.length > 0 && !parts.schemes.includes(url.scheme)) return false;
  if (parts.hostPattern !== null && !hostMatches(parts.hostPattern, matcher.hostPatternLower as string, url.host ?? '')) return false;
  if (parts.port !== null && implicitPort(url) !== parts.port) return false;
  if (parts.pathPattern !== null && !pathMatches(parts.pathPattern, matcher.pathIsGlob, url.path)) return false;
  return true;
}

export function matchesUrlPattern(c: UrlPattern, value: ConstraintValue): boolean {
  return typeof value === 'string' && matchesUrl(c, value);
}

function hostSubset(parent: string, child: string): boolean {
  if (parent === '*') return true;
  if (parent.startsWith('*.')) {
    const suffix = parent.slice(2);
    if (child === suffix || child.endsWith(`.${suffix}`)) return true;
    if (child.startsWith('*.')) {
      const childSuffix = child.slice(2);
      return childSuffix === suffix || childSuffix.endsWith(`.${suffix}`);
    }
    return false;
  }
  return asciiLower(parent) === asciiLower(child);
}

/**
 * Path narrowing. Two of the reference's acceptances are closed here because
 * the child would match paths the parent does not (see the README's
 * differences): a child "under" a parent path that does not end in `*`
 * (`/api` → `/api/*`, `/a?` → `/a?/x`), and any non-identical child of a
 * parent path that is not a valid glob (the parent then matches literally).
 */
function pathSubset(parent: string, child: string): boolean {
  if (parent === child) return true;
  if (!isValidGlob(parent)) return false;
  if (parent === '*' || parent === '/*') return true;
  if (parent.endsWith('/*')) {
    const prefix = parent.slice(0, -1);
    if (child.startsWith(prefix)) return true;
    return child.endsWith('/*') && child.slice(0, -1).startsWith(prefix);
  }
  return parent.endsWith('*') && child.startsWith(parent) && child.slice(parent.length).startsWith('/');
}

function expanded(what: string, parent: string, child: string): never {
  throw new TenuoError(ErrorCode.CapabilityExpansion, `UrlPattern ${what} widened: ${child} is not within ${parent}`);
}

function checkPatternChild(p: UrlPatternParts, c: UrlPatternParts): void {
  if (p.schemes.length > 0) {
    if (c.schemes.length === 0) expanded('scheme', p.schemes.join(','), '*');
    for (const scheme of c.schemes) if (!p.schemes.includes(scheme)) expanded('scheme', p.schemes.join(','), scheme);
  }
  if (p.hostPattern !== null) {
    if (c.hostPattern === null) expanded('host', p.hostPattern, '*');
    if (!hostSubset(p.hostPattern, c.hostPattern)) expanded('host', p.hostPattern, c.hostPattern);
  }
  if (p.port !== null && c.port !== p.port) expanded('port', String(p.port), c.port === null ? 'any port' : String(c.port));
  if (p.pathPattern !== null) {
    if (c.pathPattern === null) expanded('path', p.pathPattern, '*');
    if (!pathSubset(p.pathPattern, c.pathPattern)) expanded('path', p.pathPattern, c.pathPattern);
  }
}

export function checkUrlPatternAttenuation(parent: UrlPattern, child: Constraint): void {
  if (child instanceof UrlPattern) return checkPatternChild(partsOf(parent), partsOf(child));
  if (child instanceof Exact) {
    if (typeof child.value !== 'string') throw new TenuoError(ErrorCode.InvalidAttenuation, 'cannot attenuate UrlPattern to a non-string Exact');
    if (!matchesUrl(parent, child.value)) throw new TenuoError(ErrorCode.ConstraintViolation, `Exact URL does not match the pattern ${parent.pattern}`);
    return;
  }
  if (child instanceof Wildcard) throw new TenuoError(ErrorCode.CapabilityExpansion, 'UrlPattern cannot be widened to Wildcard');
  throw new TenuoError(ErrorCode.InvalidAttenuation, `cannot attenuate UrlPattern to ${child.typeName}`);
}
