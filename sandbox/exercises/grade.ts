/**
 * Grading: every item is checked on its own (partial credit, as Packet
 * Tracer's assessment items), and a throwing check counts as not done so a
 * half-built world can be graded at any moment.
 */
import type { World } from '../world/world.js';
import { observations } from '../world/observations.js';
import type { Exercise, Lang, Verdict } from './types.js';
import { ui } from './strings.js';

export function grade(exercise: Exercise, world: World, lang: Lang = 'en'): Verdict {
  const obs = observations(world);
  const items = exercise.items.map((item) => {
    let ok = false;
    try {
      ok = item.check(world, obs) === true;
    } catch {
      ok = false;
    }
    return { id: item.id, text: item.label[lang], ok };
  });
  const done = items.filter((i) => i.ok).length;
  const total = items.length;
  const score = total === 0 ? 0 : Math.floor((done * 100) / total);
  return { exercise: exercise.id, score, done, total, complete: total > 0 && done === total, items };
}

/** What `check` prints: the checklist, then `score: N% (k/n)`. */
export function formatVerdict(v: Verdict, lang: Lang = 'en'): string {
  // Backticks mark code for the page; a terminal shows the words as they are.
  const lines = v.items.map((i) => `${i.ok ? '[x]' : '[ ]'} ${i.text.replace(/`/g, '')}`);
  if (v.complete) lines.push(ui.complete[lang]);
  // The score line comes last whatever the language: scripts and tests read it.
  lines.push(`score: ${v.score}% (${v.done}/${v.total})`);
  return lines.join('\n') + '\n';
}
