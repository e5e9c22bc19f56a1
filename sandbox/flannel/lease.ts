/**
 * The kube subnet manager's view of leases (pkg/subnet/kube): a node's
 * lease is its spec.podCIDR; its backend attributes are the
 * `flannel.alpha.coreos.com/*` annotations flanneld writes on acquiring it.
 */
import type { NodeObject } from '../k8s/objects.js';
import { parseIpv4 } from '../net/addr.js';
import { parseCidr, type Ip4Net } from './netconf.js';

export const ANNOTATION_PREFIX = 'flannel.alpha.coreos.com';

export interface Lease {
  node: string;
  subnet: Ip4Net;
  publicIp: number;
  backendType: string;
  /** The backend-data annotation's text (`{"VNI":1,"VtepMAC":"…"}` or `null`). */
  backendData: string;
}

/** Leases parsed once per node version: every flanneld of a large cluster reads the same nodes. */
const cache = new WeakMap<NodeObject, { rv: string; lease: Lease | undefined }>();

export function leaseOf(node: NodeObject, prefix = ANNOTATION_PREFIX): Lease | undefined {
  const hit = cache.get(node);
  if (hit && hit.rv === node.metadata.resourceVersion && prefix === ANNOTATION_PREFIX) return hit.lease;
  const lease = parseLease(node, prefix);
  if (prefix === ANNOTATION_PREFIX) cache.set(node, { rv: node.metadata.resourceVersion, lease });
  return lease;
}

function parseLease(node: NodeObject, prefix: string): Lease | undefined {
  const a = node.metadata.annotations ?? {};
  if (a[`${prefix}/kube-subnet-manager`] !== 'true') return undefined;
  const subnet = parseCidr(node.spec.podCIDR ?? '');
  const ip = parseIpv4(a[`${prefix}/public-ip-overwrite`] ?? a[`${prefix}/public-ip`] ?? '');
  if (!subnet || ip === undefined) return undefined;
  return {
    node: node.metadata.name,
    subnet,
    publicIp: ip,
    backendType: a[`${prefix}/backend-type`] ?? '',
    backendData: a[`${prefix}/backend-data`] ?? 'null',
  };
}

export function vxlanData(l: Lease): { VNI: number; VtepMAC: string } | undefined {
  try {
    const d = JSON.parse(l.backendData) as { VNI?: unknown; VtepMAC?: unknown } | null;
    if (d && typeof d.VtepMAC === 'string') return { VNI: Number(d.VNI ?? 1), VtepMAC: d.VtepMAC };
  } catch {
    // a hand-edited annotation: not a usable vxlan lease
  }
  return undefined;
}
