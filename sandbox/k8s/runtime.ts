/**
 * The container runtime's view of a container: a program chosen by the
 * container's command (`/opt/bin/flanneld`, `cp`, `/opt/bin/install-conf`),
 * started with its environment and volumes, writing log lines and exiting
 * with a status. Programs are registered by the layers that implement them
 * (flannel registers flanneld and install-conf); anything else just runs.
 */
import type { World } from '../world/world.js';
import type { Host } from '../world/host.js';
import type { Cluster } from './cluster.js';
import type { Container, PodObject } from './objects.js';

/** What a container path is backed by. */
export type VolumeSource =
  { kind: 'hostPath'; path: string } | { kind: 'configMap'; name: string; namespace: string } | { kind: 'emptyDir' };

export interface ContainerEnv {
  readonly world: World;
  readonly cluster: Cluster;
  /** The node the pod runs on. */
  readonly node: Host;
  readonly pod: PodObject;
  readonly container: Container;
  readonly argv: readonly string[];
  readonly env: ReadonlyMap<string, string>;
  /** Resolve a path inside the container to its volume, if it is under a mount. */
  mount(path: string): { source: VolumeSource; rest: string } | undefined;
  /** Read a file as the container sees it (mounts only; the image's own files are not modelled). */
  readFile(path: string): string | undefined;
  /** Write a file through a writable mount; false when the path is not on one. */
  writeFile(path: string, data: string | Uint8Array, mode?: number): boolean;
  /** Append a line (without newline) to the container's log. */
  log(line: string): void;
  /** The process ended. */
  exit(code: number, reason?: string): void;
}

export interface ContainerProcess {
  /** SIGTERM: returns true if the process exits at once, false if it ignores the signal (PID 1 `sleep`). */
  stop(): boolean;
  /** The readiness probe's verdict, when the container has one. */
  ready?(): boolean;
}

export type ContainerProgram = (env: ContainerEnv) => ContainerProcess;

/** Images whose default command ends at once (a plain `ubuntu` pod completes and crash-loops). */
const SHORT_LIVED_IMAGES = /^(docker\.io\/library\/)?(ubuntu|debian|busybox|alpine|centos|fedora)(:|@|$)/;

export function programName(c: Container): string {
  const cmd = c.command?.[0] ?? c.args?.[0];
  if (!cmd) return SHORT_LIVED_IMAGES.test(c.image) ? '<exit>' : '<daemon>';
  return cmd.slice(cmd.lastIndexOf('/') + 1);
}

/** `sleep infinity`, nginx, coredns, etcd…: runs until stopped; PID 1 `sleep` ignores SIGTERM. */
export const daemonProgram: ContainerProgram = (env) => ({
  stop: () => programName(env.container) !== 'sleep',
});

export const exitProgram: ContainerProgram = (env) => {
  env.world.clock.after(200_000, () => env.exit(0, 'Completed'));
  return { stop: () => true };
};

/** `cp [-f] SRC DST`: the image's file lands on the host through a hostPath mount. */
export const cpProgram: ContainerProgram = (env) => {
  const args = env.argv.slice(1).filter((a) => !a.startsWith('-'));
  env.world.clock.after(50_000, () => {
    const dst = args[args.length - 1];
    if (args.length < 2 || !dst) {
      env.log('cp: missing file operand');
      env.exit(1, 'Error');
      return;
    }
    const src = args[0]!;
    const content =
      env.readFile(src) ?? `\x7fELF (${src.slice(src.lastIndexOf('/') + 1)} from ${env.container.image})\n`;
    if (!env.writeFile(dst, content, 0o755)) {
      env.log(`cp: cannot create regular file '${dst}': No such file or directory`);
      env.exit(1, 'Error');
      return;
    }
    env.exit(0, 'Completed');
  });
  return { stop: () => true };
};
