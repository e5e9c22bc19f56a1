/**
 * <flannel-workbench>: the tools around a sandbox's terminals. State (Reset, Share, Export,
 * Import), the virtual clock (pause, +10 s, speed), the live topology with packets moving
 * along their real path, a device panel (addresses, routes, neighbours, FDB) and the
 * journey of a packet (every kernel decision, each linked to its table row).
 */
import * as Comlink from 'comlink';
import type { FrameInfo, WorldEvent } from '../../../sandbox/worker';
import { WORKER_RESTART_EVENT, sandboxApi, sandboxWorld, saveNow, scheduleSave } from '../sandbox';
import { NOTICE_EVENT, encodeShare, writeStored, type Notice } from './state';
import { wb } from './strings';
import type { TopologyView } from './topology-view';

type PacketEv = Extract<WorldEvent, { type: 'packet' }>;
const MAX_TRACES = 30;

export class FlannelWorkbench extends HTMLElement {
  private view: TopologyView | undefined;
  private started = false;
  private world: number | undefined;
  private traces = new Map<number, PacketEv[]>();
  private refreshTimer: ReturnType<typeof setTimeout> | undefined;
  private framesTimer: ReturnType<typeof setTimeout> | undefined;
  /** The frames list shows one device's frames (`host dev`), or every device's when empty. */
  private frameFilter = '';

  private get sandbox(): string {
    return this.dataset.sandbox ?? 'main';
  }

  private get scenario(): string {
    return this.dataset.scenario ?? 'article';
  }

  private $<T extends Element = HTMLElement>(sel: string): T {
    return this.querySelector<T>(sel)!;
  }

  connectedCallback(): void {
    document.addEventListener(NOTICE_EVENT, (ev) => this.notice((ev as CustomEvent<Notice>).detail));
    // A restarted worker has new worlds: the view subscribes again.
    document.addEventListener(WORKER_RESTART_EVENT, () => {
      if (!this.started) return;
      this.started = false;
      this.traces.clear();
      this.$('.fw-stage').replaceChildren();
      void this.start();
    });
    this.$('.fw-reset').addEventListener('click', () => this.reset());
    this.$('.fw-share').addEventListener('click', () => void this.share());
    this.$('.fw-export').addEventListener('click', () => void this.exportFile());
    this.$<HTMLInputElement>('.fw-import-file').addEventListener('change', (e) => void this.importFile(e));
    this.$('.fw-import').addEventListener('click', () => this.$<HTMLInputElement>('.fw-import-file').click());
    this.$('.fw-clock').addEventListener('click', () => void this.toggleClock());
    this.$('.fw-skip').addEventListener('click', () => void this.time({ op: 'skip', seconds: 10 }));
    this.$('.fw-next').addEventListener('click', () => void this.time({ op: 'step' }));
    this.$<HTMLSelectElement>('.fw-speed').addEventListener('change', (e) => {
      const speed = Number((e.target as HTMLSelectElement).value);
      void this.time({ op: 'speed', speed });
      if (this.view) this.view.rate = 6 * speed;
    });
    this.$('.fw-anim').addEventListener('click', () => this.toggleAnim());
    this.$('.fw-step').addEventListener('click', () => this.view?.step());
    this.$('.fw-panel-close').addEventListener('click', () => this.closePanel());
    this.$('.fw-captures').addEventListener('click', () => void this.showCaptures());
    this.$<HTMLSelectElement>('.fw-frame-filter').addEventListener('change', (e) => {
      this.frameFilter = (e.target as HTMLSelectElement).value;
      void this.renderFrames();
    });
    const io = new IntersectionObserver(
      (entries) => {
        if (!entries.some((e) => e.isIntersecting)) return;
        io.disconnect();
        void this.start();
      },
      { rootMargin: '200px 0px' },
    );
    io.observe(this);
  }

  private notice(n: Notice): void {
    if (n.sandbox !== this.sandbox && n.kind !== 'link-broken') return;
    const box = this.$('.fw-notice');
    const key = (
      {
        'link-broken': 'linkBroken',
        'restore-failed': 'restoreFailed',
        'worker-restarted': 'workerRestarted',
        'journal-full': 'journalFull',
      } as const
    )[n.kind];
    box.querySelector('span')!.textContent = wb(key, { why: n.detail });
    box.dataset.kind = n.kind;
    box.hidden = false;
    this.$('.fw-notice button').addEventListener('click', () => (box.hidden = true), { once: true });
  }

  private async start(): Promise<void> {
    if (this.started) return;
    this.started = true;
    const api = sandboxApi();
    const world = await sandboxWorld(this.sandbox, this.scenario);
    this.world = world;
    const { TopologyView } = await import('./topology-view');
    const stage = this.$('.fw-stage');
    const view = new TopologyView(stage, { device: (h, d) => void this.showDevice(h, d) });
    this.view = view;
    const narrow = (): boolean => this.getBoundingClientRect().width < 560;
    view.render(await api.topology(world), narrow());
    new ResizeObserver(() => view.relayout(narrow())).observe(this);
    await api.onEvent(
      world,
      Comlink.proxy((batch: WorldEvent[]) => this.onEvents(batch)),
    );
    void this.time();
    // The clock readout follows the virtual clock while the workbench is on screen.
    const tick = setInterval(() => {
      if (!this.isConnected) clearInterval(tick);
      else if (document.visibilityState === 'visible' && this.getBoundingClientRect().bottom > 0) void this.time();
    }, 1000);
    this.dataset.ready = 'true';
  }

  private onEvents(batch: WorldEvent[]): void {
    const packets = batch.filter((e): e is PacketEv => e.type === 'packet');
    if (packets.length) {
      this.view?.push(packets);
      for (const p of packets) {
        let t = this.traces.get(p.traceId);
        if (!t) {
          t = [];
          this.traces.set(p.traceId, t);
          if (this.traces.size > MAX_TRACES) this.traces.delete(this.traces.keys().next().value!);
        }
        if (t.length < 200) t.push(p);
      }
      this.renderPackets();
      if (this.framesTimer === undefined) {
        this.framesTimer = setTimeout(() => {
          this.framesTimer = undefined;
          void this.renderFrames();
        }, 700);
      }
    }
    if (batch.some((e) => e.type === 'changed')) {
      clearTimeout(this.refreshTimer);
      this.refreshTimer = setTimeout(() => void this.refresh(), 300);
    }
  }

  private async refresh(): Promise<void> {
    if (this.world === undefined || !this.view) return;
    this.view.render(await sandboxApi().topology(this.world), this.getBoundingClientRect().width < 560);
  }

  /** The packets seen lately, newest first: a click shows the journey. */
  private renderPackets(): void {
    const list = this.$('.fw-packets');
    list.replaceChildren();
    for (const [id, evs] of [...this.traces].reverse()) {
      // Named by what the reader sent (the inner packet), not by the VXLAN envelope around it.
      const first =
        evs.find((e) => e.packet && !/UDP \d+ > 8472/.test(e.packet)) ?? evs.find((e) => e.packet) ?? evs[0]!;
      const li = document.createElement('li');
      const b = document.createElement('button');
      b.type = 'button';
      b.textContent = `#${id} ${first.ns}: ${first.packet ?? first.row}`;
      b.addEventListener('click', () => void this.showJourney(id));
      li.append(b);
      list.append(li);
    }
  }

  /** Frames seen on the devices, newest first, for every device or the one chosen: a click decodes one. */
  private async renderFrames(): Promise<void> {
    if (this.world === undefined) return;
    const frames = await sandboxApi().frames(this.world);
    this.fillFrameFilter(frames);
    const list = this.$('.fw-frames');
    list.replaceChildren();
    const shown = this.frameFilter ? frames.filter((f) => `${f.host} ${f.dev}` === this.frameFilter) : frames;
    for (const f of shown.slice(-15).reverse()) {
      const li = document.createElement('li');
      const b = document.createElement('button');
      b.type = 'button';
      b.textContent = `${f.host} ${f.dev} ${f.dir === 'in' ? '←' : '→'} ${f.summary}`;
      b.addEventListener('click', () => void this.showFrame(f.id, frameTitle(f)));
      li.append(b);
      list.append(li);
    }
  }

  /** The device choices: every device a frame was seen on, nodes' first. */
  private fillFrameFilter(frames: readonly FrameInfo[]): void {
    const sel = this.$<HTMLSelectElement>('.fw-frame-filter');
    const keys = [...new Set(frames.map((f) => `${f.host} ${f.dev}`))].sort();
    if (this.frameFilter && !keys.includes(this.frameFilter)) keys.unshift(this.frameFilter);
    const have = [...sel.options].slice(1).map((o) => o.value);
    if (have.join('\n') === keys.join('\n')) return;
    while (sel.options.length > 1) sel.remove(1);
    for (const k of keys) sel.add(new Option(k, k));
    sel.value = this.frameFilter;
  }

  private async showFrame(id: number, title: string): Promise<void> {
    if (this.world === undefined) return;
    const lang = (document.documentElement.lang || 'zh').toLowerCase().startsWith('zh') ? 'zh' : 'en';
    const body = this.openPanel(`${wb('frame')}: ${title}`);
    let layers;
    try {
      layers = await sandboxApi().decode(this.world, id, lang);
    } catch (e) {
      body.textContent = String(e);
      return;
    }
    for (const layer of layers) {
      const table = document.createElement('table');
      table.className = 'fw-layer';
      const cap = table.createCaption();
      cap.textContent = layer.name;
      for (const field of layer.fields) {
        const tr = table.insertRow();
        const th = document.createElement('th');
        th.scope = 'row';
        th.textContent = field.label;
        tr.append(th);
        tr.insertCell().textContent = field.value;
      }
      body.append(table);
    }
  }

  private openPanel(title: string): HTMLElement {
    const panel = this.$('.fw-panel');
    panel.hidden = false;
    this.$('.fw-panel-title').textContent = title;
    const body = this.$('.fw-panel-body');
    body.replaceChildren();
    return body;
  }

  private closePanel(): void {
    this.$('.fw-panel').hidden = true;
    this.view?.highlight('');
  }

  private async showDevice(host: string, dev: string, mark?: string): Promise<void> {
    if (this.world === undefined) return;
    this.view?.highlight(host, dev);
    const body = this.openPanel(`${wb('device')}: ${host} ${dev}`);
    this.$('.fw-panel').dataset.host = host;
    this.$('.fw-panel').dataset.dev = dev;
    const edit = document.createElement('button');
    edit.type = 'button';
    edit.className = 'fw-edit-routes';
    edit.textContent = `${wb('editRoutes')} (${host})`;
    edit.addEventListener('click', () => void this.editRoutes(host));
    body.append(edit);
    let parts: { command: string; output: string }[];
    try {
      parts = await sandboxApi().inspect(this.world, host, dev);
    } catch (e) {
      body.textContent = String(e);
      return;
    }
    for (const p of parts) {
      const h = document.createElement('h4');
      h.textContent = `# ${p.command}`;
      const pre = document.createElement('pre');
      for (const line of p.output.replace(/\n$/, '').split('\n')) {
        const span = document.createElement('span');
        span.textContent = line + '\n';
        if (mark && rowMatches(line, mark)) span.className = 'fw-row-hit';
        pre.append(span);
      }
      body.append(h, pre);
    }
    body.querySelector('.fw-row-hit')?.scrollIntoView({ block: 'nearest' });
  }

  /** The host's table in `ip route` syntax; saving applies the difference, or shows the kernel's error at its line. */
  private async editRoutes(host: string): Promise<void> {
    const world = this.world;
    if (world === undefined) return;
    const api = sandboxApi();
    const { openEditor } = await import('./editor');
    const saved = await openEditor(this.$('.fw-panel'), {
      title: `ip route — ${host}`,
      text: await api.routes(world, host),
      language: 'routes',
      check: (text) => api.applyRoutes(world, host, text),
    });
    if (saved !== undefined) {
      scheduleSave(this.sandbox, 100);
      const dev = this.$('.fw-panel').dataset.dev;
      if (dev) void this.showDevice(host, dev);
    }
  }

  /** Capture files written by `tcpdump -w`, each with a download button. */
  private async showCaptures(): Promise<void> {
    if (this.world === undefined) return;
    const api = sandboxApi();
    const world = this.world;
    const body = this.openPanel(wb('captures'));
    const list = await api.captures(world);
    if (list.length === 0) {
      body.textContent = wb('noCaptures');
      return;
    }
    const ul = document.createElement('ul');
    ul.className = 'fw-capture-list';
    for (const c of list) {
      const li = document.createElement('li');
      const b = document.createElement('button');
      b.type = 'button';
      b.className = 'fw-download';
      b.textContent = `⬇ ${c.host}:${c.path} (${c.size} bytes)`;
      b.addEventListener('click', () => {
        void api.files(world, c.host, c.path).then((data) => download(c.path.replace(/^.*\//, ''), data));
      });
      li.append(b);
      ul.append(li);
    }
    body.append(ul);
  }

  private async showJourney(id: number): Promise<void> {
    const evs = this.traces.get(id) ?? [];
    const body = this.openPanel(`${wb('journey')} #${id}`);
    // The frames of this packet (and of its VXLAN envelope), each shown where the kernel handled it.
    const frames =
      this.world === undefined ? [] : (await sandboxApi().frames(this.world)).filter((f) => f.traceId === id);
    const used = new Set<number>();
    const ol = document.createElement('ol');
    ol.className = 'fw-journey';
    for (const e of evs) {
      const li = document.createElement('li');
      const b = document.createElement('button');
      b.type = 'button';
      b.innerHTML = '<span class="fw-ns"></span> <code></code>';
      b.querySelector('.fw-ns')!.textContent = e.ns;
      b.querySelector('code')!.textContent = e.row + (e.reason ? ` (${e.reason})` : '');
      const dev = e.dev ?? /(?:dev |bridge )([\w.-]+)/.exec(e.row)?.[1]?.replace(/:$/, '');
      // Each decision links to the table row it used, shown in the device's tables.
      if (dev) b.addEventListener('click', () => void this.showDevice(e.ns, dev, e.row.replace(/^.*?: /, '')));
      else b.disabled = true;
      li.append(b);
      // …and to the frame as that device saw it, decoded header by header.
      for (const f of frames) {
        if (dev === undefined || used.has(f.id) || f.host !== e.ns || f.dev !== dev) continue;
        // An ARP decision shows the ARP frame; any other, the packet itself (or its envelope).
        if ((e.decision === 'arp') !== f.summary.startsWith('ARP')) continue;
        used.add(f.id);
        const fb = document.createElement('button');
        fb.type = 'button';
        fb.className = 'fw-frame-link';
        fb.textContent = `${wb('frame')} ${f.dir === 'in' ? '←' : '→'} ${f.len} B`;
        fb.addEventListener('click', () => void this.showFrame(f.id, frameTitle(f)));
        li.append(' ', fb);
        break;
      }
      ol.append(li);
    }
    body.append(ol);
  }

  private async time(action?: Parameters<ReturnType<typeof sandboxApi>['time']>[1]): Promise<void> {
    if (this.world === undefined) return;
    const st = await sandboxApi().time(this.world, action);
    const btn = this.$('.fw-clock');
    btn.textContent = st.paused ? wb('resume') : wb('pause');
    this.dataset.clock = st.paused ? 'paused' : 'running';
    // Virtual time as the tools print it: local time (UTC+8), to the millisecond while stepping.
    const d = new Date(st.now / 1000 + 8 * 3600_000);
    this.$('.fw-now').textContent = d.toISOString().slice(11, st.paused ? 23 : 19);
    // While paused, when the next thing will happen: what "Next event" would reach.
    const next = this.$('.fw-next-at');
    next.textContent =
      st.paused && st.next !== undefined ? wb('nextAt', { s: ((st.next - st.now) / 1e6).toFixed(3) }) : '';
  }

  private async toggleClock(): Promise<void> {
    await this.time({ op: this.dataset.clock === 'paused' ? 'resume' : 'pause' });
  }

  private toggleAnim(): void {
    if (!this.view) return;
    this.view.play(!this.view.playing);
    const b = this.$('.fw-anim');
    b.textContent = this.view.playing ? wb('animPause') : wb('animPlay');
  }

  private reset(): void {
    if (!confirm(wb('resetConfirm'))) return;
    writeStored(this.sandbox, undefined);
    location.reload();
  }

  private async share(): Promise<void> {
    const j = await saveNow(this.sandbox);
    if (!j) return;
    const url = location.origin + location.pathname + (await encodeShare({ sandbox: this.sandbox, journal: j }));
    const out = this.$<HTMLInputElement>('.fw-share-url');
    out.value = url;
    out.hidden = false;
    out.select();
    try {
      await navigator.clipboard.writeText(url);
      this.$('.fw-msg').textContent = wb('shareCopied');
    } catch {
      this.$('.fw-msg').textContent = '';
    }
  }

  private async exportFile(): Promise<void> {
    const j = await saveNow(this.sandbox);
    if (!j) return;
    const blob = new Blob([JSON.stringify({ sandbox: this.sandbox, page: location.pathname, journal: j }, null, 1)], {
      type: 'application/json',
    });
    const a = document.createElement('a');
    a.href = URL.createObjectURL(blob);
    a.download = `flannel-lab-${this.sandbox}.json`;
    a.click();
    setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
  }

  private async importFile(e: Event): Promise<void> {
    const file = (e.target as HTMLInputElement).files?.[0];
    if (!file) return;
    try {
      if (file.size > 4 * 1024 * 1024) throw new Error('too large');
      const o = JSON.parse(await file.text()) as { journal?: unknown };
      if (typeof o !== 'object' || o === null || typeof o.journal !== 'object' || o.journal === null) {
        throw new Error('not a flannel-lab state file');
      }
      const problem =
        (o.journal as { scenario?: unknown }).scenario !== this.scenario ? 'another chapter’s sandbox' : undefined;
      if (problem) throw new Error(problem);
      writeStored(this.sandbox, o.journal as never);
      location.reload();
    } catch (err) {
      this.$('.fw-msg').textContent = wb('importFailed', { why: err instanceof Error ? err.message : String(err) });
    }
  }
}

/**
 * Whether a line of `ip route/neigh show dev X` or `bridge fdb show dev X` is the row a decision
 * names: the tools leave out `dev X` when showing one device, so compare without it.
 */
function rowMatches(line: string, row: string): boolean {
  const key = (s: string): string =>
    s
      // Trace rows begin with their table's name: `route …`, `neigh …`, `fdb …`, `bridge cni0: fdb hit …`.
      .replace(/^(route|neigh|fdb) /, '')
      .replace(/^bridge \S+: /, '')
      .replace(/\bfdb (hit )?/, '')
      .replace(/\bdev \S+/g, '')
      .replace(/\s+/g, ' ')
      .trim();
  const a = key(line);
  const b = key(row);
  return a.length > 6 && b.length > 6 && (a === b || a.startsWith(b) || b.startsWith(a));
}

function frameTitle(f: FrameInfo): string {
  return `${f.host} ${f.dev} ${f.dir === 'in' ? '←' : '→'} ${wb('bytes', { n: String(f.len) })}`;
}

function download(name: string, data: Uint8Array): void {
  const url = URL.createObjectURL(new Blob([data as Uint8Array<ArrayBuffer>], { type: 'application/octet-stream' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

if (!customElements.get('flannel-workbench')) customElements.define('flannel-workbench', FlannelWorkbench);
