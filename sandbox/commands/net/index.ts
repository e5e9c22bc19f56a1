import type { Command } from '../../shell/command.js';
import { ipCommand } from './ip/ip.js';
import { ping } from './ping.js';

/** The net commands, registered by sandbox/commands/registry.ts. */
export const netCommands: Command[] = [ipCommand, ping];
