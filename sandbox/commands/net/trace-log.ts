/**
 * What `trace` prints: the kernel decisions taken for the packets of the last
 * ping (or traceroute/tracepath) run in a world, kept per world and bounded.
 */
import type { World } from '../../world/world.js';
import { isPacketEvent, type PacketEvent } from '../../kernel/trace.js';

export const TRACE_LOG_MAX = 2000;

export interface TraceLog {
  command: string;
  host: string;
  events: PacketEvent[];
  truncated: boolean;
}

const logs = new WeakMap<World, TraceLog>();
const traceIds = new WeakMap<World, number>();

export function lastTrace(world: World): TraceLog | undefined {
  return logs.get(world);
}

/** A fresh trace id for a packet a tool sends. */
export function newTraceId(world: World): number {
  const n = (traceIds.get(world) ?? 0) + 1;
  traceIds.set(world, n);
  return n;
}

/** Start recording the decisions for the trace ids `ids` will hold; returns the stop function. */
export function recordTrace(world: World, command: string, host: string, ids: Set<number>): () => void {
  const log: TraceLog = { command, host, events: [], truncated: false };
  logs.set(world, log);
  return world.events.on((e) => {
    if (!isPacketEvent(e) || !ids.has(e.traceId)) return;
    if (log.events.length >= TRACE_LOG_MAX) {
      log.truncated = true;
      return;
    }
    log.events.push(e);
  });
}
