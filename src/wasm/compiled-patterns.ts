/**
 * Host side of the WASM pattern engines (glob, regex): both compile a pattern
 * into a slot of a fixed cache inside WASM memory and hand back a handle
 * `generation << SLOT_BITS | slot`. This module remembers which pattern owns
 * which handle, so a pattern is compiled once and recompiled only after the
 * module evicted it (the match export then answers ERR_STALE). It also keeps a
 * bounded memo of patterns known to be invalid, rejects lone surrogates (no
 * Rust `&str` holds one), and copies text as UTF-8 into the scratch region.
 *
 * The engines differ only in their exports, in which error codes they memoize
 * and in the wording of their errors; src/constraints/glob.ts and
 * src/constraints/regex.ts supply those.
 */
import { ErrorCode, TenuoError } from '../errors.js';
import { isWellFormedText } from '../util/text.js';
import { wasm, type TenuoWasmExports } from './module.js';

// Return codes shared by assembly/glob/exports.ts and assembly/regex/exports.ts.
export const PATTERN_ERR_RANGE = -1;
export const PATTERN_ERR_INVALID = -2;
export const PATTERN_ERR_TOO_LONG = -3;
export const PATTERN_ERR_UTF8 = -4;
export const PATTERN_ERR_STALE = -5;

/** The exports every pattern engine has, under engine-neutral names. */
export interface PatternEngineExports {
  compile(patPtr: number, patLen: number): number;
  validate(patPtr: number, patLen: number): number;
  match(handle: number, subjPtr: number, subjLen: number): number;
  slotCount(): number;
  maxPatternBytes(): number;
}

export interface CompiledPatternCacheOptions<E extends PatternEngineExports> {
  /** Engine name used in messages ("too large for glob matching", "glob matcher failed"). */
  readonly name: string;
  /** Picks the engine's exports out of the module's; called once, on first use. */
  readonly engine: (exports: TenuoWasmExports) => E;
  /** Whether a negative compile or validate code is remembered for `pattern`. */
  readonly remembers: (code: number) => boolean;
  /**
   * Message of the ConstraintViolation thrown for an invalid pattern.
   * `pattern` is already clipped to 200 UTF-16 units; `remembered` is true
   * when `code` comes from the memo rather than from this attempt.
   */
  readonly invalidMessage: (pattern: string, code: number, remembered: boolean) => string;
}

interface Binding<E> {
  readonly x: E;
  readonly slotMask: number;
  readonly maxPatternBytes: number;
  /** Pattern text → handle of its compiled program. */
  readonly handles: Map<string, number>;
  /** Slot → the pattern whose program the slot last received. */
  readonly owners: (string | undefined)[];
}

/** Patterns remembered as invalid at most (the memo is cleared when full). */
const MAX_INVALID_REMEMBERED = 256;

const encoder = new TextEncoder();

/** Copies `text` as UTF-8 to the start of the scratch region. Returns the byte length, or -1 when it does not fit. */
function encodeToScratch(text: string): number {
  const view = wasm().scratch();
  // Worst case is 3 bytes per UTF-16 unit; skip encoding what cannot fit.
  if (text.length > view.byteLength) return -1;
  const { read, written } = encoder.encodeInto(text, view);
  return read === text.length ? written : -1;
}

function clip(text: string): string {
  return text.length > 200 ? `${text.slice(0, 200)}…` : text;
}

export class CompiledPatternCache<E extends PatternEngineExports> {
  private binding: Binding<E> | undefined;
  /** Patterns already known to be invalid, with their error code. */
  private readonly invalid = new Map<string, number>();

  constructor(private readonly options: CompiledPatternCacheOptions<E>) {}

  /** The engine's exports (binding the module on first use). */
  engine(): E {
    return this.bind().x;
  }

  /** Longest pattern accepted, in UTF-8 bytes. */
  maxPatternBytes(): number {
    return this.bind().maxPatternBytes;
  }

  /**
   * Matches `subject` against `pattern`, compiling the pattern when it has no
   * live handle.
   *
   * @throws TenuoError ConstraintViolation when the pattern is invalid or the
   *   subject contains a lone surrogate, ValueTooLarge when the subject's
   *   UTF-8 form exceeds the scratch region.
   */
  matches(pattern: string, subject: string): boolean {
    const b = this.bind();
    let handle = b.handles.get(pattern) ?? this.compile(b, pattern);
    if (!isWellFormedText(subject)) {
      throw new TenuoError(ErrorCode.ConstraintViolation, 'value is not well-formed Unicode (lone surrogate); it cannot be matched');
    }
    let r = this.runMatch(b, handle, subject);
    if (r === PATTERN_ERR_STALE) {
      // Evicted by a later compilation that needed its arena space.
      b.handles.delete(pattern);
      handle = this.compile(b, pattern);
      r = this.runMatch(b, handle, subject);
    }
    if (r === 1) return true;
    if (r === 0) return false;
    throw new TenuoError(ErrorCode.ConstraintViolation, `${this.options.name} matcher failed with code ${r}`);
  }

  /** True when the engine accepts `pattern`. Never throws. */
  isValid(pattern: string): boolean {
    const b = this.bind();
    if (b.handles.has(pattern)) return true;
    if (this.invalid.has(pattern)) return false;
    if (!isWellFormedText(pattern)) return false;
    const len = encodeToScratch(pattern);
    if (len < 0 || len > b.maxPatternBytes) return false;
    const r = b.x.validate(wasm().scratchOffset, len);
    if (r < 0 && this.options.remembers(r)) this.remember(pattern, r);
    return r === 0;
  }

  private bind(): Binding<E> {
    if (this.binding) return this.binding;
    const x = this.options.engine(wasm().exports);
    const slots = x.slotCount();
    this.binding = {
      x,
      slotMask: slots - 1,
      maxPatternBytes: x.maxPatternBytes(),
      handles: new Map(),
      owners: new Array<string | undefined>(slots).fill(undefined),
    };
    return this.binding;
  }

  private remember(pattern: string, code: number): void {
    if (this.invalid.size >= MAX_INVALID_REMEMBERED) this.invalid.clear();
    this.invalid.set(pattern, code);
  }

  private invalidPattern(pattern: string, code: number, remembered: boolean): never {
    const clipped = clip(pattern);
    throw new TenuoError(ErrorCode.ConstraintViolation, this.options.invalidMessage(clipped, code, remembered), {
      pattern: clipped,
    });
  }

  /** Compiles `pattern` into a WASM cache slot and records the handle. Throws for invalid patterns. */
  private compile(b: Binding<E>, pattern: string): number {
    const known = this.invalid.get(pattern);
    if (known !== undefined) this.invalidPattern(pattern, known, true);
    if (!isWellFormedText(pattern)) this.invalidPattern(pattern, PATTERN_ERR_UTF8, false);
    const len = encodeToScratch(pattern);
    if (len < 0 || len > b.maxPatternBytes) this.invalidPattern(pattern, PATTERN_ERR_TOO_LONG, false);
    const handle = b.x.compile(wasm().scratchOffset, len);
    if (handle < 0) {
      if (this.options.remembers(handle)) this.remember(pattern, handle);
      this.invalidPattern(pattern, handle, false);
    }
    const slot = handle & b.slotMask;
    const previous = b.owners[slot];
    if (previous !== undefined) b.handles.delete(previous);
    b.owners[slot] = pattern;
    b.handles.set(pattern, handle);
    return handle;
  }

  private runMatch(b: Binding<E>, handle: number, subject: string): number {
    const len = encodeToScratch(subject);
    if (len < 0) {
      throw new TenuoError(
        ErrorCode.ValueTooLarge,
        `value of ${subject.length} UTF-16 units is too large for ${this.options.name} matching (limit ${wasm().scratchSize} UTF-8 bytes)`,
      );
    }
    return b.x.match(handle, wasm().scratchOffset, len);
  }
}
