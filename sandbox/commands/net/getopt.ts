/**
 * POSIX getopt for the net tools (ping, traceroute, tracepath): clustered
 * short flags, `-c4` and `-c 4`, options in order, operands after, stop at `--`.
 * Errors carry glibc's wording (`invalid option -- 'z'`, `option requires an
 * argument -- 'c'`).
 */
export interface Opt {
  letter: string;
  value: string | undefined;
}

export type GetoptResult = { ok: true; opts: Opt[]; args: string[] } | { ok: false; message: string };

export function getopt(argv: readonly string[], flags: string, withValue: string, permute = true): GetoptResult {
  const opts: Opt[] = [];
  const args: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--') {
      args.push(...argv.slice(i + 1));
      break;
    }
    if (!a.startsWith('-') || a === '-') {
      if (!permute) {
        args.push(...argv.slice(i));
        break;
      }
      args.push(a);
      continue;
    }
    for (let j = 1; j < a.length; j++) {
      const c = a[j]!;
      if (withValue.includes(c)) {
        let v = a.slice(j + 1);
        if (v === '') {
          if (i + 1 >= argv.length) return { ok: false, message: `option requires an argument -- '${c}'` };
          v = argv[++i]!;
        }
        opts.push({ letter: c, value: v });
        break;
      }
      if (!flags.includes(c)) return { ok: false, message: `invalid option -- '${c}'` };
      opts.push({ letter: c, value: undefined });
    }
  }
  return { ok: true, opts, args };
}
