/**
 * An exercise is data, like a level of Learn Git Branching: a starting world
 * (a scenario plus a fault), assessment items that read the world's state and
 * what the reader observed, hints, and a scripted solution that tests replay.
 */
import type { ScenarioName } from '../scenarios/index.js';
import type { World } from '../world/world.js';
import type { Observation } from '../world/observations.js';

export type Lang = 'zh' | 'en';

export interface Localized {
  zh: string;
  en: string;
}

export type Chapter = 'deploy' | 'vxlan' | 'host-gw';

export interface ExerciseItem {
  /** Stable within the exercise (the page keys its progress on it). */
  id: string;
  label: Localized;
  /** Must not mutate the world, and must not throw (a throw counts as not done). */
  check(world: World, obs: readonly Observation[]): boolean;
}

export interface ExerciseHints {
  /** Given in order, one per `hint`. */
  static: Localized[];
  /** After the static ones: computed from where the reader is now. Undefined when there is nothing to add. */
  dynamic?(world: World, obs: readonly Observation[]): Localized | undefined;
}

export interface Exercise {
  id: string;
  chapter: Chapter;
  title: Localized;
  task: Localized;
  scenario: ScenarioName;
  /** The host the first terminal opens on. */
  host: string;
  /** Inject the fault through the kernel/Kubernetes APIs. Runs once, right after the scenario loads. */
  setup?(world: World): void;
  items: ExerciseItem[];
  hints: ExerciseHints;
  /** When the exercise wants an answer: what the answer box says. */
  answer?: { prompt: Localized; placeholder?: string };
  /** A script for the CLI (lines as typed at `host`, `ssh`/`exit` included) that must reach 100%. */
  solution: string[];
  /** A plausible wrong attempt that must NOT reach 100%. */
  wrong: string[];
}

export interface VerdictItem {
  id: string;
  /** The label in the verdict's language. */
  text: string;
  ok: boolean;
}

export interface Verdict {
  exercise: string;
  /** Whole percent, rounded down so 100 means every item. */
  score: number;
  done: number;
  total: number;
  complete: boolean;
  items: VerdictItem[];
}
