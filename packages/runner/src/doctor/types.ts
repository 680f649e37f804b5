import type { Plan } from '@trtforge/spec';
import type { RunContext } from '../context.js';
import type { Probes } from '../probe/probes.js';
import type { RuntimeOptions } from '../runtime/options.js';
import type { ContainerRuntime, RuntimeName } from '../runtime/types.js';
import type { SourceName } from '../sources/checkout.js';

export type CheckStatus = 'ok' | 'fail' | 'warn' | 'skip';

export interface DoctorCheck {
  name: string;
  status: CheckStatus;
  /** What was found (or exactly what is missing). */
  detail: string;
  /** How to fix it, for fail/warn. */
  fix?: string;
}

export interface DoctorReport {
  ok: boolean;
  model?: string;
  runtime?: RuntimeName;
  checks: DoctorCheck[];
}

export interface DoctorOptions {
  env: Record<string, string | undefined>;
  /** A resolved runtime, or the name to resolve (auto included). */
  runtime: ContainerRuntime | RuntimeName | 'auto';
  runtimeOverrides?: Partial<RuntimeOptions>;
  storeRoot: string;
  /** With a model: image, model dir, sources and the plan's GPU ids are checked too. */
  plan?: Plan;
  inputs?: RunContext['inputs'];
  sources?: Partial<Record<SourceName, string>>;
  probes?: Probes;
  /** Whether GPU checks are failures (build, serve) or only informative. Default true. */
  needsGpu?: boolean;
}

export const GiB = 1024 ** 3;
export const gib = (bytes: number): string => `${(bytes / GiB).toFixed(1)} GiB`;
/** 1234567 → "1,234,567", as toLocaleString('en-US') writes it, without loading ICU's locale data (≈ 50 ms on first use). */
export const thousands = (n: number): string => String(Math.trunc(n)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
