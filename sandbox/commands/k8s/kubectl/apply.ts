/** kubectl apply -f FILE|URL|- : every document validated first; then each object created, configured or unchanged. */
import { applyObject, namespaceExists, validateDoc, type Validated } from '../../../k8s/apply.js';
import { parseDocuments } from '../../../k8s/yamlerrors.js';
import { qualifiedSingular } from '../../../k8s/resources.js';
import { RT } from '../../../k8s/cluster.js';
import { strs, type FlagSpec } from './flags.js';
import type { KubectlContext } from './context.js';
import { readInput } from './input.js';

export const APPLY_FLAGS: readonly FlagSpec[] = [
  { long: 'filename', short: 'f', type: 'strings' },
  { long: 'recursive', short: 'R', type: 'bool' },
  { long: 'validate', type: 'string' },
  { long: 'dry-run', type: 'string' },
  { long: 'output', short: 'o', type: 'string' },
];

export const APPLY_HELP = `Apply a configuration to a resource by file name or stdin. The resource name must be specified. This resource will be
created if it doesn't exist yet. To use 'apply', always create the resource initially with either 'apply' or 'create
--save-config'.

 JSON and YAML formats are accepted.

Examples:
  # Apply the configuration in pod.json to a pod
  kubectl apply -f ./pod.json

  # Apply the JSON passed into stdin to a pod
  cat pod.json | kubectl apply -f -

Options:
    -f, --filename=[]:
	The files that contain the configurations to apply.

Usage:
  kubectl apply (-f FILENAME | -k DIRECTORY) [options]

Use "kubectl options" for a list of global command-line options (applies to all commands).
`;

export async function loadObjects(
  k: KubectlContext,
  files: string[],
): Promise<{ ok: true; items: { v: Validated; source: string }[] } | { ok: false; error: string }> {
  const items: { v: Validated; source: string }[] = [];
  for (const f of files) {
    const input = await readInput(k, f);
    if (!input.ok) return input;
    const parsed = parseDocuments(input.text);
    if (!parsed.ok) return { ok: false, error: `error: error parsing ${input.source}: ${parsed.error}\n` };
    for (const d of parsed.docs) {
      const docs = isList(d.value) ? (d.value as { items: unknown[] }).items : [d.value];
      for (const doc of docs) {
        const r = validateDoc(k.cluster, doc, input.source, k.namespace);
        if (!r.ok)
          return {
            ok: false,
            error:
              r.error.startsWith('error') || r.error.startsWith('Unable')
                ? r.error
                : `Error from server (Invalid): error when creating "${input.source}": ${r.error}`,
          };
        items.push({ v: r.v, source: input.source });
      }
    }
  }
  return { ok: true, items };
}

function isList(v: unknown): boolean {
  return (
    !!v &&
    typeof v === 'object' &&
    (v as { kind?: unknown }).kind === 'List' &&
    Array.isArray((v as { items?: unknown }).items)
  );
}

export async function runApply(k: KubectlContext): Promise<number> {
  const files = strs(k.flags, 'filename');
  if (files.length === 0) {
    k.err('error: must specify one of -f and -k\n\n');
    return 1;
  }
  const loaded = await loadObjects(k, files);
  if (!loaded.ok) {
    k.err(loaded.error);
    return 1;
  }
  if (loaded.items.length === 0) {
    k.err('error: no objects passed to apply\n');
    return 1;
  }
  // All or nothing: a namespace must exist or be created earlier in the same input.
  const creating = new Set<string>();
  for (const { v, source } of loaded.items) {
    if (v.ns !== undefined && !creating.has(v.ns) && !namespaceExists(k.cluster, v.ns)) {
      k.err(`Error from server (NotFound): error when creating "${source}": namespaces "${v.ns}" not found\n`);
      return 1;
    }
    const live = v.ns !== undefined ? k.cluster.get(RT.namespaces, undefined, v.ns) : undefined;
    if (live?.metadata.deletionTimestamp && !creating.has(v.ns!)) {
      k.err(
        `Error from server (Forbidden): error when creating "${source}": ${v.rt.resource} "${v.name}" is forbidden: unable to create new content in namespace ${v.ns} because it is being terminated\n`,
      );
      return 1;
    }
    if (v.rt.resource === 'namespaces') creating.add(v.name);
  }
  for (const { v } of loaded.items) {
    const outcome = applyObject(k.cluster, v);
    k.out(`${qualifiedSingular(v.rt)}/${v.name} ${outcome}\n`);
  }
  return 0;
}
