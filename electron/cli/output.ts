// How the CLI prints tasks for people (tables, detail) — JSON output is the Task model itself.
import { VENDOR_LABELS, instantToMs, isOverdueAt, type Task } from '../../shared/task';
import { describeDueIn, translator, type Translate } from '../../shared/i18n/translate';
import { terminalText } from './terminal-text';

function due(task: Task, now: number, t: Translate): string {
  return task.dueAt === null ? '' : describeDueIn(instantToMs(task.dueAt), now, t);
}

function flags(task: Task, now: number, t: Translate): string {
  return [
    isOverdueAt(task, now) ? t('cli.flag.overdue') : '',
    task.escalated ? t('cli.flag.escalated') : '',
  ]
    .filter(Boolean)
    .join(' ');
}

export function taskTable(tasks: Task[], now: number, t: Translate = translator('en')): string {
  if (tasks.length === 0) return t('cli.table.none');
  // One line per task whatever the vendor's text holds.
  const rows = tasks.map((task) =>
    [task.id, VENDOR_LABELS[task.vendor], task.title, due(task, now, t), flags(task, now, t)].map(
      (cell) => terminalText(cell, false),
    ),
  );
  const header = [
    t('cli.table.id'),
    t('cli.table.vendor'),
    t('cli.table.title'),
    t('cli.table.due'),
    '',
  ];
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

type DetailLabel =
  | 'id'
  | 'vendor'
  | 'workflow'
  | 'step'
  | 'status'
  | 'priority'
  | 'due'
  | 'flags'
  | 'assignee'
  | 'group'
  | 'entity'
  | 'link';

export function taskDetail(task: Task, now: number, t: Translate = translator('en')): string {
  const lines: string[] = [`${task.title}`];
  const add = (label: DetailLabel, value: string | null | undefined) => {
    if (value) lines.push(`  ${t(`cli.detail.${label}`).padEnd(9)} ${value}`);
  };
  add('id', task.id);
  add('vendor', VENDOR_LABELS[task.vendor]);
  add('workflow', task.workflowName);
  add('step', task.stepName);
  add('status', `${task.status} (${task.rawStatus})`);
  add('priority', task.priority);
  add('due', task.dueAt ? `${task.dueAt} — ${due(task, now, t)}` : null);
  add('flags', flags(task, now, t));
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
    lines.push(
      '',
      `  ${t('cli.detail.cannotComplete', { reason: completion.unavailableReason ?? '' })}`,
    );
  } else {
    if (completion.results.length > 0) {
      lines.push(
        '',
        `  ${t('cli.detail.results')}`,
        ...completion.results.map((r) => `    ${r.code.padEnd(16)} ${r.label}`),
      );
    }
    if (completion.fields.length > 0) {
      lines.push(
        '',
        `  ${t('cli.detail.fields')}`,
        ...completion.fields.map(
          (f) =>
            `    ${f.name.padEnd(16)} ${f.type}${f.required ? t('cli.detail.required') : ''}${f.options.length ? ` (${f.options.map((o) => o.value).join(' | ')})` : ''}${f.value !== null ? ` = ${JSON.stringify(f.value)}` : ''}`,
        ),
      );
    }
  }
  for (const step of task.previousSteps) {
    lines.push(
      '',
      `  ${t('cli.detail.earlier', {
        step: step.stepName,
        result: step.result ?? '',
        by: step.completedBy ?? '?',
        at: step.completedAt ?? '?',
      })}`,
    );
    for (const [key, value] of Object.entries(step.data))
      lines.push(`    ${key}: ${JSON.stringify(value)}`);
  }
  if (task.logs.length > 0) {
    lines.push(
      '',
      `  ${t('cli.detail.log')}`,
      ...task.logs.map((log) => `    ${log.at ?? ''} ${log.level} ${log.message}`),
    );
  }
  return lines.join('\n');
}
