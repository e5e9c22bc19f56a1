/**
 * The parsed filter: boolean nodes over primitives, and arithmetic for the
 * relational form `arth relop arth`.
 */
export type Dir = 'src' | 'dst' | 'src or dst' | 'src and dst';
export type ProtoName = 'ether' | 'link' | 'ip' | 'arp' | 'rarp' | 'tcp' | 'udp' | 'icmp' | 'igmp' | 'sctp';

export type Arith =
  | { t: 'num'; v: number }
  | { t: 'len' }
  | { t: 'load'; proto: ProtoName; off: Arith; size: 1 | 2 | 4 }
  | { t: 'bin'; op: string; l: Arith; r: Arith }
  | { t: 'neg'; e: Arith };

export type Node =
  | { t: 'and' | 'or'; l: Node; r: Node }
  | { t: 'not'; e: Node }
  | { t: 'true' }
  /** IPv4 address match (ip, arp or rarp per `protos`). */
  | { t: 'host'; protos: ('ip' | 'arp' | 'rarp')[]; dir: Dir; addr: number; mask: number }
  | { t: 'ehost'; dir: Dir; mac: Uint8Array }
  | { t: 'port'; protos: ('tcp' | 'udp' | 'sctp')[]; dir: Dir; lo: number; hi: number }
  | { t: 'proto'; name: ProtoName }
  | { t: 'ipproto'; n: number }
  | { t: 'etherproto'; n: number }
  /** `inbound` / `outbound`: the direction libpcap knows from the capture (packet type). */
  | { t: 'direction'; out: boolean }
  | { t: 'ebroadcast' }
  | { t: 'emulticast' }
  | { t: 'rel'; op: string; l: Arith; r: Arith };
