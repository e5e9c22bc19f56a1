/**
 * Progressive hints: the static ones in order, then one computed from the
 * world as it is now ("the route is back, but the neighbour entry is still
 * missing"), which may change every time the reader asks.
 */
import type { World } from '../world/world.js';
import { observations } from '../world/observations.js';
import type { Exercise, Localized } from './types.js';

export interface Hint {
  /** 1-based number of this hint. */
  n: number;
  text: Localized;
  /** True when it came from the current state rather than the list. */
  dynamic: boolean;
}

/** The hint number `n` (1-based), or undefined when there is nothing more to say. */
export function hintAt(exercise: Exercise, world: World, n: number): Hint | undefined {
  const fixed = exercise.hints.static;
  if (n >= 1 && n <= fixed.length) return { n, text: fixed[n - 1]!, dynamic: false };
  if (n < 1) return undefined;
  let text: Localized | undefined;
  try {
    text = exercise.hints.dynamic?.(world, observations(world));
  } catch {
    text = undefined;
  }
  return text ? { n, text, dynamic: true } : undefined;
}
