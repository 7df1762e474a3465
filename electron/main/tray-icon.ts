// The tray icon, drawn in code: a shape and colour per look (so it reads without colour too) and,
// where the OS has no badge, the open-task count in a 3×5 pixel font. Pure: returns RGBA pixels.
import type { TrayLook } from './tray-status';

export interface Bitmap {
  width: number;
  height: number;
  /** Straight (not premultiplied) RGBA, row by row. */
  rgba: Uint8Array;
}

type Rgb = readonly [number, number, number];

const COLOURS: Record<TrayLook, Rgb> = {
  normal: [0x25, 0x63, 0xeb],
  overdue: [0xdc, 0x26, 0x26],
  failing: [0xd9, 0x77, 0x06],
  paused: [0x6b, 0x72, 0x80],
};
const WHITE: Rgb = [0xff, 0xff, 0xff];

// The 3×5 font as it looks: one glyph per column of the strip, in FONT_CHARS' order.
const FONT_CHARS = '0123456789+!';
const FONT = [
  '### .#. ### ### #.# ### ### ### ### ### ... .#.',
  '#.# ##. ..# ..# #.# #.. #.. ..# #.# #.# .#. .#.',
  '#.# .#. ### ### ### ### ### .#. ### ### ### .#.',
  '#.# .#. #.. ..# ..# ..# #.# .#. #.# ..# .#. ...',
  '### ### ### ### ..# ### ### .#. ### ### ... .#.',
] as const;

/** What the icon says: the count (99+ past 99), "!" on a failing icon with nothing open. */
export function iconText(look: TrayLook, count: number, drawCount: boolean): string {
  if (!drawCount || count <= 0) return look === 'failing' ? '!' : '';
  return count > 99 ? '99+' : String(count);
}

/** Is the point (x, y), in units of the icon's size (0..1), inside this look's shape? */
function inside(look: TrayLook, x: number, y: number): boolean {
  const dx = x - 0.5;
  const dy = y - 0.5;
  const r = Math.hypot(dx, dy);
  switch (look) {
    case 'normal':
      return r <= 0.48;
    case 'paused':
      return r <= 0.48 && r >= 0.36;
    case 'overdue': {
      // A rounded square.
      const qx = Math.max(Math.abs(dx) - 0.32, 0);
      const qy = Math.max(Math.abs(dy) - 0.32, 0);
      return Math.hypot(qx, qy) <= 0.16;
    }
    case 'failing':
      return Math.abs(dx) + Math.abs(dy) <= 0.5;
  }
}

const SAMPLES = 4;

export function drawTrayIcon(look: TrayLook, text: string, size: number): Bitmap {
  const rgba = new Uint8Array(size * size * 4);
  const [r, g, b] = COLOURS[look];
  for (let py = 0; py < size; py += 1) {
    for (let px = 0; px < size; px += 1) {
      let hits = 0;
      for (let sy = 0; sy < SAMPLES; sy += 1) {
        for (let sx = 0; sx < SAMPLES; sx += 1) {
          const x = (px + (sx + 0.5) / SAMPLES) / size;
          const y = (py + (sy + 0.5) / SAMPLES) / size;
          if (inside(look, x, y)) hits += 1;
        }
      }
      const at = (py * size + px) * 4;
      rgba.set([r, g, b, Math.round((255 * hits) / (SAMPLES * SAMPLES))], at);
    }
  }
  drawText(rgba, size, text, look === 'paused' ? COLOURS.paused : WHITE);
  return { width: size, height: size, rgba };
}

function drawText(rgba: Uint8Array, size: number, text: string, colour: Rgb): void {
  if (text === '') return;
  const units = text.length * 3 + (text.length - 1);
  // The largest whole-pixel scale that keeps the text inside the shape's middle.
  const scale = Math.max(1, Math.min(Math.floor((size * 0.62) / units), Math.floor(size / 8)));
  const left = Math.floor((size - units * scale) / 2);
  const top = Math.floor((size - 5 * scale) / 2);
  [...text].forEach((char, index) => {
    const glyph = FONT_CHARS.indexOf(char);
    if (glyph < 0) throw new Error(`No glyph for ${JSON.stringify(char)}`);
    FONT.forEach((strip, row) => {
      for (let col = 0; col < 3; col += 1) {
        if (strip[glyph * 4 + col] !== '#') continue;
        for (let y = 0; y < scale; y += 1) {
          for (let x = 0; x < scale; x += 1) {
            const px = left + (index * 4 + col) * scale + x;
            const py = top + row * scale + y;
            rgba.set([...colour, 255], (py * size + px) * 4);
          }
        }
      }
    });
  });
}

/**
 * Electron's `nativeImage.createFromBitmap` takes Skia's native layout: BGRA, premultiplied.
 */
export function toNativeBitmap(bitmap: Bitmap): Buffer {
  const out = Buffer.alloc(bitmap.rgba.length);
  for (let i = 0; i < bitmap.rgba.length; i += 4) {
    const a = bitmap.rgba[i + 3] ?? 0;
    const pre = (v: number | undefined) => Math.round(((v ?? 0) * a) / 255);
    out[i] = pre(bitmap.rgba[i + 2]);
    out[i + 1] = pre(bitmap.rgba[i + 1]);
    out[i + 2] = pre(bitmap.rgba[i]);
    out[i + 3] = a;
  }
  return out;
}
