/**
 * The world of one sandbox: the clock, the RNG, every host and the event bus.
 * The kernel, Kubernetes and flannel layers hang their state off it.
 */
import { VirtualClock, ARTICLE_EPOCH_US } from './clock.js';
import { Rng } from './rng.js';
import { EventBus, type WorldEventBase } from './events.js';
import type { Host } from './host.js';
import type { Cluster } from '../k8s/cluster.js';
import { Segment } from './segment.js';

export interface WorldOptions {
  seed?: number;
  start?: number;
}

export class World {
  readonly clock: VirtualClock;
  readonly rng: Rng;
  readonly events = new EventBus<WorldEventBase>();
  private readonly hostMap = new Map<string, Host>();
  /** The Kubernetes API state, when the scenario has a cluster. */
  cluster: Cluster | undefined;
  /** The underlay's L2 segments (switches), by name. */
  readonly segments = new Map<string, Segment>();
  /** The scenario this world was built from. */
  scenario = '';

  constructor(opts: WorldOptions = {}) {
    this.clock = new VirtualClock(opts.start ?? ARTICLE_EPOCH_US);
    this.rng = new Rng(opts.seed ?? 1);
  }

  addHost(h: Host): void {
    if (this.hostMap.has(h.name)) throw new Error(`host ${h.name} already exists`);
    this.hostMap.set(h.name, h);
  }

  /** The L2 segment of that name, created on first use. */
  segment(name: string): Segment {
    let s = this.segments.get(name);
    if (!s) {
      s = new Segment(name, this.clock, this.rng);
      this.segments.set(name, s);
    }
    return s;
  }

  removeHost(name: string): void {
    this.hostMap.delete(name);
  }

  host(name: string): Host | undefined {
    return this.hostMap.get(name);
  }

  hosts(kind?: Host['kind']): Host[] {
    const all = [...this.hostMap.values()];
    return kind ? all.filter((h) => h.kind === kind) : all;
  }
}
