/**
 * Glob matching (split from test/constraints/glob.test.ts): sizes and limits,
 * strings no Rust &str can hold, no exponential blow-up, the compiled-program
 * cache and the raw WASM exports of the matcher in assembly/glob/.
 */
import { describe, expect, it } from 'vitest';
import { globMatch, isValidGlob, lastGlobMatchSteps, maxGlobPatternBytes } from '../../../src/constraints/glob.js';
import { ErrorCode } from '../../../src/errors.js';
import { tenuoErrorOf } from '../pattern-helpers.js';
import { wasm } from '../../../src/wasm/module.js';

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
