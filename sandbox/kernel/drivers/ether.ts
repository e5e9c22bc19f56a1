/**
 * A physical NIC (a node's eth0) plugged into an L2 segment of the underlay.
 * The segment (sandbox/world/segment.ts) is the switch; the NIC only filters
 * what is not for it, as hardware does unless it is promiscuous.
 */
import { NetDevice, type LinkKind } from '../netdevice.js';
import type { Netns } from '../netns.js';
import type { Skb } from '../skb.js';
import { macNum } from '../macnum.js';

/** The cable's other end: something that carries frames to other NICs. */
export interface L2Wire {
  send(from: EtherDevice, s: Skb): void;
  detach(dev: EtherDevice): void;
}

export class EtherDevice extends NetDevice {
  readonly kind: LinkKind = 'ether';
  wire: L2Wire | null = null;

  constructor(ns: Netns, ifindex: number, name: string, mac: string, mtu = 1500) {
    super(ns, ifindex, name, mac, mtu);
    this.maxMtu = 9000;
  }

  get carrier(): boolean {
    return this.wire !== null;
  }

  protected transmit(s: Skb): void {
    this.wire?.send(this, s);
  }

  /** From the wire: drop unicast frames for other MACs unless a capture made us promiscuous. */
  fromWire(s: Skb): void {
    const d = s.data;
    if (d.length < 14) return;
    if ((d[0]! & 1) === 0 && this.promiscuity === 0 && macNum(d, 0) !== this.macNum) return;
    this.receive(s);
  }

  override onDelete(): void {
    this.wire?.detach(this);
    this.wire = null;
  }
}
