/**
 * Glob matching of the `Pattern` constraint (wire type 2), with the semantics
 * of the reference's `glob::Pattern::new(text)?.matches(value)` (glob 0.3.3,
 * Unix rules): anchored, case-sensitive, on Unicode scalar values, `*` and `?`
 * and sets cross `/`, `**` only as a whole path component, no escapes.
 *
 * Compilation and matching run in the WASM module (assembly/glob/). Compiled
 * programs live in a 64-slot cache inside WASM memory; this side remembers
 * which pattern owns which slot, so a pattern is compiled once and recompiled
 * only after the module evicted it.
 */
import { ErrorCode, TenuoError } from '../errors.js';
import { wasm } from '../wasm/module.js';

interface GlobExports {
  globCompile(patPtr: number, patLen: number): number;
  globValidate(patPtr: number, patLen: number): number;
  globMatch(handle: number, subjPtr: number, subjLen: number): number;
  globSteps(): number;
  globSlotCount(): number;
  globMaxPatternBytes(): number;
}

// Return codes of assembly/glob/exports.ts.
const ERR_RANGE = -1;
const ERR_INVALID = -2;
const ERR_TOO_LONG = -3;
const ERR_UTF8 = -4;
const ERR_STALE = -5;

const encoder = new TextEncoder();

interface Binding {
  readonly x: GlobExports;
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
  const x = wasm().exports as unknown as GlobExports;
  const slots = x.globSlotCount();
  binding = {
    x,
    slotMask: slots - 1,
    maxPatternBytes: x.globMaxPatternBytes(),
    handles: new Map(),
    owners: new Array<string | undefined>(slots).fill(undefined),
  };
  return binding;
}

/** Patterns already known to be invalid (bounded; cleared when full). */
const invalidPatterns = new Set<string>();
const MAX_INVALID_REMEMBERED = 256;

function rememberInvalid(pattern: string): void {
  if (invalidPatterns.size >= MAX_INVALID_REMEMBERED) invalidPatterns.clear();
  invalidPatterns.add(pattern);
}

function invalidPattern(pattern: string, reason: string): never {
  throw new TenuoError(ErrorCode.ConstraintViolation, `invalid glob pattern ${JSON.stringify(clip(pattern))}: ${reason}`, {
    pattern: clip(pattern),
  });
}

function clip(text: string): string {
  return text.length > 200 ? `${text.slice(0, 200)}…` : text;
}

/** Lone surrogates cannot occur in a Rust `&str`; UTF-8 encoding would silently turn them into U+FFFD. */
const hasIsWellFormed = typeof (String.prototype as { isWellFormed?: unknown }).isWellFormed === 'function';
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
function isWellFormed(text: string): boolean {
  return hasIsWellFormed ? (text as unknown as { isWellFormed(): boolean }).isWellFormed() : !LONE_SURROGATE.test(text);
}

/**
 * Copies `text` as UTF-8 to the start of the scratch region. Returns the byte
 * length, or -1 when it does not fit.
 */
function encodeToScratch(text: string): number {
  const view = wasm().scratch();
  // Worst case is 3 bytes per UTF-16 unit; skip encoding what cannot fit.
  if (text.length > view.byteLength) return -1;
  const { read, written } = encoder.encodeInto(text, view);
  return read === text.length ? written : -1;
}

function reasonFor(code: number): string {
  switch (code) {
    case ERR_INVALID:
      return 'rejected by the glob syntax (unclosed "[", "***", or "**" not forming a whole path component)';
    case ERR_TOO_LONG:
    case ERR_RANGE:
      return `longer than ${bind().maxPatternBytes} UTF-8 bytes`;
    case ERR_UTF8:
      return 'not well-formed Unicode';
    default:
      return `compiler error ${code}`;
  }
}

/** Compiles `pattern` into a WASM cache slot and records the handle. Throws for invalid patterns. */
function compile(b: Binding, pattern: string): number {
  if (invalidPatterns.has(pattern)) invalidPattern(pattern, 'rejected by the glob syntax');
  if (!isWellFormed(pattern)) invalidPattern(pattern, reasonFor(ERR_UTF8));
  const len = encodeToScratch(pattern);
  if (len < 0 || len > b.maxPatternBytes) invalidPattern(pattern, reasonFor(ERR_TOO_LONG));
  const handle = b.x.globCompile(wasm().scratchOffset, len);
  if (handle < 0) {
    if (handle === ERR_INVALID) rememberInvalid(pattern);
    invalidPattern(pattern, reasonFor(handle));
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
      `value of ${subject.length} UTF-16 units is too large for glob matching (limit ${wasm().scratchSize} UTF-8 bytes)`,
    );
  }
  return b.x.globMatch(handle, wasm().scratchOffset, len);
}

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
  throw new TenuoError(ErrorCode.ConstraintViolation, `glob matcher failed with code ${r}`);
}

/** True when the reference's `glob::Pattern::new` accepts `pattern`. Never throws. */
export function isValidGlob(pattern: string): boolean {
  const b = bind();
  if (b.handles.has(pattern)) return true;
  if (invalidPatterns.has(pattern)) return false;
  if (!isWellFormed(pattern)) return false;
  const len = encodeToScratch(pattern);
  if (len < 0 || len > b.maxPatternBytes) return false;
  const r = b.x.globValidate(wasm().scratchOffset, len);
  if (r === ERR_INVALID) rememberInvalid(pattern);
  return r === 0;
}

/** @internal Work units of the last match in WASM (token tests + candidate positions), for tests. */
export function lastGlobMatchSteps(): number {
  return bind().x.globSteps();
}

/** @internal Longest pattern accepted, in UTF-8 bytes. */
export function maxGlobPatternBytes(): number {
  return bind().maxPatternBytes;
}
