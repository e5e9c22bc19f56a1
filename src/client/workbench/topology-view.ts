/**
 * The live diagram: hosts and devices from the worker's `topology(world)`, packets from its
 * decision events gliding along the wires between the devices they really crossed (the shortest
 * way through the drawn wires), throttled to a pace a reader can follow. A pod's packet is a
 * blue dot; once flannel.1 has wrapped it, it travels inside an orange VXLAN envelope until the
 * other flannel.1 opens it; ARP is a yellow dot.
 */
import { wirePath, type WireGraph } from './wire-path';
import type { Topology, WorldEvent } from '../../../sandbox/worker';

type PacketEv = Extract<WorldEvent, { type: 'packet' }>;
const SVG = 'http://www.w3.org/2000/svg';

interface Pos {
  x: number;
  y: number;
}

/** A packet on the diagram: a dot, an envelope drawn around it while it is VXLAN-encapsulated. */
interface Dot {
  g: SVGGElement;
  at: Pos;
  /** The device key the dot is at (`host/dev`), where its next glide starts. */
  key: string | undefined;
  outer: boolean;
  last: number;
  anim: number | undefined;
}

export interface ViewCallbacks {
  device(host: string, dev: string): void;
}

function el<K extends keyof SVGElementTagNameMap>(
  name: K,
  attrs: Record<string, string | number>,
  parent?: Element,
): SVGElementTagNameMap[K] {
  const e = document.createElementNS(SVG, name);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
  parent?.append(e);
  return e;
}

/** `10.7.111.92/16` → `10.7.0.0/16`. */
function network(cidr: string): string {
  const [ip = '', len = '32'] = cidr.split('/');
  const n = ip.split('.').reduce((a, b) => (a << 8) | Number(b), 0) >>> 0;
  const bits = Number(len);
  const mask = bits === 0 ? 0 : (0xffffffff << (32 - bits)) >>> 0;
  const net = (n & mask) >>> 0;
  return `${[24, 16, 8, 0].map((sh) => (net >>> sh) & 255).join('.')}/${bits}`;
}

/** `ubuntu-664c5f866b-865jb` → `ubuntu…865jb`: the app and the pod's own suffix fit a device box. */
const shortPod = (name: string): string => {
  const parts = name.split('-');
  return parts.length > 2 ? `${parts[0]}…${parts.at(-1)}` : name;
};

export class TopologyView {
  readonly svg: SVGSVGElement;
  private pos = new Map<string, Pos>();
  private hostPos = new Map<string, Pos>();
  private queue: PacketEv[] = [];
  private dots = new Map<number, Dot>();
  /** The drawn wires as a graph, for the way a packet takes between two devices. */
  private graph: WireGraph = { points: new Map(), edges: new Map() };
  private readonly reducedMotion =
    typeof matchMedia === 'function' && matchMedia('(prefers-reduced-motion: reduce)').matches;
  private timer: ReturnType<typeof setTimeout> | undefined;
  playing = true;
  /** Hops per second. */
  rate = 6;
  private topo: Topology | undefined;
  private narrow = false;

  constructor(
    private readonly host: HTMLElement,
    private readonly cb: ViewCallbacks,
  ) {
    this.svg = el('svg', { role: 'img', class: 'fw-topo' });
    host.append(this.svg);
  }

  render(topo: Topology, narrow: boolean): void {
    this.topo = topo;
    this.narrow = narrow;
    const svg = this.svg;
    svg.replaceChildren();
    this.pos.clear();
    this.hostPos.clear();
    this.dots.clear();
    const nodes = topo.hosts.filter((h) => h.kind === 'node');
    const routers = topo.hosts.filter((h) => h.kind === 'router');
    const colW = narrow ? 350 : 400;
    const colH = 330;
    const cols = narrow ? 1 : Math.max(1, nodes.length);
    const rows = narrow ? Math.max(1, nodes.length) : 1;
    const W = cols * colW + 20;
    const underY = rows * colH + 30;
    const H = underY + (routers.length ? 80 : 30);
    svg.setAttribute('viewBox', `0 0 ${W} ${H}`);
    this.graph = { points: new Map(), edges: new Map() };
    const graph = this.graph;
    /** A wire between two named points (device keys, or joints on the underlay). */
    const wire = (a: string, pa: Pos, b: string, pb: Pos): void => {
      graph.points.set(a, pa);
      graph.points.set(b, pb);
      for (const [x, y] of [
        [a, b],
        [b, a],
      ] as const) {
        const list = graph.edges.get(x) ?? [];
        list.push(y);
        graph.edges.set(x, list);
      }
    };
    const gLinks = el('g', { class: 'fw-links' }, svg);
    const gBoxes = el('g', {}, svg);
    // The underlay: one L2 segment the nodes' eth0 and the gateway hang on. Stacked nodes hang
    // on a bus along the right edge, so no wire crosses another node.
    const busX = W - 8;
    if (narrow) el('line', { x1: busX, y1: 30, x2: busX, y2: underY, class: 'fw-underlay' }, gLinks);
    el(
      'line',
      { x1: narrow ? W / 2 - 80 : 20, y1: underY, x2: narrow ? busX : W - 20, y2: underY, class: 'fw-underlay' },
      gLinks,
    );
    const ul = el('text', { x: W - 24, y: underY - 6, class: 'fw-label', 'text-anchor': 'end' }, gBoxes);
    const nets = new Set(
      nodes.flatMap((n) => n.devices.filter((d) => d.kind === 'ether').flatMap((d) => d.addrs.map(network))),
    );
    ul.textContent = ['underlay', ...nets].join(' ');

    const devBox = (
      host: string,
      dev: { name: string; addrs: readonly string[]; kind: string },
      x: number,
      y: number,
      w = 110,
    ): Pos => {
      const g = el(
        'g',
        { class: `fw-dev fw-kind-${dev.kind}`, tabindex: 0, 'data-host': host, 'data-dev': dev.name },
        gBoxes,
      );
      el('rect', { x: x - w / 2, y: y - 17, width: w, height: 34, rx: 5 }, g);
      const t1 = el('text', { x, y: y - 3, 'text-anchor': 'middle', class: 'fw-name' }, g);
      t1.textContent = dev.name;
      const t2 = el('text', { x, y: y + 11, 'text-anchor': 'middle', class: 'fw-addr' }, g);
      t2.textContent = dev.addrs[0] ?? '';
      const title = el('title', {}, g);
      title.textContent = `${host} ${dev.name} ${dev.addrs.join(' ')}`;
      const open = (): void => this.cb.device(host, dev.name);
      g.addEventListener('click', open);
      g.addEventListener('keydown', (e) => {
        if (e.key === 'Enter' || e.key === ' ') {
          e.preventDefault();
          open();
        }
      });
      const p = { x, y };
      this.pos.set(`${host}/${dev.name}`, p);
      return p;
    };

    const drops: { key: string; pos: Pos }[] = [];
    nodes.forEach((n, i) => {
      const ox = 10 + (narrow ? 0 : i * colW);
      const oy = 10 + (narrow ? i * colH : 0);
      el('rect', { x: ox + 6, y: oy, width: colW - 12, height: colH - 20, rx: 10, class: 'fw-node' }, gBoxes);
      const label = el('text', { x: ox + 18, y: oy + 20, class: 'fw-host' }, gBoxes);
      label.textContent = n.name;
      this.hostPos.set(n.name, { x: ox + colW / 2, y: oy + colH / 2 });
      const pods = topo.hosts.filter((h) => h.kind === 'pod' && h.node === n.name);
      const veths = n.devices.filter((d) => d.kind === 'veth');
      const bridge = n.devices.find((d) => d.kind === 'bridge');
      const vxlan = n.devices.find((d) => d.kind === 'vxlan');
      const eth = n.devices.find((d) => d.kind === 'ether' || d.name === 'eth0');
      const slots = Math.max(1, veths.length, pods.length);
      const slotW = (colW - 30) / slots;
      const bw = Math.min(110, slotW - 6);
      const ethP = eth ? devBox(n.name, eth, ox + colW / 2, oy + colH - 52, 150) : undefined;
      const brP = bridge ? devBox(n.name, bridge, ox + colW * 0.3, oy + 185, 130) : undefined;
      const vxP = vxlan ? devBox(n.name, vxlan, ox + colW * 0.75, oy + 185, 120) : undefined;
      const key = (d: { name: string } | undefined): string => `${n.name}/${d?.name ?? ''}`;
      if (ethP && narrow) {
        el('line', { x1: ethP.x + 75, y1: ethP.y, x2: busX, y2: ethP.y, class: 'fw-wire' }, gLinks);
        wire(key(eth), ethP, `bus:${n.name}`, { x: busX, y: ethP.y });
        drops.push({ key: `bus:${n.name}`, pos: { x: busX, y: ethP.y } });
      } else if (ethP) {
        el('line', { x1: ethP.x, y1: ethP.y + 17, x2: ethP.x, y2: underY, class: 'fw-wire' }, gLinks);
        wire(key(eth), ethP, `bus:${n.name}`, { x: ethP.x, y: underY });
        drops.push({ key: `bus:${n.name}`, pos: { x: ethP.x, y: underY } });
      }
      if (vxP && ethP) {
        el('line', { x1: vxP.x, y1: vxP.y, x2: ethP.x, y2: ethP.y, class: 'fw-wire fw-dashed' }, gLinks);
        wire(key(vxlan), vxP, key(eth), ethP);
      }
      if (brP && ethP) {
        el('line', { x1: brP.x, y1: brP.y, x2: ethP.x, y2: ethP.y, class: 'fw-wire fw-faint' }, gLinks);
        wire(key(bridge), brP, key(eth), ethP);
      }
      if (brP && vxP) {
        el('line', { x1: brP.x, y1: brP.y, x2: vxP.x, y2: vxP.y, class: 'fw-wire fw-faint' }, gLinks);
        wire(key(bridge), brP, key(vxlan), vxP);
      }
      veths.forEach((v, k) => {
        const x = ox + 15 + slotW * (k + 0.5);
        const vp = devBox(n.name, v, x, oy + 118, bw);
        if (brP && v.master === bridge?.name) {
          el('line', { x1: vp.x, y1: vp.y, x2: brP.x, y2: brP.y, class: 'fw-wire' }, gLinks);
          wire(key(v), vp, key(bridge), brP);
        }
        const peer = v.peer;
        const pod = peer ? pods.find((p) => p.name === peer.host) : undefined;
        if (pod && peer) {
          const pe = pod.devices.find((d) => d.name === peer.dev);
          const pp = devBox(
            pod.name,
            { name: shortPod(pod.name), addrs: pe?.addrs ?? [], kind: 'pod' },
            x,
            oy + 55,
            bw,
          );
          this.pos.set(`${pod.name}/${peer.dev}`, pp);
          this.hostPos.set(pod.name, pp);
          el('line', { x1: pp.x, y1: pp.y, x2: vp.x, y2: vp.y, class: 'fw-wire' }, gLinks);
          wire(`${pod.name}/${peer.dev}`, pp, key(v), vp);
        }
      });
    });
    routers.forEach((r, i) => {
      const x = W / 2 + i * 160;
      const y = underY + 42;
      const dev = r.devices[0];
      const p = devBox(r.name, { name: r.name, addrs: dev?.addrs ?? [], kind: 'router' }, x, y, 150);
      for (const d of r.devices) {
        this.pos.set(`${r.name}/${d.name}`, p);
        wire(`${r.name}/${d.name}`, p, `bus:${r.name}`, { x, y: underY });
      }
      this.hostPos.set(r.name, p);
      el('line', { x1: x, y1: underY, x2: x, y2: y - 17, class: 'fw-wire' }, gLinks);
      drops.push({ key: `bus:${r.name}`, pos: { x, y: underY } });
    });
    // The underlay: its drop points joined in order along the bus (the corner, when it turns).
    const onBus = (q: Pos): number => (narrow && q.x === busX ? q.y : underY + (W - q.x));
    const sorted = drops.sort((a, b) => onBus(a.pos) - onBus(b.pos));
    for (let i = 1; i < sorted.length; i++) {
      const a = sorted[i - 1]!;
      const b = sorted[i]!;
      if (narrow && a.pos.x === busX && b.pos.x !== busX) {
        // From the vertical bus down the right edge to the horizontal one.
        wire(a.key, a.pos, 'bus:corner', { x: busX, y: underY });
        wire('bus:corner', { x: busX, y: underY }, b.key, b.pos);
      } else wire(a.key, a.pos, b.key, b.pos);
    }
  }

  /** Re-render with the same topology (a width change moved the layout). */
  relayout(narrow: boolean): void {
    if (this.topo && narrow !== this.narrow) this.render(this.topo, narrow);
  }

  highlight(host: string, dev?: string): void {
    for (const g of this.svg.querySelectorAll('.fw-dev.fw-selected')) g.classList.remove('fw-selected');
    const sel = dev
      ? this.svg.querySelector(`.fw-dev[data-host="${CSS.escape(host)}"][data-dev="${CSS.escape(dev)}"]`)
      : undefined;
    sel?.classList.add('fw-selected');
  }

  push(events: readonly PacketEv[]): void {
    for (const e of events) this.queue.push(e);
    // Throttled: a flood keeps the newest hops only.
    if (this.queue.length > 300) this.queue.splice(0, this.queue.length - 300);
    if (this.playing) this.schedule();
  }

  get pending(): number {
    return this.queue.length;
  }

  play(on: boolean): void {
    this.playing = on;
    if (on) this.schedule();
    else if (this.timer !== undefined) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
  }

  /** One hop, paused or not. */
  step(): void {
    const e = this.queue.shift();
    if (e) this.hop(e);
  }

  private schedule(): void {
    if (this.timer !== undefined || this.queue.length === 0) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      if (!this.playing) return;
      this.step();
      this.schedule();
    }, 1000 / this.rate);
  }

  /** The device an event happened at: its key (`host/dev`) and position. */
  private where(e: PacketEv): { key: string | undefined; pos: Pos } | undefined {
    const at = (key: string): { key: string; pos: Pos } | undefined => {
      const pos = this.pos.get(key);
      return pos ? { key, pos } : undefined;
    };
    if (e.dev) {
      const p = at(`${e.ns}/${e.dev}`);
      if (p) return p;
    }
    // `bridge cni0: …`, `forward cni0 → flannel.1`: the device named in the row.
    for (const m of e.row.matchAll(/(?:dev |→ |bridge )([\w.@-]+)/g)) {
      const q = at(`${e.ns}/${m[1]!.replace(/:$/, '')}`);
      if (q) return q;
    }
    const h = this.hostPos.get(e.ns);
    return h ? { key: undefined, pos: h } : undefined;
  }

  private hop(e: PacketEv): void {
    const w = this.where(e);
    if (!w) return;
    let d = this.dots.get(e.traceId);
    const outer = e.decision === 'encap' ? true : e.decision === 'decap' ? false : (d?.outer ?? false);
    const arp = e.decision === 'arp';
    if (!d) {
      const g = el('g', { class: 'fw-packet', transform: `translate(${w.pos.x} ${w.pos.y})` }, this.svg);
      // The envelope: drawn around the dot while the packet is inside VXLAN's UDP.
      el('rect', { class: 'fw-envelope', x: -20, y: -11, width: 40, height: 22, rx: 4 }, g);
      const label = el('text', { class: 'fw-envelope-label', x: 0, y: -14, 'text-anchor': 'middle' }, g);
      label.textContent = 'VXLAN';
      el('circle', { r: 7, class: 'fw-dot' }, g);
      d = { g, at: w.pos, key: w.key, outer, last: 0, anim: undefined };
      this.dots.set(e.traceId, d);
    }
    const wasOuter = d.outer;
    d.outer = outer;
    // While gliding it still looks as it left: the envelope goes on (or off) on arrival.
    d.g.setAttribute('class', `fw-packet ${arp ? 'fw-arp' : wasOuter ? 'fw-outer' : 'fw-inner'}`);
    const title = d.g.querySelector('title') ?? el('title', {}, d.g);
    title.textContent = `${e.ns}: ${e.decision} ${e.row}`;
    // Along the wires from where the packet was to where this decision happened.
    const path =
      d.key !== undefined && w.key !== undefined && d.key !== w.key ? wirePath(this.graph, d.key, w.key) : undefined;
    this.glide(d, path ?? [d.at, w.pos], () => {
      // Opened at the far flannel.1 (or wrapped at this one): the look changes where it happened.
      d!.g.setAttribute('class', `fw-packet ${arp ? 'fw-arp' : outer ? 'fw-outer' : 'fw-inner'}`);
    });
    d.at = w.pos;
    d.key = w.key ?? d.key;
    d.last = performance.now();
    this.svg.dataset.hops = String(Number(this.svg.dataset.hops ?? '0') + 1);
    // A packet that stopped moving fades away.
    const traceId = e.traceId;
    setTimeout(() => {
      const cur = this.dots.get(traceId);
      if (cur && performance.now() - cur.last >= 2400) {
        if (cur.anim !== undefined) cancelAnimationFrame(cur.anim);
        cur.g.remove();
        this.dots.delete(traceId);
      }
    }, 2500);
  }

  /** Move a dot along a polyline, at a speed that fits the hop rate (or at once, for reduced motion). */
  private glide(d: Dot, points: readonly Pos[], done: () => void): void {
    if (d.anim !== undefined) cancelAnimationFrame(d.anim);
    d.anim = undefined;
    const end = points[points.length - 1]!;
    const place = (p: Pos): void => d.g.setAttribute('transform', `translate(${p.x.toFixed(1)} ${p.y.toFixed(1)})`);
    const lengths = points.slice(1).map((p, i) => Math.hypot(p.x - points[i]!.x, p.y - points[i]!.y));
    const total = lengths.reduce((a, b) => a + b, 0);
    if (this.reducedMotion || total < 1) {
      place(end);
      done();
      return;
    }
    // The glide takes most of the time until the next hop, so one hop ends before the next begins.
    const ms = Math.min(900, (0.85 * 1000) / this.rate);
    const t0 = performance.now();
    const frame = (now: number): void => {
      const f = Math.min(1, (now - t0) / ms);
      let left = f * total;
      let i = 0;
      while (i < lengths.length - 1 && left > lengths[i]!) left -= lengths[i++]!;
      const a = points[i]!;
      const b = points[i + 1]!;
      const k = lengths[i]! > 0 ? Math.min(1, left / lengths[i]!) : 1;
      place({ x: a.x + (b.x - a.x) * k, y: a.y + (b.y - a.y) * k });
      if (f < 1) d.anim = requestAnimationFrame(frame);
      else {
        d.anim = undefined;
        done();
      }
    };
    d.anim = requestAnimationFrame(frame);
  }
}
