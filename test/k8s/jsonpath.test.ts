/** kubectl -o jsonpath with escaped dots in field names, as client-go's parser reads them. */
import { describe, expect, it } from 'vitest';
import { loadScenario } from '../../sandbox/scenarios/index.js';
import { runTranscript } from '../../sandbox/shell/transcript.js';

const NODE = '10-7-111-92';
const PROMPT = `root@${NODE}:~# `;
const NET_CONF =
  '{\n  "Network": "10.244.0.0/16",\n  "EnableNFTables": false,\n  "Backend": {\n    "Type": "vxlan"\n  }\n}\n';

async function run(line: string): Promise<{ text: string; status: number }> {
  return runTranscript(loadScenario('article'), NODE, line);
}

describe('kubectl jsonpath field escapes', () => {
  it('net-conf\\.json is one ConfigMap key', async () => {
    const cmd = "kubectl get cm kube-flannel-cfg -n kube-flannel -o jsonpath='{.data.net-conf\\.json}'";
    const r = await run(cmd);
    expect(r.text).toBe(PROMPT + cmd + '\n' + NET_CONF);
    expect(r.status).toBe(0);
  });

  it("['net-conf.json'] names the same key", async () => {
    const cmd = `kubectl get cm kube-flannel-cfg -n kube-flannel -o jsonpath="{.data['net-conf.json']}"`;
    const r = await run(cmd);
    expect(r.text).toBe(PROMPT + cmd + '\n' + NET_CONF);
    expect(r.status).toBe(0);
  });

  it('an annotation key with escaped dots and a slash', async () => {
    const cmd =
      "kubectl get node 10-7-111-92 -o jsonpath='{.metadata.annotations.flannel\\.alpha\\.coreos\\.com/backend-type}'";
    const r = await run(cmd);
    expect(r.text).toBe(PROMPT + cmd + '\nvxlan');
    expect(r.status).toBe(0);
  });

  it('escapes inside range and after a recursive descent', async () => {
    const cmd =
      'kubectl get no -o jsonpath=\'{range .items[*]}{.metadata.name}{"\\t"}{.metadata.annotations.flannel\\.alpha\\.coreos\\.com/public-ip}{"\\n"}{end}\'';
    let r = await run(cmd);
    expect(r.text).toBe(PROMPT + cmd + '\n10-7-111-92\t10.7.111.92\n10-7-160-190\t10.7.160.190\n');
    const rec = "kubectl get no -o jsonpath='{..flannel\\.alpha\\.coreos\\.com/public-ip}'";
    r = await run(rec);
    expect(r.text).toBe(PROMPT + rec + '\n10.7.111.92 10.7.160.190');
    expect(r.status).toBe(0);
  });

  it('an unescaped dot splits the key: nothing found, nothing printed', async () => {
    const cmd = "kubectl get cm kube-flannel-cfg -n kube-flannel -o jsonpath='{.data.net-conf.json}'";
    const r = await run(cmd);
    expect(r.text).toBe(PROMPT + cmd + '\n');
    expect(r.status).toBe(0);
  });
});
