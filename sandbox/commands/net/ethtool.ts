/**
 * ethtool as Debian 12's ethtool 6.1 prints it (netlink for settings/features, ioctl for -i/-S).
 * Each driver answers what its kernel ethtool_ops answer: veth reports 10000Mb/s full duplex and
 * peer_ifindex (the classic way to find a pod's host-side veth); vxlan, dummy and lo have no
 * get_link_ksettings so only "Link detected" is printed; a bridge reports the fastest port's speed.
 * The node's eth0 is an EtherDevice standing in for a cloud VM's virtio_net NIC.
 */
import type { Command, CommandContext } from '../../shell/command.js';
import type { NetDevice } from '../../kernel/netdevice.js';
import { VethDevice } from '../../kernel/drivers/veth.js';
import { KERNEL_RELEASE } from '../builtins/system.js';

const HINT = 'For more information run ethtool -h\n';

function speedOf(d: NetDevice): number | undefined {
  if (d.kind === 'veth') return 10000;
  if (d.kind === 'bridge') {
    const ports = d.ns.devices().filter((p) => p.master === d && p.running);
    const speeds = ports.map(speedOf).filter((s): s is number => s !== undefined);
    return speeds.length ? Math.max(...speeds) : undefined;
  }
  return undefined;
}

function linkSettings(d: NetDevice): string {
  let s = `Settings for ${d.name}:\n`;
  if (d.kind === 'veth' || d.kind === 'bridge' || d.kind === 'ether') {
    const speed = speedOf(d);
    s +=
      '\tSupported ports: [  ]\n' +
      '\tSupported link modes:   Not reported\n' +
      '\tSupported pause frame use: No\n' +
      '\tSupports auto-negotiation: No\n' +
      '\tSupported FEC modes: Not reported\n' +
      '\tAdvertised link modes:  Not reported\n' +
      '\tAdvertised pause frame use: No\n' +
      '\tAdvertised auto-negotiation: No\n' +
      '\tAdvertised FEC modes: Not reported\n' +
      `\tSpeed: ${speed === undefined || !d.running ? 'Unknown!' : `${speed}Mb/s`}\n` +
      `\tDuplex: ${d.kind === 'veth' && d.running ? 'Full' : 'Unknown! (255)'}\n` +
      '\tAuto-negotiation: off\n' +
      `\tPort: ${d.kind === 'veth' ? 'Twisted Pair' : 'Other'}\n` +
      '\tPHYAD: 0\n' +
      '\tTransceiver: internal\n' +
      (d.kind === 'veth' ? '\tMDI-X: Unknown\n' : '');
  }
  return s + `\tLink detected: ${d.running ? 'yes' : 'no'}\n`;
}

function driverInfo(d: NetDevice): string | undefined {
  const info: Record<string, [string, string, string, string, boolean]> = {
    veth: ['veth', '1.0', '', '', true],
    vxlan: ['vxlan', '0.1', '', '', false],
    bridge: ['bridge', '2.3', 'N/A', 'N/A', false],
    dummy: ['dummy', KERNEL_RELEASE, '', '', false],
    ether: ['virtio_net', '1.0.0', '', '0000:00:03.0', true],
  };
  const i = info[d.kind];
  if (!i) return undefined;
  return (
    `driver: ${i[0]}\nversion: ${i[1]}\nfirmware-version: ${i[2]}\nexpansion-rom-version: \nbus-info: ${i[3]}\n` +
    `supports-statistics: ${i[4] ? 'yes' : 'no'}\nsupports-test: no\nsupports-eeprom-access: no\n` +
    'supports-register-dump: no\nsupports-priv-flags: no\n'
  );
}

function nicStats(d: NetDevice): [string, number][] | undefined {
  const s = d.stats;
  if (d instanceof VethDevice) {
    return [
      ['peer_ifindex', d.peer?.ifindex ?? 0],
      ['rx_queue_0_xdp_packets', 0],
      ['rx_queue_0_xdp_bytes', 0],
      ['rx_queue_0_drops', s.rxDropped],
      ['rx_queue_0_xdp_redirect', 0],
      ['rx_queue_0_xdp_drops', 0],
      ['rx_queue_0_xdp_tx', 0],
      ['rx_queue_0_xdp_tx_errors', 0],
      ['tx_queue_0_xdp_xmit', 0],
      ['tx_queue_0_xdp_xmit_errors', 0],
    ];
  }
  if (d.kind === 'ether') {
    return [
      ['rx_queue_0_packets', s.rxPackets],
      ['rx_queue_0_bytes', s.rxBytes],
      ['rx_queue_0_drops', s.rxDropped],
      ['rx_queue_0_xdp_packets', 0],
      ['rx_queue_0_xdp_tx', 0],
      ['rx_queue_0_xdp_redirects', 0],
      ['rx_queue_0_xdp_drops', 0],
      ['rx_queue_0_kicks', 0],
      ['tx_queue_0_packets', s.txPackets],
      ['tx_queue_0_bytes', s.txBytes],
      ['tx_queue_0_xdp_tx', 0],
      ['tx_queue_0_xdp_tx_drops', 0],
      ['tx_queue_0_kicks', s.txPackets],
      ['tx_queue_0_tx_timeouts', 0],
    ];
  }
  return undefined;
}

/* Features: the kernel's netdev_features_strings order; '*' marks a group heading ethtool derives. */
type Feat = { on: boolean; fixed: boolean };
const GROUPS: [string, string, string[]][] = [
  ['rx-checksumming', 'rx', ['rx-checksum']],
  [
    'tx-checksumming',
    'tx',
    ['tx-checksum-ipv4', 'tx-checksum-ip-generic', 'tx-checksum-ipv6', 'tx-checksum-fcoe-crc', 'tx-checksum-sctp'],
  ],
  ['scatter-gather', 'sg', ['tx-scatter-gather', 'tx-scatter-gather-fraglist']],
  [
    'tcp-segmentation-offload',
    'tso',
    ['tx-tcp-segmentation', 'tx-tcp-ecn-segmentation', 'tx-tcp-mangleid-segmentation', 'tx-tcp6-segmentation'],
  ],
  ['generic-segmentation-offload', 'gso', ['tx-generic-segmentation']],
  ['generic-receive-offload', 'gro', ['rx-gro']],
  ['large-receive-offload', 'lro', ['rx-lro']],
  ['rx-vlan-offload', 'rxvlan', ['rx-vlan-hw-parse']],
  ['tx-vlan-offload', 'txvlan', ['tx-vlan-hw-insert']],
  ['ntuple-filters', 'ntuple', ['rx-ntuple-filter']],
  ['receive-hashing', 'rxhash', ['rx-hashing']],
];
const SINGLES = [
  'highdma',
  'rx-vlan-filter',
  'vlan-challenged',
  'tx-lockless',
  'netns-local',
  'tx-gso-robust',
  'tx-fcoe-segmentation',
  'tx-gre-segmentation',
  'tx-gre-csum-segmentation',
  'tx-ipxip4-segmentation',
  'tx-ipxip6-segmentation',
  'tx-udp_tnl-segmentation',
  'tx-udp_tnl-csum-segmentation',
  'tx-gso-partial',
  'tx-tunnel-remcsum-segmentation',
  'tx-sctp-segmentation',
  'tx-esp-segmentation',
  'tx-udp-segmentation',
  'tx-gso-list',
  'fcoe-mtu',
  'tx-nocache-copy',
  'loopback',
  'rx-fcs',
  'rx-all',
  'tx-vlan-stag-hw-insert',
  'rx-vlan-stag-hw-parse',
  'rx-vlan-stag-filter',
  'l2-fwd-offload',
  'hw-tc-offload',
  'esp-hw-offload',
  'esp-tx-csum-hw-offload',
  'rx-udp_tunnel-port-offload',
  'tls-hw-tx-offload',
  'tls-hw-rx-offload',
  'rx-gro-hw',
  'tls-hw-record',
  'rx-gro-list',
  'macsec-hw-offload',
  'rx-udp-gro-forwarding',
  'hsr-tag-ins-offload',
  'hsr-tag-rm-offload',
  'hsr-fwd-offload',
  'hsr-dup-offload',
];

/** Software devices' changeable features, on by default (veth_setup / br_dev_setup / vxlan_setup / dummy_setup). */
const SW_ON = [
  'tx-checksum-ip-generic',
  'tx-checksum-sctp',
  'tx-scatter-gather',
  'tx-scatter-gather-fraglist',
  'tx-tcp-segmentation',
  'tx-tcp-ecn-segmentation',
  'tx-tcp-mangleid-segmentation',
  'tx-tcp6-segmentation',
  'tx-generic-segmentation',
  'highdma',
  'tx-gre-segmentation',
  'tx-gre-csum-segmentation',
  'tx-ipxip4-segmentation',
  'tx-ipxip6-segmentation',
  'tx-udp_tnl-segmentation',
  'tx-udp_tnl-csum-segmentation',
  'tx-sctp-segmentation',
  'tx-udp-segmentation',
];
const CHANGEABLE_OFF = ['rx-gro', 'tx-nocache-copy', 'rx-gro-list', 'rx-udp-gro-forwarding'];

function defaults(d: NetDevice): Map<string, Feat> {
  const m = new Map<string, Feat>();
  for (const [, , subs] of GROUPS) for (const f of subs) m.set(f, { on: false, fixed: true });
  for (const f of SINGLES) m.set(f, { on: false, fixed: true });
  const set = (names: string[], on: boolean, fixed = false): void => {
    for (const n of names) m.set(n, { on, fixed });
  };
  set(CHANGEABLE_OFF, false);
  set(['rx-checksum'], true, d.kind !== 'veth');
  set(['rx-gro'], true);
  if (d.kind === 'ether') {
    // virtio_net with csum/gso offered by the host: the common cloud VM.
    set(
      [
        'tx-checksum-ip-generic',
        'tx-scatter-gather',
        'tx-tcp-segmentation',
        'tx-tcp-ecn-segmentation',
        'tx-tcp6-segmentation',
        'tx-generic-segmentation',
        'highdma',
      ],
      true,
    );
    set(['tx-scatter-gather-fraglist', 'tx-tcp-mangleid-segmentation'], false);
    set(['rx-checksum'], true, true);
  } else {
    set(SW_ON, true);
    set(['tx-lockless'], true, true);
    if (d.kind === 'veth') {
      set(['rx-gro'], false);
      set(['rx-vlan-hw-parse', 'tx-vlan-hw-insert', 'tx-vlan-stag-hw-insert', 'rx-vlan-stag-hw-parse'], true);
    }
    if (d.kind === 'vxlan' || d.kind === 'bridge') set(['netns-local'], false, true);
    if (d.kind === 'bridge') set(['tx-vlan-hw-insert', 'tx-vlan-stag-hw-insert', 'rx-vlan-filter'], true);
    if (d.kind === 'loopback') set(['netns-local', 'loopback'], true, true);
  }
  return m;
}

const FEATURES = new WeakMap<NetDevice, Map<string, Feat>>();
function features(d: NetDevice): Map<string, Feat> {
  let m = FEATURES.get(d);
  if (!m) FEATURES.set(d, (m = defaults(d)));
  return m;
}

function mark(f: Feat): string {
  return `${f.on ? 'on' : 'off'}${f.fixed ? ' [fixed]' : ''}`;
}

function showFeatures(d: NetDevice): string {
  const m = features(d);
  let s = `Features for ${d.name}:\n`;
  for (const [group, , subs] of GROUPS) {
    const fs = subs.map((n) => m.get(n)!);
    const on = fs.some((f) => f.on);
    const fixed = fs.every((f) => f.fixed);
    s += `${group}: ${mark({ on, fixed })}\n`;
    if (subs.length > 1) for (const n of subs) s += `\t${n}: ${mark(m.get(n)!)}\n`;
  }
  for (const n of SINGLES) s += `${n}: ${mark(m.get(n)!)}\n`;
  return s;
}

/** Feature name (long, short alias or kernel name) → the kernel features it switches. */
function resolveFeature(name: string): string[] | undefined {
  for (const [group, short, subs] of GROUPS) if (name === group || name === short) return subs;
  for (const [, , subs] of GROUPS) if (subs.includes(name)) return [name];
  return SINGLES.includes(name) ? [name] : undefined;
}

function setFeatures(ctx: CommandContext, d: NetDevice, args: string[]): number {
  if (args.length === 0 || args.length % 2 !== 0) {
    ctx.stderr.write(`ethtool: bad command line argument(s)\n${HINT}`);
    return 1;
  }
  const m = features(d);
  const wanted: [string[], boolean][] = [];
  for (let i = 0; i < args.length; i += 2) {
    const subs = resolveFeature(args[i]!);
    const v = args[i + 1];
    if (!subs || (v !== 'on' && v !== 'off')) {
      ctx.stderr.write(`ethtool: bad command line argument(s)\n${HINT}`);
      return 1;
    }
    wanted.push([subs, v === 'on']);
  }
  let changed = false;
  let refused = false;
  for (const [subs, on] of wanted) {
    for (const n of subs) {
      const f = m.get(n)!;
      if (f.on === on) continue;
      if (f.fixed) refused = true;
      else {
        f.on = on;
        changed = true;
      }
    }
  }
  if (refused && !changed) {
    ctx.stderr.write('Could not change any device features\n');
    return 1;
  }
  if (refused) {
    ctx.stderr.write(`Actual changes:\n${showFeatures(d).split('\n').slice(1).join('\n')}`);
  }
  return 0;
}

const USAGE =
  'Usage:\n' +
  '        ethtool [ FLAGS ] DEVNAME\tDisplay standard information about device\n' +
  '        ethtool [ FLAGS ] -i|--driver DEVNAME\tShow driver information\n' +
  '        ethtool [ FLAGS ] -S|--statistics DEVNAME\tShow adapter statistics\n' +
  '        ethtool [ FLAGS ] -k|--show-features|--show-offload DEVNAME\tGet state of protocol offload and other features\n' +
  '        ethtool [ FLAGS ] -K|--features|--offload DEVNAME\tSet protocol offload and other features\n' +
  '                FEATURE on|off ...\n';

const MODES: Record<string, 'i' | 'S' | 'k' | 'K'> = {
  '-i': 'i',
  '--driver': 'i',
  '-S': 'S',
  '--statistics': 'S',
  '-k': 'k',
  '--show-features': 'k',
  '--show-offload': 'k',
  '-K': 'K',
  '--features': 'K',
  '--offload': 'K',
};

export const ethtool: Command = {
  name: 'ethtool',
  summary: 'query or control network driver and hardware settings',
  usage: USAGE,
  availableOn: (host) => host.kind !== 'router',
  run(ctx) {
    const argv = ctx.argv.slice(1);
    if (argv[0] === '-h' || argv[0] === '--help') {
      ctx.stdout.write(USAGE);
      return 0;
    }
    const first = argv[0];
    const mode = first !== undefined ? MODES[first] : undefined;
    const rest = mode ? argv.slice(1) : argv;
    const name = rest[0];
    if (name === undefined || (first?.startsWith('-') && !mode)) {
      ctx.stderr.write(`ethtool: bad command line argument(s)\n${HINT}`);
      return 1;
    }
    const extra = rest.slice(1);
    if (mode !== 'K' && extra.length > 0) {
      ctx.stderr.write(`ethtool: bad command line argument(s)\n${HINT}`);
      return 1;
    }
    const d = ctx.host.ns.dev(name);
    if (!d) {
      if (mode === 'i') ctx.stderr.write('Cannot get driver information: No such device\n');
      else if (mode === 'S') ctx.stderr.write('Cannot get stats strings information: No such device\n');
      else ctx.stderr.write('netlink error: no device matches name (offset 24)\nnetlink error: No such device\n');
      return mode === 'i' ? 71 : mode === 'S' ? 96 : 1;
    }
    switch (mode) {
      case undefined:
        ctx.stdout.write(linkSettings(d));
        return 0;
      case 'i': {
        const info = driverInfo(d);
        if (!info) {
          ctx.stderr.write('Cannot get driver information: Operation not supported\n');
          return 71;
        }
        ctx.stdout.write(info);
        return 0;
      }
      case 'S': {
        const st = nicStats(d);
        if (!st) {
          ctx.stderr.write('no stats available\n');
          return 94;
        }
        ctx.stdout.write('NIC statistics:\n' + st.map(([k, v]) => `     ${k}: ${v}\n`).join(''));
        return 0;
      }
      case 'k':
        ctx.stdout.write(showFeatures(d));
        return 0;
      case 'K':
        return setFeatures(ctx, d, extra);
    }
  },
};
