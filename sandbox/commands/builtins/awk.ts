/**
 * awk, the part used at a prompt: `pattern { action }` rules with BEGIN/END,
 * /regex/ and expression patterns, fields ($1, $NF, $0), NR/NF/FS/OFS,
 * variables, arithmetic, string concatenation, comparisons, && || !, ~ !~,
 * assignments (= += -= *= /=, ++), print (with > file) and printf, if/else,
 * next, and length/substr/index/toupper/tolower/int/split.
 */
import type { Command, CommandContext } from '../../shell/command.js';
import { normalizePath } from '../../world/fs.js';
import { operandLines } from './files.js';
import { buildRegExp, posixToJs } from './regex.js';
import { printf as printfCmd } from './printf.js';

class AwkSyntax extends Error {}

type Tok =
  | { t: 'num'; v: number }
  | { t: 'str'; v: string }
  | { t: 're'; v: string }
  | { t: 'name'; v: string }
  | { t: 'op'; v: string };

const OPS = [
  '+=',
  '-=',
  '*=',
  '/=',
  '%=',
  '==',
  '!=',
  '<=',
  '>=',
  '&&',
  '||',
  '!~',
  '++',
  '--',
  '{',
  '}',
  '(',
  ')',
  ';',
  ',',
  '+',
  '-',
  '*',
  '/',
  '%',
  '<',
  '>',
  '!',
  '~',
  '=',
  '$',
  '?',
  ':',
  '\n',
];

function lex(src: string): Tok[] {
  const out: Tok[] = [];
  let i = 0;
  const regexAllowed = (): boolean => {
    const p = out[out.length - 1];
    return (
      !p ||
      (p.t === 'op' && p.v !== ')' && p.v !== '$') ||
      (p.t === 'name' && ['print', 'printf', 'return'].includes(p.v))
    );
  };
  while (i < src.length) {
    const c = src[i]!;
    if (c === ' ' || c === '\t' || c === '\r') {
      i++;
    } else if (c === '\\' && src[i + 1] === '\n') {
      i += 2;
    } else if (c === '#') {
      while (i < src.length && src[i] !== '\n') i++;
    } else if (/[0-9.]/.test(c) && /^(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?/.test(src.slice(i))) {
      const m = /^(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?/.exec(src.slice(i))!;
      out.push({ t: 'num', v: Number(m[0]) });
      i += m[0].length;
    } else if (c === '"') {
      let s = '';
      i++;
      while (i < src.length && src[i] !== '"') {
        if (src[i] === '\\' && i + 1 < src.length) {
          const n = src[++i]!;
          s += n === 'n' ? '\n' : n === 't' ? '\t' : n === '"' ? '"' : n === '\\' ? '\\' : n === '/' ? '/' : '\\' + n;
        } else s += src[i];
        i++;
      }
      if (src[i] !== '"') throw new AwkSyntax('non-terminated string');
      i++;
      out.push({ t: 'str', v: s });
    } else if (c === '/' && regexAllowed()) {
      let s = '';
      i++;
      while (i < src.length && src[i] !== '/') {
        if (src[i] === '\\' && i + 1 < src.length) {
          s += src[i]! + src[i + 1]!;
          i += 2;
          continue;
        }
        if (src[i] === '\n') break;
        s += src[i++];
      }
      if (src[i] !== '/') throw new AwkSyntax('non-terminated regular expression');
      i++;
      out.push({ t: 're', v: s });
    } else if (/[A-Za-z_]/.test(c)) {
      const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(src.slice(i))!;
      out.push({ t: 'name', v: m[0] });
      i += m[0].length;
    } else {
      const op = OPS.find((o) => src.startsWith(o, i));
      if (!op) throw new AwkSyntax(`syntax error at source line 1: unexpected character '${c}'`);
      out.push({ t: 'op', v: op === '\n' ? ';' : op });
      i += op.length;
    }
  }
  return out;
}

type Expr =
  | { k: 'num'; v: number }
  | { k: 'str'; v: string }
  | { k: 're'; re: RegExp }
  | { k: 'var'; name: string }
  | { k: 'field'; e: Expr }
  | { k: 'un'; op: string; e: Expr }
  | { k: 'bin'; op: string; a: Expr; b: Expr }
  | { k: 'assign'; op: string; target: Expr; e: Expr }
  | { k: 'incr'; op: '++' | '--'; prefix: boolean; target: Expr }
  | { k: 'cond'; c: Expr; a: Expr; b: Expr }
  | { k: 'call'; name: string; args: Expr[] }
  | { k: 'match'; neg: boolean; a: Expr; re: Expr };

type Stmt =
  | { k: 'print'; args: Expr[]; dest?: { append: boolean; e: Expr } }
  | { k: 'printf'; args: Expr[] }
  | { k: 'expr'; e: Expr }
  | { k: 'if'; c: Expr; then: Stmt[]; else?: Stmt[] }
  | { k: 'next' }
  | { k: 'exit'; e?: Expr };

interface Rule {
  kind: 'begin' | 'end' | 'main';
  pattern?: Expr;
  action?: Stmt[];
}

const FUNCS = new Set(['length', 'substr', 'index', 'toupper', 'tolower', 'int', 'split', 'sprintf']);

function parse(src: string): Rule[] {
  const toks = lex(src);
  let p = 0;
  const peek = (): Tok | undefined => toks[p];
  const isOp = (v: string): boolean => peek()?.t === 'op' && peek()!.v === v;
  const eat = (v: string): void => {
    if (!isOp(v)) throw new AwkSyntax(`syntax error at source line 1`);
    p++;
  };
  const skipSemis = (): void => {
    while (isOp(';')) p++;
  };

  const primary = (): Expr => {
    const t = peek();
    if (!t) throw new AwkSyntax('syntax error at source line 1');
    p++;
    if (t.t === 'num') return { k: 'num', v: t.v };
    if (t.t === 'str') return { k: 'str', v: t.v };
    if (t.t === 're') return { k: 're', re: buildRegExp([posixToJs(t.v, true)], {}) };
    if (t.t === 'name') {
      if (FUNCS.has(t.v)) {
        const args: Expr[] = [];
        if (isOp('(')) {
          p++;
          if (!isOp(')')) {
            args.push(ternary());
            while (isOp(',')) {
              p++;
              args.push(ternary());
            }
          }
          eat(')');
        }
        return { k: 'call', name: t.v, args };
      }
      return { k: 'var', name: t.v };
    }
    if (t.v === '$') return { k: 'field', e: incr() };
    if (t.v === '(') {
      const e = ternary();
      eat(')');
      return e;
    }
    if (t.v === '-' || t.v === '+' || t.v === '!') return { k: 'un', op: t.v, e: unary() };
    if (t.v === '++' || t.v === '--') return { k: 'incr', op: t.v, prefix: true, target: primary() };
    throw new AwkSyntax('syntax error at source line 1');
  };
  const incr = (): Expr => {
    const e = primary();
    if ((isOp('++') || isOp('--')) && (e.k === 'var' || e.k === 'field')) {
      const op = peek()!.v as '++' | '--';
      p++;
      return { k: 'incr', op, prefix: false, target: e };
    }
    return e;
  };
  const unary = (): Expr => incr();
  const mul = (): Expr => {
    let a = unary();
    while (isOp('*') || isOp('/') || isOp('%')) {
      const op = String(peek()!.v);
      p++;
      a = { k: 'bin', op, a, b: unary() };
    }
    return a;
  };
  const add = (): Expr => {
    let a = mul();
    while (isOp('+') || isOp('-')) {
      const op = String(peek()!.v);
      p++;
      a = { k: 'bin', op, a, b: mul() };
    }
    return a;
  };
  const startsOperand = (): boolean => {
    const t = peek();
    if (!t) return false;
    if (t.t !== 'op') return t.t !== 'name' || !['in', 'getline'].includes(t.v);
    return t.v === '$' || t.v === '(' || t.v === '!' || t.v === '-' || t.v === '++' || t.v === '--';
  };
  const concat = (): Expr => {
    let a = add();
    while (startsOperand() && !isOp('-') && !isOp('!')) a = { k: 'bin', op: 'cat', a, b: add() };
    return a;
  };
  const inPrint = { on: false };
  const compare = (): Expr => {
    const a = concat();
    for (const op of ['==', '!=', '<=', '>=', '<', '>']) {
      if (isOp(op) && !(inPrint.on && op === '>')) {
        p++;
        return { k: 'bin', op, a, b: concat() };
      }
    }
    if (isOp('~') || isOp('!~')) {
      const neg = peek()!.v === '!~';
      p++;
      return { k: 'match', neg, a, re: concat() };
    }
    return a;
  };
  const not = (): Expr => compare();
  const and = (): Expr => {
    let a = not();
    while (isOp('&&')) {
      p++;
      a = { k: 'bin', op: '&&', a, b: not() };
    }
    return a;
  };
  const or = (): Expr => {
    let a = and();
    while (isOp('||')) {
      p++;
      a = { k: 'bin', op: '||', a, b: and() };
    }
    return a;
  };
  const ternary = (): Expr => {
    const c = or();
    if (isOp('?')) {
      p++;
      const a = ternary();
      eat(':');
      return { k: 'cond', c, a, b: ternary() };
    }
    return c;
  };
  const assignment = (): Expr => {
    const target = ternary();
    for (const op of ['=', '+=', '-=', '*=', '/=', '%=']) {
      if (isOp(op) && (target.k === 'var' || target.k === 'field')) {
        p++;
        return { k: 'assign', op, target, e: assignment() };
      }
    }
    return target;
  };

  const block = (): Stmt[] => {
    eat('{');
    const out: Stmt[] = [];
    skipSemis();
    while (!isOp('}')) {
      if (!peek()) throw new AwkSyntax('syntax error at source line 1: unexpected end of program');
      out.push(statement());
      skipSemis();
    }
    eat('}');
    return out;
  };
  const statement = (): Stmt => {
    const t = peek();
    if (t?.t === 'op' && t.v === '{') return { k: 'if', c: { k: 'num', v: 1 }, then: block() };
    if (t?.t === 'name' && (t.v === 'print' || t.v === 'printf')) {
      p++;
      const args: Expr[] = [];
      const paren = isOp('(');
      inPrint.on = true;
      if (!isOp(';') && !isOp('}') && peek() && !isOp('>')) {
        args.push(ternary());
        while (isOp(',')) {
          p++;
          args.push(ternary());
        }
      }
      inPrint.on = false;
      void paren;
      if (t.v === 'printf') return { k: 'printf', args };
      let dest: { append: boolean; e: Expr } | undefined;
      if (isOp('>')) {
        p++;
        const append = isOp('>');
        if (append) p++;
        dest = { append, e: concat() };
      }
      return { k: 'print', args, dest };
    }
    if (t?.t === 'name' && t.v === 'if') {
      p++;
      eat('(');
      const c = ternary();
      eat(')');
      skipSemis();
      const then = isOp('{') ? block() : [statement()];
      skipSemis();
      if (peek()?.t === 'name' && peek()!.v === 'else') {
        p++;
        skipSemis();
        return { k: 'if', c, then, else: isOp('{') ? block() : [statement()] };
      }
      return { k: 'if', c, then };
    }
    if (t?.t === 'name' && t.v === 'next') {
      p++;
      return { k: 'next' };
    }
    if (t?.t === 'name' && t.v === 'exit') {
      p++;
      return { k: 'exit', e: isOp(';') || isOp('}') || !peek() ? undefined : ternary() };
    }
    return { k: 'expr', e: assignment() };
  };

  const rules: Rule[] = [];
  skipSemis();
  while (peek()) {
    const t = peek()!;
    if (t.t === 'name' && (t.v === 'BEGIN' || t.v === 'END')) {
      p++;
      rules.push({ kind: t.v === 'BEGIN' ? 'begin' : 'end', action: block() });
    } else if (isOp('{')) {
      rules.push({ kind: 'main', action: block() });
    } else {
      const pattern = assignment();
      rules.push({ kind: 'main', pattern, action: isOp('{') ? block() : undefined });
    }
    skipSemis();
  }
  return rules;
}

type Val = number | string;

function num(v: Val): number {
  if (typeof v === 'number') return v;
  const m = /^\s*[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?/.exec(v);
  return m ? Number(m[0]) : 0;
}

function str(v: Val): string {
  if (typeof v === 'string') return v;
  return Number.isInteger(v) ? String(v) : String(Number(v.toPrecision(6)));
}

/** A string that looks like a number compares as one, as awk's strnum values do. */
function looksNumeric(v: Val): boolean {
  return typeof v === 'number' || /^\s*[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?\s*$/.test(v);
}

class Next extends Error {}
class Exit extends Error {
  constructor(readonly status: number) {
    super('exit');
  }
}

async function runAwk(ctx: CommandContext): Promise<number> {
  const argv = ctx.argv.slice(1);
  let fs: string | undefined;
  const assigns: [string, string][] = [];
  while (argv.length > 0 && argv[0]!.startsWith('-') && argv[0] !== '-') {
    const a = argv.shift()!;
    if (a === '--') break;
    if (a === '-F') fs = argv.shift();
    else if (a.startsWith('-F')) fs = a.slice(2);
    else if (a === '-v') {
      const kv = argv.shift() ?? '';
      const eq = kv.indexOf('=');
      if (eq > 0) assigns.push([kv.slice(0, eq), kv.slice(eq + 1)]);
    } else {
      ctx.stderr.write(`awk: not an option: ${a}\n`);
      return 2;
    }
  }
  const src = argv.shift();
  if (src === undefined) {
    ctx.stderr.write('usage: awk [-F fs][-v var=value][prog | -f progfile][file ...]\n');
    return 2;
  }
  let rules: Rule[];
  try {
    rules = parse(src);
  } catch (e) {
    ctx.stderr.write(`awk: ${e instanceof Error ? e.message : String(e)}\n awk: ${src}\n`);
    return 2;
  }
  const vars = new Map<string, Val>([
    ['FS', fs === 't' ? '\t' : (fs ?? ' ')],
    ['OFS', ' '],
    ['ORS', '\n'],
    ['NR', 0],
    ['NF', 0],
  ]);
  for (const [k, v] of assigns) vars.set(k, v);
  let fields: string[] = [''];
  const split = (line: string): string[] => {
    const sep = str(vars.get('FS') ?? ' ');
    if (sep === ' ') return line.split(/[ \t\n]+/).filter((x) => x !== '');
    if (sep.length === 1) return line.split(sep);
    try {
      return line.split(new RegExp(posixToJs(sep, true)));
    } catch {
      return line.split(sep);
    }
  };
  const setRecord = (line: string): void => {
    fields = [line, ...split(line)];
    vars.set('NF', fields.length - 1);
  };
  const rebuild = (): void => {
    fields[0] = fields.slice(1).join(str(vars.get('OFS') ?? ' '));
  };
  const getVar = (name: string): Val => {
    if (name === 'NF') return fields.length - 1;
    return vars.get(name) ?? '';
  };
  const files = new Map<string, string>();
  const setTarget = (target: Expr, v: Val): void => {
    if (target.k === 'var') vars.set(target.name, v);
    else if (target.k === 'field') {
      const i = Math.trunc(num(evalE(target.e)));
      if (i === 0) setRecord(str(v));
      else {
        while (fields.length <= i) fields.push('');
        fields[i] = str(v);
        rebuild();
      }
    }
  };
  const evalE = (e: Expr): Val => {
    switch (e.k) {
      case 'num':
        return e.v;
      case 'str':
        return e.v;
      case 're':
        return Number(e.re.test(fields[0]!));
      case 'var':
        return getVar(e.name);
      case 'field': {
        const i = Math.trunc(num(evalE(e.e)));
        if (i < 0) throw new Exit(2);
        return fields[i] ?? '';
      }
      case 'un': {
        const v = evalE(e.e);
        return e.op === '!' ? Number(!truthy(v)) : e.op === '-' ? -num(v) : num(v);
      }
      case 'incr': {
        const old = num(evalE(e.target));
        const nv = e.op === '++' ? old + 1 : old - 1;
        setTarget(e.target, nv);
        return e.prefix ? nv : old;
      }
      case 'assign': {
        const v = evalE(e.e);
        let nv: Val = v;
        if (e.op !== '=') {
          const old = num(evalE(e.target));
          const r = num(v);
          nv =
            e.op === '+='
              ? old + r
              : e.op === '-='
                ? old - r
                : e.op === '*='
                  ? old * r
                  : e.op === '/='
                    ? old / r
                    : old % r;
        }
        setTarget(e.target, nv);
        return nv;
      }
      case 'cond':
        return truthy(evalE(e.c)) ? evalE(e.a) : evalE(e.b);
      case 'match': {
        const r = e.re.k === 're' ? e.re.re : buildRegExp([posixToJs(str(evalE(e.re)), true)], {});
        return Number(r.test(str(evalE(e.a))) !== e.neg);
      }
      case 'call':
        return call(e.name, e.args);
      case 'bin': {
        if (e.op === '&&') return Number(truthy(evalE(e.a)) && truthy(evalE(e.b)));
        if (e.op === '||') return Number(truthy(evalE(e.a)) || truthy(evalE(e.b)));
        const a = evalE(e.a);
        const b = evalE(e.b);
        switch (e.op) {
          case 'cat':
            return str(a) + str(b);
          case '+':
            return num(a) + num(b);
          case '-':
            return num(a) - num(b);
          case '*':
            return num(a) * num(b);
          case '/':
            if (num(b) === 0) throw new AwkSyntax('division by zero');
            return num(a) / num(b);
          case '%':
            if (num(b) === 0) throw new AwkSyntax('division by zero in %');
            return num(a) % num(b);
          default: {
            const numeric = looksNumeric(a) && looksNumeric(b);
            const c = numeric ? num(a) - num(b) : str(a) < str(b) ? -1 : str(a) > str(b) ? 1 : 0;
            const r =
              e.op === '=='
                ? c === 0
                : e.op === '!='
                  ? c !== 0
                  : e.op === '<'
                    ? c < 0
                    : e.op === '>'
                      ? c > 0
                      : e.op === '<='
                        ? c <= 0
                        : c >= 0;
            return Number(r);
          }
        }
      }
    }
  };
  const truthy = (v: Val): boolean => (typeof v === 'number' ? v !== 0 : v !== '');
  const call = (name: string, args: Expr[]): Val => {
    const a = args.map((x) => evalE(x));
    switch (name) {
      case 'length':
        return [...str(a.length === 0 ? fields[0]! : a[0]!)].length;
      case 'substr': {
        const s = [...str(a[0] ?? '')];
        const start = Math.round(num(a[1] ?? 1));
        const len = a[2] === undefined ? Infinity : Math.round(num(a[2]));
        const from = Math.max(1, start);
        const to = Math.min(s.length + 1, start + len);
        return s.slice(from - 1, Math.max(from - 1, to - 1)).join('');
      }
      case 'index':
        return str(a[0] ?? '').indexOf(str(a[1] ?? '')) + 1;
      case 'toupper':
        return str(a[0] ?? '').toUpperCase();
      case 'tolower':
        return str(a[0] ?? '').toLowerCase();
      case 'int':
        return Math.trunc(num(a[0] ?? 0));
      case 'split': {
        const parts = a[2] === undefined ? split(str(a[0] ?? '')) : str(a[0] ?? '').split(str(a[2]));
        const target = args[1];
        if (target?.k === 'var') parts.forEach((p, i) => vars.set(`${target.name}[${i + 1}]`, p));
        return parts.length;
      }
      default:
        return '';
    }
  };
  const write = (text: string, dest?: { append: boolean; e: Expr }): void => {
    if (!dest) {
      ctx.stdout.write(text);
      return;
    }
    const name = str(evalE(dest.e));
    const path = normalizePath(name, ctx.cwd);
    const prev = files.get(path) ?? (dest.append && ctx.host.fs.exists(path) ? ctx.host.fs.readText(path) : '');
    files.set(path, prev + text);
  };
  const formatPrintf = async (args: Val[]): Promise<string> => {
    let out = '';
    const sink = { write: (t: string) => (out += t) };
    await printfCmd.run({ ...ctx, argv: ['printf', ...args.map(str)], stdout: sink, stderr: ctx.stderr });
    return out;
  };
  const exec = async (stmts: Stmt[]): Promise<void> => {
    for (const s of stmts) {
      switch (s.k) {
        case 'print': {
          const text =
            s.args.length === 0 ? fields[0]! : s.args.map((x) => str(evalE(x))).join(str(vars.get('OFS') ?? ' '));
          write(text + str(vars.get('ORS') ?? '\n'), s.dest);
          break;
        }
        case 'printf':
          if (s.args.length > 0) write(await formatPrintf(s.args.map((x) => evalE(x))));
          break;
        case 'expr':
          evalE(s.e);
          break;
        case 'if':
          if (truthy(evalE(s.c))) await exec(s.then);
          else if (s.else) await exec(s.else);
          break;
        case 'next':
          throw new Next();
        case 'exit':
          throw new Exit(s.e ? Math.trunc(num(evalE(s.e))) : 0);
      }
    }
  };
  let status = 0;
  try {
    try {
      for (const r of rules) if (r.kind === 'begin') await exec(r.action ?? []);
      const main = rules.filter((r) => r.kind === 'main');
      if (main.length > 0 || rules.some((r) => r.kind === 'end')) {
        const state = { failed: false };
        for await (const line of operandLines(ctx, 'awk', argv, undefined, state)) {
          vars.set('NR', num(vars.get('NR') ?? 0) + 1);
          setRecord(line);
          try {
            for (const r of main) {
              if (r.pattern && !truthy(evalE(r.pattern))) continue;
              if (r.action) await exec(r.action);
              else write(fields[0]! + str(vars.get('ORS') ?? '\n'));
            }
          } catch (e) {
            if (!(e instanceof Next)) throw e;
          }
        }
        if (state.failed) status = 2;
      }
    } catch (e) {
      if (!(e instanceof Exit)) throw e;
      status = e.status;
    }
    for (const r of rules) if (r.kind === 'end') await exec(r.action ?? []);
  } catch (e) {
    if (e instanceof Exit) status = e.status;
    else if (e instanceof AwkSyntax || e instanceof Next) {
      ctx.stderr.write(`awk: ${e.message}\n`);
      status = 2;
    } else throw e;
  }
  for (const [path, text] of files) {
    try {
      ctx.host.fs.write(path, text);
    } catch {
      ctx.stderr.write(`awk: can't redirect to ${path}\n`);
      status = 2;
    }
  }
  return status;
}

export const awk: Command = {
  name: 'awk',
  summary: 'pattern scanning and text processing language',
  usage: 'usage: awk [-F fs][-v var=value][prog | -f progfile][file ...]\n',
  run: runAwk,
};
