/**
 * The article's names (DESIGN.md's scenario `article`), in one place so the
 * exercises read like the chapters. Values the checks compare against are read
 * from the world instead wherever the world can tell (a VTEP MAC, an MTU).
 */
export const WORKER = '10-7-111-92';
export const CONTROL = '10-7-160-190';
export const WORKER_IP = '10.7.111.92';
export const CONTROL_IP = '10.7.160.190';
export const GATEWAY_IP = '10.7.0.1';

/** ubuntu-664c5f866b-865jb, 10.244.1.2 on the worker. */
export const POD_A = 'ubuntu-664c5f866b-865jb';
export const POD_A_IP = '10.244.1.2';
/** ubuntu-664c5f866b-ngdrj, 10.244.1.3 on the worker (same node as POD_A). */
export const POD_B = 'ubuntu-664c5f866b-ngdrj';
export const POD_B_IP = '10.244.1.3';
/** ubuntu-664c5f866b-2z472, 10.244.0.4 on the control-plane node. */
export const POD_C = 'ubuntu-664c5f866b-2z472';
export const POD_C_IP = '10.244.0.4';

export const WORKER_SUBNET = '10.244.1.0/24';
export const CONTROL_SUBNET = '10.244.0.0/24';
/** flannel.1's address on the control-plane node: the gateway of the worker's onlink route. */
export const CONTROL_VTEP_IP = '10.244.0.0';
export const WORKER_VTEP_IP = '10.244.1.0';
export const CONTROL_VTEP_MAC = 'be:1d:47:c2:90:0a';
export const WORKER_VTEP_MAC = '06:74:ad:94:9f:06';
export const CLUSTER_NETWORK = '10.244.0.0/16';

/** kubectl exec into a pod, as the chapters type it. */
export function inPod(pod: string, cmd: string): string {
  return `kubectl exec ${pod} -- ${cmd}`;
}
