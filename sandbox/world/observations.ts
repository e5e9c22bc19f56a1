/**
 * What the reader has seen, as opposed to what the world is: captures that
 * actually ran (and what they printed), answers given with `answer TEXT` or the
 * page's answer box, and packets that reached a pod. Exercises grade on these
 * and on state, never on keystrokes. Kept beside the world, not inside it, so
 * the kernel and the tools stay unaware of grading: tools only report.
 */
import type { World } from './world.js';

/** One frame a capture printed (or a witnessed packet), reduced to what a grader asks about. */
export interface FrameSummary {
  /** Virtual time, microseconds. */
  at: number;
  /** Outer IPv4 header, when the frame carries IPv4. */
  ip?: { src: string; dst: string; protocol: number; ttl: number; df: boolean; totalLength: number };
  /** UDP ports, when the outer packet is UDP. */
  udp?: { srcPort: number; dstPort: number };
  /** The VXLAN header, when the UDP payload parses as one. */
  vxlan?: { vni: number };
  /** The packet inside the VXLAN tunnel (inner IPv4), when there is one. */
  inner?: { src: string; dst: string; protocol: number; ttl: number; icmpType?: number };
  /** ICMP type of the outer packet. */
  icmpType?: number;
  arp?: boolean;
}

export interface CaptureObservation {
  kind: 'capture';
  /** When the capture started and ended (virtual µs). */
  at: number;
  end: number;
  host: string;
  /** Interface name as given to -i (`any` included). */
  iface: string;
  /** The filter expression as tcpdump compiled it ('' when none). */
  filter: string;
  /** Packets the capture printed or wrote. */
  packets: number;
  /** The first frames, summarised (bounded). */
  frames: FrameSummary[];
  sawVxlan: boolean;
  sawIcmp: boolean;
}

export interface AnswerObservation {
  kind: 'answer';
  at: number;
  /** Where the answer was typed: a host name, or 'page' for the answer box. */
  host: string;
  text: string;
}

/** A packet seen arriving at (dir 'in') or leaving (dir 'out') a pod's eth0. */
export interface PacketObservation {
  kind: 'packet';
  at: number;
  host: string;
  iface: string;
  dir: 'in' | 'out';
  frame: FrameSummary;
}

/** A ping run's end result, as the tool printed it. */
export interface PingObservation {
  kind: 'ping';
  at: number;
  end: number;
  host: string;
  dst: string;
  transmitted: number;
  received: number;
  errors: number;
  /** `ping -s` (default 56) and whether DF was asked for (`-M do`). */
  size: number;
  df: boolean;
  /** Text of a local error (e.g. 'message too long, mtu=1402'), if one was printed. */
  localError?: string;
}

/** A change the kernel reported (route, neighbour, FDB, link, address), whoever made it. */
export interface ChangeObservation {
  kind: 'change';
  at: number;
  host: string;
  what: string;
  /** As the kernel reported it, e.g. `del 10.244.0.0/24 via 10.7.160.190 dev eth0`. */
  detail: string;
}

export type Observation =
  CaptureObservation | AnswerObservation | PacketObservation | PingObservation | ChangeObservation;

/** Bound per world: a long session must not grow this without end. Old packets go first. */
export const MAX_OBSERVATIONS = 2000;
export const MAX_FRAMES_PER_CAPTURE = 64;

const store = new WeakMap<World, Observation[]>();
const listeners = new WeakMap<World, Set<(o: Observation) => void>>();

export function recordObservation(world: World, obs: Observation): void {
  let list = store.get(world);
  if (!list) store.set(world, (list = []));
  list.push(obs);
  if (list.length > MAX_OBSERVATIONS) {
    // Drop the oldest witnessed packet or change first; captures and answers are what the reader did.
    const i = list.findIndex((o) => o.kind === 'packet' || o.kind === 'change');
    list.splice(i >= 0 ? i : 0, 1);
  }
  for (const cb of listeners.get(world) ?? []) {
    try {
      cb(obs);
    } catch {
      // A listener (the page's live checklist) must never break the tool that reported.
    }
  }
}

export function observations(world: World): readonly Observation[] {
  return store.get(world) ?? [];
}

export function clearObservations(world: World): void {
  store.delete(world);
}

/** Called after every new observation (the page re-runs its checklist). */
export function onObservation(world: World, cb: (o: Observation) => void): () => void {
  let set = listeners.get(world);
  if (!set) listeners.set(world, (set = new Set()));
  set.add(cb);
  return () => set.delete(cb);
}
