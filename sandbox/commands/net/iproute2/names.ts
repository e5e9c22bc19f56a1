/** lib/rt_names.c: the names iproute2 prints for numbers (and reads back). */

const SCOPES: Record<number, string> = { 0: 'global', 255: 'nowhere', 254: 'host', 253: 'link', 200: 'site' };

export function scopeName(id: number): string {
  return SCOPES[id] ?? String(id);
}

/** rtnl_rtscope_a2n(): names, then a number. */
export function scopeNumber(arg: string): number | undefined {
  for (const [k, v] of Object.entries(SCOPES)) if (v === arg) return Number(k);
  return parseByte(arg);
}

const PROTOS: Record<number, string> = {
  0: 'unspec',
  1: 'redirect',
  2: 'kernel',
  3: 'boot',
  4: 'static',
  8: 'gated',
  9: 'ra',
  10: 'mrt',
  11: 'zebra',
  12: 'bird',
  13: 'dnrouted',
  14: 'xorp',
  15: 'ntk',
  16: 'dhcp',
  18: 'keepalived',
  42: 'babel',
  186: 'bgp',
  187: 'isis',
  188: 'ospf',
  189: 'rip',
  192: 'eigrp',
};

export function protoName(id: number): string {
  return PROTOS[id] ?? String(id);
}

export function protoNumber(arg: string): number | undefined {
  for (const [k, v] of Object.entries(PROTOS)) if (v === arg) return Number(k);
  return parseByte(arg);
}

const TABLES: Record<number, string> = { 0: 'unspec', 253: 'default', 254: 'main', 255: 'local' };

export function tableName(id: number): string {
  return TABLES[id] ?? String(id);
}

/** rtnl_rttable_a2n(). */
export function tableNumber(arg: string): number | undefined {
  for (const [k, v] of Object.entries(TABLES)) if (v === arg) return Number(k);
  if (!/^(0x[0-9a-fA-F]+|\d+)$/.test(arg)) return undefined;
  const n = Number(arg);
  return n <= 0xffffffff ? n : undefined;
}

const RTN_TYPES = [
  'none',
  'unicast',
  'local',
  'broadcast',
  'anycast',
  'multicast',
  'blackhole',
  'unreachable',
  'prohibit',
  'throw',
  'nat',
  'xresolve',
];

export function rtnTypeName(id: number): string {
  return RTN_TYPES[id] ?? String(id);
}

export function rtnTypeNumber(arg: string): number | undefined {
  const i = RTN_TYPES.indexOf(arg);
  return i > 0 ? i : undefined;
}

function parseByte(arg: string): number | undefined {
  if (!/^(0x[0-9a-fA-F]+|\d+)$/.test(arg)) return undefined;
  const n = Number(arg);
  return n <= 255 ? n : undefined;
}
