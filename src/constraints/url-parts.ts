/**
 * The four parts of a URL that UrlPattern and UrlSafe look at, with the
 * meaning of the reference's `url` crate (WHATWG URL Standard):
 * lower-case scheme, host (`host_str()`, null when absent or empty), explicit
 * non-default port (`port()`), and path (`path()`).
 *
 * `parseUrlParts` answers from a short single-pass scanner when the text is a
 * plain `http://` or `https://` URL whose parse cannot involve any of the
 * standard's rewriting steps, and from the runtime's WHATWG `URL` otherwise.
 * The scanner only accepts text for which both give the same parts (tested
 * differentially in test/constraints/url-parts.test.ts); everything unusual —
 * upper-case schemes, credentials, IP literals, trailing or empty labels,
 * punycode, percent signs, backslashes, dot segments, whitespace, non-ASCII —
 * falls through to `URL`. Parsing with `URL` and reading its accessors costs
 * about twice what the scanner does, on the policy path of every call.
 */

import { isWellFormedText } from '../util/text.js';

export interface UrlParts {
  /** Scheme without `:`, lower-case. */
  readonly scheme: string;
  /** `host_str()`: null when the URL has no (or an empty) host. */
  readonly host: string | null;
  /** `port()`: the explicit port, null when absent or the scheme's default. */
  readonly port: number | null;
  /** `path()`. */
  readonly path: string;
}

/** WHATWG parse; undefined on failure or lone surrogates. */
export function parseWhatwgUrl(text: string): URL | undefined {
  if (!isWellFormedText(text)) return undefined;
  try {
    return new URL(text);
  } catch {
    return undefined;
  }
}

/** The parts of a parsed WHATWG URL. */
export function partsOfUrl(url: URL): UrlParts {
  return {
    scheme: url.protocol.slice(0, -1),
    host: url.hostname === '' ? null : url.hostname,
    port: url.port === '' ? null : Number(url.port),
    path: url.pathname,
  };
}

/** The parts of `text`, or undefined when it is not a parsable URL. */
export function parseUrlParts(text: string): UrlParts | undefined {
  const plain = parsePlainHttpUrl(text);
  if (plain !== undefined) return plain;
  const url = parseWhatwgUrl(text);
  return url === undefined ? undefined : partsOfUrl(url);
}

const CH_SLASH = 0x2f;
const CH_DOT = 0x2e;
const CH_COLON = 0x3a;
const CH_HYPHEN = 0x2d;
const CH_QUESTION = 0x3f;
const CH_HASH = 0x23;
const HTTP_DEFAULT_PORT = 80;
const HTTPS_DEFAULT_PORT = 443;
const MAX_PORT = 65535;
const MAX_PORT_DIGITS = 5;

/**
 * Path characters the standard copies verbatim (RFC 3986 unreserved and
 * sub-delims, `:`, `@`, `/`); `%` is left out because `%2e` segments are dot
 * segments, and everything else may be percent-encoded by the parser.
 */
const VERBATIM_PATH = (() => {
  const table = new Uint8Array(128);
  for (const ch of "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~!$&'()*+,;=:@/") table[ch.charCodeAt(0)] = 1;
  return table;
})();

const enum HostChar {
  Other = 0,
  LowerOrDigit,
  Upper,
  Hyphen,
  Dot,
}

const HOST_CHARS = (() => {
  const table = new Uint8Array(128);
  for (let c = 0x30; c <= 0x39; c++) table[c] = HostChar.LowerOrDigit;
  for (let c = 0x61; c <= 0x7a; c++) table[c] = HostChar.LowerOrDigit;
  for (let c = 0x41; c <= 0x5a; c++) table[c] = HostChar.Upper;
  table[CH_HYPHEN] = HostChar.Hyphen;
  table[CH_DOT] = HostChar.Dot;
  return table;
})();

function isLetter(c: number): boolean {
  return (c | 0x20) >= 0x61 && (c | 0x20) <= 0x7a;
}

/**
 * End of a plain host starting at `start`: letters, digits and inner hyphens
 * in non-empty dot-separated labels, the last label starting with a letter
 * (so the standard's "ends in a number" IPv4 rule cannot apply), no label
 * with `--` as its third and fourth characters (`xn--` punycode is validated
 * by IDNA). -1 when the host is not plain; -(end + 2) when it is plain but
 * has upper-case letters (the standard lower-cases them).
 */
function scanPlainHost(text: string, start: number): number {
  let labelStart = start;
  let upper = false;
  let i = start;
  for (; ; i++) {
    const c = i < text.length ? text.charCodeAt(i) : 0;
    const kind = c < 128 ? HOST_CHARS[c] : HostChar.Other;
    if (kind === HostChar.LowerOrDigit) continue;
    if (kind === HostChar.Upper) {
      upper = true;
      continue;
    }
    if (kind === HostChar.Hyphen) {
      if (i === labelStart) return -1;
      continue;
    }
    // A label ends here.
    if (i === labelStart || text.charCodeAt(i - 1) === CH_HYPHEN) return -1;
    if (i - labelStart >= 4 && text.charCodeAt(labelStart + 2) === CH_HYPHEN && text.charCodeAt(labelStart + 3) === CH_HYPHEN) return -1;
    if (kind !== HostChar.Dot) break;
    labelStart = i + 1;
  }
  if (!isLetter(text.charCodeAt(labelStart))) return -1;
  return upper ? -(i + 2) : i;
}

/**
 * End of a plain path starting at its `/`: only verbatim characters and no
 * `.` or `..` segment, up to `?`, `#` or the end. -1 when it is not plain.
 */
function scanPlainPath(text: string, start: number): number {
  let segmentStart = start + 1;
  for (let i = start + 1; ; i++) {
    const c = i < text.length ? text.charCodeAt(i) : CH_HASH;
    if (c === CH_SLASH || c === CH_QUESTION || c === CH_HASH) {
      const length = i - segmentStart;
      if (length === 1 && text.charCodeAt(segmentStart) === CH_DOT) return -1;
      if (length === 2 && text.charCodeAt(segmentStart) === CH_DOT && text.charCodeAt(segmentStart + 1) === CH_DOT) return -1;
      if (c !== CH_SLASH) return i;
      segmentStart = i + 1;
    } else if (c >= 128 || VERBATIM_PATH[c] === 0) {
      return -1;
    }
  }
}

/**
 * The parts of a plain `http(s)://host[:port][/path][?query][#fragment]`
 * URL, or undefined when the text needs the full parser.
 */
export function parsePlainHttpUrl(text: string): UrlParts | undefined {
  let scheme: string;
  let defaultPort: number;
  let at: number;
  if (text.startsWith('https://')) {
    scheme = 'https';
    defaultPort = HTTPS_DEFAULT_PORT;
    at = 8;
  } else if (text.startsWith('http://')) {
    scheme = 'http';
    defaultPort = HTTP_DEFAULT_PORT;
    at = 7;
  } else {
    return undefined;
  }
  const length = text.length;
  let hostEnd = scanPlainHost(text, at);
  if (hostEnd === -1) return undefined;
  const upper = hostEnd < 0;
  if (upper) hostEnd = -hostEnd - 2;
  const host = upper ? text.slice(at, hostEnd).toLowerCase() : text.slice(at, hostEnd);
  let next = hostEnd;
  let port: number | null = null;
  if (next < length && text.charCodeAt(next) === CH_COLON) {
    let explicit = 0;
    const digitsStart = ++next;
    for (; next < length; next++) {
      const digit = text.charCodeAt(next) - 0x30;
      if (digit < 0 || digit > 9) break;
      explicit = explicit * 10 + digit;
    }
    if (next === digitsStart || next - digitsStart > MAX_PORT_DIGITS || explicit > MAX_PORT) return undefined;
    if (explicit !== defaultPort) port = explicit;
  }
  let path = '/';
  if (next < length && text.charCodeAt(next) === CH_SLASH) {
    const pathEnd = scanPlainPath(text, next);
    if (pathEnd < 0) return undefined;
    path = text.slice(next, pathEnd);
    next = pathEnd;
  }
  if (next < length) {
    const c = text.charCodeAt(next);
    if (c !== CH_QUESTION && c !== CH_HASH) return undefined;
  }
  // Query and fragment: printable ASCII only. The standard strips or removes
  // controls and spaces anywhere in the input, which would move the path.
  for (let i = next; i < length; i++) {
    const c = text.charCodeAt(i);
    if (c <= 0x20 || c >= 0x7f) return undefined;
  }
  return { scheme, host, port, path };
}
