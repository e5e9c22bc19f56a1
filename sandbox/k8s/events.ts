/**
 * Kubernetes Events (what `kubectl describe` lists at the bottom): one object
 * per (object, reason, message), counted when it repeats, bounded per
 * namespace so a crash loop cannot grow the store without end.
 */
import type { Cluster } from './cluster.js';
import { RT } from './cluster.js';
import type { KObject } from './objects.js';
import { rfc3339 } from './time.js';

export const MAX_EVENTS_PER_NAMESPACE = 500;

interface EventIndex {
  /** uid|reason|message → event name */
  byKey: Map<string, string>;
  /** per namespace, oldest first, for the cap */
  order: Map<string, string[]>;
  /** uid → event names, for describe */
  byUid: Map<string, string[]>;
}

const indexes = new WeakMap<Cluster, EventIndex>();

function indexOf(c: Cluster): EventIndex {
  let i = indexes.get(c);
  if (!i) indexes.set(c, (i = { byKey: new Map(), order: new Map(), byUid: new Map() }));
  return i;
}

export function recordEvent(
  c: Cluster,
  obj: KObject,
  type: 'Normal' | 'Warning',
  reason: string,
  message: string,
  source: { component: string; host?: string },
): void {
  const ns = obj.metadata.namespace ?? 'default';
  const now = rfc3339(c.now);
  const idx = indexOf(c);
  const k = `${obj.metadata.uid}|${reason}|${message}`;
  const existingName = idx.byKey.get(k);
  const existing = existingName ? c.store.getLive(RT.events, ns, existingName) : undefined;
  if (existing) {
    existing['count'] = ((existing['count'] as number) ?? 1) + 1;
    existing['lastTimestamp'] = now;
    c.store.update(existing);
    return;
  }
  let order = idx.order.get(ns);
  if (!order) idx.order.set(ns, (order = []));
  while (order.length >= MAX_EVENTS_PER_NAMESPACE) {
    const oldest = order.shift()!;
    const o = c.store.delete(RT.events, ns, oldest);
    if (o) {
      const inv = o['involvedObject'] as { uid?: string };
      idx.byKey.delete(`${inv.uid}|${String(o['reason'])}|${String(o['message'])}`);
      const list = idx.byUid.get(inv.uid ?? '');
      if (list) list.splice(list.indexOf(oldest), 1);
    }
  }
  const name = `${obj.metadata.name}.${c.rng.hex(16)}`;
  order.push(name);
  idx.byKey.set(k, name);
  const list = idx.byUid.get(obj.metadata.uid) ?? [];
  list.push(name);
  idx.byUid.set(obj.metadata.uid, list);
  c.store.create({
    apiVersion: 'v1',
    kind: 'Event',
    metadata: { name, namespace: ns },
    involvedObject: {
      kind: obj.kind,
      namespace: obj.metadata.namespace,
      name: obj.metadata.name,
      uid: obj.metadata.uid,
      apiVersion: obj.apiVersion,
    },
    reason,
    message,
    source,
    firstTimestamp: now,
    lastTimestamp: now,
    count: 1,
    type,
  });
}

/** Events about one object, oldest first. */
export function eventsFor(c: Cluster, obj: KObject): KObject[] {
  const ns = obj.metadata.namespace ?? 'default';
  return (indexOf(c).byUid.get(obj.metadata.uid) ?? [])
    .map((n) => c.store.getLive(RT.events, ns, n))
    .filter((e): e is KObject => e !== undefined)
    .sort((a, b) => (String(a['firstTimestamp']) < String(b['firstTimestamp']) ? -1 : 1));
}
