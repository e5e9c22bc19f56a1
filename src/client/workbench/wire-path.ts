/**
 * The way a packet takes across the diagram: the drawn wires as a graph of named points
 * (devices as `host/dev`, joints on the underlay as `bus:…`), and the shortest route between
 * two of them, by length, as the polyline a dot glides along.
 */
export interface Point {
  x: number;
  y: number;
}

export interface WireGraph {
  points: Map<string, Point>;
  edges: Map<string, string[]>;
}

/** The points from `from` to `to` along the wires (Dijkstra on lengths), or undefined when no wire joins them. */
export function wirePath(g: WireGraph, from: string, to: string): Point[] | undefined {
  if (!g.points.has(from) || !g.points.has(to)) return undefined;
  const dist = new Map<string, number>([[from, 0]]);
  const prev = new Map<string, string>();
  const open = new Set<string>([from]);
  while (open.size > 0) {
    let cur: string | undefined;
    for (const k of open) if (cur === undefined || dist.get(k)! < dist.get(cur)!) cur = k;
    if (cur === undefined || cur === to) break;
    open.delete(cur);
    const p = g.points.get(cur)!;
    for (const n of g.edges.get(cur) ?? []) {
      const q = g.points.get(n)!;
      const d = dist.get(cur)! + Math.hypot(q.x - p.x, q.y - p.y);
      if (d < (dist.get(n) ?? Infinity)) {
        dist.set(n, d);
        prev.set(n, cur);
        open.add(n);
      }
    }
  }
  if (!dist.has(to)) return undefined;
  const keys = [to];
  while (keys[0] !== from) keys.unshift(prev.get(keys[0]!)!);
  return keys.map((k) => g.points.get(k)!);
}
