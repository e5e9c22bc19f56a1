/** Plug flannel into a cluster: its container programs and the CNI path of every node's runtime. */
import type { Cluster } from '../k8s/cluster.js';
import { flanneld, installConf } from './flanneld.js';
import { FlannelCni } from './cni/index.js';

export function installFlannelSupport(c: Cluster): void {
  c.programs.set('flanneld', flanneld);
  c.programs.set('install-conf', installConf);
  c.network = new FlannelCni(c.world, c);
}
