/**
 * Where the cluster's "random" choices come from: generated name suffixes,
 * pod-template hashes, veth names, MACs. By default the world's seeded RNG;
 * a scenario may pin any of them in a table (keyed by what is being named,
 * never by the scenario), so a known cluster comes out with the exact names
 * and MACs of its recording while any other cluster still gets fresh ones.
 */
import type { Rng } from '../world/rng.js';

export interface EntropyTable {
  /** `namespace/owner` → successive 5-char pod name suffixes. */
  podSuffixes?: Record<string, string[]>;
  /** `namespace/deployment` → pod-template-hash. */
  templateHashes?: Record<string, string>;
  /** `namespace/pod` → host-side veth name (`veth` + 8 hex). */
  vethNames?: Record<string, string>;
  /** `node/device` → MAC (`10-7-111-92/cni0`, `10-7-111-92/flannel.1`, `10-7-111-92/veth4891a1c9`). */
  macs?: Record<string, string>;
}

export class Entropy {
  private readonly used = new Map<string, number>();

  constructor(
    private readonly rng: Rng,
    readonly table: EntropyTable = {},
  ) {}

  podSuffix(owner: string): string {
    const list = this.table.podSuffixes?.[owner];
    const i = this.used.get(owner) ?? 0;
    this.used.set(owner, i + 1);
    return list?.[i] ?? this.rng.k8sSuffix(5);
  }

  templateHash(deployment: string): string {
    return this.table.templateHashes?.[deployment] ?? this.rng.k8sSuffix(10);
  }

  vethName(pod: string): string {
    return this.table.vethNames?.[pod] ?? `veth${this.rng.hex(8)}`;
  }

  /** A locally administered unicast MAC, unless the table pins one. */
  mac(key: string): string {
    const pinned = this.table.macs?.[key];
    if (pinned) return pinned;
    const b = [(this.rng.int(0, 255) & 0xfc) | 0x02];
    for (let i = 0; i < 5; i++) b.push(this.rng.int(0, 255));
    return b.map((x) => x.toString(16).padStart(2, '0')).join(':');
  }
}
