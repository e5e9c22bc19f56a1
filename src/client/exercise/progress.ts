/**
 * The reader's progress, in localStorage under a versioned key: a change of
 * shape gets a new key instead of misreading old data.
 */
export const PROGRESS_KEY = 'flannel-lab.exercises.v1';

export interface ExerciseProgress {
  /** Latest score, percent. */
  score: number;
  /** Best score ever reached. */
  best: number;
  /** Reached 100% at least once. */
  done: boolean;
  /** Hints shown so far. */
  hints: number;
  solutionSeen: boolean;
  /** How many times the reader reset the exercise: its world lives in sandbox `exercise:ID#N`. */
  resets?: number;
  /** ms since epoch (the browser's clock; only for display order). */
  updated: number;
}

type Store = Record<string, ExerciseProgress>;

function read(): Store {
  try {
    const raw = localStorage.getItem(PROGRESS_KEY);
    if (!raw) return {};
    const parsed: unknown = JSON.parse(raw);
    return parsed && typeof parsed === 'object' ? (parsed as Store) : {};
  } catch {
    return {};
  }
}

function write(s: Store): void {
  try {
    localStorage.setItem(PROGRESS_KEY, JSON.stringify(s));
  } catch {
    // Private mode or a full quota: progress just is not kept.
  }
}

export function loadProgress(id: string): ExerciseProgress | undefined {
  return read()[id];
}

export function allProgress(): Store {
  return read();
}

export function saveProgress(id: string, patch: Partial<ExerciseProgress>): ExerciseProgress {
  const s = read();
  const old = s[id] ?? { score: 0, best: 0, done: false, hints: 0, solutionSeen: false, updated: 0 };
  const next: ExerciseProgress = { ...old, ...patch, updated: Date.now() };
  next.best = Math.max(old.best, next.score);
  next.done = old.done || next.score >= 100;
  s[id] = next;
  write(s);
  return next;
}
