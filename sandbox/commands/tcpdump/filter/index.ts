/**
 * The pcap-filter compiler: text → matcher over raw records, or libpcap's
 * error text (tcpdump prints it after `tcpdump: `).
 */
import { LINKTYPE_LINUX_SLL2 } from '../../../net/pcap.js';
import { compileMatcher, ETHERNET_LAYOUT, SLL2_LAYOUT, type Matcher } from './eval.js';
import { FilterError } from './lexer.js';
import { Parser } from './parser.js';
import { foldedRelations, rejectsAll } from './rejects.js';
import type { NameLookup } from './semantics.js';
import type { Node } from './ast.js';

export type { Matcher } from './eval.js';
export type { NameLookup } from './semantics.js';

export const NO_NAMES: NameLookup = { host: () => undefined, port: () => undefined };

/** libpcap's refusals that depend on the link type (gencode.c), first one from the left. */
function linkTypeError(n: Node, linktype: number, live: boolean): string | undefined {
  switch (n.t) {
    case 'and':
    case 'or':
      return linkTypeError(n.l, linktype, live) ?? linkTypeError(n.r, linktype, live);
    case 'not':
      return linkTypeError(n.e, linktype, live);
    case 'ehost':
      return linktype === LINKTYPE_LINUX_SLL2
        ? 'ethernet addresses supported only on ethernet/FDDI/token ring/802.11/ATM LANE/Fibre Channel'
        : undefined;
    case 'ebroadcast':
      return linktype === LINKTYPE_LINUX_SLL2 ? 'not a broadcast link' : undefined;
    case 'emulticast':
      return linktype === LINKTYPE_LINUX_SLL2
        ? 'link-layer multicast filters supported only on ethernet/FDDI/token ring/ARCNET/802.11/ATM LANE/Fibre Channel'
        : undefined;
    case 'direction':
      return linktype !== LINKTYPE_LINUX_SLL2 && !live
        ? 'inbound/outbound not supported on Ethernet when reading savefiles'
        : undefined;
    default:
      return undefined;
  }
}

/** `live`: the filter runs on a live capture (Linux then knows each Ethernet frame's direction). */
export function compileFilter(
  text: string,
  linktype: number,
  names: NameLookup = NO_NAMES,
  opts: { live?: boolean } = {},
): { ok: true; match: Matcher } | { ok: false; error: string } {
  try {
    const ast = Parser.parse(text, names);
    const linkError = linkTypeError(ast, linktype, opts.live ?? false);
    if (linkError) return { ok: false, error: linkError };
    if (rejectsAll(ast)) return { ok: false, error: 'expression rejects all packets' };
    return {
      ok: true,
      match: compileMatcher(
        ast,
        linktype === LINKTYPE_LINUX_SLL2 ? SLL2_LAYOUT : ETHERNET_LAYOUT,
        foldedRelations(ast),
      ),
    };
  } catch (e) {
    if (e instanceof FilterError) {
      return {
        ok: false,
        error: e.message === 'syntax error' ? "can't parse filter expression: syntax error" : e.message,
      };
    }
    if (e instanceof RangeError) return { ok: false, error: "can't parse filter expression: syntax error" };
    throw e;
  }
}
