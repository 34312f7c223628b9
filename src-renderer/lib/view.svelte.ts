/**
 * The canvas's view of the photo: the stage's size on screen, the zoom (screen pixels per photo
 * pixel) and the photo's offset. Fit, 100 % and zoom about a point, as photo viewers do; a view
 * left fitted refits when the window resizes.
 */
export class View {
  width = $state(800);
  height = $state(600);
  scale = $state(1);
  x = $state(0);
  y = $state(0);
  /** True while the view is the fitted one: a window resize then refits. */
  fitted = true;

  fit(photoW: number, photoH: number): void {
    const s = Math.min(this.width / photoW, this.height / photoH) * 0.96;
    this.scale = s;
    this.fitted = true;
    this.x = (this.width - photoW * s) / 2;
    this.y = (this.height - photoH * s) / 2;
  }

  /** 100%: one photo pixel per screen pixel, centred on the middle of the view. */
  actualSize(): void {
    const cx = (this.width / 2 - this.x) / this.scale,
      cy = (this.height / 2 - this.y) / this.scale;
    this.scale = 1;
    this.fitted = false;
    this.x = this.width / 2 - cx;
    this.y = this.height / 2 - cy;
  }

  /** Zooms by `factor` keeping the photo point under the screen point (sx, sy) where it is. */
  zoomAt(sx: number, sy: number, factor: number): void {
    const next = Math.min(32, Math.max(0.02, this.scale * factor));
    const px = (sx - this.x) / this.scale,
      py = (sy - this.y) / this.scale;
    this.scale = next;
    this.fitted = false;
    this.x = sx - px * next;
    this.y = sy - py * next;
  }

  moveTo(x: number, y: number): void {
    this.fitted = false;
    this.x = x;
    this.y = y;
  }

  /** The part of the photo on screen (photo pixels, at most 4096 a side), or null when none is. */
  visibleRect(photoW: number, photoH: number): { x: number; y: number; width: number; height: number } | null {
    const x0 = Math.max(0, Math.floor(-this.x / this.scale)),
      y0 = Math.max(0, Math.floor(-this.y / this.scale));
    const x1 = Math.min(photoW, Math.ceil((this.width - this.x) / this.scale)),
      y1 = Math.min(photoH, Math.ceil((this.height - this.y) / this.scale));
    if (x1 <= x0 || y1 <= y0) return null;
    return { x: x0, y: y0, width: Math.min(4096, x1 - x0), height: Math.min(4096, y1 - y0) };
  }
}

/** True when rectangle `t` holds all of `rect`. */
export function covers(
  t: { x: number; y: number; width: number; height: number },
  rect: { x: number; y: number; width: number; height: number },
): boolean {
  return (
    t.x <= rect.x && t.y <= rect.y && t.x + t.width >= rect.x + rect.width && t.y + t.height >= rect.y + rect.height
  );
}
