/**
 * UrlPattern (wire type 9) and UrlSafe (wire type 18): parsing, matching and
 * attenuation — reference-map §2.2, §2.3, §2.6 and wire-format §6 (UrlSafe
 * evaluation order, deny wins).
 */
import { describe, expect, it } from 'vitest';
import { codeOf as outcome } from '../helpers.js';
import type { Constraint } from '../../src/constraints/base.js';
import { Exact, Pattern, UrlPattern, UrlSafe, type UrlSafeOptions, Wildcard } from '../../src/constraints/types.js';
import { checkUrlPatternAttenuation, matchesUrlPattern, parseUrlPattern } from '../../src/constraints/url-pattern.js';
import { checkUrlSafeAttenuation, isUrlSafe, matchesUrlSafe } from '../../src/constraints/url-safe.js';
import { ErrorCode, TenuoError } from '../../src/errors.js';

const OK = 'ok';
const { CapabilityExpansion: WIDEN, InvalidAttenuation: INVALID, ConstraintViolation: VIOLATION } = ErrorCode;

describe('parseUrlPattern (UrlPattern::new)', () => {
  const cases: [string, ReturnType<typeof parseUrlPattern>][] = [
    ['https://api.example.com/*', { schemes: ['https'], hostPattern: 'api.example.com', port: null, pathPattern: '/*' }],
    ['*://example.com/api/*', { schemes: [], hostPattern: 'example.com', port: null, pathPattern: '/api/*' }],
    ['HTTPS://*.Example.com:8443/api/v1/*', { schemes: ['https'], hostPattern: '*.example.com', port: 8443, pathPattern: '/api/v1/*' }],
    ['https://example.com:443/x', { schemes: ['https'], hostPattern: 'example.com', port: null, pathPattern: '/x' }],
    ['https://example.com/', { schemes: ['https'], hostPattern: 'example.com', port: null, pathPattern: null }],
    ['https://example.com', { schemes: ['https'], hostPattern: 'example.com', port: null, pathPattern: null }],
    ['https://a.com/x?q=1#f', { schemes: ['https'], hostPattern: 'a.com', port: null, pathPattern: '/x' }],
    ['http://[::1]:8080/x', { schemes: ['http'], hostPattern: '[::1]', port: 8080, pathPattern: '/x' }],
    ['file:///etc/*', { schemes: ['file'], hostPattern: null, port: null, pathPattern: '/etc/*' }],
    ['foo://Host/x', { schemes: ['foo'], hostPattern: 'Host', port: null, pathPattern: '/x' }],
    // `//*` is rewritten too, so a bare `*` host becomes a placeholder host.
    ['https://*/x', { schemes: ['https'], hostPattern: '__tenuo_path_wildcard__', port: null, pathPattern: '/x' }],
    // `*.` inside a path stays a placeholder and only matches itself.
    ['https://a.com/files/*.txt', { schemes: ['https'], hostPattern: 'a.com', port: null, pathPattern: '/files/__tenuo_host_wildcard__.txt' }],
    ['https://a.com/a b', { schemes: ['https'], hostPattern: 'a.com', port: null, pathPattern: '/a%20b' }],
  ];
  for (const [pattern, parts] of cases) it(pattern, () => expect(parseUrlPattern(pattern)).toEqual(parts));

  it('refuses missing schemes, placeholders and unparsable URLs with 1501', () => {
    for (const bad of ['example.com/x', 'https://__tenuo_host_wildcard__.x/', 'https://a.com/__tenuo_path_wildcard__', 'http://', 'https://a b/', 'http://1.2.3.09/']) {
      expect(outcome(() => parseUrlPattern(bad))).toBe(VIOLATION);
    }
  });
});

describe('UrlPattern matching', () => {
  const m = (pattern: string, url: unknown) => matchesUrlPattern(new UrlPattern(pattern), url as string);
  const table: [string, string, boolean][] = [
    ['https://api.example.com/*', 'https://api.example.com/v1/users', true],
    ['https://api.example.com/*', 'http://api.example.com/v1/users', false],
    ['https://api.example.com/*', 'HTTPS://API.EXAMPLE.COM/v1', true],
    ['https://api.example.com/*', 'https://u:p@api.example.com/v1?x=1#frag', true],
    ['*://example.com/*', 'ftp://example.com/x', true],
    ['https://*.example.com/*', 'https://api.example.com/', true],
    ['https://*.example.com/*', 'https://example.com/x', true],
    ['https://*.example.com/*', 'https://a.b.example.com/x', true],
    ['https://*.example.com/*', 'https://badexample.com/x', false],
    ['https://*.example.com/*', 'https://example.com.evil.com/x', false],
    ['foo://Host/x', 'foo://hOST/x', true],
    ['https://*/x', 'https://a.com/x', false],
    ['https://u@*/x', 'https://any.host/x', true], // a literal `*` host (reachable via userinfo) matches every host
    ['https://a.com:8443/*', 'https://a.com:8443/x', true],
    ['https://a.com:8443/*', 'https://a.com/x', false],
    ['http://a.com:80/x', 'http://a.com:8080/x', true], // default port = unrestricted
    ['*://a.com:80/x', 'http://a.com/x', true], // implicit 80 for http
    ['*://a.com:80/x', 'https://a.com:80/x', true],
    ['*://a.com:80/x', 'ws://a.com/x', false], // other schemes count as port 0
    ['https://a.com/api/*', 'https://a.com/api/v1/users', true], // `*` crosses `/`
    ['https://a.com/api/*', 'https://a.com/apix', false],
    ['https://a.com/api/*', 'https://a.com/api/../admin', false], // dot segments resolved by the parser
    ['https://a.com/api/v?', 'https://a.com/api/v1', false], // `?` starts the query: the path is `/api/v`
    ['https://a.com/api/v?', 'https://a.com/api/v?x=1', true],
    ['https://a.com/api/v[0-9]', 'https://a.com/api/v1', true],
    ['https://a.com/api/v[0-9]', 'https://a.com/api/vx', false],
    ['https://a.com/', 'https://a.com/anything/at/all', true],
    ['https://a.com/*', 'https://a.com/', true],
    ['https://a.com/files/*.txt', 'https://a.com/files/x.txt', false],
    ['https://a.com/a b', 'https://a.com/a%20b', true],
    ['https://a.com/x[', 'https://a.com/x[', true], // invalid glob → literal comparison
    ['https://a.com/x[', 'https://a.com/xa', false],
    ['https://a.com/a/***', 'https://a.com/a/***', true],
    ['https://a.com/a/***', 'https://a.com/a/b', false],
    ['http://127.0.0.1/*', 'http://2130706433/x', true], // both sides canonicalised
  ];
  for (const [pattern, url, expected] of table) it(`${pattern} ${expected ? '⊇' : '∌'} ${url}`, () => expect(m(pattern, url)).toBe(expected));

  it('non-string values are false; unparsable URLs are a 1501 error without the value', () => {
    for (const v of [1, null, ['https://api.example.com/'], true]) expect(m('https://api.example.com/*', v)).toBe(false);
    const e = (() => {
      try {
        m('https://api.example.com/*', 'not a url secret-token');
      } catch (err) {
        return err as TenuoError;
      }
      throw new Error('expected an error');
    })();
    expect(e.code).toBe(VIOLATION);
    expect(e.message).not.toContain('secret-token');
    expect(outcome(() => m('https://a.com/*', 'https://a.com/\ud800'))).toBe(VIOLATION);
  });
});

describe('UrlPattern attenuation', () => {
  const att = (parent: string, child: Constraint | string) =>
    outcome(() => checkUrlPatternAttenuation(new UrlPattern(parent), typeof child === 'string' ? new UrlPattern(child) : child));
  const table: [string, string, number | 'ok'][] = [
    ['*://a.com/*', 'https://a.com/*', OK],
    ['https://a.com/*', '*://a.com/*', WIDEN],
    ['https://a.com/*', 'http://a.com/*', WIDEN],
    ['https://*.example.com/*', 'https://api.example.com/*', OK],
    ['https://*.example.com/*', 'https://example.com/*', OK],
    ['https://*.example.com/*', 'https://*.api.example.com/*', OK],
    ['https://*.example.com/*', 'https://*.example.com/*', OK],
    ['https://*.example.com/*', 'https://evil.com/*', WIDEN],
    ['https://*.example.com/*', 'https://*.com/*', WIDEN],
    ['https://api.example.com/*', 'https://API.example.com/*', OK],
    ['https://api.example.com/*', 'https://other.example.com/*', WIDEN],
    ['*://a.com/', 'file:///x', WIDEN], // child without a host
    ['https://a.com:8443/*', 'https://a.com:8443/x/*', OK],
    ['https://a.com:8443/*', 'https://a.com/*', WIDEN],
    ['https://a.com:8443/*', 'https://a.com:9443/*', WIDEN],
    ['https://a.com/*', 'https://a.com:9443/*', OK],
    ['https://a.com/api/*', 'https://a.com/api/v1/*', OK],
    ['https://a.com/api/*', 'https://a.com/api/v1', OK],
    ['https://a.com/api/*', 'https://a.com/api', WIDEN],
    ['https://a.com/api/*', 'https://a.com/other/*', WIDEN],
    ['https://a.com/api/*', 'https://a.com/', WIDEN], // child without a path
    ['https://a.com/*', 'https://a.com/', WIDEN], // even under `/*`
    ['https://a.com/*', 'https://a.com/x', OK],
    ['https://a.com/', 'https://a.com/x', OK],
    ['https://a.com/api', 'https://a.com/api', OK],
    // The reference accepts a child "under" a parent path without `*`; tenuo-ts closes it (README differences).
    ['https://a.com/api', 'https://a.com/api/*', WIDEN],
    ['https://a.com/api', 'https://a.com/api/v1', WIDEN],
    ['https://a.com/v1*', 'https://a.com/v1*/x', OK],
    ['https://a.com/api', 'https://a.com/apix', WIDEN],
  ];
  for (const [parent, child, expected] of table) it(`${parent} → ${child}: ${expected}`, () => expect(att(parent, child)).toBe(expected));

  it('UrlPattern → Exact uses matches_url; other types are incompatible', () => {
    expect(att('https://api.example.com/*', new Exact('https://api.example.com/v1'))).toBe(OK);
    expect(att('https://api.example.com/*', new Exact('http://api.example.com/v1'))).toBe(VIOLATION);
    expect(att('https://api.example.com/*', new Exact('garbage'))).toBe(VIOLATION);
    expect(att('https://api.example.com/*', new Exact(42))).toBe(INVALID);
    expect(att('https://api.example.com/*', new Pattern('https://api.example.com/*'))).toBe(INVALID);
    expect(att('https://api.example.com/*', new UrlSafe())).toBe(INVALID);
    expect(att('https://api.example.com/*', new Wildcard())).toBe(WIDEN);
  });
});

describe('UrlSafe matching', () => {
  const safe = (url: string, options: UrlSafeOptions = {}) => isUrlSafe(new UrlSafe(options), url);
  const blockedByDefault = [
    'https://example.com/\0', 'not a url', '', 'ftp://example.com/', 'http://1.2.3.09/',
    // loopback, incl. spellings the URL parser canonicalises
    'http://127.0.0.1/', 'http://127.1/', 'http://0x7f.1/', 'http://2130706433/', 'http://0177.0.0.1/', 'http://017700000001/',
    'http://[::1]/', 'http://[::ffff:127.0.0.1]/', 'http://[::127.0.0.1]/', 'http://[0:0:0:0:0:ffff:7f00:1]/', 'http://127.0.0.%31/',
    'http://localhost/', 'http://LOCALHOST:8080/', 'http://ｌｏｃａｌｈｏｓｔ/', 'http://localhost.localdomain/',
    'http://example.com@127.0.0.1/', 'http://127.0.0.1#@example.com/',
    // private
    'http://10.0.0.1/', 'http://172.16.0.1/', 'http://172.31.255.255/', 'http://192.168.1.1/', 'http://[::ffff:10.0.0.1]/',
    'http://[fc00::1]/', 'http://[fd12::1]/', 'http://[fe80::1]/', 'http://[febf::1]/',
    // reserved
    'http://0.0.0.0/', 'http://0/', 'http://224.0.0.1/', 'http://239.255.255.255/', 'http://255.255.255.255/', 'http://[::ffff:0:0]/',
    // metadata
    'http://169.254.169.254/latest', 'http://169.254.1.1/', 'http://metadata.google.internal/', 'http://METADATA.GOOG/', 'http://100.100.100.200/',
    'http://[::ffff:169.254.169.254]/',
  ];
  for (const url of blockedByDefault) it(`blocks ${JSON.stringify(url)}`, () => expect(safe(url)).toBe(false));

  const allowedByDefault = [
    'https://api.github.com/repos', 'HTTP://Example.COM/x', 'http://172.32.0.1/', 'http://[fec0::1]/', 'http://240.0.0.1/',
    'http://[::]/', 'http://[ff02::1]/', 'http://100.64.0.1/', 'http://[64:ff9b::a00:1]/', 'http://8.8.8.8:8080/',
    'http://localhost./', // trailing dot is not the `localhost` name
    'http://svc.cluster.local/', 'http://kubernetes.default/', // internal TLDs are off by default
  ];
  for (const url of allowedByDefault) it(`allows ${JSON.stringify(url)}`, () => expect(safe(url)).toBe(true));

  it('each block_* flag can be turned off', () => {
    expect(safe('http://127.0.0.1/', { blockLoopback: false })).toBe(true);
    expect(safe('http://localhost/', { blockLoopback: false })).toBe(true);
    expect(safe('http://[::1]/', { blockLoopback: false })).toBe(true);
    expect(safe('http://10.0.0.1/', { blockPrivate: false })).toBe(true);
    expect(safe('http://[fe80::1]/', { blockPrivate: false })).toBe(true);
    expect(safe('http://169.254.169.254/', { blockMetadata: false })).toBe(true);
    expect(safe('http://metadata.google.internal/', { blockMetadata: false })).toBe(true);
    expect(safe('http://0.0.0.0/', { blockReserved: false })).toBe(true);
    expect(safe('http://224.0.0.1/', { blockReserved: false })).toBe(true);
  });

  it('block_internal_tlds', () => {
    const o = { blockInternalTlds: true };
    for (const url of ['http://svc.cluster.local/', 'http://kubernetes.default/', 'http://a.internal/', 'http://local/', 'http://x.LAN/', 'http://a.corp/', 'http://a.home/', 'http://a.svc/', 'http://a.localhost/']) {
      expect(safe(url, o)).toBe(false);
    }
    expect(safe('http://mylocal/', o)).toBe(true);
    expect(safe('http://local.example.com/', o)).toBe(true);
  });

  it('schemes (case-insensitive) and host requirement', () => {
    expect(safe('https://a.com/', { schemes: ['HTTPS'] })).toBe(true);
    expect(safe('http://a.com/', { schemes: ['https'] })).toBe(false);
    expect(safe('file:///etc/passwd', { schemes: ['file'] })).toBe(false);
    expect(safe('foo:///x', { schemes: ['foo'] })).toBe(false);
  });

  it('allow_ports against explicit or known default ports', () => {
    const o = { allowPorts: [443] };
    expect(safe('https://a.com/', o)).toBe(true);
    expect(safe('https://a.com:443/', o)).toBe(true);
    expect(safe('http://a.com/', o)).toBe(false);
    expect(safe('https://a.com:8443/', o)).toBe(false);
    expect(safe('foo://a.com/', { ...o, schemes: ['foo'] })).toBe(true); // no known default → not checked
    expect(safe('foo://a.com:80/', { ...o, schemes: ['foo'] })).toBe(false);
    expect(safe('ws://a.com/', { allowPorts: [80], schemes: ['ws'] })).toBe(true);
  });

  it('allow_domains: exact or `*.x` (incl. the apex); not applied to IP hosts', () => {
    const o = { allowDomains: ['api.github.com', '*.googleapis.com'] };
    expect(safe('https://api.github.com/', o)).toBe(true);
    expect(safe('https://API.GITHUB.COM/', o)).toBe(true);
    expect(safe('https://github.com/', o)).toBe(false);
    expect(safe('https://storage.googleapis.com/', o)).toBe(true);
    expect(safe('https://googleapis.com/', o)).toBe(true);
    expect(safe('https://evilgoogleapis.com/', o)).toBe(false);
    expect(safe('https://8.8.8.8/', o)).toBe(true);
    expect(safe('https://[2001:4860::8888]/', o)).toBe(true);
    expect(safe('https://10.0.0.1/', o)).toBe(false); // still subject to block_*
  });

  it('deny_domains runs last for names and IPs, and wins over allow_domains', () => {
    const o = { denyDomains: ['*.evil.com', '8.8.8.8', '[2001:db8::1]'] };
    expect(safe('https://x.evil.com/', o)).toBe(false);
    expect(safe('https://evil.com/', o)).toBe(false);
    expect(safe('https://notevil.com/', o)).toBe(true);
    expect(safe('https://8.8.8.8/', o)).toBe(false);
    expect(safe('https://134744072/', o)).toBe(false); // 8.8.8.8 spelled as one number
    expect(safe('http://[2001:db8::1]/', o)).toBe(false);
    const both = { allowDomains: ['*.example.com'], denyDomains: ['BAD.example.com'] };
    expect(safe('https://bad.example.com/', both)).toBe(false);
    expect(safe('https://good.example.com/', both)).toBe(true);
    expect(safe('http://2130706433/', { blockLoopback: false, denyDomains: ['127.0.0.1'] })).toBe(false);
  });

  it('hosts of non-special schemes: lenient IP readings, ambiguous leading zeros, percent-decoding', () => {
    const foo = (host: string, extra: UrlSafeOptions = {}) => safe(`foo://${host}/`, { schemes: ['foo'], ...extra });
    expect(foo('example.com')).toBe(true);
    expect(foo('2130706433')).toBe(false);
    expect(foo('0x7f000001')).toBe(false);
    expect(foo('0X7F000001')).toBe(false);
    expect(foo('0x+7f000001')).toBe(false); // Rust's radix parser takes a leading `+`
    expect(foo('4294967296')).toBe(true); // beyond u32: a name
    expect(foo('010.0.0.1')).toBe(false); // octal 8.0.0.1 vs decimal 10.0.0.1
    expect(foo('0177.0.0.1')).toBe(false);
    expect(foo('08.0.0.1')).toBe(false);
    expect(foo('1.02.3.4')).toBe(false);
    expect(foo('00.0.0.1')).toBe(false); // readings agree → 0.0.0.1, reserved
    expect(foo('00.0.0.1', { blockReserved: false })).toBe(true);
    expect(foo('127.0.0.%31')).toBe(false);
    expect(foo('local%68ost')).toBe(false);
    expect(foo('a%+5b')).toBe(true);
    expect(foo('[::1]')).toBe(false);
    expect(foo('%31%30.0.0.1')).toBe(false); // decodes to 10.0.0.1
  });

  it('matchesUrlSafe: non-strings are false, never an error', () => {
    const c = new UrlSafe();
    expect(matchesUrlSafe(c, 'https://example.com/')).toBe(true);
    for (const v of [1, null, ['https://example.com/'], false]) expect(matchesUrlSafe(c, v)).toBe(false);
    expect(matchesUrlSafe(c, 'https://example.com/\ud800')).toBe(false);
  });
});

describe('UrlSafe attenuation', () => {
  const att = (parent: UrlSafeOptions, child: UrlSafeOptions | Constraint) =>
    outcome(() => checkUrlSafeAttenuation(new UrlSafe(parent), child instanceof Object && 'typeId' in child ? (child as Constraint) : new UrlSafe(child as UrlSafeOptions)));

  it('schemes ⊆ (case-insensitive)', () => {
    expect(att({}, { schemes: ['https'] })).toBe(OK);
    expect(att({}, { schemes: ['HTTPS'] })).toBe(OK);
    expect(att({}, { schemes: [] })).toBe(OK);
    expect(att({}, { schemes: ['https', 'ftp'] })).toBe(INVALID);
  });

  it('no block flag may go from true to false (block_internal_tlds included)', () => {
    for (const flag of ['blockPrivate', 'blockLoopback', 'blockMetadata', 'blockReserved'] as const) {
      expect(att({}, { [flag]: false })).toBe(INVALID);
      expect(att({ [flag]: false }, {})).toBe(OK);
      expect(att({ [flag]: false }, { [flag]: false })).toBe(OK);
    }
    expect(att({ blockInternalTlds: true }, {})).toBe(INVALID);
    expect(att({ blockInternalTlds: true }, { blockInternalTlds: true })).toBe(OK);
    expect(att({}, { blockInternalTlds: true })).toBe(OK);
  });

  it('allow_ports: a restricted parent needs a child list ⊆', () => {
    expect(att({ allowPorts: [443, 8443] }, {})).toBe(INVALID);
    expect(att({ allowPorts: [443, 8443] }, { allowPorts: [443] })).toBe(OK);
    expect(att({ allowPorts: [443, 8443] }, { allowPorts: [] })).toBe(OK);
    expect(att({ allowPorts: [443, 8443] }, { allowPorts: [80] })).toBe(INVALID);
    expect(att({}, { allowPorts: [80] })).toBe(OK);
  });

  it('allow_domains: child entries equal to a parent entry or under a parent `*.x` (apex refused)', () => {
    const p = { allowDomains: ['*.example.com', 'api.other.com'] };
    expect(att(p, {})).toBe(INVALID);
    expect(att(p, { allowDomains: ['a.example.com'] })).toBe(OK);
    expect(att(p, { allowDomains: ['*.a.example.com', 'API.OTHER.COM'] })).toBe(OK);
    expect(att(p, { allowDomains: ['*.example.com'] })).toBe(OK);
    expect(att(p, { allowDomains: ['example.com'] })).toBe(INVALID);
    expect(att(p, { allowDomains: ['other.com'] })).toBe(INVALID);
    expect(att({}, { allowDomains: ['anything.com'] })).toBe(OK);
  });

  it('deny_domains: child ⊇ parent (case-insensitive)', () => {
    expect(att({ denyDomains: ['evil.com'] }, {})).toBe(INVALID);
    expect(att({ denyDomains: ['evil.com'] }, { denyDomains: ['EVIL.com', 'more.com'] })).toBe(OK);
    expect(att({ denyDomains: ['evil.com'] }, { denyDomains: ['more.com'] })).toBe(INVALID);
    expect(att({}, { denyDomains: ['x.com'] })).toBe(OK);
  });

  it('UrlSafe → Exact uses is_safe; other child types are incompatible', () => {
    expect(att({}, new Exact('https://api.github.com/'))).toBe(OK);
    expect(att({}, new Exact('http://127.0.0.1/'))).toBe(VIOLATION);
    expect(att({}, new Exact('not a url'))).toBe(VIOLATION);
    expect(att({}, new Exact(42))).toBe(INVALID);
    expect(att({}, new UrlPattern('https://a.com/*'))).toBe(INVALID);
    expect(att({}, new Wildcard())).toBe(WIDEN);
  });
});
