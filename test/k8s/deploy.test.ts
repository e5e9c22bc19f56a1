/**
 * The deploy chapter as a reader types it on `fresh`: NotReady nodes, the
 * apply, the DaemonSet coming up, Ready nodes, and the pods of the article
 * (names, IPs and nodes; AGE aside). Then the article's VXLAN tables on both
 * nodes, equal to the network built directly from DESIGN.md's values.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { loadScenario, buildNetwork } from '../../sandbox/scenarios/index.js';
import { runTranscript } from '../../sandbox/shell/transcript.js';
import { World } from '../../sandbox/world/world.js';

const REF = new globalThis.URL('../fixtures/reference/vxlan', import.meta.url).pathname;
const ref = (f: string): string => readFileSync(`${REF}/${f}`, 'utf8');
const URL = 'https://raw.githubusercontent.com/coreos/flannel/master/Documentation/kube-flannel.yml';

/** The lines a command printed in a transcript (between its prompt line and the next prompt). */
function outputOf(text: string, cmd: string): string {
  const lines = text.split('\n');
  const i = lines.findIndex((l) => l.endsWith(`# ${cmd}`));
  if (i < 0) throw new Error(`no prompt for ${cmd}`);
  const out: string[] = [];
  for (let j = i + 1; j < lines.length && !/^root@[^ ]+:[^ ]*# /.test(lines[j]!); j++) out.push(lines[j]!);
  return out.join('\n').replace(/\n$/, '');
}

const dropAge = (table: string): string =>
  table.replace(/ +\d+[smhd]\d*[smh]? +(?=\d+\.\d+\.\d+\.\d+|<none>)/g, ' AGE ').replace(/AGE +IP/, 'AGE IP');

describe('deploying flannel on the kubeadm cluster (scenario fresh)', () => {
  it('NotReady → apply → Ready, and the article pods', async () => {
    const w = loadScenario('fresh');
    const { text, status } = await runTranscript(
      w,
      '10-7-111-92',
      [
        'kubectl get no',
        `kubectl apply -f ${URL}`,
        'kubectl get po -n kube-flannel',
        'sleep 60',
        'kubectl get no',
        'kubectl get po -o wide',
      ].join('\n'),
    );
    expect(status).toBe(0);
    expect(outputOf(text, 'kubectl get no').split('\n').slice(0, 3)).toEqual([
      'NAME           STATUS     ROLES           AGE   VERSION',
      '10-7-111-92    NotReady   <none>          47h   v1.28.2',
      '10-7-160-190   NotReady   control-plane   47h   v1.28.2',
    ]);
    expect(outputOf(text, `kubectl apply -f ${URL}`)).toBe(
      [
        'namespace/kube-flannel created',
        'clusterrole.rbac.authorization.k8s.io/flannel created',
        'clusterrolebinding.rbac.authorization.k8s.io/flannel created',
        'serviceaccount/flannel created',
        'configmap/kube-flannel-cfg created',
        'daemonset.apps/kube-flannel-ds created',
      ].join('\n'),
    );
    expect(outputOf(text, 'kubectl get po -n kube-flannel')).toMatch(
      /^NAME +READY +STATUS +RESTARTS +AGE\nkube-flannel-ds-[b-z2-9]{5} +0\/1 +Init:0\/2 +0 +0s\nkube-flannel-ds-[b-z2-9]{5} +0\/1 +Init:0\/2 +0 +0s$/,
    );
    const after = text.split('root@10-7-111-92:~# sleep 60')[1]!;
    expect(outputOf(after, 'kubectl get no')).toBe(
      [
        'NAME           STATUS   ROLES           AGE   VERSION',
        '10-7-111-92    Ready    <none>          47h   v1.28.2',
        '10-7-160-190   Ready    control-plane   47h   v1.28.2',
      ].join('\n'),
    );
    // The article's table, AGE aside (the article's 2z472 had been recreated 43m before).
    const article = [
      'NAME                      READY   STATUS    RESTARTS   AGE   IP           NODE           NOMINATED NODE   READINESS GATES',
      'ubuntu-664c5f866b-2z472   1/1     Running   0          43m   10.244.0.4   10-7-160-190   <none>           <none>',
      'ubuntu-664c5f866b-865jb   1/1     Running   0          47h   10.244.1.2   10-7-111-92    <none>           <none>',
      'ubuntu-664c5f866b-ngdrj   1/1     Running   0          47h   10.244.1.3   10-7-111-92    <none>           <none>',
    ].join('\n');
    expect(dropAge(outputOf(after, 'kubectl get po -o wide'))).toBe(dropAge(article));
  });

  it('the pods move through Init:0/2, Init:1/2, PodInitializing to Running', async () => {
    const w = loadScenario('fresh');
    const seen = new Set<string>();
    const script = [
      `kubectl apply -f ${URL}`,
      ...Array.from({ length: 40 }, () => 'kubectl get po -n kube-flannel --no-headers\nsleep 0.25'),
    ].join('\n');
    const { text } = await runTranscript(w, '10-7-111-92', script);
    for (const m of text.matchAll(/^kube-flannel-ds-\S+ +\S+ +(\S+)/gm)) seen.add(m[1]!);
    expect([...seen]).toEqual(expect.arrayContaining(['Init:0/2', 'Init:1/2', 'Running']));
    expect([...seen].every((s) => ['Pending', 'Init:0/2', 'Init:1/2', 'PodInitializing', 'Running'].includes(s))).toBe(
      true,
    );
  });
});

describe('the article scenario is reached by deploying flannel', () => {
  const direct = (): World => {
    const w = new World({ seed: 1 });
    buildNetwork(w, 'article');
    return w;
  };
  const cmds = [
    'ip r',
    'ip addr',
    'ip link',
    'ip -d link show flannel.1',
    'bridge fdb show dev flannel.1',
    'ip neigh show dev flannel.1',
    'brctl show',
  ];

  it('node 10-7-111-92 matches the reference recordings', async () => {
    const w = loadScenario('article');
    for (const [cmd, file] of [
      ['ip r', 'node111-ip-r.txt'],
      ['bridge fdb show dev flannel.1', 'node111-bridge-fdb-show-dev-flannel.1.txt'],
      ['ip neigh show dev flannel.1', 'node111-ip-neigh-show-dev-flannel.1.txt'],
      ['ip -d link show flannel.1', 'node111-ip-d-link-show-flannel.1.txt'],
      ['brctl show', 'node111-brctl-show.txt'],
    ] as const) {
      const { text } = await runTranscript(w, '10-7-111-92', cmd);
      expect(outputOf(text, cmd) + '\n', cmd).toBe(ref(file));
    }
  });

  it('both nodes and a pod show exactly the tables of the directly built network', async () => {
    for (const host of ['10-7-111-92', '10-7-160-190', 'ubuntu-664c5f866b-865jb', 'ubuntu-664c5f866b-2z472']) {
      const script = host.startsWith('ubuntu') ? 'ip r\nip addr' : cmds.join('\n');
      const a = await runTranscript(loadScenario('article'), host, script);
      const b = await runTranscript(direct(), host, script);
      expect(a.text, host).toBe(b.text);
    }
  });

  it('subnet.env, the CNI config and host-local files', async () => {
    const w = loadScenario('article');
    const { text } = await runTranscript(
      w,
      '10-7-160-190',
      'cat /run/flannel/subnet.env\nls -1 /var/lib/cni/networks/cbr0\ncat /var/lib/cni/networks/cbr0/last_reserved_ip.0; echo\nls /etc/cni/net.d',
    );
    expect(outputOf(text, 'cat /run/flannel/subnet.env')).toBe(
      'FLANNEL_NETWORK=10.244.0.0/16\nFLANNEL_SUBNET=10.244.0.1/24\nFLANNEL_MTU=1402\nFLANNEL_IPMASQ=true',
    );
    expect(outputOf(text, 'ls -1 /var/lib/cni/networks/cbr0')).toBe(
      '10.244.0.2\n10.244.0.3\n10.244.0.4\nlast_reserved_ip.0',
    );
    expect(outputOf(text, 'cat /var/lib/cni/networks/cbr0/last_reserved_ip.0; echo')).toBe('10.244.0.4');
    expect(outputOf(text, 'ls /etc/cni/net.d')).toBe('10-flannel.conflist');
  });
});
