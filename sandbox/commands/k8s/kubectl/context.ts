/** What every kubectl verb gets: the command context, the cluster and the parsed flags. */
import type { CommandContext } from '../../../shell/command.js';
import type { Cluster } from '../../../k8s/cluster.js';
import type { ParsedFlags } from './flags.js';

export interface KubectlContext {
  readonly ctx: CommandContext;
  readonly cluster: Cluster;
  readonly flags: ParsedFlags;
  readonly verb: string;
  /** -n / --namespace, else `default`. */
  readonly namespace: string;
  out(text: string): void;
  err(text: string): void;
}

/** Print `error: …` the way kubectl's cmdutil.CheckErr does, and return its exit status. */
export function fail(k: KubectlContext, msg: string): number {
  k.err(msg.startsWith('Error from server') || msg.startsWith('error: ') ? `${msg}\n` : `error: ${msg}\n`);
  return 1;
}

export function notFound(resource: string, name: string): string {
  return `Error from server (NotFound): ${resource} "${name}" not found`;
}
