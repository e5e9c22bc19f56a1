/** ip/ipaddress.c print_addrinfo(): one `inet`/`inet6` line and its lifetimes. */
import { PT, type Printer } from './print.js';
import type { AddrMsg } from './rtnl.js';
import { scopeName } from './names.js';

export const IFA_F_SECONDARY = 0x01;
export const IFA_F_NODAD = 0x02;
export const IFA_F_OPTIMISTIC = 0x04;
export const IFA_F_DADFAILED = 0x08;
export const IFA_F_HOMEADDRESS = 0x10;
export const IFA_F_DEPRECATED = 0x20;
export const IFA_F_TENTATIVE = 0x40;
export const IFA_F_PERMANENT = 0x80;
export const IFA_F_MANAGETEMPADDR = 0x100;
export const IFA_F_NOPREFIXROUTE = 0x200;
export const IFA_F_MCAUTOJOIN = 0x400;
export const IFA_F_STABLE_PRIVACY = 0x800;

export const IFA_FLAG_DATA: { name: string; mask: number }[] = [
  { name: 'secondary', mask: IFA_F_SECONDARY },
  { name: 'temporary', mask: IFA_F_SECONDARY },
  { name: 'nodad', mask: IFA_F_NODAD },
  { name: 'optimistic', mask: IFA_F_OPTIMISTIC },
  { name: 'dadfailed', mask: IFA_F_DADFAILED },
  { name: 'home', mask: IFA_F_HOMEADDRESS },
  { name: 'deprecated', mask: IFA_F_DEPRECATED },
  { name: 'tentative', mask: IFA_F_TENTATIVE },
  { name: 'permanent', mask: IFA_F_PERMANENT },
  { name: 'mngtmpaddr', mask: IFA_F_MANAGETEMPADDR },
  { name: 'noprefixroute', mask: IFA_F_NOPREFIXROUTE },
  { name: 'autojoin', mask: IFA_F_MCAUTOJOIN },
  { name: 'stable-privacy', mask: IFA_F_STABLE_PRIVACY },
];

const INFINITY_LIFE_TIME = 0xffffffff;

function printIfaFlags(p: Printer, a: AddrMsg): void {
  let flags = a.flags;
  for (const fd of IFA_FLAG_DATA) {
    if (fd.mask === IFA_F_PERMANENT) {
      if (!(flags & fd.mask)) p.bool(PT.ANY, 'dynamic', 'dynamic ', true);
    } else if (flags & fd.mask) {
      if (fd.mask === IFA_F_SECONDARY && a.family === 'inet6') p.bool(PT.ANY, 'temporary', 'temporary ', true);
      else {
        p.string(PT.FP, null, '%s ', fd.name);
        p.bool(PT.JSON, fd.name, null, true);
      }
    }
    flags &= ~fd.mask;
  }
}

export interface AddrPrintOpts {
  brief: boolean;
  /** -o / flush / echo: the line starts with "N: dev". */
  oneline: boolean;
  devName: string;
}

export function printAddrinfo(p: Printer, a: AddrMsg, o: AddrPrintOpts): void {
  if (!o.brief) {
    if (o.oneline) {
      if (p.json) {
        p.int(PT.JSON, 'index', null, a.ifindex);
        p.string(PT.JSON, 'dev', null, o.devName);
      } else p.fp(`${a.ifindex}: ${o.devName}`);
    }
    p.string(PT.ANY, 'family', '    %s ', a.family);
  }
  p.string(PT.ANY, 'local', '%s', a.local);
  p.int(PT.ANY, 'prefixlen', '/%d ', a.prefixlen);
  if (o.brief) return;
  if (a.broadcast !== undefined) {
    p.string(PT.FP, null, '%s ', 'brd');
    p.string(PT.ANY, 'broadcast', '%s ', a.broadcast);
  }
  p.string(PT.ANY, 'scope', 'scope %s ', scopeName(a.scope));
  printIfaFlags(p, a);
  if (a.label !== undefined) p.string(PT.ANY, 'label', '%s', a.label);
  p.nl();
  p.string(PT.FP, null, '       valid_lft ', null);
  if (a.validLft === 'forever') {
    p.uint(PT.JSON, 'valid_life_time', null, INFINITY_LIFE_TIME);
    p.string(PT.FP, null, '%s', 'forever');
  } else p.uint(PT.ANY, 'valid_life_time', '%usec', a.validLft);
  p.string(PT.FP, null, ' preferred_lft ', null);
  if (a.preferredLft === 'forever') {
    p.uint(PT.JSON, 'preferred_life_time', null, INFINITY_LIFE_TIME);
    p.string(PT.FP, null, '%s', 'forever');
  } else p.uint(PT.ANY, 'preferred_life_time', '%usec', a.preferredLft);
  p.string(PT.FP, null, '%s', '\n');
}
