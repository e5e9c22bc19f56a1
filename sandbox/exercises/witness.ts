/**
 * The witness: a quiet tap on every pod's eth0 that notes the ICMP packets
 * leaving and reaching the pod. That is what a reader's ping shows them
 * (replies, their TTL, errors), whichever tool or terminal sent it, so an
 * exercise can ask "did a ping across nodes get answered after the fix?"
 * without reading keystrokes. Non-promiscuous: it changes nothing the tools
 * print. It also keeps the kernel's change reports (a route deleted, an FDB
 * entry added), so an exercise can tell what happened to a table over time.
 */
import type { World } from '../world/world.js';
import type { WorldEventBase } from '../world/events.js';
import type { NetDevice } from '../kernel/netdevice.js';
import { recordObservation } from '../world/observations.js';
import { summarizeFrame } from './frames.js';
import { podDevice } from './probe/kernel.js';

const started = new WeakSet<World>();
const tapped = new WeakSet<NetDevice>();

interface KernelChange extends WorldEventBase {
  ns?: string;
  detail?: string;
}

const CHANGES = new Set(['kernel.route', 'kernel.neigh', 'kernel.fdb', 'kernel.link', 'kernel.addr']);

function tapPods(world: World): void {
  for (const pod of world.hosts('pod')) {
    const dev = podDevice(world, pod.name, 'eth0');
    if (!dev || tapped.has(dev)) continue;
    tapped.add(dev);
    const host = pod.name;
    dev.addTap(
      (frame, dir, tsUs) => {
        const f = summarizeFrame(frame, tsUs);
        if (f.icmpType === undefined) return;
        recordObservation(world, { kind: 'packet', at: tsUs, host, iface: 'eth0', dir, frame: f });
      },
      { promisc: false },
    );
  }
}

export function startWitness(world: World): void {
  if (started.has(world)) return;
  started.add(world);
  tapPods(world);
  world.events.on((e: KernelChange) => {
    if (!CHANGES.has(e.type)) return;
    // A new pod gets its eth0 from the CNI plugin: tap it as soon as it appears.
    if (e.type === 'kernel.link') tapPods(world);
    if (e.ns !== undefined && e.detail !== undefined) {
      recordObservation(world, { kind: 'change', at: e.at, host: e.ns, what: e.type.slice(7), detail: e.detail });
    }
  });
}
