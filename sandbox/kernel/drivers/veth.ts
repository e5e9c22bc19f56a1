/**
 * A veth pair: what one end sends, the other receives. The ends may live in
 * different namespaces (a pod's eth0 and the node's vethXXXX).
 */
import { NetDevice, type LinkKind } from '../netdevice.js';
import type { Netns } from '../netns.js';
import type { Skb } from '../skb.js';
import { DELAY } from '../env.js';

export class VethDevice extends NetDevice {
  readonly kind: LinkKind = 'veth';
  peer: VethDevice | null = null;
  /** Frames arrive in the order sent: jitter never lets one overtake another. */
  private lastArrival = 0;

  constructor(ns: Netns, ifindex: number, name: string, mac: string, mtu = 1500) {
    super(ns, ifindex, name, mac, mtu);
  }

  /** veth has carrier when both ends are up. */
  get carrier(): boolean {
    return this.peer !== null && this.peer.adminUp;
  }

  protected transmit(s: Skb): void {
    const peer = this.peer;
    if (!peer) return;
    const env = this.ns.env;
    if (s.data.length > peer.mtu + 14) {
      // veth_xmit → __dev_forward_skb refuses frames larger than the peer's MTU.
      peer.stats.rxDropped++;
      return;
    }
    const at = Math.max(env.clock.now + DELAY.vethUs + env.rng.int(0, DELAY.jitterUs), this.lastArrival);
    this.lastArrival = at;
    env.clock.post(at, () => peer.receive(s));
  }
}
