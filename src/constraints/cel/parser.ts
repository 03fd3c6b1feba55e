/**
 * Parser: CEL.g4 as cel-parser 0.10.1 visits it, by recursive descent with
 * the grammar's precedence (`?:`, `||`, `&&`, relations, `+ -`, `* / %`,
 * unary, member). Nesting is bounded by CEL_MAX_NESTING; the optional-field
 * syntax (`.?`, `[?`, `?` entries) is rejected.
 */
import type { BinOp, MacroKind, Node } from './ast.js';
import { fault } from './fault.js';
import { lex, type Token } from './lexer.js';
import { CEL_MAX_NESTING } from './limits.js';
import { intLiteral, uintLiteral, unquoteBytes, unquoteString } from './literals.js';
import { parseRustF64 } from './rust.js';

/** The syntax tree of `expression`; throws CelFault on a lexical or syntax error. */
export function parse(expression: string): Node {
  return new Parser(lex(expression)).parse();
}

const REL_OPS = new Set(['<', '<=', '>=', '>', '==', '!=']);

class Parser {
  private pos = 0;
  private depth = 0;
  constructor(private readonly toks: Token[]) {}

  parse(): Node {
    const e = this.expr();
    if (this.peek().kind !== 'eof') this.unexpected();
    return e;
  }

  private peek(offset = 0): Token {
    return this.toks[Math.min(this.pos + offset, this.toks.length - 1)] as Token;
  }

  private next(): Token {
    const t = this.peek();
    if (t.kind !== 'eof') this.pos++;
    return t;
  }

  private isOp(t: Token, text: string): boolean {
    return t.kind === 'op' && t.text === text;
  }

  private expectOp(text: string): void {
    if (!this.isOp(this.peek(), text)) this.unexpected(`'${text}'`);
    this.pos++;
  }

  private unexpected(wanted?: string): never {
    const t = this.peek();
    const found = t.kind === 'eof' ? 'end of input' : `'${t.text}'`;
    fault(`syntax error at ${t.pos}: unexpected ${found}${wanted ? `, wanted ${wanted}` : ''}`);
  }

  private expr(): Node {
    if (++this.depth > CEL_MAX_NESTING) fault(`expression nested deeper than ${CEL_MAX_NESTING}`);
    const c = this.or();
    let result = c;
    if (this.isOp(this.peek(), '?')) {
      this.pos++;
      const t = this.or();
      this.expectOp(':');
      const f = this.expr();
      result = { k: 'cond', c, t, f };
    }
    this.depth--;
    return result;
  }

  private or(): Node {
    const terms = [this.and()];
    while (this.isOp(this.peek(), '||')) {
      this.pos++;
      terms.push(this.and());
    }
    return terms.length === 1 ? (terms[0] as Node) : { k: 'or', terms };
  }

  private and(): Node {
    const terms = [this.relation()];
    while (this.isOp(this.peek(), '&&')) {
      this.pos++;
      terms.push(this.relation());
    }
    return terms.length === 1 ? (terms[0] as Node) : { k: 'and', terms };
  }

  private relation(): Node {
    let l = this.additive();
    for (;;) {
      const t = this.peek();
      let op: BinOp;
      if (t.kind === 'in') op = 'in';
      else if (t.kind === 'op' && REL_OPS.has(t.text)) op = t.text as BinOp;
      else return l;
      this.pos++;
      l = { k: 'bin', op, l, r: this.additive() };
    }
  }

  private additive(): Node {
    let l = this.multiplicative();
    while (this.isOp(this.peek(), '+') || this.isOp(this.peek(), '-')) {
      const op = this.next().text as BinOp;
      l = { k: 'bin', op, l, r: this.multiplicative() };
    }
    return l;
  }

  private multiplicative(): Node {
    let l = this.unary();
    while (this.isOp(this.peek(), '*') || this.isOp(this.peek(), '/') || this.isOp(this.peek(), '%')) {
      const op = this.next().text as BinOp;
      l = { k: 'bin', op, l, r: this.unary() };
    }
    return l;
  }

  /**
   * `(ops+='!')+ member` / `(ops+='-')+ member`. cel-parser 0.10.1 builds ONE
   * negation whatever the number of operators (`!!x` is `!x`, `--x` is `-x`).
   * `-` directly before a number literal is the literal's sign (the MemberExpr
   * alternative wins the ambiguity); a run of `-` is consumed greedily.
   */
  private unary(): Node {
    const t = this.peek();
    if (this.isOp(t, '!')) {
      while (this.isOp(this.peek(), '!')) this.pos++;
      return { k: 'not', arg: this.member() };
    }
    if (this.isOp(t, '-')) {
      const n = this.peek(1).kind;
      if (n === 'int' || n === 'float') return this.member();
      while (this.isOp(this.peek(), '-')) this.pos++;
      return { k: 'neg', arg: this.member() };
    }
    return this.member();
  }

  private member(): Node {
    let e = this.primary();
    for (;;) {
      const t = this.peek();
      if (this.isOp(t, '.')) {
        this.pos++;
        if (this.isOp(this.peek(), '?')) fault("unsupported syntax '.?'");
        const id = this.peek();
        if (id.kind === 'ident' && this.isOp(this.peek(1), '(')) {
          this.pos += 2;
          e = this.receiverCall(id.text, e, this.args());
        } else if (id.kind === 'ident' || id.kind === 'escident') {
          this.pos++;
          e = { k: 'select', operand: e, field: id.text, test: false };
        } else {
          this.unexpected('a field name');
        }
      } else if (this.isOp(t, '[')) {
        this.pos++;
        if (this.isOp(this.peek(), '?')) fault("unsupported syntax '[?'");
        const index = this.expr();
        this.expectOp(']');
        e = { k: 'bin', op: 'index', l: e, r: index };
      } else {
        return e;
      }
    }
  }

  /** Arguments after an opening `(`, through the closing `)`. */
  private args(): Node[] {
    if (this.isOp(this.peek(), ')')) {
      this.pos++;
      return [];
    }
    const out = [this.expr()];
    while (this.isOp(this.peek(), ',')) {
      this.pos++;
      out.push(this.expr());
    }
    this.expectOp(')');
    return out;
  }

  private optExpr(): Node {
    if (this.isOp(this.peek(), '?')) fault("unsupported syntax '?'");
    return this.expr();
  }

  /** `[elems?, ','?]` / `{entries?, ','?}` bodies after the opening bracket. */
  private initializer<T>(close: string, item: () => T): T[] {
    const out: T[] = [];
    if (this.isOp(this.peek(), close)) {
      this.pos++;
      return out;
    }
    if (this.isOp(this.peek(), ',')) {
      this.pos++;
      this.expectOp(close);
      return out;
    }
    out.push(item());
    while (this.isOp(this.peek(), ',')) {
      this.pos++;
      if (this.isOp(this.peek(), close)) break;
      out.push(item());
    }
    this.expectOp(close);
    return out;
  }

  private primary(): Node {
    let t = this.peek();
    let leadingDot = false;
    if (this.isOp(t, '.') && this.peek(1).kind === 'ident') {
      leadingDot = true;
      this.pos++;
      t = this.peek();
    }
    if (t.kind === 'ident') {
      if (this.isOp(this.peek(1), '(')) {
        this.pos += 2;
        return this.globalCall((leadingDot ? '.' : '') + t.text, this.args());
      }
      let j = 1;
      while (this.isOp(this.peek(j), '.') && this.peek(j + 1).kind === 'ident') j += 2;
      if (this.isOp(this.peek(j), '{')) {
        const names: string[] = [];
        for (let n = 0; n < j; n += 2) names.push(this.peek(n).text);
        this.pos += j + 1;
        this.initializer('}', () => {
          if (this.isOp(this.peek(), '?')) fault("unsupported syntax '?'");
          const f = this.next();
          if (f.kind !== 'ident' && f.kind !== 'escident') this.unexpected('a field name');
          this.expectOp(':');
          return this.expr();
        });
        return { k: 'struct', name: (leadingDot ? '.' : '') + names.join('.') };
      }
      this.pos++;
      return { k: 'ident', name: t.text };
    }
    if (leadingDot) this.unexpected('an identifier');
    if (this.isOp(t, '(')) {
      this.pos++;
      const e = this.expr();
      this.expectOp(')');
      return e;
    }
    if (this.isOp(t, '[')) {
      this.pos++;
      return { k: 'list', elems: this.initializer(']', () => this.optExpr()) };
    }
    if (this.isOp(t, '{')) {
      this.pos++;
      const entries = this.initializer('}', () => {
        const key = this.optExpr();
        this.expectOp(':');
        return [key, this.expr()] as const;
      });
      return { k: 'map', entries };
    }
    let sign = '';
    if (this.isOp(t, '-') && (this.peek(1).kind === 'int' || this.peek(1).kind === 'float')) {
      sign = '-';
      this.pos++;
      t = this.peek();
    }
    this.pos++;
    switch (t.kind) {
      case 'int':
        return { k: 'lit', v: intLiteral(sign + t.text) };
      case 'float': {
        const v = parseRustF64(sign + t.text);
        if (v === undefined || !Number.isFinite(v)) fault(`invalid double literal ${sign}${t.text}`);
        return { k: 'lit', v };
      }
      case 'uint':
        return { k: 'lit', v: uintLiteral(t.text) };
      case 'string':
        return { k: 'lit', v: unquoteString(t.text) };
      case 'bytes':
        return { k: 'lit', v: unquoteBytes(t.text) };
      case 'true':
        return { k: 'lit', v: true };
      case 'false':
        return { k: 'lit', v: false };
      case 'null':
        return { k: 'lit', v: null };
    }
    this.pos--;
    this.unexpected();
  }

  private globalCall(name: string, args: Node[]): Node {
    if (name === 'has' && args.length === 1) {
      const arg = args[0] as Node;
      if (arg.k !== 'select') fault('invalid argument to has() macro');
      return { ...arg, test: true };
    }
    return { k: 'call', name, target: undefined, args };
  }

  private receiverCall(name: string, target: Node, args: Node[]): Node {
    let macro: MacroKind | undefined;
    if (args.length === 2 && (name === 'all' || name === 'exists' || name === 'filter' || name === 'map')) macro = name;
    else if (args.length === 2 && (name === 'exists_one' || name === 'existsOne')) macro = 'exists_one';
    else if (args.length === 3 && name === 'map') macro = 'map';
    if (macro === undefined) return { k: 'call', name, target, args };
    const v = args[0] as Node;
    if (v.k !== 'ident') fault('argument must be a simple name');
    // map(x, f) → a = f; map(x, p, f) → a = f, b = p; others → a = predicate.
    if (macro === 'map' && args.length === 3) return { k: 'compr', macro, range: target, v: v.name, a: args[2] as Node, b: args[1] as Node };
    return { k: 'compr', macro, range: target, v: v.name, a: args[1] as Node, b: undefined };
  }
}
