// The Teams icons, drawn in code: a document with lines and a check mark.
//   color.png   192×192, the document on the accent colour
//   outline.png  32×32, white on transparent (Teams' rule for outline icons)
// Shapes are tested on a 4×4 grid inside each pixel, which smooths the edges.
import { encodePng } from './png.js';

type Rgba = [number, number, number, number];
type Shape = { inside: (x: number, y: number) => boolean; color: Rgba };

export const ACCENT = '#1D4ED8';

const hex = (h: string, alpha = 255): Rgba => [parseInt(h.slice(1, 3), 16), parseInt(h.slice(3, 5), 16), parseInt(h.slice(5, 7), 16), alpha];

function roundedRect(x0: number, y0: number, x1: number, y1: number, r: number) {
  return (x: number, y: number) => {
    if (x < x0 || x > x1 || y < y0 || y > y1) return false;
    const cx = Math.min(Math.max(x, x0 + r), x1 - r);
    const cy = Math.min(Math.max(y, y0 + r), y1 - r);
    return (x - cx) ** 2 + (y - cy) ** 2 <= r * r;
  };
}

function segment(ax: number, ay: number, bx: number, by: number, width: number) {
  return (x: number, y: number) => {
    const dx = bx - ax;
    const dy = by - ay;
    const t = Math.max(0, Math.min(1, ((x - ax) * dx + (y - ay) * dy) / (dx * dx + dy * dy)));
    return (x - ax - t * dx) ** 2 + (y - ay - t * dy) ** 2 <= (width / 2) ** 2;
  };
}

const or =
  (...tests: ((x: number, y: number) => boolean)[]) =>
  (x: number, y: number) =>
    tests.some((t) => t(x, y));
const minus =
  (a: (x: number, y: number) => boolean, b: (x: number, y: number) => boolean) =>
  (x: number, y: number) =>
    a(x, y) && !b(x, y);

/** Paints shapes in order over a background; each pixel averages 16 samples. */
function render(size: number, background: Rgba, shapes: Shape[]): Buffer {
  const pixels = new Uint8Array(size * size * 4);
  const n = 4;
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      const sum = [0, 0, 0, 0];
      for (let sy = 0; sy < n; sy++) {
        for (let sx = 0; sx < n; sx++) {
          const x = px + (sx + 0.5) / n;
          const y = py + (sy + 0.5) / n;
          let c = background;
          for (const shape of shapes) if (shape.inside(x, y)) c = shape.color;
          // premultiplied, so that transparent samples do not darken edges
          sum[0] += (c[0] * c[3]) / 255;
          sum[1] += (c[1] * c[3]) / 255;
          sum[2] += (c[2] * c[3]) / 255;
          sum[3] += c[3];
        }
      }
      const a = sum[3] / (n * n);
      const i = (py * size + px) * 4;
      pixels[i] = a > 0 ? Math.round((sum[0] / (n * n)) * (255 / a)) : 0;
      pixels[i + 1] = a > 0 ? Math.round((sum[1] / (n * n)) * (255 / a)) : 0;
      pixels[i + 2] = a > 0 ? Math.round((sum[2] / (n * n)) * (255 / a)) : 0;
      pixels[i + 3] = Math.round(a);
    }
  }
  return encodePng(size, size, pixels);
}

export function colorIcon(): Buffer {
  return render(192, hex(ACCENT), [
    { inside: roundedRect(56, 36, 136, 156, 10), color: hex('#FFFFFF') },
    { inside: or(segment(74, 66, 118, 66, 7), segment(74, 84, 118, 84, 7), segment(74, 102, 100, 102, 7)), color: hex('#93C5FD') },
    { inside: segment(80, 126, 94, 140, 10), color: hex('#16A34A') },
    { inside: segment(94, 140, 122, 110, 10), color: hex('#16A34A') },
  ]);
}

export function outlineIcon(): Buffer {
  const white = hex('#FFFFFF');
  return render(32, [0, 0, 0, 0], [
    { inside: minus(roundedRect(6.5, 3.5, 25.5, 28.5, 2.5), roundedRect(8.5, 5.5, 23.5, 26.5, 1)), color: white },
    { inside: or(segment(11, 10, 21, 10, 1.6), segment(11, 14, 17, 14, 1.6)), color: white },
    { inside: or(segment(11.5, 20, 14.5, 23, 2.2), segment(14.5, 23, 20.5, 17, 2.2)), color: white },
  ]);
}
