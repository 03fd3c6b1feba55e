/**
 * Resource limits (a hostile expression cannot hang the verifier): the
 * compile-time bounds, the evaluation options, and the step meter.
 *
 * Evaluation is metered: one step per node and per comprehension iteration,
 * plus charges proportional to the size of copied/scanned strings and lists
 * and to regex work; past the budget it fails (TenuoError 1501, deny).
 */
import { fault } from './fault.js';

/** Longest expression accepted, in UTF-8 bytes. */
export const CEL_MAX_EXPRESSION_BYTES = 8192;
/** Deepest bracket/argument nesting accepted by the parser. */
export const CEL_MAX_NESTING = 128;
/** Deepest syntax tree accepted (bounds evaluator recursion). */
export const CEL_MAX_AST_DEPTH = 256;
/** Default evaluation budget (steps; see the module comment). */
export const CEL_DEFAULT_MAX_STEPS = 1_000_000;
/** Compiled programs kept (LRU). */
export const CEL_CACHE_CAPACITY = 256;

export interface CelEvalOptions {
  /** Clock for time_now / time_is_expired / time_since (default: the system clock). */
  now?: Date | number;
  /** Evaluation budget in steps (default CEL_DEFAULT_MAX_STEPS). */
  maxSteps?: number;
  /** When given, `steps` is set to the steps the evaluation consumed. */
  stats?: { steps: number };
}

/** The state of one evaluation: its step meter and its clock. */
export class Machine {
  steps = 0;
  constructor(
    readonly maxSteps: number,
    private readonly clock: (() => bigint) | undefined,
  ) {}
  charge(n: number): void {
    this.steps += n;
    if (this.steps > this.maxSteps) fault(`evaluation budget of ${this.maxSteps} steps exceeded`);
  }
  /** Chargeable cost of touching `n` elements/characters. */
  chargeSize(n: number): void {
    if (n > 64) this.charge(Math.floor(n / 64));
  }
  /** Now, in UTC nanoseconds since the epoch. */
  nowNs(): bigint {
    return this.clock ? this.clock() : BigInt(Date.now()) * 1_000_000n;
  }
}
