/** Every exercise, in the order of the chapters. */
import type { Exercise } from './types.js';
import { deployFlannel } from './deploy/deploy-flannel.js';
import { podcidrCrashloop } from './deploy/podcidr-crashloop.js';
import { subnetEnv } from './deploy/subnet-env.js';
import { forwardDrop } from './deploy/forward-drop.js';
import { masquerade } from './deploy/masquerade.js';
import { mtuDf } from './vxlan/mtu-df.js';
import { predictTtl } from './vxlan/predict-ttl.js';
import { restoreFdb } from './vxlan/restore-fdb.js';
import { restoreNeighbour } from './vxlan/restore-neighbour.js';
import { restoreOnlinkRoute } from './vxlan/restore-onlink-route.js';
import { sameNodePath } from './vxlan/same-node-path.js';
import { staleVtepMac } from './vxlan/stale-vtep-mac.js';
import { vethNomaster } from './vxlan/veth-nomaster.js';
import { vniFilter } from './vxlan/vni-filter.js';
import { vxlanPortVni } from './vxlan/vxlan-port-vni.js';
import { vxlanPortBlocked } from './vxlan/vxlan-port-blocked.js';
import { predictHostGw } from './host-gw/predict-host-gw.js';
import { hostGwRouteHeal } from './host-gw/route-heal.js';
import { hostGwL3 } from './host-gw/host-gw-l3.js';
import { thirdNode } from './host-gw/third-node.js';
import { switchHostGw } from './host-gw/switch-host-gw.js';

export const catalog: readonly Exercise[] = [
  deployFlannel,
  podcidrCrashloop,
  subnetEnv,
  forwardDrop,
  masquerade,
  sameNodePath,
  vethNomaster,
  vxlanPortVni,
  vniFilter,
  predictTtl,
  restoreOnlinkRoute,
  restoreNeighbour,
  restoreFdb,
  staleVtepMac,
  mtuDf,
  vxlanPortBlocked,
  switchHostGw,
  predictHostGw,
  hostGwRouteHeal,
  thirdNode,
  hostGwL3,
];
