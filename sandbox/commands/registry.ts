/**
 * Every command the shell can run, from each team's list. A name registered
 * twice keeps its first command (builtins first), so a later list cannot
 * silently replace a shell builtin.
 */
import type { Command } from '../shell/command.js';
import { builtinsCommands } from './builtins/index.js';
import { netCommands } from './net/index.js';
import { tcpdumpCommands } from './tcpdump/index.js';
import { k8sCommands } from './k8s/index.js';
import { exerciseCommands } from './exercises/index.js';

export function commandRegistry(): Map<string, Command> {
  const map = new Map<string, Command>();
  for (const list of [builtinsCommands, netCommands, tcpdumpCommands, k8sCommands, exerciseCommands]) {
    for (const c of list) if (!map.has(c.name)) map.set(c.name, c);
  }
  return map;
}
