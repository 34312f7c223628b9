/**
 * Which kind of colorizer an ONNX graph is, from its inputs and outputs, with a manifest's word
 * winning over the guess. The kinds (README "Bring your own model"):
 *   distributions  1-channel L in, Q logits out at 1/s (Tinct's own; Zhang et al.'s with Q = 313)
 *   ab             L or grey RGB in, a and b in Lab units out (DDColor, the PyTorch ECCV16 port)
 *   rgb            grey RGB in, RGB out (DeOldify-style exports)
 * A graph that fits none is refused with one line naming what it has and what was expected.
 */
import { readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import type * as ort from 'onnxruntime-node';
import { TinctError } from '../errors.js';
import { PACKAGE_ROOT } from '../version.js';
import type { ColorizerKind, ColorizerManifest } from './colorizer-manifest.js';

/** Everything the engine needs to run a colorizer, whether a manifest said it or the graph did. */
export interface ColorizerSpec {
  kind: ColorizerKind;
  name: string;
  version: string;
  /** Where the description came from. */
  source: 'manifest' | 'graph' | 'manifest + graph';
  input: {
    name: string;
    channels: 1 | 3;
    /** Per input channel: x = (v − mean[c]) / std[c]. */
    normalization: PerChannel;
    /** A fixed [width, height], or null when the graph takes any size. */
    size: [number, number] | null;
  };
  /** `denormalization` (RGB outputs): v · std[c] + mean[c], before dividing by `range`. */
  output: { name: string; channels: number; range: number; denormalization: PerChannel | null };
  /** Input sides are padded to a multiple of this (dynamic inputs only). */
  multipleOf: number;
  /** Long side of the network's working image. */
  inputSize: number;
  temperature: number;
  /** Bin centres: the model's own (distributions) or those its ab is soft-encoded onto. */
  bins: [number, number][];
  /** σ of the soft-encoding (ab and rgb kinds). */
  sigma: number;
  license?: string;
}

export interface PerChannel {
  mean: number[];
  std: number[];
}

type Norm = { mean: number | number[]; std: number | number[] };

/** A manifest's normalisation for `channels` channels (a single number applies to each). */
function perChannel(n: Norm, channels: number, what: string, path: string): PerChannel {
  const expand = (v: number | number[], name: string) => {
    const a = typeof v === 'number' ? [v] : v;
    if (a.length === 1) return Array(channels).fill(a[0]) as number[];
    if (a.length !== channels) {
      throw new TinctError(path, `the manifest's ${what}.${name} has ${a.length} values for ${channels} channels`);
    }
    return a;
  };
  return { mean: expand(n.mean, 'mean'), std: expand(n.std, 'std') };
}

/** Zhang et al.'s soft-encoding used σ = 5 (ECCV 2016, §3.1); a mode a bin wide is what we want too. */
export const DEFAULT_SIGMA = 5;
/** Soft-encoded distributions are decoded at T = 1: their annealed mean is then the predicted ab. */
const SOFT_TEMPERATURE = 1;
const ZHANG_Q = 313;

/** The data files (bins) live in models/: beside Tinct's own colorizer. */
function readBins(file: string, dataDirs: string[]): [number, number][] | null {
  for (const dir of [...dataDirs, join(PACKAGE_ROOT, 'models')]) {
    try {
      const json = JSON.parse(readFileSync(join(dir, file), 'utf8'));
      const bins = Array.isArray(json) ? json : json.bins;
      if (Array.isArray(bins) && bins.length >= 2) return bins as [number, number][];
    } catch {
      // try the next folder
    }
  }
  return null;
}

export function zhangBins(dataDirs: string[] = []): [number, number][] {
  const bins = readBins('zhang2016-bins-313.json', dataDirs);
  if (!bins || bins.length !== ZHANG_Q)
    throw new TinctError('zhang2016-bins-313.json', 'the 313 bins of Zhang et al. are missing from models/');
  return bins;
}

/** Tinct's own bins (from its shipped manifest), else the 313: what an ab prediction is encoded onto. */
function softBins(dataDirs: string[]): [number, number][] {
  return readBins('colorizer.json', dataDirs) ?? zhangBins(dataDirs);
}

type Shape = readonly (number | string)[];

function shapeOf(meta: ort.InferenceSession.ValueMetadata | undefined): Shape | null {
  return meta && meta.isTensor ? meta.shape : null;
}

function describe(names: readonly string[], metas: readonly ort.InferenceSession.ValueMetadata[]): string {
  return names.map((n, i) => `"${n}" [${shapeOf(metas[i])?.join(',') ?? '?'}]`).join(', ');
}

const EXPECTED =
  'Tinct expected one input [1,1,H,W] (L) or [1,3,H,W] (grey RGB) and an output [1,C,h,w] with ' +
  'C = 2 (ab), 3 (RGB) or 313 (Zhang et al.), or a manifest with bins for C';

/**
 * Reads the spec from the graph and the manifest. `probe` runs the model once on a small input
 * and gives the output's shape, for graphs whose output channels are not in their metadata.
 */
export async function resolveColorizer(
  path: string,
  session: ort.InferenceSession,
  manifest: ColorizerManifest | null,
  probe: (spec: ColorizerSpec) => Promise<readonly number[]>,
  dataDirs: string[] = [],
): Promise<ColorizerSpec> {
  const refuse = (why: string) =>
    new TinctError(
      path,
      `${why}: it has input ${describe(session.inputNames, session.inputMetadata)} and output ` +
        `${describe(session.outputNames, session.outputMetadata)}; ${EXPECTED}`,
    );
  const m = manifest ?? null;
  if (session.inputNames.length !== 1) throw refuse(`fits no colorizer kind (${session.inputNames.length} inputs)`);
  const inputName = m?.input?.name ?? session.inputNames[0];
  if (!session.inputNames.includes(inputName)) {
    throw new TinctError(
      path,
      `model has no input "${inputName}" named in its manifest (it has ${session.inputNames.join(', ')})`,
    );
  }
  const outputName = m?.output?.name ?? session.outputNames[0];
  if (!session.outputNames.includes(outputName)) {
    throw new TinctError(
      path,
      `model has no output "${outputName}" named in its manifest (it has ${session.outputNames.join(', ')})`,
    );
  }
  const inShape = shapeOf(session.inputMetadata[session.inputNames.indexOf(inputName)]);
  if (inShape && inShape.length !== 4) throw refuse(`fits no colorizer kind (its input is ${inShape.length}-D)`);
  const inC = m?.input?.channels ?? (typeof inShape?.[1] === 'number' ? inShape[1] : 1);
  if (inC !== 1 && inC !== 3) throw refuse(`fits no colorizer kind (its input has ${inC} channels)`);
  const fixed =
    m?.input?.size ??
    (inShape && typeof inShape[2] === 'number' && typeof inShape[3] === 'number' && inShape[2] > 0 && inShape[3] > 0
      ? ([inShape[3], inShape[2]] as [number, number])
      : null);

  const spec: ColorizerSpec = {
    kind: 'distributions',
    name: m?.name ?? basename(path).replace(/\.onnx$/i, ''),
    version: m?.version ?? '',
    source: m ? 'manifest + graph' : 'graph',
    input: {
      name: inputName,
      channels: inC,
      normalization: perChannel(m?.input?.normalization ?? { mean: 0, std: 1 }, inC, 'input.normalization', path),
      size: fixed,
    },
    output: { name: outputName, channels: 0, range: m?.output?.range ?? 1, denormalization: null },
    multipleOf: m?.multipleOf ?? 32,
    inputSize: m?.inputSize ?? (fixed ? Math.max(...fixed) : 256),
    temperature: m?.temperature ?? 0.38,
    bins: [],
    sigma: m?.sigma ?? DEFAULT_SIGMA,
    license: m?.license,
  };
  const outShape = shapeOf(session.outputMetadata[session.outputNames.indexOf(outputName)]);
  let outC = typeof outShape?.[1] === 'number' ? outShape[1] : NaN;
  if (!(outC > 0)) {
    let dims: readonly number[];
    try {
      dims = await probe(spec);
    } catch (err) {
      throw refuse(`does not run (${String(err).split('\n')[0].slice(0, 120)})`);
    }
    if (dims.length !== 4) throw refuse(`fits no colorizer kind (its output is ${dims.length}-D)`);
    outC = dims[1];
  }
  spec.output.channels = outC;

  // A manifest with bins means distributions over them; otherwise the channel count says.
  const kind: ColorizerKind | null =
    m?.colorizerKind ??
    (m?.bins ? 'distributions' : outC === 2 ? 'ab' : outC === 3 ? 'rgb' : outC === ZHANG_Q ? 'distributions' : null);
  if (!kind) throw refuse(`fits no colorizer kind (${outC} output channels)`);
  spec.kind = kind;
  if (kind === 'distributions') {
    if (inC !== 1) throw refuse('a distributions model takes L (1 channel)');
    const bins = m?.bins ?? (outC === ZHANG_Q ? zhangBins(dataDirs) : null);
    if (!bins) throw refuse(`has ${outC} output channels but its manifest gives no bins`);
    if (bins.length !== outC) throw refuse(`has ${outC} output channels but its manifest gives ${bins.length} bins`);
    spec.bins = bins;
    if (!m?.bins) {
      // Zhang et al.'s Caffe model reads data_l = L − 50 (mean 50, std 1), and its class8_313_rh
      // is conv8_313 × 2.606 = the annealing at T = 0.38 already done: decode at T = 1.
      if (!m?.input?.normalization) spec.input.normalization = { mean: [50], std: [1] };
      if (m?.temperature === undefined) spec.temperature = 1;
    } else if (!m.input?.normalization) spec.input.normalization = { mean: [50], std: [50] };
  } else {
    if (kind === 'ab' && outC !== 2) throw refuse(`an ab model needs 2 output channels, not ${outC}`);
    if (kind === 'rgb' && outC !== 3) throw refuse(`an RGB model needs 3 output channels, not ${outC}`);
    spec.bins = m?.bins ?? softBins(dataDirs);
    if (m?.output?.normalization) {
      if (kind !== 'rgb') throw new TinctError(path, 'output.normalization is for RGB outputs only');
      spec.output.denormalization = perChannel(m.output.normalization, 3, 'output.normalization', path);
    }
    if (m?.temperature === undefined) spec.temperature = SOFT_TEMPERATURE;
  }
  if (m?.input?.name && m.input.normalization && m.output?.name) spec.source = 'manifest';
  return spec;
}

/** Does this kind give alternatives (several modes per region), or only the one colour it predicts? */
export function givesAlternatives(kind: ColorizerKind): boolean {
  return kind === 'distributions';
}
