#!/usr/bin/env node
// Vendors the LeaderWorkerSet CRD's validation schema, small: reads the CRD as released by
// kubernetes-sigs/lws and writes its v1 openAPIV3Schema with the two pod templates (and the
// volume claim templates) replaced by a marker, because they are the standard Kubernetes
// PodTemplateSpec / PersistentVolumeClaim, which the tests validate with the Kubernetes OpenAPI
// schemas instead (kubernetes-models). Usage, from a clone of kubernetes-sigs/lws:
//   git show <tag>:config/crd/bases/leaderworkerset.x-k8s.io_leaderworkersets.yaml > crd.yaml
//   node trim-lws-crd.mjs crd.yaml <tag> <commit> > leaderworkerset-v1.schema.json
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';

const [file, tag, commit] = process.argv.slice(2);
if (!file || !tag || !commit) throw new Error('usage: trim-lws-crd.mjs <crd.yaml> <tag> <commit>');
const crd = parse(readFileSync(file, 'utf8'));
const version = crd.spec.versions.find((v) => v.name === 'v1');
const schema = structuredClone(version.schema.openAPIV3Schema);
const template = schema.properties.spec.properties.leaderWorkerTemplate.properties;
for (const key of ['leaderTemplate', 'workerTemplate']) {
  template[key] = { type: 'object', description: template[key].description, 'x-trtforge-validated-as': 'io.k8s.api.core.v1.PodTemplateSpec' };
}
template.volumeClaimTemplates = { type: 'array', items: { type: 'object', 'x-trtforge-validated-as': 'io.k8s.api.core.v1.PersistentVolumeClaim' } };
const out = {
  $comment: `openAPIV3Schema of leaderworkerset.x-k8s.io/v1 LeaderWorkerSet from kubernetes-sigs/lws ${tag} (commit ${commit}), config/crd/bases/leaderworkerset.x-k8s.io_leaderworkersets.yaml; pod and claim templates trimmed by trim-lws-crd.mjs (validated as Kubernetes types instead). Apache-2.0, The Kubernetes Authors.`,
  ...schema,
};
process.stdout.write(`${JSON.stringify(out, null, 1)}\n`);
