/**
 * The live diagram: hosts and devices from the worker's `topology(world)`, packets from its
 * decision events moving along the devices they really crossed (inner packets blue, VXLAN's
 * outer UDP orange, ARP yellow), throttled to a pace a reader can follow.
 */
import type { Topology, WorldEvent } from '../../../sandbox/worker';

type PacketEv = Extract<WorldEvent, { type: 'packet' }>;
const SVG = 'http://www.w3.org/2000/svg';

interface Pos {
  x: number;
  y: number;
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
  private dots = new Map<number, { dot: SVGCircleElement; at: Pos; outer: boolean; last: number }>();
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
      if (ethP && narrow) el('line', { x1: ethP.x + 75, y1: ethP.y, x2: busX, y2: ethP.y, class: 'fw-wire' }, gLinks);
      else if (ethP) el('line', { x1: ethP.x, y1: ethP.y + 17, x2: ethP.x, y2: underY, class: 'fw-wire' }, gLinks);
      if (vxP && ethP) el('line', { x1: vxP.x, y1: vxP.y, x2: ethP.x, y2: ethP.y, class: 'fw-wire fw-dashed' }, gLinks);
      if (brP && ethP) el('line', { x1: brP.x, y1: brP.y, x2: ethP.x, y2: ethP.y, class: 'fw-wire fw-faint' }, gLinks);
      if (brP && vxP) el('line', { x1: brP.x, y1: brP.y, x2: vxP.x, y2: vxP.y, class: 'fw-wire fw-faint' }, gLinks);
      veths.forEach((v, k) => {
        const x = ox + 15 + slotW * (k + 0.5);
        const vp = devBox(n.name, v, x, oy + 118, bw);
        if (brP && v.master === bridge?.name)
          el('line', { x1: vp.x, y1: vp.y, x2: brP.x, y2: brP.y, class: 'fw-wire' }, gLinks);
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
        }
      });
    });
    routers.forEach((r, i) => {
      const x = W / 2 + i * 160;
      const y = underY + 42;
      const dev = r.devices[0];
      const p = devBox(r.name, { name: r.name, addrs: dev?.addrs ?? [], kind: 'router' }, x, y, 150);
      for (const d of r.devices) this.pos.set(`${r.name}/${d.name}`, p);
      this.hostPos.set(r.name, p);
      el('line', { x1: x, y1: underY, x2: x, y2: y - 17, class: 'fw-wire' }, gLinks);
    });
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

  private where(e: PacketEv): Pos | undefined {
    if (e.dev) {
      const p = this.pos.get(`${e.ns}/${e.dev}`);
      if (p) return p;
      // `bridge cni0: …`, `forward cni0 → flannel.1`: the device named in the row.
      for (const m of e.row.matchAll(/(?:dev |→ |bridge )([\w.@-]+)/g)) {
        const q = this.pos.get(`${e.ns}/${m[1]!.replace(/:$/, '')}`);
        if (q) return q;
      }
    }
    const m = /(?:dev |→ |bridge )([\w.-]+)/.exec(e.row);
    return (m && this.pos.get(`${e.ns}/${m[1]!.replace(/:$/, '')}`)) || this.hostPos.get(e.ns);
  }

  private hop(e: PacketEv): void {
    const p = this.where(e);
    if (!p) return;
    let d = this.dots.get(e.traceId);
    const outer = e.decision === 'encap' ? true : e.decision === 'decap' ? false : (d?.outer ?? false);
    const arp = e.decision === 'arp';
    const cls = `fw-packet ${arp ? 'fw-arp' : outer ? 'fw-outer' : 'fw-inner'}`;
    if (!d) {
      const dot = el('circle', { r: 7, cx: p.x, cy: p.y, class: cls }, this.svg);
      d = { dot, at: p, outer, last: 0 };
      this.dots.set(e.traceId, d);
    }
    d.outer = outer;
    d.dot.setAttribute('class', cls);
    // Animated by CSS transition on cx/cy (Chromium) and a transform fallback.
    d.dot.style.transform = `translate(${p.x - d.at.x}px, ${p.y - d.at.y}px)`;
    const dot = d.dot;
    d.last = performance.now();
    const title = dot.querySelector('title') ?? el('title', {}, dot);
    title.textContent = `${e.ns}: ${e.decision} ${e.row}`;
    this.svg.dataset.hops = String(Number(this.svg.dataset.hops ?? '0') + 1);
    // A packet that stopped moving fades away.
    const traceId = e.traceId;
    setTimeout(() => {
      const cur = this.dots.get(traceId);
      if (cur && performance.now() - cur.last >= 2400) {
        cur.dot.remove();
        this.dots.delete(traceId);
      }
    }, 2500);
  }
}
