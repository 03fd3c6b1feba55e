/**
 * Glob matching of the `Pattern` constraint: glob 0.3.3's `Pattern::new` +
 * `Pattern::matches` as /work/shared/semantics/glob-regex.md §1, §2 and §4
 * describe them, run by the WASM matcher (assembly/glob/) through
 * src/constraints/glob.ts.
 *
 * Every case written in glob-regex.md §2 appears below. The expected values of
 * all tables (and the corpus in glob/cases-crate.ts) were cross-checked against the real
 * glob 0.3.3 crate.
 */
import { describe, expect, it } from 'vitest';
import { globMatch, isValidGlob } from '../../src/constraints/glob.js';
import { ErrorCode, TenuoError } from '../../src/errors.js';
import { patternChecks, tenuoErrorOf } from './pattern-helpers.js';
import { CORPUS } from './glob/cases-crate.js';

const { checkCases, checkInvalid, checkValid } = patternChecks({
  match: globMatch,
  isValid: isValidGlob,
  invalidSubjects: (pattern) => ['', pattern, 'a', '/'],
  expectInvalidMessage: (message) => expect(message).toContain('invalid glob pattern'),
});

// ---------------------------------------------------------------------------
// §2: the glob language table

describe('§2 table: ? matches one character, including / and a leading .', () => {
  checkCases([
    ['?', 'a', true],
    ['?', '/', true],
    ['?', '.', true],
    ['?', '', false],
    ['?', 'ab', false],
    ['a?c', 'a/c', true],
    ['?bc', '.bc', true],
    ['/data/?', '/data/.', true],
    ['???', 'abc', true],
    ['???', 'ab', false],
  ]);
});

describe('§2 table: * matches any run, empty included, crossing /', () => {
  checkCases([
    ['/data/*', '/data/a/b', true],
    ['/data/*', '/data/../etc/passwd', true],
    ['/data/*', '/data/', true],
    ['/data/*', '/data', false],
    ['*', '', true],
    ['*', 'anything/at/all', true],
    ['*', '.hidden', true],
    ['a*', 'a', true],
    ['*a', 'a', true],
    ['*.txt', 'dir/sub/file.txt', true],
    ['*.txt', 'file.txt.bak', false],
    ['a*b*c', 'a/x/b/y/c', true],
    ['a*b*c', 'acb', false],
    ['*/x', 'a/b/x', true],
    ['d*g', 'doog', true],
    ['c?t', 'cat', true],
    ['k[!e]tteh', 'kitteh', true],
  ]);
});

describe('§2 table: three or more stars in a row are invalid', () => {
  checkInvalid(['***', '****', '*****', 'a***', '***a', 'a/***/b', '/***', '***/']);
});

describe('§2 table: every other character is itself (no escapes, case-sensitive)', () => {
  checkCases([
    ['\\', '\\', true],
    ['a\\*', 'a\\xyz', true],
    ['a\\*', 'a*', false],
    ['\\?', '\\x', true],
    ['\\?', '?', false],
    ['\\[a]', '\\a', true],
    ['\\[a]', '[a]', false],
    [']', ']', true],
    ['a]b', 'a]b', true],
    ['!', '!', true],
    ['!a', '!a', true],
    ['{', '{', true],
    ['}', '}', true],
    [',', ',', true],
    ['|', '|', true],
    ['^', '^', true],
    ['$', '$', true],
    ['.', '.', true],
    ['.', 'a', false],
    ['(', '(', true],
    [')', ')', true],
    ['^a.c$', '^a.c$', true],
    ['^a.c$', 'abc', false],
    ['(a|b)', '(a|b)', true],
    ['(a|b)', 'a', false],
    ['ABC', 'ABC', true],
    ['ABC', 'abc', false],
    ['abc', 'ABC', false],
    ['[a-z]', 'A', false],
    ['[A-Z]', 'a', false],
  ]);
});

// ---------------------------------------------------------------------------
// §2: ** in detail

describe('§2 **: valid only as a whole path component', () => {
  checkInvalid(['a**', '**a', 'a/**b', 'a**/b', 'a/**b/c', 'x**', '**x/', 'a\\**', '\\**\\b']);
  checkValid(['**', '**/', '/**', '**/x', 'a/**', 'a/**/b', '/data/**', '**/**', 'a/**/**/b', '**/*', '*/**']);
});

describe('§2 **: the listed consequences', () => {
  checkCases([
    ['**/x', 'x', true],
    ['**/x', 'a/b/x', true],
    ['**/x', 'ax', false],
    ['a/**/b', 'a/b', true],
    ['a/**/b', 'a/x/y/b', true],
    ['a/**/b', 'a/xb', false],
    ['a/**', 'a/', true],
    ['a/**', 'a/b/c', true],
    ['a/**', 'a', false],
    ['/data/**', '/data', false],
  ]);
});

describe('§2 **: swallowed /, empty match, resumption only after a consumed /, the rest at the end', () => {
  checkCases([
    // A `/` right after `**` belongs to the token: `**/x` needs no `/` before x.
    ['**/x', '/x', true],
    ['**/x', 'x/', false],
    ['**/x', 'a/x', true],
    ['**/x', 'a/bx', false],
    // `**` can match nothing.
    ['a/**/b', 'a/b', true],
    ['**/b', 'b', true],
    ['/**/b', '/b', true],
    ['/**/b', '//b', true],
    // Otherwise the rest resumes only right after a `/` that `**` consumed.
    ['a/**/b', 'a/x/b', true],
    ['a/**/b', 'a//b', true],
    ['a/**/b', 'a/x/yb', false],
    ['a/**/b*', 'a/x/bc', true],
    ['a/**/b*', 'a/xbc', false],
    ['a/**/?', 'a/xy', false],
    ['a/**/?', 'a/x/y', true],
    ['a/**/*', 'a/xy', true],
    // At the end of the pattern `**` matches whatever is left.
    ['**', '', true],
    ['**', 'a', true],
    ['**', 'a/b/c', true],
    ['**', '/', true],
    ['/**', '/', true],
    ['/**', '/a/b', true],
    ['/**', 'a', false],
    ['/data/**', '/data/', true],
    ['/data/**', '/data/x/y', true],
    ['/data/**', '/datax', false],
    ['a/**', 'a/bc', true],
    // Consecutive `**` components behave like one.
    ['**/**', 'a', true],
    ['**/**/x', 'x', true],
    ['**/**/x', 'a/b/x', true],
    ['**/**/x', 'ax', false],
    ['a/**/**/b', 'a/b', true],
    ['a/**/**/b', 'a/x/y/b', true],
    ['a/**/**/b', 'a/xb', false],
  ]);
});

describe('§2 **: not the same as * (the protocol spec says it is)', () => {
  checkCases([
    ['*/x', 'ax', false],
    ['*x', 'ax', true],
    ['**/x', 'ax', false],
    ['a/*', 'a', false],
    ['a*', 'a', true],
    ['a/*/b', 'a/b', false],
    ['a/**/b', 'a/b', true],
  ]);
});

// ---------------------------------------------------------------------------
// §2: brackets in detail

describe('§2 brackets: plain and negated sets', () => {
  checkCases([
    ['[abc]', 'a', true],
    ['[abc]', 'c', true],
    ['[abc]', 'd', false],
    ['[abc]', '', false],
    ['[abc]', 'ab', false],
    ['[!abc]', 'd', true],
    ['[!abc]', 'a', false],
    ['[!abc]', '', false],
    ['x[ab]y', 'xby', true],
    ['[a-z][0-9]', 'q7', true],
    ['[a-z][0-9]', 'Q7', false],
    ['[!a-z]', 'A', true],
    ['[!a-z]', 'm', false],
  ]);
});

describe('§2 brackets: `[!` opens a negated set only with two more characters; `]` may be the first member', () => {
  checkCases([
    ['[!]]', 'a', true],
    ['[!]]', '/', true],
    ['[!]]', ']', false],
    ['[!]]', '', false],
    ['[!]]', 'ab', false],
    ['[!]a]', 'b', true],
    ['[!]a]', 'a', false],
    ['[!]a]', ']', false],
    ['[!!]', 'a', true],
    ['[!!]', '!', false],
    ['[]]', ']', true],
    ['[]]', 'a', false],
    ['[]a]', ']', true],
    ['[]a]', 'a', true],
    ['[]a]', 'b', false],
    ['[]-a]', '^', true], // `]-a` is the range U+005D..U+0061
    ['[]-a]', '-', false],
    ['[ab]]', 'a]', true], // the set ends at the first `]` searched; the second is literal
    ['[ab]]', 'a', false],
  ]);
  checkValid(['[!]]', '[]]', '[]a]', '[!]a]', '[!!]', '[!-]']);
});

describe('§2 brackets: an unclosed set makes the whole pattern invalid', () => {
  checkInvalid(['[', '[a', '[!', '[!]', '[]', '[!a', 'a[', 'a[b', '[ab', 'x[]y', '[!]x', 'abc[', '*[', '[*', '[]]a[', '/data/[']);
});

describe('§2 brackets: members, ranges and literal dashes', () => {
  checkCases([
    ['[a-]', '-', true],
    ['[a-]', 'a', true],
    ['[a-]', 'b', false],
    ['[-a]', '-', true],
    ['[-a]', 'a', true],
    ['[-a]', 'b', false],
    ['[a-z-9]', 'q', true],
    ['[a-z-9]', '-', true],
    ['[a-z-9]', '9', true],
    ['[a-z-9]', '5', false],
    ['[--0]', '-', true],
    ['[--0]', '.', true],
    ['[--0]', '/', true],
    ['[--0]', '0', true],
    ['[--0]', ',', false],
    ['[--0]', '1', false],
    ['[z-a]', 'z', false],
    ['[z-a]', 'a', false],
    ['[z-a]', 'm', false],
    ['[!z-a]', 'm', true],
    ['[a-a]', 'a', true],
    ['[a-cx-z]', 'b', true],
    ['[a-cx-z]', 'y', true],
    ['[a-cx-z]', 'm', false],
    ['[---]', '-', true],
    ['[-]', '-', true],
    ['[--]', '-', true],
    ['[!-]', '-', false],
    ['[!-]', 'a', true],
  ]);
  checkValid(['[z-a]', '[a-]', '[-a]', '[a-z-9]', '[--0]']);
});

describe('§2 brackets: no special syntax inside a set', () => {
  checkCases([
    ['[[]', '[', true],
    ['[[]', 'a', false],
    ['[*]', '*', true],
    ['[*]', 'a', false],
    ['[*]', '', false],
    ['[?]', '?', true],
    ['[?]', 'a', false],
    ['[\\]', '\\', true],
    ['[\\]]', '\\]', true], // `\` does not escape: the set is `\`, then a literal `]`
    ['[\\]]', ']', false],
    ['[a!]', '!', true],
    ['[a!]', 'a', true],
    ['[a!]', 'b', false],
    ['[[:alpha:]]', 'a]', true], // no POSIX classes: the set `[:alpha:`, then a literal `]`
    ['[[:alpha:]]', 'a', false],
    ['[a[b]', '[', true],
    ['[{a,b}]', ',', true],
    ['[^a]', '^', true],
    ['[^a]', 'b', false],
  ]);
});

describe('§2 brackets: sets can match / and a leading .', () => {
  checkCases([
    ['[/]', '/', true],
    ['a[/]b', 'a/b', true],
    ['[!a]', '/', true],
    ['[.]foo', '.foo', true],
    ['[!x]foo', '.foo', true],
    ['[!/]', '/', false],
  ]);
});

// ---------------------------------------------------------------------------
// §2: other details

describe('§2 other: empty pattern, braces, Unix separators', () => {
  checkCases([
    ['', '', true],
    ['', 'a', false],
    ['', '/', false],
    ['{dev,staging}-*', '{dev,staging}-x', true],
    ['{dev,staging}-*', '{dev,staging}-', true],
    ['{dev,staging}-*', 'dev-x', false],
    ['{dev,staging}-*', 'staging-x', false],
    ['{a,b}', 'a', false],
    // `\` is an ordinary character, not a separator, and not equal to `/`.
    ['a\\b', 'a\\b', true],
    ['a\\b', 'a/b', false],
    ['a/b', 'a\\b', false],
    ['a\\*', 'a\\b\\c', true],
  ]);
  checkValid(['', '{dev,staging}-*']);
});

describe('§2 the match is anchored at both ends', () => {
  checkCases([
    ['abc', 'abc', true],
    ['abc', 'xabc', false],
    ['abc', 'abcx', false],
    ['abc', 'ab', false],
    ['a*c', 'abcd', false],
    ['a?', 'a', false],
    ['prod', 'xprodx', false],
  ]);
});

describe('§2 matching works on Unicode scalar values', () => {
  const emoji = '\u{1F600}'; // one scalar, two UTF-16 units, four UTF-8 bytes
  const decomposed = 'e\u0301'; // two scalars
  checkCases([
    ['?', emoji, true],
    ['??', emoji, false],
    ['?', decomposed, false],
    ['??', decomposed, true],
    ['?', 'é', true],
    ['?', '中', true],
    ['??', '中文', true],
    ['?', '中文', false],
    [`a${emoji}?`, `a${emoji}b`, true],
    [`?${emoji}`, `x${emoji}`, true],
    [`*${emoji}`, `abc${emoji}`, true],
    [`*${emoji}*`, `x${emoji}${emoji}y`, true],
    [`${emoji}*`, `${emoji}`, true],
    ['caf?', 'café', true],
    ['caf?', `cafe\u0301`, false],
    ['caf??', `cafe\u0301`, true],
    ['café', 'café', true],
    ['café', `cafe\u0301`, false], // no normalisation
    ['**/?', `${emoji}/${emoji}`, true],
    [`**/${emoji}`, `a/${emoji}`, true],
    [`**/${emoji}`, `a${emoji}`, false],
    ['\u{10FFFF}', '\u{10FFFF}', true],
    ['?', '\u{10FFFF}', true],
    ['?', '\u0000', true],
    ['\u0000*', '\u0000abc', true],
  ]);
});

describe('non-ASCII sets', () => {
  const [grin, joy, rofl] = ['\u{1F600}', '\u{1F602}', '\u{1F923}'];
  checkCases([
    ['[α-ω]', 'λ', true],
    ['[α-ω]', 'Λ', false],
    ['[!α-ω]', 'Λ', true],
    ['[é]', 'é', true],
    ['[é]', 'e', false],
    ['[éè]', 'è', true],
    [`[${grin}-${joy}]`, '\u{1F601}', true],
    [`[${grin}-${joy}]`, rofl, false],
    [`[!${grin}]`, rofl, true],
    [`[!${grin}]`, grin, false],
    [`[]${grin}]`, grin, true],
    [`[]${grin}]`, ']', true],
    [`[!]${grin}]`, 'x', true],
    [`[a-${grin}]`, 'z', true], // U+0061..U+1F600
    [`[a-${grin}]`, '中', true],
    [`[${grin}-a]`, 'z', false], // reversed
    ['[中-中]', '中', true],
    ['[a-]', 'é', false],
  ]);
});

// ---------------------------------------------------------------------------
// §1: the text is used exactly as given; compile first, then the value

describe('§1 the pattern and the value are not trimmed, folded, normalised, decoded or canonicalised', () => {
  checkCases([
    [' a', 'a', false],
    ['a ', 'a', false],
    [' a ', ' a ', true],
    ['a', 'A', false],
    ['ß', 'SS', false],
    ['\u212A', 'K', false], // KELVIN SIGN is not K
    ['\u00C5', 'A\u030A', false], // NFC vs NFD
    ['a%2Fb', 'a/b', false],
    ['a%2Fb', 'a%2Fb', true],
    ['/data/x', '/data/./x', false],
    ['/data/x', '/data//x', false],
    ['/data/*', '/data/./x', true],
    ['/data/x/..', '/data', false],
    ['a\tb', 'a\tb', true],
    ['a\nb', 'a\nb', true],
    ['a?b', 'a\nb', true],
  ]);
});

describe('§1 an invalid pattern is an error on every match, whatever the value', () => {
  it('throws ConstraintViolation (1501) for every subject, every time', () => {
    for (let round = 0; round < 3; round++) {
      for (const subject of ['', 'a', '[', '***', 'x'.repeat(10_000)]) {
        const err = tenuoErrorOf(() => globMatch('a/***', subject));
        expect(err.code).toBe(ErrorCode.ConstraintViolation);
        expect(err.code).toBe(1501);
        expect(err.kind).toBe('constraint-violation');
        expect(err.message).toMatch(/^invalid glob pattern/);
      }
    }
  });

  it('isValidGlob never throws', () => {
    for (const p of ['', '[', '***', 'a**', '**', '[!]]', '\uD800', 'x'.repeat(70_000)]) {
      expect(() => isValidGlob(p)).not.toThrow();
    }
  });
});

// ---------------------------------------------------------------------------
// §4: classification by `*` count (attenuation) agrees with the matcher

describe('§4 prefix/suffix shapes: the glob accepts what the string rules assume', () => {
  // A "prefix" pattern (one trailing `*`) matches every string starting with
  // the prefix, including ones crossing `/`; a "suffix" pattern likewise.
  // `?` and brackets are ignored by the classification but still act as
  // wildcards when matching: the shape rules are textual only.
  checkCases([
    ['/data/*', '/data/reports/q3.csv', true],
    ['/data/*', '/data/reports', true],
    ['/data/*', '/dat', false],
    ['*', '', true],
    ['*.log', '/var/log/app.log', true],
    ['*.log', '.log', true],
    ['*.log', 'app.log.1', false],
    ['/data/reports/*', '/data/reports/x', true], // a narrower prefix child
    ['/data/?/*', '/data/x/y', true], // "prefix" `/data/?/`, yet `?` is a wildcard
    ['/data/[ab]', '/data/a', true], // "exact" by the star count, yet a set
    ['/data/**', '/data/x', true], // two stars: "complex"
  ]);
});

// ---------------------------------------------------------------------------
// Differential corpus: random cases, expected values from glob 0.3.3 itself
// ("E" = Pattern::new rejects the pattern).

describe('differential corpus from glob 0.3.3', () => {
  it(`agrees on all ${CORPUS.length} cases`, () => {
    const failures: string[] = [];
    for (const [pattern, subject, expected] of CORPUS) {
      let got: 0 | 1 | 'E';
      if (!isValidGlob(pattern)) {
        got = 'E';
        expect(() => globMatch(pattern, subject)).toThrow(TenuoError);
      } else {
        got = globMatch(pattern, subject) ? 1 : 0;
      }
      if (got !== expected) failures.push(`${JSON.stringify(pattern)} vs ${JSON.stringify(subject)}: got ${got}, want ${expected}`);
    }
    expect(failures).toEqual([]);
    expect(CORPUS.filter((c) => c[2] === 'E').length).toBeGreaterThan(50);
    expect(CORPUS.filter((c) => c[2] === 1).length).toBeGreaterThan(100);
  });
});
