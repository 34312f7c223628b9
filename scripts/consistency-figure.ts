/**
 * `npm run docs:consistency`: docs/consistency.png, the figure of what object consistency does.
 * The sample photo resources/samples/coffee.png colourised per pixel (κ = 0, left) and with
 * Tinct's default object consistency (right), with the shipped models: per pixel, the network
 * paints the saucer half red, half blue and the table in blotches; pooled over the segmenter's
 * regions, each object gets one colour.
 */
import { join } from 'node:path';
import sharp from 'sharp';
import { Colorizer } from '../src-main/engine/models/colorizer-model.js';
import { DEFAULT_CONSISTENCY } from '../src-main/engine/document/edit-document.js';
import { EditSession } from '../src-main/engine/session/edit-session.js';
import { loadSegmentFunction } from '../src-main/engine/segmentation/segment-function.js';
import { DEFAULT_COLORIZER, PACKAGE_ROOT } from '../src-main/engine/version.js';
import { sideBySide } from './side-by-side.js';

const photo = join(PACKAGE_ROOT, 'resources', 'samples', 'coffee.png');
const out = join(PACKAGE_ROOT, 'docs', 'consistency.png');
const segment = await loadSegmentFunction();
if (!segment) throw new Error('docs:consistency needs models/segmenter.onnx');
const session = await EditSession.open(photo, { colorizer: await Colorizer.load(DEFAULT_COLORIZER), segment });

const render = (consistency: number) => {
  session.setDocument({ ...session.document(), settings: { ...session.document().settings, consistency } });
  const p = session.renderPreview();
  return sharp(Buffer.from(p.rgba.buffer, p.rgba.byteOffset, p.rgba.byteLength), {
    raw: { width: p.width, height: p.height, channels: 4 },
  })
    .removeAlpha()
    .png()
    .toBuffer();
};
const [perPixel, pooled] = [await render(0), await render(DEFAULT_CONSISTENCY)];
const { previewWidth: w, previewHeight: h } = session;
await sideBySide(perPixel, pooled, w, h, out);
console.log(`wrote ${out}: κ = 0 (left) and κ = ${DEFAULT_CONSISTENCY} (right), ${w}×${h} each`);
