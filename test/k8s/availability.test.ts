/** kubectl and iptables are node tools: an application pod's image has neither. */
import { describe, expect, it } from 'vitest';
import { loadScenario } from '../../sandbox/scenarios/index.js';
import { runTranscript } from '../../sandbox/shell/transcript.js';

const NODE = '10-7-111-92';
const POD = 'ubuntu-664c5f866b-865jb';
const IN_POD = `root@${POD}:/# `;

describe('commands a pod does not have', () => {
  for (const [line, name] of [
    ['kubectl get po', 'kubectl'],
    ['k get po', 'kubectl'],
    ['iptables -t nat -S', 'iptables'],
    ['iptables-save', 'iptables-save'],
  ] as const) {
    it(`${line} in the ubuntu pod's shell: ${name} is not found`, async () => {
      const w = loadScenario('article');
      const { text, status } = await runTranscript(w, NODE, `kubectl exec -it ${POD} -- bash\n${line}`);
      expect(text).toBe(
        `root@${NODE}:~# kubectl exec -it ${POD} -- bash\n${IN_POD}${line}\nbash: ${name}: command not found\n`,
      );
      expect(status).toBe(127);
    });
  }

  it('which finds nothing in the pod, the node still has both', async () => {
    const w = loadScenario('article');
    const { text, status } = await runTranscript(
      w,
      NODE,
      `kubectl exec -it ${POD} -- bash\nwhich kubectl iptables\nexit\nwhich kubectl iptables-save`,
    );
    expect(text).toBe(
      `root@${NODE}:~# kubectl exec -it ${POD} -- bash\n${IN_POD}which kubectl iptables\n${IN_POD}exit\nexit\n` +
        `root@${NODE}:~# which kubectl iptables-save\n/usr/bin/kubectl\n/usr/bin/iptables-save\n`,
    );
    expect(status).toBe(0);
  });

  it('kubectl exec of a missing program is the runtime’s error', async () => {
    const w = loadScenario('article');
    const line = `kubectl exec ${POD} -- kubectl get po`;
    const { text, status } = await runTranscript(w, NODE, line);
    expect(text).toMatch(
      new RegExp(
        `^root@${NODE}:~# ${line}\\nerror: Internal error occurred: error executing command in container: failed to exec in container: failed to start exec "[0-9a-f]{64}": OCI runtime exec failed: exec failed: unable to start container process: exec: "kubectl": executable file not found in \\$PATH: unknown\\n$`,
      ),
    );
    expect(status).toBe(1);
  });

  it('a hostNetwork flannel pod carries iptables and sees the node’s tables', async () => {
    const w = loadScenario('article');
    const line =
      'kubectl exec -n kube-flannel kube-flannel-ds-j94wh -c kube-flannel -- iptables -t nat -S FLANNEL-POSTRTG';
    const { text, status } = await runTranscript(w, NODE, `${line}\niptables -t nat -S FLANNEL-POSTRTG`);
    const [inPod, onNode] = text.split(`root@${NODE}:~# iptables -t nat -S FLANNEL-POSTRTG\n`);
    expect(inPod!.startsWith(`root@${NODE}:~# ${line}\n-N FLANNEL-POSTRTG\n`)).toBe(true);
    expect(inPod!.slice(`root@${NODE}:~# ${line}\n`.length)).toBe(onNode);
    expect(status).toBe(0);
  });
});
