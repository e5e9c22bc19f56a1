/**
 * lo: every frame sent comes straight back in (after netif_rx's backlog).
 */
import { NetDevice, type LinkKind } from '../netdevice.js';
import type { Netns } from '../netns.js';
import type { Skb } from '../skb.js';
import { DELAY } from '../env.js';

export class LoopbackDevice extends NetDevice {
  readonly kind: LinkKind = 'loopback';

  constructor(ns: Netns, ifindex: number) {
    super(ns, ifindex, 'lo', '00:00:00:00:00:00', 65536);
    // Linux leaves lo's bounds at 0: any MTU is accepted (ip -d shows minmtu 0 maxmtu 0).
    this.minMtu = 0;
    this.maxMtu = 0;
  }

  get carrier(): boolean {
    return true;
  }

  protected transmit(s: Skb): void {
    this.ns.env.clock.post(this.ns.env.clock.now + DELAY.loopbackUs, () => this.receive(s));
  }
}
