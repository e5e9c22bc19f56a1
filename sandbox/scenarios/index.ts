/**
 * Named starting states. `article` is built directly with every value of
 * DESIGN.md; the Kubernetes layer attaches `world.cluster` on top.
 */
import { World } from '../world/world.js';
import { buildUnderlay, buildVxlan, buildVxlanPeers, buildPods, buildHostGw, buildL3 } from './build.js';

export const scenarioNames = ['article', 'fresh', 'host-gw', 'l3'] as const;
export type ScenarioName = (typeof scenarioNames)[number];

export interface ScenarioOptions {
  seed?: number;
}

export function isScenarioName(s: string): s is ScenarioName {
  return (scenarioNames as readonly string[]).includes(s);
}

/** The network of a scenario, built on an existing world (the Kubernetes layer may call the stages itself). */
export function buildNetwork(world: World, name: ScenarioName): void {
  switch (name) {
    case 'fresh':
      buildUnderlay(world);
      break;
    case 'article':
      buildUnderlay(world);
      buildVxlan(world);
      buildVxlanPeers(world);
      buildPods(world);
      break;
    case 'host-gw':
      buildUnderlay(world);
      buildVxlan(world);
      buildVxlanPeers(world);
      buildPods(world);
      buildHostGw(world);
      break;
    case 'l3':
      buildL3(world);
      break;
  }
}

export function loadScenario(name: ScenarioName, opts: ScenarioOptions = {}): World {
  const world = new World({ seed: opts.seed ?? 1 });
  world.scenario = name;
  buildNetwork(world, name);
  return world;
}
