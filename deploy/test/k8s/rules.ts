import type { IContainer, IProbe } from 'kubernetes-models/v1';
import {
  containersOf,
  hpas,
  podLabels,
  podSpec,
  scaledObjects,
  selects,
  services,
  workloads,
  type KubeObject,
  type Workload,
} from './objects.js';

/** A version tag (1.2.3, 7.0.14, 2.10.22-alpine) or a digest; never `latest`, a bare major, or none. */
const PINNED_IMAGE = /^[^:@\s]+(:\d+\.\d+\.\d+[\w.-]*|@sha256:[0-9a-f]{64})$/;

function probeProblems(where: string, name: string, probe: IProbe | undefined, container: IContainer): string[] {
  if (!probe) return [`${where}: no ${name}`];
  if (probe.exec) return [];
  const port = probe.httpGet?.port ?? probe.tcpSocket?.port ?? probe.grpc?.port;
  if (port === undefined) return [`${where}: ${name} checks nothing`];
  const ports = container.ports ?? [];
  const known = typeof port === 'number' ? ports.some((p) => p.containerPort === port) : ports.some((p) => p.name === port);
  return known ? [] : [`${where}: ${name} asks port ${port}, which the container does not declare`];
}

/**
 * What every container of every workload must have: liveness and readiness probes on a declared
 * port, CPU and memory requests and limits, a pinned image, a non-root user, no privilege
 * escalation, no capabilities, and a read-only root filesystem.
 */
export function containerProblems(workload: Workload): string[] {
  const pod = podSpec(workload).securityContext ?? {};
  return containersOf(workload).flatMap((container) => {
    const where = `${workload.kind} ${workload.metadata.name}, container ${container.name}`;
    const security = container.securityContext ?? {};
    const problems = [
      ...probeProblems(where, 'livenessProbe', container.livenessProbe, container),
      ...probeProblems(where, 'readinessProbe', container.readinessProbe, container),
    ];
    for (const kind of ['requests', 'limits'] as const) {
      for (const resource of ['cpu', 'memory']) {
        if (container.resources?.[kind]?.[resource] === undefined) problems.push(`${where}: no ${resource} ${kind}`);
      }
    }
    if (!container.image || !PINNED_IMAGE.test(container.image))
      problems.push(`${where}: image "${container.image}" is not pinned to a version`);
    const runAsNonRoot = security.runAsNonRoot ?? pod.runAsNonRoot;
    const runAsUser = security.runAsUser ?? pod.runAsUser;
    if (runAsNonRoot !== true) problems.push(`${where}: runAsNonRoot is not true`);
    if (runAsUser === undefined || runAsUser === 0)
      problems.push(`${where}: runs as user ${runAsUser ?? "of the image's choosing"}`);
    if (security.allowPrivilegeEscalation !== false) problems.push(`${where}: allowPrivilegeEscalation is not false`);
    if (!security.capabilities?.drop?.includes('ALL')) problems.push(`${where}: capabilities are not all dropped`);
    if (security.readOnlyRootFilesystem !== true) problems.push(`${where}: the root filesystem is writable`);
    return problems;
  });
}

/** Every Service selects the pods of one workload and forwards to ports those pods declare. */
export function serviceProblems(objects: KubeObject[]): string[] {
  return services(objects).flatMap((service) => {
    const where = `Service ${service.metadata.name}`;
    const selector = service.spec?.selector;
    if (!selector || Object.keys(selector).length === 0) return [`${where}: selects nothing`];
    const targets = workloads(objects).filter((w) => selects({ matchLabels: selector }, podLabels(w)));
    if (targets.length !== 1)
      return [`${where}: selects ${targets.length} workloads (${targets.map((t) => t.metadata.name).join(', ')})`];
    const ports = containersOf(targets[0]!).flatMap((c) => c.ports ?? []);
    return (service.spec?.ports ?? []).flatMap((port) => {
      const target = port.targetPort ?? port.port;
      const found =
        typeof target === 'number' ? ports.some((p) => p.containerPort === target) : ports.some((p) => p.name === target);
      return found
        ? []
        : [`${where}: port ${port.port} forwards to ${target}, which ${targets[0]!.metadata.name} does not declare`];
    });
  });
}

/** Autoscaled Deployments leave `replicas` to their autoscaler; targets exist. */
export function autoscalingProblems(objects: KubeObject[]): string[] {
  const targets = [
    ...hpas(objects).map((h) => ({
      by: `HorizontalPodAutoscaler ${h.metadata.name}`,
      kind: h.spec?.scaleTargetRef.kind,
      name: h.spec?.scaleTargetRef.name,
    })),
    ...scaledObjects(objects).map((s) => ({
      by: `ScaledObject ${s.metadata.name}`,
      kind: s.spec.scaleTargetRef.kind ?? 'Deployment',
      name: s.spec.scaleTargetRef.name,
    })),
  ];
  return targets.flatMap(({ by, kind, name }) => {
    const target = workloads(objects).find((w) => w.kind === kind && w.metadata.name === name);
    if (!target) return [`${by}: scales ${kind} ${name}, which does not exist`];
    return target.spec?.replicas === undefined ? [] : [`${by}: ${kind} ${name} sets replicas, which the autoscaler owns`];
  });
}
