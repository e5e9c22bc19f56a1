/** kubectl's verbs that change the cluster, as the chapters use them. */
import { describe, expect, it } from 'vitest';
import { loadScenario } from '../../sandbox/scenarios/index.js';
import { runTranscript } from '../../sandbox/shell/transcript.js';

function outputOf(text: string, cmd: string): string {
  const lines = text.split('\n');
  const i = lines.findIndex((l) => l.endsWith(`# ${cmd}`));
  const out: string[] = [];
  for (let j = i + 1; j < lines.length && !/^root@[^ ]+:[^ ]*# /.test(lines[j]!); j++) out.push(lines[j]!);
  return out.join('\n').replace(/\n$/, '');
}

describe('kubectl verbs that change things', () => {
  it('edit through $KUBE_EDITOR, then rollout restart switches the backend', async () => {
    const w = loadScenario('article');
    const { text } = await runTranscript(
      w,
      '10-7-111-92',
      'KUBE_EDITOR="sed -i s/vxlan/host-gw/" kubectl edit cm kube-flannel-cfg -n kube-flannel\nKUBE_EDITOR=true kubectl edit cm kube-flannel-cfg -n kube-flannel\nkubectl rollout restart ds/kube-flannel-ds -n kube-flannel\nkubectl rollout status ds/kube-flannel-ds -n kube-flannel\nip route show 10.244.0.0/24',
    );
    expect(
      outputOf(text, 'KUBE_EDITOR="sed -i s/vxlan/host-gw/" kubectl edit cm kube-flannel-cfg -n kube-flannel'),
    ).toBe('configmap/kube-flannel-cfg edited');
    expect(outputOf(text, 'KUBE_EDITOR=true kubectl edit cm kube-flannel-cfg -n kube-flannel')).toBe(
      'Edit cancelled, no changes made.',
    );
    expect(outputOf(text, 'kubectl rollout restart ds/kube-flannel-ds -n kube-flannel')).toBe(
      'daemonset.apps/kube-flannel-ds restarted',
    );
    expect(outputOf(text, 'kubectl rollout status ds/kube-flannel-ds -n kube-flannel')).toMatch(
      /daemon set "kube-flannel-ds" successfully rolled out$/,
    );
    expect(outputOf(text, 'ip route show 10.244.0.0/24')).toBe('10.244.0.0/24 via 10.7.160.190 dev eth0 ');
  });

  it('a deleted pod comes back from its ReplicaSet with a new IP; host-local released the old one', async () => {
    const w = loadScenario('article');
    const { text } = await runTranscript(
      w,
      '10-7-111-92',
      'kubectl delete po ubuntu-664c5f866b-865jb\nkubectl get po -o wide -l app=ubuntu --field-selector=spec.nodeName=10-7-111-92\nls -1 /var/lib/cni/networks/cbr0\nip -br link show master cni0',
    );
    expect(outputOf(text, 'kubectl delete po ubuntu-664c5f866b-865jb')).toBe('pod "ubuntu-664c5f866b-865jb" deleted');
    const table = outputOf(text, 'kubectl get po -o wide -l app=ubuntu --field-selector=spec.nodeName=10-7-111-92');
    expect(table).not.toContain('865jb');
    expect(table).not.toContain('2z472');
    expect(table).toMatch(/ubuntu-664c5f866b-\w{5} +1\/1 +Running +0 +\d+s +10\.244\.1\.4 +10-7-111-92/);
    expect(outputOf(text, 'ls -1 /var/lib/cni/networks/cbr0')).toBe('10.244.1.3\n10.244.1.4\nlast_reserved_ip.0');
    expect(outputOf(text, 'ip -br link show master cni0')).not.toContain('veth4891a1c9');
  });

  it('create deployment, scale, get deploy and rs', async () => {
    const w = loadScenario('article');
    const { text } = await runTranscript(
      w,
      '10-7-111-92',
      'kubectl create deployment web --image=nginx:1.25 --replicas=2\nsleep 20\nkubectl scale deploy/web --replicas=3\nsleep 20\nkubectl get deploy web\nkubectl rollout status deploy/web',
    );
    expect(outputOf(text, 'kubectl create deployment web --image=nginx:1.25 --replicas=2')).toBe(
      'deployment.apps/web created',
    );
    expect(outputOf(text, 'kubectl scale deploy/web --replicas=3')).toBe('deployment.apps/web scaled');
    expect(outputOf(text, 'kubectl get deploy web')).toMatch(
      /^NAME +READY +UP-TO-DATE +AVAILABLE +AGE\nweb +3\/3 +3 +3 +4\ds$/,
    );
    expect(outputOf(text, 'kubectl rollout status deploy/web')).toBe('deployment "web" successfully rolled out');
  });

  it('a plain ubuntu pod without a command completes and crash-loops', async () => {
    const w = loadScenario('article');
    const { text } = await runTranscript(
      w,
      '10-7-111-92',
      'kubectl create deployment bare --image=ubuntu\nsleep 60\nkubectl get po -l app=bare',
    );
    expect(outputOf(text, 'kubectl get po -l app=bare')).toMatch(
      /bare-\w+-\w{5} +0\/1 +(CrashLoopBackOff|Completed) +[1-9] \(\d+s ago\) +6\ds/,
    );
  });

  it('patch a node podCIDR only from empty', async () => {
    const w = loadScenario('article');
    const { text } = await runTranscript(
      w,
      '10-7-111-92',
      `kubectl patch node 10-7-111-92 -p '{"spec":{"podCIDR":"10.244.9.0/24"}}'`,
    );
    expect(text).toContain(
      'The Node "10-7-111-92" is invalid: spec.podCIDRs: Forbidden: node updates may not change podCIDR except from "" to valid',
    );
  });

  it('delete -f removes every object; the namespace terminates; flannel leaves its devices behind', async () => {
    const w = loadScenario('article');
    const url = 'https://github.com/flannel-io/flannel/releases/latest/download/kube-flannel.yml';
    const { text } = await runTranscript(
      w,
      '10-7-111-92',
      `kubectl delete -f ${url}\nkubectl get ns kube-flannel\nip -br link show flannel.1`,
    );
    expect(outputOf(text, `kubectl delete -f ${url}`)).toBe(
      [
        'namespace "kube-flannel" deleted',
        'clusterrole.rbac.authorization.k8s.io "flannel" deleted',
        'clusterrolebinding.rbac.authorization.k8s.io "flannel" deleted',
        'serviceaccount "flannel" deleted',
        'configmap "kube-flannel-cfg" deleted',
        'daemonset.apps "kube-flannel-ds" deleted',
      ].join('\n'),
    );
    expect(outputOf(text, 'kubectl get ns kube-flannel')).toBe(
      'Error from server (NotFound): namespaces "kube-flannel" not found',
    );
    expect(outputOf(text, 'ip -br link show flannel.1')).toMatch(/^flannel\.1 +UNKNOWN/);
  });
});
