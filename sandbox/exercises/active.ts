/**
 * The exercise a world was started for. A world belongs to at most one
 * exercise; the in-exercise commands (`check`, `hint`, `answer`) and the
 * page's panel find it here.
 */
import type { World } from '../world/world.js';
import type { Exercise, Lang } from './types.js';

export interface ActiveExercise {
  readonly exercise: Exercise;
  /** How many hints the reader has asked for so far. */
  hintsGiven: number;
  /** The page's locale; the CLI leaves it unset (English unless asked). */
  lang?: Lang;
}

const active = new WeakMap<World, ActiveExercise>();

export function attachExercise(world: World, exercise: Exercise, lang?: Lang): ActiveExercise {
  const a: ActiveExercise = { exercise, hintsGiven: 0 };
  if (lang) a.lang = lang;
  active.set(world, a);
  return a;
}

export function activeExercise(world: World): ActiveExercise | undefined {
  return active.get(world);
}
