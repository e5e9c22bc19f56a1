/**
 * One kubelet per node: runs the pods bound to its node through sandbox
 * (CNI) → image pulls → init containers one by one → main containers, with
 * readiness probes, CrashLoopBackOff restarts and graceful deletion; and
 * reports the node's Ready condition from the container runtime's network
 * status (a CNI config in /etc/cni/net.d).
 */
import type { Host } from '../world/host.js';
import type { TimerHandle } from '../world/clock.js';
import { US_PER_S } from '../world/clock.js';
import type { Cluster } from './cluster.js';
import { RT } from './cluster.js';
import type { Condition, Container, ContainerStatus, NodeObject, PodObject } from './objects.js';
import { recordEvent } from './events.js';
import { rfc3339 } from './time.js';
import {
  cpProgram,
  daemonProgram,
  exitProgram,
  programName,
  type ContainerEnv,
  type ContainerProcess,
  type VolumeSource,
} from './runtime.js';
import { normalizePath } from '../world/fs.js';

export interface LogLine {
  tsUs: number;
  text: string;
}

/** Lines kept per container (kubelet rotates logs; this is our bound). */
export const MAX_LOG_LINES = 2000;

interface ContainerRt {
  spec: Container;
  init: boolean;
  proc?: ContainerProcess;
  status: ContainerStatus;
  logs: LogLine[];
  previous: LogLine[];
  backoffUs: number;
  probe?: TimerHandle;
  gen: number;
}

interface PodRt {
  uid: string;
  ns: string;
  name: string;
  host?: Host;
  ip?: string;
  containers: ContainerRt[];
  timers: TimerHandle[];
  stopping: boolean;
  sandboxAttempts: number;
  /** The pod as last seen, for the CNI DEL after the object is gone. */
  last?: PodObject;
}

/** The container runtime's pod network (the CNI plugins named by the node's config). */
export interface PodNetwork {
  /** True when /etc/cni/net.d on the node holds a config the runtime can load. */
  ready(node: Host): boolean;
  add(node: Host, pod: PodObject): { ok: true; ip: string; host: Host } | { ok: false; error: string };
  del(node: Host, pod: PodObject, host: Host): void;
}

export const NETWORK_NOT_READY =
  'container runtime network not ready: NetworkReady=false reason:NetworkPluginNotReady message:Network plugin returns error: cni plugin not initialized';

function hashStr(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

export class Kubelet {
  private readonly pods = new Map<string, PodRt>();
  private readonly images = new Set<string>();
  private networkReady = false;

  constructor(
    readonly cluster: Cluster,
    readonly nodeName: string,
    readonly host: Host,
    /** Offset of this kubelet's 10 s status loop (it started when the node joined). */
    private readonly statusPhaseUs: number,
    images: readonly string[] = [],
  ) {
    for (const i of images) this.images.add(i);
  }

  get clock() {
    return this.cluster.world.clock;
  }

  start(): void {
    this.cluster.onNodePods(this.nodeName, (type, o) => {
      const pod = o as PodObject;
      if (type === 'DELETED') {
        this.forget(pod.metadata.uid);
        return;
      }
      const known = this.pods.get(pod.metadata.uid);
      if (!known)
        this.clock.after(10_000, () => this.admit(pod.metadata.namespace!, pod.metadata.name, pod.metadata.uid));
      else if (pod.metadata.deletionTimestamp && !known.stopping) this.terminate(known);
    });
    for (const pod of this.cluster.pods()) {
      if (pod.spec.nodeName === this.nodeName) this.admit(pod.metadata.namespace!, pod.metadata.name, pod.metadata.uid);
    }
    // The node status loop: kubelet reports every 10 s, in its own phase.
    const phase = this.statusPhaseUs % (10 * US_PER_S);
    const first = this.clock.now - (this.clock.now % (10 * US_PER_S)) + phase;
    this.clock.at(first <= this.clock.now ? first + 10 * US_PER_S : first, () => this.statusLoop());
    this.syncNodeStatus();
  }

  logs(ns: string, name: string, container: string, previous: boolean): LogLine[] | undefined {
    const p = [...this.pods.values()].find((x) => x.ns === ns && x.name === name);
    const c = p?.containers.find((x) => x.spec.name === container);
    if (!c) return undefined;
    return previous ? c.previous : c.logs;
  }

  /** A container's log changed: kubectl logs -f listens here. */
  readonly logListeners = new Set<(ns: string, pod: string, container: string, line: LogLine) => void>();

  private statusLoop(): void {
    this.syncNodeStatus();
    this.clock.after(10 * US_PER_S, () => this.statusLoop());
  }

  /** Report Ready when the runtime's network is ready; write only on change (heartbeats use Leases). */
  syncNodeStatus(): void {
    const node = this.cluster.node(this.nodeName);
    if (!node) return;
    const net = this.cluster.network;
    this.networkReady = net ? net.ready(this.host) : false;
    const conds = node.status.conditions;
    const ready = conds.find((c) => c.type === 'Ready');
    const want: Condition['status'] = this.networkReady ? 'True' : 'False';
    if (ready && ready.status === want) return;
    const now = rfc3339(this.cluster.now);
    const cond: Condition = this.networkReady
      ? {
          type: 'Ready',
          status: 'True',
          lastHeartbeatTime: now,
          lastTransitionTime: now,
          reason: 'KubeletReady',
          message: 'kubelet is posting ready status. AppArmor enabled',
        }
      : {
          type: 'Ready',
          status: 'False',
          lastHeartbeatTime: now,
          lastTransitionTime: now,
          reason: 'KubeletNotReady',
          message: NETWORK_NOT_READY,
        };
    if (ready) Object.assign(ready, cond);
    else conds.push(cond);
    this.cluster.store.update(node);
    if (this.networkReady) {
      recordEvent(this.cluster, node, 'Normal', 'NodeReady', `Node ${this.nodeName} status is now: NodeReady`, {
        component: 'kubelet',
        host: this.nodeName,
      });
    }
  }

  private live(p: PodRt): PodObject | undefined {
    const pod = this.cluster.pod(p.ns, p.name);
    if (pod && pod.metadata.uid === p.uid) {
      p.last = pod;
      return pod;
    }
    return undefined;
  }

  private nodeIp(): string {
    const node = this.cluster.node(this.nodeName) as NodeObject | undefined;
    return node?.status.addresses.find((a) => a.type === 'InternalIP')?.address ?? '';
  }

  private event(pod: PodObject, type: 'Normal' | 'Warning', reason: string, message: string): void {
    recordEvent(this.cluster, pod, type, reason, message, { component: 'kubelet', host: this.nodeName });
  }

  private admit(ns: string, name: string, uid: string): void {
    if (this.pods.has(uid)) return;
    const pod = this.cluster.pod(ns, name);
    if (!pod || pod.metadata.uid !== uid) return;
    const mk = (c: Container, init: boolean): ContainerRt => ({
      spec: c,
      init,
      logs: [],
      previous: [],
      backoffUs: 10 * US_PER_S,
      gen: 0,
      status: {
        name: c.name,
        image: c.image,
        imageID: '',
        ready: false,
        started: false,
        restartCount: 0,
        state: {
          waiting: { reason: init || pod.spec.initContainers?.length ? 'PodInitializing' : 'ContainerCreating' },
        },
        lastState: {},
      },
    });
    const p: PodRt = {
      uid,
      ns,
      name,
      containers: [
        ...(pod.spec.initContainers ?? []).map((c) => mk(c, true)),
        ...pod.spec.containers.map((c) => mk(c, false)),
      ],
      timers: [],
      stopping: false,
      sandboxAttempts: 0,
    };
    this.pods.set(uid, p);
    // A pod that was already running when this kubelet started (scenario history) resumes as is.
    if (pod.status?.phase === 'Running' && pod.status.containerStatuses?.every((c) => c.state.running)) {
      this.resume(p, pod);
      return;
    }
    pod.status = {
      ...pod.status,
      phase: 'Pending',
      conditions: this.conditions(pod, false, false),
      hostIP: this.nodeIp(),
      startTime: rfc3339(this.cluster.now),
    };
    this.writeStatus(p, pod);
    this.after(p, 20_000, () => this.sandbox(p));
  }

  private resume(p: PodRt, pod: PodObject): void {
    if (pod.spec.hostNetwork) p.host = this.hostNetworkHost(pod);
    else p.host = this.cluster.podHost(p.ns, p.name);
    p.ip = pod.status.podIP;
    for (const c of p.containers) {
      if (c.init) {
        c.status = {
          ...c.status,
          state: { terminated: { exitCode: 0, reason: 'Completed', finishedAt: pod.status.startTime ?? '' } },
        };
        continue;
      }
      const st = pod.status.containerStatuses?.find((s) => s.name === c.spec.name);
      if (st) c.status = st;
      c.proc = this.program(c)(this.containerEnv(p, c, c.gen));
    }
    if (p.host) this.cluster.setPodHost(p.ns, p.name, p.host);
  }

  private after(p: PodRt, us: number, fn: () => void): void {
    const t = this.clock.after(us, () => {
      p.timers = p.timers.filter((x) => x !== t);
      if (!p.stopping) fn();
    });
    p.timers.push(t);
  }

  private hostNetworkHost(pod: PodObject): Host {
    // A hostNetwork pod shares the node's network namespace (and so its hostname) and, in this model, its files.
    return {
      name: this.nodeName,
      kind: 'pod',
      fs: this.host.fs,
      ns: this.host.ns,
      node: this.nodeName,
      namespace: pod.metadata.namespace ?? 'default',
      sysctl: this.host.sysctl,
    };
  }

  private sandbox(p: PodRt): void {
    const pod = this.live(p);
    if (!pod || p.stopping) return;
    if (pod.spec.hostNetwork) {
      p.host = this.hostNetworkHost(pod);
      p.ip = this.nodeIp();
    } else {
      const net = this.cluster.network;
      const res = net
        ? net.ready(this.host)
          ? net.add(this.host, pod)
          : { ok: false as const, error: NETWORK_NOT_READY }
        : { ok: false as const, error: NETWORK_NOT_READY };
      if (!res.ok) {
        p.sandboxAttempts++;
        this.event(
          pod,
          'Warning',
          'FailedCreatePodSandBox',
          `Failed to create pod sandbox: rpc error: code = Unknown desc = failed to setup network for sandbox "${this.cluster.rng.hex(64)}": ${res.error}`,
        );
        this.after(p, Math.min(5 * US_PER_S * p.sandboxAttempts, 60 * US_PER_S), () => this.sandbox(p));
        return;
      }
      p.host = res.host;
      p.ip = res.ip;
    }
    this.cluster.setPodHost(p.ns, p.name, p.host);
    pod.status.podIP = p.ip;
    pod.status.podIPs = [{ ip: p.ip! }];
    this.writeStatus(p, pod);
    this.next(p);
  }

  /** Start the first init container not yet done, or the main containers. */
  private next(p: PodRt): void {
    const pod = this.live(p);
    if (!pod || p.stopping) return;
    const init = p.containers.find((c) => c.init && !c.status.state.terminated?.reason?.startsWith('Completed'));
    if (init) {
      if (!init.proc) this.pullAndStart(p, init);
      return;
    }
    for (const c of p.containers) {
      if (!c.init && !c.proc && !c.status.state.waiting?.reason?.startsWith('CrashLoop')) {
        if (c.status.state.waiting?.reason === 'PodInitializing') {
          c.status = { ...c.status, state: { waiting: { reason: 'PodInitializing' } } };
        }
        this.pullAndStart(p, c);
      }
    }
    this.writeStatus(p, pod);
  }

  private pullUs(image: string): number {
    return 1_200_000 + (hashStr(image) % 3_000_000);
  }

  private pullAndStart(p: PodRt, c: ContainerRt): void {
    const pod = this.live(p);
    if (!pod) return;
    const img = c.spec.image;
    if (this.images.has(img)) {
      this.event(pod, 'Normal', 'Pulled', `Container image "${img}" already present on machine`);
      this.after(p, 300_000, () => this.startContainer(p, c));
      return;
    }
    this.event(pod, 'Normal', 'Pulling', `Pulling image "${img}"`);
    const us = this.pullUs(img);
    this.after(p, us, () => {
      this.images.add(img);
      const live = this.live(p);
      if (live) {
        const s = (us / US_PER_S).toFixed(3).replace(/0+$/, '');
        this.event(live, 'Normal', 'Pulled', `Successfully pulled image "${img}" in ${s}s (${s}s including waiting)`);
      }
      this.startContainer(p, c);
    });
  }

  private program(c: ContainerRt) {
    const name = programName(c.spec);
    const reg = this.cluster.programs.get(name);
    if (reg) return reg;
    if (name === 'cp') return cpProgram;
    if (name === '<exit>') return exitProgram;
    return daemonProgram;
  }

  private startContainer(p: PodRt, c: ContainerRt): void {
    const pod = this.live(p);
    if (!pod || p.stopping) return;
    const now = rfc3339(this.cluster.now);
    c.gen++;
    c.status = {
      ...c.status,
      imageID: c.status.imageID || `${c.spec.image.replace(/:.*/, '')}@sha256:${this.cluster.rng.hex(64)}`,
      containerID: `containerd://${this.cluster.rng.hex(64)}`,
      started: true,
      ready: false,
      state: { running: { startedAt: now } },
    };
    this.event(pod, 'Normal', 'Created', `Created container ${c.spec.name}`);
    this.event(pod, 'Normal', 'Started', `Started container ${c.spec.name}`);
    if (c.previous.length === 0 && c.logs.length > 0) c.previous = c.logs;
    else if (c.logs.length) c.previous = c.logs;
    c.logs = [];
    c.proc = this.program(c)(this.containerEnv(p, c, c.gen));
    if (!c.init) this.setupProbe(p, c);
    this.refreshPhase(p, pod);
    this.writeStatus(p, pod);
  }

  private setupProbe(p: PodRt, c: ContainerRt): void {
    const probe = c.spec['readinessProbe'] as { initialDelaySeconds?: number; periodSeconds?: number } | undefined;
    if (!probe) {
      c.status.ready = true;
      return;
    }
    const gen = c.gen;
    const check = (): void => {
      if (gen !== c.gen || !c.proc) return;
      const ok = c.proc.ready ? c.proc.ready() : true;
      const pod = this.live(p);
      if (!pod) return;
      if (ok !== c.status.ready) {
        c.status = { ...c.status, ready: ok };
        this.refreshPhase(p, pod);
        this.writeStatus(p, pod);
      }
      c.probe = this.clock.after((probe.periodSeconds ?? 10) * US_PER_S, check);
    };
    c.probe = this.clock.after((probe.initialDelaySeconds ?? 0) * US_PER_S, check);
  }

  private containerEnv(p: PodRt, c: ContainerRt, gen: number): ContainerEnv {
    const pod = this.live(p)!;
    const env = new Map<string, string>();
    for (const e of c.spec.env ?? []) {
      if (e.value !== undefined) env.set(e.name, e.value);
      else if (e.valueFrom?.fieldRef) {
        const f = e.valueFrom.fieldRef.fieldPath;
        const v =
          f === 'metadata.name'
            ? pod.metadata.name
            : f === 'metadata.namespace'
              ? pod.metadata.namespace
              : f === 'spec.nodeName'
                ? this.nodeName
                : f === 'status.podIP'
                  ? p.ip
                  : undefined;
        if (v !== undefined) env.set(e.name, v);
      }
    }
    const volumes = (pod.spec['volumes'] ?? []) as {
      name: string;
      hostPath?: { path: string };
      configMap?: { name: string };
    }[];
    const mounts = (c.spec.volumeMounts ?? [])
      .map((m) => {
        const v = volumes.find((x) => x.name === m.name);
        let source: VolumeSource = { kind: 'emptyDir' };
        if (v?.hostPath) source = { kind: 'hostPath', path: v.hostPath.path };
        else if (v?.configMap) source = { kind: 'configMap', name: v.configMap.name, namespace: p.ns };
        return { path: normalizePath(m.mountPath), source };
      })
      .sort((a, b) => b.path.length - a.path.length);
    const mount = (path: string): { source: VolumeSource; rest: string } | undefined => {
      const n = normalizePath(path);
      for (const m of mounts) {
        if (n === m.path || n.startsWith(m.path === '/' ? '/' : m.path + '/')) {
          return { source: m.source, rest: n.slice(m.path.length).replace(/^\//, '') };
        }
      }
      return undefined;
    };
    const current = (): boolean => c.gen === gen && !!this.pods.get(p.uid);
    return {
      world: this.cluster.world,
      cluster: this.cluster,
      node: this.host,
      pod,
      container: c.spec,
      argv: [...(c.spec.command ?? []), ...(c.spec.args ?? [])],
      env,
      mount,
      readFile: (path) => {
        const m = mount(path);
        if (!m) return undefined;
        if (m.source.kind === 'configMap') {
          const cm = this.cluster.get(RT.configmaps, m.source.namespace, m.source.name);
          const data = (cm?.['data'] ?? {}) as Record<string, string>;
          return data[m.rest];
        }
        if (m.source.kind === 'hostPath') {
          try {
            return this.host.fs.readText(`${m.source.path}/${m.rest}`);
          } catch {
            return undefined;
          }
        }
        return undefined;
      },
      writeFile: (path, data, mode) => {
        const m = mount(path);
        if (!m || m.source.kind !== 'hostPath') return false;
        try {
          this.host.fs.mkdirp(m.source.path);
          this.host.fs.write(m.rest ? `${m.source.path}/${m.rest}` : m.source.path, data, mode);
          return true;
        } catch {
          return false;
        }
      },
      log: (text) => {
        if (!current()) return;
        const line = { tsUs: this.cluster.now, text };
        c.logs.push(line);
        if (c.logs.length > MAX_LOG_LINES) c.logs.splice(0, c.logs.length - MAX_LOG_LINES);
        for (const l of this.logListeners) l(p.ns, p.name, c.spec.name, line);
      },
      exit: (code, reason) => {
        if (!current()) return;
        this.containerExited(p, c, code, reason ?? (code === 0 ? 'Completed' : 'Error'));
      },
    };
  }

  private containerExited(p: PodRt, c: ContainerRt, code: number, reason: string): void {
    c.proc = undefined;
    c.probe?.cancel();
    const pod = this.live(p);
    if (!pod) return;
    const term = {
      exitCode: code,
      reason,
      startedAt: c.status.state.running?.startedAt ?? rfc3339(this.cluster.now),
      finishedAt: rfc3339(this.cluster.now),
    };
    if (p.stopping) {
      c.status = { ...c.status, ready: false, started: false, state: { terminated: term } };
      this.writeStatus(p, pod);
      this.maybeFinishStop(p);
      return;
    }
    if (c.init && code === 0) {
      c.status = { ...c.status, ready: false, started: false, state: { terminated: term } };
      this.writeStatus(p, pod);
      this.next(p);
      return;
    }
    // restartPolicy Always: back off, then run again.
    c.status = { ...c.status, ready: false, started: false, state: { terminated: term } };
    this.refreshPhase(p, pod);
    this.writeStatus(p, pod);
    const delay = c.status.restartCount === 0 ? 0 : c.backoffUs;
    if (c.status.restartCount > 0) c.backoffUs = Math.min(c.backoffUs * 2, 300 * US_PER_S);
    this.after(p, 1_000_000, () => {
      const live = this.live(p);
      if (!live || p.stopping) return;
      c.status = {
        ...c.status,
        restartCount: c.status.restartCount + 1,
        lastState: { terminated: term },
        state:
          delay > 0
            ? {
                waiting: {
                  reason: 'CrashLoopBackOff',
                  message: `back-off ${Math.round(delay / US_PER_S)}s restarting failed container=${c.spec.name} pod=${p.name}_${p.ns}(${p.uid})`,
                },
              }
            : { terminated: term },
      };
      if (delay > 0) {
        this.event(
          live,
          'Warning',
          'BackOff',
          'Back-off restarting failed container ' + c.spec.name + ' in pod ' + `${p.name}_${p.ns}(${p.uid})`,
        );
      }
      this.writeStatus(p, live);
      this.after(p, delay, () => this.startContainer(p, c));
    });
  }

  private refreshPhase(p: PodRt, pod: PodObject): void {
    const main = p.containers.filter((c) => !c.init);
    const inits = p.containers.filter((c) => c.init);
    const initialized = inits.every(
      (c) =>
        c.status.state.terminated?.exitCode === 0 ||
        (c.status.state.running === undefined && c.status.state.terminated?.reason === 'Completed'),
    );
    const anyRunning = main.some((c) => c.status.state.running);
    const allReady = main.every((c) => c.status.ready);
    if (anyRunning || main.some((c) => c.status.restartCount > 0)) pod.status.phase = 'Running';
    pod.status.conditions = this.conditions(pod, initialized, allReady);
  }

  private conditions(pod: PodObject, initialized: boolean, ready: boolean): Condition[] {
    const now = rfc3339(this.cluster.now);
    const old = pod.status?.conditions ?? [];
    const mk = (type: string, on: boolean, reason?: string): Condition => {
      const prev = old.find((c) => c.type === type);
      const status = on ? 'True' : 'False';
      return {
        type,
        status,
        lastProbeTime: null,
        lastTransitionTime: prev && prev.status === status ? prev.lastTransitionTime! : now,
        ...(on || !reason ? {} : { reason }),
      };
    };
    return [
      mk('Initialized', initialized, 'ContainersNotInitialized'),
      mk('Ready', ready, 'ContainersNotReady'),
      mk('ContainersReady', ready, 'ContainersNotReady'),
      mk('PodScheduled', true),
    ];
  }

  private writeStatus(p: PodRt, pod: PodObject): void {
    pod.status.initContainerStatuses = p.containers.filter((c) => c.init).map((c) => ({ ...c.status }));
    pod.status.containerStatuses = p.containers.filter((c) => !c.init).map((c) => ({ ...c.status }));
    if (!pod.status.initContainerStatuses.length) delete pod.status.initContainerStatuses;
    pod.status.qosClass ??= 'BestEffort';
    this.cluster.store.update(pod);
  }

  /** Graceful deletion: SIGTERM, then SIGKILL after the grace period; then the sandbox goes. */
  private terminate(p: PodRt): void {
    p.stopping = true;
    for (const t of p.timers) t.cancel();
    p.timers = [];
    const pod = this.live(p);
    const grace = (pod?.metadata.deletionGracePeriodSeconds ?? 30) * US_PER_S;
    let allGone = true;
    for (const c of p.containers) {
      c.probe?.cancel();
      if (!c.proc) continue;
      if (pod) this.event(pod, 'Normal', 'Killing', `Stopping container ${c.spec.name}`);
      const exitsNow = c.proc.stop();
      if (exitsNow) {
        const proc = c.proc;
        c.proc = undefined;
        void proc;
      } else allGone = false;
    }
    const finish = (): void => {
      for (const c of p.containers) {
        if (c.proc) {
          c.proc.stop();
          c.proc = undefined;
        }
      }
      this.maybeFinishStop(p);
    };
    if (allGone) this.clock.after(200_000, finish);
    else this.clock.after(grace, finish);
  }

  private maybeFinishStop(p: PodRt): void {
    if (p.containers.some((c) => c.proc)) return;
    const pod = this.live(p);
    if (pod && p.host && !pod.spec.hostNetwork) this.cluster.network?.del(this.host, pod, p.host);
    this.cluster.setPodHost(p.ns, p.name, undefined);
    p.host = undefined;
    this.pods.delete(p.uid);
    if (pod) this.cluster.store.delete(RT.pods, p.ns, p.name);
  }

  private forget(uid: string): void {
    const p = this.pods.get(uid);
    if (!p) return;
    for (const t of p.timers) t.cancel();
    for (const c of p.containers) {
      c.probe?.cancel();
      c.proc?.stop();
      c.proc = undefined;
    }
    // Deleted with --force or by its node going away: the sandbox still has to go.
    if (p.last && p.host && !p.last.spec.hostNetwork) this.cluster.network?.del(this.host, p.last, p.host);
    if (this.cluster.podHost(p.ns, p.name) === p.host) this.cluster.setPodHost(p.ns, p.name, undefined);
    this.pods.delete(uid);
  }
}
