/**
 * The colour network: Tinct's own model or one a user brings (colorizer-kinds.ts says which kind
 * and how to feed it). It turns a working-size L into per-pixel logits over ab bins; a model that
 * predicts ab or RGB instead has its prediction soft-encoded onto bins (soft-encode.ts), so the
 * rest of the engine sees one layout whatever the model.
 */
import { dirname } from 'node:path';
import * as ort from 'onnxruntime-node';
import { TinctError } from '../errors.js';
import { labToRgb, rgbToLab } from '../colour/lab.js';
import { readColorizerManifest, type ColorizerManifest } from './colorizer-manifest.js';
import { givesAlternatives, resolveColorizer, type ColorizerSpec } from './colorizer-kinds.js';
import { openSession, type Device, type LoadedSession } from './onnx-session.js';
import { softEncode } from './soft-encode.js';
import { crop, padEdge, resizeArea, resizeBilinear } from '../upsample/resample.js';
import { DEFAULT_COLORIZER } from '../version.js';

/** Logits at the network's output resolution, channel-planar: data[q * w * h + y * w + x]. */
export interface Logits {
  data: Float32Array;
  Q: number;
  width: number;
  height: number;
  /** Input pixels per output pixel. */
  stride: number;
}

/** The grid a one-colour-per-pixel prediction is encoded at: as fine as Tinct's own model's. */
const SOFT_STRIDE = 4;

export interface ColorizerLoadOptions {
  /** Folders to find data files (bins) in; models/ of the package is always tried last. */
  dataDirs?: string[];
  /** False: skip the run that checks the output (listing models; using one checks it). */
  selfCheck?: boolean;
}

export class Colorizer {
  /** Bin centres interleaved [a0, b0, a1, b1, …]. */
  readonly bins: Float32Array;
  readonly Q: number;
  /** Milliseconds of the last logits(): the network itself, and Tinct's reading of its output (for eval:byo). */
  lastTimes = { run: 0, read: 0 };

  private constructor(
    readonly path: string,
    readonly spec: ColorizerSpec,
    /** The manifest beside the model as written, or null when the graph alone described it. */
    readonly manifest: ColorizerManifest | null,
    private readonly loaded: LoadedSession,
  ) {
    this.Q = spec.bins.length;
    this.bins = Float32Array.from(spec.bins.flat());
  }

  get device(): Device {
    return this.loaded.device;
  }
  get notice(): string | undefined {
    return this.loaded.notice;
  }
  get defaultTemperature(): number {
    return this.spec.temperature;
  }
  /** False for ab and RGB models: a region's swatches are then only the one colour they predict. */
  get alternatives(): boolean {
    return givesAlternatives(this.spec.kind);
  }

  static async load(onnxPath: string, device: Device = 'cpu', opts: ColorizerLoadOptions = {}): Promise<Colorizer> {
    const manifest = await readColorizerManifest(onnxPath);
    const loaded = await openSession(onnxPath, device);
    try {
      const dataDirs = [...(opts.dataDirs ?? []), dirname(DEFAULT_COLORIZER)];
      const spec = await resolveColorizer(
        onnxPath,
        loaded.session,
        manifest,
        (s) => runModel(loaded.session, s, probeInput(s), ...probeSize(s)).then((r) => r.dims),
        dataDirs,
      );
      const model = new Colorizer(onnxPath, spec, manifest, loaded);
      if (opts.selfCheck !== false) await model.selfCheck(manifest?.output?.stride);
      return model;
    } catch (err) {
      await loaded.session.release().catch(() => undefined);
      throw err;
    }
  }

  /** One small run proves the output has the channels (and, when a manifest says, the stride) expected. */
  private async selfCheck(stride: number | undefined): Promise<void> {
    const [W, H] = probeSize(this.spec);
    let dims: readonly number[];
    try {
      ({ dims } = await runModel(this.loaded.session, this.spec, probeInput(this.spec), W, H));
    } catch (err) {
      throw new TinctError(
        this.path,
        `model does not run on a 1×${this.spec.input.channels}×${H}×${W} input (${String(err).split('\n')[0]})`,
      );
    }
    const C = this.spec.output.channels;
    const s = stride ?? Math.max(1, Math.round(W / (dims[3] ?? W)));
    const want = this.spec.input.size ? [1, C, dims[2], dims[3]] : [1, C, H / s, W / s];
    if (dims.length !== 4 || dims.some((d, i) => d !== want[i])) {
      const what = this.spec.kind === 'distributions' ? `${C} bins, stride ${s}` : `${C} channels, stride ${s}`;
      throw new TinctError(
        this.path,
        `output "${this.spec.output.name}" has shape [${dims.join(',')}], expected [${want.join(',')}] (${what})`,
      );
    }
  }

  /** Runs the network on L (width×height, any size) and gives logits covering exactly that image. */
  async logits(L: Float32Array, width: number, height: number): Promise<Logits> {
    const spec = this.spec;
    const m = spec.multipleOf;
    // A fixed-size model sees the photo resized to its size (as DDColor's own pipeline does); any
    // other is padded to its multiple and its output cropped back.
    const [W, H] = spec.input.size ?? [Math.ceil(width / m) * m, Math.ceil(height / m) * m];
    const x = spec.input.size ? resizePlane(L, width, height, W, H) : padEdge(L, width, height, W, H);
    const t0 = performance.now();
    const { data, dims } = await runModel(this.loaded.session, spec, x, W, H);
    const t1 = performance.now();
    const done = <T>(v: T): T => {
      this.lastTimes = { run: t1 - t0, read: performance.now() - t1 };
      return v;
    };
    const [C, oh, ow] = [dims[1], dims[2], dims[3]];
    if (dims.length !== 4 || C !== spec.output.channels) {
      throw new TinctError(
        this.path,
        `output "${spec.output.name}" has shape [${dims.join(',')}] for a ${W}×${H} input`,
      );
    }
    // The output pixels that cover the photo (all of them for a fixed-size model).
    const vw = spec.input.size ? ow : Math.min(ow, Math.ceil((width * ow) / W));
    const vh = spec.input.size ? oh : Math.min(oh, Math.ceil((height * oh) / H));
    const plane = (c: number) => crop(data.subarray(c * ow * oh, (c + 1) * ow * oh), ow, vw, vh);

    if (spec.kind === 'distributions') {
      const s = Math.max(1, Math.round(W / ow));
      const gw = spec.input.size ? Math.ceil(width / s) : vw;
      const gh = spec.input.size ? Math.ceil(height / s) : vh;
      const out = new Float32Array(C * gw * gh);
      for (let q = 0; q < C; q++) out.set(resizePlane(plane(q), vw, vh, gw, gh), q * gw * gh);
      return done({ data: out, Q: C, width: gw, height: gh, stride: s });
    }
    let a: Float32Array, b: Float32Array;
    if (spec.kind === 'ab') {
      a = plane(0);
      b = plane(1);
    } else {
      const rgb = [plane(0), plane(1), plane(2)];
      const d = spec.output.denormalization;
      if (d) rgb.forEach((p, c) => p.forEach((v, i) => (p[i] = v * d.std[c] + d.mean[c])));
      [a, b] = rgbToAb(rgb[0], rgb[1], rgb[2], spec.output.range);
    }
    const gw = Math.ceil(width / SOFT_STRIDE),
      gh = Math.ceil(height / SOFT_STRIDE);
    a = resizePlane(a, vw, vh, gw, gh);
    b = resizePlane(b, vw, vh, gw, gh);
    return done({
      data: softEncode(a, b, spec.bins, spec.sigma),
      Q: this.Q,
      width: gw,
      height: gh,
      stride: SOFT_STRIDE,
    });
  }

  /** What a project records about the model it was made with. */
  get record(): { path: string; name: string; version: string; kind: ColorizerSpec['kind'] } {
    return { path: this.path, name: this.spec.name, version: this.spec.version, kind: this.spec.kind };
  }

  async release(): Promise<void> {
    await this.loaded.session.release();
  }
}

/** Area average down, bilinear up. */
function resizePlane(src: Float32Array, w: number, h: number, W: number, H: number): Float32Array {
  if (W === w && H === h) return src;
  return W <= w && H <= h ? resizeArea(src, w, h, W, H) : resizeBilinear(src, w, h, W, H);
}

function probeSize(spec: ColorizerSpec): [number, number] {
  return spec.input.size ?? [spec.multipleOf * 2, spec.multipleOf * 2];
}

function probeInput(spec: ColorizerSpec): Float32Array {
  const [W, H] = probeSize(spec);
  // Mid grey with a little texture: a constant photo can hide a model that ignores its input.
  const L = new Float32Array(W * H);
  for (let i = 0; i < L.length; i++) L[i] = 50 + 10 * Math.sin(i * 0.37);
  return L;
}

/** Feeds L as the spec says: L normalised, or the grey photo as sRGB (R = G = B) normalised. */
async function runModel(
  session: ort.InferenceSession,
  spec: ColorizerSpec,
  L: Float32Array,
  width: number,
  height: number,
): Promise<{ data: Float32Array; dims: readonly number[] }> {
  const { mean, std } = spec.input.normalization;
  const n = width * height;
  const x = new Float32Array(n * spec.input.channels);
  if (spec.input.channels === 1) {
    for (let i = 0; i < n; i++) x[i] = (L[i] - mean[0]) / std[0];
  } else {
    for (let i = 0; i < n; i++) {
      const v = labToRgb(Math.min(100, Math.max(0, L[i])), 0, 0)[0];
      for (let c = 0; c < 3; c++) x[c * n + i] = (v - mean[c]) / std[c];
    }
  }
  const shape = [1, spec.input.channels, height, width];
  const out = await session.run({ [spec.input.name]: new ort.Tensor('float32', x, shape) });
  const t = out[spec.output.name];
  return { data: t.data as Float32Array, dims: t.dims };
}

/** An RGB prediction (white = range) → its a and b; its L is dropped for the photo's own. */
function rgbToAb(r: Float32Array, g: Float32Array, bl: Float32Array, range: number): [Float32Array, Float32Array] {
  const a = new Float32Array(r.length),
    b = new Float32Array(r.length);
  const c = (v: number) => Math.min(1, Math.max(0, v / range));
  for (let i = 0; i < r.length; i++) {
    const lab = rgbToLab(c(r[i]), c(g[i]), c(bl[i]));
    a[i] = lab[1];
    b[i] = lab[2];
  }
  return [a, b];
}
