export function buildStandInImage(options?: { podman?: string; globalFlags?: string[]; variant?: string }): string;
