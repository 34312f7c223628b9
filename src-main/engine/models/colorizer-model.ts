/**
 * The colour network: an ONNX model of the contract in DESIGN.md, validated against its manifest
 * on load. It turns a working-size L into per-pixel logits over the manifest's ab bins.
 */
import { TinctError } from '../errors.js';
import { readManifest, type ModelManifest } from './manifest.js';
import { checkIo, openSession, runOnL, type Device, type LoadedSession } from './onnx-session.js';
import { crop, padEdge } from '../upsample/resample.js';

/** Logits at the network's output resolution, channel-planar: data[q * w * h + y * w + x]. */
export interface Logits {
  data: Float32Array;
  Q: number;
  width: number;
  height: number;
  /** Input pixels per output pixel. */
  stride: number;
}

export class Colorizer {
  /** Bin centres interleaved [a0, b0, a1, b1, …]. */
  readonly bins: Float32Array;
  readonly Q: number;

  private constructor(
    readonly path: string,
    readonly manifest: ModelManifest,
    private readonly loaded: LoadedSession,
  ) {
    const bins = manifest.bins ?? [];
    this.Q = bins.length;
    this.bins = Float32Array.from(bins.flat());
  }

  get device(): Device {
    return this.loaded.device;
  }
  get notice(): string | undefined {
    return this.loaded.notice;
  }
  get defaultTemperature(): number {
    return this.manifest.temperature ?? 0.38;
  }

  static async load(onnxPath: string, device: Device = 'cpu'): Promise<Colorizer> {
    const manifest = await readManifest(onnxPath, 'colorizer');
    const loaded = await openSession(onnxPath, device);
    checkIo(onnxPath, loaded.session, manifest);
    const model = new Colorizer(onnxPath, manifest, loaded);
    await model.selfCheck();
    return model;
  }

  /** One small run proves the output has Q channels at the manifest's stride. */
  private async selfCheck(): Promise<void> {
    const size = this.manifest.multipleOf * 2;
    let dims: readonly number[];
    try {
      ({ dims } = await runOnL(this.loaded.session, this.manifest, new Float32Array(size * size).fill(50), size, size));
    } catch (err) {
      throw new TinctError(this.path, `model does not run on a 1×1×${size}×${size} input (${String(err).split('\n')[0]})`);
    }
    const s = this.manifest.output.stride;
    const want = [1, this.Q, size / s, size / s];
    if (dims.length !== 4 || dims.some((d, i) => d !== want[i])) {
      throw new TinctError(this.path, `output "${this.manifest.output.name}" has shape [${dims.join(',')}], the manifest implies [${want.join(',')}] (${this.Q} bins, stride ${s})`);
    }
  }

  /** Runs the network on L (width×height, any size); pads to the model's multiple and crops back. */
  async logits(L: Float32Array, width: number, height: number): Promise<Logits> {
    const m = this.manifest.multipleOf;
    const s = this.manifest.output.stride;
    const W = Math.ceil(width / m) * m, H = Math.ceil(height / m) * m;
    const { data } = await runOnL(this.loaded.session, this.manifest, padEdge(L, width, height, W, H), W, H);
    const w = W / s, h = H / s;
    const ow = Math.ceil(width / s), oh = Math.ceil(height / s);
    if (ow === w && oh === h) return { data, Q: this.Q, width: w, height: h, stride: s };
    const out = new Float32Array(this.Q * ow * oh);
    for (let q = 0; q < this.Q; q++) {
      out.set(crop(data.subarray(q * w * h, (q + 1) * w * h), w, ow, oh), q * ow * oh);
    }
    return { data: out, Q: this.Q, width: ow, height: oh, stride: s };
  }

  async release(): Promise<void> {
    await this.loaded.session.release();
  }
}
