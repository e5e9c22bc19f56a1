/** ip/ipneigh.c print_neigh(): one line of `ip neigh`. */
import { formatIpv4 } from '../../../net/addr.js';
import { PT, type Printer } from './print.js';
import type { NeighMsg } from './rtnl.js';

const NUD_NAMES: [number, string][] = [
  [0x01, 'INCOMPLETE'],
  [0x02, 'REACHABLE'],
  [0x04, 'STALE'],
  [0x08, 'DELAY'],
  [0x10, 'PROBE'],
  [0x20, 'FAILED'],
  [0x40, 'NOARP'],
  [0x80, 'PERMANENT'],
];

export function nudName(state: number): string | undefined {
  return NUD_NAMES.find(([b]) => b === state)?.[1];
}

/** nud_state_a2n(): the words `nud` takes. */
export function nudNumber(arg: string): number | undefined {
  const up = arg.toUpperCase();
  const hit = NUD_NAMES.find(([, n]) => n === up);
  if (hit) return hit[0];
  if (arg === 'all') return 0xff;
  if (arg === 'none') return 0;
  if (!/^(0x[0-9a-fA-F]+|\d+)$/.test(arg)) return undefined;
  const n = Number(arg);
  return n <= 255 ? n : undefined;
}

export interface NeighPrintOpts {
  /** A `dev` filter was given: the device is not printed. */
  devFiltered: boolean;
  stats: number;
  indexToName(ifindex: number): string;
}

export function printNeigh(p: Printer, r: NeighMsg, o: NeighPrintOpts): void {
  p.openObject();
  p.string(PT.ANY, 'dst', '%s ', formatIpv4(r.dst));
  if (!o.devFiltered && r.ifindex) {
    if (!p.json) p.fp('dev ');
    p.string(PT.ANY, 'dev', '%s ', o.indexToName(r.ifindex));
  }
  if (r.lladdr !== undefined) {
    if (!p.json) p.fp('lladdr ');
    p.string(PT.ANY, 'lladdr', '%s ', r.lladdr);
  }
  if (r.router) p.null(PT.ANY, 'router', 'router ');
  if (o.stats) {
    if (r.refcnt) p.uint(PT.ANY, 'refcnt', ' ref %u', r.refcnt);
    p.uint(PT.ANY, 'used', ' used %u', Math.floor(r.used ?? 0));
    p.uint(PT.ANY, 'confirmed', '/%u', Math.floor(r.confirmed ?? 0));
    p.uint(PT.ANY, 'updated', '/%u', Math.floor(r.updated ?? 0));
    if (r.probes !== undefined) p.uint(PT.ANY, 'probes', ' probes %u ', r.probes);
  }
  if (r.state) {
    p.openArray(PT.JSON, p.json ? 'state' : '');
    let nud = r.state;
    for (const [bit, name] of NUD_NAMES) {
      if (nud & bit) {
        nud &= ~bit;
        p.string(PT.ANY, null, '%s ', name);
      }
    }
    p.closeArray(PT.JSON, '');
  }
  p.string(PT.FP, null, '\n', '');
  p.closeObject();
}
