/**
 * iptables and iptables-save (v1.8.7, as on Ubuntu 22.04) over the
 * namespace's netfilter state: -S, -L [-n] [-v] [--line-numbers], -A/-I/-D/-C,
 * -N/-X/-F/-Z/-P, and the save format. Listing formats follow
 * print_header()/print_firewall() of iptables.c.
 */
import type { Command, CommandContext } from '../../shell/command.js';
import {
  netfilterOf,
  parseRule,
  serviceName,
  BUILTIN_CHAINS,
  ICMP_TYPES,
  type PortMatch,
  type Chain,
  type Rule,
  type TableName,
} from '../../kernel/netfilter.js';
import { LOCAL_TZ_OFFSET_US } from '../../world/clock.js';
import type { Host } from '../../world/host.js';

const VERSION = 'iptables v1.8.7 (nf_tables)';
const TABLES: TableName[] = ['filter', 'nat', 'mangle', 'raw'];

function num5(n: number): string {
  // xtables_print_num with FMT_KILOMEGAGIGA: %5llu, then K/M/G with one less digit of room.
  if (n > 99999) {
    const units = ['K', 'M', 'G', 'T'];
    let v = n;
    let u = -1;
    while (v > 9999 && u < units.length - 1) {
      v = Math.floor(v / 1000);
      u++;
    }
    return `${String(v).padStart(4)}${units[u]} `;
  }
  return `${String(n).padStart(5)} `;
}

function addr(m: Rule['src'], numeric: boolean): string {
  if (!m) return numeric ? '0.0.0.0/0' : 'anywhere';
  const ip = [m.net >>> 24, (m.net >>> 16) & 255, (m.net >>> 8) & 255, m.net & 255].join('.');
  return m.len === 32 ? ip : `${ip}/${m.len}`;
}

/** libxt_udp/libxt_tcp print_ports: ` dpt:8472`, ` dpts:1:2`, `!` after the colon; names without -n. */
function listPorts(name: string, m: PortMatch | undefined, numeric: boolean): string {
  if (!m) return '';
  const port = (n: number): string => (numeric ? String(n) : (serviceName(n) ?? String(n)));
  const inv = m.not ? '!' : '';
  return m.lo === m.hi ? ` ${name}:${inv}${port(m.lo)}` : ` ${name}s:${inv}${port(m.lo)}:${port(m.hi)}`;
}

/** What each match prints in `iptables -L` (the extensions' print functions), in the rule's order. */
function listMatches(r: Rule, numeric: boolean): string {
  let s = '';
  for (const m of r.order) {
    if (m === 'mark' && r.mark)
      s += ` mark match ${r.mark.not ? '! ' : ''}0x${r.mark.value.toString(16)}/0x${r.mark.mask.toString(16)}`;
    else if (m === 'comment' && r.comment !== undefined) s += ` /* ${r.comment} */`;
    else if (m === 'udp' || m === 'tcp')
      s += ` ${m}${listPorts('spt', r.sport, numeric)}${listPorts('dpt', r.dport, numeric)}`;
    else if (m === 'icmp') {
      const t = r.icmpType;
      s += ' icmp';
      if (!t || (t.type === 0xff && !t.not)) {
        if (t && numeric) s += 'type 255';
        else if (t) s += ' any';
        continue;
      }
      const named = numeric
        ? undefined
        : ICMP_TYPES.find(([, ty, lo, hi]) => ty === t.type && lo === t.codeMin && hi === t.codeMax);
      if (named) s += ` ${t.not ? '!' : ''}${named[0]}`;
      else {
        s += `${t.not ? ' !' : ''}type ${t.type}`;
        if (t.codeMin === t.codeMax) s += ` code ${t.codeMin}`;
        else if (t.codeMin !== 0 || t.codeMax !== 0xff) s += ` codes ${t.codeMin}-${t.codeMax}`;
      }
    } else if (m === 'multiport' && r.multiport) {
      const port = (n: number): string => (numeric ? String(n) : (serviceName(n) ?? String(n)));
      s += ` multiport ${r.multiport.dir} ${r.multiport.ports.map(port).join(',')}`;
    }
  }
  if (r.rejectWith) s += ` reject-with ${r.rejectWith}`;
  if (r.randomFully) s += ' random-fully';
  return s;
}

function ruleLine(r: Rule, verbose: boolean, numeric: boolean, lineNo?: number): string {
  let s = lineNo !== undefined ? `${String(lineNo).padEnd(4)} ` : '';
  if (verbose) s += num5(r.packets) + num5(r.bytes);
  s += `${r.target.padEnd(9)} `;
  s += r.proto?.not ? '!' : ' ';
  s += (r.proto?.p ?? 'all').padEnd(5);
  s += '-- ';
  if (verbose) {
    s += ` ${`${r.inIface?.not ? '!' : ''}${r.inIface?.name ?? '*'}`.padEnd(6)} `;
    s += `${`${r.outIface?.not ? '!' : ''}${r.outIface?.name ?? '*'}`.padEnd(6)} `;
  }
  s += r.src?.not ? '!' : ' ';
  s += `${addr(r.src && { ...r.src }, numeric || !!r.src)}`.padEnd(19) + ' ';
  s += r.dst?.not ? '!' : ' ';
  s += `${addr(r.dst && { ...r.dst }, numeric || !!r.dst)}`.padEnd(19) + ' ';
  return s + listMatches(r, numeric) + '\n';
}

function header(verbose: boolean, lineNumbers: boolean): string {
  let s = lineNumbers ? 'num  ' : '';
  if (verbose) s += ' pkts bytes ';
  s += 'target     prot opt ';
  if (verbose) s += 'in     out     ';
  s += 'source               destination         \n';
  return s;
}

function references(chains: Map<string, Chain>, name: string): number {
  let n = 0;
  for (const c of chains.values()) for (const r of c.rules) if (r.target === name) n++;
  return n;
}

function orderedChains(t: TableName, chains: Map<string, Chain>): Chain[] {
  const builtins = BUILTIN_CHAINS[t].map((n) => chains.get(n)!).filter(Boolean);
  const users = [...chains.values()].filter((c) => !c.builtin).sort((a, b) => (a.name < b.name ? -1 : 1));
  return [...builtins, ...users];
}

function listChains(
  t: TableName,
  chains: Map<string, Chain>,
  which: string | undefined,
  verbose: boolean,
  numeric: boolean,
  lineNumbers: boolean,
): string {
  const out: string[] = [];
  for (const c of orderedChains(t, chains)) {
    if (which && c.name !== which) continue;
    let s = c.builtin
      ? verbose
        ? `Chain ${c.name} (policy ${c.policy} ${c.packets} packets, ${c.bytes} bytes)\n`
        : `Chain ${c.name} (policy ${c.policy})\n`
      : `Chain ${c.name} (${references(chains, c.name)} references)\n`;
    s += header(verbose, lineNumbers);
    c.rules.forEach((r, i) => (s += ruleLine(r, verbose, numeric, lineNumbers ? i + 1 : undefined)));
    out.push(s);
  }
  return out.join('\n');
}

function specLines(t: TableName, chains: Map<string, Chain>, which: string | undefined): string {
  let s = '';
  const list = orderedChains(t, chains).filter((c) => !which || c.name === which);
  for (const c of list) s += c.builtin ? `-P ${c.name} ${c.policy}\n` : `-N ${c.name}\n`;
  for (const c of list) for (const r of c.rules) s += `-A ${c.name} ${r.spec}\n`;
  return s;
}

const USAGE = `${VERSION}

Usage: iptables -[ACD] chain rule-specification [options]
       iptables -I chain [rulenum] rule-specification [options]
       iptables -R chain rulenum rule-specification [options]
       iptables -D chain rulenum [options]
       iptables -[LS] [chain [rulenum]] [options]
       iptables -[FZ] [chain] [options]
       iptables -[NX] chain
       iptables -E old-chain-name new-chain-name
       iptables -P chain target [options]
       iptables -h (print this help information)
`;

function runIptables(ctx: CommandContext): number {
  const args = ctx.argv.slice(1);
  const err = (msg: string, code = 1): number => {
    ctx.stderr.write(msg + '\n');
    return code;
  };
  const bad = (msg: string): number =>
    err(`${VERSION}: ${msg}\nTry \`iptables -h' or 'iptables --help' for more information.`, 2);
  let table: TableName = 'filter';
  let cmd: string | undefined;
  let chain: string | undefined;
  let verbose = false;
  let numeric = false;
  let lineNumbers = false;
  const rest: string[] = [];
  let extra: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '-t' || a === '--table') {
      const t = args[++i];
      if (!t || !TABLES.includes(t as TableName))
        return err(
          `${VERSION}: can't initialize iptables table \`${t ?? ''}': Table does not exist (do you need to insmod?)\nPerhaps iptables or your kernel needs to be upgraded.`,
          3,
        );
      table = t as TableName;
    } else if (a === '-h' || a === '--help') {
      ctx.stdout.write(USAGE);
      return 0;
    } else if (a === '--version' || a === '-V') {
      ctx.stdout.write(`${VERSION}\n`);
      return 0;
    } else if (
      /^-[LSAIDCNXFZP]$/.test(a) ||
      [
        '--list',
        '--list-rules',
        '--append',
        '--insert',
        '--delete',
        '--check',
        '--new-chain',
        '--delete-chain',
        '--flush',
        '--zero',
        '--policy',
      ].includes(a)
    ) {
      if (cmd) return bad('Cannot use more than one command');
      const map: Record<string, string> = {
        '--list': '-L',
        '--list-rules': '-S',
        '--append': '-A',
        '--insert': '-I',
        '--delete': '-D',
        '--check': '-C',
        '--new-chain': '-N',
        '--delete-chain': '-X',
        '--flush': '-F',
        '--zero': '-Z',
        '--policy': '-P',
      };
      cmd = map[a] ?? a;
      if (args[i + 1] !== undefined && !args[i + 1]!.startsWith('-')) chain = args[++i];
      if ((cmd === '-P' || cmd === '-I' || cmd === '-D') && args[i + 1] !== undefined && !args[i + 1]!.startsWith('-'))
        extra = args[++i];
    } else if (a === '-v' || a === '--verbose') verbose = true;
    else if (a === '-n' || a === '--numeric') numeric = true;
    else if (a === '--line-numbers') lineNumbers = true;
    else if (/^-[nvL]+$/.test(a) && a.includes('L')) {
      cmd = '-L';
      verbose ||= a.includes('v');
      numeric ||= a.includes('n');
      if (args[i + 1] !== undefined && !args[i + 1]!.startsWith('-')) chain = args[++i];
    } else rest.push(a);
  }
  if (!cmd) return bad('no command specified');
  const nf = netfilterOf(ctx.host.ns);
  const chains = nf.table(table);
  const need = (): Chain | undefined => (chain ? chains.get(chain) : undefined);
  switch (cmd) {
    case '-S':
      if (chain && !chains.has(chain)) return err('iptables: No chain/target/match by that name.');
      ctx.stdout.write(specLines(table, chains, chain));
      return 0;
    case '-L':
      if (chain && !chains.has(chain)) return err('iptables: No chain/target/match by that name.');
      ctx.stdout.write(listChains(table, chains, chain, verbose, numeric, lineNumbers));
      return 0;
    case '-N':
      if (!chain) return bad('-N requires a chain name');
      if (chains.has(chain)) return err('iptables: Chain already exists.');
      chains.set(chain, { name: chain, builtin: false, policy: undefined, rules: [], packets: 0, bytes: 0 });
      return 0;
    case '-X': {
      const victims = chain ? [chain] : [...chains.values()].filter((c) => !c.builtin).map((c) => c.name);
      for (const v of victims) {
        const c = chains.get(v);
        if (!c) return err('iptables: No chain/target/match by that name.');
        if (c.builtin) return err("iptables: Invalid argument. Run `dmesg' for more information.");
        if (references(chains, v) > 0) return err('iptables: Too many links.');
        if (c.rules.length) return err('iptables: Directory not empty.');
        chains.delete(v);
      }
      return 0;
    }
    case '-F':
      for (const c of chains.values()) if (!chain || c.name === chain) c.rules = [];
      if (chain && !chains.has(chain)) return err('iptables: No chain/target/match by that name.');
      return 0;
    case '-Z':
      for (const c of chains.values()) {
        if (chain && c.name !== chain) continue;
        c.packets = c.bytes = 0;
        for (const r of c.rules) r.packets = r.bytes = 0;
      }
      return 0;
    case '-P': {
      const c = need();
      if (!c || !c.builtin) return err('iptables: Bad built-in chain name.');
      if (extra !== 'ACCEPT' && extra !== 'DROP')
        return err("iptables: Bad policy name. Run `dmesg' for more information.");
      c.policy = extra;
      return 0;
    }
    case '-A':
    case '-I':
    case '-C':
    case '-D': {
      const c = need();
      if (!chain) return bad(`option "${cmd}" requires an argument`);
      if (cmd === '-D' && extra !== undefined && /^\d+$/.test(extra) && rest.length === 0) {
        if (!c || Number(extra) < 1 || Number(extra) > c.rules.length)
          return err('iptables: Index of deletion too big.');
        c.rules.splice(Number(extra) - 1, 1);
        return 0;
      }
      const ruleArgs =
        cmd === '-I' && extra !== undefined && !/^\d+$/.test(extra)
          ? [extra, ...rest]
          : cmd === '-D' && extra !== undefined
            ? [extra, ...rest]
            : rest;
      const p = parseRule(ruleArgs);
      if (!p.ok && p.dmesg) return err("iptables: Invalid argument. Run `dmesg' for more information.");
      if (!p.ok) return bad(p.error);
      // xt_check_target: REJECT is registered for the filter table only.
      if (p.rule.target === 'REJECT' && table !== 'filter')
        return err("iptables: Invalid argument. Run `dmesg' for more information.");
      if (!c)
        return err(
          cmd === '-C' || cmd === '-D'
            ? 'iptables: Bad rule (does a matching rule exist in that chain?).'
            : 'iptables: No chain/target/match by that name.',
        );
      if (
        p.rule.target &&
        !['ACCEPT', 'DROP', 'RETURN', 'MASQUERADE', 'LOG', 'REJECT'].includes(p.rule.target) &&
        !chains.has(p.rule.target)
      ) {
        return err(`iptables v1.8.7 (nf_tables): Chain '${p.rule.target}' does not exist`, 2);
      }
      const i = c.rules.findIndex((r) => r.spec === p.rule.spec);
      if (cmd === '-C') return i >= 0 ? 0 : err('iptables: Bad rule (does a matching rule exist in that chain?).');
      if (cmd === '-D') {
        if (i < 0) return err('iptables: Bad rule (does a matching rule exist in that chain?).');
        c.rules.splice(i, 1);
        return 0;
      }
      if (cmd === '-A') c.rules.push(p.rule);
      else c.rules.splice(extra && /^\d+$/.test(extra) ? Number(extra) - 1 : 0, 0, p.rule);
      return 0;
    }
  }
  return bad('unknown command');
}

function localDate(us: number): string {
  const d = new Date((us + LOCAL_TZ_OFFSET_US) / 1000);
  const days = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  const p = (n: number): string => String(n).padStart(2, '0');
  return `${days[d.getUTCDay()]} ${months[d.getUTCMonth()]} ${String(d.getUTCDate()).padStart(2)} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())} ${d.getUTCFullYear()}`;
}

function runIptablesSave(ctx: CommandContext): number {
  const args = ctx.argv.slice(1);
  let only: TableName | undefined;
  let counters = false;
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '-t') only = args[++i] as TableName;
    else if (args[i] === '-c' || args[i] === '--counters') counters = true;
  }
  const nf = netfilterOf(ctx.host.ns);
  const when = localDate(ctx.world.clock.now);
  let s = '';
  for (const t of ['filter', 'nat', 'mangle', 'raw'] as TableName[]) {
    if (only ? t !== only : !nf.loaded.has(t)) continue;
    const chains = nf.tables.get(t)!;
    s += `# Generated by iptables-save v1.8.7 on ${when}\n*${t}\n`;
    for (const c of orderedChains(t, chains))
      s += `:${c.name} ${c.builtin ? c.policy : '-'} [${counters ? `${c.packets}:${c.bytes}` : '0:0'}]\n`;
    for (const c of orderedChains(t, chains))
      for (const r of c.rules) s += `${counters ? `[${r.packets}:${r.bytes}] ` : ''}-A ${c.name} ${r.spec}\n`;
    s += `COMMIT\n# Completed on ${when}\n`;
  }
  ctx.stdout.write(s);
  return 0;
}

/**
 * A pod with its own network namespace runs an application image (ubuntu, coredns, nginx) without iptables;
 * a hostNetwork pod (flannel, kube-proxy) carries it and sees the node's tables. The kubelet names a
 * hostNetwork pod's host after its node.
 */
export function hasIptables(host: Host): boolean {
  return host.kind !== 'pod' || host.name === host.node;
}

export const iptables: Command = {
  name: 'iptables',
  summary: 'administration tool for IPv4 packet filtering and NAT',
  usage: USAGE,
  availableOn: hasIptables,
  run: runIptables,
};

export const iptablesSave: Command = {
  name: 'iptables-save',
  summary: 'dump iptables rules',
  usage: 'iptables-save [-c] [-t table]',
  availableOn: hasIptables,
  run: runIptablesSave,
};
