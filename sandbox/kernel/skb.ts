/**
 * The kernel's packet buffer: the bytes plus the little metadata the stack
 * carries along (Linux's sk_buff). Taps and the wire only ever see `data`.
 */
export interface Skb {
  /** The frame (at L2) or packet (at L3), depending on where it is. */
  data: Uint8Array;
  /** Follows a packet and the packets it causes (reply, encapsulation, ICMP error), for `trace`. */
  traceId: number;
  /**
   * A forwarded packet whose TTL is still to be decremented: done on the frame
   * as it is built (ip_forward's skb_cow + ip_decrease_ttl without a second copy).
   */
  decTtl?: boolean;
  /**
   * `data` is an IPv4 packet with 14 bytes of its own frame in front of it
   * (vxlan's one-buffer encapsulation): the neighbour layer writes the
   * Ethernet header there instead of copying the packet.
   */
  headroom?: boolean;
}

export function skb(data: Uint8Array, traceId = 0): Skb {
  return { data, traceId };
}
