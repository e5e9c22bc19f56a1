/**
 * Structured packet decisions. Each names the table row the kernel used, so
 * `trace` (and the page's topology view) can show why a packet went where it went.
 */
import type { WorldEventBase } from '../world/events.js';

export type Decision =
  'route' | 'neigh' | 'arp' | 'fdb' | 'bridge' | 'encap' | 'decap' | 'forward' | 'deliver' | 'icmp' | 'xmit' | 'drop';

export interface PacketEvent extends WorldEventBase {
  type: 'kernel.packet';
  /** The network namespace (host name) that decided. */
  ns: string;
  decision: Decision;
  /** The device involved, when there is one. */
  dev?: string;
  /** The table row used, as the tools print it (`10.244.0.0/24 via 10.244.0.0 dev flannel.1 onlink`). */
  row: string;
  /** For drops: why. */
  reason?: string;
  /** Short description of the packet (`10.244.1.2 > 10.244.0.4 ICMP echo request seq 1`). */
  packet?: string;
  traceId: number;
}

export function isPacketEvent(e: WorldEventBase): e is PacketEvent {
  return e.type === 'kernel.packet';
}
