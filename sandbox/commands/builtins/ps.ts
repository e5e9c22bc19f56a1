/**
 * ps (procps-ng 4) over a process table made up from what the world has: on a node, systemd,
 * containerd, kubelet, then for each running pod placed there its containerd shim, pause and
 * containers (flanneld only where a flannel pod runs, coredns only on its node), then the
 * reader's shell and ps itself. In a pod: its own containers' processes, bash and ps. PIDs are
 * derived from list positions, so the table is the same every time for the same world.
 */
import type { Command, CommandContext } from '../../shell/command.js';
import type { Container, PodObject } from '../../k8s/objects.js';
import { strftime } from './system.js';

interface Proc {
  pid: number;
  ppid: number;
  cmd: string;
  /** Start time in virtual µs. */
  start: number;
  tty: string;
  stat: string;
  vsz: number;
  rss: number;
}

/** A container's main process as its image runs it when the manifest gives no command. */
function containerCmd(c: Container, node: string): string {
  // The kubelet expands $(VAR) from the container's env; NODE_NAME is the downward API's spec.nodeName.
  const expand = (argv: string[]): string => argv.join(' ').replace(/\$\(NODE_NAME\)/g, node);
  if (c.command?.length) return expand([...c.command, ...(c.args ?? [])]);
  // No command: the image's ENTRYPOINT runs, with the manifest's args if any.
  if (c.image.includes('flannel'))
    return expand(['/opt/bin/flanneld', ...(c.args ?? ['--ip-masq', '--kube-subnet-mgr'])]);
  if (c.image.includes('coredns')) return expand(['/coredns', ...(c.args ?? [])]);
  if (c.image.includes('kube-proxy'))
    return `/usr/local/bin/kube-proxy --config=/var/lib/kube-proxy/config.conf --hostname-override=${node}`;
  if (c.args?.length) return expand(c.args);
  if (c.image.includes('ubuntu')) return 'sleep infinity';
  return `/${c.name}`;
}

function podsOn(ctx: CommandContext, node: string): PodObject[] {
  return (ctx.world.cluster?.pods() ?? []).filter((p) => p.spec.nodeName === node && p.status.phase === 'Running');
}

function startOf(p: PodObject, fallback: number): number {
  const t = (p.status as { startTime?: string }).startTime;
  const ms = t ? Date.parse(t) : NaN;
  return Number.isFinite(ms) ? ms * 1000 : fallback;
}

function table(ctx: CommandContext): Proc[] {
  const now = ctx.world.clock.now;
  const host = ctx.host;
  const procs: Proc[] = [];
  const add = (p: Omit<Proc, 'tty' | 'stat' | 'vsz' | 'rss'> & Partial<Proc>): void => {
    procs.push({ tty: '?', stat: 'Ssl', vsz: 1238000, rss: 45000, ...p });
  };
  if (host.kind === 'pod') {
    const pod = ctx.world.cluster?.pods().find((p) => p.metadata.name === host.name);
    const start = pod ? startOf(pod, now) : now;
    (pod?.spec.containers ?? [{ name: 'main', image: 'ubuntu' }]).forEach((c, i) =>
      add({ pid: i + 1, ppid: 0, cmd: containerCmd(c, host.node ?? ''), start, stat: 'Ss', vsz: 2788, rss: 1024 }),
    );
  } else {
    const pods = podsOn(ctx, host.name);
    const boot = Math.min(now - 2 * 86400e6, ...pods.map((p) => startOf(p, now)));
    add({ pid: 1, ppid: 0, cmd: '/sbin/init', start: boot, stat: 'Ss', vsz: 167744, rss: 11520 });
    add({ pid: 412, ppid: 1, cmd: '/lib/systemd/systemd-journald', start: boot, stat: 'Ss', vsz: 48340, rss: 15872 });
    add({ pid: 447, ppid: 1, cmd: '/lib/systemd/systemd-udevd', start: boot, stat: 'Ss', vsz: 25928, rss: 6400 });
    add({
      pid: 611,
      ppid: 1,
      cmd: 'sshd: /usr/sbin/sshd -D [listener] 0 of 10-100 startups',
      start: boot,
      stat: 'Ss',
      vsz: 15432,
      rss: 9216,
    });
    add({ pid: 640, ppid: 1, cmd: '/usr/bin/containerd', start: boot, vsz: 1874776, rss: 61000 });
    add({
      pid: 702,
      ppid: 1,
      cmd: '/usr/bin/kubelet --bootstrap-kubeconfig=/etc/kubernetes/bootstrap-kubelet.conf --kubeconfig=/etc/kubernetes/kubelet.conf --config=/var/lib/kubelet/config.yaml --container-runtime-endpoint=unix:///var/run/containerd/containerd.sock --pod-infra-container-image=registry.k8s.io/pause:3.9',
      start: boot,
      vsz: 1946852,
      rss: 98000,
    });
    let pid = 1000;
    for (const pod of pods) {
      const start = startOf(pod, boot);
      const shim = pid;
      add({
        pid: shim,
        ppid: 1,
        cmd: `/usr/bin/containerd-shim-runc-v2 -namespace k8s.io -id ${pod.metadata.uid?.replace(/-/g, '').slice(0, 16) ?? pod.metadata.name} -address /run/containerd/containerd.sock`,
        start,
        stat: 'Sl',
        vsz: 1238000,
        rss: 13000,
      });
      add({ pid: shim + 20, ppid: shim, cmd: '/pause', start, stat: 'Ss', vsz: 996, rss: 512 });
      pod.spec.containers.forEach((c, i) =>
        add({ pid: shim + 40 + i * 10, ppid: shim, cmd: containerCmd(c, host.name), start }),
      );
      pid += 100;
    }
  }
  // The reader's shell and this ps: the pids the shell gave them.
  const shellPid = Math.max(ctx.pid - 1, (procs.at(-1)?.pid ?? 0) + 1);
  add({
    pid: shellPid,
    ppid: procs[0]?.pid ?? 0,
    cmd: '-bash',
    start: now,
    tty: 'pts/0',
    stat: 'Ss',
    vsz: 8252,
    rss: 5248,
  });
  add({
    pid: Math.max(ctx.pid, shellPid + 1),
    ppid: shellPid,
    cmd: ctx.argv.join(' '),
    start: now,
    tty: 'pts/0',
    stat: 'R+',
    vsz: 10072,
    rss: 3456,
  });
  return procs;
}

function stime(us: number, now: number): string {
  return strftime('%F', us, false) === strftime('%F', now, false)
    ? strftime('%H:%M', us, false)
    : strftime('%b%d', us, false);
}

export const ps: Command = {
  name: 'ps',
  summary: 'report a snapshot of the current processes',
  usage:
    "Usage:\n ps [options]\n\n Try 'ps --help <simple|list|output|threads|misc|all>'\n  or 'ps --help <s|l|o|t|m|a>'\n for additional help text.\n",
  availableOn: (host) => host.kind !== 'router',
  run(ctx) {
    const args = ctx.argv.slice(1);
    const now = ctx.world.clock.now;
    const procs = table(ctx);
    const name = (cmd: string): string =>
      cmd === '/sbin/init'
        ? 'systemd'
        : cmd.startsWith('-')
          ? cmd
          : (cmd.split(' ')[0]!.split('/').at(-1) ?? cmd).replace(/:$/, '');
    const joined = args.join(' ');
    if (args.length === 0) {
      let out = '    PID TTY          TIME CMD\n';
      for (const p of procs.filter((q) => q.tty !== '?'))
        out += `${String(p.pid).padStart(7)} ${p.tty.padEnd(8)} 00:00:00 ${name(p.cmd).replace(/^-/, '')}\n`;
      ctx.stdout.write(out);
      return 0;
    }
    if (joined === 'aux' || joined === '-aux' || joined === 'axu') {
      let out = 'USER         PID %CPU %MEM    VSZ   RSS TTY      STAT START   TIME COMMAND\n';
      for (const p of procs)
        out += `${'root'.padEnd(8)} ${String(p.pid).padStart(7)}  0.0 ${(p.rss / 40960).toFixed(1).padStart(4)} ${String(p.vsz).padStart(6)} ${String(p.rss).padStart(5)} ${p.tty.padEnd(8)} ${p.stat.padEnd(4)} ${stime(p.start, now).padEnd(5)}   0:00 ${p.cmd}\n`;
      ctx.stdout.write(out);
      return 0;
    }
    if (joined === '-ef' || joined === '-e -f' || joined === '-fe' || joined === '-e' || joined === '-A') {
      const full = joined !== '-e' && joined !== '-A';
      let out = full ? 'UID          PID    PPID  C STIME TTY          TIME CMD\n' : '    PID TTY          TIME CMD\n';
      for (const p of procs)
        out += full
          ? `${'root'.padEnd(8)} ${String(p.pid).padStart(7)} ${String(p.ppid).padStart(7)}  0 ${stime(p.start, now).padEnd(5)} ${p.tty.padEnd(8)} 00:00:00 ${p.cmd}\n`
          : `${String(p.pid).padStart(7)} ${p.tty.padEnd(8)} 00:00:00 ${name(p.cmd).replace(/^-/, '')}\n`;
      ctx.stdout.write(out);
      return 0;
    }
    ctx.stderr.write(`error: unsupported option (BSD syntax)\n\n${this.usage}`);
    return 1;
  },
};
