/**
 * What flanneld keeps on the worker for its peer: the neighbour entry and the
 * FDB entry of the control-plane node's VTEP. Read from the world, so the
 * checks hold whatever MAC the peer's flannel.1 really has.
 */
import type { World } from '../../world/world.js';
import * as A from '../article.js';
import { fdb, link, neighbour } from '../probe/kernel.js';

/** The control-plane node's flannel.1 MAC as that node has it now. */
export function peerVtepMac(world: World): string | undefined {
  return link(world, A.CONTROL, 'flannel.1')?.mac;
}

/** `10.244.0.0 lladdr <peer vtep> PERMANENT` on the worker's flannel.1. */
export function neighbourOk(world: World): boolean {
  const mac = peerVtepMac(world);
  const n = neighbour(world, A.WORKER, 'flannel.1', A.CONTROL_VTEP_IP);
  return mac !== undefined && n !== undefined && n.lladdr === mac && n.state === 'PERMANENT';
}

/** `<peer vtep> dst 10.7.160.190 self permanent` on the worker's flannel.1. */
export function fdbOk(world: World): boolean {
  const mac = peerVtepMac(world);
  return (
    mac !== undefined &&
    fdb(world, A.WORKER, 'flannel.1').some((e) => e.mac === mac && e.dst === A.CONTROL_IP && e.self)
  );
}

export function fdbEntryFor(world: World, mac: string): string | undefined {
  return fdb(world, A.WORKER, 'flannel.1').find((e) => e.mac === mac)?.dst;
}
