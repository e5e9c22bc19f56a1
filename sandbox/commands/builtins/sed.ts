/**
 * sed, the part people type: `s///` (g, p, N, I), d, p, q, Q, =, a, i, c, y,
 * n, blocks `{}`, addresses (N, $, /re/, ranges, `!`), -n, -e, -E/-r and -i
 * (which kubectl edit relies on when KUBE_EDITOR is a sed script).
 */
import type { Command, CommandContext } from '../../shell/command.js';
import { normalizePath } from '../../world/fs.js';
import { inputLines } from '../../shell/streams.js';
import { posixToJs, buildRegExp, RegexError } from './regex.js';
import { fsErrorText } from './files.js';

type Addr = { kind: 'line'; n: number } | { kind: 'last' } | { kind: 're'; re: RegExp };

interface SedCmd {
  a1?: Addr;
  a2?: Addr;
  neg: boolean;
  name: string;
  inRange: boolean;
  /** s: pattern, replacement, flags. */
  re?: RegExp;
  global?: boolean;
  nth?: number;
  print?: boolean;
  replacement?: string;
  text?: string;
  exitCode?: number;
  from?: string[];
  to?: string[];
  /** Index of the matching `}` for `{`. */
  blockEnd?: number;
}

class SedError extends Error {}

function parseScript(script: string, exprNo: number, extended: boolean): SedCmd[] {
  const cmds: SedCmd[] = [];
  const opens: number[] = [];
  let i = 0;
  const fail = (msg: string): never => {
    throw new SedError(`-e expression #${exprNo}, char ${Math.min(i + 1, script.length)}: ${msg}`);
  };
  const skipWs = (): void => {
    while (i < script.length && /[ \t]/.test(script[i]!)) i++;
  };
  const readDelimited = (delim: string): string => {
    let out = '';
    while (i < script.length && script[i] !== delim) {
      if (script[i] === '\\' && i + 1 < script.length) {
        if (script[i + 1] === delim) out += delim === '/' ? '\\/' : delim;
        else if (script[i + 1] === 'n') out += '\\n';
        else out += script[i]! + script[i + 1]!;
        i += 2;
        continue;
      }
      if (script[i] === '\n') break;
      out += script[i++];
    }
    if (script[i] !== delim) fail(`unterminated address regex`);
    i++;
    return out;
  };
  const regex = (src: string, flags: string): RegExp => {
    try {
      return buildRegExp([posixToJs(src, extended)], {
        ignoreCase: flags.includes('I') || flags.includes('i'),
        global: true,
      });
    } catch (e) {
      return fail(e instanceof RegexError ? e.message : 'Invalid regular expression');
    }
  };
  const addr = (): Addr | undefined => {
    const c = script[i];
    if (c === undefined) return undefined;
    if (/[0-9]/.test(c)) {
      let j = i;
      while (j < script.length && /[0-9]/.test(script[j]!)) j++;
      const n = Number(script.slice(i, j));
      i = j;
      if (n === 0) fail('invalid usage of line address 0');
      return { kind: 'line', n };
    }
    if (c === '$') {
      i++;
      return { kind: 'last' };
    }
    if (c === '/' || c === '\\') {
      let delim = '/';
      if (c === '\\') {
        delim = script[i + 1] ?? '';
        i++;
      }
      i++;
      const src = readDelimited(delim);
      let flags = '';
      while (script[i] === 'I' || script[i] === 'M') flags += script[i++];
      return { kind: 're', re: regex(src, flags) };
    }
    return undefined;
  };
  const readText = (): string => {
    // a\ text, a text (GNU one-liner form)
    skipWs();
    if (script[i] === '\\') {
      i++;
      if (script[i] === '\n') i++;
    }
    skipWs();
    let out = '';
    while (i < script.length && script[i] !== '\n') {
      if (script[i] === '\\' && i + 1 < script.length) {
        out += script[i + 1] === 'n' ? '\n' : script[i + 1] === 't' ? '\t' : script[i + 1];
        i += 2;
        continue;
      }
      out += script[i++];
    }
    return out;
  };
  while (i < script.length) {
    skipWs();
    if (script[i] === ';' || script[i] === '\n') {
      i++;
      continue;
    }
    if (i >= script.length) break;
    if (script[i] === '#') {
      while (i < script.length && script[i] !== '\n') i++;
      continue;
    }
    const cmd: SedCmd = { neg: false, name: '', inRange: false };
    cmd.a1 = addr();
    if (cmd.a1 && script[i] === ',') {
      i++;
      cmd.a2 = addr();
      if (!cmd.a2) fail("unexpected `,'");
    }
    skipWs();
    if (script[i] === '!') {
      cmd.neg = true;
      i++;
      skipWs();
    }
    const name = script[i];
    if (name === undefined) fail('missing command');
    i++;
    cmd.name = name!;
    switch (name) {
      case 's': {
        const delim = script[i];
        if (delim === undefined || delim === '\n' || delim === '\\') fail("unterminated `s' command");
        i++;
        let pat = '';
        while (i < script.length && script[i] !== delim) {
          if (script[i] === '\\' && i + 1 < script.length) {
            pat += script[i + 1] === delim ? (delim === '/' ? '\\/' : delim) : script[i]! + script[i + 1]!;
            i += 2;
            continue;
          }
          pat += script[i++];
        }
        if (script[i] !== delim) fail("unterminated `s' command");
        i++;
        let rep = '';
        while (i < script.length && script[i] !== delim) {
          if (script[i] === '\\' && i + 1 < script.length) {
            rep += script[i + 1] === delim ? delim : script[i]! + script[i + 1]!;
            i += 2;
            continue;
          }
          rep += script[i++];
        }
        if (script[i] !== delim) fail("unterminated `s' command");
        i++;
        let flags = '';
        while (i < script.length && /[gpiIme0-9]/.test(script[i]!)) flags += script[i++];
        if (script[i] === 'w') fail("the `w' flag is not supported here");
        skipWs();
        if (i < script.length && !/[;\n}]/.test(script[i]!)) fail("unknown option to `s'");
        cmd.re = regex(pat, flags.includes('I') || flags.includes('i') ? 'I' : '');
        cmd.global = flags.includes('g');
        const n = /\d+/.exec(flags);
        cmd.nth = n ? Number(n[0]) : undefined;
        cmd.print = flags.includes('p');
        cmd.replacement = rep;
        break;
      }
      case 'y': {
        const delim = script[i++];
        const parts: string[] = [];
        for (let k = 0; k < 2; k++) {
          let s = '';
          while (i < script.length && script[i] !== delim) {
            if (script[i] === '\\' && script[i + 1] === delim) {
              s += delim;
              i += 2;
              continue;
            }
            s += script[i++];
          }
          if (script[i] !== delim) fail("unterminated `y' command");
          i++;
          parts.push(s);
        }
        cmd.from = [...parts[0]!];
        cmd.to = [...parts[1]!];
        if (cmd.from.length !== cmd.to.length) fail("strings for `y' command are different lengths");
        break;
      }
      case 'a':
      case 'i':
      case 'c':
        cmd.text = readText();
        break;
      case 'q':
      case 'Q': {
        skipWs();
        const m = /^\d+/.exec(script.slice(i));
        cmd.exitCode = m ? Number(m[0]) : 0;
        if (m) i += m[0].length;
        break;
      }
      case '{':
        opens.push(cmds.length);
        break;
      case '}':
        if (opens.length === 0) fail("unexpected `}'");
        cmds[opens.pop()!]!.blockEnd = cmds.length;
        break;
      case 'd':
      case 'D':
      case 'p':
      case 'P':
      case '=':
      case 'n':
      case 'N':
      case 'h':
      case 'H':
      case 'g':
      case 'G':
      case 'x':
        break;
      default:
        i--;
        fail(`unknown command: \`${name}'`);
    }
    cmds.push(cmd);
  }
  if (opens.length > 0) fail("unmatched `{'");
  return cmds;
}

function substitute(line: string, cmd: SedCmd): { text: string; changed: boolean } {
  const re = cmd.re!;
  re.lastIndex = 0;
  let count = 0;
  let changed = false;
  const text = line.replace(re, (...m: unknown[]) => {
    const match = m[0] as string;
    const groups = m.slice(1, -2) as (string | undefined)[];
    count++;
    const want = cmd.nth ?? 1;
    if (count < want || (!cmd.global && count > want)) return match;
    changed = true;
    let out = '';
    const rep = cmd.replacement!;
    for (let k = 0; k < rep.length; k++) {
      const c = rep[k]!;
      if (c === '&') out += match;
      else if (c === '\\' && k + 1 < rep.length) {
        const d = rep[++k]!;
        if (/[1-9]/.test(d)) out += groups[Number(d) - 1] ?? '';
        else if (d === 'n') out += '\n';
        else if (d === 't') out += '\t';
        else out += d;
      } else out += c;
    }
    return out;
  });
  return { text, changed };
}

async function runSed(ctx: CommandContext): Promise<number> {
  const argv = ctx.argv.slice(1);
  const scripts: string[] = [];
  const files: string[] = [];
  let quiet = false;
  let inPlace: string | undefined;
  let extended = false;
  let separate = false;
  for (let k = 0; k < argv.length; k++) {
    const a = argv[k]!;
    if (a === '-n' || a === '--quiet' || a === '--silent') quiet = true;
    else if (a === '-e' || a === '--expression') {
      const s = argv[++k];
      if (s === undefined) {
        ctx.stderr.write("sed: option requires an argument -- 'e'\n");
        return 1;
      }
      scripts.push(s);
    } else if (a.startsWith('--expression=')) scripts.push(a.slice(13));
    else if (a === '-i' || a === '--in-place') inPlace = '';
    else if (a.startsWith('--in-place=')) inPlace = a.slice(11);
    else if (a === '-E' || a === '-r' || a === '--regexp-extended') extended = true;
    else if (a === '-s' || a === '--separate') separate = true;
    else if (a === '--') {
      files.push(...argv.slice(k + 1));
      break;
    } else if (/^-[nirEse]+/.test(a) && !a.startsWith('--')) {
      // Clustered flags: -ne, -i.bak, -En …
      let j = 1;
      for (; j < a.length; j++) {
        const c = a[j]!;
        if (c === 'n') quiet = true;
        else if (c === 'E' || c === 'r') extended = true;
        else if (c === 's') separate = true;
        else if (c === 'i') {
          inPlace = a.slice(j + 1);
          j = a.length;
        } else if (c === 'e') {
          const rest = a.slice(j + 1);
          const s = rest !== '' ? rest : argv[++k];
          if (s !== undefined) scripts.push(s);
          j = a.length;
        }
      }
    } else if (a.startsWith('-') && a !== '-') {
      ctx.stderr.write(
        `sed: ${a.startsWith('--') ? `unrecognized option '${a}'` : `invalid option -- '${a[1]}'`}\nUsage: sed [OPTION]... {script-only-if-no-other-script} [input-file]...\n`,
      );
      return 1;
    } else files.push(a);
  }
  if (scripts.length === 0) {
    const s = files.shift();
    if (s === undefined) {
      ctx.stderr.write('Usage: sed [OPTION]... {script-only-if-no-other-script} [input-file]...\n');
      return 1;
    }
    scripts.push(s);
  }
  let cmds: SedCmd[];
  try {
    cmds = scripts.length === 1 ? parseScript(scripts[0]!, 1, extended) : parseScript(scripts.join('\n'), 1, extended);
  } catch (e) {
    ctx.stderr.write(`sed: ${e instanceof Error ? e.message : String(e)}\n`);
    return 1;
  }
  if (inPlace !== undefined && files.length === 0) {
    ctx.stderr.write('sed: no input files\n');
    return 1;
  }

  let status = 0;
  let quitCode: number | undefined;
  const hold = { text: '' };

  /** Run the script over a list of lines; `isLastLine` knows when the input ends. */
  const process = async (
    source: AsyncIterator<string>,
    out: (s: string) => void,
    lineBase: { n: number },
  ): Promise<void> => {
    let next = await source.next();
    for (const c of cmds) c.inRange = false;
    while (!next.done && quitCode === undefined) {
      let ps = next.value;
      next = await source.next();
      lineBase.n++;
      let deleted = false;
      let append = '';
      const isLast = (): boolean => next.done === true;
      const matchAddr = (a: Addr): boolean => {
        if (a.kind === 'line') return lineBase.n === a.n;
        if (a.kind === 'last') return isLast();
        a.re.lastIndex = 0;
        return a.re.test(ps);
      };
      const selected = (c: SedCmd): boolean => {
        let sel: boolean;
        if (!c.a1) sel = true;
        else if (!c.a2) sel = matchAddr(c.a1);
        else if (c.inRange) {
          sel = true;
          if (c.a2.kind === 'line' ? lineBase.n >= c.a2.n : matchAddr(c.a2)) c.inRange = false;
        } else if (matchAddr(c.a1)) {
          sel = true;
          if (!(c.a2.kind === 'line' && c.a2.n <= lineBase.n)) c.inRange = true;
        } else sel = false;
        return sel !== c.neg;
      };
      let pc = 0;
      while (pc < cmds.length) {
        const c = cmds[pc]!;
        if (c.name === '}') {
          pc++;
          continue;
        }
        if (!selected(c)) {
          pc = c.name === '{' ? c.blockEnd! + 1 : pc + 1;
          continue;
        }
        pc++;
        switch (c.name) {
          case 's': {
            const r = substitute(ps, c);
            ps = r.text;
            if (r.changed && c.print) out(ps + '\n');
            break;
          }
          case 'y':
            ps = [...ps]
              .map((ch) => {
                const k = c.from!.indexOf(ch);
                return k >= 0 ? c.to![k]! : ch;
              })
              .join('');
            break;
          case 'd':
          case 'D':
            deleted = true;
            pc = cmds.length;
            break;
          case 'p':
            out(ps + '\n');
            break;
          case 'P':
            out(ps.split('\n')[0] + '\n');
            break;
          case '=':
            out(`${lineBase.n}\n`);
            break;
          case 'a':
            append += c.text + '\n';
            break;
          case 'i':
            out(c.text + '\n');
            break;
          case 'c':
            if (!c.a2 || !c.inRange) out(c.text + '\n');
            deleted = true;
            pc = cmds.length;
            break;
          case 'q':
            quitCode = c.exitCode;
            pc = cmds.length;
            break;
          case 'Q':
            quitCode = c.exitCode;
            deleted = true;
            pc = cmds.length;
            break;
          case 'n':
            if (!quiet) out(ps + '\n');
            if (next.done) {
              deleted = true;
              pc = cmds.length;
              break;
            }
            ps = next.value;
            next = await source.next();
            lineBase.n++;
            break;
          case 'N':
            if (next.done) {
              pc = cmds.length;
              break;
            }
            ps += '\n' + next.value;
            next = await source.next();
            lineBase.n++;
            break;
          case 'h':
            hold.text = ps;
            break;
          case 'H':
            hold.text += '\n' + ps;
            break;
          case 'g':
            ps = hold.text;
            break;
          case 'G':
            ps += '\n' + hold.text;
            break;
          case 'x':
            [ps, hold.text] = [hold.text, ps];
            break;
          default:
            break;
        }
      }
      if (!deleted && !quiet) out(ps + '\n');
      if (append) out(append);
      if (ctx.signal) return;
    }
  };

  const fileLines = (f: string): AsyncIterator<string> | undefined => {
    if (f === '-') return inputLines(ctx.stdin);
    const path = normalizePath(f, ctx.cwd);
    try {
      const text = ctx.host.fs.readText(path);
      const lines = text.split('\n');
      if (lines[lines.length - 1] === '') lines.pop();
      return (async function* () {
        yield* lines;
      })();
    } catch (e) {
      const msg = fsErrorText(e);
      ctx.stderr.write(
        msg === 'Is a directory' ? `sed: couldn't edit ${f}: not a regular file\n` : `sed: can't read ${f}: ${msg}\n`,
      );
      status = 2;
      return undefined;
    }
  };

  if (inPlace !== undefined) {
    for (const f of files) {
      const src = fileLines(f);
      if (!src) continue;
      let text = '';
      await process(src, (s) => (text += s), { n: 0 });
      const path = normalizePath(f, ctx.cwd);
      try {
        if (inPlace !== '') ctx.host.fs.write(path + inPlace, ctx.host.fs.readBytes(path));
        ctx.host.fs.write(path, text);
      } catch (e) {
        ctx.stderr.write(`sed: couldn't open temporary file ${f}: ${fsErrorText(e)}\n`);
        status = 4;
      }
    }
    return quitCode ?? status;
  }
  const list = files.length === 0 ? ['-'] : files;
  if (separate) {
    for (const f of list) {
      const src = fileLines(f);
      if (src) await process(src, (s) => ctx.stdout.write(s), { n: 0 });
    }
  } else {
    const iters = list.map((f) => f);
    const joined = (async function* () {
      for (const f of iters) {
        const it = fileLines(f);
        if (!it) continue;
        for (;;) {
          const r = await it.next();
          if (r.done) break;
          yield r.value;
        }
      }
    })();
    await process(joined, (s) => ctx.stdout.write(s), { n: 0 });
  }
  if (ctx.signal) return 130;
  return quitCode ?? status;
}

export const sed: Command = {
  name: 'sed',
  summary: 'stream editor for filtering and transforming text',
  usage: 'Usage: sed [OPTION]... {script-only-if-no-other-script} [input-file]...\n',
  run: runSed,
};
