/**
 * The classic libpcap file format (microsecond timestamps, little-endian as
 * Linux writes it), enough for tcpdump -w/-r and for Wireshark to open.
 */
export const LINKTYPE_ETHERNET = 1;
export const LINKTYPE_LINUX_SLL2 = 276;
export const PCAP_MAGIC_US = 0xa1b2c3d4;
export const PCAP_MAGIC_NS = 0xa1b23c4d;
const GLOBAL_HEADER_LEN = 24;
const RECORD_HEADER_LEN = 16;

export interface PcapRecord {
  tsUs: number;
  data: Uint8Array;
  origLen: number;
}

/** The 24-byte global header. */
export function pcapHeader(snaplen = 262144, linktype = LINKTYPE_ETHERNET): Uint8Array {
  const out = new Uint8Array(GLOBAL_HEADER_LEN);
  const v = new DataView(out.buffer);
  v.setUint32(0, PCAP_MAGIC_US, true);
  v.setUint16(4, 2, true);
  v.setUint16(6, 4, true);
  v.setInt32(8, 0, true); // thiszone
  v.setUint32(12, 0, true); // sigfigs
  v.setUint32(16, snaplen, true);
  v.setUint32(20, linktype, true);
  return out;
}

/** One record: its 16-byte header and the frame cut to `snaplen`. */
export function pcapRecord(tsUs: number, frame: Uint8Array, origLen = frame.length, snaplen = 262144): Uint8Array {
  const cap = Math.min(frame.length, snaplen);
  const rec = new Uint8Array(RECORD_HEADER_LEN + cap);
  const v = new DataView(rec.buffer);
  const sec = Math.floor(tsUs / 1_000_000);
  v.setUint32(0, sec >>> 0, true);
  v.setUint32(4, tsUs - sec * 1_000_000, true);
  v.setUint32(8, cap, true);
  v.setUint32(12, origLen, true);
  rec.set(frame.subarray(0, cap), RECORD_HEADER_LEN);
  return rec;
}

export class PcapWriter {
  private chunks: Uint8Array[] = [];
  private size = GLOBAL_HEADER_LEN;

  constructor(
    readonly snaplen = 262144,
    readonly linktype = LINKTYPE_ETHERNET,
  ) {}

  /** Number of bytes bytes() would return. */
  get length(): number {
    return this.size;
  }

  add(tsUs: number, frame: Uint8Array, origLen = frame.length): void {
    const rec = pcapRecord(tsUs, frame, origLen, this.snaplen);
    this.chunks.push(rec);
    this.size += rec.length;
  }

  bytes(): Uint8Array {
    const out = new Uint8Array(this.size);
    out.set(pcapHeader(this.snaplen, this.linktype));
    let off = GLOBAL_HEADER_LEN;
    for (const c of this.chunks) {
      out.set(c, off);
      off += c.length;
    }
    return out;
  }
}

/**
 * Reads either byte order and either timestamp precision. The error strings are
 * libpcap's. A file whose header is bad gives only `error`; one cut short inside
 * a record gives the records before the cut and `truncated` (tcpdump prints
 * them, then `pcap_loop: <truncated>`).
 */
export function readPcap(
  bytes: Uint8Array,
): { linktype: number; snaplen: number; records: PcapRecord[]; truncated?: string } | { error: string } {
  if (bytes.length < 4) {
    return { error: `truncated dump file; tried to read 4 file header bytes, only got ${bytes.length}` };
  }
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let le: boolean;
  let nano: boolean;
  const mLe = v.getUint32(0, true);
  const mBe = v.getUint32(0, false);
  if (mLe === PCAP_MAGIC_US || mLe === PCAP_MAGIC_NS) {
    le = true;
    nano = mLe === PCAP_MAGIC_NS;
  } else if (mBe === PCAP_MAGIC_US || mBe === PCAP_MAGIC_NS) {
    le = false;
    nano = mBe === PCAP_MAGIC_NS;
  } else {
    return { error: 'unknown file format' };
  }
  if (bytes.length < GLOBAL_HEADER_LEN) {
    return { error: `truncated dump file; tried to read 24 file header bytes, only got ${bytes.length - 4}` };
  }
  const snaplen = v.getUint32(16, le);
  const linktype = v.getUint32(20, le) & 0x03ffffff;
  const records: PcapRecord[] = [];
  let off = GLOBAL_HEADER_LEN;
  while (off < bytes.length) {
    if (off + RECORD_HEADER_LEN > bytes.length) {
      const truncated = `truncated dump file; tried to read 16 header bytes, only got ${bytes.length - off}`;
      return { linktype, snaplen, records, truncated };
    }
    const sec = v.getUint32(off, le);
    const frac = v.getUint32(off + 4, le);
    const capLen = v.getUint32(off + 8, le);
    const origLen = v.getUint32(off + 12, le);
    off += RECORD_HEADER_LEN;
    if (off + capLen > bytes.length) {
      const truncated = `truncated dump file; tried to read ${capLen} captured bytes, only got ${bytes.length - off}`;
      return { linktype, snaplen, records, truncated };
    }
    const tsUs = sec * 1_000_000 + (nano ? Math.floor(frac / 1000) : frac);
    records.push({ tsUs, data: bytes.slice(off, off + capLen), origLen });
    off += capLen;
  }
  return { linktype, snaplen, records };
}
