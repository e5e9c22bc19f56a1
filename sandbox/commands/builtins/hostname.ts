import type { Command } from '../../shell/command.js';
import { getopt } from './util.js';

export const hostname: Command = {
  name: 'hostname',
  summary: 'show the system host name',
  usage: 'Usage: hostname [-f|-s|-i|-I]\n',
  run(ctx) {
    const o = getopt(ctx.argv.slice(1), {
      flags: 'fsiIA',
      long: { fqdn: 'f', short: 's', 'ip-address': 'i', 'all-ip-addresses': 'I' },
    });
    if (o.error) {
      ctx.stderr.write(
        `hostname: ${o.error.kind === 'invalid' ? `invalid option -- '${o.error.opt}'` : `unrecognized option '${o.error.opt}'`}\n${this.usage}`,
      );
      return 1;
    }
    if (o.args.length > 0) {
      ctx.stderr.write('hostname: you must be root to change the host name\n');
      return 1;
    }
    ctx.stdout.write(`${ctx.host.name}\n`);
    return 0;
  },
};
