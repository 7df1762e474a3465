// Just enough OData for the simulated Orchestrator: `$filter` (eq/ne/gt/ge/lt/le, in, and, or,
// not, parentheses, string/number/boolean/null literals) and `$orderby`, applied to rendered records.
import type { SimJson } from '../world';

export class ODataError extends Error {}

type Literal = string | number | boolean | null;
type Expr =
  | { kind: 'and' | 'or'; left: Expr; right: Expr }
  | { kind: 'not'; inner: Expr }
  | { kind: 'cmp'; op: string; left: Operand; right: Operand }
  | { kind: 'in'; left: Operand; values: Literal[] };
type Operand = { kind: 'prop'; name: string } | { kind: 'lit'; value: Literal };

type Token = { type: 'word' | 'str' | 'num' | 'punct'; text: string };

const COMPARISONS = new Set(['eq', 'ne', 'gt', 'ge', 'lt', 'le']);

function tokenize(input: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < input.length) {
    const ch = input[i] as string;
    if (/\s/.test(ch)) {
      i += 1;
    } else if (ch === '(' || ch === ')' || ch === ',') {
      tokens.push({ type: 'punct', text: ch });
      i += 1;
    } else if (ch === "'") {
      let text = '';
      i += 1;
      for (;;) {
        if (i >= input.length) throw new ODataError('Unterminated string literal in $filter.');
        if (input[i] === "'" && input[i + 1] === "'") {
          text += "'";
          i += 2;
        } else if (input[i] === "'") {
          i += 1;
          break;
        } else {
          text += input[i];
          i += 1;
        }
      }
      tokens.push({ type: 'str', text });
    } else {
      const m = /^(-?\d+(\.\d+)?)|^([A-Za-z_][\w/.]*)/.exec(input.slice(i));
      if (!m) throw new ODataError(`Syntax error at position ${i} in $filter.`);
      tokens.push({ type: m[1] ? 'num' : 'word', text: m[0] });
      i += m[0].length;
    }
  }
  return tokens;
}

class Parser {
  private pos = 0;
  constructor(private readonly tokens: Token[]) {}

  parse(): Expr {
    const expr = this.or();
    if (this.pos < this.tokens.length) {
      throw new ODataError(`Unexpected '${this.tokens[this.pos]?.text}' in $filter.`);
    }
    return expr;
  }

  private peekWord(word: string): boolean {
    const token = this.tokens[this.pos];
    return token?.type === 'word' && token.text.toLowerCase() === word;
  }

  private expect(text: string): void {
    if (this.tokens[this.pos]?.text !== text)
      throw new ODataError(`Expected '${text}' in $filter.`);
    this.pos += 1;
  }

  private or(): Expr {
    return this.joined('or', () => this.and());
  }

  private and(): Expr {
    return this.joined('and', () => this.unary());
  }

  /** Operands joined by one left-associative word operator (`and`, `or`). */
  private joined(word: 'and' | 'or', operand: () => Expr): Expr {
    let left = operand();
    while (this.peekWord(word)) {
      this.pos += 1;
      left = { kind: word, left, right: operand() };
    }
    return left;
  }

  private unary(): Expr {
    if (this.peekWord('not')) {
      this.pos += 1;
      return { kind: 'not', inner: this.unary() };
    }
    if (this.tokens[this.pos]?.text === '(') {
      this.pos += 1;
      const inner = this.or();
      this.expect(')');
      return inner;
    }
    return this.comparison();
  }

  private comparison(): Expr {
    const left = this.operand();
    const op = this.tokens[this.pos];
    if (op?.type === 'word' && op.text.toLowerCase() === 'in') {
      this.pos += 1;
      this.expect('(');
      const values: Literal[] = [];
      for (;;) {
        const operand = this.operand();
        if (operand.kind !== 'lit') throw new ODataError("'in' takes literals only.");
        values.push(operand.value);
        if (this.tokens[this.pos]?.text === ',') this.pos += 1;
        else break;
      }
      this.expect(')');
      return { kind: 'in', left, values };
    }
    if (op?.type !== 'word' || !COMPARISONS.has(op.text.toLowerCase())) {
      throw new ODataError(`Expected a comparison after '${this.tokens[this.pos - 1]?.text}'.`);
    }
    this.pos += 1;
    return { kind: 'cmp', op: op.text.toLowerCase(), left, right: this.operand() };
  }

  private operand(): Operand {
    const token = this.tokens[this.pos];
    if (!token) throw new ODataError('The $filter ends too early.');
    this.pos += 1;
    if (token.type === 'str') return { kind: 'lit', value: token.text };
    if (token.type === 'num') return { kind: 'lit', value: Number(token.text) };
    if (token.type === 'word') {
      const word = token.text.toLowerCase();
      if (word === 'true' || word === 'false') return { kind: 'lit', value: word === 'true' };
      if (word === 'null') return { kind: 'lit', value: null };
      return { kind: 'prop', name: token.text };
    }
    throw new ODataError(`Unexpected '${token.text}' in $filter.`);
  }
}

export type ODataRecord = { [key: string]: SimJson };
export type Predicate = (record: ODataRecord) => boolean;

function valueOf(operand: Operand, record: ODataRecord, known: Set<string>): SimJson {
  if (operand.kind === 'lit') return operand.value;
  if (!known.has(operand.name)) {
    throw new ODataError(`Could not find a property named '${operand.name}' on type 'Task'.`);
  }
  return record[operand.name] ?? null;
}

function compare(op: string, a: SimJson, b: SimJson): boolean {
  if (op === 'eq') return a === b;
  if (op === 'ne') return a !== b;
  if (a === null || b === null) return false;
  const x =
    typeof a === 'string' && typeof b === 'string' ? a.localeCompare(b) : Number(a) - Number(b);
  if (op === 'gt') return x > 0;
  if (op === 'ge') return x >= 0;
  if (op === 'lt') return x < 0;
  return x <= 0;
}

function evaluate(expr: Expr, record: ODataRecord, known: Set<string>): boolean {
  switch (expr.kind) {
    case 'and':
      return evaluate(expr.left, record, known) && evaluate(expr.right, record, known);
    case 'or':
      return evaluate(expr.left, record, known) || evaluate(expr.right, record, known);
    case 'not':
      return !evaluate(expr.inner, record, known);
    case 'in': {
      const value = valueOf(expr.left, record, known);
      return expr.values.some((candidate) => candidate === value);
    }
    case 'cmp':
      return compare(
        expr.op,
        valueOf(expr.left, record, known),
        valueOf(expr.right, record, known),
      );
  }
}

/**
 * A predicate for `$filter`; `known` are the filterable property names. Unknown properties fail
 * on first use, as Orchestrator answers 400 for them. Throws ODataError on bad syntax.
 */
export function compileFilter(filter: string | null, known: Set<string>): Predicate {
  if (filter === null || filter.trim() === '') return () => true;
  const expr = new Parser(tokenize(filter)).parse();
  return (record) => evaluate(expr, record, known);
}

/** A comparator for `$orderby` (`Id asc, CreationTime desc`). */
export function compileOrderBy(
  orderBy: string | null,
  known: Set<string>,
): (a: ODataRecord, b: ODataRecord) => number {
  const keys = (orderBy ?? '')
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '')
    .map((part) => {
      const [name = '', dir = 'asc', ...rest] = part.split(/\s+/);
      if (!known.has(name) || rest.length > 0 || !/^(asc|desc)$/i.test(dir)) {
        throw new ODataError(`Invalid $orderby clause '${part}'.`);
      }
      return { name, sign: dir.toLowerCase() === 'desc' ? -1 : 1 };
    });
  return (a, b) => {
    for (const { name, sign } of keys) {
      const x = a[name] ?? null;
      const y = b[name] ?? null;
      if (x === y) continue;
      if (x === null) return -sign;
      if (y === null) return sign;
      return compare('lt', x, y) ? -sign : sign;
    }
    return 0;
  };
}
