/**
 * A function call in progress: the `FunctionContext` of cel-interpreter
 * 0.10.0 through which every built-in reads its target and arguments.
 * Arguments are evaluated lazily, in order, when the function asks for them
 * (so which error wins matches the reference); extra arguments are ignored.
 */
import { fault } from './fault.js';
import type { Machine } from './limits.js';
import { type LocalTime, localTime } from './time.js';
import { CelTimestamp, type CelVal, typeName } from './values.js';

export type CelFunction = (c: Call) => CelVal;

export class Call {
  private next = 0;
  /**
   * @param target the method receiver (`x` of `x.f()`), undefined for a global call
   * @param resolve evaluates argument `i` (0 ≤ i < argCount)
   */
  constructor(
    readonly m: Machine,
    readonly name: string,
    private readonly target: CelVal | undefined,
    private readonly argCount: number,
    private readonly resolve: (i: number) => CelVal,
  ) {}

  /** The next positional argument. */
  arg(): CelVal {
    const i = this.next++;
    if (i >= this.argCount) fault(`${this.name}: invalid argument count: expected ${i + 1}, got ${this.argCount}`);
    return this.resolve(i);
  }

  /** `This<Value>`: the method target, else the next argument. */
  self(): CelVal {
    if (this.target !== undefined) return this.target;
    if (this.next >= this.argCount) fault(`${this.name}: missing argument or target`);
    return this.arg();
  }

  /** `Arguments`: every argument (the target is not one). */
  all(): CelVal[] {
    return Array.from({ length: this.argCount }, (_, i) => this.resolve(i));
  }

  string(v: CelVal): string {
    if (typeof v !== 'string') fault(`${this.name}: unexpected type: got ${typeName(v)}, want string`);
    return v;
  }

  timestamp(v: CelVal): LocalTime {
    if (!(v instanceof CelTimestamp)) fault(`${this.name}: unexpected type: got ${typeName(v)}, want timestamp`);
    return localTime(v);
  }
}
