/**
 * The OCI artifacts a pod pulls, and the placeholder references compile writes for them.
 *
 * The remote store (`TRTFORGE_REMOTE_CACHE=oci://<registry>/<repository>`) holds each store entry
 * as one OCI artifact tagged `<step>-<key>`; its key — and so its digest — is only known on a host
 * that built or pulled the entry, never at compile time. So the manifests in generated/ name each
 * artifact by a placeholder in the reserved `.invalid` domain (RFC 2606: it can never resolve, so
 * an unpinned manifest applied by mistake fails at the pull and names itself), and
 * `trtforge deploy` replaces it with `<registry>/<repository>@sha256:<digest>`.
 */
export type ArtifactStep = 'build' | 'repo' | 'convert';

export const PLACEHOLDER_REGISTRY = 'unpinned.trtforge.invalid';

/** `unpinned.trtforge.invalid/<object name>:<step>`: a syntactically valid reference that never resolves. */
export function unpinnedReference(objectName: string, step: ArtifactStep): string {
  return `${PLACEHOLDER_REGISTRY}/${objectName}:${step}`;
}

/** Every placeholder a manifest text holds, with its step (what `deploy` must pin). */
export function unpinnedReferences(text: string): Array<{ reference: string; step: ArtifactStep }> {
  const found = new Map<string, ArtifactStep>();
  for (const m of text.matchAll(/unpinned\.trtforge\.invalid\/[a-z0-9-]+:(build|repo|convert)\b/g)) found.set(m[0], m[1] as ArtifactStep);
  return [...found].map(([reference, step]) => ({ reference, step }));
}
