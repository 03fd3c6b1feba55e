/**
 * Subpath (wire type 17) and Shlex (extension type 128): matching and
 * attenuation — reference-map §2.2, §2.4, §2.7.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { codeOf as outcome } from '../helpers.js';
import type { Constraint } from '../../src/constraints/base.js';
import { isAbsolutePath, normalizePath } from '../../src/constraints/path.js';
import { checkShlexAttenuation, matchesShlex } from '../../src/constraints/shlex.js';
import { checkSubpathAttenuation, matchesSubpath } from '../../src/constraints/subpath.js';
import { Exact, FROM_WIRE, Pattern, Shlex, Subpath, type SubpathOptions, Wildcard } from '../../src/constraints/types.js';
import { ErrorCode, TenuoError } from '../../src/errors.js';

const OK = 'ok';
const { CapabilityExpansion: WIDEN, InvalidAttenuation: INVALID, ConstraintViolation: VIOLATION } = ErrorCode;

describe('path normalisation', () => {
  const cases: [string, string][] = [
    ['/data/../etc', '/etc'],
    ['/../../x', '/x'], // `..` never climbs above the root
    ['/a/./b//c/', '/a/b/c'],
    ['/', '/'],
    ['//', '/'],
    ['/a\\b', '/a/b'], // backslash separates too
    ['C:\\Users\\..\\x', 'C:\\x'], // drive prefix kept verbatim
    ['C:/a\\b', 'C:/a/b'],
    ['C:', 'C:'],
    ['C:a', 'C:/a'],
    ['C:\\', 'C:\\'],
    ['é:a', 'é:a'], // the reference looks at the second *byte*: no drive prefix here
    ['relative/../x', 'x'],
    ['/a/b.c/.d/..e', '/a/b.c/.d/..e'], // dots inside names are not dot segments
    ['/a/b/..', '/a'],
    ['/a/.', '/a'],
    ['/a/', '/a'],
  ];
  for (const [input, expected] of cases) it(`${JSON.stringify(input)} → ${JSON.stringify(expected)}`, () => expect(normalizePath(input)).toBe(expected));

  // An independent model of the rule for rooted paths: split on both
  // separators, drop empty and `.`, let `..` pop, join under `/`.
  function modelRooted(path: string): string {
    const out: string[] = [];
    for (const part of path.slice(1).split(/[/\\]/)) {
      if (part === '' || part === '.') continue;
      if (part === '..') out.pop();
      else out.push(part);
    }
    return `/${out.join('/')}`;
  }
  it('rooted paths follow the model (10,000 random paths, already-normal ones included)', () => {
    const part = fc.constantFrom('a', 'bc', '.', '..', '.x', 'x.', '...', '', 'é', '\\', ' ');
    const path = fc.array(part, { maxLength: 8 }).map((parts) => `/${parts.join('/')}`);
    fc.assert(
      fc.property(path, (p) => {
        expect(normalizePath(p)).toBe(modelRooted(p));
      }),
      { numRuns: 10_000 },
    );
  });

  it('absolute paths: `/…` or an ASCII drive letter with a separator', () => {
    for (const p of ['/x', '/', 'C:\\x', 'c:/x', 'Z:\\']) expect(isAbsolutePath(p)).toBe(true);
    for (const p of ['C:x', 'C:', 'relative', '1:/x', 'é:/x', '\\x', '']) expect(isAbsolutePath(p)).toBe(false);
  });
});

describe('Subpath matching', () => {
  const sub = (root: string, options: SubpathOptions = {}) => new Subpath(root, options);
  const wire = (root: string, options: SubpathOptions = {}) => new Subpath(root, options, FROM_WIRE);

  it('containment after normalisation', () => {
    const c = sub('/data');
    const table: [unknown, boolean][] = [
      ['/data/file.txt', true],
      ['/data/sub/file', true],
      ['/data', true],
      ['/data/', true],
      ['/data/./x/../y', true],
      ['/data\\x', true],
      ['/data/%2e%2e/etc', true], // no percent-decoding: `%2e%2e` is a plain name
      ['/data/../etc/passwd', false],
      ['/data/x/../../etc', false],
      ['/database', false],
      ['/etc', false],
      ['data/x', false], // relative
      ['/data/x\0', false], // NUL
      ['/data/x\0/../y', false],
      [42, false],
      [null, false],
      [['/data/x'], false],
    ];
    for (const [value, expected] of table) expect(matchesSubpath(c, value as string)).toBe(expected);
  });

  it('constructor normalises the root; a decoded root is used verbatim', () => {
    expect(sub('/data/./x/..').root).toBe('/data');
    const trailing = wire('/data/');
    expect(matchesSubpath(trailing, '/data/x')).toBe(true);
    expect(matchesSubpath(trailing, '/data')).toBe(false); // normalised `/data` ≠ root `/data/`
    const dotted = wire('/data/../etc');
    expect(matchesSubpath(dotted, '/etc/x')).toBe(false);
  });

  it('allow_equal = false needs a strict descendant', () => {
    const c = sub('/data', { allowEqual: false });
    expect(matchesSubpath(c, '/data')).toBe(false);
    expect(matchesSubpath(c, '/data/')).toBe(false);
    expect(matchesSubpath(c, '/data/x/..')).toBe(false);
    expect(matchesSubpath(c, '/data/x')).toBe(true);
  });

  it('case-insensitive matching lower-cases the path; an upper-case wire root never matches', () => {
    const c = sub('/Data', { caseSensitive: false });
    expect(c.root).toBe('/data');
    expect(matchesSubpath(c, '/DATA/File.txt')).toBe(true);
    expect(matchesSubpath(c, '/DaTa')).toBe(true);
    expect(matchesSubpath(sub('/Data'), '/data/x')).toBe(false);
    const upper = wire('/Data', { caseSensitive: false });
    expect(matchesSubpath(upper, '/Data/x')).toBe(false);
    expect(matchesSubpath(upper, '/data/x')).toBe(false);
  });

  it('root `/` accepts every absolute path, `/` itself even without allow_equal', () => {
    expect(matchesSubpath(sub('/'), '/')).toBe(true);
    expect(matchesSubpath(sub('/'), '/etc/passwd')).toBe(true);
    expect(matchesSubpath(sub('/', { allowEqual: false }), '/')).toBe(true);
    expect(matchesSubpath(sub('/'), 'C:\\x')).toBe(false);
  });

  it('Windows drive paths keep their prefix verbatim', () => {
    const c = sub('C:\\data');
    expect(c.root).toBe('C:\\data');
    expect(matchesSubpath(c, 'C:\\data\\x')).toBe(true);
    expect(matchesSubpath(c, 'C:\\data\\..\\x')).toBe(false);
    expect(matchesSubpath(c, 'C:/data/x')).toBe(false); // `C:/` ≠ `C:\`
    expect(matchesSubpath(sub('c:/data', { caseSensitive: false }), 'C:/DATA/x')).toBe(true);
  });

  it('a lone surrogate (no Rust string) is a 1501 error', () => {
    expect(outcome(() => matchesSubpath(sub('/data'), '/data/\udc00'))).toBe(VIOLATION);
  });
});

describe('Subpath attenuation', () => {
  const att = (parent: Subpath, child: Constraint) => outcome(() => checkSubpathAttenuation(parent, child));
  const data = new Subpath('/data');

  it('child root must be inside the parent (PathNotContained → 1501)', () => {
    expect(att(data, new Subpath('/data/reports'))).toBe(OK);
    expect(att(data, new Subpath('/data'))).toBe(OK);
    expect(att(data, new Subpath('/etc'))).toBe(VIOLATION);
    expect(att(data, new Subpath('/data/../etc'))).toBe(VIOLATION);
    expect(att(data, new Subpath('/'))).toBe(VIOLATION);
    expect(att(new Subpath('/'), new Subpath('/anything'))).toBe(OK);
  });

  it('allow_equal false: the parent root itself is outside, and the child must keep false', () => {
    const strict = new Subpath('/data', { allowEqual: false });
    expect(att(strict, new Subpath('/data', { allowEqual: false }))).toBe(VIOLATION);
    expect(att(strict, new Subpath('/data/x'))).toBe(INVALID);
    expect(att(strict, new Subpath('/data/x', { allowEqual: false }))).toBe(OK);
    expect(att(data, new Subpath('/data/x', { allowEqual: false }))).toBe(OK);
  });

  it('a case-sensitive parent needs a case-sensitive child', () => {
    expect(att(data, new Subpath('/data/x', { caseSensitive: false }))).toBe(INVALID);
    const loose = new Subpath('/Data', { caseSensitive: false });
    expect(att(loose, new Subpath('/DATA/x'))).toBe(OK);
    expect(att(loose, new Subpath('/data/x', { caseSensitive: false }))).toBe(OK);
  });

  it('Subpath → Exact: contained paths only; non-strings and other types are incompatible', () => {
    expect(att(data, new Exact('/data/x'))).toBe(OK);
    expect(att(data, new Exact('/etc'))).toBe(VIOLATION);
    expect(att(data, new Exact('/data/../etc'))).toBe(VIOLATION);
    expect(att(data, new Exact(42))).toBe(INVALID);
    expect(att(data, new Pattern('/data/*'))).toBe(INVALID);
    expect(att(data, new Wildcard())).toBe(WIDEN);
  });
});

describe('Shlex matching', () => {
  const c = new Shlex(['ls', '/usr/bin/git']);
  const table: [unknown, boolean][] = [
    ['ls -la', true],
    ['ls', true],
    ['/bin/ls -la', true], // basename
    ['/usr/bin/git status', true], // full path entry
    ['git status', false],
    ['/opt/git status', false],
    ['rm -rf /', false],
    // operators, expansion, control characters
    ['ls; rm -rf /', false],
    ['ls | wc', false],
    ['ls && x', false],
    ['ls $(x)', false],
    ['ls $HOME', false],
    ['ls `x`', false],
    ['ls > f', false],
    ['ls < f', false],
    ['ls (x)', false],
    ['ls\nrm', false],
    ['ls\rrm', false],
    ['ls\x0bx', false],
    ['ls\x0cx', false],
    ['ls\x07', false],
    ['ls\x08', false],
    ['ls\x7f', false],
    ['ls\0', false],
    // no quote awareness; these characters pass
    ['ls "a b"', true],
    ["ls 'x'", true],
    ['ls *.txt', true],
    ['ls ~', true],
    ['ls !x', true],
    ['ls #c', true],
    ['ls \\x', true],
    ['ls\t-la', true],
    ['   ls', true],
    // `..` in the first token only
    ['../ls', false],
    ['/bin/../ls', false],
    ['ls ..', true],
    // emptiness and non-strings
    ['', false],
    ['   ', false],
    [42, false],
    [null, false],
    [['ls'], false],
    // Unicode White_Space (not JavaScript's \s)
    ['ls\u00a0-la', true],
    ['ls\u0085-la', true],
    ['\u3000ls', true],
    ['ls\ufeffx', false],
  ];
  for (const [value, expected] of table) it(`${JSON.stringify(value)} → ${expected}`, () => expect(matchesShlex(c, value as string)).toBe(expected));

  it('a full-path entry does not admit the bare name; a bare entry admits any directory', () => {
    expect(matchesShlex(new Shlex(['/bin/ls']), 'ls')).toBe(false);
    expect(matchesShlex(new Shlex(['ls']), '/any/where/ls')).toBe(true);
    expect(matchesShlex(new Shlex([]), 'ls')).toBe(false);
  });
});

describe('Shlex attenuation', () => {
  const parent = new Shlex(['ls', 'cat']);
  const att = (child: Constraint) => outcome(() => checkShlexAttenuation(parent, child));

  it('Shlex → Shlex: allow ⊆ (MonotonicityViolation → 1502)', () => {
    expect(att(new Shlex(['ls']))).toBe(OK);
    expect(att(new Shlex([]))).toBe(OK);
    expect(att(new Shlex(['cat', 'ls']))).toBe(OK);
    expect(att(new Shlex(['ls', 'rm']))).toBe(INVALID);
    expect(att(new Shlex(['/bin/ls']))).toBe(INVALID);
  });

  it('Shlex → Exact: the parent must accept the command', () => {
    expect(att(new Exact('ls -la'))).toBe(OK);
    expect(att(new Exact('rm'))).toBe(VIOLATION);
    expect(att(new Exact('ls; rm'))).toBe(VIOLATION);
    expect(att(new Exact(42))).toBe(INVALID);
  });

  it('other child types are incompatible; Wildcard is an expansion', () => {
    expect(att(new Pattern('ls*'))).toBe(INVALID);
    expect(att(new Wildcard())).toBe(WIDEN);
  });
});
