import type { INetworkPolicyPeer, INetworkPolicyPort } from 'kubernetes-models/networking.k8s.io/v1';
import { containersOf, networkPolicies, podLabels, selects, type KubeObject, type Workload } from './objects.js';

/**
 * A pod as NetworkPolicies see it: its labels, its namespace's labels, whether it lives in the
 * namespace the manifests are applied to, and its named ports.
 */
export interface Endpoint {
  labels: Record<string, string>;
  namespaceLabels: Record<string, string>;
  inNamespace: boolean;
  namedPorts: Record<string, number>;
}

export function endpointOf(workload: Workload, namespace: string): Endpoint {
  return {
    labels: podLabels(workload),
    namespaceLabels: { 'kubernetes.io/metadata.name': namespace },
    inNamespace: true,
    namedPorts: Object.fromEntries(
      containersOf(workload).flatMap((c) => (c.ports ?? []).map((p) => [p.name ?? '', p.containerPort])),
    ),
  };
}

/** A pod in another namespace (an ingress controller, KEDA) or outside the cluster (a managed database). */
export function outsider(namespace: string | undefined): Endpoint {
  return {
    labels: {},
    namespaceLabels: namespace ? { 'kubernetes.io/metadata.name': namespace } : {},
    inNamespace: false,
    namedPorts: {},
  };
}

function peerMatches(peer: INetworkPolicyPeer, endpoint: Endpoint): boolean {
  if (peer.ipBlock) return Object.keys(endpoint.namespaceLabels).length === 0; // outside the cluster
  if (peer.namespaceSelector) {
    if (!selects(peer.namespaceSelector, endpoint.namespaceLabels)) return false;
    return !peer.podSelector || selects(peer.podSelector, endpoint.labels);
  }
  return endpoint.inNamespace && selects(peer.podSelector ?? {}, endpoint.labels);
}

function portMatches(ports: INetworkPolicyPort[] | undefined, port: number, destination: Endpoint): boolean {
  if (!ports || ports.length === 0) return true;
  return ports.some((p) => {
    if ((p.protocol ?? 'TCP') !== 'TCP') return false;
    if (p.port === undefined) return true;
    return typeof p.port === 'number' ? p.port === port : destination.namedPorts[p.port] === port;
  });
}

/**
 * Whether the manifests' NetworkPolicies let `source` open a TCP connection to `destination`'s
 * `port`, by the Kubernetes rules: a pod selected by no policy of a direction is open in that
 * direction; a selected one takes what any of its policies' rules allow. Both the source's egress
 * and the destination's ingress must allow it (policies of other namespaces are not modelled:
 * an outsider's egress is taken as open).
 */
export function allowed(objects: KubeObject[], source: Endpoint, destination: Endpoint, port: number): boolean {
  const policies = networkPolicies(objects);
  /** Whether `endpoint`'s policies of one direction let it talk with `peer` on the destination's port. */
  const permits = (endpoint: Endpoint, direction: 'Ingress' | 'Egress', peer: Endpoint) => {
    if (!endpoint.inNamespace) return true;
    const selecting = policies.filter(
      (p) => (p.spec?.policyTypes ?? ['Ingress']).includes(direction) && selects(p.spec?.podSelector ?? {}, endpoint.labels),
    );
    const rules = selecting.flatMap((p) =>
      direction === 'Ingress'
        ? (p.spec?.ingress ?? []).map((r) => ({ peers: r.from, ports: r.ports }))
        : (p.spec?.egress ?? []).map((r) => ({ peers: r.to, ports: r.ports })),
    );
    return (
      selecting.length === 0 ||
      rules.some(
        ({ peers, ports }) =>
          (!peers || peers.length === 0 || peers.some((p) => peerMatches(p, peer))) && portMatches(ports, port, destination),
      )
    );
  };
  return permits(source, 'Egress', destination) && permits(destination, 'Ingress', source);
}
