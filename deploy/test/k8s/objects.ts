import type { IHorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2';
import type { IDeployment, IStatefulSet } from 'kubernetes-models/apps/v1';
import type { INetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1';
import type { IPodDisruptionBudget } from 'kubernetes-models/policy/v1';
import type { IConfigMap, IContainer, IPodSpec, ISecret, IService } from 'kubernetes-models/v1';
import type { IScaledObject } from '@kubernetes-models/keda/keda.sh/v1alpha1';

/** Any rendered object; narrowed by kind with the helpers below. */
export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string> };
  [field: string]: unknown;
}

export type Workload = (IDeployment | IStatefulSet) & KubeObject;

export function ofKind<T>(objects: KubeObject[], kind: string): Array<T & KubeObject> {
  return objects.filter((o) => o.kind === kind) as Array<T & KubeObject>;
}

export const deployments = (objects: KubeObject[]) => ofKind<IDeployment>(objects, 'Deployment');
export const statefulSets = (objects: KubeObject[]) => ofKind<IStatefulSet>(objects, 'StatefulSet');
export const workloads = (objects: KubeObject[]): Workload[] => [...deployments(objects), ...statefulSets(objects)];
export const services = (objects: KubeObject[]) => ofKind<IService>(objects, 'Service');
export const configMaps = (objects: KubeObject[]) => ofKind<IConfigMap>(objects, 'ConfigMap');
export const secrets = (objects: KubeObject[]) => ofKind<ISecret>(objects, 'Secret');
export const networkPolicies = (objects: KubeObject[]) => ofKind<INetworkPolicy>(objects, 'NetworkPolicy');
export const pdbs = (objects: KubeObject[]) => ofKind<IPodDisruptionBudget>(objects, 'PodDisruptionBudget');
export const hpas = (objects: KubeObject[]) => ofKind<IHorizontalPodAutoscaler>(objects, 'HorizontalPodAutoscaler');
export const scaledObjects = (objects: KubeObject[]) => ofKind<IScaledObject>(objects, 'ScaledObject');

export function named<T extends KubeObject>(list: T[], name: string): T {
  const found = list.find((o) => o.metadata.name === name);
  if (!found) throw new Error(`no ${list[0]?.kind ?? 'object'} named ${name}`);
  return found;
}

export function podSpec(workload: Workload): IPodSpec {
  const spec = workload.spec?.template.spec;
  if (!spec) throw new Error(`${workload.kind} ${workload.metadata.name} has no pod spec`);
  return spec;
}

export function containersOf(workload: Workload): IContainer[] {
  const spec = podSpec(workload);
  return [...(spec.initContainers ?? []), ...spec.containers];
}

export function podLabels(workload: Workload): Record<string, string> {
  return workload.spec?.template.metadata?.labels ?? {};
}

/** Whether a plain label selector (matchLabels, matchExpressions) picks these labels. */
export function selects(
  selector: {
    matchLabels?: Record<string, string>;
    matchExpressions?: Array<{ key: string; operator: string; values?: string[] }>;
  },
  labels: Record<string, string>,
): boolean {
  const byLabels = Object.entries(selector.matchLabels ?? {}).every(([key, value]) => labels[key] === value);
  const byExpressions = (selector.matchExpressions ?? []).every(({ key, operator, values = [] }) => {
    switch (operator) {
      case 'In':
        return key in labels && values.includes(labels[key]!);
      case 'NotIn':
        return !(key in labels && values.includes(labels[key]!));
      case 'Exists':
        return key in labels;
      case 'DoesNotExist':
        return !(key in labels);
      default:
        throw new Error(`unknown selector operator ${operator}`);
    }
  });
  return byLabels && byExpressions;
}
