/**
 * Every value of the article's cluster (DESIGN.md, "The article's world").
 * The reference recordings were made with exactly these names, addresses,
 * MACs and interface indexes.
 */
export const GATEWAY = { name: 'gateway', ip: '10.7.0.1', mac: '52:54:00:07:00:01' } as const;
export const UNDERLAY = { segment: 'underlay', prefixLen: 16, mtu: 1452 } as const;
export const CLUSTER_CIDR = { net: '10.244.0.0', prefixLen: 16 } as const;
export const VXLAN = { name: 'flannel.1', vni: 1, port: 8472, mtu: 1402 } as const;

export interface PodValues {
  name: string;
  namespace: string;
  ip: string;
  veth: string;
  vethMac: string;
}

export interface NodeValues {
  name: string;
  ip: string;
  mac: string;
  role: 'control-plane' | 'worker';
  subnet: string;
  vtepMac: string;
  cni0Mac: string;
  pods: PodValues[];
}

/** In flanneld's lease order on each node: the other node is the one peer. */
export const NODES: NodeValues[] = [
  {
    name: '10-7-160-190',
    ip: '10.7.160.190',
    mac: '52:54:00:07:a0:be',
    role: 'control-plane',
    subnet: '10.244.0.0',
    vtepMac: 'be:1d:47:c2:90:0a',
    cni0Mac: '0a:58:0a:f4:00:01',
    pods: [
      {
        name: 'coredns-5dd5756b68-7x2kq',
        namespace: 'kube-system',
        ip: '10.244.0.2',
        veth: 'vethd2a8f1e3',
        vethMac: '3e:d2:a8:f1:e3:02',
      },
      {
        name: 'coredns-5dd5756b68-bwq9c',
        namespace: 'kube-system',
        ip: '10.244.0.3',
        veth: 'veth7c05b9a2',
        vethMac: '3e:7c:05:b9:a2:03',
      },
      {
        name: 'ubuntu-664c5f866b-2z472',
        namespace: 'default',
        ip: '10.244.0.4',
        veth: 'veth4c2d9f04',
        vethMac: '3e:4c:2d:9f:04:04',
      },
    ],
  },
  {
    name: '10-7-111-92',
    ip: '10.7.111.92',
    mac: '52:54:00:07:6f:5c',
    role: 'worker',
    subnet: '10.244.1.0',
    vtepMac: '06:74:ad:94:9f:06',
    cni0Mac: '2e:f3:0b:42:6c:49',
    pods: [
      {
        name: 'ubuntu-664c5f866b-865jb',
        namespace: 'default',
        ip: '10.244.1.2',
        veth: 'veth4891a1c9',
        vethMac: '3e:8a:3e:5c:12:02',
      },
      {
        name: 'ubuntu-664c5f866b-ngdrj',
        namespace: 'default',
        ip: '10.244.1.3',
        veth: 'vethc408576a',
        vethMac: '3e:b7:1d:0e:03:03',
      },
    ],
  },
];

/** Scenario `l3`: a second node in another subnet, behind the router. */
export const L3_NODE = { name: '10-8-0-5', ip: '10.8.0.5', mac: '52:54:00:08:00:05', gateway: '10.8.0.1' } as const;
export const L3_ROUTER_B = { ip: '10.8.0.1', mac: '52:54:00:08:00:01', segment: 'underlay-b' } as const;
