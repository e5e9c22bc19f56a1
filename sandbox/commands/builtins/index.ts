import type { Command } from '../../shell/command.js';
import { echo } from './echo.js';
import { hostname } from './hostname.js';
import { sleep } from './sleep.js';
import { shellBuiltins } from './shell.js';

/** The builtins and text tools, registered by sandbox/commands/registry.ts. */
export const builtinsCommands: Command[] = [echo, hostname, sleep, ...shellBuiltins];
