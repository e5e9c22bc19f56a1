/**
 * flanneld with --kube-subnet-mgr, as a container program: the startup of
 * main.go step by step with its log lines (flannel-facts.md §10), the
 * failures it exits on (no podCIDR, podCIDR outside Network, br_netfilter
 * missing, bad net-conf.json, unknown backend), the lease written to the
 * node's annotations and /run/flannel/subnet.env, the iptables rules with
 * their 5 s resync, and the node informer feeding lease events to the backend.
 */
import type { ContainerEnv, ContainerProcess, ContainerProgram } from '../k8s/runtime.js';
import type { TimerHandle } from '../world/clock.js';
import { RT } from '../k8s/cluster.js';
import type { NodeObject } from '../k8s/objects.js';
import { formatIpv4 } from '../net/addr.js';
import type { NetDevice } from '../kernel/netdevice.js';
import { klogHeader, type Severity } from './klog.js';
import { formatCidr, netContains, parseCidr, parseNetConfig, type Ip4Net, type NetConfig } from './netconf.js';
import { ANNOTATION_PREFIX, leaseOf, vxlanData, type Lease } from './lease.js';
import type { BackendFactory, BackendNetwork, DaemonContext } from './backend/backend.js';
import { vxlanBackend } from './backend/vxlan.js';
import { hostgwBackend, hostgwPrecheck } from './backend/hostgw.js';
import { applyRules, deleteRules, forwardRules, masqRules, rulesPresent, type RuleSpec } from './iptables.js';

const BACKENDS: Record<string, BackendFactory> = { vxlan: vxlanBackend, 'host-gw': hostgwBackend };

export const SUBNET_FILE = '/run/flannel/subnet.env';

interface Flags {
  ipMasq: boolean;
  kubeSubnetMgr: boolean;
  healthzPort: number;
  iface: string[];
  publicIp: string;
  iptablesResync: number;
  iptablesForwardRules: boolean;
  randomFullyDisable: boolean;
  netConfPath: string;
}

function parseFlags(argv: readonly string[]): Flags | { error: string } {
  const f: Flags = {
    ipMasq: false,
    kubeSubnetMgr: false,
    healthzPort: 0,
    iface: [],
    publicIp: '',
    iptablesResync: 5,
    iptablesForwardRules: true,
    randomFullyDisable: false,
    netConfPath: '/etc/kube-flannel/net-conf.json',
  };
  for (const a of argv.slice(1)) {
    const m = /^--?([\w-]+)(?:=(.*))?$/.exec(a);
    if (!m) continue;
    const [, k, v] = m;
    const b = v === undefined || v === 'true';
    switch (k) {
      case 'ip-masq':
        f.ipMasq = b;
        break;
      case 'kube-subnet-mgr':
        f.kubeSubnetMgr = b;
        break;
      case 'healthz-port':
        f.healthzPort = Number(v ?? 0);
        break;
      case 'iface':
        if (v) f.iface.push(v);
        break;
      case 'public-ip':
        f.publicIp = v ?? '';
        break;
      case 'iptables-resync':
        f.iptablesResync = Number(v ?? 5) || 5;
        break;
      case 'iptables-forward-rules':
        f.iptablesForwardRules = b;
        break;
      case 'ip-masq-fully-random-disable':
        f.randomFullyDisable = b;
        break;
      case 'net-config-path':
        f.netConfPath = v ?? f.netConfPath;
        break;
      case 'v':
      case 'kubeconfig-file':
      case 'kube-api-url':
      case 'kube-annotation-prefix':
      case 'subnet-file':
      case 'healthz-ip':
      case 'ip-blackhole-route':
      case 'set-node-network-unavailable':
        break;
      default:
        return { error: `flag provided but not defined: -${k}` };
    }
  }
  return f;
}

export const flanneld: ContainerProgram = (env: ContainerEnv): ContainerProcess => {
  const clock = env.world.clock;
  const timers = new Set<TimerHandle>();
  let alive = true;
  let ready = false;
  const after = (us: number, fn: () => void): void => {
    const t = clock.after(us, () => {
      timers.delete(t);
      if (alive) fn();
    });
    timers.add(t);
  };
  // Successive lines of one goroutine are microseconds apart, never on the same tick.
  let lastTs = 0;
  const log = (sev: Severity, file: string, msg: string): void => {
    lastTs = Math.max(clock.now, lastTs + 37 + ((lastTs * 7) % 113));
    env.log(klogHeader(sev, lastTs, file) + msg);
  };
  const die = (file: string, msg: string): void => {
    log('E', file, msg);
    alive = false;
    for (const t of timers) t.cancel();
    env.exit(1, 'Error');
  };
  let unwatch: (() => void) | undefined;
  const proc: ContainerProcess = {
    stop() {
      alive = false;
      for (const t of timers) t.cancel();
      unwatch?.();
      return true;
    },
    ready: () => ready,
  };

  // Steps run a few hundred µs apart, as the real process logs them.
  const steps: [number, () => boolean | void][] = [];
  const step = (us: number, fn: () => boolean | void): void => void steps.push([us, fn]);
  const runSteps = (i: number): void => {
    if (i >= steps.length || !alive) return;
    const [us, fn] = steps[i]!;
    after(us, () => {
      if (fn() === false) return;
      runSteps(i + 1);
    });
  };

  const parsed = parseFlags(env.argv);
  if ('error' in parsed) {
    clock.after(1000, () => {
      env.log(parsed.error);
      env.log('Usage: /opt/bin/flanneld [OPTION]...');
      env.exit(2, 'Error');
    });
    return proc;
  }
  const flags = parsed;
  const cluster = env.cluster;
  const node = env.node;
  const ns = node.ns;
  let nodeName = '';
  let config!: NetConfig;
  let ext!: NetDevice;
  let extIp = 0;
  let backend!: BackendNetwork;
  let lease!: Ip4Net;
  let rules: RuleSpec[] = [];
  const known = new Map<string, Lease>();
  const seen = new Map<string, string>();
  const queue = new Map<string, NodeObject>();

  step(1200, () => {
    log(
      'I',
      'main.go:211',
      `CLI flags config: {etcdEndpoints:http://127.0.0.1:4001,http://127.0.0.1:2379 etcdPrefix:/coreos.com/network etcdKeyfile: etcdCertfile: etcdCAFile: etcdUsername: etcdPassword: version:false kubeSubnetMgr:${flags.kubeSubnetMgr} kubeApiUrl: kubeAnnotationPrefix:${ANNOTATION_PREFIX} kubeConfigFile: iface:[${flags.iface.join(' ')}] ifaceRegex:[] ipMasq:${flags.ipMasq} ipMasqRandomFullyDisable:${flags.randomFullyDisable} ifaceCanReach: subnetFile:${SUBNET_FILE} publicIP:${flags.publicIp} publicIPv6: subnetLeaseRenewMargin:60 healthzIP:0.0.0.0 healthzPort:${flags.healthzPort} iptablesResyncSeconds:${flags.iptablesResync} iptablesForwardRules:${flags.iptablesForwardRules} netConfPath:${flags.netConfPath} setNodeNetworkUnavailable:true}`,
    );
  });
  step(900, () => {
    log(
      'W',
      'client_config.go:618',
      'Neither --kubeconfig nor --master was specified.  Using the inClusterConfig.  This might not work.',
    );
    const podName = env.env.get('POD_NAME');
    const podNs = env.env.get('POD_NAMESPACE');
    if (!podName || !podNs)
      return die('main.go:224', 'Failed to create SubnetManager: env variables POD_NAME and POD_NAMESPACE must be set');
    const pod = cluster.pod(podNs, podName);
    if (!pod?.spec.nodeName) {
      return die(
        'main.go:224',
        `Failed to create SubnetManager: error retrieving pod spec for '${podNs}/${podName}': pods "${podName}" not found`,
      );
    }
    nodeName = pod.spec.nodeName;
    const text = env.readFile(flags.netConfPath);
    if (text === undefined) {
      return die(
        'main.go:224',
        `Failed to create SubnetManager: failed to read net conf: open ${flags.netConfPath}: no such file or directory`,
      );
    }
    const c = parseNetConfig(text);
    if (!c.ok) return die('main.go:224', `Failed to create SubnetManager: ${c.error}`);
    config = c.value;
    log('I', 'kube.go:139', 'Waiting 10m0s for node controller to sync');
    log('I', 'kube.go:469', 'Starting kube subnet manager');
  });
  step(100_000, () => {
    for (const n of cluster.nodes()) {
      if (n.spec.podCIDRs?.length) {
        log(
          'I',
          'kube.go:490',
          `Creating the node lease for IPv4. This is the n.Spec.PodCIDRs: [${n.spec.podCIDRs.join(' ')}]`,
        );
      }
    }
  });
  step(900_000, () => {
    log('I', 'kube.go:146', 'Node controller sync successful');
    log('I', 'main.go:231', `Created subnet manager: Kubernetes Subnet Manager - ${nodeName}`);
    log('I', 'main.go:234', 'Installing signal handlers');
    if (flags.healthzPort > 0) log('I', 'main.go:452', `Start healthz server on 0.0.0.0:${flags.healthzPort}`);
    log('I', 'main.go:244', `Found network config - Backend type: ${config.backendType}`);
    if (!config.enableNFTables && node.sysctl.get('net.bridge.bridge-nf-call-iptables') === undefined) {
      return die(
        'main.go:253',
        'Failed to check br_netfilter: stat /proc/sys/net/bridge/bridge-nf-call-iptables: no such file or directory',
      );
    }
    const self = cluster.node(nodeName);
    const ann = self?.metadata.annotations ?? {};
    const shown = Object.keys(ann)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${JSON.stringify(ann[k])}`)
      .join(', ');
    log('I', 'kube.go:510', `List of node(${nodeName}) annotations: map[string]string{${shown}}`);
    // Pick the interface: --iface, else the default route's.
    if (flags.iface.length) {
      ext = ns.dev(flags.iface[0]!)!;
      if (!ext)
        return die(
          'main.go:268',
          `Failed to find any valid interface to use: failed to find interface ${flags.iface[0]}`,
        );
    } else {
      log('I', 'match.go:211', 'Determining IP address of default interface');
      const def = ns.routes(254).find((r) => r.dst === 0 && r.prefixLen === 0 && r.dev);
      if (!def?.dev)
        return die(
          'main.go:268',
          'Failed to find any valid interface to use: failed to get default interface: unable to find default route',
        );
      ext = def.dev;
    }
    const addr = ext.addresses[0];
    if (!addr)
      return die(
        'main.go:268',
        `Failed to find any valid interface to use: failed to find IPv4 address for interface ${ext.name}`,
      );
    extIp = addr.address;
    log('I', 'match.go:264', `Using interface with name ${ext.name} and address ${formatIpv4(extIp)}`);
    log('I', 'match.go:286', `Defaulting external address to interface address (${formatIpv4(extIp)})`);
  });
  step(2000, () => {
    const factory = BACKENDS[config.backendType];
    if (!factory) return die('main.go:297', `Error fetching backend: unknown backend type: ${config.backendType}`);
    const self = cluster.node(nodeName)!;
    const stored = (self.metadata.annotations ?? {})[`${ANNOTATION_PREFIX}/backend-data`];
    let storedMac: string | undefined;
    if (stored && (self.metadata.annotations ?? {})[`${ANNOTATION_PREFIX}/backend-type`] === 'vxlan') {
      storedMac = vxlanData({
        node: '',
        subnet: { ip: 0, len: 0 },
        publicIp: 0,
        backendType: 'vxlan',
        backendData: stored,
      })?.VtepMAC;
    }
    if (config.backendType === 'host-gw') {
      const e = hostgwPrecheck(extIp, extIp);
      if (e) return die('main.go:310', `Error registering network: ${e}`);
    }
    const ctx: DaemonContext = {
      ns,
      nodeName,
      config,
      extIface: ext,
      extIp,
      storedMac,
      log,
      after,
      mac: (dev) => cluster.entropy.mac(`${nodeName}/${dev}`),
    };
    const bn = factory(ctx);
    if ('error' in bn) return die('main.go:310', `Error registering network: ${bn.error}`);
    backend = bn;
    // AcquireLease: the lease is the podCIDR, which must lie inside Network.
    const podCIDR = self.spec.podCIDR;
    if (!podCIDR)
      return die(
        'main.go:310',
        `Error registering network: failed to acquire lease: node "${nodeName}" pod cidr not assigned`,
      );
    const cidr = parseCidr(podCIDR);
    if (!cidr || !netContains(config.network, cidr)) {
      return die(
        'main.go:310',
        `Error registering network: failed to acquire lease: subnet "${formatCidr(config.network)}" specified in the flannel net config doesn't contain "${podCIDR}" PodCIDR of the "${nodeName}" node`,
      );
    }
    lease = cidr;
    const live = cluster.node(nodeName)!;
    live.metadata.annotations = {
      ...(live.metadata.annotations ?? {}),
      [`${ANNOTATION_PREFIX}/backend-data`]: backend.backendData,
      [`${ANNOTATION_PREFIX}/backend-type`]: backend.type,
      [`${ANNOTATION_PREFIX}/kube-subnet-manager`]: 'true',
      [`${ANNOTATION_PREFIX}/public-ip`]: formatIpv4(extIp),
    };
    cluster.store.update(live);
    const err = backend.configure(lease);
    if (err) return die('main.go:310', `Error registering network: ${err}`);
    // CompleteLease: the node's NetworkUnavailable condition.
    const n2 = cluster.node(nodeName)!;
    const t = new Date(Math.floor(clock.now / 1e6) * 1000).toISOString().replace('.000Z', 'Z');
    const cond = {
      type: 'NetworkUnavailable',
      status: 'False' as const,
      lastHeartbeatTime: t,
      lastTransitionTime: t,
      reason: 'FlannelIsUp',
      message: 'Flannel is running on this node',
    };
    const i = n2.status.conditions.findIndex((c) => c.type === 'NetworkUnavailable');
    if (i >= 0) {
      const prev = n2.status.conditions[i]!;
      n2.status.conditions[i] = { ...cond, lastTransitionTime: prev.status === 'False' ? prev.lastTransitionTime! : t };
    } else n2.status.conditions.unshift(cond);
    cluster.store.update(n2);
  });
  step(3000, () => {
    log('I', 'main.go:358', 'Cleaning-up unused traffic manager rules');
    log('I', 'nftables.go:278', 'Cleaning-up nftables rules...');
    log('I', 'iptables.go:51', 'Starting flannel in iptables mode...');
    const prev = readSubnetEnv(env);
    if (flags.ipMasq) {
      if (prev && (prev.network !== formatCidr(config.network) || prev.subnet !== formatCidr(lease))) {
        log(
          'I',
          'main.go:374',
          `Current network or subnet (${formatCidr(config.network)}, ${formatCidr(lease)}) is not equal to previous one (${prev.network}, ${prev.subnet}), trying to recycle old iptables rules`,
        );
        const pn = parseCidr(prev.network);
        const ps = parseCidr(prev.subnet);
        if (pn && ps) deleteRules(ns, masqRules(pn, ps, !flags.randomFullyDisable));
      }
      log('I', 'iptables.go:125', 'Setting up masking rules');
      const m = masqRules(config.network, lease, !flags.randomFullyDisable);
      applyRules(ns, m);
      rules = rules.concat(m);
      log('I', 'iptables.go:222', 'bootstrap done');
    }
    if (flags.iptablesForwardRules) {
      log('I', 'iptables.go:147', 'Changing default FORWARD chain policy to ACCEPT');
      const f = forwardRules(config.network);
      applyRules(ns, f);
      rules = rules.concat(f);
      log('I', 'iptables.go:222', 'bootstrap done');
    }
    const first = (lease.ip + 1) >>> 0;
    const text =
      `FLANNEL_NETWORK=${formatCidr(config.network)}\n` +
      `FLANNEL_SUBNET=${formatIpv4(first)}/${lease.len}\n` +
      `FLANNEL_MTU=${backend.mtu}\n` +
      `FLANNEL_IPMASQ=${flags.ipMasq}\n`;
    if (!env.writeFile(SUBNET_FILE, text, 0o644)) {
      return die('main.go:385', `Failed to write subnet file: open ${SUBNET_FILE}: no such file or directory`);
    }
    log('I', 'main.go:381', `Wrote subnet file to ${SUBNET_FILE}`);
    ready = true;
    log('I', 'main.go:385', 'flannel is ready');
    log('I', 'main.go:391', 'Running backend.');
    backend.run();
    // The node informer: initial list, then updates (ignored unless backend attributes changed).
    const consider = (n: NodeObject): void => {
      if (n.metadata.name === nodeName) return;
      const l = leaseOf(n);
      const old = known.get(n.metadata.name);
      if (!l) {
        if (old) {
          known.delete(n.metadata.name);
          backend.removed(old);
        }
        return;
      }
      if (old && old.backendData === l.backendData && old.backendType === l.backendType && old.publicIp === l.publicIp)
        return;
      known.set(n.metadata.name, l);
      backend.added(l);
    };
    for (const n of cluster.nodes()) consider(n);
    unwatch = cluster.store.watch(
      (type, o, rt) => {
        if (rt !== RT.nodes || !alive) return;
        if (type === 'DELETED') {
          const old = known.get(o.metadata.name);
          if (old) {
            known.delete(o.metadata.name);
            backend.removed(old);
          }
          return;
        }
        const n = o as NodeObject;
        // The informer ignores updates that leave the lease attributes as they were.
        const a = n.metadata.annotations ?? {};
        const sig = `${a[`${ANNOTATION_PREFIX}/kube-subnet-manager`]}|${a[`${ANNOTATION_PREFIX}/backend-type`]}|${a[`${ANNOTATION_PREFIX}/backend-data`]}|${a[`${ANNOTATION_PREFIX}/public-ip`]}|${n.spec.podCIDR}`;
        if (seen.get(n.metadata.name) === sig) return;
        seen.set(n.metadata.name, sig);
        // The informer's queue: events arriving together are handled in one batch a moment later.
        queue.set(n.metadata.name, n);
        if (queue.size === 1) {
          after(2000, () => {
            const batch = [...queue.values()];
            queue.clear();
            for (const x of batch) consider(x);
          });
        }
      },
      [RT.nodes],
    );
    log('I', 'main.go:412', 'Waiting for all goroutines to exit');
    const resync = (): void => {
      if (rules.length && !rulesPresent(ns, rules)) applyRules(ns, rules);
      after(flags.iptablesResync * 1_000_000, resync);
    };
    after(flags.iptablesResync * 1_000_000, resync);
  });
  runSteps(0);
  return proc;
};

function readSubnetEnv(env: ContainerEnv): { network: string; subnet: string } | undefined {
  const t = env.readFile(SUBNET_FILE);
  if (!t) return undefined;
  const get = (k: string): string | undefined => new RegExp(`^${k}=(.*)$`, 'm').exec(t)?.[1];
  const network = get('FLANNEL_NETWORK');
  const sub = get('FLANNEL_SUBNET');
  if (!network || !sub) return undefined;
  const c = parseCidr(sub);
  return { network, subnet: c ? formatCidr(c) : sub };
}

/** install-conf SRC DST: the atomic copy of the CNI config (cmd/install_conf). */
export const installConf: ContainerProgram = (env) => {
  env.world.clock.after(40_000, () => {
    const [src, dst] = env.argv.slice(1);
    const text = src ? env.readFile(src) : undefined;
    if (text === undefined) {
      env.log(`failed to read ${src ?? ''}: open ${src ?? ''}: no such file or directory`);
      env.exit(1, 'Error');
      return;
    }
    if (!dst || !env.writeFile(dst, text, 0o644)) {
      env.log(`failed to write ${dst ?? ''}`);
      env.exit(1, 'Error');
      return;
    }
    env.exit(0, 'Completed');
  });
  return { stop: () => true };
};
