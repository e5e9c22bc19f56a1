/** Turn `po`, `po,no`, `po/name`, `all`, `po name1 name2` into resource requests, with kubectl's errors. */
import { resolveResource, type ResourceType } from '../../../k8s/resources.js';

export interface ResourceRequest {
  rt: ResourceType;
  names: string[];
}

const ALL = ['pods', 'services', 'daemonsets', 'deployments', 'replicasets'];

export class ResolveError extends Error {}

export function resolveArgs(args: readonly string[]): ResourceRequest[] {
  if (args.length === 0) return [];
  const reqs: ResourceRequest[] = [];
  const lookup = (w: string): ResourceType => {
    const rt = resolveResource(w);
    if (!rt) throw new ResolveError(`the server doesn't have a resource type "${w}"`);
    return rt;
  };
  if (args.some((a) => a.includes('/'))) {
    for (const a of args) {
      const slash = a.indexOf('/');
      if (slash < 0) {
        throw new ResolveError(
          `there is no need to specify a resource type as a separate argument when passing arguments in resource/name form (e.g. 'kubectl get resource/<resource_name>' instead of 'kubectl get resource resource/<resource_name>'`,
        );
      }
      const rt = lookup(a.slice(0, slash));
      const name = a.slice(slash + 1);
      const prev = reqs.find((r) => r.rt === rt);
      if (prev) prev.names.push(name);
      else reqs.push({ rt, names: [name] });
    }
    return reqs;
  }
  const [types, ...names] = args;
  for (const w of types!.split(',')) {
    if (w === '') continue;
    if (w === 'all') {
      for (const r of ALL) if (!reqs.some((q) => q.rt.resource === r)) reqs.push({ rt: lookup(r), names: [...names] });
      continue;
    }
    const rt = lookup(w);
    if (!reqs.some((q) => q.rt === rt)) reqs.push({ rt, names: [...names] });
  }
  return reqs;
}
