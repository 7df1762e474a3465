// The list rows' icons, drawn once as a sprite that each row points at (`<use>`): a row's icon is
// an <svg> and a <use>, not a whole icon (an <svg> and up to six shapes, each with its attributes)
// built again for every row, which is most of what a screen of rows puts in the document.
import {
  AlarmClock,
  BellOff,
  ChevronsUp,
  Hourglass,
  Send,
  TriangleAlert,
  UserRoundPlus,
  type LucideIcon,
} from 'lucide-react';

const ROW_ICONS = {
  overdue: { icon: AlarmClock, strokeWidth: 2.5 },
  escalated: { icon: ChevronsUp, strokeWidth: 2.5 },
  soon: { icon: Hourglass, strokeWidth: 2.5 },
  claimable: { icon: UserRoundPlus, strokeWidth: 2 },
  snoozed: { icon: BellOff, strokeWidth: 2 },
  sending: { icon: Send, strokeWidth: 2 },
  failed: { icon: TriangleAlert, strokeWidth: 2 },
} satisfies Record<string, { icon: LucideIcon; strokeWidth: number }>;

export type RowIconName = keyof typeof ROW_ICONS;

const symbolId = (name: RowIconName) => `row-icon-${name}`;

/** The symbols the rows' icons use: once in the list, before its rows. */
export function RowIconSprite() {
  return (
    <svg className="icon-sprite" aria-hidden="true">
      {(Object.keys(ROW_ICONS) as RowIconName[]).map((name) => {
        const { icon: Icon, strokeWidth } = ROW_ICONS[name];
        return (
          <symbol key={name} id={symbolId(name)} viewBox="0 0 24 24">
            <Icon size={24} strokeWidth={strokeWidth} />
          </symbol>
        );
      })}
    </svg>
  );
}

/** One of the sprite's icons, `size` px square, in the text's colour; decorative. */
export function RowIcon(props: { name: RowIconName; size: number }) {
  return (
    <svg className="row-icon" width={props.size} height={props.size} aria-hidden="true">
      <use href={`#${symbolId(props.name)}`} />
    </svg>
  );
}
