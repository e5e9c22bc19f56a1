/**
 * dummy: a device that swallows everything it is given.
 */
import { NetDevice, type LinkKind } from '../netdevice.js';
import type { Skb } from '../skb.js';

export class DummyDevice extends NetDevice {
  readonly kind: LinkKind = 'dummy';

  get carrier(): boolean {
    return true;
  }

  get noarpFlag(): boolean {
    return true;
  }

  protected transmit(s: Skb): void {
    void s;
  }
}
