/**
 * The VXLAN device's own FDB (drivers/net/vxlan/vxlan_core.c): inner MAC →
 * remote VTEPs. `self` entries as `bridge fdb show dev flannel.1` lists them;
 * the all-zeros MAC is the default (flood list) used when a MAC is unknown.
 */
import { macStrNum } from '../macnum.js';

export const ALL_ZEROS_MAC = '00:00:00:00:00:00';

export interface VxlanRemote {
  ip: number;
  /** 0 = the device's dstport. */
  port: number;
  /** 0 = the device's VNI. */
  vni: number;
  ifindex: number;
}

export type VxlanFdbState = 'permanent' | 'static' | 'reachable' | 'stale';

export interface VxlanFdbEntry {
  mac: string;
  remotes: VxlanRemote[];
  state: VxlanFdbState;
  updatedAt: number;
  usedAt: number;
}

export class VxlanFdb {
  /** Keyed by the MAC as a number (see macnum.ts); the all-zeros default is 0. */
  private entries = new Map<number, VxlanFdbEntry>();

  get(mac: string): VxlanFdbEntry | undefined {
    return this.entries.get(macStrNum(mac));
  }

  getNum(mac: number): VxlanFdbEntry | undefined {
    return this.entries.get(mac);
  }

  set(e: VxlanFdbEntry): void {
    this.entries.set(macStrNum(e.mac), e);
  }

  delete(mac: string): boolean {
    return this.entries.delete(macStrNum(mac));
  }

  list(): VxlanFdbEntry[] {
    return [...this.entries.values()];
  }

  /** Learned entries age out (vxlan_cleanup); static ones stay. */
  expire(now: number, ageingUs: number): void {
    for (const [k, e] of this.entries) {
      if ((e.state === 'reachable' || e.state === 'stale') && now - e.updatedAt > ageingUs) this.entries.delete(k);
    }
  }
}
