/**
 * The API server's storage: objects by resource type, namespace and name, a
 * single resourceVersion counter, uids from the world's RNG, and watches
 * (kubectl get -w and the controllers listen here).
 */
import type { World } from '../world/world.js';
import type { Rng } from '../world/rng.js';
import { clone, type KObject, type NewObject } from './objects.js';
import { RESOURCE_TYPES, resourceForKind, type ResourceType } from './resources.js';
import { rfc3339 } from './time.js';

export type WatchType = 'ADDED' | 'MODIFIED' | 'DELETED';
export type WatchFn = (type: WatchType, obj: KObject, rt: ResourceType) => void;

function key(ns: string | undefined, name: string): string {
  return ns ? `${ns}/${name}` : name;
}

export class ApiStore {
  private readonly data = new Map<string, Map<string, KObject>>();
  private rv = 1000;
  private readonly watchers = new Set<WatchFn>();

  constructor(
    private readonly world: World,
    private readonly rng: Rng,
  ) {
    for (const t of RESOURCE_TYPES) this.data.set(t.resource, new Map());
  }

  private table(rt: ResourceType): Map<string, KObject> {
    return this.data.get(rt.resource)!;
  }

  /** The latest resourceVersion handed out: any write moves it. */
  get revision(): number {
    return this.rv;
  }

  uid(): string {
    const r = this.rng;
    return `${r.hex(8)}-${r.hex(4)}-4${r.hex(3)}-${'89ab'[r.int(0, 3)]}${r.hex(3)}-${r.hex(12)}`;
  }

  /** The live object (callers that change it must call update()). */
  getLive(rt: ResourceType, ns: string | undefined, name: string): KObject | undefined {
    return this.table(rt).get(key(rt.namespaced ? ns : undefined, name));
  }

  get(rt: ResourceType, ns: string | undefined, name: string): KObject | undefined {
    const o = this.getLive(rt, ns, name);
    return o ? clone(o) : undefined;
  }

  /** Live objects sorted as etcd returns them: by namespace, then name. */
  list(rt: ResourceType, ns?: string): KObject[] {
    const out: KObject[] = [];
    for (const o of this.table(rt).values()) {
      if (!rt.namespaced || ns === undefined || o.metadata.namespace === ns) out.push(o);
    }
    return out.sort((a, b) => {
      const ka = key(a.metadata.namespace, a.metadata.name);
      const kb = key(b.metadata.namespace, b.metadata.name);
      return ka < kb ? -1 : ka > kb ? 1 : 0;
    });
  }

  /** Create with server-set fields; `at` backdates creationTimestamp (scenario history). */
  create(obj: NewObject, at?: number): KObject {
    const rt = resourceForKind(obj.apiVersion, obj.kind);
    if (!rt) throw new Error(`no resource for ${obj.apiVersion} ${obj.kind}`);
    const m = obj.metadata;
    const meta = {
      name: m.name,
      ...(m.generateName ? { generateName: m.generateName } : {}),
      ...(rt.namespaced ? { namespace: m.namespace ?? 'default' } : {}),
      uid: this.uid(),
      resourceVersion: String(++this.rv),
      ...(rt.resource === 'deployments' || rt.resource === 'daemonsets' || rt.resource === 'replicasets'
        ? { generation: 1 }
        : {}),
      creationTimestamp: rfc3339(at ?? this.world.clock.now),
      ...(m.labels ? { labels: m.labels } : {}),
      ...(m.annotations ? { annotations: m.annotations } : {}),
      ...(m.ownerReferences ? { ownerReferences: m.ownerReferences } : {}),
    };
    const stored: KObject = { ...obj, metadata: meta };
    this.table(rt).set(key(meta.namespace, meta.name), stored);
    this.notify('ADDED', stored, rt);
    return stored;
  }

  /** Store a changed object (the caller mutated a live one, or passes a replacement). */
  update(obj: KObject): KObject {
    const rt = resourceForKind(obj.apiVersion, obj.kind);
    if (!rt) throw new Error(`no resource for ${obj.apiVersion} ${obj.kind}`);
    obj.metadata.resourceVersion = String(++this.rv);
    this.table(rt).set(key(obj.metadata.namespace, obj.metadata.name), obj);
    this.notify('MODIFIED', obj, rt);
    return obj;
  }

  delete(rt: ResourceType, ns: string | undefined, name: string): KObject | undefined {
    const k = key(rt.namespaced ? ns : undefined, name);
    const o = this.table(rt).get(k);
    if (!o) return undefined;
    this.table(rt).delete(k);
    this.notify('DELETED', o, rt);
    return o;
  }

  watch(fn: WatchFn): () => void {
    this.watchers.add(fn);
    return () => this.watchers.delete(fn);
  }

  private notify(type: WatchType, obj: KObject, rt: ResourceType): void {
    for (const w of [...this.watchers]) w(type, obj, rt);
  }
}
