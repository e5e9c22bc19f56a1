/** kubectl describe and logs on the article's cluster. */
import { describe, expect, it } from 'vitest';
import { loadScenario } from '../../sandbox/scenarios/index.js';
import { runTranscript } from '../../sandbox/shell/transcript.js';

describe('describe and logs', () => {
  it('describe node shows flannel annotations, the FlannelIsUp condition and the podCIDR', async () => {
    const { text } = await runTranscript(loadScenario('article'), '10-7-111-92', 'kubectl describe no 10-7-111-92');
    expect(text).toContain(
      'Annotations:        flannel.alpha.coreos.com/backend-data: {"VNI":1,"VtepMAC":"06:74:ad:94:9f:06"}\n',
    );
    expect(text).toContain('                    flannel.alpha.coreos.com/public-ip: 10.7.111.92\n');
    expect(text).toMatch(
      /\n {2}NetworkUnavailable +False +Mon, 15 May 2023 17:5\d:\d\d \+0800 +Mon, 15 May 2023 17:5\d:\d\d \+0800 +FlannelIsUp +Flannel is running on this node\n/,
    );
    expect(text).toContain('PodCIDR:                      10.244.1.0/24\n');
    expect(text).toMatch(/Normal +NodeReady +\d+s +kubelet +Node 10-7-111-92 status is now: NodeReady/);
  });

  it('describe pod and ds', async () => {
    const w = loadScenario('article');
    const { text } = await runTranscript(
      w,
      '10-7-111-92',
      'kubectl describe po ubuntu-664c5f866b-865jb\nkubectl -n kube-flannel describe ds kube-flannel-ds',
    );
    expect(text).toContain('Node:             10-7-111-92/10.7.111.92\n');
    expect(text).toContain(
      'IP:               10.244.1.2\nIPs:\n  IP:           10.244.1.2\nControlled By:  ReplicaSet/ubuntu-664c5f866b\n',
    );
    expect(text).toMatch(
      /Normal +Scheduled +\d+m?\d*s? +default-scheduler +Successfully assigned default\/ubuntu-664c5f866b-865jb to 10-7-111-92/,
    );
    expect(text).toContain('Desired Number of Nodes Scheduled: 2\n');
    expect(text).toContain(
      'Number of Nodes Misscheduled: 0\nPods Status:  2 Running / 0 Waiting / 0 Succeeded / 0 Failed\n',
    );
  });

  it('logs of a flannel pod: the startup sequence in flanneld order', async () => {
    const w = loadScenario('article');
    const pod = w.cluster!.pods('kube-flannel').find((p) => p.spec.nodeName === '10-7-111-92')!;
    const { text } = await runTranscript(w, '10-7-111-92', `kubectl logs -n kube-flannel ${pod.metadata.name}`);
    const order = [
      'Defaulted container "kube-flannel" out of: kube-flannel, install-cni-plugin (init), install-cni (init)',
      '] CLI flags config: {',
      '] Neither --kubeconfig nor --master was specified.  Using the inClusterConfig.  This might not work.',
      '] Waiting 10m0s for node controller to sync',
      '] Starting kube subnet manager',
      '] Creating the node lease for IPv4. This is the n.Spec.PodCIDRs: [10.244.',
      '] Node controller sync successful',
      '] Created subnet manager: Kubernetes Subnet Manager - 10-7-111-92',
      '] Installing signal handlers',
      '] Start healthz server on 0.0.0.0:8081',
      '] Found network config - Backend type: vxlan',
      '] Determining IP address of default interface',
      '] Using interface with name eth0 and address 10.7.111.92',
      '] Defaulting external address to interface address (10.7.111.92)',
      '] VXLAN config: VNI=1 Port=0 GBP=false Learning=false DirectRouting=false',
      '] Setting up masking rules',
      '] Changing default FORWARD chain policy to ACCEPT',
      '] Wrote subnet file to /run/flannel/subnet.env',
      '] Running backend.',
      '] Received Subnet Event with VxLan: BackendType: vxlan, PublicIP: 10.7.160.190, PublicIPv6: (nil), BackendData: {"VNI":1,"VtepMAC":"be:1d:47:c2:90:0a"}, BackendV6Data: (nil)',
      '] Waiting for all goroutines to exit',
    ];
    let at = 0;
    for (const s of order) {
      const i = text.indexOf(s, at);
      expect(i, s).toBeGreaterThanOrEqual(0);
      at = i;
    }
    expect(text).toMatch(/\nI0515 09:58:\d\d\.\d{6} {7}1 main\.go:211\] CLI flags config/);
    const tail = await runTranscript(
      w,
      '10-7-111-92',
      `kubectl logs -n kube-flannel ${pod.metadata.name} -c kube-flannel --tail 1`,
    );
    expect(tail.text).toMatch(/\] Waiting for all goroutines to exit\n$/);
  });
});

describe('logs -f', () => {
  it('streams new lines until the job is stopped', async () => {
    const w = loadScenario('article');
    const pod = w.cluster!.pods('kube-flannel').find((p) => p.spec.nodeName === '10-7-111-92')!;
    const { text } = await runTranscript(
      w,
      '10-7-111-92',
      `kubectl logs -f -n kube-flannel ${pod.metadata.name} -c kube-flannel --tail 0 &\nip link del flannel.1\nsleep 3\nkill %1`,
    );
    expect(text).toMatch(/vxlan_network\.go:\d+\] Interface flannel\.1 deleted\n/);
    expect(text).toMatch(/VXLAN device flannel\.1 recreated successfully\n/);
  });
});
