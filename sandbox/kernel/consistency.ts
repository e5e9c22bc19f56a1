/**
 * Invariants of a network namespace, for property tests and the page's
 * debug view: what must hold whatever sequence of requests was made.
 * Returns the broken ones as sentences (empty = consistent).
 */
import type { Netns } from './netns.js';
import { VethDevice } from './drivers/veth.js';
import { BridgeDevice } from './bridge/bridge.js';
import { VxlanDevice } from './vxlan/vxlan.js';
import { prefixMask } from '../net/addr.js';

export function checkNetns(ns: Netns): string[] {
  const bad: string[] = [];
  const devs = ns.devices();
  const set = new Set(devs);
  const names = new Set<string>();
  for (const d of devs) {
    if (ns.dev(d.ifindex) !== d) bad.push(`${d.name}: not found by its ifindex ${d.ifindex}`);
    if (ns.dev(d.name) !== d) bad.push(`${d.name}: not found by its name`);
    if (names.has(d.name)) bad.push(`${d.name}: name used twice`);
    names.add(d.name);
    if (d.ns !== ns) bad.push(`${d.name}: belongs to another namespace`);
    if (d.mtu < d.minMtu || (d.maxMtu > 0 && d.mtu > d.maxMtu)) bad.push(`${d.name}: mtu ${d.mtu} out of range`);
    if (d instanceof VethDevice && d.peer && d.peer.peer !== d) bad.push(`${d.name}: veth peer does not point back`);
    if (d.master) {
      if (!(d.master instanceof BridgeDevice) || !d.master.ports.includes(d))
        bad.push(`${d.name}: master does not list it`);
      if (!set.has(d.master)) bad.push(`${d.name}: master is not in the namespace`);
      if (!d.brport) bad.push(`${d.name}: enslaved without port state`);
    } else if (d.brport) bad.push(`${d.name}: port state without a master`);
    if (d instanceof BridgeDevice) {
      for (const p of d.ports) if (p.master !== d) bad.push(`${d.name}: port ${p.name} points elsewhere`);
      for (const e of d.fdb.list(ns.env.clock.now)) {
        if (e.port && !d.ports.includes(e.port)) bad.push(`${d.name}: fdb ${e.mac} on a non-port ${e.port.name}`);
      }
    }
    if (d instanceof VxlanDevice && d.config.lower && !set.has(d.config.lower))
      bad.push(`${d.name}: lower device gone`);
  }
  for (const r of ns.routes()) {
    if (r.dev && !set.has(r.dev)) bad.push(`route ${r.dst}/${r.prefixLen}: device ${r.dev.name} gone`);
    if ((r.dst & ~prefixMask(r.prefixLen)) >>> 0 !== 0) bad.push(`route ${r.dst}/${r.prefixLen}: host bits set`);
    if (r.dev && !r.dev.adminUp && r.nhScope !== 'nowhere') bad.push(`route via ${r.dev.name}: device is down`);
  }
  for (const e of ns.neighbours()) {
    if (!set.has(e.dev)) bad.push(`neigh ${e.ip}: device ${e.dev.name} gone`);
  }
  for (const { dev, addr } of ns.addresses()) {
    const local = ns.isLocalAddress(addr.address);
    if (!local) bad.push(`${dev.name}: address ${addr.address} has no local route`);
  }
  return bad;
}
