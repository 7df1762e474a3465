// "in 2 h" / "3 h overdue": due times as people read them, shared by notifications and windows.

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

function span(ms: number): string {
  if (ms < MINUTE) return 'less than a minute';
  if (ms < HOUR) return `${Math.round(ms / MINUTE)} min`;
  if (ms < DAY) return `${Math.round(ms / HOUR)} h`;
  return `${Math.round(ms / DAY)} d`;
}

/** "due in 2 h", "3 h overdue", or null when there is no due time. */
export function describeDue(dueMs: number | null, now: number): string | null {
  if (dueMs === null) return null;
  const delta = dueMs - now;
  return delta >= 0 ? `due in ${span(delta)}` : `${span(-delta)} overdue`;
}
