import type { ModelDiff, StepVerdict, ValueChange } from '@trtforge/compiler';

/** A table cell: code-formatted, pipes escaped, absent shown as an em dash, long values shortened. */
function cell(value: string | undefined): string {
  if (value === undefined) return '—';
  const short = value.length > 120 ? `${value.slice(0, 117)}…` : value;
  return `\`${short.replace(/\|/g, '\\|').replace(/`/g, "'").replace(/\n/g, '⏎')}\``;
}

const STEP_LABEL: Record<StepVerdict['step'], string> = { convert: 'convert', build: 'build', repo: 'repository', serve: 'serve' };

export function verdictText(v: StepVerdict): string {
  // A serve-mode switch changes every flag: name the first few, count the rest.
  const named = v.because.length > 6 ? [...v.because.slice(0, 5).map((b) => `\`${b}\``), `… ${v.because.length - 5} more`] : v.because.map((b) => `\`${b}\``);
  const because = named.join(', ');
  const local = v.localRuntime?.length ? ` (re-runs under the \`local\` runtime: ${v.localRuntime.join(', ')})` : '';
  switch (v.verdict) {
    case 're-runs': return `**re-runs** because ${because}`;
    case 'may re-run': return `**may re-run** because ${because} (reused if the host resolves it to the same content)`;
    case 'not used': return `not used (${v.because.join(', ')})`;
    case 'added': return 'runs (new model; reused only if the store already holds the same key)';
    case 'removed': return 'gone (model removed)';
    default: return `reused${local}`;
  }
}

function changeRows(prefix: string, changes: readonly ValueChange[]): string[] {
  return changes.map((c) => `| ${prefix} | ${cell(c.path)} | ${cell(c.before)} | ${cell(c.after)} |`);
}

/** A collapsible table of what changed per config or command: a changed one field by field, an added or removed one as a row. */
function changeSection(summary: string, columns: string, items: Array<{ name: string; status: string; changes: readonly ValueChange[] }>): string[] {
  if (items.length === 0) return [];
  const lines = ['', `<details open><summary>${summary}</summary>`, '', `| ${columns} | before | after |`, '|---|---|---|---|'];
  for (const c of items) {
    if (c.status !== 'changed') lines.push(`| \`${c.name}\` | *${c.status}* | | |`);
    else lines.push(...changeRows(`\`${c.name}\``, c.changes));
  }
  return [...lines, '', '</details>'];
}

/** One model's section: steps first (what a reviewer weighs: an engine rebuild), then configs, commands, effective parameters. */
export function renderModelMarkdown(d: ModelDiff, level = '###'): string {
  const lines = [`${level} \`${d.name}\` — ${d.status}`];
  if (d.backend.before && d.backend.after && d.backend.before !== d.backend.after) lines.push('', `tensorrtllm_backend release ${d.backend.before} → ${d.backend.after}`);
  lines.push('', '| step | after this change |', '|---|---|', ...d.steps.map((s) => `| ${STEP_LABEL[s.step]} | ${verdictText(s)} |`));
  lines.push(...changeSection('config.pbtxt, field by field', 'model | field', d.configs.map((c) => ({ ...c, name: c.model }))));
  lines.push(...changeSection('command lines', 'command | argument', d.commands.map((c) => ({ ...c, name: c.command }))));
  if (d.effective.length > 0) {
    lines.push('', '<details open><summary>effective tensorrt_llm runtime parameters (backend defaults included)</summary>', '', '| parameter | before | after |', '|---|---|---|');
    for (const e of d.effective) {
      const show = (x?: { value: string; origin: string }) => (x ? `${cell(x.value)} (${x.origin})` : '—');
      lines.push(`| \`${e.param}\` | ${show(e.before)} | ${show(e.after)} |`);
    }
    lines.push('', '</details>');
  }
  return lines.join('\n');
}

/** The whole report, ready to post as a pull-request comment. */
export function renderDiffMarkdown(report: { base: { ref: string; commit: string }; models: ModelDiff[]; notes: string[] }): string {
  const changed = report.models.filter((m) => m.status !== 'unchanged');
  const head = `## trtforge diff against \`${report.base.ref}\` (${report.base.commit.slice(0, 12)})`;
  // Edited model folders that compile to the same deployment (a comment, a reformatted spec) are named, not hidden.
  const same = report.models.filter((m) => m.status === 'unchanged').map((m) => `\`${m.name}\``);
  const sameLine = same.length > 0 ? `\n\nEdited, but compiles to the same deployment: ${same.join(', ')}.` : '';
  if (changed.length === 0) return `${head}\n\nNo spec changes what is deployed.${sameLine}\n${report.notes.map((n) => `\n> ${n}`).join('')}`;
  const rebuilds = changed.filter((m) => m.steps.some((s) => s.step === 'build' && s.verdict === 're-runs')).map((m) => `\`${m.name}\``);
  const summary = rebuilds.length > 0 ? `Engine rebuild: ${rebuilds.join(', ')}.` : 'No engine is rebuilt.';
  return [head, '', `${changed.length} model(s) changed. ${summary}${sameLine.replace(/^\n\n/, ' ')}`, ...report.notes.map((n) => `\n> ${n}`), '', ...changed.map((m) => `${renderModelMarkdown(m)}\n`)].join('\n');
}
