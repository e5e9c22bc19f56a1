/** What a flannel backend gives flanneld (pkg/backend): the network it registered, fed with lease events. */
import type { Netns } from '../../kernel/netns.js';
import type { NetDevice } from '../../kernel/netdevice.js';
import type { Severity } from '../klog.js';
import type { Ip4Net, NetConfig } from '../netconf.js';
import type { Lease } from '../lease.js';

export interface DaemonContext {
  readonly ns: Netns;
  readonly nodeName: string;
  readonly config: NetConfig;
  readonly extIface: NetDevice;
  readonly extIp: number;
  /** The VtepMAC stored in this node's backend-data annotation, if any. */
  readonly storedMac: string | undefined;
  log(sev: Severity, file: string, msg: string): void;
  /** A timer that dies with the process. */
  after(us: number, fn: () => void): void;
  /** A fresh MAC for a device this daemon creates. */
  mac(device: string): string;
}

export interface BackendNetwork {
  readonly type: string;
  readonly mtu: number;
  /** The backend-data annotation value. */
  readonly backendData: string;
  /** After the lease: address the device etc. Returns an error text on failure. */
  configure(lease: Ip4Net): string | undefined;
  /** bn.Run: start watchers and timers. */
  run(): void;
  added(l: Lease): void;
  removed(l: Lease): void;
}

/** RegisterNetwork's first half: a backend that could not even start returns an error text. */
export type BackendFactory = (ctx: DaemonContext) => BackendNetwork | { error: string };
