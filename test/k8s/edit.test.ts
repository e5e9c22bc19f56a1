/** kubectl edit hands a multi-word $KUBE_EDITOR to the shell, as editor.Launch does with $SHELL -c. */
import { describe, expect, it } from 'vitest';
import { loadScenario } from '../../sandbox/scenarios/index.js';
import { runTranscript } from '../../sandbox/shell/transcript.js';

const NODE = '10-7-111-92';
const PROMPT = `root@${NODE}:~# `;
const SHOW = "kubectl get cm kube-flannel-cfg -n kube-flannel -o jsonpath='{.data.net-conf\\.json}'";

describe('kubectl edit through $KUBE_EDITOR', () => {
  it('quotes and backslashes inside KUBE_EDITOR are the shell’s to read', async () => {
    const w = loadScenario('article');
    const edit =
      'KUBE_EDITOR=\'sed -i "s/\\"Type\\": \\"vxlan\\"/\\"Type\\": \\"host-gw\\"/"\' kubectl edit cm kube-flannel-cfg -n kube-flannel';
    const { text, status } = await runTranscript(w, NODE, `${edit}\n${SHOW}\nls /tmp`);
    expect(text).toBe(
      `${PROMPT}${edit}\nconfigmap/kube-flannel-cfg edited\n` +
        `${PROMPT}${SHOW}\n{\n  "Network": "10.244.0.0/16",\n  "EnableNFTables": false,\n  "Backend": {\n    "Type": "host-gw"\n  }\n}\n` +
        `${PROMPT}ls /tmp\n`,
    );
    expect(status).toBe(0);
  });

  it('a one-word editor that is missing cannot be launched', async () => {
    const w = loadScenario('article');
    const line = 'KUBE_EDITOR=nosuch kubectl edit cm kube-flannel-cfg -n kube-flannel';
    const { text, status } = await runTranscript(w, NODE, line);
    expect(text).toBe(`${PROMPT}${line}\nerror: unable to launch the editor "nosuch"\n`);
    expect(status).toBe(1);
  });

  it('an editor line that fails leaves the object alone (the file went to `false`, after the shell’s &&)', async () => {
    const w = loadScenario('article');
    const line = "EDITOR='sed -i s/vxlan/host-gw/ && false' kubectl edit cm kube-flannel-cfg -n kube-flannel";
    const { text, status } = await runTranscript(w, NODE, `${line}\n${SHOW}`);
    expect(text).toBe(
      `${PROMPT}${line}\nsed: no input files\nerror: there was a problem with the editor "/bin/bash -c sed -i s/vxlan/host-gw/ && false"\n` +
        `${PROMPT}${SHOW}\n{\n  "Network": "10.244.0.0/16",\n  "EnableNFTables": false,\n  "Backend": {\n    "Type": "vxlan"\n  }\n}\n`,
    );
    expect(status).toBe(0);
  });
});
