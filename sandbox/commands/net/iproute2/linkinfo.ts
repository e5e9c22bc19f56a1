/**
 * ip/ipaddress.c print_linkinfo() and friends: the link line of `ip link` and
 * `ip addr`, brief mode, -d details (with iplink_bridge.c, iplink_vxlan.c and
 * iplink_bridge_slave.c) and -s counters.
 */
import { PT, type Printer } from './print.js';
import { sprintf } from './printf.js';
import {
  IFF_ALLMULTI,
  IFF_BROADCAST,
  IFF_DORMANT,
  IFF_LOOPBACK,
  IFF_LOWER_UP,
  IFF_MASTER,
  IFF_MULTICAST,
  IFF_NOARP,
  IFF_POINTOPOINT,
  IFF_PROMISC,
  IFF_RUNNING,
  IFF_SLAVE,
  IFF_UP,
  type BridgeInfo,
  type BridgePortInfo,
  type LinkMsg,
  type LinkStats,
  type VxlanInfo,
} from './rtnl.js';
import { formatIpv4 } from '../../../net/addr.js';

export interface LinkPrintOpts {
  brief: boolean;
  details: number;
  stats: number;
  /** `ip link` (do_link) rather than `ip addr`. */
  doLink: boolean;
  /** filter.family == AF_PACKET or unset, as the link/ether line needs. */
  showLinkLayer: boolean;
  /** Name of an ifindex in this namespace (ll_index_to_name), for master/@peer. */
  indexToName(ifindex: number): string;
  /** Flags of an ifindex in this namespace, for M-DOWN. */
  indexToFlags(ifindex: number): number | undefined;
}

function printLinkFlags(p: Printer, flagsIn: number, mdown: boolean): void {
  let flags = flagsIn;
  p.openArray(PT.ANY, p.json ? 'flags' : '<');
  if (flags & IFF_UP && !(flags & IFF_RUNNING)) p.string(PT.ANY, null, flags ? '%s,' : '%s', 'NO-CARRIER');
  flags &= ~IFF_RUNNING;
  const table: [number, string][] = [
    [IFF_LOOPBACK, 'LOOPBACK'],
    [IFF_BROADCAST, 'BROADCAST'],
    [IFF_POINTOPOINT, 'POINTOPOINT'],
    [IFF_MULTICAST, 'MULTICAST'],
    [IFF_NOARP, 'NOARP'],
    [IFF_ALLMULTI, 'ALLMULTI'],
    [IFF_PROMISC, 'PROMISC'],
    [IFF_MASTER, 'MASTER'],
    [IFF_SLAVE, 'SLAVE'],
    [IFF_UP, 'UP'],
    [IFF_LOWER_UP, 'LOWER_UP'],
    [IFF_DORMANT, 'DORMANT'],
  ];
  for (const [bit, name] of table) {
    if (flags & bit) {
      flags &= ~bit;
      p.string(PT.ANY, null, flags ? '%s,' : '%s', name);
    }
  }
  if (flags) p.hex(PT.ANY, null, '%x', flags);
  if (mdown) p.string(PT.ANY, null, ',%s', 'M-DOWN');
  p.closeArray(PT.ANY, '> ');
}

function printOperstate(p: Printer, state: string, brief: boolean): void {
  if (brief) p.string(PT.ANY, 'operstate', '%-14s ', state);
  else if (p.json) p.string(PT.JSON, 'operstate', null, state);
  else p.fp(`state ${state} `);
}

/** print_name_and_link(): `name@peer` and whether the peer is down (M-DOWN). */
function printNameAndLink(p: Printer, fmt: string, l: LinkMsg, o: LinkPrintOpts): boolean {
  let name = l.ifname;
  let mflag = false;
  if (l.link !== undefined) {
    let link: string | undefined;
    if (l.link) {
      if (l.linkNetnsid !== undefined) {
        if (p.json) p.int(PT.JSON, 'link_index', null, l.link);
        else link = `if${l.link}`;
      } else {
        const ln = o.indexToName(l.link);
        if (p.json) p.string(PT.JSON, 'link', null, ln);
        else link = ln;
        const f = o.indexToFlags(l.link);
        mflag = !((f ?? 0) & IFF_UP);
      }
    } else if (p.json) p.null(PT.JSON, 'link', null);
    else link = 'NONE';
    if (link !== undefined) name = `${name}@${link}`;
  }
  p.string(PT.ANY, 'ifname', fmt, name);
  return mflag;
}

function printLinkinfoBrief(p: Printer, l: LinkMsg, o: LinkPrintOpts, family: 'packet' | 'other'): void {
  const mflag = printNameAndLink(p, '%-16s ', l, o);
  printOperstate(p, l.operstate, true);
  if (family === 'packet') {
    p.string(PT.ANY, 'address', '%s ', l.address);
    printLinkFlags(p, l.flags, mflag);
    p.string(PT.FP, null, '%s', '\n');
  }
}

/** print_linkinfo(). Returns false when nothing was printed. */
export function printLinkinfo(p: Printer, l: LinkMsg, o: LinkPrintOpts, family: 'packet' | 'other' = 'other'): void {
  if (o.brief) {
    printLinkinfoBrief(p, l, o, o.doLink ? 'packet' : family);
    return;
  }
  p.int(PT.ANY, 'ifindex', '%d: ', l.ifindex);
  const mflag = printNameAndLink(p, '%s: ', l, o);
  printLinkFlags(p, l.flags, mflag);
  p.int(PT.ANY, 'mtu', 'mtu %u ', l.mtu);
  if (l.qdisc !== undefined) p.string(PT.ANY, 'qdisc', 'qdisc %s ', l.qdisc);
  if (l.master !== undefined) p.string(PT.ANY, 'master', 'master %s ', o.indexToName(l.master));
  printOperstate(p, l.operstate, false);
  if (o.doLink) p.string(PT.ANY, 'linkmode', 'mode %s ', l.linkmode === 1 ? 'DORMANT' : 'DEFAULT');
  if (l.group !== undefined) p.string(PT.ANY, 'group', 'group %s ', l.group === 0 ? 'default' : String(l.group));
  if (l.txqlen) p.int(PT.ANY, 'txqlen', 'qlen %d', l.txqlen);

  if (o.showLinkLayer || o.details) {
    p.nl();
    p.string(PT.ANY, 'link_type', '    link/%s ', l.linkType);
    p.string(PT.ANY, 'address', '%s', l.address);
    p.string(PT.FP, null, ' brd ', null);
    p.string(PT.ANY, 'broadcast', '%s', l.broadcast);
  }
  if (l.linkNetnsid !== undefined) {
    if (p.json) p.int(PT.JSON, 'link_netnsid', null, l.linkNetnsid);
    else p.fp(sprintf(' link-netnsid %d', l.linkNetnsid));
  }
  if (o.details) {
    p.uint(PT.ANY, 'promiscuity', ' promiscuity %u ', l.promiscuity);
    p.uint(PT.ANY, 'allmulti', ' allmulti %u ', l.allmulti);
    p.uint(PT.ANY, 'min_mtu', 'minmtu %u ', l.minMtu);
    p.uint(PT.ANY, 'max_mtu', 'maxmtu %u ', l.maxMtu);
    if (l.info || l.slave) printLinktype(p, l, o);
    if (o.doLink && l.addrGenMode !== undefined) printAfSpec(p, l.addrGenMode);
    p.uint(PT.ANY, 'num_tx_queues', 'numtxqueues %u ', l.numTxQueues);
    p.uint(PT.ANY, 'num_rx_queues', 'numrxqueues %u ', l.numRxQueues);
    p.uint(PT.ANY, 'gso_max_size', 'gso_max_size %u ', l.gsoMaxSize);
    p.uint(PT.ANY, 'gso_max_segs', 'gso_max_segs %u ', l.gsoMaxSegs);
    p.uint(PT.ANY, 'tso_max_size', 'tso_max_size %u ', l.tsoMaxSize);
    p.uint(PT.ANY, 'tso_max_segs', 'tso_max_segs %u ', l.tsoMaxSegs);
    p.uint(PT.ANY, 'gro_max_size', 'gro_max_size %u ', l.groMaxSize);
  }
  if (o.doLink && o.stats) {
    p.nl();
    printStats64(p, l.stats, o.stats, 'stats64', l.carrierChanges);
  }
  p.string(PT.FP, null, '%s', '\n');
}

/** print_link_stats() for `ip -s addr`, after the addresses. */
export function printLinkStats(p: Printer, l: LinkMsg, level: number): void {
  printStats64(p, l.stats, level, 'stats64', l.carrierChanges);
  p.nl();
}

const ADDR_GEN_MODES = ['eui64', 'none', 'stable_secret', 'random'];

function printAfSpec(p: Printer, mode: number): void {
  p.string(PT.ANY, 'inet6_addr_gen_mode', 'addrgenmode %s ', ADDR_GEN_MODES[mode] ?? String(mode));
}

function printLinktype(p: Printer, l: LinkMsg, o: LinkPrintOpts): void {
  p.openObject('linkinfo');
  if (l.info) {
    p.nl();
    p.string(PT.ANY, 'info_kind', '    %s ', l.info.kind);
    if (l.info.kind === 'bridge') {
      p.openObject('info_data');
      bridgePrintOpt(p, l.info.data);
      p.closeObject();
    } else if (l.info.kind === 'vxlan') {
      p.openObject('info_data');
      vxlanPrintOpt(p, l.info.data, o);
      p.closeObject();
    }
  }
  if (l.slave) {
    p.nl();
    p.string(PT.ANY, 'info_slave_kind', '    %s_slave ', l.slave.kind);
    p.openObject('info_slave_data');
    bridgeSlavePrintOpt(p, l.slave.data);
    p.closeObject();
  }
  p.closeObject();
}

/** Timers are kept in hundredths of a second; iproute2 prints `%4i.%.2i` (JSON: `%i.%.2i`). */
function printTimerJsonAware(p: Printer, attr: string, centis: number): void {
  const c = Math.max(0, Math.floor(centis));
  const sec = Math.floor(c / 100);
  const frac = String(c % 100).padStart(2, '0');
  if (p.json) p.jsonRaw(attr, `${sec}.${frac}`);
  else p.fp(`${attr} ${String(sec).padStart(4, ' ')}.${frac} `);
}

function bridgePrintOpt(p: Printer, b: BridgeInfo): void {
  p.uint(PT.ANY, 'forward_delay', 'forward_delay %u ', b.forwardDelay);
  p.uint(PT.ANY, 'hello_time', 'hello_time %u ', b.helloTime);
  p.uint(PT.ANY, 'max_age', 'max_age %u ', b.maxAge);
  p.uint(PT.ANY, 'ageing_time', 'ageing_time %u ', b.ageingTime);
  p.uint(PT.ANY, 'stp_state', 'stp_state %u ', b.stpState);
  p.uint(PT.ANY, 'priority', 'priority %u ', b.priority);
  p.uint(PT.ANY, 'vlan_filtering', 'vlan_filtering %u ', b.vlanFiltering);
  p.string(PT.ANY, 'bridge_id', 'bridge_id %s ', b.bridgeId);
  p.string(PT.ANY, 'root_id', 'designated_root %s ', b.rootId);
  p.uint(PT.ANY, 'root_port', 'root_port %u ', b.rootPort);
  p.uint(PT.ANY, 'root_path_cost', 'root_path_cost %u ', b.rootPathCost);
  p.uint(PT.ANY, 'topology_change', 'topology_change %u ', b.topologyChange);
  p.uint(PT.ANY, 'topology_change_detected', 'topology_change_detected %u ', b.topologyChangeDetected);
  printTimerJsonAware(p, 'hello_timer', b.helloTimer);
  printTimerJsonAware(p, 'tcn_timer', b.tcnTimer);
  printTimerJsonAware(p, 'topology_change_timer', b.topologyChangeTimer);
  printTimerJsonAware(p, 'gc_timer', b.gcTimer);
  p.hex0x(PT.ANY, 'group_fwd_mask', 'group_fwd_mask %#llx ', b.groupFwdMask);
  p.string(PT.ANY, 'group_addr', 'group_address %s ', b.groupAddr);
  p.uint(PT.ANY, 'mcast_snooping', 'mcast_snooping %u ', b.mcastSnooping);
  p.uint(PT.ANY, 'no_linklocal_learn', 'no_linklocal_learn %u ', b.noLinklocalLearn);
  p.uint(PT.ANY, 'mcast_vlan_snooping', 'mcast_vlan_snooping %u ', b.mcastVlanSnooping);
  p.uint(PT.ANY, 'mcast_router', 'mcast_router %u ', b.mcastRouter);
  p.uint(PT.ANY, 'mcast_query_use_ifaddr', 'mcast_query_use_ifaddr %u ', b.mcastQueryUseIfaddr);
  p.uint(PT.ANY, 'mcast_querier', 'mcast_querier %u ', b.mcastQuerier);
  p.uint(PT.ANY, 'mcast_hash_elasticity', 'mcast_hash_elasticity %u ', b.mcastHashElasticity);
  p.uint(PT.ANY, 'mcast_hash_max', 'mcast_hash_max %u ', b.mcastHashMax);
  p.uint(PT.ANY, 'mcast_last_member_cnt', 'mcast_last_member_count %u ', b.mcastLastMemberCnt);
  p.uint(PT.ANY, 'mcast_startup_query_cnt', 'mcast_startup_query_count %u ', b.mcastStartupQueryCnt);
  p.uint(PT.ANY, 'mcast_last_member_intvl', 'mcast_last_member_interval %llu ', b.mcastLastMemberIntvl);
  p.uint(PT.ANY, 'mcast_membership_intvl', 'mcast_membership_interval %llu ', b.mcastMembershipIntvl);
  p.uint(PT.ANY, 'mcast_querier_intvl', 'mcast_querier_interval %llu ', b.mcastQuerierIntvl);
  p.uint(PT.ANY, 'mcast_query_intvl', 'mcast_query_interval %llu ', b.mcastQueryIntvl);
  p.uint(PT.ANY, 'mcast_query_response_intvl', 'mcast_query_response_interval %llu ', b.mcastQueryResponseIntvl);
  p.uint(PT.ANY, 'mcast_startup_query_intvl', 'mcast_startup_query_interval %llu ', b.mcastStartupQueryIntvl);
  p.uint(PT.ANY, 'mcast_stats_enabled', 'mcast_stats_enabled %u ', b.mcastStatsEnabled);
  p.uint(PT.ANY, 'mcast_igmp_version', 'mcast_igmp_version %u ', b.mcastIgmpVersion);
  p.uint(PT.ANY, 'mcast_mld_version', 'mcast_mld_version %u ', b.mcastMldVersion);
  p.uint(PT.ANY, 'nf_call_iptables', 'nf_call_iptables %u ', b.nfCallIptables);
  p.uint(PT.ANY, 'nf_call_ip6tables', 'nf_call_ip6tables %u ', b.nfCallIp6tables);
  p.uint(PT.ANY, 'nf_call_arptables', 'nf_call_arptables %u ', b.nfCallArptables);
}

function vxlanPrintOpt(p: Printer, v: VxlanInfo, o: LinkPrintOpts): void {
  p.uint(PT.ANY, 'id', 'id %u ', v.id);
  if (v.group) {
    const multicast = v.group >>> 28 === 0xe;
    if (multicast) p.string(PT.ANY, 'group', 'group %s ', formatIpv4(v.group));
    else p.string(PT.ANY, 'remote', 'remote %s ', formatIpv4(v.group));
  }
  if (v.local) p.string(PT.ANY, 'local', 'local %s ', formatIpv4(v.local));
  if (v.link) p.string(PT.ANY, 'link', 'dev %s ', o.indexToName(v.link));
  if (p.json) {
    p.openObject('port_range');
    p.uint(PT.JSON, 'low', null, v.portLow);
    p.uint(PT.JSON, 'high', null, v.portHigh);
    p.closeObject();
  } else p.fp(`srcport ${v.portLow} ${v.portHigh} `);
  p.uint(PT.ANY, 'port', 'dstport %u ', v.port);
  p.bool(PT.JSON, 'learning', null, v.learning);
  if (!v.learning) p.bool(PT.FP, null, 'nolearning ', true);
  if (v.proxy) p.bool(PT.ANY, 'proxy', 'proxy ', true);
  if (v.rsc) p.bool(PT.ANY, 'rsc', 'rsc ', true);
  if (v.l2miss) p.bool(PT.ANY, 'l2miss', 'l2miss ', true);
  if (v.l3miss) p.bool(PT.ANY, 'l3miss', 'l3miss ', true);
  if (v.tos) {
    if (p.json || v.tos !== 1) p.hex0x(PT.ANY, 'tos', 'tos %#llx ', v.tos);
    else p.string(PT.FP, null, 'tos %s ', 'inherit');
  }
  if (v.ttlInherit) p.string(PT.FP, null, 'ttl %s ', 'inherit');
  else if (p.json || v.ttl) p.uint(PT.ANY, 'ttl', 'ttl %u ', v.ttl);
  else p.string(PT.FP, null, 'ttl %s ', 'auto');
  if (v.df === 0) p.string(PT.JSON, 'df', 'df %s ', 'unset');
  else if (v.df === 1) p.string(PT.ANY, 'df', 'df %s ', 'set');
  else if (v.df === 2) p.string(PT.ANY, 'df', 'df %s ', 'inherit');
  if (v.label) p.hex0x(PT.ANY, 'label', 'flowlabel %#llx ', v.label);
  if (v.ageing === 0) p.uint(PT.ANY, 'ageing', 'ageing none ', 0);
  else p.uint(PT.ANY, 'ageing', 'ageing %u ', v.ageing);
  if (v.limit) p.uint(PT.ANY, 'limit', 'maxaddr %u ', v.limit);
  if (p.json) {
    p.bool(PT.ANY, 'udp_csum', null, v.udpCsum);
    p.bool(PT.ANY, 'udp_zero_csum6_tx', null, v.udpZeroCsum6Tx);
    p.bool(PT.ANY, 'udp_zero_csum6_rx', null, v.udpZeroCsum6Rx);
  } else {
    p.fp(`${v.udpCsum ? '' : 'no'}udpcsum `);
    p.fp(`${v.udpZeroCsum6Tx ? '' : 'no'}udp6zerocsumtx `);
    p.fp(`${v.udpZeroCsum6Rx ? '' : 'no'}udp6zerocsumrx `);
  }
}

const PORT_STATES = ['disabled', 'listening', 'learning', 'forwarding', 'blocking'];

function bridgeSlavePrintOpt(p: Printer, s: BridgePortInfo): void {
  if (s.state <= 4) p.string(PT.ANY, 'state', 'state %s ', PORT_STATES[s.state]!);
  else p.int(PT.ANY, 'state_index', 'state (%d) ', s.state);
  p.int(PT.ANY, 'priority', 'priority %d ', s.priority);
  p.int(PT.ANY, 'cost', 'cost %d ', s.cost);
  p.onOff(PT.ANY, 'hairpin', 'hairpin %s ', s.hairpin);
  p.onOff(PT.ANY, 'guard', 'guard %s ', s.guard);
  p.onOff(PT.ANY, 'root_block', 'root_block %s ', s.rootBlock);
  p.onOff(PT.ANY, 'fastleave', 'fastleave %s ', s.fastLeave);
  p.onOff(PT.ANY, 'learning', 'learning %s ', s.learning);
  p.onOff(PT.ANY, 'flood', 'flood %s ', s.flood);
  p.hex0x(PT.ANY, 'id', 'port_id %#llx ', s.portId);
  p.hex0x(PT.ANY, 'no', 'port_no %#llx ', s.portNo);
  p.uint(PT.ANY, 'designated_port', 'designated_port %u ', s.designatedPort);
  p.uint(PT.ANY, 'designated_cost', 'designated_cost %u ', s.designatedCost);
  p.string(PT.ANY, 'bridge_id', 'designated_bridge %s ', s.designatedBridge);
  p.string(PT.ANY, 'root_id', 'designated_root %s ', s.designatedRoot);
  printTimerJsonAware(p, 'hold_timer', s.holdTimer);
  printTimerJsonAware(p, 'message_age_timer', s.messageAgeTimer);
  printTimerJsonAware(p, 'forward_delay_timer', s.forwardDelayTimer);
  p.uint(PT.ANY, 'topology_change_ack', 'topology_change_ack %u ', s.topologyChangeAck);
  p.uint(PT.ANY, 'config_pending', 'config_pending %u ', s.configPending);
  p.onOff(PT.ANY, 'proxy_arp', 'proxy_arp %s ', s.proxyArp);
  p.onOff(PT.ANY, 'proxy_arp_wifi', 'proxy_arp_wifi %s ', s.proxyArpWifi);
  p.uint(PT.ANY, 'multicast_router', 'mcast_router %u ', s.mcastRouter);
  p.string(PT.FP, null, 'mcast_fast_leave %s ', s.fastLeave ? 'on' : 'off');
  p.onOff(PT.ANY, 'mcast_flood', 'mcast_flood %s ', s.mcastFlood);
  p.onOff(PT.ANY, 'bcast_flood', 'bcast_flood %s ', s.bcastFlood);
  p.onOff(PT.ANY, 'mcast_to_unicast', 'mcast_to_unicast %s ', s.mcastToUcast);
  p.onOff(PT.ANY, 'neigh_suppress', 'neigh_suppress %s ', s.neighSuppress);
  p.hex0x(PT.ANY, 'group_fwd_mask', 'group_fwd_mask %#llx ', s.groupFwdMask);
  p.string(PT.ANY, 'group_fwd_mask_str', 'group_fwd_mask_str %s ', fwdMaskStr(s.groupFwdMask));
  p.onOff(PT.ANY, 'vlan_tunnel', 'vlan_tunnel %s ', s.vlanTunnel);
  p.onOff(PT.ANY, 'isolated', 'isolated %s ', s.isolated);
  p.onOff(PT.ANY, 'locked', 'locked %s ', s.locked);
}

/** _bitmask2str() with iproute2's fwd_mask_tbl. */
function fwdMaskStr(mask: number): string {
  if (mask === 0) return '0x0';
  const names: Record<number, string> = { 0: 'stp', 2: 'lacp', 14: 'lldp' };
  const parts: string[] = [];
  for (let i = 0; i < 16; i++) {
    if (!(mask & (1 << i))) continue;
    parts.push(names[i] ?? sprintf('0x%x', 1 << i));
  }
  return parts.join(',');
}

function numWidth(v: number): number {
  let len = 1;
  for (let x = v; x > 9; x = Math.floor(x / 10)) len++;
  return len;
}

function sizeColumns(cols: number[], ...vals: number[]): void {
  vals.forEach((v, i) => {
    const len = numWidth(v);
    if (len > cols[i]!) cols[i] = len;
  });
}

function num(width: number, v: number): string {
  return String(v).padStart(width, ' ') + ' ';
}

/** print_stats64(). Only counters the model keeps; the rest are 0 as on an idle Linux device. */
export function printStats64(p: Printer, s: LinkStats, level: number, what: string, carrierChanges: number): void {
  if (p.json) {
    p.openObject(what);
    p.openObject('rx');
    p.uint(PT.JSON, 'bytes', null, s.rxBytes);
    p.uint(PT.JSON, 'packets', null, s.rxPackets);
    p.uint(PT.JSON, 'errors', null, s.rxErrors);
    p.uint(PT.JSON, 'dropped', null, s.rxDropped);
    p.uint(PT.JSON, 'over_errors', null, 0);
    p.uint(PT.JSON, 'multicast', null, s.rxMcast);
    if (level > 1) {
      for (const k of ['length_errors', 'crc_errors', 'frame_errors', 'fifo_errors']) p.uint(PT.JSON, k, null, 0);
      p.uint(PT.JSON, 'missed_errors', null, s.rxMissed);
    }
    p.closeObject();
    p.openObject('tx');
    p.uint(PT.JSON, 'bytes', null, s.txBytes);
    p.uint(PT.JSON, 'packets', null, s.txPackets);
    p.uint(PT.JSON, 'errors', null, s.txErrors);
    p.uint(PT.JSON, 'dropped', null, s.txDropped);
    p.uint(PT.JSON, 'carrier_errors', null, s.txCarrier);
    p.uint(PT.JSON, 'collisions', null, s.collisions);
    if (level > 1) {
      for (const k of ['aborted_errors', 'fifo_errors', 'window_errors', 'heartbeat_errors'])
        p.uint(PT.JSON, k, null, 0);
      p.uint(PT.JSON, 'carrier_changes', null, carrierChanges);
    }
    p.closeObject();
    p.closeObject();
    return;
  }
  const cols = [
    '*X errors:'.length,
    'packets'.length,
    'errors'.length,
    'dropped'.length,
    'heartbt'.length,
    'overrun'.length,
    'compressed'.length,
    'otherhost'.length,
  ];
  sizeColumns(cols, s.rxBytes, s.rxPackets, s.rxErrors, s.rxDropped, s.rxMissed, s.rxMcast, 0, 0);
  sizeColumns(cols, s.txBytes, s.txPackets, s.txErrors, s.txDropped, s.txCarrier, s.collisions, 0, 0);
  const c = (i: number): number => cols[i]!;
  const sl = p.sl;
  p.fp(
    sprintf(
      '    RX: %*s %*s %*s %*s %*s %*s %*s%s',
      c(0) - 4,
      'bytes',
      c(1),
      'packets',
      c(2),
      'errors',
      c(3),
      'dropped',
      c(4),
      'missed',
      c(5),
      'mcast',
      c(6),
      '',
      sl,
    ),
  );
  p.fp(
    '    ' +
      num(c(0), s.rxBytes) +
      num(c(1), s.rxPackets) +
      num(c(2), s.rxErrors) +
      num(c(3), s.rxDropped) +
      num(c(4), s.rxMissed) +
      num(c(5), s.rxMcast),
  );
  if (level > 1) {
    p.fp(sl);
    p.fp(
      sprintf(
        '    RX errors:%*s %*s %*s %*s %*s %*s%*s%*s%s',
        c(0) - 10,
        '',
        c(1),
        'length',
        c(2),
        'crc',
        c(3),
        'frame',
        c(4),
        'fifo',
        c(5),
        'overrun',
        0,
        '',
        0,
        '',
        sl,
      ),
    );
    p.fp(' '.repeat(c(0) + 5) + num(c(1), 0) + num(c(2), 0) + num(c(3), 0) + num(c(4), 0) + num(c(5), 0));
  }
  p.fp(sl);
  p.fp(
    sprintf(
      '    TX: %*s %*s %*s %*s %*s %*s %*s%s',
      c(0) - 4,
      'bytes',
      c(1),
      'packets',
      c(2),
      'errors',
      c(3),
      'dropped',
      c(4),
      'carrier',
      c(5),
      'collsns',
      c(6),
      '',
      sl,
    ),
  );
  p.fp(
    '    ' +
      num(c(0), s.txBytes) +
      num(c(1), s.txPackets) +
      num(c(2), s.txErrors) +
      num(c(3), s.txDropped) +
      num(c(4), s.txCarrier) +
      num(c(5), s.collisions),
  );
  if (level > 1) {
    p.fp(sl);
    p.fp(
      sprintf(
        '    TX errors:%*s %*s %*s %*s %*s %*s%s',
        c(0) - 10,
        '',
        c(1),
        'aborted',
        c(2),
        'fifo',
        c(3),
        'window',
        c(4),
        'heartbt',
        c(5),
        'transns',
        sl,
      ),
    );
    p.fp(' '.repeat(c(0) + 5) + num(c(1), 0) + num(c(2), 0) + num(c(3), 0) + num(c(4), 0) + num(c(5), carrierChanges));
  }
}
