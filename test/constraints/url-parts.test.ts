/**
 * The plain-URL scanner (src/constraints/url-parts.ts) must give exactly the
 * parts the WHATWG parser gives, for every text it accepts, and hand
 * everything else to the WHATWG parser.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parsePlainHttpUrl, parseUrlParts, partsOfUrl } from '../../src/constraints/url-parts.js';

function whatwgParts(text: string) {
  try {
    return partsOfUrl(new URL(text));
  } catch {
    return undefined;
  }
}

describe('parsePlainHttpUrl', () => {
  const plain: [string, { scheme: string; host: string; port: number | null; path: string }][] = [
    ['https://api.example.com/v1/users', { scheme: 'https', host: 'api.example.com', port: null, path: '/v1/users' }],
    ['http://a.com', { scheme: 'http', host: 'a.com', port: null, path: '/' }],
    ['http://a.com?x', { scheme: 'http', host: 'a.com', port: null, path: '/' }],
    ['https://A.Example.COM:8443/x?q=1#f', { scheme: 'https', host: 'a.example.com', port: 8443, path: '/x' }],
    ['https://a.com:443/x', { scheme: 'https', host: 'a.com', port: null, path: '/x' }],
    ['http://a.com:0080/', { scheme: 'http', host: 'a.com', port: null, path: '/' }],
    ['http://a.com:443/', { scheme: 'http', host: 'a.com', port: 443, path: '/' }],
    ['https://a.com:0/', { scheme: 'https', host: 'a.com', port: 0, path: '/' }],
    ['https://a-b.c0m//x/.a/y..z', { scheme: 'https', host: 'a-b.c0m', port: null, path: '//x/.a/y..z' }],
  ];
  for (const [text, expected] of plain) {
    it(`scans ${text}`, () => {
      expect(parsePlainHttpUrl(text)).toEqual(expected);
      expect(whatwgParts(text)).toEqual(expected);
    });
  }

  // Everything here needs (or fails in) the full parser.
  const deferred = [
    'HTTPS://a.com/', 'https:a.com', 'https:/a.com', 'https:///a.com', 'https://user@a.com/', 'https://[::1]/',
    'https://10.0.0.1/', 'https://a.0x10/', 'https://a.1/', 'https://a.com./', 'https://a..com/', 'https://.a.com/',
    'https://-a.com/', 'https://a-.com/', 'https://xn--nxasmq6b.com/', 'https://XN--abc.com/', 'https://ab--c.com/',
    'https://a.com:/', 'https://a.com:65536/', 'https://a.com:123456/', 'https://a.com:8x/', 'https://a.com\\x',
    'https://a.com/%2e%2e/x', 'https://a.com/a/../b', 'https://a.com/./b', 'https://a.com/a/..', 'https://a.com/a b',
    'https://a.com/a\tb', 'https://a.com/ä', 'https://a.com/{x}', 'https://a.com/x?a b', 'https://a.com/x#\n',
    'https://a_b.com/', 'https://a.com/x|y', 'https://a.com/x^y', 'https://a.com/x`y', 'ftp://a.com/', 'https://',
  ];
  for (const text of deferred) {
    it(`defers ${JSON.stringify(text)}`, () => {
      expect(parsePlainHttpUrl(text)).toBeUndefined();
      expect(parseUrlParts(text)).toEqual(whatwgParts(text));
    });
  }

  it('agrees with the WHATWG parser on random URL-like text (20,000 runs)', () => {
    const piece = fc.constantFrom(
      'a', 'B', 'z', '0', '9', '-', '.', '..', '/', '//', ':', '?', '#', '%', '%2e', '@', '\\', ' ', '\t', '_', '~', '*', 'xn--',
      'ä', '[', ']', '|', '^', '{', '"', "'", '!', '$', '&', '(', '+', ',', ';', '=', '80', '443', '65535', '65536', 'com',
    );
    const text = fc.tuple(fc.constantFrom('https://', 'http://'), fc.array(piece, { maxLength: 24 })).map(([s, parts]) => s + parts.join(''));
    fc.assert(
      fc.property(text, (t) => {
        const plain = parsePlainHttpUrl(t);
        if (plain !== undefined) expect(plain).toEqual(whatwgParts(t));
        expect(parseUrlParts(t)).toEqual(whatwgParts(t));
      }),
      { numRuns: 20_000 },
    );
  });

  it('accepts the common shapes (the fast path is actually taken)', () => {
    const label = fc.stringMatching(/^[a-z][a-z0-9]{0,8}$/);
    const segment = fc.stringMatching(/^[A-Za-z0-9_~.-]{1,10}$/).filter((s) => s !== '.' && s !== '..');
    const url = fc
      .tuple(fc.constantFrom('https://', 'http://'), fc.array(label, { minLength: 1, maxLength: 4 }), fc.array(segment, { maxLength: 5 }))
      .map(([s, labels, segments]) => `${s}${labels.join('.')}/${segments.join('/')}`);
    fc.assert(
      fc.property(url, (t) => {
        const plain = parsePlainHttpUrl(t);
        expect(plain).toBeDefined();
        expect(plain).toEqual(whatwgParts(t));
      }),
      { numRuns: 5_000 },
    );
  });
});
