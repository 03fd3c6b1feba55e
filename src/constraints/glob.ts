/**
 * Glob matching of the `Pattern` constraint (wire type 2), with the semantics
 * of the reference's `glob::Pattern::new(text)?.matches(value)` (glob 0.3.3,
 * Unix rules): anchored, case-sensitive, on Unicode scalar values, `*` and `?`
 * and sets cross `/`, `**` only as a whole path component, no escapes.
 *
 * Compilation and matching run in the WASM module (assembly/glob/). Compiled
 * programs live in a 64-slot cache inside WASM memory; the host side of that
 * cache (src/wasm/compiled-patterns.ts) compiles a pattern once and recompiles
 * it only after the module evicted it.
 */
import {
  CompiledPatternCache, PATTERN_ERR_INVALID, PATTERN_ERR_RANGE, PATTERN_ERR_TOO_LONG, PATTERN_ERR_UTF8,
  type PatternEngineExports,
} from '../wasm/compiled-patterns.js';

interface GlobExports {
  globCompile(patPtr: number, patLen: number): number;
  globValidate(patPtr: number, patLen: number): number;
  globMatch(handle: number, subjPtr: number, subjLen: number): number;
  globSteps(): number;
  globSlotCount(): number;
  globMaxPatternBytes(): number;
}

interface GlobEngine extends PatternEngineExports {
  steps(): number;
}

// assembly/glob/exports.ts returns only the shared PATTERN_ERR_* codes (-1 to -5).

function reasonFor(code: number): string {
  switch (code) {
    case PATTERN_ERR_INVALID:
      return 'rejected by the glob syntax (unclosed "[", "***", or "**" not forming a whole path component)';
    case PATTERN_ERR_TOO_LONG:
    case PATTERN_ERR_RANGE:
      return `longer than ${globs.maxPatternBytes()} UTF-8 bytes`;
    case PATTERN_ERR_UTF8:
      return 'not well-formed Unicode';
    default:
      return `compiler error ${code}`;
  }
}

const globs = new CompiledPatternCache<GlobEngine>({
  name: 'glob',
  engine: (exports) => {
    const x = exports as unknown as GlobExports;
    return {
      compile: x.globCompile,
      validate: x.globValidate,
      match: x.globMatch,
      slotCount: x.globSlotCount,
      maxPatternBytes: x.globMaxPatternBytes,
      steps: x.globSteps,
    };
  },
  // Only syntax errors are properties of the pattern text alone.
  remembers: (code) => code === PATTERN_ERR_INVALID,
  invalidMessage: (pattern, code, remembered) =>
    `invalid glob pattern ${JSON.stringify(pattern)}: ${remembered ? 'rejected by the glob syntax' : reasonFor(code)}`,
});

/**
 * `glob::Pattern::new(pattern)?.matches(subject)` of the reference.
 *
 * @throws TenuoError ConstraintViolation (1501) when the pattern is invalid
 *   (the reference's `InvalidPattern`, raised on every match call).
 * @throws TenuoError ConstraintViolation when the subject contains a lone
 *   surrogate (no Rust string can hold it), ValueTooLarge when its UTF-8 form
 *   exceeds the 1 MiB scratch region.
 */
export function globMatch(pattern: string, subject: string): boolean {
  return globs.matches(pattern, subject);
}

/** True when the reference's `glob::Pattern::new` accepts `pattern`. Never throws. */
export function isValidGlob(pattern: string): boolean {
  return globs.isValid(pattern);
}

/** @internal Work units of the last match in WASM (token tests + candidate positions), for tests. */
export function lastGlobMatchSteps(): number {
  return globs.engine().steps();
}

/** @internal Longest pattern accepted, in UTF-8 bytes. */
export function maxGlobPatternBytes(): number {
  return globs.maxPatternBytes();
}
