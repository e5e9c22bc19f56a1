/**
 * Name lookups tcpdump does without -n, from the capturing host's own files:
 * /etc/hosts for addresses and /etc/services for ports (a Debian 12 excerpt
 * when the host has no /etc/services). There is no DNS in the emulator, so an
 * address not in /etc/hosts prints as numbers, as it would with DNS unreachable.
 */
import type { VirtualFS } from '../../world/fs.js';
import { parseIpv4 } from '../../net/addr.js';
import type { Resolvers } from './print/nd.js';
import type { NameLookup } from './filter/semantics.js';

/** Debian 12 /etc/services, the entries a cluster's traffic might meet. */
const DEBIAN_SERVICES =
  'echo 7/tcp;echo 7/udp;discard 9/tcp;discard 9/udp;daytime 13/tcp;daytime 13/udp;chargen 19/tcp;chargen 19/udp;' +
  'ftp-data 20/tcp;ftp 21/tcp;fsp 21/udp;ssh 22/tcp;telnet 23/tcp;smtp 25/tcp;time 37/tcp;time 37/udp;whois 43/tcp;' +
  'domain 53/tcp;domain 53/udp;bootps 67/udp;bootpc 68/udp;tftp 69/udp;http 80/tcp;kerberos 88/tcp;kerberos 88/udp;' +
  'pop3 110/tcp;sunrpc 111/tcp;sunrpc 111/udp;nntp 119/tcp;ntp 123/udp;netbios-ns 137/udp;netbios-dgm 138/udp;' +
  'netbios-ssn 139/tcp;imap2 143/tcp;snmp 161/tcp;snmp 161/udp;snmp-trap 162/tcp;snmp-trap 162/udp;bgp 179/tcp;' +
  'ldap 389/tcp;ldap 389/udp;https 443/tcp;https 443/udp;microsoft-ds 445/tcp;submissions 465/tcp;isakmp 500/udp;' +
  'ipp 631/tcp;shell 514/tcp;syslog 514/udp;route 520/udp;dhcpv6-client 546/udp;dhcpv6-server 547/udp;' +
  'submission 587/tcp;ldaps 636/tcp;ldaps 636/udp;domain-s 853/tcp;domain-s 853/udp;rsync 873/tcp;imaps 993/tcp;' +
  'pop3s 995/tcp;openvpn 1194/tcp;openvpn 1194/udp;radius 1812/tcp;radius 1812/udp;radius-acct 1813/tcp;' +
  'radius-acct 1813/udp;nfs 2049/tcp;nfs 2049/udp;mysql 3306/tcp;ipsec-nat-t 4500/udp;mdns 5353/udp;' +
  'postgresql 5432/tcp;redis 6379/tcp;http-alt 8080/tcp';

interface Services {
  byPort: Map<string, string>;
  byName: Map<string, number>;
}

function parseServices(text: string): Services {
  const byPort = new Map<string, string>();
  const byName = new Map<string, number>();
  for (const raw of text.split('\n')) {
    const line = raw.replace(/#.*/, '').trim();
    if (!line) continue;
    const [name, portProto, ...aliases] = line.split(/\s+/);
    const m = /^(\d+)\/(tcp|udp)$/.exec(portProto ?? '');
    if (!name || !m) continue;
    const key = `${m[1]}/${m[2]}`;
    if (!byPort.has(key)) byPort.set(key, name);
    for (const n of [name, ...aliases]) {
      if (!byName.has(`${n}/${m[2]}`)) byName.set(`${n}/${m[2]}`, Number(m[1]));
    }
  }
  return { byPort, byName };
}

function readText(fs: VirtualFS, path: string): string | undefined {
  try {
    return fs.readText(path);
  } catch {
    return undefined;
  }
}

export function hostResolvers(fs: VirtualFS): { print: Resolvers; filter: NameLookup } {
  let services: Services | undefined;
  const svc = (): Services =>
    (services ??= parseServices(readText(fs, '/etc/services') ?? DEBIAN_SERVICES.replace(/;/g, '\n')));
  let hosts: { byIp: Map<number, string>; byName: Map<string, number> } | undefined;
  const hostTable = (): NonNullable<typeof hosts> => {
    if (hosts) return hosts;
    hosts = { byIp: new Map(), byName: new Map() };
    for (const raw of (readText(fs, '/etc/hosts') ?? '').split('\n')) {
      const [addr, ...names] = raw.replace(/#.*/, '').trim().split(/\s+/);
      const ip = addr ? parseIpv4(addr) : undefined;
      if (ip === undefined) continue;
      if (names[0] && !hosts.byIp.has(ip)) hosts.byIp.set(ip, names[0]);
      for (const n of names) if (!hosts.byName.has(n)) hosts.byName.set(n, ip);
    }
    return hosts;
  };
  return {
    print: {
      hostName: (ip) => hostTable().byIp.get(ip),
      serviceName: (port, proto) => svc().byPort.get(`${port}/${proto}`),
    },
    filter: {
      host: (name) => parseIpv4(name) ?? hostTable().byName.get(name),
      port: (name, proto) =>
        proto
          ? svc().byName.get(`${name}/${proto}`)
          : (svc().byName.get(`${name}/tcp`) ?? svc().byName.get(`${name}/udp`)),
    },
  };
}
