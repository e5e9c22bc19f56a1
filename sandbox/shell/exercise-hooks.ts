/**
 * The CLI's door to the exercises (sandbox/exercises/index.ts): the list,
 * and starting one on a fresh world.
 */
import type { World } from '../world/world.js';
import type { Host } from '../world/host.js';

export interface ExerciseHooks {
  exercises(): { id: string; title: string }[];
  startExercise(id: string, seed: number): { world: World; host: Host };
}

export async function loadExercises(): Promise<ExerciseHooks | undefined> {
  try {
    const mod = (await import('../exercises/index.js')) as Partial<ExerciseHooks>;
    if (typeof mod.exercises !== 'function' || typeof mod.startExercise !== 'function') return undefined;
    return { exercises: mod.exercises, startExercise: mod.startExercise };
  } catch {
    return undefined;
  }
}
