/**
 * A Linux bridge (net/bridge): ports, FDB learning and ageing, flooding of
 * broadcast and unknown unicast, local delivery to the bridge device itself,
 * hairpin. STP is off (stp_state 0), so ports forward as soon as they are up.
 */
import { NetDevice, type LinkKind } from '../netdevice.js';
import type { Netns } from '../netns.js';
import type { Skb } from '../skb.js';
import { BridgeFdb } from './fdb.js';
import { macFromBytes } from '../../net/addr.js';
import { macNum } from '../macnum.js';

/** The knobs `ip -d link show` prints for a bridge (times in centiseconds, as iproute2 shows them). */
export interface BridgeConfig {
  forwardDelayCs: number;
  helloTimeCs: number;
  maxAgeCs: number;
  ageingTimeCs: number;
  stpState: number;
  priority: number;
  vlanFiltering: number;
  groupFwdMask: number;
  groupAddress: string;
  mcastSnooping: number;
}

export class BridgeDevice extends NetDevice {
  readonly kind: LinkKind = 'bridge';
  readonly ports: NetDevice[] = [];
  readonly fdb: BridgeFdb;
  readonly config: BridgeConfig;
  /** The MTU was set explicitly: ports joining no longer pull it down to theirs. */
  mtuSetByUser = false;
  private nextPortNo = 1;

  constructor(ns: Netns, ifindex: number, name: string, mac: string, mtu = 1500, ageingTimeCs = 30000) {
    super(ns, ifindex, name, mac, mtu);
    this.config = {
      forwardDelayCs: 1500,
      helloTimeCs: 200,
      maxAgeCs: 2000,
      ageingTimeCs,
      stpState: 0,
      priority: 32768,
      vlanFiltering: 0,
      groupFwdMask: 0,
      groupAddress: '01:80:c2:00:00:00',
      mcastSnooping: 1,
    };
    this.fdb = new BridgeFdb(ageingTimeCs * 10_000);
  }

  /** A bridge has carrier while at least one port is up with carrier. */
  get carrier(): boolean {
    for (const p of this.ports) if (p.running) return true;
    return false;
  }

  setAgeing(cs: number): void {
    this.config.ageingTimeCs = cs;
    this.fdb.ageingUs = cs * 10_000;
  }

  addPort(dev: NetDevice): void {
    dev.master = this;
    dev.brport = {
      portNo: this.nextPortNo++,
      hairpin: false,
      learning: true,
      flood: true,
      state: 'forwarding',
      cost: 2,
      priority: 32,
    };
    this.ports.push(dev);
    this.recalcMac();
    this.autoMtu();
  }

  removePort(dev: NetDevice): void {
    const i = this.ports.indexOf(dev);
    if (i >= 0) this.ports.splice(i, 1);
    this.fdb.flushPort(dev, false);
    dev.master = null;
    dev.brport = null;
    this.recalcMac();
    this.autoMtu();
  }

  /** br_mtu_auto_adjust: the bridge follows its smallest port unless its MTU was set by hand. */
  autoMtu(): void {
    if (this.mtuSetByUser || this.ports.length === 0) return;
    let min = this.ports[0]!.mtu;
    for (const p of this.ports) min = Math.min(min, p.mtu);
    this.mtu = min;
  }

  /** br_stp_recalculate_bridge_id: without a MAC set by the user, the bridge takes its lowest port MAC. */
  private recalcMac(): void {
    if (this.macSet || this.ports.length === 0) return;
    let min = this.ports[0]!.mac;
    for (const p of this.ports) if (p.mac < min) min = p.mac;
    this.mac = min;
  }

  /** Is this MAC one of the bridge's own (its address or a port's): a "local" FDB entry. */
  isLocalMac(mac: string): NetDevice | undefined {
    if (mac === this.mac) return this;
    for (const p of this.ports) if (p.mac === mac) return p;
    return undefined;
  }

  /** isLocalMac on the datapath: the MAC as a number. */
  isLocalNum(mac: number): boolean {
    if (mac === this.macNum) return true;
    for (const p of this.ports) if (p.macNum === mac) return true;
    return false;
  }

  /** br_handle_frame: a frame received on a port. */
  handlePortFrame(port: NetDevice, s: Skb): void {
    const d = s.data;
    if (d.length < 14 || !this.adminUp) return;
    const now = this.ns.env.clock.now;
    const tracing = this.ns.tracing;
    if (port.brport?.learning && (d[6]! & 1) === 0 && !this.isLocalNum(macNum(d, 6))) {
      const had = tracing ? this.fdb.size : 0;
      this.fdb.learnAt(d, 6, port, now);
      // fdb_notify(RTM_NEWNEIGH) for a newly learned address (bridge monitor fdb); not per frame.
      if (tracing && this.fdb.size !== had) this.ns.notify('fdb', `learn ${macFromBytes(d, 6)} ${port.name}`);
    }
    const promisc = this.promiscuity > 0;
    if ((d[0]! & 1) === 1) {
      if (tracing) {
        this.ns.trace('bridge', s.traceId, `bridge ${this.name}: flood ${macFromBytes(d, 0)} from ${port.name}`, {
          dev: this.name,
        });
      }
      this.flood(s, port);
      this.passUp(s);
      return;
    }
    const dst = macNum(d, 0);
    if (this.isLocalNum(dst)) {
      if (tracing) {
        this.ns.trace(
          'bridge',
          s.traceId,
          `bridge ${this.name}: fdb ${macFromBytes(d, 0)} local → deliver to ${this.name}`,
          {
            dev: this.name,
          },
        );
      }
      this.passUp(s);
      return;
    }
    const e = this.fdb.getNum(dst, now);
    if (e && !e.port) {
      // An entry added on the bridge device itself (`bridge fdb add MAC dev br self`) is local.
      e.usedAt = now;
      if (tracing) {
        this.ns.trace('bridge', s.traceId, `bridge ${this.name}: fdb ${e.mac} local → deliver to ${this.name}`, {
          dev: this.name,
        });
      }
      this.passUp(s);
      return;
    }
    if (e && e.port) {
      e.usedAt = now;
      if (tracing) {
        this.ns.trace('bridge', s.traceId, `bridge ${this.name}: fdb hit ${e.mac} dev ${e.port.name}`, {
          dev: this.name,
        });
      }
      if (promisc) this.passUp(s);
      this.forward(e.port, s, port);
      return;
    }
    if (tracing) {
      this.ns.trace('bridge', s.traceId, `bridge ${this.name}: fdb miss ${macFromBytes(d, 0)}, flood`, {
        dev: this.name,
      });
    }
    if (promisc) this.passUp(s);
    this.flood(s, port);
  }

  /** br_pass_frame_up: the bridge device itself receives the frame (taps on it see it). */
  private passUp(s: Skb): void {
    this.stats.rxPackets++;
    this.stats.rxBytes += s.data.length;
    this.runTaps(s.data, 'in', s.traceId);
    this.ns.netifReceive(this, s);
  }

  private forward(to: NetDevice, s: Skb, from: NetDevice | null): void {
    if (to === from && !to.brport?.hairpin) return;
    if (to.brport?.state !== 'forwarding') return;
    to.xmit(s);
  }

  private flood(s: Skb, from: NetDevice | null): void {
    for (const p of this.ports) {
      if (!p.brport?.flood && (s.data[0]! & 1) === 0) continue;
      if (p === from && !p.brport?.hairpin) continue;
      if (!p.running) continue;
      p.xmit(s);
    }
  }

  /** br_dev_xmit: the stack sends through the bridge device. */
  protected transmit(s: Skb): void {
    const d = s.data;
    if ((d[0]! & 1) === 1) {
      this.flood(s, null);
      return;
    }
    const now = this.ns.env.clock.now;
    const e = this.fdb.getNum(macNum(d, 0), now);
    // br_forward to a local entry (no port) has nowhere to go: the frame is dropped.
    if (e && !e.port) return;
    if (e && e.port) {
      e.usedAt = now;
      if (this.ns.tracing) {
        this.ns.trace('bridge', s.traceId, `bridge ${this.name}: fdb hit ${e.mac} dev ${e.port.name}`, {
          dev: this.name,
        });
      }
      this.forward(e.port, s, null);
      return;
    }
    if (this.ns.tracing) {
      this.ns.trace('bridge', s.traceId, `bridge ${this.name}: fdb miss ${macFromBytes(d, 0)}, flood`, {
        dev: this.name,
      });
    }
    this.flood(s, null);
  }

  override onDown(): void {
    this.fdb.stop();
  }
}
