/** Reading `-f FILE|URL|-` the way kubectl does, with its errors. */
import type { KubectlContext } from './context.js';
import { KUBE_FLANNEL_YML } from '../../../k8s/manifests/kube-flannel.js';
import { normalizePath } from '../../../world/fs.js';

/** URLs that resolve to the bundled manifest (there is no network in the sandbox). */
const BUNDLED: Record<string, string> = {
  'https://raw.githubusercontent.com/coreos/flannel/master/Documentation/kube-flannel.yml': KUBE_FLANNEL_YML,
  'https://raw.githubusercontent.com/flannel-io/flannel/master/Documentation/kube-flannel.yml': KUBE_FLANNEL_YML,
  'https://github.com/flannel-io/flannel/releases/latest/download/kube-flannel.yml': KUBE_FLANNEL_YML,
};

export async function readInput(
  k: KubectlContext,
  f: string,
): Promise<{ ok: true; text: string; source: string } | { ok: false; error: string }> {
  if (f === '-') return { ok: true, text: await k.ctx.stdin.readAll(), source: 'STDIN' };
  if (/^https?:\/\//.test(f)) {
    const bundled = BUNDLED[f];
    if (bundled !== undefined) return { ok: true, text: bundled, source: f };
    const host = /^https?:\/\/([^/:]+)/.exec(f)?.[1] ?? '';
    return {
      ok: false,
      error: `Unable to connect to the server: dial tcp: lookup ${host} on 127.0.0.53:53: server misbehaving\n`,
    };
  }
  const path = normalizePath(f, k.ctx.cwd);
  const fs = k.ctx.host.fs;
  if (!fs.exists(path)) return { ok: false, error: `error: the path "${f}" does not exist\n` };
  if (fs.isDir(path)) {
    const texts: string[] = [];
    for (const n of fs.list(path)) {
      if (/\.(ya?ml|json)$/.test(n)) texts.push(fs.readText(`${path}/${n}`));
    }
    return { ok: true, text: texts.join('\n---\n'), source: f };
  }
  return { ok: true, text: fs.readText(path), source: f };
}
