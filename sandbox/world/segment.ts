/**
 * An L2 segment of the underlay: a switch that knows which port each NIC's MAC
 * is on (it learns from source addresses, like any switch) and floods
 * broadcast, multicast and unknown unicast. Frames cross it after the wire
 * delay on the world's clock.
 */
import type { EtherDevice, L2Wire } from '../kernel/drivers/ether.js';
import type { Skb } from '../kernel/skb.js';
import { DELAY } from '../kernel/env.js';
import { macNum } from '../kernel/macnum.js';
import type { VirtualClock } from './clock.js';
import type { Rng } from './rng.js';

/** Minimum Ethernet frame without FCS. */
const ETH_ZLEN = 60;

export class Segment implements L2Wire {
  readonly ports: EtherDevice[] = [];
  private macTable = new Map<number, EtherDevice>();
  /** Per sending NIC: frames keep their order on the wire. */
  private lastArrival = new Map<EtherDevice, number>();

  constructor(
    readonly name: string,
    private readonly clock: VirtualClock,
    private readonly rng: Rng,
  ) {}

  attach(dev: EtherDevice): void {
    if (this.ports.includes(dev)) return;
    dev.wire?.detach(dev);
    this.ports.push(dev);
    dev.wire = this;
  }

  detach(dev: EtherDevice): void {
    const i = this.ports.indexOf(dev);
    if (i >= 0) this.ports.splice(i, 1);
    for (const [m, d] of this.macTable) if (d === dev) this.macTable.delete(m);
    this.lastArrival.delete(dev);
    if (dev.wire === this) dev.wire = null;
  }

  send(from: EtherDevice, s: Skb): void {
    let d = s.data;
    if (d.length < 14) return;
    if (d.length < ETH_ZLEN) {
      // The sending NIC pads short frames (an ARP is 42 bytes) to the Ethernet minimum on the wire:
      // captures on the sender saw them unpadded, the receiver's see 60 bytes.
      const padded = new Uint8Array(ETH_ZLEN);
      padded.set(d);
      d = padded;
      s = { ...s, data: d };
    }
    if ((d[6]! & 1) === 0) this.macTable.set(macNum(d, 6), from);
    const at = Math.max(
      this.clock.now + DELAY.wireUs + this.rng.int(0, DELAY.jitterUs),
      this.lastArrival.get(from) ?? 0,
    );
    this.lastArrival.set(from, at);
    if ((d[0]! & 1) === 0) {
      const to = this.macTable.get(macNum(d, 0));
      if (to && to !== from && this.ports.includes(to)) {
        this.clock.post(at, () => to.fromWire(s));
        return;
      }
      if (to === from) return;
    }
    for (const p of this.ports) {
      if (p !== from) this.clock.post(at, () => p.fromWire(s));
    }
  }
}
