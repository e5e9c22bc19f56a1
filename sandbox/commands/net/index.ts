import type { Command } from '../../shell/command.js';

/** The net commands, registered by sandbox/commands/registry.ts. */
export const netCommands: Command[] = [];
