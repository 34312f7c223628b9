/**
 * ONNX Runtime sessions with the execution provider the user asked for. CPU uses every core;
 * CUDA, DirectML or CoreML are tried when asked and fall back to CPU with a one-line notice,
 * because a photo editor should still work on a machine whose GPU runtime is missing.
 */
import { availableParallelism } from 'node:os';
import { stat } from 'node:fs/promises';
import * as ort from 'onnxruntime-node';
import { TinctError, oneLine } from '../errors.js';
import type { ModelManifest } from './manifest.js';

// ORT's own log lines would reach the user's terminal; failures reach us as exceptions instead
// and are reported as one line each.
ort.env.logLevel = 'fatal';

export const DEVICES = ['cpu', 'cuda', 'dml', 'coreml'] as const;
export type Device = (typeof DEVICES)[number];

export interface LoadedSession {
  session: ort.InferenceSession;
  /** The provider actually in use. */
  device: Device;
  /** Set when the requested provider could not be used. */
  notice?: string;
}

export async function openSession(onnxPath: string, device: Device = 'cpu'): Promise<LoadedSession> {
  const info = await stat(onnxPath).catch(() => undefined);
  if (!info) throw new TinctError(onnxPath, 'model file not found');
  // ORT reports a folder as "Protobuf parsing failed", which sends people looking for a broken file.
  if (info.isDirectory()) throw new TinctError(onnxPath, 'is a folder: name the .onnx file in it');
  const base: ort.InferenceSession.SessionOptions = {
    intraOpNumThreads: availableParallelism(),
    interOpNumThreads: 1,
    graphOptimizationLevel: 'all',
    // Memory patterns only pay off for a fixed input shape, and photos come in every size. With
    // them on, a session's first two runs were slow (1.2 s each for the segmenter at 1 MP, then
    // 0.23 s); off, only the first is (its memory arena grows), and later runs are as fast.
    enableMemPattern: false,
    // A model stored with int8 weights (models/train/colorizer/quantize.py: DequantizeLinear in
    // front of float layers) would keep dequantising at every run and lose the weight packing of
    // the float kernels (1.4-5x slower, measured at 256 x 192); with ORT's QDQ handling off, the
    // dequantisation is folded into float weights when the session opens and it runs as fast as
    // the float file. Tinct's models quantise weights only, so nothing else changes.
    extra: { session: { disable_quant_qdq: '1' } },
  };
  if (device !== 'cpu') {
    try {
      const session = await ort.InferenceSession.create(onnxPath, {
        ...base,
        logSeverityLevel: 4,
        executionProviders: [device],
      });
      return { session, device };
    } catch (err) {
      const notice = `${device} is not available (${oneLine(err).slice(0, 120)}); using the CPU`;
      return { ...(await openCpu(onnxPath, base)), notice };
    }
  }
  return openCpu(onnxPath, base);
}

async function openCpu(onnxPath: string, base: ort.InferenceSession.SessionOptions): Promise<LoadedSession> {
  try {
    const session = await ort.InferenceSession.create(onnxPath, { ...base, executionProviders: ['cpu'] });
    return { session, device: 'cpu' };
  } catch (err) {
    throw new TinctError(onnxPath, `not a valid ONNX model (${oneLine(err).slice(0, 160)})`, { cause: err });
  }
}

export function checkIo(onnxPath: string, session: ort.InferenceSession, m: ModelManifest): void {
  if (!session.inputNames.includes(m.input.name)) {
    throw new TinctError(
      onnxPath,
      `model has no input "${m.input.name}" named in its manifest (it has ${session.inputNames.join(', ')})`,
    );
  }
  if (!session.outputNames.includes(m.output.name)) {
    throw new TinctError(
      onnxPath,
      `model has no output "${m.output.name}" named in its manifest (it has ${session.outputNames.join(', ')})`,
    );
  }
}

/** Normalises L as the manifest says and runs the network on a [1,1,H,W] input. */
export async function runOnL(
  session: ort.InferenceSession,
  m: ModelManifest,
  L: Float32Array,
  width: number,
  height: number,
): Promise<{ data: Float32Array; dims: readonly number[] }> {
  const { mean, std } = m.input.normalization;
  const x = new Float32Array(L.length);
  for (let i = 0; i < L.length; i++) x[i] = (L[i] - mean) / std;
  const feeds = { [m.input.name]: new ort.Tensor('float32', x, [1, 1, height, width]) };
  const out = await session.run(feeds);
  const t = out[m.output.name];
  return { data: t.data as Float32Array, dims: t.dims };
}
