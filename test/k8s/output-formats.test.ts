/** kubectl get -o custom-columns, -o go-template / template, and the --template long forms. */
import { describe, expect, it } from 'vitest';
import { loadScenario } from '../../sandbox/scenarios/index.js';
import { runTranscript } from '../../sandbox/shell/transcript.js';

const NODE = '10-7-111-92';
const PROMPT = `root@${NODE}:~# `;

async function run(line: string): Promise<string> {
  const r = await runTranscript(loadScenario('article'), NODE, line);
  return r.text.slice(PROMPT.length + line.length + 1);
}

describe('kubectl output formats', () => {
  it('custom-columns: a column per spec, <none> where a path gives nothing, several values joined by commas', async () => {
    expect(
      await run('kubectl get nodes -o custom-columns=NAME:.metadata.name,CIDR:spec.podCIDR,TAINTS:.spec.taints'),
    ).toBe(
      [
        'NAME           CIDR            TAINTS',
        '10-7-111-92    10.244.1.0/24   <none>',
        '10-7-160-190   10.244.0.0/24   <none>',
        '',
      ].join('\n'),
    );
    expect(await run('kubectl get nodes -o custom-columns=IP:.status.addresses[*].address --no-headers')).toBe(
      '10.7.111.92,10-7-111-92\n10.7.160.190,10-7-160-190\n',
    );
    expect(await run('kubectl get nodes -o custom-columns=NAME')).toBe(
      'error: unexpected custom-columns spec: NAME, expected <header>:<json-path-expr>\n',
    );
  });

  it('go-template: range, index, if/eq, printf, len, and <no value> for a missing key', async () => {
    const t = `{{range .items}}{{.metadata.name}} {{index .metadata.annotations "flannel.alpha.coreos.com/public-ip"}}{{"\\n"}}{{end}}`;
    expect(await run(`kubectl get nodes -o go-template='${t}'`)).toBe(
      '10-7-111-92 10.7.111.92\n10-7-160-190 10.7.160.190\n',
    );
    const u = `{{range .items}}{{if eq .metadata.name "10-7-160-190"}}{{len .spec.podCIDRs}} {{printf "%q" .spec.podCIDR}}{{end}}{{end}} {{.nope}}`;
    expect(await run(`kubectl get nodes -o go-template='${u}'`)).toBe('1 "10.244.0.0/24" <no value>');
    expect(await run(`kubectl get node ${NODE} -o template --template='{{.spec.podCIDR}}'`)).toBe('10.244.1.0/24');
  });

  it('a template format without a template, and a double-quoted jsonpath key, are errors', async () => {
    expect(await run('kubectl get nodes -o jsonpath')).toBe('error: template format specified but no template given\n');
    expect(await run(`kubectl get node ${NODE} -o jsonpath='{.metadata.annotations["a.b"]}'`)).toBe(
      'error: error parsing jsonpath {.metadata.annotations["a.b"]}, invalid array index "a.b"\n',
    );
    expect(await run(`kubectl get node ${NODE} -o jsonpath --template='{.spec.podCIDR}'`)).toBe('10.244.1.0/24');
  });
});
