import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { macNum, macStrNum } from '../../sandbox/kernel/macnum.js';
import { macFromBytes } from '../../sandbox/net/addr.js';

describe('MACs as numbers', () => {
  it('bytes and text give the same distinct number for every MAC', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 6, maxLength: 6 }),
        fc.uint8Array({ minLength: 6, maxLength: 6 }),
        (a, b) => {
          expect(macNum(a, 0)).toBe(macStrNum(macFromBytes(a, 0)));
          expect(macNum(a, 0) === macNum(b, 0)).toBe(macFromBytes(a, 0) === macFromBytes(b, 0));
        },
      ),
    );
    expect(macStrNum('ff:ff:ff:ff:ff:ff')).toBe(2 ** 48 - 1);
    expect(macStrNum('00:00:00:00:00:00')).toBe(0);
  });
});
