/**
 * Regex matching of the `Regex` constraint: regex 1.13.1's `Regex::new` +
 * `Regex::is_match` as /work/shared/semantics/glob-regex.md §1 and §3
 * describe them, run by the WASM engine (assembly/regex/) through
 * src/constraints/regex.ts.
 *
 * Every example of §3 appears below. All expectations (the tables and the
 * corpus at the end) were checked against the real regex 1.13.1 crate
 * (built from its sources with a throwaway harness).
 */
import { describe, expect, it } from 'vitest';
import {
  isValidRegex, lastRegexMatchSteps, maxRegexInstructions, maxRegexPatternBytes, regexMatch,
} from '../../src/constraints/regex.js';
import { ErrorCode } from '../../src/errors.js';
import { patternChecks, tenuoErrorOf } from './pattern-helpers.js';

const { checkCases, checkInvalid, checkValid } = patternChecks({
  match: regexMatch,
  isValid: isValidRegex,
  label: (pattern) => JSON.stringify(pattern.length > 60 ? `${pattern.slice(0, 60)}…` : pattern),
  invalidSubjects: (pattern) => ['', 'a', pattern],
  expectInvalidMessage: (message) => expect(message.startsWith('invalid regex: ')).toBe(true),
});

// ---------------------------------------------------------------------------
// §3: defaults and is_match

describe('§3 is_match is an unanchored search', () => {
  checkCases([
    ['prod', 'xprodx', true],
    ['prod', 'pro', false],
    ['', '', true],
    ['', 'anything', true],
    ['^prod$', 'xprodx', false],
    ['^prod$', 'prod', true],
    ['\\Aprod\\z', 'prod', true],
    ['\\Aprod\\z', 'prod\n', false],
    ['a|', 'b', true],
    ['|a', 'b', true],
    ['x*', 'y', true],
    ['(?:a|b)c', 'bc', true],
  ]);
});

describe('§3 $ matches only at the very end; ^/$ are whole-text unless (?m)', () => {
  checkCases([
    ['^a$', 'a', true],
    ['^a$', 'a\n', false],
    ['a$', 'a\n', false],
    ['^b', 'a\nb', false],
    ['^$', '\n', false],
    ['(?m)a$', 'a\n', true],
    ['(?m)^b', 'a\nb', true],
    ['(?m)^$', 'a\n\nb', true],
    ['(?m)a$', 'a\r\n', false],
    ['(?mR)a$', 'a\r\n', true],
    ['(?mR)^b', 'a\rb', true],
    ['(?mR)^b', 'a\r\nb', true],
    ['(?m)^b', 'a\rb', false],
    ['(?R)a$', 'a\r\n', false],
  ]);
});

describe('§3 . takes one whole scalar and excludes \\n unless (?s)', () => {
  checkCases([
    ['.', '\n', false],
    ['(?s).', '\n', true],
    ['a.b', 'a\nb', false],
    ['(?s)a.b', 'a\nb', true],
    ['(?R)a.b', 'a\rb', false],
    ['(?sR)a.b', 'a\rb', true],
    ['^.$', '😀', true],
    ['^.$', 'é', true],
    ['^..$', 'e\u0301', true],
    ['^.$', 'e\u0301', false],
  ]);
});

describe('§3 case-sensitive by default; (?i) is Unicode simple case folding', () => {
  checkCases([
    ['abc', 'ABC', false],
    ['(?i)abc', 'ABC', true],
    ['(?i)k', '\u212a', true],
    ['(?i)\u212a', 'k', true],
    ['(?i)ß', 'ẞ', true],
    ['(?i)ẞ', 'ß', true],
    ['(?i)ß', 'SS', false],
    ['(?i)ß', 'ss', false],
    ['(?i)σ', 'ς', true],
    ['(?i)σ', 'Σ', true],
    ['(?i)i', 'İ', false],
    ['(?i)i', 'ı', false],
    ['(?i)İ', 'i', false],
    ['(?i)δ', 'Δ', true],
    ['(?i)ǆ', 'ǅ', true],
    ['(?i)ǆ', 'Ǆ', true],
    ['(?i)Ω', '\u2126', true],
    ['(?i)µ', 'Μ', true],
    ['(?i)[a-z]', '\u212a', true],
    ['(?i)[a-z]', 'ſ', true],
    ['(?i)\\p{Lu}', 'a', true],
    ['(?i)[^k]', 'K', false],
    ['(?i)[^k]', '\u212a', false],
    ['(?i-u)[a-z]', '\u212a', false],
    ['(?i-u)k', 'K', true],
  ]);
});

describe('§3 Perl classes and \\b are Unicode-aware; (?-u:…) forms are ASCII', () => {
  checkCases([
    ['\\d', '٣', true],
    ['\\d', '５', true],
    ['\\w', 'é', true],
    ['\\s', '\u00a0', true],
    ['\\s', '\u3000', true],
    ['\\s', '\u200b', false],
    ['\\s', '\ufeff', false],
    ['\\D', '٣', false],
    ['\\W', 'é', false],
    ['\\S', '\u00a0', false],
    ['(?-u:\\d)', '٣', false],
    ['(?-u:\\w)', 'é', false],
    ['(?-u:\\s)', '\u00a0', false],
    ['(?u)\\w', 'é', true],
    ['(?-u)(?u:\\w)', 'é', true],
    ['\\b', 'é', true],
    ['\\bé', 'é', true],
    ['\\ba', 'éa', false],
    ['(?-u:\\b)é', 'é', false],
    ['(?-u:\\b)a', 'éa', true],
    ['(?-u:\\B)', 'é', true],
    ['(?-u:\\B)', 'aéb', false],
    ['\\B', 'aéb', true],
    ['\\b', '', false],
    ['^\\B$', '', true],
  ]);
});

describe('§3 Unicode data is UCD 16.0', () => {
  checkCases([
    ['\\p{L}', '\u{10D50}', true],
    ['\\p{Age=16.0}', '\u{10D50}', true],
    ['\\p{Age=15.1}', '\u{10D50}', false],
  ]);
  checkInvalid(['\\p{Age=17.0}']);
});

// ---------------------------------------------------------------------------
// §3: invalid patterns

describe('§3 invalid: syntax errors', () => {
  checkInvalid([
    '(', ')', 'a)', '(a', '((a)', '*a', '*', '+', '?', 'a|*', '(*)', '(?i)*',
    'a{,3}', 'a{3,2}', 'a{', 'a{}', 'a{2', 'a{x}', 'a{99999999999}', 'a{2, }',
    '[]', '[^]', '[a', '[z-a]', '[\\d-z]', '[a-\\d]', '[\\b]', '[\\A]',
    '\\Z', '\\e', '\\h', '\\K', '\\G', '\\R', '\\X', '\\Qa\\E', '\\y', '\\é', '\\',
    '\\0', '\\141', '\\8', '\\x', '\\xZ', '\\x{}', '\\u12', '\\p', '\\p{L', '\\pé',
    '(?', '(?)', '(?-)', '(?i-)', '(?ii)', '(?--i)', '(?q)', '(?i x)', '\\b{', '\\b{foo}', '\\b{start',
  ]);
});

describe('§3 invalid: unsupported features', () => {
  checkInvalid(['(a)\\1', '\\1', '(?=a)', '(?!a)', '(?<=a)', '(?<!a)', '(?>a)', '(?P=x)', '(?P<x>a)(?P=x)', '(?#comment)']);
});

describe('§3 invalid: bad groups and properties, hex escapes that are not scalars', () => {
  checkInvalid([
    '(?P<n>a)(?P<n>b)', '(?<n>a)(?P<n>b)', '(?P<>a)', '(?P<1a>a)', '(?P<a-b>a)', '(?P<a', '(?<a b>x)',
    '\\p{Foo}', '\\p{Cs}', '\\p{Surrogate}', '\\p{Unknown}', '\\p{Zzzz}', '\\p{Hrkt}', '\\p{gcb=Other}', '\\p{wb=XX}',
    '\\p{Age=Unassigned}', '\\p{Bidi_Class=L}', '\\p{alpha=yes}', '\\p{InCB}', '\\p{Age}', '\\p{gc}', '\\PX', '\\p1',
    '\\x{D800}', '\\x{DFFF}', '\\x{110000}', '\\uD800', '\\U00110000', '\\x{FFFFFFFFF}',
  ]);
});

describe('§3 invalid: things a &str regex may not match', () => {
  checkInvalid([
    '(?-u:\\W)', '(?-u:\\S)', '(?-u:\\D)', '(?-u:.)', '(?s-u:.)', '(?-u)[^a]', '(?-u:\\xFF)', '(?-u:\\x80)',
    '(?-u:[é])', '(?-u:[\\xFF])', '(?-u:[[:^alpha:]])', '(?-u:\\pL)', '(?-u:[\\W])',
  ]);
  checkValid(['(?-u:\\w)', '(?-u:\\x7F)', '(?-u:é)', '(?-u:\\x{e9})', '(?-u:[a-z])', '(?-u:[[:alpha:]])', '(?-u:\\b)']);
});

describe('§3 invalid: nesting deeper than 250', () => {
  const r = (s: string, k: number): string => s.repeat(k);
  checkValid([r('(', 250) + 'a' + r(')', 250), r('(?:', 250) + r(')', 250), `a${r('*', 250)}`, r('[', 250) + 'a' + r(']', 250)]);
  checkInvalid([
    r('(', 251) + 'a' + r(')', 251), r('(?:', 251) + r(')', 251), `a${r('*', 251)}`, r('[', 251) + 'a' + r(']', 251),
    r('(', 250) + 'ab' + r(')', 250), `x(${r('(', 249)}a${r(')', 249)})`, r('(', 251),
  ]);
});

describe('§3 invalid: programs over the size limit', () => {
  checkValid(['\\w{50}', '\\w{200}', '\\pL{240}', '.{5000}', 'a{5000}', '(?:a{10}){100}']);
  checkInvalid(['\\w{1000}', '\\w{250}', '\\pL{250}', '.{50000}', 'a{1000000}', '(?:a{1000}){1000}', '(?:\\w{100}){3}']);
});

// ---------------------------------------------------------------------------
// §3: accepted although other engines reject or differ

describe('§3 accepted: escapes', () => {
  checkValid(['\\/', '\\"', '\\@', '\\ ', '\\%', '\\=', '\\!', '\\,', '\\:', '\\`', "\\'", '\\-', '\\#', '\\&', '\\~']);
  checkCases([
    ['\\u00E9', 'é', true],
    ['\\u{E9}', 'é', true],
    ['\\U0001F600', '😀', true],
    ['\\x41', 'A', true],
    ['\\x{1F600}', '😀', true],
    ['\\n\\t\\r\\f\\v\\a', '\n\t\r\f\v\x07', true],
    ['\\/\\"\\@\\ ', '/"@ ', true],
    ['(?x)a\\ b', 'a b', true],
  ]);
});

describe('§3 accepted: groups and names', () => {
  checkValid(['(?P<n>a)', '(?<n>a)', '(?P<é>a)', '(?<名前>a)', '(?P<a.b[1]>a)', '(?P<_x>a)(?P<y>b)', '(?:)', '()']);
  checkCases([
    ['(?P<year>\\d{4})-(?P<m>\\d{2})', '2024-06', true],
    ['(?<word>\\w+)\\s', 'hi there', true],
    ['()', 'x', true],
  ]);
});

describe('§3 accepted: word boundaries', () => {
  checkCases([
    ['\\<a\\>', 'x a y', true],
    ['\\<a\\>', 'xay', false],
    ['\\b{start}a', 'a', true],
    ['\\b{start}a', 'ba', false],
    ['\\b{end}', 'a', true],
    ['\\b{start-half}a', '-a', true],
    ['a\\b{end-half}', 'a-', true],
    ['a\\b{end-half}', 'ab', false],
    ['\\bfoo\\b', 'a foo b', true],
    ['\\bfoo\\b', 'afoob', false],
    ['\\b{2}', 'a', true],
  ]);
});

describe('§3 accepted: empty classes, set operations, [[:foo:]]', () => {
  checkValid(['[^\\s\\S]', '[a&&b]', '[&&a]', '[a&&]', '[[:foo:]]', '[a-z--aeiou]', '[a-c~~b-d]']);
  checkCases([
    ['[^\\s\\S]', '', false],
    ['[^\\s\\S]', 'anything', false],
    ['[[:foo:]]', 'f', true],
    ['[[:foo:]]', ':', true],
    ['[[:foo:]]', 'x', false],
    ['[[:alpha:]]', 'é', false],
    ['[[:^alpha:]]', 'é', true],
    ['[a-z--aeiou]+', 'xyz', true],
    ['[a-z--aeiou]', 'e', false],
    ['[\\w&&\\d]', 'a', false],
    ['[\\w&&\\d]', '5', true],
    ['[a-c~~b-d]', 'a', true],
    ['[a-c~~b-d]', 'b', false],
    ['[a-c~~b-d]', 'd', true],
    ['[]a]', ']', true],
    ['[^]a]', 'b', true],
    ['[-a]', '-', true],
    ['[a-]', '-', true],
    ['[[a-c]x]', 'x', true],
    ['[\\pL&&\\p{Greek}]', 'α', true],
    ['[\\pL&&\\p{Greek}]', 'a', false],
  ]);
});

describe('§3 accepted: repetition forms and flags', () => {
  checkValid(['a**', 'a*+', '^*', '\\b+', 'a{ 2 }', 'a{2, 3}', '(?R)a', '(?U)a+', 'a*?', 'a{2}?', '(?imsUuxR)a', '(?i-msUxR:a)']);
  checkCases([
    ['a**', 'aaa', true],
    ['a*+', 'aa', true],
    ['^*a', 'a', true],
    ['\\b+', 'a', true],
    ['a{ 2 }', 'aa', true],
    ['^a{ 2 }$', 'a', false],
    ['a{2, 3}', 'aaa', true],
    ['(?x)a{2, }', 'aaa', true],
    ['(?U)a+?b', 'aab', true],
    ['^a{3}$', 'aaa', true],
    ['^a{3}$', 'aaaa', false],
    ['^a{2,}$', 'aaaa', true],
    ['^a{2,3}$', 'aaaa', false],
    ['^(?:ab){0,2}$', 'abab', true],
    ['^(?:ab){0}$', '', true],
  ]);
});

describe('flags: scoping and persistence', () => {
  checkCases([
    ['(?i)a(?-i)b', 'AB', false],
    ['(?i)a(?-i)b', 'Ab', true],
    ['(?i:a)b', 'AB', false],
    ['a(?i)b|c', 'C', true],
    ['(a(?i)b)|c', 'C', false],
    ['(?x)a b', 'ab', true],
    ['(?x)a#b\nc', 'ac', true],
    ['(?x)[a b]', ' ', false],
    ['(?x:a b)c d', 'abc d', true],
    ['(?x) a b # c\n c', 'abc', true],
  ]);
});

describe('classes around the surrogate gap (regex-syntax interval quirk reproduced)', () => {
  // Negating a set with separate ranges ending at U+D7FF and starting at
  // U+E000 yields the "gap" [U+D7FF, U+E000] in regex-syntax.
  checkCases([
    ['[^\\x{E000}]', '\ue000', false],
    ['[^\\x{E000}]', '\ud7ff', true],
    ['[^\\x{D7FF}-\\x{E000}]', '\ud7ff', false],
    ['[^\\x{D7FF}\\x{E000}]', '\ud7ff', true],
    ['[^\\x{D7FF}\\x{E000}]', '\ue000', true],
    ['[^\\x{D7FF}\\x{E000}]', 'a', true],
    ['[^\\p{Co}\\p{Cn}]', '\ue000', true],
    ['[^\\p{Co}\\p{Cn}]', '\ue001', false],
    ['[^\\x{0}-\\x{D7FF}\\x{E000}-\\x{10FFFF}]', '\ud7ff', true],
    ['[^\\x{0}-\\x{10FFFF}]', '\ud7ff', false],
  ]);
});

describe('Unicode properties: scripts, categories, loose names', () => {
  checkCases([
    ['\\p{Greek}', 'α', true],
    ['\\p{Greek}', '\u0342', false],
    ['\\p{scx=Greek}', '\u0342', true],
    ['\\p{isGreek}', 'α', true],
    ['\\p{Script=Greek}', 'α', true],
    ['\\p{sc:Grek}', 'α', true],
    ['\\p{ Gr ee_k }', 'α', true],
    ['(?x)\\p{ Gr ee k }', 'α', true],
    ['\\pL', 'é', true],
    ['\\PL', 'é', false],
    ['\\P{L}', '1', true],
    ['\\p{gc!=L}', 'a', false],
    ['\\P{gc!=L}', 'a', true],
    ['\\p{Alphabetic}', 'é', true],
    ['\\p{alpha}', 'é', true],
    ['\\p{wspace}', ' ', true],
    ['\\p{Emoji}', '😀', true],
    ['\\p{age=1.1}', 'a', true],
    ['\\p{wb=ALetter}', 'a', true],
    ['\\p{gcb=CR}', '\r', true],
    ['\\p{sb=Upper}', 'A', true],
    ['\\p{Any}', '\u{10ffff}', true],
    ['\\p{ASCII}', 'é', false],
    ['\\p{Assigned}', '\u0378', false],
    ['\\p{Cn}', '\u0378', true],
    ['\\p{Co}', '\ue000', true],
    ['\\p{Hira}', 'あ', true],
  ]);
});

// ---------------------------------------------------------------------------
// Errors, encoding and the cache

describe('errors and encoding', () => {
  it('an invalid pattern fails every match with ConstraintViolation and "invalid regex: "', () => {
    const err = tenuoErrorOf(() => regexMatch('(', 'x'));
    expect(err.code).toBe(ErrorCode.ConstraintViolation);
    expect(err.message).toMatch(/^invalid regex: /);
    expect(tenuoErrorOf(() => regexMatch('(', 'y')).message).toMatch(/^invalid regex: /);
  });

  it('lone surrogates: an invalid pattern, an unmatchable value', () => {
    expect(isValidRegex('a\uD800')).toBe(false);
    expect(tenuoErrorOf(() => regexMatch('\uDC00', 'x')).message).toMatch(/^invalid regex: /);
    expect(tenuoErrorOf(() => regexMatch('a', 'a\uD800')).code).toBe(ErrorCode.ConstraintViolation);
    expect(regexMatch('a', 'a\uD83D\uDE00')).toBe(true);
  });

  it('patterns longer than the limit are invalid', () => {
    expect(isValidRegex('a'.repeat(maxRegexPatternBytes() + 1))).toBe(false);
  });

  it('more distinct patterns than cache slots still match correctly', () => {
    for (let round = 0; round < 2; round++) {
      for (let i = 0; i < 80; i++) {
        expect(regexMatch(`^x${i}y$`, `x${i}y`)).toBe(true);
        expect(regexMatch(`^x${i}y$`, `x${i + 1}y`)).toBe(false);
      }
    }
  });

  it('programs above the engine capacity are rejected as too large', () => {
    expect(maxRegexInstructions()).toBeGreaterThanOrEqual(8192);
    expect(isValidRegex(`a{${maxRegexInstructions() * 2}}`)).toBe(false);
  });
});

// ---------------------------------------------------------------------------
// Linear time, measured in work units rather than time

describe('linear-time matching', () => {
  it('(a+)+$ on 30 a followed by ! is immediate', () => {
    const subject = `${'a'.repeat(30)}!`;
    expect(regexMatch('(a+)+$', subject)).toBe(false);
    // The program has 6 instructions; each position visits each at most a few times.
    expect(lastRegexMatchSteps()).toBeLessThanOrEqual(subject.length * 6 * 3);
  });

  it('work grows linearly with the subject for classic catastrophic patterns', () => {
    for (const [pattern, unit, tail, prog] of [
      ['(a+)+$', 'a', '!', 6],
      ['(a*)*b', 'a', 'c', 7],
      ['(x+x+)+y', 'x', 'z', 9],
      ['(a|a)*b', 'a', 'c', 7],
      ['^(\\w+\\s?)*$', 'ab ', '!', 10],
    ] as const) {
      for (const n of [100, 1000, 10000]) {
        const subject = unit.repeat(n) + tail;
        expect(regexMatch(pattern, subject)).toBe(false);
        expect(lastRegexMatchSteps()).toBeLessThanOrEqual((subject.length + 1) * prog * 3);
      }
    }
  });

  it('a large program stays bounded by len x size', () => {
    const subject = 'ab'.repeat(5000);
    expect(regexMatch('[ab]{40}c', subject)).toBe(false);
    expect(lastRegexMatchSteps()).toBeLessThanOrEqual((subject.length + 1) * 45 * 3);
  });
});

// ---------------------------------------------------------------------------
// Corpus: random patterns and subjects, expectations from regex 1.13.1
// (null = Regex::new rejects the pattern).

const CORPUS: readonly (readonly [string, string, boolean | null])[] = [
  ["x+ +?\\b{end}?","s1xcBsÉ",false], ["😀*?\\x41\\t{1}","σbςσKς",false],
  ["|.{2}^ß","ſ_1",true], [".?ß||(?P<n0>)(\\b{end}{2}٣*?)","kA",true],
  ["Σ*([\\wÉ~~]+?\\-{1,}é{1})B","",false], ["\\b{2,3}.{1}S","αB",false],
  ["\\p{Latin}{0,2}_||","αſ_ς",true], ["ẞ٣+","s",false],
  ["İ*.","A\n",true], ["٣\\<","a\rẞ",false],
  ["\\z+(?:)y","σ_",false], ["|$|","İééÉ",true],
  ["1k{0,2}[\\P{Ll}[\\S]]","ς",false], [".{2}S😀|\\>[α-Z~~]{3,}S","Bé\n😀",null],
  ["S{2}-{2}\\p{scx=Grek}","É ςΣ",false], ["K|(\\b{end}+)","AσiK ",true],
  ["(?i)[\\W\\.]"," AſİσK",true], ["\\B\\pN{2,3}",".",false],
  ["(?-s:(?U){2}É{0,2}\\n{3,}){3,}","kα-Kς",null], ["-٣.{1,}","É",false],
  ["[ß~~]?$","bs \rxK.",true], ["K{1,}","-Σσ٣.",false],
  ["i.()*?","a",false], ["|[0-k]*\\x{e9}","",true],
  ["[Σ[A_]](?is:[i]*ı+[a-9&&])","",null], ["[\\p{Nd}0-c\\s]","ı.B",true],
  ["(?-u)\\pL","",null], ["\\A?ς1*?|\\n","K _sı",false],
  ["\\p{Any}{2,3}ı{1}\\p{Any}","ßaKαAı",false], ["^(?:|\\p{Latin}.()){2}\\B","\rk",true],
  ["\\x41y*?1?","😀",false], ["ß^.*|","\n α",true],
  ["\\x{e9}z*"," axẞsıß",false], ["(?-i)σ","1kÉa",false],
  ["(?-i:)*B{0,2}😀","S",false], ["-{1,}","ba\rb",false],
  [".sK","",false], ["K*y","",false],
  ["a\\b{start}1*?|ẞ(?m)K","K",false], ["(?P<n0>[٣]|)+?(?:\\S{2}İ){0,2}","Σ😀٣",true],
  ["(?-i)?.{1}","É",null], ["-{0}","\rScSASK",true],
  ["(?P<n1>){0,2}","B.-b ",true], ["|[K]","ẞÉ.KÉ",true],
  ["\\p{age=3.0}y{2}","ß1ασ",false], ["|b{0}_.{0,2}","ẞ_ 😀ſ",true],
  ["K|||S{0,2}","٣ſcÉ",true], ["1_+ẞ{1}","٣",false],
  [".\\p{sc!=Latin}","",false], ["😀._+","KΣé-\n1",false],
  [".{0}(?P<n2>){2}\\p{Greek}","cÉςAK😀",true], ["\\p{scx=Grek}","Σkαı_",true],
  ["\\w\\s","ı",false], ["S\\A.","c.ſ",false],
  ["b^é","é_KΣbKé",false], ["\\p{Nd}+?B{0}|(?m:)","ßéΣẞi٣",true],
  ["\\P{Ll}*[^[:^digit:]](?R:)","😀\r",false], ["\\p{scx=Grek}{0,2}(?-i)","٣bẞ",true],
  ["(?-s)+?","Kςıσa",null], [".\\A+\\p{Lu}+?","",false],
  ["É+(?R)+B{2}|\\p{Any}+?\\>","\r",null], ["\\<{3,}\\b{start}","ς-",true],
  ["(?i)ı"," ς",false], ["\\p{gc=Lu}?","٣",true],
  ["\\P{Ll}.|(?U)","S ıİ1ı ",true], ["|K*\\<x","-xẞ",true],
  ["ẞ*?|(?P<n1>[aa]{0,2}b)+?İ","S.",true], ["\\<S{0}","",false],
  ["(?-u){2}(KÉ*){2,3}ß*","xıi ",null], ["[é_] [x]{3,}","-iSς",false],
  ["B(?x){1,}|\\b{end-half}","",null], ["(?P<n2>(?P<n0>_|)){1}","",true],
  ["ıς*?x{0}","\ns1",false], ["_|(){0}K{0}(?s)","bΣσ.",true],
  ["\\S{0}^","K\nſ٣x_K",true], ["[\\p{Any}[:upper:]]*?","σ\rékÉ",true],
  ["K{1,}\\z","x",false], [".ς{1}(?x)","é٣k_😀ς",true],
  ["\\P{Ll}[\\t]{1,}\\W{0}|\\s*s*\\b"," bΣ",true], ["\\p{Cased}É+(?x)","\nks\nb",false],
  ["\\z{3,}","",true], ["[\\s]{3,}_?^|\\p{White_Space}","ſ",false],
  ["(?u)[B\\d--]","Σ",false], ["(?:i{2,3}.){0}","AıΣA",true],
  ["\\p{Alphabetic}+?\\P{Ll}","ß",false], ["|İAſ","",true],
  ["\\u00E9+É{2,3}\\W|ſ{2,3}.{1}É","α\rς_ Ak",false], ["|c*?é|a","",true],
  ["|.|😀[\\p{sc!=Latin}]{0}(?s)?|.","😀İs😀",null], [" \\b{start}","_İK ",false],
  ["É.*?"," ba_KK",false], ["[[~~\\p{White_Space}]0-9\\-]","\n",true],
  ["\\p{sc!=Latin}|c[[:space:]]{2}|","Kσc",true], ["İ{1}.{0}.{1}|","_a\n1٣",true],
  ["\\W*","aσ\n1-",true], ["[A]","s_\nS",false],
  ["\\p{White_Space}?","",true], ["\\b{end-half}","😀BAΣ\r1",true],
  ["[~~[^😀\\Sı]\\t]","",false], ["x{3,}s{2,3}","Éſ",false],
  ["ſ|.[\\tA\\p{ASCII}]σ","KςSS",false], ["\\p{Nd}{2}","É_xAΣ",false],
  ["\\Wς|","aς",true], ["ςΣı"," éK",false],
  ["i{2,3}c","",false], ["(?is:()\\P{Ll}){2,3}k{1,}(?:)+?"," A",false],
  ["c{1,}\\p{Latin}*","ΣK1",false], ["K?i|xſ{1}a?","xẞK😀",false],
  ["\\d(?-u)*[[^~~😀]]|(?is)*\\pLK|","",null], ["(?x)","Σ.B.cS",true],
  [".A+(-*?)+","aß",false], ["\\W{1,}","",false],
  ["..|\\A{0}(?U)","iAſÉxÉé",true], ["\\x{e9}(?is)\\A{2,3}"," 11σ  b",false],
  ["\\b{start}{2}.(?R)","ÉΣ αİαi",true], ["|\\B*(?U){0,2}y*","i_ςi😀bΣ",null],
  ["Σ\\b{start}","É",false], ["sΣ+?","ßc٣-",false],
  ["[[SA-z[:word:]]]*?","",true], ["\\p{Cased}Σ{2,3}","K.KA\rA",false],
  ["\\b{start}|\\z\\p{sc!=Latin}?","",true], ["(?U)*?","ıAß",null],
  ["ẞ+?","ẞkaΣs",true], ["\\A*$?\\b","x-٣bB",true],
  ["1(?R)?","٣_scσ",null], ["(?i)*?K","bẞKΣ.٣K",null],
  ["(a*?)","",true], ["[[a-ÿs]]","αıÉİ ",true],
  ["ẞ|\\>(?:z*i)?|","ſ-",true], ["[^\\p{age=3.0}\\p{age=3.0}&&]$","٣\r1K😀İı",true],
  ["(?-u)","ςσσ٣σ٣İ",true], ["\\b{end-half}","b",true],
  [".{2,3}[^1]+?","AkſaxxK",true], ["[~~a-Z]\\b{start}","α sÉ",null],
  ["[\\n\\p{sc!=Latin}]{1}\\p{Nd}|","kẞİıσΣα",true], ["c{0}","ς",true],
  ["\\p{Any}()(?:(?m){3,})","KKBαc",null], ["|(?s){2}","😀K",null],
  ["((?U){2})[&&&&](?U:)","",null], ["(?u){1}(?-u)*?","s1😀",null],
  ["\\p{ASCII}{2,3}^(?-i)+","Bẞ_ ",null], ["(?i-u:\\p{Cased}*?y|\\b+)+?y*?","٣İı",null],
  ["(?P<n1>)+?(?m){1,}|",".Σaα-x",null], ["\\z(?-s)?ſ{2}|İ.{2,3}","αbſ",null],
  ["\\p{Lu}{1}(?mR)*?|","ÉσéÉ",null], ["(?i){2}","ẞςß",null],
  ["(?:(?:)+?(?i-u)+?B)(?i-u){0,2}","",null], ["(?-s)+?z|.\\b{start-half}||","Kiac\r",null],
  ["(?x){2,3}","ébßb٣",null], ["(?-u)(?is)*?","x B",null],
  ["A+?(?P<n2>[^S]*?(?-s){2}){2,3}","BB",null], ["s?[[&&]][b-zA-ké-9]|","ẞ",null],
  ["[\\.~~]\\b{end}{2}\\pL|z[[i]α-c]","İ٣ſ.s\n",null], ["\\n*?٣{0}(?-u){0}|","٣ςςc_",null],
  ["(?R)+?σ"," α",null], [" (?u){1}","",null],
  [".{2,3}S{1}(?m)+?","😀i1kßa",null], ["σ*(?U)*1+?|.+?","",null],
  ["[é-k😀z]","İ\rikİk",null], ["(?s){2}(?U:\\W\\u00E9{2})","α xS_K",null],
  ["\\p{Any}{0,2}(.\\b+?(?m)?)|k","Éx",null], ["Σ(?x)+?A","ÉßaS٣",null],
  ["(?s){2,3}","cσx",null], ["(?i-u){1,}\\P{Ll}|","aS",null],
  ["_?(?s)+","ß٣",null], ["[Kα-Z]","\nbſ\nb\ni",null],
  ["|-(?R){2,3}|(?:|İ?)*?(?is)","İs1cxς",null], ["[é-c]","٣",null],
  ["(?-u)|[0-ÿ1]\\b{end-half}{0,2}","Ss\rςİςİ",null], ["ẞ*?(?R)(?mR){0}","1",null],
  ["\\z[--](?x)+","SΣ٣bAı",null], ["(?:y(?R)+z{2,3})+?ſ-|.{1,}\\S","αBß",null],
  ["(?mR){0}\\A+?","",null], ["(?i-u)*\\w|","ÉÉ",null],
  ["\\.|(?is){0,2}","ſ😀ki",null], ["1(?x){3,}|\\b{end}+?k{2}","ixc",null],
  ["(?-s){2,3}"," ß__\r",null], ["ẞK(?i-u)+","Éa_α",null],
  ["ς{0}(?i)+","",null], ["|(?s){2}","😀K",null],
];

describe('corpus checked against regex 1.13.1', () => {
  for (const [pattern, subject, expected] of CORPUS) {
    it(`${JSON.stringify(pattern)} on ${JSON.stringify(subject)} → ${expected === null ? 'invalid' : expected}`, () => {
      if (expected === null) {
        expect(isValidRegex(pattern)).toBe(false);
        expect(tenuoErrorOf(() => regexMatch(pattern, subject)).code).toBe(ErrorCode.ConstraintViolation);
      } else {
        expect(regexMatch(pattern, subject)).toBe(expected);
      }
    });
  }
});
