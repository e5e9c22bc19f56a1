/**
 * pcap-filter's scanner (libpcap scanner.l), the subset we parse: numbers
 * (decimal, 0x hex, 0 octal), dotted host/net ids, MAC addresses, names
 * (which swallow '-' and '.', so `icmp-echo` and `1-2` are one token), the
 * keywords, and the operators. Like flex, the longest match wins and ties go to
 * the earlier rule.
 */
export type TokKind = 'num' | 'hid' | 'eid' | 'id' | 'kw' | 'op' | 'eof';

export interface Token {
  kind: TokKind;
  text: string;
  /** For 'num' (and the named constants that are numbers). */
  value?: number;
}

export const KEYWORDS = new Set([
  'dst',
  'src',
  'host',
  'net',
  'mask',
  'port',
  'portrange',
  'proto',
  'gateway',
  'ether',
  'link',
  'ip',
  'arp',
  'rarp',
  'tcp',
  'udp',
  'icmp',
  'igmp',
  'sctp',
  'ip6',
  'icmp6',
  'vlan',
  'and',
  'or',
  'not',
  'len',
  'greater',
  'less',
  'broadcast',
  'multicast',
  'inbound',
  'outbound',
]);

/** Names libpcap's scanner turns straight into numbers. */
export const NAMED_NUMBERS: ReadonlyMap<string, number> = new Map([
  ['icmptype', 0],
  ['icmpcode', 1],
  ['icmp-echoreply', 0],
  ['icmp-unreach', 3],
  ['icmp-sourcequench', 4],
  ['icmp-redirect', 5],
  ['icmp-echo', 8],
  ['icmp-routeradvert', 9],
  ['icmp-routersolicit', 10],
  ['icmp-timxceed', 11],
  ['icmp-paramprob', 12],
  ['icmp-tstamp', 13],
  ['icmp-tstampreply', 14],
  ['icmp-ireq', 15],
  ['icmp-ireqreply', 16],
  ['icmp-maskreq', 17],
  ['icmp-maskreply', 18],
  ['tcpflags', 13],
  ['tcp-fin', 0x01],
  ['tcp-syn', 0x02],
  ['tcp-rst', 0x04],
  ['tcp-push', 0x08],
  ['tcp-ack', 0x10],
  ['tcp-urg', 0x20],
  ['tcp-ece', 0x40],
  ['tcp-cwr', 0x80],
]);

export class FilterError extends Error {}

const OPS = [
  '&&',
  '||',
  '<<',
  '>>',
  '>=',
  '<=',
  '!=',
  '==',
  '(',
  ')',
  '[',
  ']',
  ':',
  '+',
  '-',
  '*',
  '/',
  '%',
  '&',
  '|',
  '^',
  '!',
  '=',
  '>',
  '<',
];

const RULES: [TokKind, RegExp][] = [
  ['eid', /^(?:[0-9A-Fa-f]{1,2}(?::[0-9A-Fa-f]{1,2}){5}|[0-9A-Fa-f]{4}\.[0-9A-Fa-f]{4}\.[0-9A-Fa-f]{4})/],
  ['hid', /^[0-9]+(?:\.[0-9]+){1,3}/],
  ['num', /^(?:0[xX][0-9A-Fa-f]+|[0-9]+)/],
  ['id', /^[A-Za-z0-9](?:[-_.A-Za-z0-9]*[.A-Za-z0-9])?/],
];

/** strtoul-like with libpcap's checks: octal with a leading 0, hex with 0x. */
export function parseNumber(text: string): number | undefined {
  let v: number;
  if (/^0[xX][0-9A-Fa-f]+$/.test(text)) v = parseInt(text.slice(2), 16);
  else if (/^0[0-7]*$/.test(text)) v = text.length > 1 ? parseInt(text.slice(1), 8) : 0;
  else if (/^[1-9][0-9]*$/.test(text)) v = parseInt(text, 10);
  else return undefined;
  return v;
}

export function lex(src: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i]!;
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
      i++;
      continue;
    }
    const rest = src.slice(i);
    if (c === '\\') {
      const m = /^\\[^ !()\n\t]+/.exec(rest);
      if (m) {
        out.push({ kind: 'id', text: m[0].slice(1) });
        i += m[0].length;
        continue;
      }
    }
    let best: { kind: TokKind; text: string } | undefined;
    for (const [kind, re] of RULES) {
      const m = re.exec(rest);
      if (m && (!best || m[0].length > best.text.length)) best = { kind, text: m[0] };
    }
    if (best) {
      i += best.text.length;
      if (best.kind === 'num') {
        const v = parseNumber(best.text);
        if (v === undefined || v > 0xffffffff) throw new FilterError(`number ${best.text} contains non-octal digit`);
        out.push({ kind: 'num', text: best.text, value: v });
      } else if (best.kind === 'id' && KEYWORDS.has(best.text)) {
        out.push({ kind: 'kw', text: best.text });
      } else if (best.kind === 'id' && NAMED_NUMBERS.has(best.text)) {
        out.push({ kind: 'num', text: best.text, value: NAMED_NUMBERS.get(best.text)! });
      } else out.push(best);
      continue;
    }
    const op = OPS.find((o) => rest.startsWith(o));
    if (!op) throw new FilterError('syntax error');
    out.push({ kind: 'op', text: op === '==' ? '=' : op });
    i += op.length;
  }
  out.push({ kind: 'eof', text: '' });
  return out.map((t) =>
    t.kind === 'op' && t.text === '&&'
      ? { kind: 'kw', text: 'and' }
      : t.kind === 'op' && t.text === '||'
        ? { kind: 'kw', text: 'or' }
        : t,
  );
}
