// The inbox's keyboard shortcuts: one table for the handler and the "?" overlay.
import type { MessageKey } from '../i18n';

export type ShortcutAction = 'complete' | 'snooze' | 'vendor' | 'search' | 'help';

export const SHORTCUTS: { keys: string[]; label: MessageKey; action?: ShortcutAction }[] = [
  { keys: ['↑', '↓'], label: 'shortcuts.move' },
  { keys: ['Enter'], label: 'shortcuts.open' },
  { keys: ['c'], label: 'shortcuts.complete', action: 'complete' },
  { keys: ['s'], label: 'shortcuts.snooze', action: 'snooze' },
  { keys: ['o'], label: 'shortcuts.vendor', action: 'vendor' },
  { keys: ['/'], label: 'shortcuts.search', action: 'search' },
  { keys: ['?'], label: 'shortcuts.help', action: 'help' },
  { keys: ['Esc'], label: 'shortcuts.close' },
];

/** The action a key press asks for, unless the user is typing in a field. */
export function shortcutFor(event: KeyboardEvent): ShortcutAction | null {
  if (event.ctrlKey || event.metaKey || event.altKey) return null;
  const target = event.target as HTMLElement | null;
  if (target?.closest('input, textarea, select, [contenteditable="true"], form')) return null;
  for (const shortcut of SHORTCUTS) {
    if (shortcut.action && shortcut.keys.includes(event.key)) return shortcut.action;
  }
  return null;
}
