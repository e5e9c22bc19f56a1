/**
 * kubectl's flag parsing (cobra + pflag): flags anywhere before `--`,
 * `--name=value`, `--name value`, `-n value`, `-nvalue`, `-n=value`, and
 * bool shorthands grouped (`-it`). Errors carry pflag's wording.
 */
export type FlagType = 'bool' | 'string' | 'int' | 'strings';

export interface FlagSpec {
  readonly long: string;
  readonly short?: string;
  readonly type: FlagType;
}

export interface ParsedFlags {
  values: Map<string, string | boolean | string[]>;
  positional: string[];
  /** Words after `--` (exec's command), undefined when there was no `--`. */
  dashArgs: string[] | undefined;
}

export class FlagError extends Error {}

export function parseFlags(args: readonly string[], specs: readonly FlagSpec[]): ParsedFlags {
  const values = new Map<string, string | boolean | string[]>();
  const positional: string[] = [];
  let dashArgs: string[] | undefined;
  const byLong = new Map(specs.map((s) => [s.long, s]));
  const byShort = new Map(specs.filter((s) => s.short).map((s) => [s.short!, s]));

  const set = (spec: FlagSpec, raw: string, shown: string): void => {
    if (spec.type === 'bool') {
      if (raw !== 'true' && raw !== 'false') {
        throw new FlagError(
          `invalid argument "${raw}" for "${shown}" flag: strconv.ParseBool: parsing "${raw}": invalid syntax`,
        );
      }
      values.set(spec.long, raw === 'true');
    } else if (spec.type === 'int') {
      if (!/^-?\d+$/.test(raw)) {
        throw new FlagError(
          `invalid argument "${raw}" for "${shown}" flag: strconv.ParseInt: parsing "${raw}": invalid syntax`,
        );
      }
      values.set(spec.long, raw);
    } else if (spec.type === 'strings') {
      const prev = values.get(spec.long);
      values.set(spec.long, [...(Array.isArray(prev) ? prev : []), raw]);
    } else {
      values.set(spec.long, raw);
    }
  };

  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--') {
      dashArgs = args.slice(i + 1);
      break;
    }
    if (a.startsWith('--')) {
      const eq = a.indexOf('=');
      const name = eq >= 0 ? a.slice(2, eq) : a.slice(2);
      const spec = byLong.get(name);
      if (!spec) throw new FlagError(`unknown flag: --${name}`);
      const shown = spec.short ? `-${spec.short}, --${spec.long}` : `--${spec.long}`;
      if (eq >= 0) set(spec, a.slice(eq + 1), shown);
      else if (spec.type === 'bool') values.set(spec.long, true);
      else if (i + 1 < args.length) set(spec, args[++i]!, shown);
      else throw new FlagError(`flag needs an argument: --${name}`);
      continue;
    }
    if (a.startsWith('-') && a.length > 1) {
      for (let j = 1; j < a.length; j++) {
        const c = a[j]!;
        const spec = byShort.get(c);
        if (!spec) throw new FlagError(`unknown shorthand flag: '${c}' in ${a}`);
        const shown = `-${spec.short}, --${spec.long}`;
        if (spec.type === 'bool') {
          if (a[j + 1] === '=') {
            set(spec, a.slice(j + 2), shown);
            break;
          }
          values.set(spec.long, true);
          continue;
        }
        let rest = a.slice(j + 1);
        if (rest.startsWith('=')) rest = rest.slice(1);
        if (rest !== '' || a[j + 1] === '=') set(spec, rest, shown);
        else if (i + 1 < args.length) set(spec, args[++i]!, shown);
        else throw new FlagError(`flag needs an argument: '${c}' in ${a}`);
        break;
      }
      continue;
    }
    positional.push(a);
  }
  return { values, positional, dashArgs };
}

export function str(p: ParsedFlags, name: string): string | undefined {
  const v = p.values.get(name);
  return typeof v === 'string' ? v : undefined;
}

export function bool(p: ParsedFlags, name: string): boolean {
  return p.values.get(name) === true;
}

export function strs(p: ParsedFlags, name: string): string[] {
  const v = p.values.get(name);
  return Array.isArray(v) ? v : [];
}

/** Flags every kubectl verb accepts. */
export const GLOBAL_FLAGS: readonly FlagSpec[] = [
  { long: 'namespace', short: 'n', type: 'string' },
  { long: 'help', short: 'h', type: 'bool' },
  { long: 'kubeconfig', type: 'string' },
  { long: 'context', type: 'string' },
  { long: 'v', short: 'v', type: 'string' },
  { long: 'request-timeout', type: 'string' },
];
