/**
 * Shell arithmetic, `$((expr))`: integers with + - * / % **, comparisons,
 * && || !, parentheses, and variables by name. Errors use bash's wording.
 */
export class ArithError extends Error {}

type Tok = { t: 'num'; v: number } | { t: 'name'; v: string } | { t: 'op'; v: string };

const OPS = [
  '**',
  '<=',
  '>=',
  '==',
  '!=',
  '&&',
  '||',
  '<<',
  '>>',
  '+',
  '-',
  '*',
  '/',
  '%',
  '(',
  ')',
  '<',
  '>',
  '!',
  '~',
  '&',
  '|',
  '^',
];

function tokenize(expr: string): Tok[] {
  const out: Tok[] = [];
  let i = 0;
  while (i < expr.length) {
    const c = expr[i]!;
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    const num = /^(0x[0-9a-fA-F]+|\d+)/.exec(expr.slice(i));
    if (num) {
      out.push({ t: 'num', v: Number(num[1]) });
      i += num[0].length;
      continue;
    }
    const name = /^[A-Za-z_][A-Za-z0-9_]*/.exec(expr.slice(i));
    if (name) {
      out.push({ t: 'name', v: name[0] });
      i += name[0].length;
      continue;
    }
    const op = OPS.find((o) => expr.startsWith(o, i));
    if (!op) throw new ArithError(`syntax error: invalid arithmetic operator (error token is "${expr.slice(i)}")`);
    out.push({ t: 'op', v: op });
    i += op.length;
  }
  return out;
}

const BINARY: { ops: string[] }[] = [
  { ops: ['||'] },
  { ops: ['&&'] },
  { ops: ['|'] },
  { ops: ['^'] },
  { ops: ['&'] },
  { ops: ['==', '!='] },
  { ops: ['<', '>', '<=', '>='] },
  { ops: ['<<', '>>'] },
  { ops: ['+', '-'] },
  { ops: ['*', '/', '%'] },
];

/** Evaluate; `lookup` gives a variable's text (unset or empty counts as 0). */
export function evalArith(expr: string, lookup: (name: string) => string | undefined): number {
  const toks = tokenize(expr);
  let pos = 0;
  const rest = (): string =>
    toks
      .slice(pos)
      .map((t) => String(t.v))
      .join(' ');
  const operand = (): never => {
    throw new ArithError(`syntax error: operand expected (error token is "${rest()}")`);
  };
  const value = (name: string, depth: number): number => {
    const v = (lookup(name) ?? '').trim();
    if (v === '') return 0;
    if (/^-?\d+$/.test(v)) return Number(v);
    if (depth > 8) throw new ArithError('expression recursion level exceeded');
    return evalArith(v, lookup);
  };
  const primary = (): number => {
    const t = toks[pos];
    if (!t) return operand();
    if (t.t === 'num') {
      pos++;
      return t.v;
    }
    if (t.t === 'name') {
      pos++;
      return value(t.v, 0);
    }
    if (t.v === '(') {
      pos++;
      const v = binary(0);
      if (toks[pos]?.v !== ')') throw new ArithError(`syntax error: missing \`)' (error token is "${rest()}")`);
      pos++;
      return v;
    }
    if (t.v === '-' || t.v === '+' || t.v === '!' || t.v === '~') {
      pos++;
      const v = unary();
      return t.v === '-' ? -v : t.v === '!' ? Number(v === 0) : t.v === '~' ? ~v : v;
    }
    return operand();
  };
  const power = (): number => {
    const base = primary();
    if (toks[pos]?.v === '**') {
      pos++;
      const exp = unary();
      if (exp < 0) throw new ArithError('exponent less than 0');
      return Math.trunc(base ** exp);
    }
    return base;
  };
  const unary = (): number => power();
  const binary = (level: number): number => {
    if (level >= BINARY.length) return unary();
    let left = binary(level + 1);
    for (;;) {
      const t = toks[pos];
      if (!t || t.t !== 'op' || !BINARY[level]!.ops.includes(t.v)) return left;
      pos++;
      const right = binary(level + 1);
      switch (t.v) {
        case '||':
          left = Number(left !== 0 || right !== 0);
          break;
        case '&&':
          left = Number(left !== 0 && right !== 0);
          break;
        case '|':
          left = left | right;
          break;
        case '^':
          left = left ^ right;
          break;
        case '&':
          left = left & right;
          break;
        case '==':
          left = Number(left === right);
          break;
        case '!=':
          left = Number(left !== right);
          break;
        case '<':
          left = Number(left < right);
          break;
        case '>':
          left = Number(left > right);
          break;
        case '<=':
          left = Number(left <= right);
          break;
        case '>=':
          left = Number(left >= right);
          break;
        case '<<':
          left = left << right;
          break;
        case '>>':
          left = left >> right;
          break;
        case '+':
          left = left + right;
          break;
        case '-':
          left = left - right;
          break;
        case '*':
          left = left * right;
          break;
        case '/':
        case '%':
          if (right === 0) throw new ArithError(`division by 0 (error token is "${String(right)}")`);
          left = t.v === '/' ? Math.trunc(left / right) : left % right;
          break;
      }
    }
  };
  if (toks.length === 0) return 0;
  const v = binary(0);
  if (pos < toks.length) throw new ArithError(`syntax error in expression (error token is "${rest()}")`);
  return v;
}
