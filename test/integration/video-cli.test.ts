/**
 * `tinct colorize clip.mp4` end to end through the real CLI: the output keeps frame count, rate,
 * size and audio; lossless, frame folders and frame sequences; hints that hold through their shot
 * and not the next; and the video bad-input catalogue: one line naming the file and the reason,
 * no partial output, the rest of a batch done.
 */
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { rgbToLab } from '../../src-main/engine/colour/lab.js';
import { tinct } from '../helpers/cli.js';
import { ROOT, TINY_MODEL, tempDir } from '../helpers/paths.js';
import { decodeRgb, ffmpeg, makeClip, makeTwoShots, probe, truncate, unknownCodecAvi } from '../helpers/clips.js';

const dir = tempDir('tinct-video-');
const model = ['--model', TINY_MODEL];
const clip = join(dir, 'clip.mp4');
const SHARED_CLIP = join(ROOT, '..', 'shared', 'videos', 'dev05_sam2_football_grass_trees.mp4');

/** Files in `folder` that are not `keep`: partial outputs left behind. */
const leftovers = (folder: string, keep: string[]) => readdirSync(folder).filter((n) => !keep.includes(n));

function meanChroma(rgb: Uint8Array): number {
  let c = 0;
  const n = rgb.length / 3;
  for (let i = 0; i < n; i++) {
    const [, a, b] = rgbToLab(rgb[3 * i] / 255, rgb[3 * i + 1] / 255, rgb[3 * i + 2] / 255);
    c += Math.hypot(a, b);
  }
  return c / n;
}

beforeAll(() => {
  makeClip(clip, { frames: 18, rate: 12, audio: true });
});

describe('tinct colorize <video>', () => {
  it('keeps the frame count, rate, size and the audio (copied), and records how it was made', () => {
    const out = join(dir, 'clip-colour.mp4');
    const r = tinct(['colorize', clip, '-o', out, ...model]);
    expect(r.stderr).not.toMatch(/error/);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/18 frames/);
    const src = probe(clip),
      res = probe(out);
    const v = res.streams.find((s) => s.codec_type === 'video')!;
    expect([v.codec_name, v.width, v.height, v.r_frame_rate, v.nb_read_frames]).toEqual(['h264', 96, 64, '12/1', '18']);
    const a = res.streams.find((s) => s.codec_type === 'audio')!;
    expect(a.codec_name).toBe(src.streams.find((s) => s.codec_type === 'audio')!.codec_name);
    expect(Math.abs(Number(res.format.duration) - Number(src.format.duration))).toBeLessThan(0.2);
    expect(res.format.tags?.comment).toMatch(/^tinct:\{.*"temporal":/);
  });

  it('--resume skips a clip whose output was made the same way and redoes one made otherwise', () => {
    const folder = join(dir, 'resume');
    const report = join(dir, 'resume.jsonl');
    expect(tinct(['colorize', clip, '-o', folder, '--report', report, ...model]).code).toBe(0);
    const again = tinct(['colorize', clip, '-o', folder, '--resume', '--report', report, ...model]);
    expect(again.stderr).toMatch(/skipped, .*clip\.mp4 is complete/);
    expect(again.stderr).toMatch(/1 inputs: 0 done, 1 skipped, 0 failed/);
    const other = tinct(['colorize', clip, '-o', folder, '--resume', '--temporal', '0.2', ...model]);
    expect(other.stderr).toMatch(/redoing it: made with other settings \(temporal/);
    expect(other.code).toBe(0);
    const lines = readFileSync(report, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines.map((l) => l.status)).toEqual(['done', 'skipped']);
  });

  it('--ffmpeg uses the ffmpeg given (and refuses one that cannot run)', (ctx) => {
    const bad = tinct(['colorize', clip, '-o', join(dir, 'own.mp4'), '--ffmpeg', join(dir, 'no-ffmpeg'), ...model]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/no-ffmpeg: not an ffmpeg that can run here/);
    if (!existsSync('/usr/bin/ffmpeg')) return ctx.skip(); // Debian's ffmpeg, where installed
    const own = tinct(['colorize', clip, '-o', join(dir, 'own.mp4'), '--ffmpeg', '/usr/bin/ffmpeg', ...model]);
    expect(own.code).toBe(0);
    expect(probe(join(dir, 'own.mp4')).streams.find((s) => s.codec_type === 'video')!.nb_read_frames).toBe('18');
  });

  it('colours a real clip with the shipped model (frames in colour, lightness kept)', async (ctx) => {
    if (!existsSync(SHARED_CLIP)) return ctx.skip(); // needs ../shared/videos
    const short = join(dir, 'real.mp4');
    ffmpeg(['-i', SHARED_CLIP, '-frames:v', '8', '-vf', 'format=gray,format=yuv420p', '-c:v', 'libx264', short]);
    const out = join(dir, 'real-colour.mp4');
    const r = tinct(['colorize', short, '-o', out]);
    expect(r.code).toBe(0);
    const { frames } = decodeRgb(out);
    expect(frames).toHaveLength(8);
    expect(meanChroma(frames[4])).toBeGreaterThan(5);
  }, 180_000);

  it('writes archival lossless FFV1 (16-bit) in MKV, and a folder of 16-bit TIFF frames', async () => {
    const mkv = join(dir, 'archive.mkv');
    expect(tinct(['colorize', clip, '-o', mkv, '--lossless', ...model]).code).toBe(0);
    const v = probe(mkv).streams.find((s) => s.codec_type === 'video')!;
    expect([v.codec_name, v.nb_read_frames]).toEqual(['ffv1', '18']);
    expect(tinct(['colorize', clip, '-o', join(dir, 'x.mp4'), '--lossless', ...model]).stderr).toMatch(/\.mkv/);

    const folder = join(dir, 'frames');
    expect(tinct(['colorize', clip, '-o', folder, '--frames', 'tiff', ...model]).code).toBe(0);
    const names = readdirSync(folder).sort();
    expect(names).toHaveLength(18);
    expect(names[0]).toBe('frame-000001.tif');
    const meta = await sharp(join(folder, names[0])).metadata();
    expect([meta.width, meta.height, meta.depth]).toEqual([96, 64, 'ushort']);
  });

  it('reads a folder of frames as one clip (--sequence, --fps)', () => {
    const seq = join(dir, 'seq');
    mkdirSync(seq);
    ffmpeg(['-i', clip, '-frames:v', '10', join(seq, 'f%03d.png')]);
    const out = join(dir, 'seq.mp4');
    const r = tinct(['colorize', seq, '-o', out, '--sequence', '--fps', '8', ...model]);
    expect(r.code).toBe(0);
    const v = probe(out).streams.find((s) => s.codec_type === 'video')!;
    expect([v.nb_read_frames, v.r_frame_rate]).toEqual(['10', '8/1']);
  });

  it('a region colour chosen on a frame holds through its shot and not in the next', () => {
    const two = join(dir, 'two-shots.mp4');
    makeTwoShots(two, 8, 8);
    const hints = join(dir, 'hints.json');
    // A strong red on the region at the centre of frame 10 (the second shot).
    writeFileSync(hints, JSON.stringify({ regions: [{ point: [64, 48], level: 0.5, ab: [70, 50], frame: 10 }] }));
    const out = join(dir, 'two-colour.mp4');
    const r = tinct(['colorize', two, '-o', out, '--hints', hints, '--temporal', '0', ...model]);
    expect(r.code).toBe(0);
    const { frames, width } = decodeRgb(out);
    expect(frames).toHaveLength(16);
    const redAt = (f: Uint8Array) => {
      const i = 3 * (48 * width + 64);
      const [, a] = rgbToLab(f[i] / 255, f[i + 1] / 255, f[i + 2] / 255);
      return a;
    };
    for (const k of [8, 10, 15]) expect(redAt(frames[k])).toBeGreaterThan(25);
    for (const k of [0, 4, 7]) expect(redAt(frames[k])).toBeLessThan(20);
  });
});

describe('video bad input', () => {
  const bad = join(dir, 'bad');
  const outDir = join(dir, 'bad-out');

  beforeAll(() => {
    mkdirSync(bad);
    ffmpeg(['-f', 'lavfi', '-i', 'sine=frequency=440', '-t', '1', '-c:a', 'aac', join(bad, 'audio-only.mp4')]);
    makeClip(join(bad, 'whole.mp4'), { frames: 48, extra: ['-c:v', 'libx264', '-movflags', '+faststart'] });
    truncate(join(bad, 'whole.mp4'), join(bad, 'truncated.mp4'), 0.5);
    makeClip(join(bad, 'moov-at-end.mp4'), { frames: 48 });
    truncate(join(bad, 'moov-at-end.mp4'), join(bad, 'no-index.mp4'), 0.5);
    unknownCodecAvi(join(bad, 'unknown-codec.avi'));
    ffmpeg([
      '-f',
      'lavfi',
      '-i',
      'testsrc2=size=64x48',
      '-frames:v',
      '0',
      '-c:v',
      'libx264',
      join(bad, 'zero-frames.mp4'),
    ]);
  });

  it('one line per bad file naming it and the reason, no partial output, the rest of the batch done', () => {
    const r = tinct([
      'colorize',
      join(bad, 'audio-only.mp4'),
      join(bad, 'truncated.mp4'),
      join(bad, 'no-index.mp4'),
      join(bad, 'unknown-codec.avi'),
      join(bad, 'zero-frames.mp4'),
      clip,
      '-o',
      outDir,
      ...model,
    ]);
    expect(r.code).toBe(1);
    const lines = r.stderr.split('\n');
    const errorFor = (name: string) => lines.find((l) => l.includes('error:') && l.includes(name));
    expect(errorFor('audio-only.mp4')).toMatch(/no video stream \(audio only\)/);
    expect(errorFor('truncated.mp4')).toMatch(/damaged or truncated/);
    expect(errorFor('no-index.mp4')).toMatch(/not a video ffmpeg can read/);
    expect(errorFor('unknown-codec.avi')).toMatch(/FourCC QQQQ.*not one ffmpeg can decode/);
    expect(errorFor('zero-frames.mp4')).toMatch(/no frames/);
    expect(r.stderr).toMatch(/6 inputs: 1 done, 0 skipped, 5 failed/);
    expect(readdirSync(outDir)).toEqual(['clip.mp4']); // nothing partial beside the one good result
  });

  it('odd sizes for 4:2:0 are written one pixel larger and said; variable frame rate is said', () => {
    const odd = join(bad, 'odd.mp4');
    makeClip(odd, { width: 853, height: 480, frames: 3, pixFmt: 'yuv444p' });
    const r = tinct(['colorize', odd, '-o', join(dir, 'odd-colour.mp4'), ...model]);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/853×480 is odd.*854×480/);
    expect(probe(join(dir, 'odd-colour.mp4')).streams[0].width).toBe(854);

    const vfr = join(bad, 'vfr.mp4');
    ffmpeg([
      '-f',
      'lavfi',
      '-i',
      'testsrc2=size=96x64:rate=24',
      '-frames:v',
      '36',
      '-vf',
      "select='lt(mod(n,6),3)',format=gray",
      '-vsync',
      'vfr',
      '-c:v',
      'libx264',
      vfr,
    ]);
    const v = tinct(['colorize', vfr, '-o', join(dir, 'vfr-colour.mp4'), ...model]);
    expect(v.code).toBe(0);
    expect(v.stderr).toMatch(/variable frame rate/);
    expect(probe(join(dir, 'vfr-colour.mp4')).streams[0].nb_read_frames).toBe('36');
  });

  it('a clip that asks to be shown turned comes out upright (its frames as a player shows them)', () => {
    const flat = join(bad, 'flat.mp4'),
      turned = join(bad, 'turned.mp4');
    makeClip(flat, { width: 96, height: 64, frames: 4 });
    ffmpeg(['-i', flat, '-c', 'copy', '-metadata:s:v:0', 'rotate=90', turned]);
    const r = tinct(['colorize', turned, '-o', join(dir, 'turned-colour.mp4'), ...model]);
    expect(r.code).toBe(0);
    const v = probe(join(dir, 'turned-colour.mp4')).streams[0];
    expect([v.width, v.height]).toEqual([64, 96]);
  });

  it('a 4K clip is coloured at full size', () => {
    const big = join(bad, '4k.mp4');
    makeClip(big, { width: 3840, height: 2160, frames: 2 });
    const r = tinct(['colorize', big, '-o', join(dir, '4k-colour.mp4'), ...model]);
    expect(r.code).toBe(0);
    const v = probe(join(dir, '4k-colour.mp4')).streams[0];
    expect([v.width, v.height, v.nb_read_frames]).toEqual([3840, 2160, '2']);
  }, 180_000);

  it('an output that cannot be written: one line, nothing left', () => {
    const file = join(dir, 'a-file');
    writeFileSync(file, 'x');
    const r = tinct(['colorize', clip, '-o', join(file, 'out.mp4'), ...model]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/out\.mp4.*(not a folder|does not exist)/);
  });

  it('a full disk mid-encode: one line saying so, no partial file', (ctx) => {
    const small = join(dir, 'small-disk');
    mkdirSync(small);
    try {
      execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', small], { stdio: 'ignore' });
    } catch {
      return ctx.skip(); // needs permission to mount a small tmpfs (root in CI)
    }
    try {
      const r = tinct(['colorize', clip, '-o', join(small, 'out.mkv'), '--lossless', ...model]);
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/out\.mkv: cannot write: the disk is full/);
      expect(readdirSync(small)).toEqual([]);
    } finally {
      execFileSync('umount', [small]);
    }
  });

  it('Ctrl+C leaves no partial output', async () => {
    const long = join(bad, 'long.mp4');
    makeClip(long, { frames: 400, width: 160, height: 120 });
    const out = join(dir, 'cancel');
    mkdirSync(out);
    const child = spawn(process.execPath, [
      join(ROOT, 'bin', 'tinct.js'),
      'colorize',
      long,
      '-o',
      join(out, 'x.mp4'),
      ...model,
    ]);
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    // Interrupt once frames are being written.
    await new Promise<void>((resolve) => {
      const t = setInterval(() => {
        if (readdirSync(out).length > 0 || /frame \d+/.test(stderr)) {
          clearInterval(t);
          resolve();
        }
      }, 100);
    });
    child.kill('SIGINT');
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(code).not.toBe(0);
    expect(stderr).toMatch(/cancelled/);
    expect(leftovers(out, [])).toEqual([]);
  }, 120_000);
});
