/**
 * A place a shell can run: a node, a pod (its own network namespace on a node),
 * or the underlay's router. Each has its own hostname, file system and network
 * namespace.
 */
import type { VirtualFS } from './fs.js';
import type { Netns } from '../kernel/netns.js';

export type HostKind = 'node' | 'pod' | 'router';

export interface Host {
  /** The hostname the prompt shows: a node's name, a pod's name. */
  readonly name: string;
  readonly kind: HostKind;
  readonly fs: VirtualFS;
  readonly ns: Netns;
  /** For a pod: the node it runs on. */
  readonly node?: string;
  /** For a pod: its Kubernetes namespace. */
  readonly namespace?: string;
  /** Kernel modules present (br_netfilter…), sysctls and such live on the node. */
  readonly sysctl: Map<string, string>;
}
