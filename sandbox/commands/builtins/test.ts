/** test and [: file tests, string and integer comparisons, ! -a -o and parentheses, as bash's builtin. */
import type { Command, CommandContext } from '../../shell/command.js';
import { normalizePath } from '../../world/fs.js';

class TestError extends Error {}

function evaluate(ctx: CommandContext, args: string[], name: string): boolean {
  let pos = 0;
  const fs = ctx.host.fs;
  const int = (s: string): number => {
    if (!/^\s*-?\d+\s*$/.test(s)) throw new TestError(`${name}: ${s}: integer expression expected`);
    return Number(s);
  };
  const unaryFile = (op: string, arg: string): boolean => {
    const path = normalizePath(arg, ctx.cwd);
    const st = arg === '' ? undefined : fs.stat(path);
    switch (op) {
      case '-e':
      case '-a':
        return st !== undefined;
      case '-f':
        return st?.kind === 'file';
      case '-d':
        return st?.kind === 'dir';
      case '-s':
        return st?.kind === 'file' && (st.data?.length ?? 0) > 0;
      case '-r':
      case '-w':
      case '-x':
        return st !== undefined;
      default:
        return false;
    }
  };
  const primary = (): boolean => {
    const a = args[pos];
    if (a === undefined) throw new TestError(`${name}: argument expected`);
    if (a === '!') {
      pos++;
      return !primary();
    }
    if (a === '(') {
      pos++;
      const v = or();
      if (args[pos] !== ')') throw new TestError(`${name}: \`)' expected`);
      pos++;
      return v;
    }
    const b = args[pos + 1];
    const c = args[pos + 2];
    const binary = ['=', '==', '!=', '<', '>', '-eq', '-ne', '-lt', '-le', '-gt', '-ge'];
    if (b !== undefined && binary.includes(b) && c !== undefined) {
      pos += 3;
      switch (b) {
        case '=':
        case '==':
          return a === c;
        case '!=':
          return a !== c;
        case '<':
          return a < c;
        case '>':
          return a > c;
        case '-eq':
          return int(a) === int(c);
        case '-ne':
          return int(a) !== int(c);
        case '-lt':
          return int(a) < int(c);
        case '-le':
          return int(a) <= int(c);
        case '-gt':
          return int(a) > int(c);
        default:
          return int(a) >= int(c);
      }
    }
    if (/^-[efdsrwxan z]$/.test(a) && b !== undefined && !(b === ')' && c === undefined && args.length > 2)) {
      pos += 2;
      if (a === '-z') return b === '';
      if (a === '-n') return b !== '';
      return unaryFile(a, b);
    }
    pos++;
    return a !== '';
  };
  const and = (): boolean => {
    let v = primary();
    while (args[pos] === '-a') {
      pos++;
      const r = primary();
      v = v && r;
    }
    return v;
  };
  const or = (): boolean => {
    let v = and();
    while (args[pos] === '-o') {
      pos++;
      const r = and();
      v = v || r;
    }
    return v;
  };
  if (args.length === 0) return false;
  const v = or();
  if (pos < args.length) throw new TestError(`${name}: too many arguments`);
  return v;
}

function testCommand(name: 'test' | '['): Command {
  return {
    name,
    summary: 'evaluate a conditional expression',
    usage: `${name}: ${name} [expr]`,
    run(ctx) {
      let args = ctx.argv.slice(1);
      if (name === '[') {
        if (args[args.length - 1] !== ']') {
          ctx.stderr.write("bash: [: missing `]'\n");
          return 2;
        }
        args = args.slice(0, -1);
      }
      try {
        return evaluate(ctx, args, `bash: ${name}`) ? 0 : 1;
      } catch (e) {
        ctx.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
        return 2;
      }
    },
  };
}

export const test = testCommand('test');
export const bracket = testCommand('[');
