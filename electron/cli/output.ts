// How the CLI prints tasks for people (tables, detail) — JSON output is the Task model itself.
import { VENDOR_LABELS, instantToMs, isOverdueAt, type Task } from '../../shared/task';
import { describeDueIn, translator } from '../../shared/i18n/translate';
import { terminalText } from './terminal-text';

function due(task: Task, now: number): string {
  return task.dueAt === null ? '' : describeDueIn(instantToMs(task.dueAt), now, translator('en'));
}

function flags(task: Task, now: number): string {
  return [isOverdueAt(task, now) ? 'OVERDUE' : '', task.escalated ? 'ESCALATED' : '']
    .filter(Boolean)
    .join(' ');
}

export function taskTable(tasks: Task[], now: number): string {
  if (tasks.length === 0) return 'No open tasks.';
  // One line per task whatever the vendor's text holds.
  const rows = tasks.map((t) =>
    [t.id, VENDOR_LABELS[t.vendor], t.title, due(t, now), flags(t, now)].map((cell) =>
      terminalText(cell, false),
    ),
  );
  const header = ['ID', 'VENDOR', 'TITLE', 'DUE', ''];
  const widths = header.map((h, i) =>
    Math.min(60, Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length))),
  );
  const line = (cells: string[]) =>
    cells
      .map((c, i) =>
        c.length > (widths[i] ?? 0)
          ? `${c.slice(0, (widths[i] ?? 1) - 1)}…`
          : c.padEnd(widths[i] ?? 0),
      )
      .join('  ')
      .trimEnd();
  return [line(header), ...rows.map(line)].join('\n');
}

export function taskDetail(task: Task, now: number): string {
  const lines: string[] = [
    `${task.title}`,
    `  id        ${task.id}`,
    `  vendor    ${VENDOR_LABELS[task.vendor]}`,
  ];
  const add = (label: string, value: string | null | undefined) => {
    if (value) lines.push(`  ${label.padEnd(9)} ${value}`);
  };
  add('workflow', task.workflowName);
  add('step', task.stepName);
  add('status', `${task.status} (${task.rawStatus})`);
  add('priority', task.priority);
  add('due', task.dueAt ? `${task.dueAt} — ${due(task, now)}` : null);
  add('flags', flags(task, now));
  add('assignee', task.assignee?.name);
  add('group', task.group?.name);
  add(
    'entity',
    task.entity ? `${task.entity.label} (${task.entity.type} ${task.entity.id})` : null,
  );
  add('link', task.webUrl);
  if (task.description) lines.push('', `  ${task.description}`);
  const { completion } = task;
  if (completion.kind === 'none') {
    lines.push('', `  Cannot be completed here: ${completion.unavailableReason ?? ''}`);
  } else {
    if (completion.results.length > 0) {
      lines.push(
        '',
        '  Results (--result):',
        ...completion.results.map((r) => `    ${r.code.padEnd(16)} ${r.label}`),
      );
    }
    if (completion.fields.length > 0) {
      lines.push(
        '',
        '  Fields (--field name=value):',
        ...completion.fields.map(
          (f) =>
            `    ${f.name.padEnd(16)} ${f.type}${f.required ? ', required' : ''}${f.options.length ? ` (${f.options.map((o) => o.value).join(' | ')})` : ''}${f.value !== null ? ` = ${JSON.stringify(f.value)}` : ''}`,
        ),
      );
    }
  }
  for (const step of task.previousSteps) {
    lines.push(
      '',
      `  Earlier: ${step.stepName} — ${step.result ?? ''} by ${step.completedBy ?? '?'} at ${step.completedAt ?? '?'}`,
    );
    for (const [key, value] of Object.entries(step.data))
      lines.push(`    ${key}: ${JSON.stringify(value)}`);
  }
  if (task.logs.length > 0) {
    lines.push(
      '',
      '  Log:',
      ...task.logs.map((log) => `    ${log.at ?? ''} ${log.level} ${log.message}`),
    );
  }
  return lines.join('\n');
}
