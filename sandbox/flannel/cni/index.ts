/**
 * The container runtime's CNI path for this cluster: the first config in
 * /etc/cni/net.d (10-flannel.conflist), its `flannel` plugin reading
 * /run/flannel/subnet.env and delegating to `bridge` (cni0 with the .1
 * gateway, veth<8 hex> pairs, hairpin, pod routes) with `host-local` IPAM;
 * `portmap` has nothing to do without port mappings. DEL releases the
 * address and removes the veth and the pod's namespace.
 */
import type { Host } from '../../world/host.js';
import type { World } from '../../world/world.js';
import type { Cluster } from '../../k8s/cluster.js';
import type { PodNetwork } from '../../k8s/kubelet.js';
import type { PodObject } from '../../k8s/objects.js';
import { createHost } from '../../world/hosts.js';
import { formatIpv4, parseIpv4 } from '../../net/addr.js';
import { strerror } from '../../kernel/errno.js';
import type { NetDevice } from '../../kernel/netdevice.js';
import { attachPod, createBridge, macFromIp } from '../../scenarios/network.js';
import { parseCidr } from '../netconf.js';
import { allocate, release } from './hostlocal.js';
import { SUBNET_FILE } from '../flanneld.js';

const NET_D = '/etc/cni/net.d';
const BIN = '/opt/cni/bin';

interface Sandbox {
  containerId: string;
  network: string;
  veth: string;
}

function loadConfig(node: Host): { name: string; plugins: Record<string, unknown>[] } | undefined {
  let files: string[] = [];
  try {
    files = node.fs.list(NET_D).filter((f) => /\.(conflist|conf|json)$/.test(f));
  } catch {
    return undefined;
  }
  for (const f of files) {
    try {
      const j = JSON.parse(node.fs.readText(`${NET_D}/${f}`)) as Record<string, unknown>;
      if (Array.isArray(j['plugins']))
        return { name: String(j['name'] ?? ''), plugins: j['plugins'] as Record<string, unknown>[] };
      if (typeof j['type'] === 'string') return { name: String(j['name'] ?? ''), plugins: [j] };
    } catch {
      continue;
    }
  }
  return undefined;
}

function readEnv(node: Host): Record<string, string> | undefined {
  try {
    const out: Record<string, string> = {};
    for (const line of node.fs.readText(SUBNET_FILE).split('\n')) {
      const i = line.indexOf('=');
      if (i > 0) out[line.slice(0, i)] = line.slice(i + 1);
    }
    return out;
  } catch {
    return undefined;
  }
}

export class FlannelCni implements PodNetwork {
  private readonly sandboxes = new Map<string, Sandbox>();

  constructor(
    private readonly world: World,
    private readonly cluster: Cluster,
  ) {}

  ready(node: Host): boolean {
    return loadConfig(node) !== undefined;
  }

  add(node: Host, pod: PodObject): { ok: true; ip: string; host: Host } | { ok: false; error: string } {
    const conf = loadConfig(node);
    if (!conf) return { ok: false, error: 'cni plugin not initialized' };
    const containerId = this.cluster.rng.hex(64);
    for (const p of conf.plugins) {
      const type = String(p['type'] ?? '');
      if (!node.fs.exists(`${BIN}/${type}`)) {
        return {
          ok: false,
          error: `plugin type="${type}" failed (add): failed to find plugin "${type}" in path [${BIN}]`,
        };
      }
    }
    const fl = conf.plugins.find((p) => p['type'] === 'flannel');
    if (!fl)
      return {
        ok: false,
        error: `plugin type="${String(conf.plugins[0]?.['type'])}" failed (add): unsupported plugin in this emulator`,
      };
    const env = readEnv(node);
    if (!env) {
      return {
        ok: false,
        error: `plugin type="flannel" failed (add): failed to load flannel 'subnet.env' file: open ${SUBNET_FILE}: no such file or directory. Check the flannel pod log for this node.`,
      };
    }
    const network = parseCidr(env['FLANNEL_NETWORK'] ?? '');
    const sub = /^(\d+\.\d+\.\d+\.\d+)\/(\d+)$/.exec(env['FLANNEL_SUBNET'] ?? '');
    const mtu = Number(env['FLANNEL_MTU'] ?? 1500);
    if (!network || !sub)
      return { ok: false, error: `plugin type="flannel" failed (add): failed to read ${SUBNET_FILE}` };
    const gw = parseIpv4(sub[1]!)!;
    const len = Number(sub[2]);
    const delegate = (fl['delegate'] ?? {}) as Record<string, unknown>;
    const name = conf.name || 'cbr0';
    const brName = typeof delegate['bridge'] === 'string' ? (delegate['bridge'] as string) : 'cni0';
    // What the flannel plugin hands the bridge plugin, kept for DEL.
    const delegateConf = {
      cniVersion: '0.3.1',
      hairpinMode: delegate['hairpinMode'] ?? false,
      ipMasq: env['FLANNEL_IPMASQ'] !== 'true',
      ipam: {
        ranges: [[{ subnet: env['FLANNEL_SUBNET'] }]],
        routes: [{ dst: env['FLANNEL_NETWORK'] }],
        type: 'host-local',
      },
      isDefaultGateway: delegate['isDefaultGateway'] ?? false,
      isGateway: true,
      mtu,
      name,
      type: 'bridge',
    };
    node.fs.put(`/var/lib/cni/flannel/${containerId}`, JSON.stringify(delegateConf));
    // bridge: cni0 with the gateway address.
    const nns = node.ns;
    let br: NetDevice | undefined = nns.dev(brName);
    if (!br) {
      const r = createBridge(nns, {
        name: brName,
        mac: this.cluster.entropy.mac(`${node.name}/${brName}`),
        mtu,
        address: gw,
        prefixLen: len,
      });
      if (!r.ok)
        return {
          ok: false,
          error: `plugin type="bridge" failed (add): failed to create bridge "${brName}": ${strerror(r.errno).toLowerCase()}`,
        };
      br = r.value;
    } else {
      const a = br.addresses.find((x) => x.address === gw && x.prefixLen === len);
      if (!a) {
        if (br.addresses.length) {
          return {
            ok: false,
            error: `plugin type="flannel" failed (add): failed to delegate add: failed to set bridge addr: "${brName}" already has an IP address different from ${formatIpv4(gw)}/${len}`,
          };
        }
        nns.addrAdd(br, { address: gw, prefixLen: len });
      }
      if (!br.adminUp) nns.setUp(br, true);
    }
    // host-local
    const ip = allocate(node.fs, name, { ip: gw, len }, gw, containerId, 'eth0');
    if (!ip.ok) return { ok: false, error: `plugin type="flannel" failed (add): failed to delegate add: ${ip.error}` };
    const ns = pod.metadata.namespace ?? 'default';
    const podName = pod.metadata.name;
    let veth = this.cluster.entropy.vethName(`${ns}/${podName}`);
    if (nns.dev(veth)) veth = `veth${this.cluster.rng.hex(8)}`;
    const stale = this.world.host(podName);
    if (stale) this.world.removeHost(podName);
    const host = createHost(this.world, { name: podName, kind: 'pod', node: node.name, namespace: ns });
    host.fs.mkdirp('/root');
    const r = attachPod({
      pod: host,
      node,
      bridge: br,
      hostVethName: veth,
      hostVethMac: this.cluster.entropy.mac(`${node.name}/${veth}`),
      podMac: macFromIp(ip.ip),
      ip: ip.ip,
      prefixLen: len,
      mtu,
      gateway: gw,
      routes: [{ dst: network.ip, prefixLen: network.len }],
      hairpin: delegate['hairpinMode'] === true,
    });
    if (!r.ok) {
      release(node.fs, name, containerId);
      this.world.removeHost(podName);
      return {
        ok: false,
        error: `plugin type="flannel" failed (add): failed to delegate add: ${strerror(r.errno).toLowerCase()}`,
      };
    }
    this.sandboxes.set(pod.metadata.uid, { containerId, network: name, veth });
    return { ok: true, ip: formatIpv4(ip.ip), host };
  }

  del(node: Host, pod: PodObject, host: Host): void {
    const sb = this.sandboxes.get(pod.metadata.uid);
    if (!sb) return;
    this.sandboxes.delete(pod.metadata.uid);
    release(node.fs, sb.network, sb.containerId);
    try {
      node.fs.remove(`/var/lib/cni/flannel/${sb.containerId}`);
    } catch {
      // already gone
    }
    const v = node.ns.dev(sb.veth);
    if (v) node.ns.linkDel(v);
    if (this.world.host(host.name) === host) this.world.removeHost(host.name);
  }
}
