/**
 * The VNI filter exercise judges a reader's filter by running it, compiled by
 * tcpdump's own compiler, over frames built byte by byte: the article's
 * `udp[39]=1` must fail both ways, a real VNI test must pass.
 */
import { describe, expect, it } from 'vitest';
import { compileFilter } from '../../sandbox/commands/tcpdump/filter/index.js';
import { KEEP, DROP } from '../../sandbox/exercises/vxlan/vni-filter.js';
import { summarizeFrame } from '../../sandbox/exercises/frames.js';

function verdict(filter: string): { keeps: boolean; drops: boolean } {
  const f = compileFilter(filter, 1);
  if (!f.ok) throw new Error(f.error);
  return {
    keeps: KEEP.every((fr) => f.match(fr, fr.length)),
    drops: DROP.every((fr) => !f.match(fr, fr.length)),
  };
}

describe('vni-filter test frames', () => {
  it('are what they claim to be', () => {
    expect(KEEP.map((f) => summarizeFrame(f, 0).vxlan?.vni)).toEqual([1, 1, 1]);
    expect(DROP.map((f) => summarizeFrame(f, 0).vxlan?.vni)).toEqual([2, 257, undefined, undefined]);
  });

  it("fail the article's udp[39]=1 both ways", () => {
    expect(verdict('udp[39]=1')).toEqual({ keeps: false, drops: false });
  });

  it('fail udp[14]=1 without the port and the upper VNI bytes', () => {
    expect(verdict('udp[14]=1')).toEqual({ keeps: true, drops: false });
  });

  it('pass a filter that tests the port and all three VNI bytes', () => {
    expect(verdict('udp port 8472 and udp[12:2] = 0 and udp[14] = 1')).toEqual({ keeps: true, drops: true });
    expect(verdict('udp dst port 8472 and (udp[12:4] >> 8) = 1')).toEqual({ keeps: true, drops: true });
  });
});
