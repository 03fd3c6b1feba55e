/**
 * Regular-expression matching of the `Regex` constraint (wire type 5), with
 * the semantics of the reference's `regex::Regex::new(text)?.is_match(value)`
 * (regex 1.13.1, default builder): Unicode-aware, case-sensitive, unanchored
 * search (true when any substring matches), `$` only at the very end,
 * guaranteed linear time. See /work/shared/semantics/glob-regex.md §3.
 *
 * Parsing, compilation and matching run in the WASM module (assembly/regex/):
 * a Pike VM over Unicode scalar values with Unicode 16 tables. Compiled
 * programs live in a 32-slot cache inside WASM memory; this side remembers
 * which pattern owns which slot, so a pattern is compiled once and recompiled
 * only after the module evicted it.
 */
import { ErrorCode, TenuoError } from '../errors.js';
import { wasm } from '../wasm/module.js';

interface RegexExports {
  regexCompile(patPtr: number, patLen: number): number;
  regexValidate(patPtr: number, patLen: number): number;
  regexMatch(handle: number, subjPtr: number, subjLen: number): number;
  regexSteps(): number;
  regexSlotCount(): number;
  regexMaxPatternBytes(): number;
  regexMaxInstructions(): number;
}

// Return codes of assembly/regex/exports.ts.
const ERR_RANGE = -1;
const ERR_INVALID = -2;
const ERR_TOO_LONG = -3;
const ERR_UTF8 = -4;
const ERR_STALE = -5;
const ERR_TOO_LARGE = -6;
const ERR_UNSUPPORTED = -7;

const encoder = new TextEncoder();

interface Binding {
  readonly x: RegexExports;
  readonly slotMask: number;
  readonly maxPatternBytes: number;
  /** Pattern text → handle of its compiled program. */
  readonly handles: Map<string, number>;
  /** Slot → the pattern whose program the slot last received. */
  readonly owners: (string | undefined)[];
}

let binding: Binding | undefined;

function bind(): Binding {
  if (binding) return binding;
  const x = wasm().exports as unknown as RegexExports;
  const slots = x.regexSlotCount();
  binding = {
    x,
    slotMask: slots - 1,
    maxPatternBytes: x.regexMaxPatternBytes(),
    handles: new Map(),
    owners: new Array<string | undefined>(slots).fill(undefined),
  };
  return binding;
}

/** Patterns already known to be invalid, with their error code (bounded; cleared when full). */
const invalidPatterns = new Map<string, number>();
const MAX_INVALID_REMEMBERED = 256;

function rememberInvalid(pattern: string, code: number): void {
  if (invalidPatterns.size >= MAX_INVALID_REMEMBERED) invalidPatterns.clear();
  invalidPatterns.set(pattern, code);
}

function clip(text: string): string {
  return text.length > 200 ? `${text.slice(0, 200)}…` : text;
}

function invalidPattern(pattern: string, code: number): never {
  throw new TenuoError(ErrorCode.ConstraintViolation, `invalid regex: ${reasonFor(code)} in ${JSON.stringify(clip(pattern))}`, {
    pattern: clip(pattern),
  });
}

/** Lone surrogates cannot occur in a Rust `&str`; UTF-8 encoding would silently turn them into U+FFFD. */
const hasIsWellFormed = typeof (String.prototype as { isWellFormed?: unknown }).isWellFormed === 'function';
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
function isWellFormed(text: string): boolean {
  return hasIsWellFormed ? (text as unknown as { isWellFormed(): boolean }).isWellFormed() : !LONE_SURROGATE.test(text);
}

/** Copies `text` as UTF-8 to the start of the scratch region. Returns the byte length, or -1 when it does not fit. */
function encodeToScratch(text: string): number {
  const view = wasm().scratch();
  if (text.length > view.byteLength) return -1;
  const { read, written } = encoder.encodeInto(text, view);
  return read === text.length ? written : -1;
}

function reasonFor(code: number): string {
  switch (code) {
    case ERR_INVALID:
      return 'rejected by the regex syntax';
    case ERR_UNSUPPORTED:
      return 'look-around and backreferences are not supported';
    case ERR_TOO_LARGE:
      return 'compiled regex exceeds the size limit';
    case ERR_TOO_LONG:
    case ERR_RANGE:
      return `pattern longer than ${bind().maxPatternBytes} UTF-8 bytes`;
    case ERR_UTF8:
      return 'pattern is not well-formed Unicode';
    default:
      return `compiler error ${code}`;
  }
}

/** Compiles `pattern` into a WASM cache slot and records the handle. Throws for invalid patterns. */
function compile(b: Binding, pattern: string): number {
  const known = invalidPatterns.get(pattern);
  if (known !== undefined) invalidPattern(pattern, known);
  if (!isWellFormed(pattern)) invalidPattern(pattern, ERR_UTF8);
  const len = encodeToScratch(pattern);
  if (len < 0 || len > b.maxPatternBytes) invalidPattern(pattern, ERR_TOO_LONG);
  const handle = b.x.regexCompile(wasm().scratchOffset, len);
  if (handle < 0) {
    rememberInvalid(pattern, handle);
    invalidPattern(pattern, handle);
  }
  const slot = handle & b.slotMask;
  const previous = b.owners[slot];
  if (previous !== undefined) b.handles.delete(previous);
  b.owners[slot] = pattern;
  b.handles.set(pattern, handle);
  return handle;
}

function runMatch(b: Binding, handle: number, subject: string): number {
  const len = encodeToScratch(subject);
  if (len < 0) {
    throw new TenuoError(
      ErrorCode.ValueTooLarge,
      `value of ${subject.length} UTF-16 units is too large for regex matching (limit ${wasm().scratchSize} UTF-8 bytes)`,
    );
  }
  return b.x.regexMatch(handle, wasm().scratchOffset, len);
}

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
  const b = bind();
  let handle = b.handles.get(pattern) ?? compile(b, pattern);
  if (!isWellFormed(subject)) {
    throw new TenuoError(ErrorCode.ConstraintViolation, 'value is not well-formed Unicode (lone surrogate); it cannot be matched');
  }
  let r = runMatch(b, handle, subject);
  if (r === ERR_STALE) {
    // Evicted by a later compilation that needed its arena space.
    b.handles.delete(pattern);
    handle = compile(b, pattern);
    r = runMatch(b, handle, subject);
  }
  if (r === 1) return true;
  if (r === 0) return false;
  throw new TenuoError(ErrorCode.ConstraintViolation, `regex matcher failed with code ${r}`);
}

/** True when the reference's `regex::Regex::new` accepts `pattern`. Never throws. */
export function isValidRegex(pattern: string): boolean {
  const b = bind();
  if (b.handles.has(pattern)) return true;
  if (invalidPatterns.has(pattern)) return false;
  if (!isWellFormed(pattern)) return false;
  const len = encodeToScratch(pattern);
  if (len < 0 || len > b.maxPatternBytes) return false;
  const r = b.x.regexValidate(wasm().scratchOffset, len);
  if (r < 0) rememberInvalid(pattern, r);
  return r === 0;
}

/** @internal Work units of the last match in WASM (instruction visits + scalar tests), for tests. */
export function lastRegexMatchSteps(): number {
  return bind().x.regexSteps();
}

/** @internal Longest pattern accepted, in UTF-8 bytes. */
export function maxRegexPatternBytes(): number {
  return bind().maxPatternBytes;
}

/** @internal Most instructions a compiled program may have. */
export function maxRegexInstructions(): number {
  return bind().x.regexMaxInstructions();
}
