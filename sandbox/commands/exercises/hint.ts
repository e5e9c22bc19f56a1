/** `hint`: the next hint of the running exercise (static ones first, then one computed from the world). */
import type { Command } from '../../shell/command.js';
import { activeExercise } from '../../exercises/active.js';
import { hintAt } from '../../exercises/hints.js';
import { ui } from '../../exercises/strings.js';
import { parseLang } from './lang.js';

export const hintCommand: Command = {
  name: 'hint',
  summary: 'show the next hint of the current exercise',
  usage: 'usage: hint [--lang zh|en]',
  run(ctx) {
    const { lang, rest, error } = parseLang(ctx, ctx.argv.slice(1));
    if (error !== undefined || rest.length > 0) {
      ctx.stderr.write(`hint: ${error ?? `unexpected argument '${rest[0]}'`}\nusage: hint [--lang zh|en]\n`);
      return 2;
    }
    const active = activeExercise(ctx.world);
    if (!active) {
      ctx.stderr.write(`hint: ${ui.noExercise[lang]}\n`);
      return 1;
    }
    const h = hintAt(active.exercise, ctx.world, active.hintsGiven + 1);
    if (!h) {
      ctx.stdout.write(`${ui.noMoreHints[lang]}\n`);
      return 0;
    }
    // A dynamic hint is recomputed each time; only static ones advance the counter past themselves.
    if (!h.dynamic) active.hintsGiven = h.n;
    ctx.stdout.write(`${ui.hintHeader[lang]} ${h.n}: ${h.text[lang]}\n`);
    return 0;
  },
};
