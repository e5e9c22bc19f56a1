/**
 * The printing state tcpdump's dissectors share (netdissect_options): the
 * flags, the output being built, and the name lookups. Dissectors only ever
 * look at bytes; names come from the host's files (/etc/hosts, /etc/services)
 * through the resolvers given here.
 */
export interface PrintOptions {
  /** -n: no address or port names. */
  numeric: boolean;
  /** -v count. */
  verbose: number;
  /** -e: print the link-level header. */
  linkHeader: boolean;
  /** -q count. */
  quiet: number;
  /** -x count (hex). */
  hex: number;
  /** -X count (hex and ASCII). */
  hexAscii: number;
  /** -A: the packet after the link header as ASCII. */
  ascii?: boolean;
  /** Added to a record's UTC time before printing (tcpdump prints local time). */
  tzOffsetUs: number;
}

export interface Resolvers {
  /** Host name for an IPv4 address (from /etc/hosts), or undefined. */
  hostName?(ip: number): string | undefined;
  /** Service name for a UDP/TCP port (from /etc/services), or undefined. */
  serviceName?(port: number, proto: 'udp' | 'tcp'): string | undefined;
  /** Interface name for an ifindex in the capturing namespace (LINUX_SLL2). */
  ifName?(ifindex: number): string | undefined;
}

export const DEFAULT_PRINT_OPTIONS: PrintOptions = {
  numeric: false,
  verbose: 0,
  linkHeader: false,
  quiet: 0,
  hex: 0,
  hexAscii: 0,
  tzOffsetUs: 0,
};

/**
 * Thrown by a dissector that ran off the captured bytes; the caller prints
 * ` [|proto]`. tcpdump reaches that point two ways: a GET_ macro's longjmp
 * (then -x dumps the whole record, link header included) or a dissector's own
 * length check (then -x skips the link header as usual).
 */
export class Truncated extends Error {
  constructor(
    readonly proto: string,
    readonly longjmp = false,
  ) {
    super(proto);
  }
}

export class Nd {
  out = '';
  constructor(
    readonly opts: PrintOptions,
    readonly names: Resolvers = {},
  ) {}

  print(s: string): void {
    this.out += s;
  }
}
