/** Merge patch (RFC 7386), JSON patch (RFC 6902), and what `strategic` means for the fields people patch. */
import { isObject } from '../../../k8s/objects.js';

export class PatchError extends Error {}

export function mergePatch(target: unknown, patch: unknown): unknown {
  if (!isObject(patch)) return structuredClone(patch);
  const out: Record<string, unknown> = isObject(target) ? { ...target } : {};
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete out[k];
    else out[k] = mergePatch(out[k], v);
  }
  return out;
}

/** Strategic merge: like merge patch, but lists of named things (containers, env, volumes…) merge by name. */
export function strategicPatch(target: unknown, patch: unknown): unknown {
  if (
    Array.isArray(patch) &&
    Array.isArray(target) &&
    patch.every((p) => isObject(p) && typeof p['name'] === 'string')
  ) {
    const out = target.map((t) => structuredClone(t) as unknown);
    for (const p of patch as Record<string, unknown>[]) {
      const i = out.findIndex((t) => isObject(t) && t['name'] === p['name']);
      if (i >= 0) out[i] = strategicPatch(out[i], p);
      else out.push(structuredClone(p));
    }
    return out;
  }
  if (!isObject(patch)) return structuredClone(patch);
  const out: Record<string, unknown> = isObject(target) ? { ...target } : {};
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete out[k];
    else out[k] = strategicPatch(out[k], v);
  }
  return out;
}

function unescape(tok: string): string {
  return tok.replace(/~1/g, '/').replace(/~0/g, '~');
}

function walk(doc: unknown, path: string): { parent: unknown; key: string } {
  if (!path.startsWith('/')) throw new PatchError(`invalid JSON pointer "${path}"`);
  const toks = path.slice(1).split('/').map(unescape);
  let cur = doc;
  for (let i = 0; i < toks.length - 1; i++) {
    const t = toks[i]!;
    if (Array.isArray(cur)) cur = cur[Number(t)];
    else if (isObject(cur)) cur = cur[t];
    else cur = undefined;
    if (cur === undefined) throw new PatchError(`doc is missing path: "${path}": missing value`);
  }
  return { parent: cur, key: toks[toks.length - 1]! };
}

export function jsonPatch(doc: unknown, ops: unknown): unknown {
  if (!Array.isArray(ops)) throw new PatchError('json: cannot unmarshal object into Go value of type jsonpatch.Patch');
  const out = structuredClone(doc);
  for (const op of ops) {
    if (!isObject(op) || typeof op['op'] !== 'string' || typeof op['path'] !== 'string')
      throw new PatchError('Unexpected kind: unknown');
    const { parent, key } = walk(out, op['path']);
    const get = (): unknown =>
      Array.isArray(parent)
        ? parent[key === '-' ? parent.length : Number(key)]
        : isObject(parent)
          ? parent[key]
          : undefined;
    switch (op['op']) {
      case 'add':
        if (Array.isArray(parent))
          parent.splice(key === '-' ? parent.length : Number(key), 0, structuredClone(op['value']));
        else if (isObject(parent)) parent[key] = structuredClone(op['value']);
        else throw new PatchError(`doc is missing path: "${op['path']}": missing value`);
        break;
      case 'replace':
        if (get() === undefined)
          throw new PatchError(`replace operation does not apply: doc is missing key: ${op['path']}: missing value`);
        if (Array.isArray(parent)) parent[Number(key)] = structuredClone(op['value']);
        else (parent as Record<string, unknown>)[key] = structuredClone(op['value']);
        break;
      case 'remove':
        if (get() === undefined)
          throw new PatchError(`remove operation does not apply: doc is missing path: "${op['path']}": missing value`);
        if (Array.isArray(parent)) parent.splice(Number(key), 1);
        else delete (parent as Record<string, unknown>)[key];
        break;
      case 'test':
        if (JSON.stringify(get()) !== JSON.stringify(op['value']))
          throw new PatchError(`testing value ${op['path']} failed: test failed`);
        break;
      default:
        throw new PatchError(`Unexpected kind: ${op['op']}`);
    }
  }
  return out;
}
