/** The way a dot takes between two devices: along the drawn wires, the shortest by length. */
import { describe, expect, it } from 'vitest';
import { wirePath, type WireGraph } from '../../src/client/workbench/wire-path';

function graph(points: Record<string, [number, number]>, wires: [string, string][]): WireGraph {
  const g: WireGraph = { points: new Map(), edges: new Map() };
  for (const [k, [x, y]] of Object.entries(points)) g.points.set(k, { x, y });
  for (const [a, b] of wires) {
    g.edges.set(a, [...(g.edges.get(a) ?? []), b]);
    g.edges.set(b, [...(g.edges.get(b) ?? []), a]);
  }
  return g;
}

describe('wirePath', () => {
  // Two nodes: pod — veth — cni0 — flannel.1 — eth0 — bus — bus — eth0 — flannel.1.
  const g = graph(
    {
      'a/pod': [0, 0],
      'a/veth': [0, 50],
      'a/cni0': [0, 100],
      'a/flannel.1': [60, 100],
      'a/eth0': [30, 150],
      'bus:a': [30, 200],
      'bus:b': [330, 200],
      'b/eth0': [330, 150],
      'b/flannel.1': [360, 100],
    },
    [
      ['a/pod', 'a/veth'],
      ['a/veth', 'a/cni0'],
      ['a/cni0', 'a/flannel.1'],
      ['a/cni0', 'a/eth0'],
      ['a/flannel.1', 'a/eth0'],
      ['a/eth0', 'bus:a'],
      ['bus:a', 'bus:b'],
      ['bus:b', 'b/eth0'],
      ['b/eth0', 'b/flannel.1'],
    ],
  );

  it('follows the wires, corner by corner', () => {
    expect(wirePath(g, 'a/flannel.1', 'b/flannel.1')).toEqual([
      { x: 60, y: 100 },
      { x: 30, y: 150 },
      { x: 30, y: 200 },
      { x: 330, y: 200 },
      { x: 330, y: 150 },
      { x: 360, y: 100 },
    ]);
    expect(wirePath(g, 'a/pod', 'a/cni0')?.length).toBe(3);
  });

  it('takes the shorter of two ways', () => {
    // cni0 → eth0 directly (50) rather than through flannel.1 (60 + ~58).
    expect(wirePath(g, 'a/cni0', 'a/eth0')).toEqual([
      { x: 0, y: 100 },
      { x: 30, y: 150 },
    ]);
  });

  it('has no way between unknown or unconnected points', () => {
    expect(wirePath(g, 'a/pod', 'c/eth0')).toBeUndefined();
    const h = graph({ x: [0, 0], y: [1, 1] }, []);
    expect(wirePath(h, 'x', 'y')).toBeUndefined();
    expect(wirePath(h, 'x', 'x')).toEqual([{ x: 0, y: 0 }]);
  });
});
