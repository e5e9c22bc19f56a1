/** kubectl logs by label selector, as kubectl 1.28 prints it. */
import { describe, expect, it } from 'vitest';
import { loadScenario } from '../../sandbox/scenarios/index.js';
import { runTranscript } from '../../sandbox/shell/transcript.js';

const NODE = '10-7-111-92';
const NOTE = 'Defaulted container "kube-flannel" out of: kube-flannel, install-cni-plugin (init), install-cni (init)';

describe('kubectl logs -l', () => {
  it('reads each matching pod in turn, ten lines each by default', async () => {
    const w = loadScenario('article');
    const cmd = 'kubectl logs -l app=flannel -n kube-flannel';
    const { text, status } = await runTranscript(w, NODE, cmd);
    expect(status).toBe(0);
    const lines = text.split('\n');
    expect(lines[0]).toBe(`root@${NODE}:~# ${cmd}`);
    expect(lines[1]).toBe(NOTE);
    expect(lines[12]).toBe(NOTE);
    expect(lines.filter((l) => l === NOTE)).toHaveLength(2);
    // Pods come in name order; each flanneld's last event is the other node's lease.
    expect(lines[10]).toContain('PublicIP: 10.7.160.190,');
    expect(lines[21]).toContain('PublicIP: 10.7.111.92,');
    expect(lines[11]).toBe('I0515 09:58:08.145712       1 main.go:412] Waiting for all goroutines to exit');
    expect(lines[22]).toBe('I0515 09:58:08.145712       1 main.go:412] Waiting for all goroutines to exit');
    expect(lines).toHaveLength(24);
  });

  it('--prefix names pod and container, --tail overrides the selector default', async () => {
    const w = loadScenario('article');
    const cmd = 'kubectl logs --selector app=flannel -n kube-flannel --prefix --tail=1';
    const { text, status } = await runTranscript(w, NODE, cmd);
    expect(status).toBe(0);
    expect(text).toBe(
      `root@${NODE}:~# ${cmd}\n${NOTE}\n` +
        '[pod/kube-flannel-ds-j94wh/kube-flannel] I0515 09:58:08.145712       1 main.go:412] Waiting for all goroutines to exit\n' +
        `${NOTE}\n` +
        '[pod/kube-flannel-ds-zf87r/kube-flannel] I0515 09:58:08.145712       1 main.go:412] Waiting for all goroutines to exit\n',
    );
  });

  it('no match, and a selector with a pod name', async () => {
    const w = loadScenario('article');
    let r = await runTranscript(w, NODE, 'kubectl logs -l app=nope -n kube-flannel');
    expect(r.text).toBe(
      `root@${NODE}:~# kubectl logs -l app=nope -n kube-flannel\nNo resources found in kube-flannel namespace.\n`,
    );
    expect(r.status).toBe(0);
    r = await runTranscript(w, NODE, 'kubectl logs -l app=flannel kube-flannel-ds-zf87r -n kube-flannel');
    expect(r.text).toBe(
      `root@${NODE}:~# kubectl logs -l app=flannel kube-flannel-ds-zf87r -n kube-flannel\n` +
        "error: only a selector (-l) or a POD name is allowed\nSee 'kubectl logs -h' for help and examples\n",
    );
    expect(r.status).toBe(1);
  });

  it('-f follows every pod at once, up to --max-log-requests', async () => {
    const w = loadScenario('article');
    const follow = 'kubectl logs -f -l app=flannel -n kube-flannel --prefix --tail=1';
    const limited = 'kubectl logs -f -l app=flannel -n kube-flannel --max-log-requests=1';
    const { text, status } = await runTranscript(w, NODE, `${follow}\n@3 ^C\n${limited}`);
    const last = 'I0515 09:58:08.145712       1 main.go:412] Waiting for all goroutines to exit';
    expect(text).toBe(
      `${'root@' + NODE}:~# ${follow}\n${NOTE}\n${NOTE}\n` +
        `[pod/kube-flannel-ds-j94wh/kube-flannel] ${last}\n[pod/kube-flannel-ds-zf87r/kube-flannel] ${last}\n^C\n` +
        `root@${NODE}:~# ${limited}\n${NOTE}\n${NOTE}\n` +
        'error: you are attempting to follow 2 log streams, but maximum allowed concurrency is 1, use --max-log-requests to increase the limit\n',
    );
    expect(status).toBe(1);
  });
});
