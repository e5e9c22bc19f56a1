/**
 * A UDP probe socket with IP_RECVERR: what traceroute and tracepath send
 * with, and the ICMP errors (or the lack of them) that come back.
 */
import type { CommandContext } from '../../shell/command.js';
import type { IcmpErrorInfo, UdpSocket } from '../../kernel/ipv4/stack.js';
import { Waiter } from './wait.js';

export interface ProbeResult {
  err: IcmpErrorInfo | undefined;
  /** Virtual time of the answer (or of the timeout). */
  at: number;
}

export class ProbeSocket {
  readonly port: number;
  private readonly answers = new Map<number, { err: IcmpErrorInfo; at: number }>();
  private readonly waiter: Waiter;
  private readonly sock: UdpSocket;

  constructor(private readonly ctx: CommandContext) {
    const ip = ctx.host.ns.ip;
    this.port = ip.udpEphemeral();
    this.waiter = new Waiter(ctx);
    this.sock = {
      onDatagram: () => {},
      onError: (err, _sp, dp) => {
        if (this.answers.has(dp)) return;
        this.answers.set(dp, { err, at: ctx.world.clock.now });
        this.waiter.wake();
      },
    };
    ip.udpBind(this.port, this.sock);
  }

  close(): void {
    this.ctx.host.ns.ip.udpUnbind(this.port, this.sock);
  }

  /** Wait for the error answering the probe sent to dstPort, up to `timeoutUs`. undefined = signalled. */
  async await(dstPort: number, timeoutUs: number): Promise<ProbeResult | undefined> {
    const clock = this.ctx.world.clock;
    const deadline = clock.now + timeoutUs;
    for (;;) {
      const a = this.answers.get(dstPort);
      if (a) return a;
      const why = await this.waiter.until(deadline);
      if (why === 'signal') return undefined;
      if (why === 'time') return { err: this.answers.get(dstPort)?.err, at: clock.now };
    }
  }
}
