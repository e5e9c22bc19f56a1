/**
 * Every exercise, replayed through the CLI machinery (runTranscript types the
 * lines as the CLI does): the starting state fails, the scripted solution
 * reaches 100%, and the plausible wrong attempt does not. An exercise that
 * cannot fail is a defect.
 */
import { describe, expect, it } from 'vitest';
import { allExercises, checkExercise, exerciseHint, startExercise } from '../../sandbox/exercises/index.js';
import { runTranscriptDetailed } from '../../sandbox/shell/transcript.js';

/** The transcript's last `score:` line, as the reader sees it. */
function lastScore(text: string): string | undefined {
  const lines = text.split('\n').filter((l) => l.startsWith('score: '));
  return lines[lines.length - 1];
}

describe.each(allExercises().map((e) => [e.id, e] as const))('exercise %s', (id, exercise) => {
  it('does not pass at the start', () => {
    const started = startExercise(id)!;
    const v = checkExercise(started.world, id)!;
    expect(v.complete, JSON.stringify(v.items)).toBe(false);
    expect(v.score).toBeLessThan(100);
  });

  it('passes 100% with its scripted solution', async () => {
    const started = startExercise(id)!;
    const r = await runTranscriptDetailed(started.world, exercise.host, exercise.solution.join('\n') + '\n');
    expect(r.internalErrors, r.text).toEqual([]);
    const v = checkExercise(started.world, id)!;
    expect(
      v.items.filter((i) => !i.ok).map((i) => i.id),
      r.text,
    ).toEqual([]);
    expect(v.score).toBe(100);
    expect(lastScore(r.text), r.text).toBe(`score: 100% (${v.total}/${v.total})`);
  });

  it('does not pass with the plausible wrong attempt', async () => {
    const started = startExercise(id)!;
    const r = await runTranscriptDetailed(started.world, exercise.host, exercise.wrong.join('\n') + '\n');
    expect(r.internalErrors, r.text).toEqual([]);
    const v = checkExercise(started.world, id)!;
    expect(v.complete, r.text).toBe(false);
    expect(lastScore(r.text), r.text).toMatch(/^score: \d+% \(\d+\/\d+\)$/);
    expect(lastScore(r.text)).not.toMatch(/^score: 100%/);
  });
});

describe.each(allExercises().map((e) => [e.id, e] as const))('hints of %s', (id, exercise) => {
  it('come in order, static first, and the computed one reads the world without throwing', async () => {
    const started = startExercise(id)!;
    const n = exercise.hints.static.length;
    for (let i = 1; i <= n; i++)
      expect(exerciseHint(started.world, id, i)).toEqual({ n: i, text: exercise.hints.static[i - 1], dynamic: false });
    const next = exerciseHint(started.world, id, n + 1);
    if (exercise.hints.dynamic) {
      // At the start something is always left to do, so a computed hint has something to say.
      expect(exercise.hints.dynamic(started.world, [])).toBeDefined();
      expect(next?.dynamic).toBe(true);
    } else {
      expect(next).toBeUndefined();
    }
    await runTranscriptDetailed(started.world, exercise.host, exercise.solution.join('\n') + '\n');
    // Once solved, a computed hint has nothing left to add.
    expect(exerciseHint(started.world, id, n + 1)).toBeUndefined();
  });
});
