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

export type { Matcher } from './eval.js';
export type { NameLookup } from './semantics.js';

export const NO_NAMES: NameLookup = { host: () => undefined, port: () => undefined };

export function compileFilter(
  text: string,
  linktype: number,
  names: NameLookup = NO_NAMES,
): { ok: true; match: Matcher } | { ok: false; error: string } {
  try {
    const ast = Parser.parse(text, names);
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
