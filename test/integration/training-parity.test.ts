/**
 * The training recipes end to end, small: a 2-step smoke run of each model on tiny images, its
 * export to ONNX + manifest, loading it in the engine (which validates it against its manifest),
 * and parity: onnxruntime-node and PyTorch give the same output on the same input.
 * Needs Debian's python3-torch (`.ci/run` installs it); skips with a message where it is missing.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Colorizer } from '../../src-main/engine/models/colorizer-model.js';
import { rgbToLab } from '../../src-main/engine/colour/lab.js';
import { Segmenter } from '../../src-main/engine/models/segmenter-model.js';
import { ROOT, tempDir } from '../helpers/paths.js';

const PYTHON = process.env.TINCT_PYTHON ?? '/usr/bin/python3';
const hasTorch = existsSync(PYTHON) && spawnSync(PYTHON, ['-c', 'import torch'], { timeout: 60_000 }).status === 0;
if (!hasTorch) console.warn(`training tests skipped: ${PYTHON} has no torch (apt-get install python3-torch)`);

/** Residual blocks the shipped colorizer has beyond the base network (its manifest says; 2.2.0: 1). */
const SHIPPED_DEPTH: number =
  JSON.parse(readFileSync(join(ROOT, 'models', 'colorizer.json'), 'utf8')).training?.extraBlocks ?? 0;

function py(args: string[]): string {
  const r = spawnSync(PYTHON, args, { cwd: ROOT, encoding: 'utf8', timeout: 120_000, maxBuffer: 64 << 20 });
  if (r.status !== 0) throw new Error(`${args[0]} failed: ${r.stderr.split('\n').slice(-5).join(' ')}`);
  return r.stdout;
}

describe.skipIf(!hasTorch)('colorizer recipe', () => {
  it('a 2-step smoke run exports a model the engine loads, and ONNX matches PyTorch', async () => {
    const dir = tempDir('tinct-train-');
    const t0 = performance.now();
    py(['models/train/colorizer/train.py', '--smoke', '--runs-dir', dir]);
    const ckpt = join(dir, 'colorizer-smoke', 'last.pt');
    const onnx = join(dir, 'colorizer.onnx');
    py(['models/train/colorizer/export.py', '--ckpt', ckpt, '--out', onnx, '--no-verify']);
    expect(performance.now() - t0).toBeLessThan(60_000);
    const model = await Colorizer.load(onnx); // validates the manifest against the graph
    const ref = JSON.parse(py(['models/train/colorizer/parity.py', '--ckpt', ckpt, '--onnx-dir', dir]));
    // The engine's own path: normalisation from the manifest, the network, no padding (multiples of 16).
    const { data, width, height } = await model.logits(Float32Array.from(ref.L as number[]), ref.W, ref.H);
    expect([width, height]).toEqual([ref.W / 4, ref.H / 4]);
    let maxDiff = 0;
    (ref.logits as number[]).forEach((v, i) => {
      maxDiff = Math.max(maxDiff, Math.abs(v - data[i]));
    });
    console.log(`colorizer parity: max |ORT - torch| = ${maxDiff.toExponential(2)} over ${data.length} logits`);
    expect(maxDiff).toBeLessThan(1e-3);
    await model.release();
  }, 180_000);
});

const hasOnnx = hasTorch && spawnSync(PYTHON, ['-c', 'import onnx'], { timeout: 60_000 }).status === 0;
if (hasTorch && !hasOnnx)
  console.warn(`--init round trip skipped: ${PYTHON} has no onnx (apt-get install python3-onnx)`);

describe.skipIf(!hasOnnx)('training continues from what shipped (train.py --init models/colorizer.onnx)', () => {
  it('the shipped ONNX read back into PyTorch gives the logits the engine computes', async () => {
    const model = await Colorizer.load(join(ROOT, 'models', 'colorizer.onnx'));
    const ref = JSON.parse(
      py(['models/train/colorizer/parity.py', '--ckpt', 'models/colorizer.onnx', '--onnx-dir', 'models']),
    );
    const { data } = await model.logits(Float32Array.from(ref.L as number[]), ref.W, ref.H);
    let maxDiff = 0,
      spread = 0;
    (ref.logits as number[]).forEach((v, i) => {
      maxDiff = Math.max(maxDiff, Math.abs(v - data[i]));
      spread = Math.max(spread, Math.abs(v));
    });
    console.log(
      `--init round trip: max |ORT(shipped) - torch(read back)| = ${maxDiff.toExponential(2)}, ` +
        `logits up to ${spread.toFixed(1)}`,
    );
    expect(spread).toBeGreaterThan(1); // real logits, not zeros
    expect(maxDiff).toBeLessThan(1e-3);
    await model.release();
  }, 120_000);

  it('BatchNorm calibration keeps the eval logits and makes train mode start from them', () => {
    // Batches cut from the three sample photos (resources/samples) as training cuts them.
    const script = [
      'import sys, copy, json, glob, numpy as np, torch',
      "sys.path[:0] = ['models/train/colorizer', 'models/train']",
      'from PIL import Image',
      'from model import Colorizer',
      'from onnx_weights import load_onnx_into',
      'from bn_calibrate import calibrate',
      'from data import make_batch',
      'from train import normalise_L',
      'torch.set_num_threads(1)',
      "photos = [np.asarray(Image.open(f).convert('RGB')) for f in sorted(glob.glob('resources/samples/*.png'))]",
      'rng = np.random.default_rng(0)',
      'batch = lambda: normalise_L(torch.from_numpy(make_batch(photos, 8, 128, rng)[0]))',
      'calib, test = [batch() for _ in range(4)], batch()',
      `m = Colorizer(261, extra_blocks=${SHIPPED_DEPTH})`,
      "load_onnx_into(m, 'models/colorizer.onnx')",
      'def logits(train):',
      '    with torch.no_grad():',
      '        return copy.deepcopy(m).train(train)(test)',
      'e0, t0 = logits(False), logits(True)',
      'n = calibrate(m, calib)',
      'e1, t1 = logits(False), logits(True)',
      "print(json.dumps({'layers': n, 'evalChange': (e1 - e0).abs().max().item(),",
      "                  'before': (t0 - e0).abs().mean().item(), 'after': (t1 - e0).abs().mean().item()}))",
    ].join('\n');
    const out = JSON.parse(py(['-c', script]));
    console.log(
      `BN calibration of ${out.layers} layers: train-mode logits off the shipped ones by ` +
        `${out.before.toFixed(2)} before, ${out.after.toFixed(2)} after (mean |Δ|); eval logits moved ` +
        `${out.evalChange.toExponential(1)}`,
    );
    expect(out.layers).toBeGreaterThan(10);
    expect(out.evalChange).toBeLessThan(1e-3);
    expect(out.before).toBeGreaterThan(1); // measured 2.07: the shock a stage started with
    expect(out.after).toBeLessThan(out.before / 5); // measured 0.13
  }, 60_000);

  it('an ONNX of another width is refused with a reason, not loaded wrongly', () => {
    const script = [
      'import sys',
      "sys.path.insert(0, 'models/train/colorizer')",
      'from model import Colorizer',
      'from onnx_weights import load_onnx_into',
      `load_onnx_into(Colorizer(261, 'concat', 64, extra_blocks=${SHIPPED_DEPTH}), 'models/colorizer.onnx')`,
    ].join('\n');
    const r = spawnSync(PYTHON, ['-c', script], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
    expect(r.status).not.toBe(0);
    expect(r.stderr).toMatch(/models\/colorizer\.onnx: layer \d+ weight \[.*\], the model expects/);
  }, 60_000);

  it('growing the shipped model deeper (--extra-blocks) starts from exactly its logits', () => {
    const script = [
      'import sys, json, torch',
      "sys.path.insert(0, 'models/train/colorizer')",
      'from model import Colorizer',
      'from onnx_weights import load_onnx_into',
      'torch.manual_seed(0)',
      'x = torch.randn(1, 1, 64, 96)',
      `plain, grown = Colorizer(261, extra_blocks=${SHIPPED_DEPTH}), Colorizer(261, extra_blocks=${SHIPPED_DEPTH + 1})`,
      "load_onnx_into(plain, 'models/colorizer.onnx')",
      "new = load_onnx_into(grown, 'models/colorizer.onnx')",
      'with torch.no_grad():',
      '    a, b = plain.eval()(x), grown.eval()(x)',
      "print(json.dumps({'new': new, 'diff': (a - b).abs().max().item(), 'spread': a.abs().max().item()}))",
    ].join('\n');
    const out = JSON.parse(py(['-c', script]));
    expect(out.new).toBe(2); // the block's two convolutions
    expect(out.spread).toBeGreaterThan(1);
    expect(out.diff).toBeLessThan(1e-5);
  }, 60_000);

  it('growing the shipped model wider (widen.py) starts from exactly its logits, and its new weights step 30 × as far', () => {
    const script = [
      'import sys, json, copy, torch',
      "sys.path.insert(0, 'models/train/colorizer')",
      'from model import build, shape_of_manifest',
      'from onnx_weights import load_onnx_into, manifest_of',
      'from widen import widen, BoostNew',
      "shape = shape_of_manifest(manifest_of('models/colorizer.onnx')['training'])",
      'torch.manual_seed(0)',
      'x = torch.randn(2, 1, 64, 96)',
      'plain = build(261, shape)',
      "load_onnx_into(plain, 'models/colorizer.onnx')",
      "wide = build(261, dict(shape, middle_width=(shape['middle_width'] or shape['width']) + 32, decoder=[112, 104, 80]))",
      'masks = widen(plain, wide)',
      'with torch.no_grad():',
      '    a, b = plain.eval()(x), wide.eval()(x)',
      // One Adam step on the same gradients, with and without BoostNew: old weights move alike,
      // new ones 30 times as far.
      'wide.train()',
      'wide(x).square().mean().backward()',
      'steps = []',
      'for boost in (None, 30.0):',
      '    m = copy.deepcopy(wide)  # (a deep copy leaves the gradients behind)',
      '    for p, q in zip(m.parameters(), wide.parameters()): p.grad = q.grad.clone()',
      '    opt = torch.optim.Adam(m.parameters(), lr=1e-4)',
      '    b_ = BoostNew(m, masks, boost) if boost else None',
      '    if b_: b_.before()',
      '    opt.step()',
      '    if b_: b_.after()',
      '    steps.append({n: (p - dict(wide.named_parameters())[n]).detach() for n, p in m.named_parameters()})',
      // (new weights that nothing reads yet get no gradient and do not move: only the moving ones count)
      'moved = {n: mk & (steps[0][n].abs() > 1e-7) for n, mk in masks.items()}',
      'ratio_new = min((steps[1][n] / steps[0][n])[mv].min().item() for n, mv in moved.items() if mv.any())',
      'ratio_max = max((steps[1][n] / steps[0][n])[mv].max().item() for n, mv in moved.items() if mv.any())',
      'old_diff = max((steps[1][n] - steps[0][n])[~masks.get(n, torch.zeros_like(steps[0][n], dtype=torch.bool))].abs().max().item() for n in steps[0])',
      "print(json.dumps({'new': sum(int(m.sum()) for m in masks.values()), 'diff': (a - b).abs().max().item(),",
      "                  'spread': a.abs().max().item(), 'ratio_new': ratio_new, 'ratio_max': ratio_max,",
      "                  'old_diff': old_diff}))",
    ].join('\n');
    const out = JSON.parse(py(['-c', script]));
    expect(out.new).toBeGreaterThan(100_000);
    expect(out.spread).toBeGreaterThan(1);
    expect(out.diff).toBeLessThan(1e-4);
    expect(out.ratio_new).toBeCloseTo(30, 3);
    expect(out.ratio_max).toBeCloseTo(30, 3);
    expect(out.old_diff).toBe(0);
  }, 60_000);
});

describe.skipIf(!hasOnnx)('a deeper colorizer (train.py --extra-blocks)', () => {
  it('trains, exports with extraBlocks in its manifest, and reads back to the logits the engine computes', async () => {
    const dir = tempDir('tinct-deep-');
    py(['models/train/colorizer/train.py', '--smoke', '--extra-blocks', '1', '--runs-dir', dir]);
    const onnx = join(dir, 'colorizer.onnx');
    py(['models/train/colorizer/export.py', '--ckpt', join(dir, 'colorizer-smoke', 'last.pt'), '--out', onnx, '--no-verify']); // prettier-ignore
    const manifest = JSON.parse(readFileSync(join(dir, 'colorizer.json'), 'utf8'));
    expect(manifest.training.extraBlocks).toBe(1);
    const model = await Colorizer.load(onnx);
    // The ONNX read back into torch through its manifest (what --init of a deeper model does).
    const ref = JSON.parse(py(['models/train/colorizer/parity.py', '--ckpt', onnx, '--onnx-dir', dir]));
    const { data } = await model.logits(Float32Array.from(ref.L as number[]), ref.W, ref.H);
    const maxDiff = Math.max(...(ref.logits as number[]).map((v, i) => Math.abs(v - data[i])));
    expect(maxDiff).toBeLessThan(1e-3);
    await model.release();
    // --init of the deeper model without --extra-blocks continues it at its own depth.
    const next = tempDir('tinct-deep-next-');
    py(['models/train/colorizer/train.py', '--smoke', '--init', onnx, '--runs-dir', next]);
    const again = join(next, 'colorizer.onnx');
    py(['models/train/colorizer/export.py', '--ckpt', join(next, 'colorizer-smoke', 'last.pt'), '--out', again, '--no-verify']); // prettier-ignore
    expect(JSON.parse(readFileSync(join(next, 'colorizer.json'), 'utf8')).training.extraBlocks).toBe(1);
  }, 240_000);
});

describe.skipIf(!hasOnnx)('a wider colorizer (train.py --middle-width, --decoder)', () => {
  it("grows from an exported model, exports its widths in the manifest, reads back to the engine's logits, and continues at its widths", async () => {
    const smoke = (flags: string[]) => {
      const dir = tempDir('tinct-wide-');
      const log = py(['models/train/colorizer/train.py', '--smoke', '--runs-dir', dir, ...flags]);
      const onnx = join(dir, 'colorizer.onnx');
      py(['models/train/colorizer/export.py', '--ckpt', join(dir, 'colorizer-smoke', 'last.pt'), '--out', onnx, '--no-verify']); // prettier-ignore
      return { dir, log, onnx, training: JSON.parse(readFileSync(join(dir, 'colorizer.json'), 'utf8')).training };
    };
    const plain = smoke([]);
    expect(plain.training.middleWidth).toBeUndefined();
    expect(plain.training.decoder).toBeUndefined();
    const wide = smoke(['--init', plain.onnx, '--middle-width', '48', '--decoder', '112,96,80']);
    expect(wide.log).toMatch(/grown wider: \d+ new weights/);
    expect(wide.training.middleWidth).toBe(48);
    expect(wide.training.decoder).toEqual([112, 96, 80]);
    const model = await Colorizer.load(wide.onnx);
    const ref = JSON.parse(py(['models/train/colorizer/parity.py', '--ckpt', wide.onnx, '--onnx-dir', wide.dir]));
    const { data } = await model.logits(Float32Array.from(ref.L as number[]), ref.W, ref.H);
    expect(Math.max(...(ref.logits as number[]).map((v, i) => Math.abs(v - data[i])))).toBeLessThan(1e-3);
    await model.release();
    // --init of the wider model without the flags continues it at its own widths, growing nothing.
    const next = smoke(['--init', wide.onnx]);
    expect(next.log).not.toMatch(/grown wider/);
    expect([next.training.middleWidth, next.training.decoder]).toEqual([48, [112, 96, 80]]);
  }, 240_000);
});

describe.skipIf(!hasTorch)('training in bfloat16 (train.py --bf16)', () => {
  it('follows the float32 losses on the same batches without repeating them, and exports a model the engine loads', async () => {
    const losses = (flags: string[]) => {
      const dir = tempDir('tinct-bf16-');
      const log = py(['models/train/colorizer/train.py', '--smoke', '--runs-dir', dir, ...flags]);
      return { dir, loss: [...log.matchAll(/ loss (\S+)/g)].map((m) => Number(m[1])) };
    };
    const fp32 = losses([]);
    const bf16 = losses(['--bf16']);
    expect(bf16.loss).toHaveLength(2);
    // Same init and batches: the losses agree to bfloat16's ~3 significant digits, and are not
    // bit-equal, which shows the flag really ran the network in bfloat16.
    bf16.loss.forEach((l, i) => expect(Math.abs(l - fp32.loss[i]) / fp32.loss[i]).toBeLessThan(0.01));
    expect(bf16.loss).not.toEqual(fp32.loss);
    // The checkpoint (channels-last weights, float32) exports and loads like any other.
    const onnx = join(bf16.dir, 'colorizer.onnx');
    py(['models/train/colorizer/export.py', '--ckpt', join(bf16.dir, 'colorizer-smoke', 'last.pt'), '--out', onnx]); // prettier-ignore
    const model = await Colorizer.load(onnx);
    const { data } = await model.logits(new Float32Array(32 * 32).fill(0.1), 32, 32);
    expect(data.every(Number.isFinite)).toBe(true);
    await model.release();
  }, 240_000);
});

describe.skipIf(!hasTorch)('the share of clean inputs (train.py --clean-share)', () => {
  it('leaves that share of the greys undamaged, keeps the default stream, and refuses a share outside 0 … 1', () => {
    // data.degrade on one photo, 400 calls per share: the share returned unchanged. A degraded
    // call can also come back unchanged when none of its random damages fires (~3 %).
    const script = [
      'import sys, json, numpy as np',
      "sys.path[:0] = ['models/train/colorizer', 'models/train']",
      'from data import degrade',
      'rng = np.random.default_rng(0)',
      'v = rng.integers(0, 256, (48, 48), dtype=np.uint8)',
      'share = lambda s: float(np.mean([np.array_equal(degrade(v, rng, s), v) for _ in range(400)]))',
      "print(json.dumps({'0': share(0.0), '0.5': share(0.5), '1': share(1.0)}))",
    ].join('\n');
    const kept = JSON.parse(py(['-c', script])) as Record<string, number>;
    expect(kept['1']).toBe(1);
    expect(kept['0']).toBeLessThan(0.1);
    expect(kept['0.5']).toBeGreaterThan(0.4);
    expect(kept['0.5']).toBeLessThan(0.65);
    // Through train.py: the default share (0.2) draws the batches it always drew; all clean differs.
    const losses = (flags: string[]) => {
      const log = py(['models/train/colorizer/train.py', '--smoke', '--runs-dir', tempDir('tinct-clean-'), ...flags]);
      return [...log.matchAll(/ loss (\S+)/g)].map((m) => Number(m[1]));
    };
    const base = losses([]);
    expect(base).toHaveLength(2);
    expect(losses(['--clean-share', '0.2'])).toEqual(base);
    expect(losses(['--clean-share', '1'])).not.toEqual(base);
    const bad = spawnSync(PYTHON, ['models/train/colorizer/train.py', '--smoke', '--clean-share', '-0.1'],
      { cwd: ROOT, encoding: 'utf8', timeout: 60_000 }); // prettier-ignore
    expect(bad.stderr.trim()).toBe('--clean-share -0.1 is outside 0 … 1');
  }, 240_000);
});

describe.skipIf(!hasTorch)('precise BatchNorm statistics (precise_bn.py)', () => {
  it('sets each running mean to the mean of the batch means train mode saw, weights untouched, and exports', async () => {
    const dir = tempDir('tinct-pbn-');
    py(['models/train/colorizer/train.py', '--smoke', '--runs-dir', dir]);
    const ckpt = join(dir, 'colorizer-smoke', 'last.pt');
    const out = join(dir, 'bn.pt');
    // The running means straight from precise_statistics against the batch means a hook records.
    const script = [
      'import sys, json, torch',
      "sys.path[:0] = ['models/train/colorizer', 'models/train']",
      'from model import Colorizer',
      'from bn_calibrate import precise_statistics',
      'torch.manual_seed(0)',
      'm = Colorizer(261)',
      'bn = [x for x in m.modules() if isinstance(x, torch.nn.BatchNorm2d)][-1]',
      'seen = []',
      'bn.register_forward_pre_hook(lambda mod, i: seen.append(i[0].mean((0, 2, 3)).detach().clone()))',
      'w0 = [p.detach().clone() for p in m.parameters()]',
      'precise_statistics(m, [torch.randn(2, 1, 64, 64) * (1 + k) for k in range(5)])',
      'expected = torch.stack(seen).mean(0)',
      "print(json.dumps({'err': (bn.running_mean - expected).abs().max().item(),",
      "                  'spread': expected.abs().max().item(), 'momentum': bn.momentum,",
      "                  'weightsMoved': max((p - q).abs().max().item() for p, q in zip(m.parameters(), w0))}))",
    ].join('\n');
    const r = JSON.parse(py(['-c', script]));
    expect(r.spread).toBeGreaterThan(1e-3);
    expect(r.err).toBeLessThan(1e-5);
    expect(r.weightsMoved).toBe(0);
    expect(r.momentum).toBe(0.1); // put back for training
    // The CLI on a checkpoint: its result exports and the engine loads it.
    py(['models/train/colorizer/precise_bn.py', '--ckpt', ckpt, '--out', out, '--batches', '4', '--threads', '1']);
    // --clean-share: half the batches clean gives statistics of neither kind alone, and says so.
    const stats = (share: string) => {
      const path = join(dir, `bn-${share}.pt`);
      py(['models/train/colorizer/precise_bn.py', '--ckpt', ckpt, '--out', path, '--batches', '4', '--threads', '1', '--clean-share', share]); // prettier-ignore
      const read = [
        'import sys, json, torch',
        "sys.path.insert(0, 'models/train')",
        'from trainkit import load_checkpoint',
        'ck = load_checkpoint(sys.argv[1])',
        "v = torch.cat([t.flatten() for k, t in ck['model'].items() if k.endswith('running_var')])",
        "print(json.dumps({'var': v.tolist(), 'record': ck['preciseBN']}))",
      ].join('\n');
      return JSON.parse(py(['-c', read, path])) as { var: number[]; record: { cleanShare: number; clean: boolean } };
    };
    const [none, half, all] = [stats('0'), stats('0.5'), stats('1')];
    const gap = (x: number[], y: number[]) => Math.max(...x.map((v, i) => Math.abs(v - y[i])));
    expect(gap(none.var, all.var)).toBeGreaterThan(1e-3); // clean and degraded inputs differ
    expect(gap(half.var, none.var)).toBeGreaterThan(1e-4);
    expect(gap(half.var, all.var)).toBeGreaterThan(1e-4);
    expect(half.record).toMatchObject({ cleanShare: 0.5, clean: false });
    expect(all.record).toMatchObject({ cleanShare: 1, clean: true });
    const bad = spawnSync(PYTHON, ['models/train/colorizer/precise_bn.py', '--ckpt', ckpt, '--out', join(dir, 'x.pt'), '--clean-share', '2'],
      { cwd: ROOT, encoding: 'utf8', timeout: 60_000 }); // prettier-ignore
    expect(bad.stderr.trim()).toBe('precise_bn: --clean-share 2 is outside 0 … 1');
    const onnx = join(dir, 'colorizer.onnx');
    py(['models/train/colorizer/export.py', '--ckpt', out, '--out', onnx, '--no-verify']);
    const model = await Colorizer.load(onnx);
    await model.release();
  }, 180_000);
});

describe.skipIf(!hasTorch)('colour conversion shared with training', () => {
  it('models/train/lab.py and the engine give the same Lab on the same pixels', () => {
    // A 9³ grid of sRGB colours, converted by the training code (numpy and torch variants).
    const script = [
      'import sys, json, numpy as np, torch',
      "sys.path.insert(0, 'models/train')",
      'from lab import rgb_to_lab, torch_rgb_to_lab',
      'g = np.linspace(0, 1, 9)',
      "rgb = np.stack(np.meshgrid(g, g, g, indexing='ij'), -1).reshape(-1, 3)",
      'lab_np = rgb_to_lab(rgb)',
      't = torch.tensor(rgb.T.reshape(1, 3, -1, 1), dtype=torch.float64)',
      'lab_t = torch_rgb_to_lab(t).reshape(3, -1).T.numpy()',
      "print(json.dumps({'rgb': rgb.tolist(), 'np': lab_np.tolist(), 'torch': lab_t.tolist()}))",
    ].join('\n');
    const out = JSON.parse(py(['-c', script]));
    let maxNp = 0,
      maxTorch = 0;
    (out.rgb as number[][]).forEach(([r, g, b], i) => {
      const lab = rgbToLab(r, g, b);
      for (let k = 0; k < 3; k++) {
        maxNp = Math.max(maxNp, Math.abs(lab[k] - out.np[i][k]));
        maxTorch = Math.max(maxTorch, Math.abs(lab[k] - out.torch[i][k]));
      }
    });
    console.log(
      `Lab parity over 729 colours: max |TS - numpy| = ${maxNp.toExponential(2)}, max |TS - ` +
        `torch| = ${maxTorch.toExponential(2)}`,
    );
    expect(maxNp).toBeLessThan(1e-6);
    expect(maxTorch).toBeLessThan(1e-3);
  }, 60_000);
});

describe.skipIf(!hasTorch)('segmenter recipe', () => {
  it('a 2-step smoke run exports a model the engine loads, and ONNX matches PyTorch', async () => {
    const t0 = performance.now();
    const log = py(['models/train/segmenter/train.py', '--smoke']);
    expect(performance.now() - t0).toBeLessThan(60_000);
    const onnx = /smoke: exported (\S+\.onnx)/.exec(log)?.[1];
    expect(onnx, log).toBeDefined();
    // The smoke export has the shipped model's contract; give it the shipped manifest.
    copyFileSync(join(ROOT, 'models', 'segmenter.json'), onnx!.replace(/\.onnx$/, '.json'));
    const model = await Segmenter.load(onnx!);
    const ref = JSON.parse(py(['models/train/segmenter/parity.py', '--ckpt', join(dirname(onnx!), 'last.pt')]));
    const { mean, std } = model.manifest.input.normalization;
    const L = Float32Array.from(ref.input as number[], (x) => x * std + mean);
    const out = await model.boundary(L, ref.W, ref.H);
    let maxDiff = 0;
    (ref.boundary as number[]).forEach((v, i) => {
      maxDiff = Math.max(maxDiff, Math.abs(v - out[i]));
    });
    console.log(`segmenter parity: max |ORT - torch| = ${maxDiff.toExponential(2)} over ${out.length} pixels`);
    expect(maxDiff).toBeLessThan(1e-4);
    await model.release();
  }, 180_000);
});
