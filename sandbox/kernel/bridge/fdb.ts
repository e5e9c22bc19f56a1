/**
 * The bridge forwarding database (net/bridge/br_fdb.c): MAC → port, learned
 * from source addresses and aged out after ageing_time, plus the entries users
 * add. The garbage collector (br_fdb_cleanup) is emulated lazily: before any
 * read or write we replay the runs it would have made, so `gc_timer` and the
 * entries' fate are what Linux's delayed work would have produced, without
 * keeping a timer in the world's queue forever.
 */
import type { NetDevice } from '../netdevice.js';
import { macFromBytes } from '../../net/addr.js';
import { macNum, macStrNum } from '../macnum.js';

export interface BrFdbEntry {
  mac: string;
  /** The port the MAC is behind; null = the bridge device itself. */
  port: NetDevice | null;
  /** Added by a user (bridge fdb add … master), never aged. */
  addedByUser: boolean;
  /** permanent (local) or static entries never age. */
  state: 'permanent' | 'static' | 'dynamic';
  updatedAt: number;
  usedAt: number;
}

const MIN_GC_US = 10_000;

export class BridgeFdb {
  /** Keyed by the MAC as a number (see macnum.ts). */
  private entries = new Map<number, BrFdbEntry>();

  /** Next run of the gc work, or undefined while the bridge is down. */
  gcNextAt: number | undefined;

  constructor(public ageingUs: number) {}

  /** br_stp_enable_bridge queues the first gc run HZ/10 after the bridge comes up. */
  start(now: number): void {
    this.gcNextAt = now + 100_000;
  }

  stop(): void {
    this.gcNextAt = undefined;
  }

  /** Replay every gc run due up to `now`. */
  advance(now: number): void {
    while (this.gcNextAt !== undefined && this.gcNextAt <= now) {
      const t = this.gcNextAt;
      let delay = this.ageingUs;
      for (const [k, e] of this.entries) {
        if (e.state !== 'dynamic') continue;
        const expiry = e.updatedAt + this.ageingUs;
        if (expiry > t) delay = Math.min(delay, expiry - t);
        else this.entries.delete(k);
      }
      this.gcNextAt = t + Math.max(delay, MIN_GC_US);
    }
  }

  /** Remaining time of the gc work, as `ip -d link` prints in gc_timer. */
  gcRemainingUs(now: number): number {
    this.advance(now);
    return this.gcNextAt === undefined ? 0 : this.gcNextAt - now;
  }

  get(mac: string, now: number): BrFdbEntry | undefined {
    return this.getNum(macStrNum(mac), now);
  }

  getNum(mac: number, now: number): BrFdbEntry | undefined {
    if (this.gcNextAt !== undefined && this.gcNextAt <= now) this.advance(now);
    return this.entries.get(mac);
  }

  /** br_fdb_update: learn (or refresh) the source MAC at `buf[off]` seen on a port. */
  learnAt(buf: Uint8Array, off: number, port: NetDevice, now: number): BrFdbEntry {
    if (this.gcNextAt !== undefined && this.gcNextAt <= now) this.advance(now);
    const key = macNum(buf, off);
    const e = this.entries.get(key);
    if (e) {
      if (e.state === 'dynamic') {
        e.port = port;
        e.updatedAt = now;
      }
      return e;
    }
    const n: BrFdbEntry = {
      mac: macFromBytes(buf, off),
      port,
      addedByUser: false,
      state: 'dynamic',
      updatedAt: now,
      usedAt: now,
    };
    this.entries.set(key, n);
    return n;
  }

  /** br_fdb_update for a MAC given as text. */
  learn(mac: string, port: NetDevice, now: number): BrFdbEntry {
    const b = new Uint8Array(6);
    for (let i = 0; i < 6; i++) b[i] = parseInt(mac.slice(i * 3, i * 3 + 2), 16);
    return this.learnAt(b, 0, port, now);
  }

  set(entry: BrFdbEntry): void {
    this.entries.set(macStrNum(entry.mac), entry);
  }

  delete(mac: string): boolean {
    return this.entries.delete(macStrNum(mac));
  }

  /** Drop everything learned or added behind a port (port removed or down). */
  flushPort(port: NetDevice, onlyDynamic: boolean): void {
    for (const [k, e] of this.entries) {
      if (e.port === port && (!onlyDynamic || e.state === 'dynamic')) this.entries.delete(k);
    }
  }

  list(now: number): BrFdbEntry[] {
    this.advance(now);
    return [...this.entries.values()];
  }

  get size(): number {
    return this.entries.size;
  }
}
