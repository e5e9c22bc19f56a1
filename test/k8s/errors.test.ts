/** kubectl's errors in its own words, exit statuses, and the bundled manifest. */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { loadScenario } from '../../sandbox/scenarios/index.js';
import { runTranscriptDetailed } from '../../sandbox/shell/transcript.js';
import { KUBE_FLANNEL_YML } from '../../sandbox/k8s/manifests/kube-flannel.js';

async function run(cmd: string, scenario: 'article' | 'fresh' = 'article'): Promise<{ text: string; status: number }> {
  const w = loadScenario(scenario);
  const r = await runTranscriptDetailed(w, '10-7-111-92', `${cmd}\necho "status $?"`);
  expect(r.internalErrors).toEqual([]);
  const out = r.text.split('\n').slice(1);
  const status = Number(/status (\d+)/.exec(r.text)![1]);
  return {
    text: out
      .slice(
        0,
        out.findIndex((l) => l.includes('# echo "status')),
      )
      .join('\n'),
    status,
  };
}

describe('kubectl errors', () => {
  it.each([
    ['kubectl get po nope', 'Error from server (NotFound): pods "nope" not found', 1],
    ['kubectl get ds nope -n kube-flannel', 'Error from server (NotFound): daemonsets.apps "nope" not found', 1],
    ['kubectl get foo', 'error: the server doesn\'t have a resource type "foo"', 1],
    ['kubectl get po --bogus', "error: unknown flag: --bogus\nSee 'kubectl get --help' for usage.", 1],
    ['kubectl frob', 'error: unknown command "frob" for "kubectl"\nRun \'kubectl --help\' for usage.', 1],
    ['kubectl exec nope -- ls', 'Error from server (NotFound): pods "nope" not found', 1],
    ['kubectl exec ubuntu-664c5f866b-865jb', 'error: you must specify at least one command for the container', 1],
    ['kubectl logs nope', 'Error from server (NotFound): pods "nope" not found', 1],
    ['kubectl delete po nope', 'Error from server (NotFound): pods "nope" not found', 1],
    ['kubectl get ds -n nowhere', 'No resources found in nowhere namespace.', 0],
    ['kubectl apply -f /nope.yml', 'error: the path "/nope.yml" does not exist', 1],
    [
      'kubectl apply -f https://example.com/x.yml',
      'Unable to connect to the server: dial tcp: lookup example.com on 127.0.0.53:53: server misbehaving',
      1,
    ],
    ['kubectl scale deploy ubuntu', 'error: required flag(s) "replicas" not set', 1],
  ])('%s', async (cmd, want, status) => {
    const r = await run(cmd);
    expect(r.text).toBe(want);
    expect(r.status).toBe(status);
  });

  it('broken YAML on stdin: go-yaml wording, exit 1, nothing applied', async () => {
    const w = loadScenario('article');
    const before = w.cluster!.store.list((await import('../../sandbox/k8s/cluster.js')).RT.configmaps).length;
    const r = await runTranscriptDetailed(
      w,
      '10-7-111-92',
      String.raw`printf 'kind: ConfigMap\napiVersion: v1\nmetadata: {name: x}\ndata: [\n' | kubectl apply -f -` +
        '\necho $?',
    );
    expect(r.text).toMatch(
      /error: error parsing STDIN: error converting YAML to JSON: yaml: line \d+: did not find expected (node content|',' or '\]')\nroot@[^\n]*# echo \$\?\n1\n$/,
    );
    expect(w.cluster!.store.list((await import('../../sandbox/k8s/cluster.js')).RT.configmaps).length).toBe(before);
  });

  it('apply is idempotent: created, then unchanged, then configured', async () => {
    const w = loadScenario('fresh');
    const url = 'https://github.com/flannel-io/flannel/releases/latest/download/kube-flannel.yml';
    const r = await runTranscriptDetailed(
      w,
      '10-7-111-92',
      `kubectl apply -f ${url}\nkubectl apply -f ${url}\nkubectl -n kube-flannel get cm kube-flannel-cfg -o yaml > cm.yaml\nsed -i 's/vxlan/host-gw/' cm.yaml\nkubectl apply -f cm.yaml`,
    );
    expect(r.text).toContain('daemonset.apps/kube-flannel-ds unchanged');
    expect(r.text).toContain('configmap/kube-flannel-cfg configured');
  });

  it('--help for each verb', async () => {
    for (const verb of [
      'get',
      'apply',
      'exec',
      'logs',
      'describe',
      'delete',
      'patch',
      'scale',
      'create',
      'rollout',
      'edit',
    ]) {
      const r = await run(`kubectl ${verb} --help`);
      expect(r.status, verb).toBe(0);
      expect(r.text, verb).toMatch(/Usage:\n {2}kubectl /);
    }
  });
});

describe('the bundled manifest', () => {
  it('is public/kube-flannel.yml byte for byte', () => {
    expect(KUBE_FLANNEL_YML).toBe(readFileSync(new URL('../../public/kube-flannel.yml', import.meta.url), 'utf8'));
  });
});
