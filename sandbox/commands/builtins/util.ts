/**
 * Small helpers shared by the builtins: coreutils-style messages and option
 * parsing as GNU getopt does it (clustered short flags, `--`, `-n5`).
 */
import type { CommandContext } from '../../shell/command.js';

/** `CMD: MESSAGE` then coreutils' `Try 'CMD --help' for more information.`; exit status 1 (2 for some tools). */
export function usageError(ctx: CommandContext, name: string, message: string, status = 1): number {
  ctx.stderr.write(`${name}: ${message}\nTry '${name} --help' for more information.\n`);
  return status;
}

export interface ParsedOpts {
  flags: Set<string>;
  values: Map<string, string>;
  args: string[];
  /** An unknown option, or one missing its argument. */
  error?: { kind: 'invalid' | 'missing' | 'unrecognized'; opt: string };
}

/**
 * Parse short options; `withValue` lists letters taking an argument, `long` maps
 * long names (without --) to letters. Operands and options may mix, as GNU allows.
 */
export function getopt(
  argv: readonly string[],
  spec: { flags: string; withValue?: string; long?: Record<string, string> },
): ParsedOpts {
  const out: ParsedOpts = { flags: new Set(), values: new Map(), args: [] };
  const withValue = spec.withValue ?? '';
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--') {
      out.args.push(...argv.slice(i + 1));
      break;
    }
    if (a.startsWith('--') && a.length > 2) {
      const eq = a.indexOf('=');
      const name = eq >= 0 ? a.slice(2, eq) : a.slice(2);
      const letter = spec.long?.[name];
      if (letter === undefined) {
        out.error ??= { kind: 'unrecognized', opt: a };
        continue;
      }
      if (withValue.includes(letter)) {
        const v = eq >= 0 ? a.slice(eq + 1) : argv[++i];
        if (v === undefined) {
          out.error ??= { kind: 'missing', opt: name };
          continue;
        }
        out.values.set(letter, v);
      } else out.flags.add(letter);
      continue;
    }
    if (a.startsWith('-') && a.length > 1) {
      for (let j = 1; j < a.length; j++) {
        const c = a[j]!;
        if (withValue.includes(c)) {
          const v = j + 1 < a.length ? a.slice(j + 1) : argv[++i];
          if (v === undefined) out.error ??= { kind: 'missing', opt: c };
          else out.values.set(c, v);
          break;
        }
        if (!spec.flags.includes(c)) {
          out.error ??= { kind: 'invalid', opt: c };
          continue;
        }
        out.flags.add(c);
      }
      continue;
    }
    out.args.push(a);
  }
  return out;
}

/** coreutils' wording for a bad option. */
export function optError(ctx: CommandContext, name: string, err: NonNullable<ParsedOpts['error']>, status = 1): number {
  const msg =
    err.kind === 'invalid'
      ? `invalid option -- '${err.opt}'`
      : err.kind === 'missing'
        ? `option requires an argument -- '${err.opt}'`
        : `unrecognized option '${err.opt}'`;
  return usageError(ctx, name, msg, status);
}

/** ‘x’ quoting as coreutils does in a UTF-8 locale. */
export function q(s: string): string {
  return `‘${s}’`;
}

/** 'x' quoting as coreutils quotes file names (quoteaf: shell-escape-always style). */
export function qf(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}
