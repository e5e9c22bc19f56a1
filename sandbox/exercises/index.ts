/**
 * The exercises' public face: the list (CLI `--exercise list`, the page's
 * exercises page), starting one (a scenario, its fault, the witness that
 * records what reaches the pods), grading and hints.
 */
import { loadScenario } from '../scenarios/index.js';
import type { World } from '../world/world.js';
import type { Host } from '../world/host.js';
import { catalog } from './catalog.js';
import { attachExercise } from './active.js';
import { grade } from './grade.js';
import { hintAt, type Hint } from './hints.js';
import { startWitness } from './witness.js';
import type { Chapter, Exercise, Lang, Verdict } from './types.js';

export type { Chapter, Exercise, Lang, Verdict } from './types.js';
export { formatVerdict } from './grade.js';
export { activeExercise } from './active.js';

/** `ID  title` for the CLI, in chapter order. */
export function exercises(lang: Lang = 'en'): { id: string; title: string; chapter: Chapter }[] {
  return catalog.map((e) => ({ id: e.id, title: e.title[lang], chapter: e.chapter }));
}

export function exerciseById(id: string): Exercise | undefined {
  return catalog.find((e) => e.id === id);
}

export function allExercises(): readonly Exercise[] {
  return catalog;
}

/**
 * Put an exercise on a freshly loaded world: its fault, then the witness (so
 * nothing the setup did counts as observed).
 */
export function prepareExercise(world: World, exercise: Exercise, lang?: Lang): void {
  exercise.setup?.(world);
  attachExercise(world, exercise, lang);
  startWitness(world);
}

/** A new world for the exercise, with its fault in place. Undefined for an unknown id. */
export function startExercise(
  id: string,
  options: { seed?: number; lang?: Lang } | number = {},
): { world: World; host: Host; exercise: Exercise } | undefined {
  // The CLI passes its --seed as a bare number.
  const opts = typeof options === 'number' ? { seed: options } : options;
  const exercise = exerciseById(id);
  if (!exercise) return undefined;
  const world = loadScenario(exercise.scenario, { seed: opts.seed ?? 1 });
  prepareExercise(world, exercise, opts.lang);
  const host = world.host(exercise.host) ?? world.hosts('node')[0] ?? world.hosts()[0];
  if (!host) throw new Error(`exercise ${id}: scenario ${exercise.scenario} has no host`);
  return { world, host, exercise };
}

/** Grade a world against an exercise (the page's Check button, the worker's check()). */
export function checkExercise(world: World, id: string, lang: Lang = 'en'): Verdict | undefined {
  const exercise = exerciseById(id);
  return exercise ? grade(exercise, world, lang) : undefined;
}

/** Hint number n (1-based) of an exercise in this world, for the page's panel. */
export function exerciseHint(world: World, id: string, n: number): Hint | undefined {
  const exercise = exerciseById(id);
  return exercise ? hintAt(exercise, world, n) : undefined;
}
