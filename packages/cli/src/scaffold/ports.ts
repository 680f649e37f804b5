import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { spec } from '../runner.js';

/**
 * Serve ports for a new model that no compiled model in this repository uses (generated/<m>/plan.json):
 * the defaults (8000, 8001, 8002, 9000) shifted by the first multiple of 10 that is free.
 */
export function freeServePorts(root: string): { http: number; grpc: number; metrics: number; openai: number } {
  const used = new Set<number>();
  const generated = join(root, 'generated');
  if (existsSync(generated)) {
    for (const model of readdirSync(generated)) {
      try {
        const plan = JSON.parse(readFileSync(join(generated, model, 'plan.json'), 'utf8')) as { serve?: { modes?: Record<string, { ports?: Record<string, number> }> } };
        for (const mode of Object.values(plan.serve?.modes ?? {})) for (const port of Object.values(mode.ports ?? {})) used.add(port);
      } catch {
        // not a compiled model: nothing to avoid
      }
    }
  }
  const base = spec().DEFAULTS.serve.ports;
  for (let shift = 0; ; shift += 10) {
    const ports = { http: base.http + shift, grpc: base.grpc + shift, metrics: base.metrics + shift, openai: base.openai + shift };
    if (Object.values(ports).every((p) => !used.has(p))) return ports;
  }
}
