import { describe, expect, it } from 'vitest';
import { loadScenario } from '../../sandbox/scenarios/index.js';
import { runTranscript } from '../../sandbox/shell/transcript.js';
import { parseEthernet } from '../../sandbox/net/ethernet.js';
import { parseIpv4 } from '../../sandbox/net/ipv4.js';
import { parseUdp } from '../../sandbox/net/udp.js';
import { parseVxlan } from '../../sandbox/net/vxlan.js';

const NODE = '10-7-111-92';
const POD = 'ubuntu-664c5f866b-865jb';

describe('VXLAN flannel.1', () => {
  it('wraps a 64-byte ping into a 134-byte outer IPv4/UDP packet to 8472, as Linux does', async () => {
    const w = loadScenario('article');
    const eth0: Uint8Array[] = [];
    const fl: Uint8Array[] = [];
    w.host(NODE)!
      .ns.dev('eth0')!
      .addTap((f) => eth0.push(f.slice()));
    w.host(NODE)!
      .ns.dev('flannel.1')!
      .addTap((f) => fl.push(f.slice()));
    await runTranscript(w, POD, 'ping -c 2 10.244.0.4');
    const vx = eth0
      .map((f) => parseEthernet(f)!)
      .filter((e) => e.repr.ethertype === 0x0800)
      .map((e) => ({ e, ip: parseIpv4(e.payload)! }))
      .filter((x) => x.ip.repr.protocol === 17);
    expect(vx.length).toBe(4);
    const out = vx.find((x) => x.ip.repr.src === 0x0a076f5c)!;
    const back = vx.find((x) => x.ip.repr.src === 0x0a07a0be)!;
    expect(out.ip.totalLength).toBe(134);
    expect(out.ip.repr.ttl).toBe(64);
    expect(out.ip.repr.df).toBe(false);
    expect(out.ip.checksumOk).toBe(true);
    expect(out.e.repr.src).toBe('52:54:00:07:6f:5c');
    expect(out.e.repr.dst).toBe('52:54:00:07:a0:be');
    const u = parseUdp(out.ip.payload, out.ip.repr.src, out.ip.repr.dst)!;
    const ub = parseUdp(back.ip.payload, back.ip.repr.src, back.ip.repr.dst)!;
    expect(u.repr.dstPort).toBe(8472);
    expect(u.checksum).not.toBe(0);
    expect(u.checksumOk).toBe(true);
    expect(u.repr.srcPort).toBeGreaterThanOrEqual(32768);
    expect(u.repr.srcPort).toBeLessThanOrEqual(60999);
    // Both directions of the flow hash to the same source port.
    expect(ub.repr.srcPort).toBe(u.repr.srcPort);
    const v = parseVxlan(u.payload)!;
    expect(v.flags).toBe(0x08);
    expect(v.vni).toBe(1);
    // udp[39] is the inner IPv4 protocol byte (ICMP = 1); udp[14] the VNI's low byte.
    expect(out.ip.payload[39]).toBe(1);
    expect(out.ip.payload[14]).toBe(1);
    const inner = parseEthernet(v.payload)!;
    expect(inner.repr.src).toBe('06:74:ad:94:9f:06');
    expect(inner.repr.dst).toBe('be:1d:47:c2:90:0a');
    const innerIp = parseIpv4(inner.payload)!;
    expect(innerIp.repr.ttl).toBe(63);
    expect(innerIp.repr.df).toBe(true);
    // flannel.1's captures see only inner frames (no UDP).
    expect(fl.every((f) => parseIpv4(parseEthernet(f)!.payload)?.repr.protocol !== 17)).toBe(true);
    expect(fl.filter((f) => parseIpv4(parseEthernet(f)!.payload)?.repr.protocol === 1).length).toBe(4);
  });

  it('the first cross-node ping ARPs for the peer node on eth0; flannel.1 never ARPs (permanent entry)', async () => {
    const w = loadScenario('article');
    const eth0: Uint8Array[] = [];
    const fl: Uint8Array[] = [];
    w.host(NODE)!
      .ns.dev('eth0')!
      .addTap((f) => eth0.push(f.slice()));
    w.host(NODE)!
      .ns.dev('flannel.1')!
      .addTap((f) => fl.push(f.slice()));
    await runTranscript(w, POD, 'ping -c 1 10.244.0.4');
    expect(eth0[0]![12]).toBe(8);
    expect(eth0[0]![13]).toBe(6);
    expect(fl.some((f) => f[13] === 6)).toBe(false);
  });

  it('same-node traffic never touches flannel.1', async () => {
    const w = loadScenario('article');
    let n = 0;
    w.host(NODE)!
      .ns.dev('flannel.1')!
      .addTap(() => n++);
    await runTranscript(w, POD, 'ping -c 3 10.244.1.3');
    expect(n).toBe(0);
  });

  it('a second VXLAN device with the same VNI and port is refused', () => {
    const w = loadScenario('article');
    const ns = w.host(NODE)!.ns;
    const r = ns.linkAdd({ kind: 'vxlan', name: 'vx2', id: 1, dstport: 8472, dev: ns.dev('eth0')! });
    expect(r.ok ? '' : `${r.errno} ${r.extack}`).toBe('EEXIST A VXLAN device with the specified VNI already exists');
    const mtu = ns.linkSet(ns.dev('flannel.1')!, { mtu: 1500 });
    expect(mtu.ok ? '' : mtu.errno).toBe('EINVAL');
    const big = ns.linkSet(ns.dev('flannel.1')!, { mtu: 70000 });
    expect(big.ok ? '' : big.extack).toBe('mtu greater than device maximum');
  });
});

describe('the underlay wire', () => {
  it('pads short frames to 60 bytes: the sender captures 42-byte ARP, the receiver 60', async () => {
    const w = loadScenario('article');
    const sent: number[] = [];
    const got: number[] = [];
    w.host(NODE)!
      .ns.dev('eth0')!
      .addTap((f, dir) => dir === 'out' && f[13] === 6 && sent.push(f.length));
    w.host('10-7-160-190')!
      .ns.dev('eth0')!
      .addTap((f, dir) => dir === 'in' && f[13] === 6 && got.push(f.length));
    await runTranscript(w, POD, 'ping -c 1 10.244.0.4');
    expect(sent[0]).toBe(42);
    expect(got[0]).toBe(60);
  });
});
