/**
 * What iproute2 receives from the kernel, as plain data: one object per
 * RTM_NEWLINK / RTM_NEWADDR / RTM_NEWROUTE / RTM_NEWNEIGH message, holding only
 * the attributes Linux 6.x puts there for the devices we model. The printers
 * are ports of iproute2's and read nothing else; kernel.ts builds these from
 * the emulator's state.
 */

export const IFF_UP = 0x1;
export const IFF_BROADCAST = 0x2;
export const IFF_LOOPBACK = 0x8;
export const IFF_POINTOPOINT = 0x10;
export const IFF_RUNNING = 0x40;
export const IFF_NOARP = 0x80;
export const IFF_PROMISC = 0x100;
export const IFF_ALLMULTI = 0x200;
export const IFF_MASTER = 0x400;
export const IFF_SLAVE = 0x800;
export const IFF_MULTICAST = 0x1000;
export const IFF_LOWER_UP = 0x10000;
export const IFF_DORMANT = 0x20000;

export type OperState = 'UNKNOWN' | 'NOTPRESENT' | 'DOWN' | 'LOWERLAYERDOWN' | 'TESTING' | 'DORMANT' | 'UP';

export interface LinkStats {
  rxBytes: number;
  rxPackets: number;
  rxErrors: number;
  rxDropped: number;
  rxMissed: number;
  rxMcast: number;
  txBytes: number;
  txPackets: number;
  txErrors: number;
  txDropped: number;
  txCarrier: number;
  collisions: number;
}

export interface BridgeInfo {
  forwardDelay: number;
  helloTime: number;
  maxAge: number;
  ageingTime: number;
  stpState: number;
  priority: number;
  vlanFiltering: number;
  bridgeId: string;
  rootId: string;
  rootPort: number;
  rootPathCost: number;
  topologyChange: number;
  topologyChangeDetected: number;
  /** Timers in hundredths of a second (what iproute2 prints as %4i.%.2i). */
  helloTimer: number;
  tcnTimer: number;
  topologyChangeTimer: number;
  gcTimer: number;
  groupFwdMask: number;
  groupAddr: string;
  mcastSnooping: number;
  noLinklocalLearn: number;
  mcastVlanSnooping: number;
  mcastRouter: number;
  mcastQueryUseIfaddr: number;
  mcastQuerier: number;
  mcastHashElasticity: number;
  mcastHashMax: number;
  mcastLastMemberCnt: number;
  mcastStartupQueryCnt: number;
  mcastLastMemberIntvl: number;
  mcastMembershipIntvl: number;
  mcastQuerierIntvl: number;
  mcastQueryIntvl: number;
  mcastQueryResponseIntvl: number;
  mcastStartupQueryIntvl: number;
  mcastStatsEnabled: number;
  mcastIgmpVersion: number;
  mcastMldVersion: number;
  nfCallIptables: number;
  nfCallIp6tables: number;
  nfCallArptables: number;
}

export interface BridgePortInfo {
  state: number;
  priority: number;
  cost: number;
  hairpin: boolean;
  guard: boolean;
  rootBlock: boolean;
  fastLeave: boolean;
  learning: boolean;
  flood: boolean;
  portId: number;
  portNo: number;
  designatedPort: number;
  designatedCost: number;
  designatedBridge: string;
  designatedRoot: string;
  holdTimer: number;
  messageAgeTimer: number;
  forwardDelayTimer: number;
  topologyChangeAck: number;
  configPending: number;
  proxyArp: boolean;
  proxyArpWifi: boolean;
  mcastRouter: number;
  mcastFlood: boolean;
  bcastFlood: boolean;
  mcastToUcast: boolean;
  neighSuppress: boolean;
  groupFwdMask: number;
  vlanTunnel: boolean;
  isolated: boolean;
  locked: boolean;
}

export interface VxlanInfo {
  id: number;
  /** Unicast remote or multicast group; 0 when unset. */
  group: number;
  local: number;
  /** ifindex of the underlay device, 0 when none. */
  link: number;
  portLow: number;
  portHigh: number;
  port: number;
  learning: boolean;
  proxy: boolean;
  rsc: boolean;
  l2miss: boolean;
  l3miss: boolean;
  tos: number;
  ttl: number;
  ttlInherit: boolean;
  df: number;
  label: number;
  ageing: number;
  limit: number;
  udpCsum: boolean;
  udpZeroCsum6Tx: boolean;
  udpZeroCsum6Rx: boolean;
}

export type LinkKindInfo =
  { kind: 'bridge'; data: BridgeInfo } | { kind: 'vxlan'; data: VxlanInfo } | { kind: 'veth' } | { kind: 'dummy' };

export interface LinkMsg {
  ifindex: number;
  ifname: string;
  flags: number;
  /** ARPHRD name as iproute2 prints it: ether, loopback. */
  linkType: string;
  mtu: number;
  /** Absent in the AF_INET6 link dump `ip -6 addr` reads. */
  qdisc?: string;
  /** ifindex of the master device. */
  master?: number;
  operstate: OperState;
  linkmode: number;
  group?: number;
  txqlen: number;
  address: string;
  broadcast: string;
  /** IFLA_LINK: the peer's ifindex (veth). */
  link?: number;
  /** IFLA_LINK_NETNSID: set when the peer lives in another namespace. */
  linkNetnsid?: number;
  promiscuity: number;
  allmulti: number;
  minMtu: number;
  maxMtu: number;
  info?: LinkKindInfo;
  slave?: { kind: 'bridge'; data: BridgePortInfo };
  numTxQueues: number;
  numRxQueues: number;
  gsoMaxSize: number;
  gsoMaxSegs: number;
  tsoMaxSize: number;
  tsoMaxSegs: number;
  groMaxSize: number;
  stats: LinkStats;
  /** IFLA_CARRIER_CHANGES. */
  carrierChanges: number;
  /** IFLA_INET6_ADDR_GEN_MODE; undefined for devices without IPv6 (none here). */
  addrGenMode?: number;
}

export interface AddrMsg {
  family: 'inet' | 'inet6';
  ifindex: number;
  prefixlen: number;
  /** IFA_F_* bits (IFA_F_PERMANENT for addresses set by hand). */
  flags: number;
  scope: number;
  /** IFA_LOCAL / IFA_ADDRESS: printable. */
  local: string;
  /** The IPv4 value, for filters. */
  local4: number;
  /** Peer address when it differs from local (point-to-point); not modelled. */
  broadcast?: string;
  label?: string;
  validLft: number | 'forever';
  preferredLft: number | 'forever';
}

export const RTN_UNICAST = 1;
export const RTN_LOCAL = 2;
export const RTN_BROADCAST = 3;
export const RTN_ANYCAST = 4;
export const RTN_MULTICAST = 5;
export const RTN_BLACKHOLE = 6;
export const RTN_UNREACHABLE = 7;
export const RTN_PROHIBIT = 8;
export const RTN_THROW = 9;

export const RTNH_F_ONLINK = 0x4;
export const RTNH_F_LINKDOWN = 0x10;
export const RTNH_F_DEAD = 0x1;
export const RTM_F_CLONED = 0x200;

export const RT_SCOPE_UNIVERSE = 0;
export const RT_SCOPE_LINK = 253;
export const RT_SCOPE_HOST = 254;
export const RT_SCOPE_NOWHERE = 255;

export const RT_TABLE_MAIN = 254;
export const RT_TABLE_LOCAL = 255;

export const RTPROT_KERNEL = 2;
export const RTPROT_BOOT = 3;
export const RTPROT_STATIC = 4;

export interface RouteMsg {
  family: 'inet' | 'inet6';
  /** IPv6 destination as text (family inet6). */
  dst6?: string;
  /** RTA_PREF of IPv6 routes: 0 medium, 1 high, 3 low. */
  pref?: number;
  /** RTA_SRC: the `from` of `ip route get`. */
  src?: number;
  dstLen: number;
  tos: number;
  table: number;
  protocol: number;
  scope: number;
  type: number;
  flags: number;
  dst?: number;
  gateway?: number;
  oif?: number;
  prefsrc?: number;
  priority?: number;
  uid?: number;
  /** RTA_IIF of an input route (`ip route get … iif DEV`). */
  iif?: number;
  /** RTCF_* cache flags of `ip route get` (above 0xffff in rtm_flags). */
  cacheFlags?: number;
}

export const NUD_INCOMPLETE = 0x01;
export const NUD_REACHABLE = 0x02;
export const NUD_STALE = 0x04;
export const NUD_DELAY = 0x08;
export const NUD_PROBE = 0x10;
export const NUD_FAILED = 0x20;
export const NUD_NOARP = 0x40;
export const NUD_PERMANENT = 0x80;
export const NUD_NONE = 0x00;

export interface NeighMsg {
  family: 'inet';
  ifindex: number;
  state: number;
  flags: number;
  dst: number;
  lladdr?: string;
  router?: boolean;
  probes?: number;
  /** Times since used/confirmed/updated, in seconds (shown with -s). */
  used?: number;
  confirmed?: number;
  updated?: number;
  refcnt?: number;
}
