/** lsmod and modprobe (kmod 30). A pod sees its node's kernel, so lsmod there lists the node's modules. */
import type { Command } from '../../shell/command.js';
import { MODULES, holders, kernelHost, loadModule, loadedModules, unloadModule } from '../../kernel/modules.js';
import { KERNEL_RELEASE } from './system.js';

export const lsmod: Command = {
  name: 'lsmod',
  summary: 'show the status of modules in the Linux kernel',
  usage: 'Usage: lsmod\n',
  availableOn: (host) => host.kind !== 'router',
  run(ctx) {
    if (ctx.argv.length > 1) {
      ctx.stderr.write('Usage: lsmod\n');
      return 1;
    }
    const node = kernelHost(ctx.world, ctx.host);
    let out = 'Module                  Size  Used by\n';
    for (const m of loadedModules(node)) {
      const h = holders(node, m);
      out += `${m.padEnd(19)} ${String(MODULES[m]?.size ?? 16384).padStart(8)}  ${h.length}${h.length ? ' ' + h.join(',') : ''}\n`;
    }
    ctx.stdout.write(out);
    return 0;
  },
};

export const modprobe: Command = {
  name: 'modprobe',
  summary: 'add and remove modules from the Linux kernel',
  usage: 'Usage:\n\tmodprobe [options] [-i] [-b] modulename\n\tmodprobe [options] -r [-i] modulename ...\n',
  // Container images ship no kmod; the node has it.
  availableOn: (host) => host.kind === 'node',
  run(ctx) {
    let remove = false;
    const names: string[] = [];
    for (const a of ctx.argv.slice(1)) {
      if (a === '-r' || a === '--remove') remove = true;
      else if (a === '-h' || a === '--help') {
        ctx.stdout.write(this.usage);
        return 0;
      } else if (a.startsWith('-') && a !== '-') {
        ctx.stderr.write(`modprobe: unrecognized option '${a}'\n`);
        return 1;
      } else names.push(a.replace(/-/g, '_'));
    }
    if (names.length === 0) {
      ctx.stderr.write('modprobe: FATAL: Module name required.\n');
      return 1;
    }
    const node = kernelHost(ctx.world, ctx.host);
    // Without -r only the first name is a module; the rest are its parameters.
    for (const name of remove ? names : names.slice(0, 1)) {
      if (!Object.hasOwn(MODULES, name)) {
        ctx.stderr.write(
          remove
            ? `modprobe: FATAL: Module ${name} not found.\n`
            : `modprobe: FATAL: Module ${name} not found in directory /lib/modules/${KERNEL_RELEASE}\n`,
        );
        return 1;
      }
      if (!remove) loadModule(node, name);
      else if (!loadedModules(node).includes(name)) {
        ctx.stderr.write(`modprobe: FATAL: Module ${name} is not in kernel.\n`);
        return 1;
      } else if (!unloadModule(node, name)) {
        ctx.stderr.write(`modprobe: FATAL: Module ${name} is in use.\n`);
        return 1;
      }
    }
    return 0;
  },
};
