// How this launch should start: hidden in the tray when the OS started us at login, with the
// inbox open when a person did.

/** The flag the autostart entries (XDG .desktop, login item args) pass. */
export const HIDDEN_FLAG = '--hidden';

export function startsHidden(argv: readonly string[], wasOpenedAtLogin: boolean): boolean {
  return wasOpenedAtLogin || argv.includes(HIDDEN_FLAG);
}
