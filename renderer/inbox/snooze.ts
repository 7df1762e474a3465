// When a snooze ends: the one rule for the detail's snooze menu and the list's "s" shortcut (a
// module of its own, so the list does not load the detail's forms).
const HOUR = 3_600_000;

export function snoozeUntil(choice: '1h' | '4h' | 'tomorrow', now: Date): number {
  if (choice === '1h') return now.getTime() + HOUR;
  if (choice === '4h') return now.getTime() + 4 * HOUR;
  const next = new Date(now);
  next.setDate(next.getDate() + 1);
  next.setHours(9, 0, 0, 0);
  return next.getTime();
}
