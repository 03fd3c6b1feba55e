/**
 * The syntax tree cel-parser 0.10.1 builds (reduced to what evaluation
 * needs: macros are comprehension nodes, `has(a.b)` is a select with `test`).
 */
import type { CelVal } from './values.js';

export type BinOp = '+' | '-' | '*' | '/' | '%' | '==' | '!=' | '<' | '<=' | '>' | '>=' | 'in' | 'index';
export type MacroKind = 'all' | 'exists' | 'exists_one' | 'map' | 'filter';

export type Node =
  | { k: 'lit'; v: CelVal }
  | { k: 'ident'; name: string }
  | { k: 'select'; operand: Node; field: string; test: boolean }
  | { k: 'call'; name: string; target: Node | undefined; args: Node[] }
  | { k: 'or'; terms: Node[] }
  | { k: 'and'; terms: Node[] }
  | { k: 'cond'; c: Node; t: Node; f: Node }
  | { k: 'not'; arg: Node }
  | { k: 'neg'; arg: Node }
  | { k: 'bin'; op: BinOp; l: Node; r: Node }
  | { k: 'list'; elems: Node[] }
  | { k: 'map'; entries: Array<readonly [Node, Node]> }
  | { k: 'struct'; name: string }
  /** A macro: iterate `range` binding `v`; `a` is the predicate (or the map transform), `b` the 3-argument map's filter. */
  | { k: 'compr'; macro: MacroKind; range: Node; v: string; a: Node; b: Node | undefined };

/** Height of the tree, bounded by CEL_MAX_AST_DEPTH (a comprehension counts as two levels). */
export function astDepth(n: Node): number {
  switch (n.k) {
    case 'lit':
    case 'ident':
    case 'struct':
      return 1;
    case 'select':
      return 1 + astDepth(n.operand);
    case 'call':
      return 1 + Math.max(n.target ? astDepth(n.target) : 0, ...n.args.map(astDepth));
    case 'or':
    case 'and':
      return 1 + Math.max(...n.terms.map(astDepth));
    case 'cond':
      return 1 + Math.max(astDepth(n.c), astDepth(n.t), astDepth(n.f));
    case 'not':
    case 'neg':
      return 1 + astDepth(n.arg);
    case 'bin':
      return 1 + Math.max(astDepth(n.l), astDepth(n.r));
    case 'list':
      return 1 + Math.max(0, ...n.elems.map(astDepth));
    case 'map':
      return 1 + Math.max(0, ...n.entries.map(([k, v]) => Math.max(astDepth(k), astDepth(v))));
    case 'compr':
      return 2 + Math.max(astDepth(n.range), astDepth(n.a), n.b ? astDepth(n.b) : 0);
  }
}
