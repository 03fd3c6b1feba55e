/**
 * Glob matching of the `Pattern` constraint: glob 0.3.3's `Pattern::new` +
 * `Pattern::matches` as /work/shared/semantics/glob-regex.md §1, §2 and §4
 * describe them, run by the WASM matcher (assembly/glob/) through
 * src/constraints/glob.ts.
 *
 * Every case written in glob-regex.md §2 appears below. The expected values of
 * all tables (and the corpus at the end) were cross-checked against the real
 * glob 0.3.3 crate.
 */
import { describe, expect, it } from 'vitest';
import { globMatch, isValidGlob, lastGlobMatchSteps, maxGlobPatternBytes } from '../../src/constraints/glob.js';
import { ErrorCode, TenuoError } from '../../src/errors.js';
import { patternChecks, tenuoErrorOf } from './pattern-helpers.js';
import { wasm } from '../../src/wasm/module.js';

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

const CORPUS: readonly (readonly [string, string, 0 | 1 | 'E'])[] = [
  ["?ba*😀*/b!","a-.]]/",0],
  ["","",1],
  [".-[","..a.-]a!a","E"],
  ["b-*/]é/aé","b--/]é/aé",1],
  ["a/b/]","-!/-/ééé",0],
  ["é😀[","]é.","E"],
  ["😀é","/",0],
  ["é]b[.--é/b",".😀a-éé.a","E"],
  ["/]","//",0],
  ["/!/**-??","/!!-/!","E"],
  ["]b]?!a]a**","!a]!","E"],
  ["/**?/./**","-😀/.😀","E"],
  ["é?","éb",1],
  ["!é?","b-",0],
  ["-[😀","/é😀a","E"],
  ["é-","!a!]é!",0],
  ["[]a/","😀/😀😀éa]","E"],
  [".aaab][[😀","!😀bbb","E"],
  ["é/?[😀*b","b]b.😀.","E"],
  ["]-ba😀","]a./é/.]",0],
  [".","é",0],
  ["[b[**[!-",".a/😀b","E"],
  ["","ééb!éé",0],
  ["/]*.[..","😀😀!]é","E"],
  ["","!é",0],
  ["a-éa/-.-b[","!é!]é/-ab","E"],
  ["!","ab",0],
  ["]","]",1],
  ["?/***😀a!","abé😀a!","E"],
  ["éa/?","a/-.",0],
  [".?.][/","éa-😀éé","E"],
  ["[-[?a?/[?","","E"],
  ["ba**/","bab","E"],
  ["]?/.-/b]a","😀-a.",0],
  ["*bb","😀!]-",0],
  ["?é*?]",".",0],
  ["😀!./??",".é]",0],
  ["é!]*é..-","",0],
  ["*a","",0],
  ["]a/é[","","E"],
  ["","😀.b",0],
  ["","-😀",0],
  ["/**😀*","]😀.","E"],
  ["*","-",1],
  ["","!-!😀😀😀",0],
  ["[?bb😀][é😀","éb]-]","E"],
  ["*?-?","😀/-!",1],
  ["/]/","/]/",1],
  ["-!","b!aabb",0],
  ["/😀","😀😀///",0],
  ["a",".]/😀-a!",0],
  ["!/-!b","]",0],
  ["😀?*","😀!-",1],
  ["-?*-/😀b!","😀b😀/😀",0],
  ["éb","😀//!.]]-é",0],
  ["b😀?./","é",0],
  ["aé!!?.","]b",0],
  ["é-","a",0],
  ["**/?/!..-aa","-./!..-aa",0],
  ["?/**","éa",0],
  ["**/?.]a?/**","éé.]abb",0],
  ["","a.bb",0],
  ["a","😀.😀!",0],
  [".b😀.*-","b--",0],
  [".ab-*",".ab-.",1],
  ["]?*😀-?","]é-😀-]",1],
  ["😀?ab","aé!é]//",0],
  ["/*-.]éé","/😀-..é",0],
  ["*/?😀😀","😀/é😀😀",1],
  ["a]/**/😀!","a]/b😀!",0],
  ["]b😀b?","]!].😀b/b",0],
  ["!*!/","!a!/",1],
  ["*]a/*/","é]a/]/",1],
  ["?","a",1],
  ["*","]",1],
  ["*😀a?*","b😀a!!",1],
  ["/*","/!",1],
  ["!]é/","!]é/",1],
  ["!*-?","!a-😀",1],
  ["😀😀?]","😀😀!]",1],
  ["??a?]","😀.a.]",1],
  ["*","a-/b",1],
  ["a","a",1],
  ["**/","a",1],
  ["**/","😀",1],
  ["?/b?*!","b/ba😀!",1],
  ["?😀aé","!😀aé",1],
  ["?/a!/**","!/a!/",1],
  ["*","é",1],
  ["?!!]é./","é!!]é./",1],
  ["*!","/!",1],
  [".*?",".!b",1],
  ["*","/!ba",1],
  ["?]","/]",1],
  ["a]?😀","a]]😀",1],
  ["/","/",1],
  ["*/.?*é*","//.a!é.",1],
  ["é-b!]","é-b!]",1],
  ["é.","é.",1],
  ["!!-","!!-",1],
  ["/***","-/","E"],
  ["?-?","]-😀",1],
  ["-a*","-aé",1],
  ["é]é","é]é",1],
  ["-[-][bé/","b","E"],
  ["-]é😀/","aa",0],
  ["😀-","😀-",1],
  ["/!!a-b","!!/",0],
  ["éb[b!é","/]!","E"],
  ["!//😀[b/a[","!","E"],
  ["😀é😀😀bé]","]-!",0],
  ["[[b/","]b😀","E"],
  ["-[bb![","a😀!","E"],
  ["aé/","b",0],
  ["/[","","E"],
  ["a]]é","",0],
  ["😀]é/😀-","",0],
  ["éa😀-b","",0],
  ["!é/]b/éé","b",0],
  ["/[é","😀/-","E"],
  ["a","é",0],
  ["/b","/b",1],
  ["-a![]-é/é","!é","E"],
  ["b[/😀😀-","!/a","E"],
  ["!/a]","",0],
  ["a!a/[","!éé","E"],
  ["a/aa[[","😀","E"],
  ["--[/b","!😀","E"],
  ["]/**","]/",1],
  ["b-]]a😀","b!!",0],
  ["😀-é-b/😀","/",0],
  ["?!","b!",1],
  ["]/!é!!/","bé/",0],
  ["]😀a","--",0],
  ["*!-","/!-",1],
  ["bb","a😀",0],
  ["b?*","ba😀",1],
  ["-b!!-","!!",0],
  ["[][bé/","aéé","E"],
  ["[!","a--","E"],
  ["]]a[😀!/b/","","E"],
  ["]a--é]","!b",0],
  ["-","é-a",0],
  ["]/aa/ba","éb-",0],
  ["--a","😀!]",0],
  ["é","-",0],
  ["/[é!😀]😀","",0],
  ["?/**!","éb!","E"],
  ["!]","",0],
  ["é-/😀","",0],
  ["😀][","b","E"],
  ["]?b","]éb",1],
  ["b]!é😀[/","!]","E"],
  ["b!//","",0],
  ["]a","]a",1],
  ["[//-","b-","E"],
  ["","😀ab",0],
  ["!😀b-","-é",0],
  ["///b/","é-",0],
  ["","]--",0],
  ["//b!a-","",0],
  ["éé","éé",1],
  ["aéb[é[b]","é",0],
  ["aé]b","-]b",0],
  ["a!/]aé/b","!/",0],
  ["*b-","éb-",1],
  ["","é/é",0],
  ["]","/bb",0],
  ["-b!baéa","ab",0],
  ["😀b/","",0],
  ["!b/b","a",0],
  ["-b*","-b]",1],
  ["?*?","!😀]",1],
  ["éb]😀😀","-]",0],
  ["a!ab!","-",0],
  ["*é","]é",1],
  ["?/**","//",1],
  ["😀*","😀a",1],
  ["!","!",1],
  ["b]/","b]/",1],
  ["/**/**/**","/😀a",1],
  ["-*b","-éb",1],
  ["-😀","-😀",1],
  ["[é-]","é",1],
  ["b-","b-",1],
  ["bab","bab",1],
  ["😀!","😀!",1],
  ["?*","é]",1],
  ["*😀","!😀",1],
  ["*!?","-!😀",1],
  ["?*b","/ab",1],
  ["😀?-","😀a-",1],
  ["?","/",1],
  ["😀*é","😀aé",1],
  ["-!","-!",1],
  ["]?😀","]-😀",1],
  ["**","aa",1],
  ["a?","a!",1],
  ["-?a","--a",1],
  ["?*","]/",1],
  ["/?a","a",0],
  ["*/**/*/?*/**","/a////b/",1],
  ["/*/","bb",0],
  ["/?/?**//","///aa/","E"],
  ["*b","/ab/b//",0],
  ["//a?**/*b","//aba/b","E"],
  ["//*aa?*","aaa//b/",0],
  ["*b/","////////",0],
  ["*//a?/a*","a",0],
  ["aa/*?/*/*/*","/a",0],
  ["b**b/","/b/b","E"],
  ["//**/a**b?a","///a//b/a","E"],
  ["?/?*","b/ab//",1],
  ["/bba","/bba",1],
  ["*/b*a**","b///a","E"],
  ["***//?/","/ab///b","E"],
  ["/?*////*/*","/",0],
  ["/*a","/b/a/",0],
  ["bbb*//b/","b///bbbb",0],
  ["*///*","/aabaaa",0],
  ["?/","///",0],
  ["b/??","b///",1],
  ["/","bbbabb//b",0],
  ["?*/***a?//*","ab//a/","E"],
  ["*??*/a//","///////a",0],
  ["?*b*a*////*","/",0],
  ["**a**","","E"],
  ["//***","/aba//","E"],
  ["","a///aa",0],
  ["**a****//*","","E"],
  ["a*/*?a**","b//aa","E"],
  ["*a**/b?*","bbbbb/b/","E"],
  ["**","ab/abb",1],
  ["?aa??a/","b//a/aa/",0],
  ["b///*/?a","/baa/b/b/",0],
  ["///a/","bb////a/",0],
  ["*?*/","/ba////b/",1],
  ["*bb","b//",0],
  ["a?b/b*ab","//",0],
  ["a**/*ab/****/b*","ab/ab//ba","E"],
  ["?a**","b//a//","E"],
  ["/??*a*bb","",0],
  ["?/?a?*","",0],
  ["abb*b","",0],
  ["/**a/*","a/aaa///","E"],
  ["/?*//*/**//a","/a///b///a",1],
  ["*/**/","b//",1],
  ["a/a*?/**/","a/aab/ab/",1],
  ["bb/**babb","/a//a/b","E"],
  ["/a*b*a//","b",0],
  ["//*a?aab?*/","b",0],
  ["b*bb?/","/////a/a",0],
  ["/***b/b??*","b/b/b/ba","E"],
  ["///b/a*?*b*","",0],
  ["ba/*/a?","aaa//b",0],
  ["b*?*aa**?/b","a/a/aa","E"],
  ["//a*/?","abb//aa/a",0],
  ["a","a/bba",0],
  ["ab***","/baaa//","E"],
  ["//?/?b*/","a/////a",0],
  ["a/ab*b**","/b//aa//","E"],
  ["**","//",1],
  ["/b*//b*b*??b","",0],
  ["?/**/?/","///a/",1],
  ["*a*/**/?baa/","////babaa",0],
  ["/*?","//b/////",1],
  ["a*b*/a*bb","//aaa/b/",0],
  ["//a*?//","//a////",1],
  ["/*","//b/a///a/",1],
  ["b///**/b*/","baa//",0],
  ["*?","bba//",1],
  ["/**///**/*?","a//b//b",0],
  ["*a*bb??","a",0],
  ["*?//b","ab///////",0],
  ["///*","/ba//ab",0],
  ["b*?/?/bb/*","b/b///bb/b",1],
  ["*","//",1],
  ["*?/","ab/",1],
  ["**//abb","//abb",1],
  ["b//*a?*","b///aaa",1],
  ["a*/*b/?aa/**","ab//b//aa/",1],
  ["*/*","ba////a//",1],
  ["*ba?a?*a*","/baba//ab",1],
  ["b*/?/**","ba/a/",1],
  ["aa?","aa/",1],
  ["aba?bb?b*","abaabb/b/",1],
  ["*/*","/aaa/",1],
  ["*/","b/a///",1],
  ["a?","a/",1],
  ["**","ab/",1],
  ["b/**","b/",1],
  ["*","b/b",1],
  ["//a?*?aa","//aaa/aa",1],
  ["?a?*a?/**//*","bab/aa///a",1],
  ["**/*a//*/b/*","aaa////b/b",1],
  ["*/?","///",1],
  ["?aa*","aaa/",1],
  ["/*//*","///b//abab",1],
  ["//?b?b","///bbb",1],
  ["?/**/","a//b//ba/a",1],
  ["?**//b","aa/b","E"],
  ["a***b***//","/bbbb/a/","E"],
  ["?**/*a?*b/","bbbab/b/","E"],
  ["b?aab/","baaab/",1],
  ["b**/****","ab/ba/","E"],
  ["/aa**ab***","a/","E"],
  ["?***/?****/ba/","bbaaba/ba/","E"],
  ["/*/a/**/**//b","///aa///b",0],
  ["b/b?b","b/b/b",1],
  ["a/*/a/***/","b/bbaa/b","E"],
  ["aab/a/***","aab/abb","E"],
  ["///b/a*//a*","a/a/a//",0],
  ["*/b*//*/","",0],
  ["a**/**/a**","a/","E"],
  ["/ababaa","/ababaa",1],
  ["*//?a**//","///bab/","E"],
  ["/**?/**","/a/ab","E"],
  ["*/*/**b*","a/","E"],
  ["a**bb*b**/","/ba/b/a/","E"],
  ["a*/","b",0],
  ["/*a","aba/b/b",0],
  ["?*/b/**?b**/","aa/b/aba","E"],
  ["*b/*//*a*","aaa",0],
  ["***//","a","E"],
  ["a**aaa*b","/b","E"],
  ["aa*/***a?/?","aaaa/a//b","E"],
  ["*/a///b//*//","baaa//bbaa",0],
  ["b*a/**aa??//**","baaaaa///a","E"],
  ["ba/a***b","bbb","E"],
  ["ab*bb*aa****","b/","E"],
  ["*?","/a",1],
  ["?*?*??b","bb//aab",1],
  ["","/aaa/ba/",0],
  ["*","/aba/",1],
  ["/???a*","//aaaa",1],
  ["//*/a","b///baa/ab",0],
  ["a*/b*b","/aa//ba/",0],
  ["*bbaaba","abbbbbbbb",0],
  ["//*b","bbaababb",0],
  ["*/b*/*ba/","/b/a/aab",0],
  ["","/b//aa//",0],
  ["a*//a*","//aababaa/",0],
  ["/b*/a/*a/b","",0],
  ["//*","aa/a",0],
  ["bb///","aa/aba/b/a",0],
  ["///*","a",0],
  ["/*/bb//*b","bbb/aba",0],
  ["","abbab/",0],
  ["/*/**//bb","///",0],
  ["?/?a??/**","///aa//ab",1],
  ["*a//","//bbaab",0],
  ["a/**/ba*ab/a","a/ababab/a",0],
  ["aa*aa/a","//b/babaa",0],
  ["/baa/*/","",0],
  ["/?ab","//ab",1],
  ["bb*a/?","bb/a/a",1],
  ["/*/*b*/*","a/",0],
  ["*/*b*///b","ab/aab/b/",0],
  ["**","bab",1],
  ["*a*bb//b","//a///a/a",0],
  ["","babaabab//",0],
  ["bab*","/baa",0],
  ["**/a*//","",0],
  ["/","///ba",0],
  ["ab/*/**/","ab/bbabaa",0],
  ["a*/b","ab/b",1],
  ["/*/b","/ba/bb/aab",0],
  ["b/*b*b*","aa//",0],
  ["*/*bb/","ba",0],
  ["/bb*a*a","b/b////",0],
  ["**","//a/",1],
  ["a*b*aa","b/",0],
  ["/","aa//a",0],
  ["a//aa//*?","a//aa///b",1],
  ["//?ba??/**/a","//bba////a",1],
  ["**","bb/ab//b",1],
  ["/abba/*b?a","/abba//baa",1],
  ["//**/**","//b",1],
  ["*a*","b/bbab/ba",1],
  ["/**/?/a","/b//a/a",1],
  ["b?b","b/b",1],
  ["bb?*","bb/b",1],
  ["*","bab/a/",1],
  ["a/ab?a?","a/abaaa",1],
  ["?aaa/a","aaaa/a",1],
  ["?bbb?b","/bbbbb",1],
  ["*","bb/bb/ba/",1],
  ["**/","//aa",1],
  ["ab/?","ab/b",1],
  ["*/b*/","ba/bbaab//",1],
  ["a/?b??a","a//b/ba",1],
  ["/b*a/**/","/b/a/a",1],
  ["?/a*ba","//abba",1],
  ["*","aaa/bb",1],
  ["**","/abbbba",1],
  ["abbb/**/?b*","abbb//aba",1],
  ["**/ab?a/bb","a//ab/a/bb",1],
  ["aaa*/**/*","aaab///",1],
  ["/bbba","/bbba",1],
  ["/*ba","/bbbb/bba",1],
];

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

// ---------------------------------------------------------------------------
// Sizes and limits

describe('long subjects', () => {
  const n = 100_000;
  const as = 'a'.repeat(n);

  it('matches 100 KB subjects', () => {
    expect(globMatch('*', as)).toBe(true);
    expect(globMatch('*x', `${as}x`)).toBe(true);
    expect(globMatch('*x', as)).toBe(false);
    expect(globMatch('a*', as)).toBe(true);
    expect(globMatch('*a', as)).toBe(true);
    expect(globMatch('a*a*a', as)).toBe(true);
    expect(globMatch('?'.repeat(1000) + '*', as)).toBe(true);
    expect(globMatch('*' + '?'.repeat(1000), as)).toBe(true);
    const literal = 'a'.repeat(60_000); // patterns are limited to 64 KiB
    expect(globMatch(literal, literal)).toBe(true);
    expect(globMatch(literal, `${literal}a`)).toBe(false);
    expect(globMatch(`${literal}*`, as)).toBe(true);
    expect(globMatch(`*${literal}`, as)).toBe(true);
    expect(globMatch(`${literal.slice(1)}b*`, as)).toBe(false);
  });

  it('handles deep paths with ** and *', () => {
    const deep = `${'d/'.repeat(50_000)}file.txt`; // 100 KB
    expect(globMatch('**/file.txt', deep)).toBe(true);
    expect(globMatch('**/*.txt', deep)).toBe(true);
    expect(globMatch('d/**/d/file.txt', deep)).toBe(true);
    expect(globMatch('**/ile.txt', deep)).toBe(false);
    expect(globMatch('**/x', deep)).toBe(false);
    expect(globMatch('d/**', deep)).toBe(true);
    expect(globMatch('*/file.txt', deep)).toBe(true);
    expect(globMatch('*/*/*/file.txt', deep)).toBe(true);
  });

  it('counts multi-byte and astral characters as one each over 100 KB', () => {
    const cjk = '中'.repeat(40_000); // 120 KB of UTF-8
    expect(globMatch('*中', cjk)).toBe(true);
    expect(globMatch('?'.repeat(40_000), cjk)).toBe(true);
    expect(globMatch('?'.repeat(39_999), cjk)).toBe(false);
    expect(globMatch('?'.repeat(40_001), cjk)).toBe(false);
    const emoji = '\u{1F600}'.repeat(25_000); // 100 KB of UTF-8, 50 000 UTF-16 units
    expect(globMatch('?'.repeat(25_000), emoji)).toBe(true);
    expect(globMatch('?'.repeat(50_000), emoji)).toBe(false);
    expect(globMatch('*\u{1F600}?', emoji)).toBe(true);
    expect(globMatch('[\u{1F600}]*[!a]', emoji)).toBe(true);
  });

  it('accepts a subject filling the 1 MiB scratch region and rejects a larger one', () => {
    const size = wasm().scratchSize;
    expect(globMatch('*b', `${'a'.repeat(size - 1)}b`)).toBe(true);
    const err = tenuoErrorOf(() => globMatch('*', 'a'.repeat(size + 1)));
    expect(err.code).toBe(ErrorCode.ValueTooLarge);
    const wide = tenuoErrorOf(() => globMatch('*', '中'.repeat(Math.ceil((size + 1) / 3))));
    expect(wide.code).toBe(ErrorCode.ValueTooLarge);
  });

  it('accepts patterns up to the 64 KiB limit and rejects longer ones', () => {
    const max = maxGlobPatternBytes();
    expect(max).toBe(64 * 1024);
    const longest = `${'p'.repeat(max - 1)}*`;
    expect(isValidGlob(longest)).toBe(true);
    expect(globMatch(longest, `${'p'.repeat(max - 1)}tail`)).toBe(true);
    expect(globMatch(longest, 'p'.repeat(max - 2))).toBe(false);
    const tooLong = `${'p'.repeat(max)}*`;
    expect(isValidGlob(tooLong)).toBe(false);
    expect(tenuoErrorOf(() => globMatch(tooLong, 'p')).code).toBe(ErrorCode.ConstraintViolation);
    // Counted in UTF-8 bytes: 21 846 three-byte characters exceed 64 KiB.
    expect(isValidGlob('中'.repeat(21_845))).toBe(true);
    expect(isValidGlob('中'.repeat(21_846))).toBe(false);
  });
});

describe('strings no Rust &str can hold', () => {
  it('rejects a pattern with a lone surrogate as invalid', () => {
    for (const p of ['\uD800', 'a\uDC00', '*\uD83D', '[\uD800]']) {
      expect(isValidGlob(p)).toBe(false);
      expect(tenuoErrorOf(() => globMatch(p, 'a')).code).toBe(ErrorCode.ConstraintViolation);
    }
  });

  it('refuses to match a subject with a lone surrogate instead of reading it as U+FFFD', () => {
    for (const s of ['\uD800', 'a\uDC00b', '\uD83D']) {
      expect(tenuoErrorOf(() => globMatch('*', s)).code).toBe(ErrorCode.ConstraintViolation);
      expect(tenuoErrorOf(() => globMatch('\uFFFD', s)).code).toBe(ErrorCode.ConstraintViolation);
    }
    expect(globMatch('?', '\uFFFD')).toBe(true);
    expect(globMatch('?', '\uD83D\uDE00')).toBe(true); // a proper pair is one scalar
  });
});

// ---------------------------------------------------------------------------
// Work bounds: deterministic step counts instead of wall-clock assertions

describe('no exponential blow-up', () => {
  const n = 100_000;
  const as = 'a'.repeat(n);

  it('*a*a*a*a*a*a*b against a long run of a', () => {
    expect(globMatch('*a*a*a*a*a*a*b', as)).toBe(false);
    expect(lastGlobMatchSteps()).toBeLessThan(100);
    expect(globMatch('*a*a*a*a*a*a*b', as.slice(0, 30))).toBe(false);
    expect(globMatch('*a*a*a*a*a*a*a', as)).toBe(true);
  });

  it('a middle segment that never matches costs one pass', () => {
    expect(globMatch('*a*a*a*a*a*a*a*a*a*a*b*', as)).toBe(false);
    expect(lastGlobMatchSteps()).toBeLessThanOrEqual(2 * n + 100);
    expect(globMatch('*b*a', as)).toBe(false);
    expect(lastGlobMatchSteps()).toBeLessThanOrEqual(2 * n + 100);
    expect(globMatch('**/**/b/**/c', `${'a/'.repeat(n / 2)}`)).toBe(false);
    expect(lastGlobMatchSteps()).toBeLessThanOrEqual(2 * n + 100);
  });

  it('is bounded by subject length x segment length', () => {
    const seg = `${'a'.repeat(20)}b`;
    expect(globMatch(`*${seg}*`, as)).toBe(false);
    expect(lastGlobMatchSteps()).toBeLessThanOrEqual((seg.length + 1) * n);
    expect(globMatch(`*${seg}*`, `${as}${seg}`)).toBe(true);
  });

  it('many stars against many characters', () => {
    const stars = '*a'.repeat(200) + '*';
    expect(globMatch(stars, as)).toBe(true);
    expect(globMatch(stars, 'a'.repeat(199))).toBe(false);
    expect(globMatch(`${'*?'.repeat(300)}b`, as)).toBe(false);
    expect(lastGlobMatchSteps()).toBeLessThanOrEqual(2 * n + 1000);
  });

  it('1000 pathological calls complete', () => {
    const subject = 'a'.repeat(10_000);
    let matched = 0;
    for (let i = 0; i < 1000; i++) if (globMatch('*a*a*a*a*a*a*b', subject)) matched++;
    for (let i = 0; i < 1000; i++) if (globMatch('*a?a?a*a*a*a*a*', subject)) matched++;
    expect(matched).toBe(1000);
  });
});

// ---------------------------------------------------------------------------
// The compiled-program cache

describe('compiled-program cache', () => {
  it('gives the same answers when more patterns are used than there are slots', () => {
    const patterns = Array.from({ length: 200 }, (_, i) => `p${i}/*`);
    for (let round = 0; round < 3; round++) {
      for (let i = 0; i < patterns.length; i++) {
        const p = patterns[(i * 7 + round) % patterns.length] as string;
        const k = Number(p.slice(1, p.indexOf('/')));
        expect(globMatch(p, `p${k}/x/y`)).toBe(true);
        expect(globMatch(p, `p${k + 1}/x`)).toBe(false);
      }
    }
  });

  it('recompiles patterns whose program was overwritten by large ones', () => {
    const small = ['s1*', 's2?', '[s]3'];
    const big1 = `${'a'.repeat(30_000)}*`;
    const big2 = `${'b'.repeat(30_000)}*`;
    const big3 = `${'c'.repeat(30_000)}?`;
    const check = (): void => {
      expect(globMatch('s1*', 's1xyz')).toBe(true);
      expect(globMatch('s2?', 's2x')).toBe(true);
      expect(globMatch('[s]3', 's3')).toBe(true);
      expect(globMatch(big1, `${'a'.repeat(30_000)}zz`)).toBe(true);
      expect(globMatch(big1, 'a'.repeat(29_999))).toBe(false);
      expect(globMatch(big2, `${'b'.repeat(30_000)}`)).toBe(true);
      expect(globMatch(big2, `${'a'.repeat(30_000)}`)).toBe(false);
      expect(globMatch(big3, `${'c'.repeat(30_000)}x`)).toBe(true);
      expect(globMatch(big3, `${'c'.repeat(30_000)}`)).toBe(false);
    };
    for (let i = 0; i < 4; i++) check();
    for (const p of small) expect(isValidGlob(p)).toBe(true);
    // A pattern of the maximum size takes the whole arena.
    const huge = `${'h'.repeat(maxGlobPatternBytes() - 1)}*`;
    expect(globMatch(huge, `${'h'.repeat(maxGlobPatternBytes() - 1)}!`)).toBe(true);
    check();
    expect(globMatch(huge, 'h')).toBe(false);
  });
});

// ---------------------------------------------------------------------------
// The raw WASM exports: bad arguments give error codes, never traps

interface RawGlob {
  globCompile(ptr: number, len: number): number;
  globValidate(ptr: number, len: number): number;
  globMatch(handle: number, ptr: number, len: number): number;
  globSteps(): number;
  globSlotCount(): number;
}

describe('raw exports', () => {
  const w = wasm();
  const x = w.exports as unknown as RawGlob;
  const base = w.scratchOffset;
  const put = (bytes: ArrayLike<number>, at = 0): number => {
    w.scratch().set(bytes, at);
    return bytes.length;
  };
  const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);

  it('compiles, matches and reports invalid patterns', () => {
    const h = x.globCompile(base, put(utf8('a*[!b]')));
    expect(h).toBeGreaterThanOrEqual(0);
    expect(x.globMatch(h, base, put(utf8('axyc')))).toBe(1);
    expect(x.globMatch(h, base, put(utf8('axyb')))).toBe(0);
    expect(x.globCompile(base, put(utf8('a**')))).toBe(-2);
    expect(x.globValidate(base, put(utf8('[!]')))).toBe(-2);
    expect(x.globValidate(base, put(utf8('[!]]')))).toBe(0);
    expect(x.globSlotCount()).toBe(64);
  });

  it('rejects pointers and lengths outside the scratch region', () => {
    const h = x.globCompile(base, put(utf8('*')));
    for (const [ptr, len] of [
      [-1, 1],
      [base - 1, 1],
      [base, -1],
      [base, w.scratchSize + 1],
      [base + w.scratchSize, 1],
      [0x7fffffff, 1],
      [base + 10, 0x7fffffff],
    ] as const) {
      expect(x.globCompile(ptr, len)).toBe(-1);
      expect(x.globValidate(ptr, len)).toBe(-1);
      expect(x.globMatch(h, ptr, len)).toBe(-1);
    }
    expect(x.globMatch(h, base + w.scratchSize, 0)).toBe(1); // empty subject at the very end
  });

  it('rejects patterns longer than 64 KiB', () => {
    w.scratch().fill(0x61, 0, 64 * 1024 + 1);
    expect(x.globCompile(base, 64 * 1024 + 1)).toBe(-3);
    expect(x.globValidate(base, 64 * 1024 + 1)).toBe(-3);
    expect(x.globValidate(base, 64 * 1024)).toBe(0);
  });

  it('rejects ill-formed UTF-8 in patterns and subjects', () => {
    const h = x.globCompile(base, put(utf8('*')));
    for (const bad of [
      [0xff],
      [0x80],
      [0xc0, 0x80], // overlong
      [0xc1, 0xbf],
      [0xe0, 0x80, 0x80], // overlong
      [0xed, 0xa0, 0x80], // surrogate U+D800
      [0xf4, 0x90, 0x80, 0x80], // above U+10FFFF
      [0xf5, 0x80, 0x80, 0x80],
      [0xe2, 0x82], // truncated
      [0x61, 0xf0, 0x9f, 0x98], // truncated astral
    ]) {
      expect(x.globCompile(base, put(bad))).toBe(-4);
      expect(x.globValidate(base, put(bad))).toBe(-4);
      expect(x.globMatch(h, base, put(bad))).toBe(-4);
    }
    expect(x.globMatch(h, base, put([0xf4, 0x8f, 0xbf, 0xbf]))).toBe(1); // U+10FFFF is fine
  });

  it('reports stale handles instead of running another program', () => {
    expect(x.globMatch(-1, base, 0)).toBe(-5);
    expect(x.globMatch(0x7fffffff, base, 0)).toBe(-5);
    const h = x.globCompile(base, put(utf8('stale?')));
    expect(x.globMatch(h, base, put(utf8('stalex')))).toBe(1);
    expect(x.globMatch(h + 64, base, put(utf8('stalex')))).toBe(-5); // wrong generation
    for (let i = 0; i < 64; i++) x.globCompile(base, put(utf8(`other${i}`)));
    expect(x.globMatch(h, base, put(utf8('stalex')))).toBe(-5); // slot reused
    // The TS glue notices the stale handles it cached and recompiles.
    expect(globMatch('stale?', 'stalex')).toBe(true);
    expect(globMatch('p3/*', 'p3/x')).toBe(true);
  });
});
