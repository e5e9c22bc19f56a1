/** `task`: print the running exercise's title and task again. */
import type { Command } from '../../shell/command.js';
import { activeExercise } from '../../exercises/active.js';
import { ui } from '../../exercises/strings.js';
import { parseLang } from './lang.js';

export const taskCommand: Command = {
  name: 'task',
  summary: 'show the task of the current exercise',
  usage: 'usage: task [--lang zh|en]',
  run(ctx) {
    const { lang, rest, error } = parseLang(ctx, ctx.argv.slice(1));
    if (error !== undefined || rest.length > 0) {
      ctx.stderr.write(`task: ${error ?? `unexpected argument '${rest[0]}'`}\nusage: task [--lang zh|en]\n`);
      return 2;
    }
    const active = activeExercise(ctx.world);
    if (!active) {
      ctx.stderr.write(`task: ${ui.noExercise[lang]}\n`);
      return 1;
    }
    const ex = active.exercise;
    ctx.stdout.write(`${ex.id}: ${ex.title[lang]}\n\n${ex.task[lang].replace(/`/g, '')}\n`);
    if (ex.answer) ctx.stdout.write(`\n${ui.answerWanted[lang]}${ex.answer.prompt[lang]}\n`);
    return 0;
  },
};
