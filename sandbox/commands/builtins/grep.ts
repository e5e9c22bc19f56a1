import type { Command } from '../../shell/command.js';
import { getopt } from './util.js';
import { buildRegExp, escapeFixed, posixToJs, RegexError } from './regex.js';
import { operandLines } from './files.js';

const USAGE = "Usage: grep [OPTION]... PATTERNS [FILE]...\nTry 'grep --help' for more information.\n";

export const grep: Command = {
  name: 'grep',
  summary: 'print lines that match patterns',
  usage: `Usage: grep [OPTION]... PATTERNS [FILE]...
Search for PATTERNS in each FILE.
Example: grep -i 'hello world' menu.h main.c
PATTERNS can contain multiple patterns separated by newlines.

Pattern selection and interpretation:
  -E, --extended-regexp     PATTERNS are extended regular expressions
  -F, --fixed-strings       PATTERNS are strings
  -e, --regexp=PATTERNS     use PATTERNS for matching
  -i, --ignore-case         ignore case distinctions in patterns and data
  -w, --word-regexp         match only whole words
  -x, --line-regexp         match only whole lines

Output control:
  -c, --count               print only a count of selected lines per FILE
  -v, --invert-match        select non-matching lines
  -n, --line-number         print line number with output lines
  -o, --only-matching       show only nonempty parts of lines that match
  -q, --quiet, --silent     suppress all normal output
  -l, --files-with-matches  print only names of FILEs with selected lines
  -m, --max-count=NUM       stop after NUM selected lines
  -H, --with-filename       print file name with output lines
  -h, --no-filename         suppress the file name prefix on output

When FILE is '-', read standard input.  With no FILE, read '.' if
recursive, '-' otherwise.  With fewer than two FILEs, assume -h.
Exit status is 0 if any line is selected, 1 otherwise;
if any error occurs and -q is not given, the exit status is 2.
`,
  async run(ctx) {
    const o = getopt(ctx.argv.slice(1), {
      flags: 'ivEFGcnowqlLhHsxrz',
      withValue: 'emABC',
      long: {
        'ignore-case': 'i',
        'invert-match': 'v',
        'extended-regexp': 'E',
        'fixed-strings': 'F',
        count: 'c',
        'line-number': 'n',
        'only-matching': 'o',
        'word-regexp': 'w',
        'line-regexp': 'x',
        quiet: 'q',
        silent: 'q',
        'files-with-matches': 'l',
        'no-filename': 'h',
        'with-filename': 'H',
        regexp: 'e',
        'max-count': 'm',
        color: 'z',
        colour: 'z',
      },
    });
    if (o.error) {
      const e = o.error;
      ctx.stderr.write(
        `grep: ${e.kind === 'invalid' ? `invalid option -- '${e.opt}'` : e.kind === 'missing' ? `option requires an argument -- '${e.opt}'` : `unrecognized option '${e.opt}'`}\n${USAGE}`,
      );
      return 2;
    }
    const patterns: string[] = [];
    const args = [...o.args];
    // -e may repeat; getopt keeps the last, so collect every one from argv.
    const argv = ctx.argv.slice(1);
    for (let i = 0; i < argv.length; i++) {
      if (argv[i] === '-e' && argv[i + 1] !== undefined) patterns.push(argv[++i]!);
      else if (argv[i]!.startsWith('-e') && argv[i]!.length > 2 && !argv[i]!.startsWith('--'))
        patterns.push(argv[i]!.slice(2));
      else if (argv[i]!.startsWith('--regexp=')) patterns.push(argv[i]!.slice(9));
    }
    if (patterns.length === 0) {
      const p = args.shift();
      if (p === undefined) {
        ctx.stderr.write(USAGE);
        return 2;
      }
      patterns.push(...p.split('\n'));
    }
    let re: RegExp;
    try {
      const extended = o.flags.has('E');
      const fixed = o.flags.has('F');
      const sources = patterns.map((p) => (fixed ? escapeFixed(p) : posixToJs(p, extended)));
      re = buildRegExp(sources, { ignoreCase: o.flags.has('i'), word: o.flags.has('w'), line: o.flags.has('x') });
    } catch (e) {
      ctx.stderr.write(`grep: ${e instanceof RegexError ? e.message : 'Invalid regular expression'}\n`);
      return 2;
    }
    const invert = o.flags.has('v');
    const count = o.flags.has('c');
    const number = o.flags.has('n');
    const only = o.flags.has('o');
    const quiet = o.flags.has('q');
    const listFiles = o.flags.has('l');
    const maxCount = o.values.has('m') ? Number(o.values.get('m')) : Infinity;
    const files = args;
    const prefixName = files.length > 1 ? !o.flags.has('h') : o.flags.has('H');
    let matchedAny = false;
    const state = { failed: false };
    const list = files.length === 0 ? ['-'] : files;
    for (const f of list) {
      const label = f === '-' ? '(standard input)' : f;
      let n = 0;
      let matches = 0;
      for await (const line of operandLines(ctx, 'grep', [f], undefined, state)) {
        n++;
        const hit = re.test(line) !== invert;
        if (!hit) continue;
        matches++;
        matchedAny = true;
        if (quiet) return 0;
        if (listFiles) break;
        if (!count) {
          const pre = `${prefixName ? label + ':' : ''}${number ? n + ':' : ''}`;
          if (only && !invert) {
            const g = new RegExp(re.source, re.flags.includes('g') ? re.flags : re.flags + 'g');
            for (const m of line.matchAll(g)) if (m[0] !== '') ctx.stdout.write(`${pre}${m[0]}\n`);
          } else ctx.stdout.write(`${pre}${line}\n`);
        }
        if (matches >= maxCount) break;
      }
      if (ctx.signal) return 130;
      if (count) ctx.stdout.write(`${prefixName ? label + ':' : ''}${matches}\n`);
      if (listFiles && matches > 0) ctx.stdout.write(`${label}\n`);
    }
    if (state.failed && !(quiet && matchedAny)) return 2;
    return matchedAny ? 0 : 1;
  },
};
