/**
 * Named starting states. (Placeholder: the kernel and Kubernetes layers fill these in.)
 */
import { World } from '../world/world.js';

export const scenarioNames = ['article', 'fresh', 'host-gw', 'l3'] as const;
export type ScenarioName = (typeof scenarioNames)[number];

export interface ScenarioOptions {
  seed?: number;
}

export function isScenarioName(s: string): s is ScenarioName {
  return (scenarioNames as readonly string[]).includes(s);
}

export function loadScenario(name: ScenarioName, opts: ScenarioOptions = {}): World {
  void name;
  return new World({ seed: opts.seed ?? 1 });
}
