import type { StepOutcome } from './steps/outcome.js';

export type StepId = 'convert' | 'build' | 'repo' | 'serve' | 'bench';

/** What the runner reports while it works; the CLI renders it (listr2), tests collect it. */
export type RunEvent =
  | { type: 'step-start'; step: StepId; key: string; reasons: string[] }
  | { type: 'lock-wait'; step: StepId; key: string }
  | { type: 'command'; step: StepId | 'source'; argv: string[]; logPath?: string }
  | { type: 'output'; step: StepId; line: string }
  | { type: 'step-done'; step: StepId; outcome: StepOutcome }
  | { type: 'notice'; step?: StepId; message: string };
