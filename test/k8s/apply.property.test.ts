/**
 * 10,000 generated or mangled YAML inputs to `kubectl apply -f -`: the
 * command never throws, and an input is applied whole or not at all — a
 * failed apply leaves every object as it was; a successful one leaves each
 * object carrying exactly its document as last-applied-configuration.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import YAML from 'yaml';
import { World } from '../../sandbox/world/world.js';
import { Cluster } from '../../sandbox/k8s/cluster.js';
import { kubectl } from '../../sandbox/commands/k8s/kubectl/index.js';
import { LAST_APPLIED } from '../../sandbox/k8s/apply.js';
import { RESOURCE_TYPES } from '../../sandbox/k8s/resources.js';
import { makeHost, runCommand } from './harness.js';

function setup(): { w: World; c: Cluster; host: ReturnType<typeof makeHost> } {
  const w = new World({ seed: 9 });
  const host = makeHost(w, 'n1', 'node');
  const c = new Cluster(w);
  for (const ns of ['default', 'kube-system', 'lab'])
    c.store.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } });
  w.cluster = c;
  return { w, c, host };
}

/** Nothing else writes in this world, so the store's revision moves exactly when apply wrote something. */
function snapshot(c: Cluster): number {
  return c.store.revision;
}

const name = fc.stringMatching(/^[a-z][a-z0-9-]{0,10}[a-z0-9]$/);
const label = fc.dictionary(fc.stringMatching(/^[a-z]{1,6}$/), fc.stringMatching(/^[a-z0-9]{0,6}$/), { maxKeys: 3 });
const configMap = fc.record({
  apiVersion: fc.constant('v1'),
  kind: fc.constant('ConfigMap'),
  metadata: fc.record({ name, namespace: fc.constantFrom('default', 'lab', 'kube-system'), labels: label }),
  data: fc.dictionary(fc.stringMatching(/^[a-z.]{1,8}$/), fc.string({ maxLength: 20 }), { maxKeys: 3 }),
});
const namespace = fc.record({
  apiVersion: fc.constant('v1'),
  kind: fc.constant('Namespace'),
  metadata: fc.record({ name }),
});
const deployment = fc.record({
  apiVersion: fc.constant('apps/v1'),
  kind: fc.constant('Deployment'),
  metadata: fc.record({ name, namespace: fc.constantFrom('default', 'lab') }),
  spec: fc.record({
    replicas: fc.integer({ min: 0, max: 4 }),
    selector: fc.constant({ matchLabels: { app: 'x' } }),
    template: fc.record({
      metadata: fc.constantFrom({ labels: { app: 'x' } }, { labels: { app: 'y' } }),
      spec: fc.record({ containers: fc.constantFrom([{ name: 'c', image: 'busybox:1.36' }], [], [{ name: 'c' }]) }),
    }),
  }),
});
const junk = fc.oneof(
  fc.string({ maxLength: 30 }),
  fc.integer(),
  fc.array(fc.string({ maxLength: 5 }), { maxLength: 3 }),
  fc.constant(null),
);
const objectish = fc.oneof(
  configMap,
  namespace,
  deployment,
  fc.dictionary(fc.constantFrom('apiVersion', 'kind', 'metadata', 'data', 'spec'), junk, { maxKeys: 4 }),
);
const docs = fc
  .array(objectish, { minLength: 1, maxLength: 4 })
  .map((objs) => objs.map((o) => YAML.stringify(o)).join('---\n'));

/** Damage a text: cut, insert YAML-significant characters, swap indentation. */
const mangled = fc
  .tuple(
    docs,
    fc.array(
      fc.tuple(
        fc.nat(),
        fc.constantFrom(':', '[', '{', '}', ']', '\t', '- ', '"', "'", '&a', '*b', '\n  ', '@', '#', '---\n', ''),
      ),
      { maxLength: 4 },
    ),
    fc.option(fc.nat()),
  )
  .map(([t, edits, cut]) => {
    let s = t;
    for (const [pos, ins] of edits) {
      const p = s.length ? pos % s.length : 0;
      s = s.slice(0, p) + ins + s.slice(p + (ins === '' ? 1 : 0));
    }
    if (cut !== null && s.length) s = s.slice(0, cut % s.length);
    return s;
  });

describe('kubectl apply -f - under generated and mangled input', () => {
  it('never throws and never half-applies (10,000 inputs)', async () => {
    const { w, c, host } = setup();
    let applied = 0;
    let refused = 0;
    await fc.assert(
      fc.asyncProperty(fc.oneof(docs, mangled, fc.string({ maxLength: 60 })), async (text) => {
        const before = snapshot(c);
        const r = await runCommand(w, host, kubectl, ['kubectl', 'apply', '-f', '-'], { stdin: text });
        expect(r.stderr).not.toMatch(/^error: (TypeError|RangeError|ReferenceError|Cannot read|undefined is not)/m);
        if (r.status !== 0) {
          refused++;
          expect(snapshot(c)).toBe(before);
          return;
        }
        applied++;
        let parsed: unknown[];
        try {
          parsed = YAML.parseAllDocuments(text)
            .map((d) => d.toJS())
            .filter((v) => v !== null && v !== undefined);
        } catch {
          return;
        }
        for (const doc of parsed) {
          const o = doc as { kind: string; metadata: { name: string; namespace?: string } };
          const rt = RESOURCE_TYPES.find((t) => t.kind === o.kind)!;
          const live = c.store.get(
            rt,
            rt.namespaced ? (o.metadata.namespace ?? 'default') : undefined,
            o.metadata.name,
          );
          expect(live, `${o.kind}/${o.metadata.name}`).toBeDefined();
          expect(live!.metadata.annotations?.[LAST_APPLIED]).toBeDefined();
        }
      }),
      { numRuns: 10_000, seed: 4242 },
    );
    expect(applied).toBeGreaterThan(100);
    expect(refused).toBeGreaterThan(100);
  }, 240_000);
});
