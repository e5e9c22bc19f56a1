import type { Command } from '../../shell/command.js';
import { answerCommand } from './answer.js';
import { checkCommand } from './check.js';
import { hintCommand } from './hint.js';
import { taskCommand } from './task.js';

/** The in-exercise commands, registered by sandbox/commands/registry.ts. */
export const exerciseCommands: Command[] = [checkCommand, hintCommand, answerCommand, taskCommand];
