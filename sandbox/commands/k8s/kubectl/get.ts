/** kubectl get: tables (plain, wide, -A), -o yaml|json|name|jsonpath=, -l, -w. */
import type { KObject } from '../../../k8s/objects.js';
import { clone } from '../../../k8s/objects.js';
import { qualifiedSingular, type ResourceType } from '../../../k8s/resources.js';
import { matchesSelector, parseSelector, SelectorError, type Requirement } from '../../../k8s/labels.js';
import { bool, str, type FlagSpec } from './flags.js';
import { fail, notFound, type KubectlContext } from './context.js';
import { PRINTERS } from './printers.js';
import { RememberingTable } from './tabwriter.js';
import { asList, nameOf, toJson, toYaml } from './output.js';
import { jsonPath, JsonPathError } from './jsonpath.js';
import { goTemplate, GoTemplateError } from './gotemplate.js';
import { resolveArgs, ResolveError, type ResourceRequest } from './resolve.js';

export const GET_FLAGS: readonly FlagSpec[] = [
  { long: 'output', short: 'o', type: 'string' },
  { long: 'all-namespaces', short: 'A', type: 'bool' },
  { long: 'selector', short: 'l', type: 'string' },
  { long: 'watch', short: 'w', type: 'bool' },
  { long: 'watch-only', type: 'bool' },
  { long: 'show-labels', type: 'bool' },
  { long: 'no-headers', type: 'bool' },
  { long: 'field-selector', type: 'string' },
  { long: 'template', type: 'string' },
];

export const GET_HELP = `Display one or many resources.

 Prints a table of the most important information about the specified resources. You can filter the list using a label
selector and the --selector flag. If the desired resource type is namespaced you will only see results in your current
namespace unless you pass --all-namespaces.

Examples:
  # List all pods in ps output format
  kubectl get pods

  # List all pods in ps output format with more information (such as node name)
  kubectl get pods -o wide

  # List a single pod in JSON output format
  kubectl get -o json pod web-pod-13je7

  # List all replication controllers and services together in ps output format
  kubectl get rc,services

Options:
    -A, --all-namespaces=false:
	If present, list the requested object(s) across all namespaces. Namespace in current context is ignored even
	if specified with --namespace.

    --no-headers=false:
	When using the default or custom-column output format, don't print headers (default print headers).

    -o, --output='':
	Output format. One of: (json, yaml, name, go-template, go-template-file, template, templatefile, jsonpath,
	jsonpath-as-json, jsonpath-file, custom-columns, custom-columns-file, wide). See custom columns
	[https://kubernetes.io/docs/reference/kubectl/#custom-columns], golang template
	[http://golang.org/pkg/text/template/#pkg-overview] and jsonpath template
	[https://kubernetes.io/docs/reference/kubectl/jsonpath/].

    -l, --selector='':
	Selector (label query) to filter on, supports '=', '==', and '!='.(e.g. -l key1=value1,key2=value2). Matching
	objects must satisfy all of the specified label constraints.

    --show-labels=false:
	When printing, show all labels as the last column (default hide labels column)

    -w, --watch=false:
	After listing/getting the requested object, watch for changes.

Usage:
  kubectl get
[(-o|--output=)json|yaml|name|go-template|go-template-file|template|templatefile|jsonpath|jsonpath-as-json|jsonpath-file|custom-columns|custom-columns-file|custom-columns-file|wide]
(TYPE[.VERSION][.GROUP] [NAME | -l label] | TYPE[.VERSION][.GROUP]/NAME ...) [flags] [options]

Use "kubectl options" for a list of global command-line options (applies to all commands).
`;

const NO_TYPE = `You must specify the type of resource to get. Use "kubectl api-resources" for a complete list of supported resources.

error: Required resource not specified.
Use "kubectl explain <resource>" for a detailed description of that resource (e.g. kubectl explain pods).
See 'kubectl get -h' for help and examples
`;

interface Fetched {
  rt: ResourceType;
  objs: KObject[];
}

function labelsCell(o: KObject): string {
  const l = o.metadata.labels ?? {};
  const keys = Object.keys(l).sort();
  return keys.length ? keys.map((k) => `${k}=${l[k]}`).join(',') : '<none>';
}

export async function runGet(k: KubectlContext): Promise<number> {
  const { flags, cluster } = k;
  let reqs: ResourceRequest[];
  try {
    reqs = resolveArgs(flags.positional);
  } catch (e) {
    if (e instanceof ResolveError) return fail(k, e.message);
    throw e;
  }
  if (reqs.length === 0) {
    k.err(NO_TYPE);
    return 1;
  }
  let output = str(flags, 'output') ?? '';
  // `-o jsonpath --template=…` and `-o go-template --template=…` are the long forms of `-o FORMAT=…`.
  const tpl = str(flags, 'template');
  if (['jsonpath', 'go-template', 'template'].includes(output)) {
    if (tpl === undefined) return fail(k, 'template format specified but no template given');
    output = `${output}=${tpl}`;
  }
  if (output.startsWith('template=')) output = `go-template=${output.slice('template='.length)}`;
  let columns: { header: string; path: string }[] | undefined;
  if (output === 'custom-columns' || output.startsWith('custom-columns=')) {
    const spec = output.slice('custom-columns='.length);
    if (spec === '') return fail(k, 'custom-columns format specified but no custom columns given');
    columns = [];
    for (const part of spec.split(',')) {
      const i = part.indexOf(':');
      if (i < 0) return fail(k, `unexpected custom-columns spec: ${part}, expected <header>:<json-path-expr>`);
      // kubectl's RelaxedJSONPathExpression: `.a.b`, `a.b` and `{.a.b}` all mean `{.a.b}`.
      const raw = part.slice(i + 1).replace(/^\{(.*)\}$/, '$1');
      columns.push({
        header: part.slice(0, i),
        path: `{${raw.startsWith('.') || raw.startsWith('[') ? raw : '.' + raw}}`,
      });
    }
  }
  const allNs = bool(flags, 'all-namespaces');
  let selector: Requirement[] = [];
  try {
    selector = parseSelector(str(flags, 'selector') ?? '');
  } catch (e) {
    if (e instanceof SelectorError) return fail(k, e.message);
    throw e;
  }
  const wide = output === 'wide';
  // --field-selector: the fields the API server indexes (metadata.name/namespace, spec.nodeName, status.phase), = / == / !=.
  const fieldReqs: { path: string[]; value: string; neg: boolean }[] = [];
  for (const part of (str(flags, 'field-selector') ?? '').split(',').filter(Boolean)) {
    const m = /^([\w.]+)(!=|==|=)(.*)$/.exec(part);
    if (!m || !['metadata.name', 'metadata.namespace', 'spec.nodeName', 'status.phase'].includes(m[1]!)) {
      return fail(k, `field label not supported: ${m ? m[1] : part}`);
    }
    fieldReqs.push({ path: m[1]!.split('.'), value: m[3]!, neg: m[2] === '!=' });
  }
  const fieldMatch = (o: KObject): boolean =>
    fieldReqs.every((f) => {
      let v: unknown = o;
      for (const p of f.path) v = v && typeof v === 'object' ? (v as Record<string, unknown>)[p] : undefined;
      return (String(v ?? '') === f.value) !== f.neg;
    });
  if (
    !['', 'wide', 'yaml', 'json', 'name'].includes(output) &&
    !output.startsWith('jsonpath=') &&
    !output.startsWith('go-template=') &&
    !columns
  ) {
    return fail(
      k,
      `unable to match a printer suitable for the output format "${output}", allowed formats are: custom-columns,custom-columns-file,go-template,go-template-file,json,jsonpath,jsonpath-as-json,jsonpath-file,name,template,templatefile,wide,yaml`,
    );
  }
  const ns = k.namespace;
  let status = 0;
  let table = new RememberingTable();
  const fetched: Fetched[] = [];
  const errors: string[] = [];
  for (const r of reqs) {
    const rns = r.rt.namespaced ? (allNs && r.names.length === 0 ? undefined : ns) : undefined;
    if (r.names.length) {
      const objs: KObject[] = [];
      for (const name of r.names) {
        const o = cluster.store.getLive(r.rt, rns, name);
        if (o) objs.push(o);
        else {
          errors.push(notFound(r.rt.group ? `${r.rt.resource}.${r.rt.group}` : r.rt.resource, name));
          status = 1;
        }
      }
      fetched.push({ rt: r.rt, objs });
    } else {
      fetched.push({
        rt: r.rt,
        objs: cluster.store
          .list(r.rt, rns)
          .filter((o) => matchesSelector(selector, o.metadata.labels) && fieldMatch(o)),
      });
    }
  }
  const singleNamed = reqs.length === 1 && reqs[0]!.names.length === 1;
  const all = fetched.flatMap((f) => f.objs);
  const now = cluster.now;

  if (columns) {
    const rows: string[][] = bool(flags, 'no-headers') ? [] : [columns.map((c) => c.header)];
    for (const o of all) {
      const data = clone(o);
      const cells: string[] = [];
      for (const c of columns) {
        try {
          const v = jsonPath(c.path.replace(/^\{(.*)\}$/, '{range $1}{@},{end}'), data).replace(/,$/, '');
          cells.push(v === '' ? '<none>' : v);
        } catch (e) {
          if (e instanceof JsonPathError) return fail(k, `error parsing jsonpath ${c.path}, ${e.message}`);
          throw e;
        }
      }
      rows.push(cells);
    }
    if (all.length > 0) k.out(new RememberingTable().write(rows));
  } else if (output.startsWith('go-template=')) {
    const data = singleNamed && all.length === 1 ? clone(all[0]!) : asList(all.map((o) => clone(o)));
    const text = output.slice('go-template='.length);
    try {
      k.out(goTemplate(text, data));
    } catch (e) {
      if (e instanceof GoTemplateError) {
        for (const er of errors) k.err(er + '\n');
        return fail(k, `error executing template "${text}": ${e.message}`);
      }
      throw e;
    }
  } else if (output === 'yaml' || output === 'json' || output.startsWith('jsonpath=')) {
    const data = singleNamed && all.length === 1 ? clone(all[0]!) : asList(all.map((o) => clone(o)));
    if (output === 'yaml') k.out(toYaml(data));
    else if (output === 'json') k.out(toJson(data));
    else {
      try {
        k.out(jsonPath(output.slice('jsonpath='.length), data));
      } catch (e) {
        if (e instanceof JsonPathError) {
          for (const er of errors) k.err(er + '\n');
          return fail(k, `error parsing jsonpath ${output.slice('jsonpath='.length)}, ${e.message}`);
        }
        throw e;
      }
    }
  } else if (output === 'name') {
    for (const o of all) k.out(nameOf(o) + '\n');
  } else {
    const withKind = fetched.length > 1;
    let first = true;
    table = new RememberingTable();
    for (const f of fetched) {
      if (f.objs.length === 0) continue;
      const p = PRINTERS[f.rt.resource];
      if (!p) continue;
      const showNs = allNs && f.rt.namespaced && reqs.every((r) => r.names.length === 0);
      const rows: string[][] = [];
      if (!bool(flags, 'no-headers')) {
        const h = [...p.headers, ...(wide ? p.wideHeaders : [])];
        if (bool(flags, 'show-labels')) h.push('LABELS');
        rows.push(showNs ? ['NAMESPACE', ...h] : h);
      }
      for (const o of f.objs) {
        const cells = p.row(o, now, wide);
        if (withKind) cells[0] = `${qualifiedSingular(f.rt)}/${cells[0]}`;
        if (bool(flags, 'show-labels')) cells.push(labelsCell(o));
        rows.push(showNs ? [o.metadata.namespace ?? '', ...cells] : cells);
      }
      if (!first) k.out('\n');
      first = false;
      if (!bool(flags, 'watch')) table = new RememberingTable();
      k.out(table.write(rows));
    }
  }
  for (const er of errors) k.err(er + '\n');
  if (
    all.length === 0 &&
    errors.length === 0 &&
    output !== 'yaml' &&
    output !== 'json' &&
    !output.startsWith('jsonpath') &&
    !output.startsWith('go-template')
  ) {
    const nsd = fetched.some((f) => f.rt.namespaced);
    k.err(nsd && !allNs ? `No resources found in ${ns} namespace.\n` : 'No resources found\n');
  }
  if (bool(flags, 'watch') && status === 0) return watch(k, fetched, selector, wide, allNs, table);
  return status;
}

async function watch(
  k: KubectlContext,
  fetched: Fetched[],
  selector: Requirement[],
  wide: boolean,
  allNs: boolean,
  table: RememberingTable,
): Promise<number> {
  const types = new Set(fetched.map((f) => f.rt.resource));
  const names = new Set(fetched.flatMap((f) => f.objs.map((o) => o.metadata.name)));
  const named = k.flags.positional.length > 1 || k.flags.positional.some((a) => a.includes('/'));
  const unwatch = k.cluster.store.watch((type, o, rt) => {
    if (!types.has(rt.resource)) return;
    if (rt.namespaced && !allNs && o.metadata.namespace !== k.namespace) return;
    if (named && !names.has(o.metadata.name)) return;
    if (!matchesSelector(selector, o.metadata.labels)) return;
    const p = PRINTERS[rt.resource];
    if (!p) return;
    void type;
    const cells = p.row(o, k.cluster.now, wide);
    k.out(table.write([allNs && rt.namespaced ? [o.metadata.namespace ?? '', ...cells] : cells]));
  });
  try {
    await k.ctx.signalled;
  } finally {
    unwatch();
  }
  return 130;
}
