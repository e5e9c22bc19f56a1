/**
 * inet_aton(3): the address forms ping, traceroute and tracepath accept —
 * `a.b.c.d`, `a.b.c` (c is 16 bits), `a.b` (b is 24 bits), `a` (32 bits),
 * each part decimal, octal (leading 0) or hex (0x).
 */
export function inetAton(s: string): number | undefined {
  if (s.length === 0 || s.length > 64) return undefined;
  const parts = s.split('.');
  if (parts.length > 4) return undefined;
  const nums: number[] = [];
  for (const p of parts) {
    let v: number;
    if (/^0[xX][0-9a-fA-F]*$/.test(p)) v = p.length === 2 ? 0 : parseInt(p.slice(2), 16);
    else if (/^0[0-7]*$/.test(p)) v = parseInt(p, 8);
    else if (/^[1-9][0-9]*$/.test(p)) v = parseInt(p, 10);
    else return undefined;
    nums.push(v);
  }
  const last = nums[nums.length - 1]!;
  const head = nums.slice(0, -1);
  if (head.some((v) => v > 255)) return undefined;
  const lastMax = [0xffffffff, 0xffffff, 0xffff, 0xff][head.length]!;
  if (last > lastMax) return undefined;
  let ip = 0;
  head.forEach((v, i) => {
    ip += v * 2 ** (24 - 8 * i);
  });
  return (ip + last) >>> 0;
}
