/**
 * Server side of `kubectl apply`: validation (what the API server and
 * kubectl's schema check would reject), server-set fields and defaults, and
 * the three-way result — created, configured or unchanged — computed from
 * the kubectl.kubernetes.io/last-applied-configuration annotation.
 */
import type { Cluster } from './cluster.js';
import { RT } from './cluster.js';
import { clone, isObject, selectorMatches, type KObject, type LabelSelector, type NewObject } from './objects.js';
import { apiVersionOf, resourceForKind, RESOURCE_TYPES, type ResourceType } from './resources.js';
import { stableJson } from './hash.js';

export const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

export interface Validated {
  obj: Record<string, unknown> & { metadata: Record<string, unknown> };
  rt: ResourceType;
  ns: string | undefined;
  name: string;
}

const NAME_RE = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

function kindGroup(rt: ResourceType): string {
  return rt.group ? `${rt.group}/${rt.version}` : rt.version;
}

/** Check one document; `source` is STDIN or the file name, `defaultNs` the -n value. */
export function validateDoc(
  c: Cluster,
  doc: unknown,
  source: string,
  defaultNs: string,
): { ok: true; v: Validated } | { ok: false; error: string } {
  if (!isObject(doc)) {
    const t = Array.isArray(doc)
      ? 'array'
      : typeof doc === 'string'
        ? 'string'
        : typeof doc === 'number'
          ? 'number'
          : typeof doc;
    return {
      ok: false,
      error:
        `error: error validating "${source}": error validating data: invalid object to validate; if you choose to ignore these errors, turn validation off with --validate=false\n`.replace(
          'invalid object to validate',
          `unable to decode: json: cannot unmarshal ${t} into Go value of type map[string]interface {}`,
        ),
    };
  }
  const apiVersion = doc['apiVersion'];
  const kind = doc['kind'];
  if (typeof kind !== 'string' || kind === '') {
    return {
      ok: false,
      error: `error: error validating "${source}": error validating data: kind not set; if you choose to ignore these errors, turn validation off with --validate=false\n`,
    };
  }
  if (typeof apiVersion !== 'string' || apiVersion === '') {
    return {
      ok: false,
      error: `error: error validating "${source}": error validating data: apiVersion not set; if you choose to ignore these errors, turn validation off with --validate=false\n`,
    };
  }
  const rt = resourceForKind(apiVersion, kind);
  const meta = doc['metadata'];
  const name = isObject(meta) && typeof meta['name'] === 'string' ? meta['name'] : '';
  if (!rt) {
    const known = RESOURCE_TYPES.some((t) => t.kind === kind);
    return {
      ok: false,
      error:
        `error: resource mapping not found for name: "${name}" namespace: "${isObject(meta) && typeof meta['namespace'] === 'string' ? meta['namespace'] : ''}" from "${source}": no matches for kind "${kind}" in version "${apiVersion}"\nensure CRDs are installed first\n`.replace(
          'ensure CRDs are installed first',
          known ? 'ensure CRDs are installed first' : 'ensure CRDs are installed first',
        ),
    };
  }
  if (meta !== undefined && !isObject(meta)) {
    return {
      ok: false,
      error: `error: error validating "${source}": error validating data: ValidationError(${kind}.metadata): invalid type for io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta: got "${Array.isArray(meta) ? 'array' : typeof meta}", expected "map"; if you choose to ignore these errors, turn validation off with --validate=false\n`,
    };
  }
  const m = (meta ?? {}) as Record<string, unknown>;
  for (const f of ['labels', 'annotations'] as const) {
    const v = m[f];
    if (v === undefined || v === null) continue;
    if (!isObject(v) || Object.values(v).some((x) => typeof x !== 'string')) {
      return {
        ok: false,
        error: `error: error validating "${source}": error validating data: ValidationError(${kind}.metadata.${f}): invalid type for io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta.${f}: got "${isObject(v) ? 'map' : typeof v}", expected "map"; if you choose to ignore these errors, turn validation off with --validate=false\n`,
      };
    }
  }
  const ns = rt.namespaced
    ? typeof m['namespace'] === 'string' && m['namespace']
      ? (m['namespace'] as string)
      : defaultNs
    : undefined;
  if (!name) {
    const res = `${rt.group ? rt.group : ''}/${rt.version}, Resource=${rt.resource}`;
    return {
      ok: false,
      error: `error: error when retrieving current configuration of:\nResource: "${res}", GroupVersionKind: "${rt.group}/${rt.version}, Kind=${kind}"\nName: "", Namespace: "${ns ?? ''}"\nfrom server for: "${source}": resource name may not be empty\n`,
    };
  }
  if (!NAME_RE.test(name) || name.length > 253) {
    return {
      ok: false,
      error: `The ${kind} "${name}" is invalid: metadata.name: Invalid value: "${name}": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')\n`,
    };
  }
  const invalid = (field: string, msg: string): { ok: false; error: string } => ({
    ok: false,
    error: `The ${kind} "${name}" is invalid: ${field}: ${msg}\n`,
  });
  const checkPodSpec = (spec: unknown, at: string): { ok: false; error: string } | undefined => {
    if (!isObject(spec)) return invalid(`${at}.containers`, 'Required value');
    const cs = spec['containers'];
    if (!Array.isArray(cs) || cs.length === 0) return invalid(`${at}.containers`, 'Required value');
    for (let i = 0; i < cs.length; i++) {
      const cc = cs[i];
      if (!isObject(cc) || typeof cc['name'] !== 'string' || !cc['name'])
        return invalid(`${at}.containers[${i}].name`, 'Required value');
      if (typeof cc['image'] !== 'string' || !cc['image'])
        return invalid(`${at}.containers[${i}].image`, 'Required value');
    }
    const ic = spec['initContainers'];
    if (ic !== undefined && !Array.isArray(ic)) return invalid(`${at}.initContainers`, 'Invalid value');
    return undefined;
  };
  if (rt === RT.pods) {
    const e = checkPodSpec(doc['spec'], 'spec');
    if (e) return e;
  }
  if (rt === RT.deployments || rt === RT.daemonsets || rt === RT.replicasets) {
    const spec = doc['spec'];
    if (!isObject(spec)) return invalid('spec.selector', 'Required value');
    const sel = spec['selector'];
    if (!isObject(sel)) return invalid('spec.selector', 'Required value');
    const tpl = spec['template'];
    if (!isObject(tpl)) return invalid('spec.template.spec.containers', 'Required value');
    const tm = tpl['metadata'];
    const labels = isObject(tm) && isObject(tm['labels']) ? (tm['labels'] as Record<string, string>) : {};
    if (!selectorMatches(sel as LabelSelector, labels)) {
      const shown = Object.entries(labels)
        .map(([k, v]) => `"${k}":"${v}"`)
        .join(', ');
      return invalid(
        'spec.template.metadata.labels',
        `Invalid value: map[string]string{${shown}}: \`selector\` does not match template \`labels\``,
      );
    }
    const e = checkPodSpec(tpl['spec'], 'spec.template.spec');
    if (e) return e;
    if (
      spec['replicas'] !== undefined &&
      (typeof spec['replicas'] !== 'number' || spec['replicas'] < 0 || !Number.isInteger(spec['replicas']))
    ) {
      return invalid(
        'spec.replicas',
        `Invalid value: ${JSON.stringify(spec['replicas'])}: must be greater than or equal to 0`,
      );
    }
  }
  if (rt === RT.configmaps) {
    const data = doc['data'];
    if (
      data !== undefined &&
      data !== null &&
      (!isObject(data) || Object.values(data).some((v) => typeof v !== 'string'))
    ) {
      const bad = isObject(data) ? Object.entries(data).find(([, v]) => typeof v !== 'string') : undefined;
      const got = bad
        ? typeof bad[1] === 'number'
          ? Number.isInteger(bad[1])
            ? 'integer'
            : 'number'
          : typeof bad[1] === 'boolean'
            ? 'boolean'
            : 'map'
        : 'array';
      return {
        ok: false,
        error: `error: error validating "${source}": error validating data: ValidationError(ConfigMap.data${bad ? `.${bad[0]}` : ''}): invalid type for io.k8s.api.core.v1.ConfigMap.data: got "${got}", expected "string"; if you choose to ignore these errors, turn validation off with --validate=false\n`,
      };
    }
  }
  if (kindGroup(rt) !== apiVersion) return { ok: false, error: `error: unexpected apiVersion ${apiVersion}\n` };
  try {
    JSON.stringify(doc);
  } catch {
    return { ok: false, error: `error: error validating "${source}": error validating data: invalid document\n` };
  }
  return { ok: true, v: { obj: clone(doc) as Validated['obj'], rt, ns, name } };
}

/** The annotation text: the submitted object as compact JSON with sorted keys, plus a newline. */
export function lastAppliedOf(obj: Record<string, unknown>): string {
  const copy = clone(obj) as Record<string, unknown> & { metadata?: Record<string, unknown> };
  const meta = { ...(copy.metadata ?? {}) };
  const ann = { ...((meta['annotations'] as Record<string, string> | undefined) ?? {}) };
  delete ann[LAST_APPLIED];
  if (Object.keys(ann).length) meta['annotations'] = ann;
  else delete meta['annotations'];
  copy.metadata = meta;
  return stableJson(copy) + '\n';
}

const SPEC_KINDS = new Set(['deployments', 'daemonsets', 'replicasets']);

/** Server defaults the reader sees in -o yaml (a representative subset). */
function applyDefaults(rt: ResourceType, o: Record<string, unknown>): void {
  const spec = o['spec'] as Record<string, unknown> | undefined;
  if (rt === RT.daemonsets && spec) {
    spec['revisionHistoryLimit'] ??= 10;
    spec['updateStrategy'] ??= { rollingUpdate: { maxSurge: 0, maxUnavailable: 1 }, type: 'RollingUpdate' };
  }
  if (rt === RT.deployments && spec) {
    spec['replicas'] ??= 1;
    spec['progressDeadlineSeconds'] ??= 600;
    spec['revisionHistoryLimit'] ??= 10;
    spec['strategy'] ??= { rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' }, type: 'RollingUpdate' };
  }
  const tplSpec = (spec?.['template'] as Record<string, unknown> | undefined)?.['spec'] as
    Record<string, unknown> | undefined;
  const podSpec = rt === RT.pods ? spec : tplSpec;
  if (podSpec) {
    podSpec['dnsPolicy'] ??= 'ClusterFirst';
    podSpec['restartPolicy'] ??= 'Always';
    podSpec['schedulerName'] ??= 'default-scheduler';
    podSpec['securityContext'] ??= {};
    podSpec['terminationGracePeriodSeconds'] ??= 30;
    for (const key of ['containers', 'initContainers']) {
      for (const cc of (podSpec[key] as Record<string, unknown>[] | undefined) ?? []) {
        cc['imagePullPolicy'] ??=
          String(cc['image']).endsWith(':latest') || !String(cc['image']).includes(':') ? 'Always' : 'IfNotPresent';
        cc['resources'] ??= {};
        cc['terminationMessagePath'] ??= '/dev/termination-log';
        cc['terminationMessagePolicy'] ??= 'File';
      }
    }
  }
  if (rt === RT.namespaces) {
    o['spec'] ??= { finalizers: ['kubernetes'] };
    o['status'] ??= { phase: 'Active' };
    const meta = o['metadata'] as Record<string, unknown>;
    meta['labels'] = {
      ...((meta['labels'] as Record<string, string>) ?? {}),
      'kubernetes.io/metadata.name': String(meta['name']),
    };
  }
}

export type ApplyOutcome = 'created' | 'configured' | 'unchanged';

/** Apply one validated object. The caller checked the namespace exists. */
export function applyObject(c: Cluster, v: Validated): ApplyOutcome {
  const last = lastAppliedOf(v.obj);
  const live = c.store.getLive(v.rt, v.ns, v.name);
  if (!live) {
    const o = clone(v.obj) as Record<string, unknown> & { metadata: Record<string, unknown> };
    o['apiVersion'] = apiVersionOf(v.rt);
    o['metadata'] = {
      ...o.metadata,
      name: v.name,
      ...(v.ns ? { namespace: v.ns } : {}),
      annotations: { ...((o.metadata['annotations'] as Record<string, string>) ?? {}), [LAST_APPLIED]: last },
    };
    applyDefaults(v.rt, o);
    c.store.create(o as unknown as NewObject);
    return 'created';
  }
  const prev = live.metadata.annotations?.[LAST_APPLIED];
  if (prev === last) return 'unchanged';
  let prevObj: Record<string, unknown> = {};
  try {
    prevObj = prev ? (JSON.parse(prev) as Record<string, unknown>) : {};
  } catch {
    prevObj = {};
  }
  mergeInto(c, v.rt, live, v.obj, prevObj, last);
  return 'configured';
}

/**
 * Three-way merge, field by field at the top level and for labels/annotations:
 * fields the new config sets replace the live ones; fields only the previous
 * config had are removed; fields nobody configured (status, defaults) stay.
 */
export function mergeInto(
  c: Cluster,
  rt: ResourceType,
  live: KObject,
  next: Record<string, unknown>,
  prev: Record<string, unknown>,
  last: string | undefined,
): void {
  const before = stableJson({ ...live, metadata: undefined, status: undefined });
  const skip = new Set(['apiVersion', 'kind', 'metadata', 'status']);
  for (const [k, val] of Object.entries(next)) if (!skip.has(k)) live[k] = clone(val);
  for (const k of Object.keys(prev)) if (!skip.has(k) && !(k in next)) delete live[k];
  const nm = (next['metadata'] ?? {}) as Record<string, unknown>;
  const pm = (prev['metadata'] ?? {}) as Record<string, unknown>;
  for (const f of ['labels', 'annotations'] as const) {
    const cur: Record<string, string> = { ...(live.metadata[f] ?? {}) };
    const nv = (nm[f] ?? {}) as Record<string, string>;
    const pv = (pm[f] ?? {}) as Record<string, string>;
    for (const key of Object.keys(pv)) if (!(key in nv)) delete cur[key];
    Object.assign(cur, nv);
    if (f === 'annotations' && last !== undefined) cur[LAST_APPLIED] = last;
    if (Object.keys(cur).length) live.metadata[f] = cur;
    else delete live.metadata[f];
  }
  applyDefaults(rt, live as unknown as Record<string, unknown>);
  const after = stableJson({ ...live, metadata: undefined, status: undefined });
  if (SPEC_KINDS.has(rt.resource) && before !== after) live.metadata.generation = (live.metadata.generation ?? 1) + 1;
  c.store.update(live);
}

/** Whether the namespace for an object exists (the API server refuses otherwise). */
export function namespaceExists(c: Cluster, ns: string | undefined): boolean {
  return ns === undefined || c.store.getLive(RT.namespaces, undefined, ns) !== undefined;
}
