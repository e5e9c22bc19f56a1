import type { Command } from '../../shell/command.js';
import { ipCommand } from './ip/ip.js';
import { bridgeCommand } from './bridge.js';
import { brctlCommand } from './brctl.js';
import { arpCommand } from './arp.js';
import { routeCommand } from './route.js';
import { ping } from './ping.js';
import { trace } from './trace.js';
import { traceroute } from './traceroute.js';
import { tracepath } from './tracepath.js';
import { ethtool } from './ethtool.js';

/** The net commands, registered by sandbox/commands/registry.ts. */
export const netCommands: Command[] = [
  ipCommand,
  bridgeCommand,
  brctlCommand,
  arpCommand,
  routeCommand,
  ping,
  trace,
  traceroute,
  tracepath,
  ethtool,
];
