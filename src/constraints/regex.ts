/**
 * Regular-expression matching of the `Regex` constraint (wire type 5), with
 * the semantics of the reference's `regex::Regex::new(text)?.is_match(value)`
 * (regex 1.13.1, default builder): Unicode-aware, case-sensitive, unanchored
 * search (true when any substring matches), `$` only at the very end,
 * guaranteed linear time. See /work/shared/semantics/glob-regex.md §3.
 *
 * Parsing, compilation and matching run in the WASM module (assembly/regex/):
 * a Pike VM over Unicode scalar values with Unicode 16 tables. Compiled
 * programs live in a 32-slot cache inside WASM memory; the host side of that
 * cache (src/wasm/compiled-patterns.ts) compiles a pattern once and recompiles
 * it only after the module evicted it.
 */
import {
  CompiledPatternCache, PATTERN_ERR_INVALID, PATTERN_ERR_RANGE, PATTERN_ERR_TOO_LONG, PATTERN_ERR_UTF8,
  type PatternEngineExports,
} from '../wasm/compiled-patterns.js';

interface RegexExports {
  regexCompile(patPtr: number, patLen: number): number;
  regexValidate(patPtr: number, patLen: number): number;
  regexMatch(handle: number, subjPtr: number, subjLen: number): number;
  regexSteps(): number;
  regexSlotCount(): number;
  regexMaxPatternBytes(): number;
  regexMaxInstructions(): number;
}

interface RegexEngine extends PatternEngineExports {
  steps(): number;
  maxInstructions(): number;
}

// Return codes of assembly/regex/exports.ts beyond the shared PATTERN_ERR_* (-1 to -5).
const ERR_TOO_LARGE = -6;
const ERR_UNSUPPORTED = -7;

function reasonFor(code: number): string {
  switch (code) {
    case PATTERN_ERR_INVALID:
      return 'rejected by the regex syntax';
    case ERR_UNSUPPORTED:
      return 'look-around and backreferences are not supported';
    case ERR_TOO_LARGE:
      return 'compiled regex exceeds the size limit';
    case PATTERN_ERR_TOO_LONG:
    case PATTERN_ERR_RANGE:
      return `pattern longer than ${regexes.maxPatternBytes()} UTF-8 bytes`;
    case PATTERN_ERR_UTF8:
      return 'pattern is not well-formed Unicode';
    default:
      return `compiler error ${code}`;
  }
}

const regexes = new CompiledPatternCache<RegexEngine>({
  name: 'regex',
  engine: (exports) => {
    const x = exports as unknown as RegexExports;
    return {
      compile: x.regexCompile,
      validate: x.regexValidate,
      match: x.regexMatch,
      slotCount: x.regexSlotCount,
      maxPatternBytes: x.regexMaxPatternBytes,
      steps: x.regexSteps,
      maxInstructions: x.regexMaxInstructions,
    };
  },
  // Every compile or validate error is remembered, with its code.
  remembers: () => true,
  invalidMessage: (pattern, code) => `invalid regex: ${reasonFor(code)} in ${JSON.stringify(pattern)}`,
});

/**
 * `regex::Regex::new(pattern)?.is_match(subject)` of the reference.
 *
 * @throws TenuoError ConstraintViolation (1501) with a message starting with
 *   "invalid regex: " when the pattern is invalid (the reference's
 *   `InvalidPattern`, raised on every match call).
 * @throws TenuoError ConstraintViolation when the subject contains a lone
 *   surrogate (no Rust string can hold it), ValueTooLarge when its UTF-8 form
 *   exceeds the 1 MiB scratch region.
 */
export function regexMatch(pattern: string, subject: string): boolean {
  return regexes.matches(pattern, subject);
}

/** True when the reference's `regex::Regex::new` accepts `pattern`. Never throws. */
export function isValidRegex(pattern: string): boolean {
  return regexes.isValid(pattern);
}

/** @internal Work units of the last match in WASM (instruction visits + scalar tests), for tests. */
export function lastRegexMatchSteps(): number {
  return regexes.engine().steps();
}

/** @internal Longest pattern accepted, in UTF-8 bytes. */
export function maxRegexPatternBytes(): number {
  return regexes.maxPatternBytes();
}

/** @internal Most instructions a compiled program may have. */
export function maxRegexInstructions(): number {
  return regexes.engine().maxInstructions();
}
