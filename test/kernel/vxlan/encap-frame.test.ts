import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { vxlanEncapPacket, withHeadroom, writeIpv4Header } from '../../../sandbox/kernel/vxlan/encap-frame.js';
import { ethHeaderInto } from '../../../sandbox/kernel/ethframe.js';
import { emitVxlan } from '../../../sandbox/net/vxlan.js';
import { emitUdp } from '../../../sandbox/net/udp.js';
import { emitIpv4 } from '../../../sandbox/net/ipv4.js';
import { emitEthernet } from '../../../sandbox/net/ethernet.js';

describe('VXLAN encapsulation in one buffer', () => {
  it('gives the bytes of emitVxlan → emitUdp → emitIpv4 → emitEthernet', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 14, maxLength: 1500 }),
        fc.integer({ min: 0, max: 0xffffff }),
        fc.integer({ min: 1, max: 0xffff }),
        fc.integer({ min: 0, max: 0xffff }),
        fc.integer({ min: 0, max: 0xffffffff }),
        fc.integer({ min: 0, max: 0xffffffff }),
        fc.boolean(),
        fc.boolean(),
        (inner, vni, sport, id, src, dst, csum, df) => {
          const hdr = { tos: 0, df, ttl: 64, protocol: 17, src, dst };
          const want = emitEthernet(
            { dst: '52:54:00:07:a0:be', src: '52:54:00:07:6f:5c', ethertype: 0x0800 },
            emitIpv4({ ...hdr, id }, emitUdp({ srcPort: sport, dstPort: 8472 }, emitVxlan(vni, inner), src, dst, csum)),
          );
          const packet = vxlanEncapPacket(inner, vni, sport, 8472, src, dst, csum);
          writeIpv4Header(packet, hdr, id);
          const got = ethHeaderInto(withHeadroom(packet), '52:54:00:07:a0:be', '52:54:00:07:6f:5c', 0x0800);
          expect(Buffer.from(got).toString('hex')).toBe(Buffer.from(want).toString('hex'));
        },
      ),
      { numRuns: 300 },
    );
  });
});
