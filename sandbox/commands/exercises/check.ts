/** `check`: grade the running exercise and print its checklist and score. */
import type { Command } from '../../shell/command.js';
import { activeExercise } from '../../exercises/active.js';
import { formatVerdict, grade } from '../../exercises/grade.js';
import { ui } from '../../exercises/strings.js';
import { parseLang } from './lang.js';

export const checkCommand: Command = {
  name: 'check',
  summary: 'grade the current exercise: checklist and score',
  usage: 'usage: check [--lang zh|en]',
  run(ctx) {
    const { lang, rest, error } = parseLang(ctx, ctx.argv.slice(1));
    if (error !== undefined || rest.length > 0) {
      ctx.stderr.write(`check: ${error ?? `unexpected argument '${rest[0]}'`}\nusage: check [--lang zh|en]\n`);
      return 2;
    }
    const active = activeExercise(ctx.world);
    if (!active) {
      ctx.stderr.write(`check: ${ui.noExercise[lang]}\n`);
      return 1;
    }
    const v = grade(active.exercise, ctx.world, lang);
    ctx.stdout.write(formatVerdict(v, lang));
    return v.complete ? 0 : 1;
  },
};
