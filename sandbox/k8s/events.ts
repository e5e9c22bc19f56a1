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
  const existing = c.store
    .list(RT.events, ns)
    .find(
      (e) =>
        (e['involvedObject'] as { uid?: string }).uid === obj.metadata.uid &&
        e['reason'] === reason &&
        e['message'] === message,
    );
  if (existing) {
    existing['count'] = ((existing['count'] as number) ?? 1) + 1;
    existing['lastTimestamp'] = now;
    c.store.update(existing);
    return;
  }
  const all = c.store.list(RT.events, ns);
  if (all.length >= MAX_EVENTS_PER_NAMESPACE) {
    const oldest = all.reduce((a, b) => (String(a['lastTimestamp']) <= String(b['lastTimestamp']) ? a : b));
    c.store.delete(RT.events, ns, oldest.metadata.name);
  }
  c.store.create({
    apiVersion: 'v1',
    kind: 'Event',
    metadata: { name: `${obj.metadata.name}.${c.rng.hex(16)}`, namespace: ns },
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
  return c.store
    .list(RT.events, obj.metadata.namespace ?? 'default')
    .filter((e) => (e['involvedObject'] as { uid?: string }).uid === obj.metadata.uid)
    .sort((a, b) => (String(a['firstTimestamp']) < String(b['firstTimestamp']) ? -1 : 1));
}
