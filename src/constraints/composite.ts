/** The combinators All (AND), Any (OR) and Not. */
import type { CborWriter } from '../cbor/writer.js';
import type { ConstraintValue } from '../model/value.js';
import { Constraint, ConstraintTypeId, MAX_CONSTRAINT_NESTING, invalidConstraint } from './base.js';

function expectConstraints(list: unknown, what: string): Constraint[] {
  if (!Array.isArray(list) || !list.every((c) => c instanceof Constraint)) invalidConstraint(`${what} needs an array of constraints`);
  return [...list];
}

/** Levels of All/Any/Not at and below `c` (a leaf counts 0). */
export function nestingDepth(c: Constraint): number {
  if (c instanceof All || c instanceof Any) return 1 + Math.max(0, ...c.constraints.map(nestingDepth));
  if (c instanceof Not) return 1 + nestingDepth(c.constraint);
  return 0;
}

function checkDepth(c: Constraint): void {
  if (nestingDepth(c) > MAX_CONSTRAINT_NESTING) invalidConstraint(`constraint nesting exceeds ${MAX_CONSTRAINT_NESTING} levels`);
}

abstract class ListCombinator extends Constraint {
  readonly constraints: readonly Constraint[];
  constructor(constraints: readonly Constraint[], what: string) {
    super();
    this.constraints = expectConstraints(constraints, what);
    checkDepth(this);
  }
  writeValue(w: CborWriter): void {
    w.mapHeader(1).text('constraints').arrayHeader(this.constraints.length);
    for (const c of this.constraints) c.write(w);
  }
  toJSON() {
    return { type: this.typeName, constraints: this.constraints.map((c) => c.toJSON()) };
  }
}

export class All extends ListCombinator {
  readonly typeId = ConstraintTypeId.All;
  readonly typeName = 'All';
  constructor(constraints: readonly Constraint[]) {
    super(constraints, 'All');
  }
  /** Left to right, stopping at the first false; an error met before that propagates. Empty: true. */
  matches(value: ConstraintValue): boolean {
    for (const c of this.constraints) if (!c.matches(value)) return false;
    return true;
  }
}

export class Any extends ListCombinator {
  readonly typeId = ConstraintTypeId.Any;
  readonly typeName = 'Any';
  constructor(constraints: readonly Constraint[]) {
    super(constraints, 'Any');
  }
  /** Left to right, stopping at the first true; an error met before that propagates. Empty: false. */
  matches(value: ConstraintValue): boolean {
    for (const c of this.constraints) if (c.matches(value)) return true;
    return false;
  }
}

export class Not extends Constraint {
  readonly typeId = ConstraintTypeId.Not;
  readonly typeName = 'Not';
  readonly constraint: Constraint;
  constructor(constraint: Constraint) {
    super();
    if (!(constraint instanceof Constraint)) invalidConstraint('Not needs a constraint');
    this.constraint = constraint;
    checkDepth(this);
  }
  /** Negation; an error of the inner constraint propagates (it never becomes true). */
  matches(value: ConstraintValue): boolean {
    return !this.constraint.matches(value);
  }
  writeValue(w: CborWriter): void {
    w.mapHeader(1).text('constraint');
    this.constraint.write(w);
  }
  toJSON() {
    return { type: this.typeName, constraint: this.constraint.toJSON() };
  }
}
