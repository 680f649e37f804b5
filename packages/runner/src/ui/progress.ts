import { Listr, PRESET_TIMER } from 'listr2';
import type { RunEvent, StepId } from '../events.js';

export interface ProgressStep<T> {
  id: StepId;
  title: string;
  run: () => Promise<T>;
}

/** The part of a listr2 task wrapper we drive (title and output are setters). */
interface TaskHandle {
  title: string;
  output: string;
}

/**
 * Progress for long steps with listr2: one line per step with elapsed time and the tail of the
 * tool's output. On a terminal the default renderer redraws in place; elsewhere (turbo, CI) the
 * simple renderer prints step starts/ends and a heartbeat with the last log line every 30 s,
 * because a full trtllm-build log belongs in the log file, not in turbo's output.
 */
export class Progress {
  private readonly tasks = new Map<StepId, TaskHandle>();
  private readonly lastLine = new Map<StepId, string>();
  private readonly lastBeat = new Map<StepId, number>();
  private current: StepId | undefined;

  /** `interactive`: redraw in place (a terminal); `plain`: line output (turbo, CI); `silent`: nothing (dry-run prints its own). */
  constructor(private readonly mode: 'interactive' | 'plain' | 'silent') {}

  private get interactive(): boolean {
    return this.mode === 'interactive';
  }

  /** Route runner events to the task of their step. */
  readonly onEvent = (event: RunEvent): void => {
    // A notice of no step in particular (a source clone's lock) goes to the step running now.
    const step = event.step ?? (event.type === 'notice' ? this.current : undefined);
    if (step === undefined || step === 'source') return;
    const task = this.tasks.get(step);
    if (!task) return;
    switch (event.type) {
      case 'step-start':
        task.title = `${event.step}: running (key ${event.key.slice(0, 12)}; ${event.reasons.join('; ')})`;
        break;
      case 'lock-wait':
        task.output = `waiting for a concurrent run of ${event.step} (same key) to finish`;
        break;
      case 'command':
        if (event.logPath) task.output = `log: ${event.logPath}`;
        break;
      case 'output':
        this.lastLine.set(event.step, event.line);
        if (this.interactive) task.output = event.line;
        else if (Date.now() - (this.lastBeat.get(event.step) ?? 0) > 30_000) {
          this.lastBeat.set(event.step, Date.now());
          task.output = event.line;
        }
        break;
      case 'notice':
        task.output = event.message;
        break;
      case 'step-done':
        task.title = `${event.step}: ${event.outcome.status === 'reused' ? 'reused' : event.outcome.status === 'built' ? 'built' : event.outcome.status} (key ${event.outcome.key.slice(0, 12)})`;
        break;
    }
  };

  /** Runs the steps in order; rejects with the step's own error (the CLI prints it once, in full). */
  async run<T>(steps: Array<ProgressStep<T>>): Promise<T[]> {
    const results: T[] = [];
    let failure: { error: unknown } | undefined;
    const list = new Listr(
      steps.map((step) => ({
        title: step.title,
        task: async (_: unknown, task: TaskHandle) => {
          this.tasks.set(step.id, task);
          this.current = step.id;
          try {
            results.push(await step.run());
          } catch (error) {
            failure = { error };
            task.title = `${step.id}: failed`;
            throw new Error('see below');
          }
        },
        rendererOptions: { outputBar: 6 },
      })),
      {
        renderer: this.mode === 'silent' ? 'silent' : this.interactive ? 'default' : 'simple',
        rendererOptions: { timer: PRESET_TIMER, collapseErrors: false, showErrorMessage: false },
        fallbackRenderer: 'simple',
        fallbackRendererOptions: { timer: PRESET_TIMER },
        fallbackRendererCondition: this.mode === 'plain',
        exitOnError: true,
        // Our SIGINT handler stops containers and cleans temp dirs; listr2's would exit first.
        registerSignalListeners: false,
        collectErrors: false,
      },
    );
    try {
      await list.run();
    } catch (error) {
      throw failure ? failure.error : error;
    }
    return results;
  }
}
