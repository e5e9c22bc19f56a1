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
  private readonly watchers = new Map<string, Set<WatchFn>>();
  private readonly allWatchers = new Set<WatchFn>();
  /** Sorted views of each table, rebuilt only after a create or delete (updates keep keys). */
  private readonly sorted = new Map<string, KObject[]>();

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
    let all = this.sorted.get(rt.resource);
    if (!all) {
      all = [...this.table(rt).entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, o]) => o);
      this.sorted.set(rt.resource, all);
    }
    if (!rt.namespaced || ns === undefined) return [...all];
    return all.filter((o) => o.metadata.namespace === ns);
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
    this.sorted.delete(rt.resource);
    this.notify('ADDED', stored, rt);
    return stored;
  }

  /** Store a changed object (the caller mutated a live one, or passes a replacement). */
  update(obj: KObject): KObject {
    const rt = resourceForKind(obj.apiVersion, obj.kind);
    if (!rt) throw new Error(`no resource for ${obj.apiVersion} ${obj.kind}`);
    obj.metadata.resourceVersion = String(++this.rv);
    const k = key(obj.metadata.namespace, obj.metadata.name);
    if (this.table(rt).get(k) !== obj) this.sorted.delete(rt.resource);
    this.table(rt).set(k, obj);
    this.notify('MODIFIED', obj, rt);
    return obj;
  }

  delete(rt: ResourceType, ns: string | undefined, name: string): KObject | undefined {
    const k = key(rt.namespaced ? ns : undefined, name);
    const o = this.table(rt).get(k);
    if (!o) return undefined;
    this.table(rt).delete(k);
    this.sorted.delete(rt.resource);
    this.notify('DELETED', o, rt);
    return o;
  }

  /** Watch every change, or only changes to the given resource types (cheaper with many watchers). */
  watch(fn: WatchFn, only?: readonly ResourceType[]): () => void {
    if (!only) {
      this.allWatchers.add(fn);
      return () => this.allWatchers.delete(fn);
    }
    for (const t of only) {
      let set = this.watchers.get(t.resource);
      if (!set) this.watchers.set(t.resource, (set = new Set()));
      set.add(fn);
    }
    return () => {
      for (const t of only) this.watchers.get(t.resource)?.delete(fn);
    };
  }

  private notify(type: WatchType, obj: KObject, rt: ResourceType): void {
    const typed = this.watchers.get(rt.resource);
    if (typed) for (const w of [...typed]) w(type, obj, rt);
    for (const w of [...this.allWatchers]) w(type, obj, rt);
  }
}
