/** An engine image (RGBA bytes) as a canvas Konva can draw. */
import type { PreviewImage } from '../../src-main/api/protocol.js';

export function toCanvas(img: PreviewImage): HTMLCanvasElement {
  const c = document.createElement('canvas');
  c.width = img.width;
  c.height = img.height;
  c.getContext('2d')!.putImageData(new ImageData(new Uint8ClampedArray(img.rgba), img.width, img.height), 0, 0);
  return c;
}
