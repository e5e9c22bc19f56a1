/**
 * kubectl's -o yaml / json / name: YAML through sigs.k8s.io/yaml (keys
 * sorted, sequences not indented under their key), JSON with 4-space indent
 * in field order.
 */
import YAML from 'yaml';
import type { KObject } from '../../../k8s/objects.js';
import { qualifiedSingular, resourceForKind } from '../../../k8s/resources.js';

export function toYaml(v: unknown): string {
  // YAML 1.1 as go-yaml v2 speaks it: strings that look like timestamps or booleans get quoted.
  return YAML.stringify(v, { sortMapEntries: true, indentSeq: false, lineWidth: 0, version: '1.1' });
}

export function toJson(v: unknown): string {
  return JSON.stringify(v, null, 4) + '\n';
}

export function asList(items: KObject[]): Record<string, unknown> {
  return { apiVersion: 'v1', items, kind: 'List', metadata: { resourceVersion: '' } };
}

export function nameOf(o: KObject): string {
  const rt = resourceForKind(o.apiVersion, o.kind);
  return `${rt ? qualifiedSingular(rt) : o.kind.toLowerCase()}/${o.metadata.name}`;
}
