import type { Command } from '../../shell/command.js';
import { ipCommand } from './ip/ip.js';

/** The net commands, registered by sandbox/commands/registry.ts. */
export const netCommands: Command[] = [ipCommand];
