"""Export a colorizer checkpoint to ONNX + its manifest (the engine's model contract).

    /usr/bin/python3 models/train/colorizer/export.py --ckpt models/train/runs/colorizer-main/last.pt
writes models/colorizer.onnx and models/colorizer.json (or --out DIR/NAME.onnx).
"""
import argparse
import datetime
import json
import os
import subprocess
import sys

import numpy as np
import torch

from infer import load_checkpoint, read_checkpoint, L_MEAN, L_STD, STRIDE, MULTIPLE_OF, INPUT_SIZE, TEMPERATURE, HERE
from model import DECODER, count_params
from onnx_weights import manifest_of

REPO = os.path.abspath(os.path.join(HERE, '..', '..', '..'))

LICENSE = ('MIT (the model weights, same licence as Tinct). Trained on research data sets '
           '(ImageNet sample images, BSDS500); the photos themselves are not distributed.')
TRAINING_DATA = ('{n} colour photos ({skipped} nearly-grey photos skipped): imagenet-sample-images '
                 '(one ImageNet validation photo per class, 1,000) and the BSDS500 train split (200). '
                 'BSDS500 val (100) used only for validation. Research use; see colorizer.md.')


def training_stages(ck):
    """Every training stage behind a checkpoint, oldest first: a run started with --init from
    another checkpoint continues that one's training, so its steps and time count too."""
    a = ck['args']
    earlier = []
    init = a.get('init')
    if init:
        path = init if os.path.isabs(init) else os.path.join(REPO, init)
        if path.endswith('.onnx'):
            # A stage that continued from a shipped model: its manifest holds the earlier stages.
            man = manifest_of(path)
            if man is None:
                raise SystemExit('%s: its manifest (.json beside it) is needed for the training record' % path)
            t = man.get('training', {})
            earlier = t.get('stages') or [{'run': man.get('version'), 'steps': t.get('steps'),
                                           'wallSeconds': t.get('wallSeconds'), 'flags': t.get('flags')}]
            earlier = [dict(st, data=st.get('data', man.get('trainingData'))) for st in earlier]
        elif not os.path.exists(path):
            raise SystemExit('%s: the checkpoint this run started from (--init) is needed for its training record' % path)
        else:
            earlier = training_stages(read_checkpoint(path))
    flags = {k: v for k, v in a.items() if k not in ('runs_dir', 'cache_dir', 'data_dirs', 'val_dir')}
    stage = {'run': a.get('name'), 'steps': ck['step'], 'wallSeconds': round(ck['wall_s'], 1), 'flags': flags}
    if ck.get('sets'):
        stage['data'] = ck['sets']
    if ck.get('averaged'):
        stage['averaged'] = ck['averaged']  # average.py: the mean of these checkpoints of the run
    if ck.get('preciseBN'):
        stage['preciseBN'] = ck['preciseBN']  # precise_bn.py: BN statistics recomputed afterwards
    return earlier + [stage]


SETS_DATA = ('{n:,} colour photos in weighted sets ({mix}); sampled by weight, not size. The large '
             'collections are assembled by ../shared/tools/training-photos.py (research data). BSDS500 '
             'val (100) used only for validation. Research use; see colorizer.md.')


def sets_description(sets):
    mix = ', '.join('%s %d photos at %.0f%%' % (s['set'], s['photos'], 100 * s['weight']) for s in sets)
    return SETS_DATA.format(n=sum(s['photos'] for s in sets), mix=mix)


def manifest(ck, onnx_name, n_params, version='1.0.0'):
    a = ck['args']
    skipped = 4 if a.get('smoke') else 1200 - ck['train_images']
    stages = training_stages(ck)
    return {
        'format': 'tinct-model/1', 'kind': 'colorizer', 'name': 'tinct-colorizer', 'version': version,
        'onnx': onnx_name,
        'input': {'name': 'L', 'normalization': {'mean': L_MEAN, 'std': L_STD}},
        'output': {'name': 'logits', 'stride': STRIDE},
        'multipleOf': MULTIPLE_OF, 'inputSize': INPUT_SIZE, 'temperature': TEMPERATURE,
        'bins': [[int(a_), int(b_)] for a_, b_ in np.asarray(ck['bins'])],
        'prior': [float('%.6g' % p) for p in np.asarray(ck['prior'])],
        'license': LICENSE,
        'trainingData': 'smoke test: 4 synthetic images' if a.get('smoke') else
                        sets_description(ck['sets']) if ck.get('sets') else
                        TRAINING_DATA.format(n=ck['train_images'], skipped=skipped),
        'training': {
            'steps': sum(st['steps'] for st in stages), 'wallSeconds': round(sum(st['wallSeconds'] for st in stages), 1),
            'machine': '2-core CPU, %d thread(s) (torch %s)' % (a.get('threads', 1), torch.__version__.split('+')[0]),
            'arch': ck['arch'], 'width': ck['width'], 'parameters': n_params,
            **({'extraBlocks': ck['extra_blocks']} if ck.get('extra_blocks') else {}),
            **({'middleWidth': ck['middle_width']} if ck.get('middle_width') else {}),
            **({'decoder': list(ck['decoder'])} if tuple(ck.get('decoder') or DECODER) != DECODER else {}),
            'flags': stages[-1]['flags'],
            **({'stages': stages} if len(stages) > 1 else {}),
            'validation': ck['history'][-1] if ck['history'] else None,
            'exported': datetime.datetime.now(datetime.timezone.utc).strftime('%Y-%m-%dT%H:%M:%SZ'),
        },
    }


def verify_with_ort(onnx_path, x, expected):
    """Compare onnxruntime with torch if a runtime is reachable (python, else onnxruntime-node)."""
    try:
        import onnxruntime as ort
        got = ort.InferenceSession(onnx_path).run(['logits'], {'L': x.numpy()})[0]
        return float(np.abs(got - expected).max()), 'onnxruntime (python)'
    except ImportError:
        pass
    script = os.path.join(HERE, 'ort_check.mjs')
    tmp = onnx_path + '.check.json'
    with open(tmp, 'w') as f:
        json.dump({'shape': list(x.shape), 'input': x.flatten().tolist()}, f)
    try:
        out = subprocess.run(['node', script, onnx_path, tmp], capture_output=True, text=True,
                             cwd=REPO, timeout=120)
    except (OSError, subprocess.TimeoutExpired) as e:
        return None, 'node not usable: %s' % e
    finally:
        os.remove(tmp)
    if out.returncode != 0:
        return None, 'onnxruntime-node not usable: ' + out.stderr.strip().splitlines()[-1:][0] if out.stderr.strip() else 'failed'
    got = np.array(json.loads(out.stdout)['logits'], dtype=np.float32).reshape(expected.shape)
    return float(np.abs(got - expected).max()), 'onnxruntime-node'


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument('--ckpt', default=os.path.join(REPO, 'models', 'train', 'runs', 'colorizer-main', 'last.pt'))
    p.add_argument('--out', default=os.path.join(REPO, 'models', 'colorizer.onnx'))
    p.add_argument('--opset', type=int, default=13)
    p.add_argument('--version', default='1.0.0', help="the model's version in its manifest")
    p.add_argument('--no-verify', action='store_true', help='skip the onnxruntime comparison')
    a = p.parse_args()
    torch.set_num_threads(1)
    model, ck = load_checkpoint(a.ckpt)
    if ck['args'].get('smoke') and os.path.abspath(a.out) == os.path.abspath(p.get_default('out')):
        sys.exit('export: %s is a smoke-test checkpoint; pass --out so it does not replace the '
                 'shipped models/colorizer.onnx' % a.ckpt)
    n_params = count_params(model)
    os.makedirs(os.path.dirname(os.path.abspath(a.out)), exist_ok=True)

    dummy = torch.zeros(1, 1, INPUT_SIZE, INPUT_SIZE)
    torch.onnx.export(model, dummy, a.out, opset_version=a.opset, input_names=['L'],
                      output_names=['logits'], do_constant_folding=True,
                      dynamic_axes={'L': {2: 'H', 3: 'W'}, 'logits': {2: 'H4', 3: 'W4'}})
    m = manifest(ck, os.path.basename(a.out), n_params, a.version)
    json_path = os.path.splitext(a.out)[0] + '.json'
    with open(json_path, 'w') as f:
        json.dump(m, f, indent=1)
        f.write('\n')
    size = os.path.getsize(a.out)
    print('wrote %s (%.2f MB, %d parameters, Q=%d) and %s' % (a.out, size / 1e6, n_params, len(m['bins']), json_path))

    # Re-run the torch model: output shape contract at a non-square size, then ORT parity.
    g = torch.Generator().manual_seed(0)
    x = (torch.rand(1, 1, 48, 80, generator=g) * 100 - L_MEAN) / L_STD
    with torch.no_grad():
        ref = model(x).numpy()
    assert ref.shape == (1, len(m['bins']), 48 // STRIDE, 80 // STRIDE), ref.shape
    if not a.no_verify:
        err, how = verify_with_ort(a.out, x, ref)
        if err is None:
            print('verify: skipped (%s)' % how)
        else:
            print('verify: max |torch - %s| = %.2e' % (how, err))
            if err > 1e-3:
                sys.exit('export mismatch: %.3g' % err)


if __name__ == '__main__':
    main()
