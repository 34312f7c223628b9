/**
 * The boundary network: an ONNX model of the segmenter contract (input L [1,1,H,W], output
 * "boundary" [1,1,H,W] in [0,1], stride 1), validated against its manifest on load. It turns a
 * working-size L into the per-pixel probability that a human would draw a boundary there.
 */
import { TinctError } from '../errors.js';
import { readManifest, type ModelManifest } from './manifest.js';
import { checkIo, openSession, runOnL, type Device, type LoadedSession } from './onnx-session.js';
import { crop, padEdge } from '../upsample/resample.js';

export class Segmenter {
  private constructor(
    readonly path: string,
    readonly manifest: ModelManifest,
    private readonly loaded: LoadedSession,
  ) {}

  get device(): Device {
    return this.loaded.device;
  }
  get notice(): string | undefined {
    return this.loaded.notice;
  }

  static async load(onnxPath: string, device: Device = 'cpu'): Promise<Segmenter> {
    const manifest = await readManifest(onnxPath, 'segmenter');
    if (manifest.output.stride !== 1) {
      throw new TinctError(
        onnxPath,
        `segmenter output stride must be 1 (the boundary map is per pixel), the manifest says ` +
          `${manifest.output.stride}`,
      );
    }
    const loaded = await openSession(onnxPath, device);
    checkIo(onnxPath, loaded.session, manifest);
    const model = new Segmenter(onnxPath, manifest, loaded);
    await model.selfCheck();
    return model;
  }

  /** One small run proves the output is one channel at the input's size, with probabilities. */
  private async selfCheck(): Promise<void> {
    const h = this.manifest.multipleOf * 2,
      w = this.manifest.multipleOf * 3;
    let result;
    try {
      // A ramp rather than a flat field, so a model that only works on constant input is caught.
      const L = new Float32Array(w * h);
      for (let i = 0; i < L.length; i++) L[i] = (100 * (i % w)) / (w - 1);
      result = await runOnL(this.loaded.session, this.manifest, L, w, h);
    } catch (err) {
      throw new TinctError(this.path, `model does not run on a 1×1×${h}×${w} input (${String(err).split('\n')[0]})`);
    }
    const { dims, data } = result;
    const want = [1, 1, h, w];
    if (dims.length !== 4 || dims.some((d, i) => d !== want[i])) {
      throw new TinctError(
        this.path,
        `output "${this.manifest.output.name}" has shape [${dims.join(',')}], a segmenter must ` +
          `give [${want.join(',')}] for a ${h}×${w} input`,
      );
    }
    for (const v of data) {
      if (!(v >= 0 && v <= 1))
        throw new TinctError(
          this.path,
          `output "${this.manifest.output.name}" is not a probability in [0,1] (found ${v}); ` +
            `the sigmoid belongs inside the model`,
        );
    }
  }

  /** Boundary probability per pixel of L (width×height, any size); pads to the model's multiple and crops back. */
  async boundary(L: Float32Array, width: number, height: number): Promise<Float32Array> {
    if (L.length !== width * height)
      throw new TinctError(this.path, `L has ${L.length} values for a ${width}×${height} image`);
    const m = this.manifest.multipleOf;
    const W = Math.ceil(width / m) * m,
      H = Math.ceil(height / m) * m;
    const { data } = await runOnL(this.loaded.session, this.manifest, padEdge(L, width, height, W, H), W, H);
    return crop(data, W, width, height);
  }

  async release(): Promise<void> {
    await this.loaded.session.release();
  }
}
