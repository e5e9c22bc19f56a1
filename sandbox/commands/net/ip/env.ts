/** What every `ip` subcommand gets: options, output, printer and the kernel. */
import type { IpOutput, Printer } from '../iproute2/print.js';
import type { KernelView, Reply } from '../iproute2/kernel.js';

export type Family = 'unspec' | 'inet' | 'inet6' | 'packet' | 'bridge' | 'mpls';

export interface IpOpts {
  family: Family;
  stats: number;
  details: number;
  oneline: boolean;
  brief: boolean;
  json: boolean;
  pretty: boolean;
  numeric: boolean;
  resolve: boolean;
}

export interface IpEnv {
  io: IpOutput;
  p: Printer;
  k: KernelView;
  o: IpOpts;
}

/** rtnl_talk(): on a refused request iproute2 prints the extack or strerror and the command returns -2. */
export function talk(env: IpEnv, r: Reply<unknown>): boolean {
  if (r.ok) return true;
  env.io.err(r.error.extack !== undefined ? `Error: ${r.error.extack}.\n` : `RTNETLINK answers: ${r.error.message}\n`);
  return false;
}

/** The family argument of get_prefix()/get_addr(): only IPv4 is modelled. */
export function addrFamily(env: IpEnv): 'unspec' | 'inet' {
  return env.o.family === 'inet' ? 'inet' : 'unspec';
}
