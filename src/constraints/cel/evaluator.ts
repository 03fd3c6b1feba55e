/**
 * The tree-walking evaluator (cel-interpreter 0.10.0 `Value::resolve`).
 * Operands run left to right and the first error is the result (no error
 * absorption); `a || b` returns `a` itself when truthy, else `b` itself;
 * `a && b`, `!x` and `c ? x : y` use truthiness.
 */
import type { Node } from './ast.js';
import { Call } from './call.js';
import { fault } from './fault.js';
import { FUNCTIONS } from './functions.js';
import type { Machine } from './limits.js';
import { binary, truthy } from './operators.js';
import { asKey, CelFunctionValue, CelMap, type CelVal, isList, keyId, keyText, type MapKey, typeName } from './values.js';

/** Variable bindings; a comprehension's loop variable shadows the outer scope. */
export class Scope {
  constructor(
    private readonly vars: Map<string, CelVal>,
    private readonly parent?: Scope,
  ) {}
  lookup(name: string): CelVal | undefined {
    const v = this.vars.get(name);
    if (v !== undefined) return v;
    return this.parent?.lookup(name);
  }
  set(name: string, value: CelVal): void {
    this.vars.set(name, value);
  }
}

function iterationItems(range: CelVal): readonly CelVal[] {
  if (isList(range)) return range;
  if (range instanceof CelMap) return Array.from(range.entries.values(), ([k]) => k as CelVal);
  fault(`cannot iterate over ${typeName(range)}`);
}

/** `Value::resolve`: the value of `n` in `scope`, one step per node. */
export function evaluate(n: Node, scope: Scope, m: Machine): CelVal {
  m.charge(1);
  switch (n.k) {
    case 'lit':
      return n.v;
    case 'ident': {
      const v = scope.lookup(n.name);
      if (v === undefined) fault(`undeclared reference to '${n.name}'`);
      return v;
    }
    case 'select': {
      const operand = evaluate(n.operand, scope, m);
      if (n.test) {
        if (!(operand instanceof CelMap)) return false;
        m.chargeSize(operand.size);
        for (const [k] of operand.entries.values()) if (keyText(k) === n.field) return true;
        return false;
      }
      if (operand instanceof CelMap) {
        const hit = operand.entries.get(keyId(n.field));
        if (hit) return hit[1];
      }
      if (FUNCTIONS.has(n.field)) return new CelFunctionValue(n.field, operand);
      fault(`no such key: ${n.field}`);
    }
    case 'or': {
      let v: CelVal = false;
      for (const term of n.terms) {
        v = evaluate(term, scope, m);
        if (truthy(v)) return v;
      }
      return v;
    }
    case 'and':
      for (const term of n.terms) if (!truthy(evaluate(term, scope, m))) return false;
      return true;
    case 'cond':
      return truthy(evaluate(n.c, scope, m)) ? evaluate(n.t, scope, m) : evaluate(n.f, scope, m);
    case 'not':
      return !truthy(evaluate(n.arg, scope, m));
    case 'neg': {
      const v = evaluate(n.arg, scope, m);
      // i64 negation wraps in the reference's release builds (-i64::MIN == i64::MIN).
      if (typeof v === 'bigint') return BigInt.asIntN(64, -v);
      if (typeof v === 'number') return -v;
      fault(`unsupported unary operator 'minus': ${typeName(v)}`);
    }
    case 'bin':
      return binary(n.op, evaluate(n.l, scope, m), evaluate(n.r, scope, m), m);
    case 'list':
      return n.elems.map((e) => evaluate(e, scope, m));
    case 'map': {
      const entries = new Map<string, readonly [MapKey, CelVal]>();
      for (const [ke, ve] of n.entries) {
        const kv = evaluate(ke, scope, m);
        const key = asKey(kv);
        if (key === undefined) fault(`unable to use value '${typeName(kv)}' as a key`);
        entries.set(keyId(key), [key, evaluate(ve, scope, m)]);
      }
      return new CelMap(entries);
    }
    case 'struct':
      return fault(`message construction (${n.name}{…}) is not supported`);
    case 'call': {
      // Like the reference: the first argument of a 1- or 2-argument call is
      // evaluated before the function is looked up, the target after.
      const first = n.args.length === 1 || n.args.length === 2 ? evaluate(n.args[0] as Node, scope, m) : undefined;
      const fn = FUNCTIONS.get(n.name);
      if (!fn) fault(`undeclared reference to '${n.name}'`);
      const target = n.target ? evaluate(n.target, scope, m) : undefined;
      const resolve = (i: number): CelVal => (i === 0 && first !== undefined ? first : evaluate(n.args[i] as Node, scope, m));
      return fn(new Call(m, n.name, target, n.args.length, resolve));
    }
    case 'compr':
      return comprehension(n, scope, m);
  }
}

/**
 * The macros, evaluated as the reference evaluates their expansions
 * (accumulator `@result`, loop condition checked before each element).
 */
function comprehension(n: Extract<Node, { k: 'compr' }>, scope: Scope, m: Machine): CelVal {
  const items = iterationItems(evaluate(n.range, scope, m));
  const inner = new Scope(new Map(), scope);
  switch (n.macro) {
    case 'all':
      for (const item of items) {
        m.charge(1);
        inner.set(n.v, item);
        if (!truthy(evaluate(n.a, inner, m))) return false;
      }
      return true;
    case 'exists': {
      // step `@result || p` keeps the predicate's own value; the loop stops once it is truthy.
      let accu: CelVal = false;
      for (const item of items) {
        m.charge(1);
        if (truthy(accu)) break;
        inner.set(n.v, item);
        accu = evaluate(n.a, inner, m);
      }
      return accu;
    }
    case 'exists_one': {
      let count = 0n;
      for (const item of items) {
        m.charge(1);
        inner.set(n.v, item);
        if (truthy(evaluate(n.a, inner, m))) count++;
      }
      return count === 1n;
    }
    case 'map': {
      const out: CelVal[] = [];
      for (const item of items) {
        m.charge(1);
        inner.set(n.v, item);
        if (n.b && !truthy(evaluate(n.b, inner, m))) continue;
        out.push(evaluate(n.a, inner, m));
      }
      return out;
    }
    case 'filter': {
      const out: CelVal[] = [];
      for (const item of items) {
        m.charge(1);
        inner.set(n.v, item);
        if (truthy(evaluate(n.a, inner, m))) out.push(item);
      }
      return out;
    }
  }
}
