import type { Command } from '../../shell/command.js';
import { tcpdump } from './tcpdump.js';

/** The tcpdump commands, registered by sandbox/commands/registry.ts. */
export const tcpdumpCommands: Command[] = [tcpdump];
