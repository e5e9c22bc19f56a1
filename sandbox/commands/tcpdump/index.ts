import type { Command } from '../../shell/command.js';

/** The tcpdump commands, registered by sandbox/commands/registry.ts. */
export const tcpdumpCommands: Command[] = [];
