/** `answer TEXT`: record the reader's answer (graded by `check`; the latest answer counts). */
import type { Command } from '../../shell/command.js';
import { activeExercise } from '../../exercises/active.js';
import { ui } from '../../exercises/strings.js';
import { recordObservation } from '../../world/observations.js';
import { parseLang } from './lang.js';

/** Long enough for any answer an exercise asks for, short enough to keep the log bounded. */
const MAX_ANSWER = 500;

export const answerCommand: Command = {
  name: 'answer',
  summary: 'record your answer to the current exercise',
  usage: 'usage: answer TEXT',
  run(ctx) {
    const { lang, rest, error } = parseLang(ctx, ctx.argv.slice(1));
    if (error !== undefined) {
      ctx.stderr.write(`answer: ${error}\n`);
      return 2;
    }
    const text = rest.join(' ').trim();
    if (text === '') {
      ctx.stderr.write(`${ui.answerUsage[lang]}\n`);
      return 2;
    }
    const active = activeExercise(ctx.world);
    if (!active) {
      ctx.stderr.write(`answer: ${ui.noExercise[lang]}\n`);
      return 1;
    }
    const kept = text.slice(0, MAX_ANSWER);
    recordObservation(ctx.world, { kind: 'answer', at: ctx.world.clock.now, host: ctx.host.name, text: kept });
    ctx.stdout.write(`${ui.answerRecorded[lang]}${kept}\n`);
    if (!active.exercise.answer) ctx.stdout.write(`${ui.noAnswerWanted[lang]}\n`);
    return 0;
  },
};
