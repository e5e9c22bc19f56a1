/**
 * The VXLAN header (RFC 7348): flags (I = a valid VNI follows), 24 reserved
 * bits, the 24-bit VNI, 8 reserved bits. Linux's flannel.1 listens on 8472,
 * the port Linux used before IANA assigned 4789.
 */
export const VXLAN_FLAG_I = 0x08;
export const VXLAN_HEADER_LEN = 8;
export const VXLAN_PORT_LINUX = 8472;
export const VXLAN_PORT_IANA = 4789;

/** Zero-copy accessors over a VXLAN header and the frame it carries. */
export class VxlanPacket {
  constructor(readonly buf: Uint8Array) {}
  static check(buf: Uint8Array): VxlanPacket | undefined {
    return buf.length >= VXLAN_HEADER_LEN ? new VxlanPacket(buf) : undefined;
  }
  flags(): number {
    return this.buf[0]!;
  }
  vni(): number {
    return (this.buf[4]! << 16) | (this.buf[5]! << 8) | this.buf[6]!;
  }
  innerFrame(): Uint8Array {
    return this.buf.subarray(VXLAN_HEADER_LEN);
  }
}

export function emitVxlan(vni: number, innerFrame: Uint8Array): Uint8Array {
  const b = new Uint8Array(VXLAN_HEADER_LEN + innerFrame.length);
  b[0] = VXLAN_FLAG_I;
  b[4] = (vni >>> 16) & 255;
  b[5] = (vni >>> 8) & 255;
  b[6] = vni & 255;
  b.set(innerFrame, VXLAN_HEADER_LEN);
  return b;
}

export function parseVxlan(buf: Uint8Array): { flags: number; vni: number; payload: Uint8Array } | undefined {
  if (buf.length < VXLAN_HEADER_LEN) return undefined;
  return {
    flags: buf[0]!,
    vni: (buf[4]! << 16) | (buf[5]! << 8) | buf[6]!,
    payload: buf.subarray(VXLAN_HEADER_LEN),
  };
}
