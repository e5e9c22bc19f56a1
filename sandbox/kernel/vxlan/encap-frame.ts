/**
 * The VXLAN outer frame built in one buffer, as vxlan_xmit pushes its headers
 * into the skb's headroom instead of copying the inner frame three times:
 * Ethernet (14, left for the neighbour layer), IPv4 (20, filled by the IP
 * layer once it has picked the ID), UDP (8) and VXLAN (8), then the inner
 * frame. The bytes equal emitVxlan → emitUdp → emitIpv4 → ethFrame.
 */
import { internetChecksum, udpChecksum } from '../../net/checksum.js';
import { VXLAN_FLAG_I } from '../../net/vxlan.js';
import { carve } from '../ethframe.js';

export const ETH_HLEN = 14;
const IP_HLEN = 20;
const UDP_HLEN = 8;
const VXLAN_HLEN = 8;
/** Everything VXLAN puts in front of the inner frame (the 50 bytes of its MTU headroom, plus Ethernet). */
export const VXLAN_ENCAP_HEADROOM = ETH_HLEN + IP_HLEN + UDP_HLEN + VXLAN_HLEN;

/**
 * The outer frame with UDP and VXLAN headers written and the inner frame in
 * place. Returns the IPv4 packet (header still blank) as a view that starts
 * ETH_HLEN bytes into the frame: see `withHeadroom`.
 */
export function vxlanEncapPacket(
  inner: Uint8Array,
  vni: number,
  srcPort: number,
  dstPort: number,
  src: number,
  dst: number,
  udpCsum: boolean,
): Uint8Array {
  const frame = carve(VXLAN_ENCAP_HEADROOM + inner.length);
  const u = ETH_HLEN + IP_HLEN;
  const udpLen = UDP_HLEN + VXLAN_HLEN + inner.length;
  frame[u] = (srcPort >>> 8) & 255;
  frame[u + 1] = srcPort & 255;
  frame[u + 2] = (dstPort >>> 8) & 255;
  frame[u + 3] = dstPort & 255;
  frame[u + 4] = (udpLen >>> 8) & 255;
  frame[u + 5] = udpLen & 255;
  frame[u + 6] = 0;
  frame[u + 7] = 0;
  const v = u + UDP_HLEN;
  frame[v] = VXLAN_FLAG_I;
  frame[v + 1] = 0;
  frame[v + 2] = 0;
  frame[v + 3] = 0;
  frame[v + 4] = (vni >>> 16) & 255;
  frame[v + 5] = (vni >>> 8) & 255;
  frame[v + 6] = vni & 255;
  frame[v + 7] = 0;
  frame.set(inner, v + VXLAN_HLEN);
  if (udpCsum) {
    const c = udpChecksum(frame, u, udpLen, src, dst);
    frame[u + 6] = c >>> 8;
    frame[u + 7] = c & 255;
  }
  return frame.subarray(ETH_HLEN);
}

export interface Ipv4HeaderFields {
  tos: number;
  df: boolean;
  ttl: number;
  protocol: number;
  src: number;
  dst: number;
}

/** Fill the 20-byte IPv4 header at the start of `packet` (total length = the whole view), checksum included. */
export function writeIpv4Header(packet: Uint8Array, h: Ipv4HeaderFields, id: number): void {
  const total = packet.length;
  packet[0] = 0x45;
  packet[1] = h.tos & 255;
  packet[2] = (total >>> 8) & 255;
  packet[3] = total & 255;
  packet[4] = (id >>> 8) & 255;
  packet[5] = id & 255;
  packet[6] = h.df ? 0x40 : 0;
  packet[7] = 0;
  packet[8] = h.ttl & 255;
  packet[9] = h.protocol & 255;
  packet[10] = 0;
  packet[11] = 0;
  packet[12] = h.src >>> 24;
  packet[13] = (h.src >>> 16) & 255;
  packet[14] = (h.src >>> 8) & 255;
  packet[15] = h.src & 255;
  packet[16] = h.dst >>> 24;
  packet[17] = (h.dst >>> 16) & 255;
  packet[18] = (h.dst >>> 8) & 255;
  packet[19] = h.dst & 255;
  const c = internetChecksum(packet, 0, IP_HLEN);
  packet[10] = c >>> 8;
  packet[11] = c & 255;
}

/** The frame around a packet built by vxlanEncapPacket: its ETH_HLEN bytes of headroom included. */
export function withHeadroom(packet: Uint8Array): Uint8Array {
  return new Uint8Array(packet.buffer, packet.byteOffset - ETH_HLEN, packet.length + ETH_HLEN);
}
