/**
 * A cluster as `kubeadm init --pod-network-cidr=…` and `kubeadm join` leave
 * it before any CNI is installed: namespaces, Nodes with their podCIDRs
 * (the controller-manager's range allocator hands out /24s in join order),
 * the control-plane static pods, kube-proxy, coredns (Pending: every node
 * is NotReady and tainted), the default services and service accounts.
 * Objects are created with backdated timestamps so AGE reads as history.
 */
import type { World } from '../world/world.js';
import type { Host } from '../world/host.js';
import { formatIpv4, parseIpv4, prefixMask } from '../net/addr.js';
import { Cluster, RT } from './cluster.js';
import type { EntropyTable } from './entropy.js';
import type { KObject, NewObject, PodTemplate } from './objects.js';
import { Kubelet } from './kubelet.js';
import { Scheduler } from './scheduler.js';
import { NodeLifecycleController, NOT_READY_TAINT } from './controllers/nodelifecycle.js';
import { DaemonSetController } from './controllers/daemonset.js';
import { ReplicaSetController } from './controllers/replicaset.js';
import { DeploymentController } from './controllers/deployment.js';
import { rfc3339 } from './time.js';
import { templateHash } from './hash.js';
import { PRIORITY } from './controllers/pods.js';
import { seedDeployment } from './seed.js';

export interface KubeadmNode {
  host: Host;
  controlPlane?: boolean;
  /** When it joined (µs); the control plane's is the cluster's birth. */
  joinedAt: number;
}

export interface KubeadmOptions {
  nodes: KubeadmNode[];
  /** --pod-network-cidr; without it nodes get no podCIDR (flannel then fails). */
  podNetworkCidr?: string;
  kubernetesVersion?: string;
  /** Remove node-role.kubernetes.io/control-plane:NoSchedule so workloads may run there. */
  untaintControlPlane?: boolean;
  entropy?: EntropyTable;
}

const V = 'v1.28.2';

function eth0Ip(h: Host): string {
  const a = h.ns.dev('eth0')?.addresses[0]?.address;
  return a === undefined ? '' : formatIpv4(a);
}

/** Build the API objects and start the control loops. */
export function kubeadmInit(world: World, opts: KubeadmOptions): Cluster {
  // kubeadm 1.28's coredns template always hashes to 5dd5756b68; a cluster built from it shows that name.
  const entropy = { ...(opts.entropy ?? {}) };
  entropy.templateHashes = { 'kube-system/coredns': '5dd5756b68', ...(entropy.templateHashes ?? {}) };
  const c = new Cluster(world, entropy);
  world.cluster = c;
  const version = opts.kubernetesVersion ?? V;
  const cp = opts.nodes.find((n) => n.controlPlane) ?? opts.nodes[0]!;
  const born = cp.joinedAt;
  const create = (o: NewObject, at = born): KObject => c.store.create(o, at);

  for (const ns of ['default', 'kube-node-lease', 'kube-public', 'kube-system']) {
    create({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: ns, labels: { 'kubernetes.io/metadata.name': ns } },
      spec: { finalizers: ['kubernetes'] },
      status: { phase: 'Active' },
    });
  }
  for (const ns of ['default', 'kube-node-lease', 'kube-public', 'kube-system']) {
    create({ apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'default', namespace: ns } });
    create({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: {
        name: 'kube-root-ca.crt',
        namespace: ns,
        annotations: {
          'kubernetes.io/description':
            'Contains a CA bundle that can be used to verify the kube-apiserver when using internal endpoints such as the internal service IP or kubernetes.default.svc. No other usage is guaranteed across distributions of Kubernetes clusters.',
        },
      },
      data: { 'ca.crt': '-----BEGIN CERTIFICATE-----\n(kubeadm CA)\n-----END CERTIFICATE-----\n' },
    });
  }
  for (const sa of ['coredns', 'kube-proxy'])
    create({ apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: sa, namespace: 'kube-system' } });
  create({
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'kubernetes', namespace: 'default', labels: { component: 'apiserver', provider: 'kubernetes' } },
    spec: {
      clusterIP: '10.96.0.1',
      clusterIPs: ['10.96.0.1'],
      ports: [{ name: 'https', port: 443, protocol: 'TCP', targetPort: 6443 }],
      type: 'ClusterIP',
    },
  });
  create({
    apiVersion: 'v1',
    kind: 'Service',
    metadata: {
      name: 'kube-dns',
      namespace: 'kube-system',
      labels: { 'k8s-app': 'kube-dns', 'kubernetes.io/cluster-service': 'true', 'kubernetes.io/name': 'CoreDNS' },
    },
    spec: {
      clusterIP: '10.96.0.10',
      clusterIPs: ['10.96.0.10'],
      ports: [
        { name: 'dns', port: 53, protocol: 'UDP', targetPort: 53 },
        { name: 'dns-tcp', port: 53, protocol: 'TCP', targetPort: 53 },
        { name: 'metrics', port: 9153, protocol: 'TCP', targetPort: 9153 },
      ],
      selector: { 'k8s-app': 'kube-dns' },
      type: 'ClusterIP',
    },
  });
  for (const cm of ['coredns', 'kube-proxy', 'kubeadm-config', 'kubelet-config']) {
    create({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: cm, namespace: 'kube-system' },
      data: { config: '' },
    });
  }
  create({
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: 'cluster-info', namespace: 'kube-public' },
    data: { kubeconfig: '' },
  });

  // Nodes, in join order; the range allocator hands out podCIDRs in the same order.
  const cidr = opts.podNetworkCidr ? opts.podNetworkCidr.split('/') : undefined;
  let next = cidr ? parseIpv4(cidr[0]!)! & prefixMask(Number(cidr[1])) : 0;
  const joined = [...opts.nodes].sort((a, b) => a.joinedAt - b.joinedAt);
  for (const n of joined) {
    const name = n.host.name;
    const podCIDR = cidr ? `${formatIpv4(next >>> 0)}/24` : undefined;
    next = (next + 256) >>> 0;
    const t = rfc3339(n.joinedAt);
    create(
      {
        apiVersion: 'v1',
        kind: 'Node',
        metadata: {
          name,
          labels: {
            'beta.kubernetes.io/arch': 'amd64',
            'beta.kubernetes.io/os': 'linux',
            'kubernetes.io/arch': 'amd64',
            'kubernetes.io/hostname': name,
            'kubernetes.io/os': 'linux',
            ...(n === cp
              ? {
                  'node-role.kubernetes.io/control-plane': '',
                  'node.kubernetes.io/exclude-from-external-load-balancers': '',
                }
              : {}),
          },
          annotations: {
            'kubeadm.alpha.kubernetes.io/cri-socket': 'unix:///var/run/containerd/containerd.sock',
            'node.alpha.kubernetes.io/ttl': '0',
            'volumes.kubernetes.io/controller-managed-attach-detach': 'true',
          },
        },
        spec: {
          ...(podCIDR ? { podCIDR, podCIDRs: [podCIDR] } : {}),
          taints: [
            ...(n === cp && !opts.untaintControlPlane
              ? [{ key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' }]
              : []),
            { key: NOT_READY_TAINT, effect: 'NoSchedule', timeAdded: t },
          ],
        },
        status: {
          addresses: [
            { type: 'InternalIP', address: eth0Ip(n.host) },
            { type: 'Hostname', address: name },
          ],
          allocatable: { cpu: '2', 'ephemeral-storage': '37867118592', memory: '3922468Ki', pods: '110' },
          capacity: { cpu: '2', 'ephemeral-storage': '41089068Ki', memory: '4024868Ki', pods: '110' },
          conditions: [
            {
              type: 'MemoryPressure',
              status: 'False',
              lastHeartbeatTime: t,
              lastTransitionTime: t,
              reason: 'KubeletHasSufficientMemory',
              message: 'kubelet has sufficient memory available',
            },
            {
              type: 'DiskPressure',
              status: 'False',
              lastHeartbeatTime: t,
              lastTransitionTime: t,
              reason: 'KubeletHasNoDiskPressure',
              message: 'kubelet has no disk pressure',
            },
            {
              type: 'PIDPressure',
              status: 'False',
              lastHeartbeatTime: t,
              lastTransitionTime: t,
              reason: 'KubeletHasSufficientPID',
              message: 'kubelet has sufficient PID available',
            },
            {
              type: 'Ready',
              status: 'False',
              lastHeartbeatTime: t,
              lastTransitionTime: t,
              reason: 'KubeletNotReady',
              message:
                'container runtime network not ready: NetworkReady=false reason:NetworkPluginNotReady message:Network plugin returns error: cni plugin not initialized',
            },
          ],
          nodeInfo: {
            architecture: 'amd64',
            bootID: `${c.rng.hex(8)}-${c.rng.hex(4)}-${c.rng.hex(4)}-${c.rng.hex(4)}-${c.rng.hex(12)}`,
            containerRuntimeVersion: 'containerd://1.6.21',
            kernelVersion: '5.15.0-72-generic',
            kubeProxyVersion: version,
            kubeletVersion: version,
            machineID: c.rng.hex(32),
            operatingSystem: 'linux',
            osImage: 'Ubuntu 22.04.2 LTS',
            systemUUID: `${c.rng.hex(8)}-${c.rng.hex(4)}-${c.rng.hex(4)}-${c.rng.hex(4)}-${c.rng.hex(12)}`,
          },
        },
      },
      n.joinedAt,
    );
    // br_netfilter is loaded (kubeadm's preflight insists), so bridged traffic meets iptables.
    n.host.sysctl.set('net.bridge.bridge-nf-call-iptables', '1');
    n.host.fs.mkdirp('/etc/cni/net.d');
    n.host.fs.mkdirp('/opt/cni/bin');
    for (const b of [
      'bandwidth',
      'bridge',
      'dhcp',
      'firewall',
      'host-device',
      'host-local',
      'ipvlan',
      'loopback',
      'macvlan',
      'portmap',
      'ptp',
      'sbr',
      'static',
      'tuning',
      'vlan',
      'vrf',
    ]) {
      n.host.fs.write(`/opt/cni/bin/${b}`, `\x7fELF (${b})\n`, 0o755);
    }
  }

  // Static pods of the control plane (mirror pods owned by the Node).
  const cpNode = c.node(cp.host.name)!;
  const cpIp = eth0Ip(cp.host);
  const staticPod = (component: string, image: string, cpu: string): void => {
    const name = `${component}-${cp.host.name}`;
    const t = rfc3339(born);
    create({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        name,
        namespace: 'kube-system',
        labels: { component, tier: 'control-plane' },
        annotations: { 'kubernetes.io/config.source': 'file' },
        ownerReferences: [
          { apiVersion: 'v1', kind: 'Node', name: cp.host.name, uid: cpNode.metadata.uid, controller: true },
        ],
      },
      spec: {
        nodeName: cp.host.name,
        hostNetwork: true,
        priority: PRIORITY['system-node-critical'],
        priorityClassName: 'system-node-critical',
        containers: [{ name: component, image, command: [component], resources: { requests: { cpu } } }],
        tolerations: [{ operator: 'Exists', effect: 'NoExecute' }],
      },
      status: {
        phase: 'Running',
        hostIP: cpIp,
        podIP: cpIp,
        podIPs: [{ ip: cpIp }],
        startTime: t,
        qosClass: 'Burstable',
        conditions: ['Initialized', 'Ready', 'ContainersReady', 'PodScheduled'].map((type) => ({
          type,
          status: 'True',
          lastProbeTime: null,
          lastTransitionTime: t,
        })),
        containerStatuses: [
          {
            name: component,
            image,
            imageID: '',
            containerID: `containerd://${c.rng.hex(64)}`,
            ready: true,
            started: true,
            restartCount: 0,
            state: { running: { startedAt: t } },
            lastState: {},
          },
        ],
      },
    });
  };
  staticPod('etcd', 'registry.k8s.io/etcd:3.5.9-0', '100m');
  staticPod('kube-apiserver', `registry.k8s.io/kube-apiserver:${version}`, '250m');
  staticPod('kube-controller-manager', `registry.k8s.io/kube-controller-manager:${version}`, '200m');
  staticPod('kube-scheduler', `registry.k8s.io/kube-scheduler:${version}`, '100m');

  // kube-proxy: a DaemonSet whose pods already run on every node.
  const proxyTemplate: PodTemplate = {
    metadata: { labels: { 'k8s-app': 'kube-proxy' } },
    spec: {
      hostNetwork: true,
      priorityClassName: 'system-node-critical',
      serviceAccountName: 'kube-proxy',
      nodeSelector: { 'kubernetes.io/os': 'linux' },
      tolerations: [{ operator: 'Exists' }],
      containers: [
        {
          name: 'kube-proxy',
          image: `registry.k8s.io/kube-proxy:${version}`,
          command: [
            '/usr/local/bin/kube-proxy',
            '--config=/var/lib/kube-proxy/config.conf',
            '--hostname-override=$(NODE_NAME)',
          ],
        },
      ],
    },
  };
  const proxy = create({
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: {
      name: 'kube-proxy',
      namespace: 'kube-system',
      labels: { 'k8s-app': 'kube-proxy' },
      annotations: { 'deprecated.daemonset.template.generation': '1' },
    },
    spec: {
      selector: { matchLabels: { 'k8s-app': 'kube-proxy' } },
      template: proxyTemplate,
      updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 0, maxUnavailable: 1 } },
    },
  });
  const proxyHash = templateHash(proxyTemplate).slice(0, 10);
  for (const n of joined) {
    const name = `kube-proxy-${c.entropy.podSuffix('kube-system/kube-proxy')}`;
    const t = rfc3339(n.joinedAt);
    const ip = eth0Ip(n.host);
    create(
      {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: {
          name,
          generateName: 'kube-proxy-',
          namespace: 'kube-system',
          labels: { 'controller-revision-hash': proxyHash, 'k8s-app': 'kube-proxy', 'pod-template-generation': '1' },
          ownerReferences: [
            {
              apiVersion: 'apps/v1',
              kind: 'DaemonSet',
              name: 'kube-proxy',
              uid: proxy.metadata.uid,
              controller: true,
              blockOwnerDeletion: true,
            },
          ],
        },
        spec: {
          ...structuredClone(proxyTemplate.spec),
          nodeName: n.host.name,
          priority: PRIORITY['system-node-critical'],
          affinity: {
            nodeAffinity: {
              requiredDuringSchedulingIgnoredDuringExecution: {
                nodeSelectorTerms: [{ matchFields: [{ key: 'metadata.name', operator: 'In', values: [n.host.name] }] }],
              },
            },
          },
        },
        status: {
          phase: 'Running',
          hostIP: ip,
          podIP: ip,
          podIPs: [{ ip }],
          startTime: t,
          qosClass: 'BestEffort',
          conditions: ['Initialized', 'Ready', 'ContainersReady', 'PodScheduled'].map((type) => ({
            type,
            status: 'True',
            lastProbeTime: null,
            lastTransitionTime: t,
          })),
          containerStatuses: [
            {
              name: 'kube-proxy',
              image: `registry.k8s.io/kube-proxy:${version}`,
              imageID: '',
              containerID: `containerd://${c.rng.hex(64)}`,
              ready: true,
              started: true,
              restartCount: 0,
              state: { running: { startedAt: t } },
              lastState: {},
            },
          ],
        },
      },
      n.joinedAt,
    );
  }

  // coredns: kubeadm's Deployment (2 replicas, preferred anti-affinity). Its pods wait for a CNI.
  seedDeployment(c, {
    name: 'coredns',
    namespace: 'kube-system',
    replicas: 2,
    labels: { 'k8s-app': 'kube-dns' },
    at: born + 20_000_000,
    template: {
      metadata: { labels: { 'k8s-app': 'kube-dns' } },
      spec: {
        priorityClassName: 'system-cluster-critical',
        serviceAccountName: 'coredns',
        nodeSelector: { 'kubernetes.io/os': 'linux' },
        tolerations: [
          { key: 'CriticalAddonsOnly', operator: 'Exists' },
          { key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' },
        ],
        affinity: {
          podAntiAffinity: {
            preferredDuringSchedulingIgnoredDuringExecution: [
              {
                weight: 100,
                podAffinityTerm: {
                  labelSelector: { matchExpressions: [{ key: 'k8s-app', operator: 'In', values: ['kube-dns'] }] },
                  topologyKey: 'kubernetes.io/hostname',
                },
              },
            ],
          },
        },
        containers: [
          {
            name: 'coredns',
            image: 'registry.k8s.io/coredns/coredns:v1.10.1',
            args: ['-conf', '/etc/coredns/Corefile'],
            ports: [
              { containerPort: 53, name: 'dns', protocol: 'UDP' },
              { containerPort: 53, name: 'dns-tcp', protocol: 'TCP' },
              { containerPort: 9153, name: 'metrics', protocol: 'TCP' },
            ],
            resources: { limits: { memory: '170Mi' }, requests: { cpu: '100m', memory: '70Mi' } },
          },
        ],
      },
    },
  });

  for (const n of joined) {
    const kubelet = new Kubelet(c, n.host.name, n.host, n.joinedAt % 10_000_000, [
      `registry.k8s.io/kube-proxy:${version}`,
      'registry.k8s.io/coredns/coredns:v1.10.1',
      'registry.k8s.io/pause:3.9',
    ]);
    c.kubelets.set(n.host.name, kubelet);
  }
  void RT;
  return c;
}

/** Start the control loops (after the scenario has created what it wants to exist beforehand). */
export function startControlPlane(c: Cluster): void {
  const loops = [
    new NodeLifecycleController(c),
    new DaemonSetController(c),
    new ReplicaSetController(c),
    new DeploymentController(c),
    new Scheduler(c),
  ];
  for (const l of loops) c.addController(l);
  for (const k of c.kubelets.values()) c.addController(k);
  for (const l of c.controllers) l.start();
}
