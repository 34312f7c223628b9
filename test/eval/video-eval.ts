/**
 * `npm run eval:video -- [--videos ../shared/videos] [--clips dev01,dev05] [--temporal 0,0.9]
 *   [--max-frames 96] [--consistency κ] [--model m.onnx] [--strip docs/video-strips.png]`
 *
 * Colours each clip of ../shared/videos from its lightness alone (the colour clips greyed: the
 * engine reads only L) at each μ, through the same generator `tinct colorize clip.mp4` writes
 * from, and prints per clip and on average: ab warp error and CDC (video-metrics.ts) beside the
 * true clip's (the floor), per-frame AuC and PSNR against the true frames, mean chroma, the shot
 * cuts found (against the cuts SOURCES.md lists), frames/s. The black-and-white films have no
 * truth: only their temporal numbers and chroma are given. A strip of frames per clip (one row per
 * μ) is written to --strip.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { ffmpegTools } from '../../src-main/engine/video/ffmpeg-tools.js';
import { probeVideo } from '../../src-main/engine/video/probe.js';
import { readFrames } from '../../src-main/engine/video/frame-reader.js';
import { colourFrames, DEFAULT_TEMPORAL } from '../../src-main/engine/video/colorize-video.js';
import { Colorizer } from '../../src-main/engine/models/colorizer-model.js';
import { loadSegmentFunction } from '../../src-main/engine/segmentation/segment-function.js';
import { labToRgba8 } from '../../src-main/engine/colour/lab-to-srgb.js';
import { rgbToLab } from '../../src-main/engine/colour/lab.js';
import { DEFAULT_COLORIZER, PACKAGE_ROOT } from '../../src-main/engine/version.js';
import { aucFromHistogram, AUC_MAX, errorHistogram, psnr } from './color-metrics.js';
import { TemporalMetrics } from './video-metrics.js';
import { flag } from '../helpers/flags.js';

const args = process.argv.slice(2);
const dir = flag('videos', join(PACKAGE_ROOT, '..', 'shared', 'videos'));
const mus = flag('temporal', `0,${DEFAULT_TEMPORAL}`).split(',').map(Number);
const maxFrames = Number(flag('max-frames', '96')) || undefined;
/** Clips whose names contain any of these (comma-separated), e.g. --clips dev01,dev05. */
const only = flag('clips', '').split(',');
const stripPath = flag('strip', '');
/** κ for every run (default: the editor's, 1); 0 shows what the memory does without regions. */
const consistency = args.includes('--consistency') ? Number(flag('consistency', '1')) : undefined;
if (!existsSync(dir)) {
  console.error(`no clips at ${dir} (../shared/videos): nothing to evaluate`);
  process.exit(0);
}
/** The cuts SOURCES.md lists (frame numbers; dev01 also flashes 192–204). */
const KNOWN_CUTS: Record<string, number[]> = { dev01: [21, 65, 185], dev08: [44, 134] };
const STRIP_FRAMES = 5,
  THUMB = 192;

const tools = ffmpegTools();
const colorizer = await Colorizer.load(flag('model', DEFAULT_COLORIZER));
const segment = await loadSegmentFunction();
const clips = readdirSync(dir)
  .filter((n) => n.endsWith('.mp4') && only.some((o) => n.includes(o)))
  .sort();

interface Row {
  clip: string;
  mu: number;
  grey: boolean;
  warp: number;
  cdc: number;
  auc: number;
  psnr: number;
  chroma: number;
  fps: number;
  cuts: number[];
  truth?: { warp: number; cdc: number };
}
const rows: Row[] = [];
const strips: Buffer[] = [];

function truthLab(rgb: Uint8Array, w: number, h: number) {
  const n = w * h;
  const L = new Float32Array(n),
    a = new Float32Array(n),
    b = new Float32Array(n);
  for (let i = 0; i < n; i++)
    [L[i], a[i], b[i]] = rgbToLab(rgb[3 * i] / 255, rgb[3 * i + 1] / 255, rgb[3 * i + 2] / 255);
  return { L, a, b, width: w, height: h };
}

for (const clip of clips) {
  const info = await probeVideo(join(dir, clip), tools);
  const total = Math.min(info.frames, maxFrames ?? Infinity);
  const pick = new Set(Array.from({ length: STRIP_FRAMES }, (_, k) => Math.round(((k + 0.5) * total) / STRIP_FRAMES)));
  const grey = clip.includes('_bw_');
  for (const [m, mu] of mus.entries()) {
    const truth = m === 0 ? new TemporalMetrics() : null;
    const metrics = new TemporalMetrics();
    const hist = new Float64Array(AUC_MAX + 2);
    let psnrSum = 0,
      chromaSum = 0,
      frames = 0;
    const cuts: number[] = [];
    const thumbs: Buffer[] = [];
    const truthFrames = readFrames(info, tools, { maxFrames });
    const t0 = performance.now();
    for await (const f of colourFrames(
      info,
      tools,
      { colorizer, segment },
      { temporal: mu, consistency },
      { maxFrames },
    )) {
      const trueRgb = (await truthFrames.next()).value as Uint8Array;
      const rgba = labToRgba8(f);
      const rgb = new Uint8Array(f.width * f.height * 3);
      for (let i = 0, j = 0; i < rgb.length; i += 3, j += 4)
        [rgb[i], rgb[i + 1], rgb[i + 2]] = [rgba[j], rgba[j + 1], rgba[j + 2]];
      if (f.cut && f.index > 0) cuts.push(f.index);
      metrics.push(f, rgb, f.cut);
      let c = 0;
      for (let i = 0; i < f.a.length; i++) c += Math.hypot(f.a[i], f.b[i]);
      chromaSum += c / f.a.length;
      if (!grey) {
        const t = truthLab(trueRgb, f.width, f.height);
        const h = errorHistogram(f, t);
        for (let k = 0; k < h.length; k++) hist[k] += h[k];
        psnrSum += psnr(rgb, trueRgb);
        truth?.push(t, trueRgb, f.cut);
      }
      if (stripPath && pick.has(f.index))
        thumbs.push(
          await sharp(rgb, { raw: { width: f.width, height: f.height, channels: 3 } })
            .resize(THUMB)
            .raw()
            .toBuffer(),
        );
      frames++;
    }
    await truthFrames.return(undefined);
    const fps = (frames * 1000) / (performance.now() - t0);
    const r = metrics.result();
    rows.push({
      clip,
      mu,
      grey,
      ...r,
      auc: grey ? NaN : aucFromHistogram(hist),
      psnr: grey ? NaN : psnrSum / frames,
      chroma: chromaSum / frames,
      fps,
      cuts,
      truth: truth && !grey ? truth.result() : undefined,
    });
    if (stripPath && thumbs.length) {
      const th = Math.round((THUMB * info.height) / info.width);
      strips.push(
        await sharp({ create: { width: THUMB * STRIP_FRAMES, height: th, channels: 3, background: '#000' } })
          .composite(
            thumbs.map((t, k) => ({
              input: t,
              raw: { width: THUMB, height: th, channels: 3 },
              left: k * THUMB,
              top: 0,
            })),
          )
          .removeAlpha()
          .raw()
          .toBuffer(),
      );
    }
    const last = rows[rows.length - 1];
    console.error(
      `${clip} μ=${mu}: warp ${last.warp.toFixed(2)} cdc ${last.cdc.toFixed(4)} auc ` +
        `${last.auc.toFixed(1)} psnr ${last.psnr.toFixed(2)} chroma ${last.chroma.toFixed(1)} ${fps.toFixed(1)} fps` +
        (last.truth ? ` | truth warp ${last.truth.warp.toFixed(2)} cdc ${last.truth.cdc.toFixed(4)}` : ''),
    );
  }
}

const pad = (s: string, n: number) => s.padEnd(n);
console.log(
  `\nclips: ${clips.length}, frames per clip: ${maxFrames ?? 'all'}; model ` +
    `${colorizer.spec.name} ${colorizer.spec.version}`,
);
console.log(pad('clip', 40) + pad('μ', 6) + 'warp   (truth)  CDC     (truth)  AuC    PSNR   chroma  fps   cuts');
for (const r of rows) {
  const known = KNOWN_CUTS[r.clip.slice(0, 5)];
  console.log(
    pad(r.clip.slice(0, 38), 40) +
      pad(String(r.mu), 6) +
      pad(r.warp.toFixed(2), 7) +
      pad(r.truth ? r.truth.warp.toFixed(2) : '', 9) +
      pad(r.cdc.toFixed(4), 8) +
      pad(r.truth ? r.truth.cdc.toFixed(4) : '', 9) +
      pad(Number.isNaN(r.auc) ? '-' : r.auc.toFixed(1), 7) +
      pad(Number.isNaN(r.psnr) ? '-' : r.psnr.toFixed(2), 7) +
      pad(r.chroma.toFixed(1), 8) +
      pad(r.fps.toFixed(1), 6) +
      `[${r.cuts.join(' ')}]` +
      (known ? ` listed [${known.join(' ')}]` : ''),
  );
}
// Averages over the colour clips (with truth) per μ, and the ratios the targets are about.
const colour = rows.filter((r) => !r.grey);
const mean = (mu: number, k: 'warp' | 'cdc' | 'auc' | 'psnr' | 'chroma') => {
  const xs = colour.filter((r) => r.mu === mu).map((r) => r[k]);
  return xs.reduce((s, v) => s + v, 0) / Math.max(1, xs.length);
};
const base = mus[0];
console.log('\nmean over the colour clips:');
for (const mu of mus)
  console.log(
    `  μ=${mu}: warp ${mean(mu, 'warp').toFixed(2)} CDC ${mean(mu, 'cdc').toFixed(4)} AuC ` +
      `${mean(mu, 'auc').toFixed(2)} PSNR ${mean(mu, 'psnr').toFixed(2)} chroma ${mean(mu, 'chroma').toFixed(2)}` +
      (mu === base
        ? ''
        : `  | vs μ=${base}: CDC ×${(mean(mu, 'cdc') / mean(base, 'cdc')).toFixed(2)} (target ≤ ` +
          `0.6), warp ×${(mean(mu, 'warp') / mean(base, 'warp')).toFixed(2)} (≤ 0.75), AuC ` +
          `${(mean(mu, 'auc') - mean(base, 'auc')).toFixed(2)} (≥ −1), chroma ` +
          `×${(mean(mu, 'chroma') / mean(base, 'chroma')).toFixed(2)} (≥ 0.9)`),
  );
// The same ratios clip by clip, then averaged: a clip whose own colours change a lot (a pan, cuts)
// weighs as much as a still one.
for (const mu of mus.filter((m) => m !== base)) {
  const pairs = colour
    .filter((r) => r.mu === mu)
    .map((r) => [r, colour.find((b) => b.clip === r.clip && b.mu === base)!]);
  const avg = (f: (r: Row, b: Row) => number) =>
    pairs.reduce((s, [r, b]) => s + f(r, b), 0) / Math.max(1, pairs.length);
  console.log(
    `  μ=${mu} per clip, averaged: CDC ×${avg((r, b) => r.cdc / b.cdc).toFixed(2)}, warp ` +
      `×${avg((r, b) => r.warp / b.warp).toFixed(2)}, AuC ` +
      `${avg((r, b) => r.auc - b.auc).toFixed(2)}, chroma ×${avg((r, b) => r.chroma / b.chroma).toFixed(2)}`,
  );
}
const truthRows = colour.filter((r) => r.truth);
console.log(
  `  true clips: warp ${(truthRows.reduce((s, r) => s + r.truth!.warp, 0) / truthRows.length).toFixed(2)} ` +
    `CDC ${(truthRows.reduce((s, r) => s + r.truth!.cdc, 0) / truthRows.length).toFixed(4)}`,
);
if (stripPath && strips.length) {
  const heights = await Promise.all(strips.map(async (s) => s.length / (THUMB * STRIP_FRAMES * 3)));
  let top = 0;
  const layers = strips.map((s, k) => {
    const layer = {
      input: s,
      raw: { width: THUMB * STRIP_FRAMES, height: heights[k], channels: 3 as const },
      left: 0,
      top,
    };
    top += heights[k] + (k % mus.length === mus.length - 1 ? 8 : 0);
    return layer;
  });
  await sharp({ create: { width: THUMB * STRIP_FRAMES, height: top, channels: 3, background: '#fff' } })
    .composite(layers)
    .png()
    .toFile(stripPath);
  console.log(`strips (rows: μ = ${mus.join(', ')} per clip) -> ${stripPath}`);
}
