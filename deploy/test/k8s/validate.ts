import { ScaledObject } from '@kubernetes-models/keda/keda.sh/v1alpha1';
import { Deployment, StatefulSet } from 'kubernetes-models/apps/v1';
import { HorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2';
import { NetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1';
import { ConfigMap, Namespace, Secret, Service } from 'kubernetes-models/v1';
import type { KubeObject } from './objects.js';

interface Validating {
  validate(): void;
}

/** The kinds the manifests may use, each with its kubernetes-models (or KEDA models) class. */
const models: Record<string, new (data: never) => Validating> = {
  'v1/Namespace': Namespace,
  'v1/ConfigMap': ConfigMap,
  'v1/Secret': Secret,
  'v1/Service': Service,
  'apps/v1/Deployment': Deployment,
  'apps/v1/StatefulSet': StatefulSet,
  'policy/v1/PodDisruptionBudget': PodDisruptionBudget,
  'networking.k8s.io/v1/NetworkPolicy': NetworkPolicy,
  'autoscaling/v2/HorizontalPodAutoscaler': HorizontalPodAutoscaler,
  'keda.sh/v1alpha1/ScaledObject': ScaledObject,
};

/**
 * Validates an object against the Kubernetes (or KEDA) schema of its apiVersion and kind; returns
 * the problems, empty when valid. An apiVersion/kind outside `models` is a problem too: a new kind
 * is added there on purpose, with its model.
 */
export function schemaProblems(object: KubeObject): string[] {
  const where = `${object.kind} ${object.metadata.name}`;
  const Model = models[`${object.apiVersion}/${object.kind}`];
  if (!Model) return [`${where}: ${object.apiVersion}/${object.kind} is not a kind these manifests use`];
  try {
    new Model(object as never).validate();
    return [];
  } catch (error) {
    return [`${where}: ${(error as Error).message}`];
  }
}
