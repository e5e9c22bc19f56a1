import type { Command } from '../../shell/command.js';
import { kubectl, k } from './kubectl/index.js';
import { iptables, iptablesSave } from './iptables.js';

/** The k8s commands, registered by sandbox/commands/registry.ts. */
export const k8sCommands: Command[] = [kubectl, k, iptables, iptablesSave];
