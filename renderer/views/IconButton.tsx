// A button drawn as an icon alone: its label is both what a screen reader says and the tooltip
// (with the key that does the same, where there is one).
import type { LucideIcon } from 'lucide-react';

export function IconButton(props: {
  label: string;
  icon: LucideIcon;
  onClick: () => void;
  /** The keyboard shortcut, shown in the tooltip. */
  shortcut?: string;
}) {
  const Icon = props.icon;
  return (
    <button
      type="button"
      className="icon-button"
      aria-label={props.label}
      title={props.shortcut ? `${props.label} (${props.shortcut})` : props.label}
      onClick={props.onClick}
    >
      <Icon aria-hidden="true" size={16} />
    </button>
  );
}
