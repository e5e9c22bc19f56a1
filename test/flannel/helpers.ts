/** Worlds for the flannel tests: the article's, l3, and clusters built by hand. */
import { World } from '../../sandbox/world/world.js';
import { ARTICLE_EPOCH_US, US_PER_S } from '../../sandbox/world/clock.js';
import { addNode, addRouter } from '../../sandbox/scenarios/network.js';
import { parseIpv4 } from '../../sandbox/net/addr.js';
import { applyManifest, buildCluster, CLUSTER_AGE_US } from '../../sandbox/scenarios/cluster.js';
import { KUBE_FLANNEL_YML } from '../../sandbox/k8s/manifests/kube-flannel.js';
import type { Cluster } from '../../sandbox/k8s/cluster.js';

export { runTranscript } from '../../sandbox/shell/transcript.js';

/** The lines a command printed in a transcript (between its prompt line and the next prompt). */
export function outputOf(text: string, cmd: string, nth = 0): string {
  const lines = text.split('\n');
  let i = -1;
  for (let k = 0; k <= nth; k++) {
    i = lines.findIndex((l, j) => j > i && l.endsWith(`# ${cmd}`));
    if (i < 0) throw new Error(`no prompt for ${cmd}`);
  }
  const out: string[] = [];
  for (let j = i + 1; j < lines.length && !/^root@[^ ]+:[^ ]*# /.test(lines[j]!); j++) out.push(lines[j]!);
  return out.join('\n').replace(/\n$/, '');
}

/** kube-flannel.yml with another net-conf.json. */
export function manifestWith(netConf: object): string {
  const json = JSON.stringify(netConf, null, 2)
    .split('\n')
    .map((l) => `    ${l}`)
    .join('\n');
  return KUBE_FLANNEL_YML.replace(/  net-conf\.json: \|\n(    .*\n)+/, `  net-conf.json: |\n${json}\n`);
}

export interface HandNode {
  name: string;
  ip: string;
  segment?: string;
  gateway?: string;
}

/** A cluster on nodes plugged by hand into one or more segments, flannel applied with `manifest`. */
export function handBuilt(
  nodes: HandNode[],
  opts: {
    podNetworkCidr?: string;
    manifest?: string;
    settleS?: number;
    routers?: { name: string; nics: { ip: string; segment: string; mac: string }[] }[];
  } = {},
): { world: World; cluster: Cluster } {
  const world = new World({ seed: 3, start: ARTICLE_EPOCH_US });
  // Each LAN gets a gateway at .254 of its first node's /16 (flanneld picks the default route's interface).
  if (!opts.routers) {
    const first = parseIpv4(nodes[0]!.ip)!;
    const gw = ((first & 0xffff0000) | 0xfe) >>> 0;
    addRouter(world, 'gw', [
      { name: 'eth0', ip: gw, prefixLen: 16, mac: '52:54:00:fe:00:01', mtu: 1500, segment: 'lan' },
    ]);
    for (const n of nodes) n.gateway ??= [gw >>> 24, (gw >>> 16) & 255, (gw >>> 8) & 255, gw & 255].join('.');
  }
  for (const r of opts.routers ?? []) {
    addRouter(
      world,
      r.name,
      r.nics.map((n, i) => ({
        name: `eth${i}`,
        ip: parseIpv4(n.ip)!,
        prefixLen: 16,
        mac: n.mac,
        mtu: 1500,
        segment: n.segment,
      })),
    );
  }
  nodes.forEach((n, i) => {
    const b = parseIpv4(n.ip)!;
    addNode(world, {
      name: n.name,
      eth0: {
        ip: b,
        prefixLen: 16,
        mac: `52:54:00:${((b >>> 16) & 255).toString(16).padStart(2, '0')}:${((b >>> 8) & 255).toString(16).padStart(2, '0')}:${(b & 255).toString(16).padStart(2, '0')}`,
        mtu: 1500,
        segment: n.segment ?? 'lan',
      },
      ...(n.gateway ? { gateway: parseIpv4(n.gateway)! } : {}),
    });
    void i;
  });
  const cluster = buildCluster(world, {
    bornAt: ARTICLE_EPOCH_US - CLUSTER_AGE_US,
    nodes: nodes.map((n) => n.name),
    podNetworkCidr: opts.podNetworkCidr ?? '10.244.0.0/16',
    ubuntu: true,
  });
  applyManifest(cluster, opts.manifest ?? KUBE_FLANNEL_YML);
  world.clock.runUntil(world.clock.now + (opts.settleS ?? 90) * US_PER_S);
  return { world, cluster };
}
