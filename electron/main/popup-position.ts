// Where the quick-complete popup appears: beside the tray icon when its place is known, else in
// the corner where the OS shows notifications.

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

const MARGIN = 8;

function clamp(value: number, min: number, max: number): number {
  return Math.min(Math.max(value, min), Math.max(min, max));
}

export function popupPosition(
  size: { width: number; height: number },
  workArea: Rect,
  anchor: Rect | null,
  platform: NodeJS.Platform,
): { x: number; y: number } {
  const maxX = workArea.x + workArea.width - size.width - MARGIN;
  const maxY = workArea.y + workArea.height - size.height - MARGIN;
  // Linux trays often report an empty rectangle: treat it as unknown.
  if (anchor && anchor.width > 0 && anchor.height > 0) {
    const centreY = anchor.y + anchor.height / 2;
    const trayAtTop = centreY < workArea.y + workArea.height / 2;
    const x = clamp(
      Math.round(anchor.x + anchor.width / 2 - size.width / 2),
      workArea.x + MARGIN,
      maxX,
    );
    const y = trayAtTop ? anchor.y + anchor.height + MARGIN : anchor.y - size.height - MARGIN;
    return { x, y: clamp(Math.round(y), workArea.y + MARGIN, maxY) };
  }
  // macOS shows notifications top right; Windows and most Linux desktops bottom right.
  return { x: maxX, y: platform === 'darwin' ? workArea.y + MARGIN : maxY };
}
