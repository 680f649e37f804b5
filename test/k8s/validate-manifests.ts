import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import { parseAllDocuments } from 'yaml';
import { Deployment } from 'kubernetes-models/apps/v1';
import { ConfigMap, PodTemplateSpec, Service, ServiceAccount } from 'kubernetes-models/v1';
import { Role, RoleBinding } from 'kubernetes-models/rbac.authorization.k8s.io/v1';
import { PodMonitor } from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1';

/** One Kubernetes object of a manifest file. */
export type KubeObject = { apiVersion: string; kind: string; metadata: { name: string; namespace?: string }; spec?: any; [k: string]: any };

/** Every object of every YAML file (each file starts with the generated-file header comment). */
export function parseManifests(files: Record<string, string>): Array<{ file: string; object: KubeObject }> {
  return Object.entries(files).flatMap(([file, text]) =>
    parseAllDocuments(text).map((doc) => {
      if (doc.errors.length) throw new Error(`${file}: ${doc.errors[0]!.message}`);
      return { file, object: doc.toJS() as KubeObject };
    }));
}

const MODELS: Record<string, new (data: any) => { validate(): void }> = {
  'apps/v1/Deployment': Deployment,
  'v1/Service': Service,
  'v1/ConfigMap': ConfigMap,
  'v1/ServiceAccount': ServiceAccount,
  'rbac.authorization.k8s.io/v1/Role': Role,
  'rbac.authorization.k8s.io/v1/RoleBinding': RoleBinding,
  'monitoring.coreos.com/v1/PodMonitor': PodMonitor,
};

const lwsSchema = JSON.parse(readFileSync(new URL('./schemas/leaderworkerset-v1.schema.json', import.meta.url), 'utf8'));
// The CRD's structural-schema extensions are annotations for the API server, not constraints ajv knows.
const ajv = new Ajv({ allErrors: true, strict: false, validateFormats: false });
const validateLws = ajv.compile(closed(lwsSchema));

/**
 * The API server prunes fields a CRD schema does not declare (silently: a typo'd field is lost), so
 * the test closes every object that lists its properties: an unknown field is an error here.
 */
function closed(schema: any): any {
  if (Array.isArray(schema)) return schema.map(closed);
  if (!schema || typeof schema !== 'object') return schema;
  const out = Object.fromEntries(Object.entries(schema).map(([k, v]) => [k, k === 'properties' ? Object.fromEntries(Object.entries(v as object).map(([p, s]) => [p, closed(s)])) : closed(v)]));
  if (out.properties && out.additionalProperties === undefined && !out['x-kubernetes-preserve-unknown-fields']) out.additionalProperties = false;
  return out;
}

/** Throws with the object's kind, name and the schema's complaint when it is not valid. */
export function validateObject(object: KubeObject): void {
  const id = `${object.apiVersion}/${object.kind}`;
  const where = `${object.kind} ${object.metadata?.name}`;
  if (id === 'leaderworkerset.x-k8s.io/v1/LeaderWorkerSet') {
    if (!validateLws(object)) throw new Error(`${where}: ${ajv.errorsText(validateLws.errors)}`);
    const t = object.spec.leaderWorkerTemplate;
    for (const key of ['leaderTemplate', 'workerTemplate'] as const) {
      if (t[key] !== undefined) wrap(`${where} ${key}`, () => new PodTemplateSpec(t[key]).validate());
    }
    return;
  }
  const Model = MODELS[id];
  if (!Model) throw new Error(`${where}: no schema for ${id}`);
  wrap(where, () => new Model(object).validate());
}

function wrap(where: string, f: () => void): void {
  try {
    f();
  } catch (err) {
    throw new Error(`${where}: ${(err as Error).message}`);
  }
}
