/**
 * The witness: a quiet tap on every pod's eth0 that notes the ICMP packets
 * leaving and reaching the pod. That is what a reader's ping shows them
 * (replies, their TTL, errors), whichever tool or terminal sent it, so an
 * exercise can ask "did a ping across nodes get answered after the fix?"
 * without reading keystrokes. Non-promiscuous: it changes nothing the tools
 * print.
 */
import type { World } from '../world/world.js';
import { recordObservation } from '../world/observations.js';
import { summarizeFrame } from './frames.js';
import { podDevice } from './probe/kernel.js';

const started = new WeakSet<World>();

export function startWitness(world: World): void {
  if (started.has(world)) return;
  started.add(world);
  for (const pod of world.hosts('pod')) {
    const dev = podDevice(world, pod.name, 'eth0');
    if (!dev) continue;
    dev.addTap(
      (frame, dir, tsUs) => {
        const f = summarizeFrame(frame, tsUs);
        if (f.icmpType === undefined) return;
        recordObservation(world, { kind: 'packet', at: tsUs, host: pod.name, iface: 'eth0', dir, frame: f });
      },
      { promisc: false },
    );
  }
}
