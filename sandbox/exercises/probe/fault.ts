/**
 * Faults exercises inject at setup, through the kernel's netlink-like API (as
 * an operator's `ip` command would). Each throws if the world does not have
 * what the exercise expects: a broken setup must fail the tests loudly.
 */
import type { World } from '../../world/world.js';

export function deleteRoute(world: World, host: string, dst: string): void {
  void world;
  throw new Error(`deleteRoute ${host} ${dst}: kernel API not wired yet`);
}

export function deleteNeighbour(world: World, host: string, dev: string, ip: string): void {
  void world;
  throw new Error(`deleteNeighbour ${host} ${dev} ${ip}: kernel API not wired yet`);
}

export function replaceNeighbour(world: World, host: string, dev: string, ip: string, lladdr: string): void {
  void world;
  throw new Error(`replaceNeighbour ${host} ${dev} ${ip} ${lladdr}: kernel API not wired yet`);
}

export function deleteFdb(world: World, host: string, dev: string, mac: string): void {
  void world;
  throw new Error(`deleteFdb ${host} ${dev} ${mac}: kernel API not wired yet`);
}

export function appendFdb(world: World, host: string, dev: string, mac: string, dst: string): void {
  void world;
  throw new Error(`appendFdb ${host} ${dev} ${mac} ${dst}: kernel API not wired yet`);
}

export function setNoMaster(world: World, host: string, dev: string): void {
  void world;
  throw new Error(`setNoMaster ${host} ${dev}: kernel API not wired yet`);
}
