/**
 * Named starting states. `fresh` is the kubeadm cluster on the underlay;
 * `article` is `fresh` after `kubectl apply -f kube-flannel.yml` and two
 * minutes of virtual time (the names and MACs of DESIGN.md come from the
 * cluster's entropy table); `host-gw` is `article` switched to host-gw with
 * the stale flannel.1 deleted; `l3` is a kubeadm cluster across a router.
 * buildNetwork() keeps the direct, cluster-less construction of each
 * network for tests of the kernel alone.
 */
import { World } from '../world/world.js';
import { ARTICLE_EPOCH_US, US_PER_S } from '../world/clock.js';
import { buildUnderlay, buildVxlan, buildVxlanPeers, buildPods, buildHostGw, buildL3 } from './build.js';
import { applyManifest, articleEntropy, buildCluster, CLUSTER_AGE_US, switchBackend } from './cluster.js';
import { NODES, L3_NODE } from './article-values.js';

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

/** Virtual time the article scenario gives flannel to come up before the article's moment. */
const DEPLOY_US = 120 * US_PER_S;
const SWITCH_US = 200 * US_PER_S;

export function loadScenario(name: ScenarioName, opts: ScenarioOptions = {}): World {
  const lead = name === 'article' ? DEPLOY_US : name === 'host-gw' ? DEPLOY_US + SWITCH_US : 0;
  const world = new World({ seed: opts.seed ?? 1, start: ARTICLE_EPOCH_US - lead });
  world.scenario = name;
  const bornAt = ARTICLE_EPOCH_US - CLUSTER_AGE_US;
  const order = [...NODES]
    .sort((a, b) => (a.role === 'control-plane' ? -1 : b.role === 'control-plane' ? 1 : 0))
    .map((n) => n.name);
  switch (name) {
    case 'fresh':
    case 'article':
    case 'host-gw': {
      buildUnderlay(world);
      const c = buildCluster(world, { bornAt, nodes: order, entropy: articleEntropy() });
      if (name === 'fresh') break;
      applyManifest(c);
      if (name === 'host-gw') {
        world.clock.runUntil(ARTICLE_EPOCH_US - SWITCH_US);
        switchBackend(c, 'host-gw');
        world.clock.runUntil(ARTICLE_EPOCH_US - 10 * US_PER_S);
        // A live switch leaves flannel.1 (and its entries) behind; the operator deletes it.
        for (const n of order) {
          const h = world.host(n)!;
          const vx = h.ns.dev('flannel.1');
          if (vx) h.ns.linkDel(vx);
        }
      }
      world.clock.runUntil(ARTICLE_EPOCH_US);
      break;
    }
    case 'l3':
      buildL3(world);
      buildCluster(world, { bornAt, nodes: [order[1]!, L3_NODE.name] });
      break;
  }
  return world;
}
