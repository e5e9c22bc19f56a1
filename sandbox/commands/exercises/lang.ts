/**
 * Which language the exercise commands speak: `--lang zh|en` first, then the
 * page's locale, then LANG (zh_CN.UTF-8 → zh), else English.
 */
import type { CommandContext } from '../../shell/command.js';
import type { Lang } from '../../exercises/types.js';
import { activeExercise } from '../../exercises/active.js';

export interface LangArgs {
  lang: Lang;
  rest: string[];
  error?: string;
}

export function parseLang(ctx: CommandContext, args: readonly string[]): LangArgs {
  const rest: string[] = [];
  let flag: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--lang' || a === '-l') {
      flag = args[++i];
      if (flag === undefined) return { lang: 'en', rest, error: `option '${a}' requires an argument` };
    } else if (a.startsWith('--lang=')) {
      flag = a.slice('--lang='.length);
    } else {
      rest.push(a);
    }
  }
  if (flag !== undefined) {
    const l = normalise(flag);
    if (!l) return { lang: 'en', rest, error: `unknown language '${flag}' (use zh or en)` };
    return { lang: l, rest };
  }
  const fromPage = activeExercise(ctx.world)?.lang;
  if (fromPage) return { lang: fromPage, rest };
  return { lang: normalise(ctx.env.get('LANG') ?? '') ?? 'en', rest };
}

function normalise(s: string): Lang | undefined {
  const l = s.toLowerCase();
  if (l.startsWith('zh')) return 'zh';
  if (l.startsWith('en') || l === 'c' || l.startsWith('c.')) return 'en';
  return undefined;
}
