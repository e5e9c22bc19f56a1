/**
 * flanneld's fatal starts from the fact sheet, each with flannel's own log
 * line and the pod in CrashLoopBackOff; pods on that node then fail to get
 * a sandbox because subnet.env was never written.
 */
import { describe, expect, it } from 'vitest';
import { runTranscript, outputOf, handBuilt, manifestWith } from './helpers.js';
import { US_PER_S } from '../../sandbox/world/clock.js';

const nodes = () => [
  { name: 'cp', ip: '192.168.7.10' },
  { name: 'w1', ip: '192.168.7.11' },
];

async function flannelLog(world: ReturnType<typeof handBuilt>['world'], node: string): Promise<string> {
  const pod = world.cluster!.pods('kube-flannel').find((p) => p.spec.nodeName === node)!;
  const { text } = await runTranscript(
    world,
    node,
    `kubectl -n kube-flannel logs ${pod.metadata.name} -c kube-flannel`,
  );
  return text;
}

describe('flanneld refuses to start', () => {
  it('without a podCIDR (kubeadm run without --pod-network-cidr)', async () => {
    const { world } = handBuilt(nodes(), { podNetworkCidr: '' });
    world.clock.runUntil(world.clock.now + 120 * US_PER_S);
    const log = await flannelLog(world, 'w1');
    expect(log).toMatch(
      /E0515 [\d:.]+ +1 main\.go:\d+\] Error registering network: failed to acquire lease: node "w1" pod cidr not assigned\n/,
    );
    const { text } = await runTranscript(world, 'cp', 'kubectl get po -n kube-flannel\nip -br link show flannel.1');
    expect(outputOf(text, 'kubectl get po -n kube-flannel')).toMatch(
      /kube-flannel-ds-\S+ +0\/1 +(CrashLoopBackOff|Error) +[1-9]\d* \(\d+s ago\) +\d+m/,
    );
    // The device was created before the lease failed, and stays down without an address.
    expect(outputOf(text, 'ip -br link show flannel.1')).toMatch(/^flannel\.1 +DOWN /);
  });

  it('when the podCIDR is outside Network', async () => {
    const { world } = handBuilt(nodes(), {
      manifest: manifestWith({ Network: '10.245.0.0/16', Backend: { Type: 'vxlan' } }),
    });
    const log = await flannelLog(world, 'cp');
    expect(log).toContain(
      'Error registering network: failed to acquire lease: subnet "10.245.0.0/16" specified in the flannel net config doesn\'t contain "10.244.0.0/24" PodCIDR of the "cp" node',
    );
  });

  it('without br_netfilter', async () => {
    const { world } = (() => {
      const built = handBuilt(nodes(), { settleS: 0 });
      return built;
    })();
    // Unload the module on w1 before its flanneld starts, then let things run.
    world.host('w1')!.sysctl.delete('net.bridge.bridge-nf-call-iptables');
    world.clock.runUntil(world.clock.now + 90 * US_PER_S);
    const log = await flannelLog(world, 'w1');
    expect(log).toMatch(
      /main\.go:\d+\] Failed to check br_netfilter: stat \/proc\/sys\/net\/bridge\/bridge-nf-call-iptables: no such file or directory\n/,
    );
    const ok = await flannelLog(world, 'cp');
    expect(ok).toContain('Wrote subnet file to /run/flannel/subnet.env');
  });

  it('pods on a node without subnet.env stay ContainerCreating with the CNI error', async () => {
    const { world } = handBuilt(nodes(), { podNetworkCidr: '' });
    const pod = world.cluster!.pods('default').find((p) => p.spec.nodeName)!;
    const { text } = await runTranscript(
      world,
      'cp',
      `kubectl get po ${pod.metadata.name}\nkubectl describe po ${pod.metadata.name}`,
    );
    expect(outputOf(text, `kubectl get po ${pod.metadata.name}`)).toMatch(/0\/1 +ContainerCreating/);
    expect(text).toContain(
      `plugin type="flannel" failed (add): failed to load flannel 'subnet.env' file: open /run/flannel/subnet.env: no such file or directory. Check the flannel pod log for this node.`,
    );
  });
});

describe('iptables rules have their effect', () => {
  it('pod traffic to the outside is masqueraded on eth0; a FORWARD DROP policy needs FLANNEL-FWD', async () => {
    const { loadScenario } = await import('../../sandbox/scenarios/index.js');
    const w = loadScenario('article');
    const script = [
      'tcpdump -ni eth0 -c 2 icmp &',
      'k exec ubuntu-664c5f866b-865jb -- ping -c 1 10.7.0.1',
      'wait',
      'iptables -P FORWARD DROP',
      'k exec ubuntu-664c5f866b-865jb -- ping -c 1 10.244.0.4',
      'iptables -D FORWARD -m comment --comment "flanneld forward" -j FLANNEL-FWD',
      'k exec ubuntu-664c5f866b-865jb -- ping -c 1 -W 1 10.244.0.4',
    ].join('\n');
    const { text } = await runTranscript(w, '10-7-111-92', script);
    const nat = outputOf(text, 'k exec ubuntu-664c5f866b-865jb -- ping -c 1 10.7.0.1');
    expect(nat).toMatch(/IP 10\.7\.111\.92 > 10\.7\.0\.1: ICMP echo request/);
    expect(nat).toMatch(/IP 10\.7\.0\.1 > 10\.7\.111\.92: ICMP echo reply/);
    expect(nat).toContain('1 received');
    expect(outputOf(text, 'k exec ubuntu-664c5f866b-865jb -- ping -c 1 10.244.0.4')).toContain('1 received');
    expect(outputOf(text, 'k exec ubuntu-664c5f866b-865jb -- ping -c 1 -W 1 10.244.0.4')).toContain('0 received');
  });
});
