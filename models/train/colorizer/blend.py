"""Blend exported colorizers of one architecture: weights = (1 − alpha) · A + alpha · B, or, for
several, Σ w_i · M_i (a "soup").

    /usr/bin/python3 models/train/colorizer/blend.py models/colorizer.onnx scratch/cand/colorizer.onnx \
        --alpha 0.5 --out scratch/blend/colorizer.onnx
    /usr/bin/python3 models/train/colorizer/blend.py models/colorizer.onnx c1/colorizer.onnx c2/colorizer.onnx \
        --weights 0.6 0.2 0.2 --out scratch/soup/colorizer.onnx

Why: every stage since 2.1.0 started from it (`train.py --init`) and moved some numbers the
right way and others the wrong way (stage 8: AuC and green up, a cool cast; stage 9: red up, AuC
down). A model fine-tuned from another stays in the same basin, so the straight line between
their weights is a family of models in between (weight-space ensembling, Wortsman et al. 2022,
"Robust fine-tuning of zero-shot models"); alpha picks a point on it, chosen on val like any
stage. The blend is taken on the exported graphs, where every BatchNorm is already folded into
its convolution, so it mixes the functions' own weights, not BN parameterisations that differ
between the two (a shipped model read back has identity BNs, a trained one has its statistics).

Several stages fine-tuned from the same model, each pushing some numbers one way (stage 16: green
and blue up, red down; stage 23: red up, green down), are points around it in one basin; their
weighted mean with it can keep what they share and cancel what pulls apart (Wortsman et al. 2022,
"Model soups"). The weights must sum to 1.

Convs and Gemms are matched in graph order and every shape is checked; a graph of another
architecture, width or storage (int8 weights) is refused with a one-line reason. The output is
the last model's graph with the blended weights; its manifest is copied beside it with the blend
recorded in its last training stage, so the engine and eval:color take the result as a model.
"""
import argparse
import json
import os
import sys

import numpy as np

from onnx_weights import _onnx, manifest_of


def layer_inputs(graph, path):
    """[(weight name, bias name or None)] of every Conv and Gemm, graph order; all constants."""
    inits = {t.name for t in graph.initializer}
    out = []
    for n in graph.node:
        if n.op_type not in ('Conv', 'Gemm'):
            continue
        names = list(n.input[1:3]) + [None] * (3 - len(n.input))
        w, b = names[0], names[1] or None
        if w not in inits or (b is not None and b not in inits):
            raise SystemExit('%s: %s node %s has no constant weight (int8 or another export?)'
                             % (path, n.op_type, n.name))
        out.append((w, b))
    return out


def blend(paths, weights):
    """The last model with every Conv/Gemm weight and bias replaced by Σ weights[i] · paths[i]'s."""
    onnx, numpy_helper = _onnx()
    models = [onnx.load(path) for path in paths]
    layers = [layer_inputs(m.graph, path) for m, path in zip(models, paths)]
    values = [{t.name: numpy_helper.to_array(t) for t in m.graph.initializer} for m in models]
    out, last = models[-1], paths[-1]
    target = {t.name: t for t in out.graph.initializer}
    for path, lay in zip(paths, layers):
        if len(lay) != len(layers[-1]):
            raise SystemExit('%s: %d conv/linear layers, %s has %d (another architecture?)'
                             % (last, len(layers[-1]), path, len(lay)))
    for k in range(len(layers[-1])):
        for j in (0, 1):  # the weight, then the bias
            names = [lay[k][j] for lay in layers]
            if any((n is None) != (names[-1] is None) for n in names):
                raise SystemExit('%s: layer %d has a bias where another model has none' % (last, k))
            if names[-1] is None:
                continue
            arrays = [vals[n] for vals, n in zip(values, names)]
            y = arrays[-1]
            for path, x in zip(paths, arrays):
                if x.shape != y.shape or y.dtype != np.float32:
                    raise SystemExit('%s: layer %d %s %s, %s has %s (another width?)'
                                     % (last, k, y.dtype, list(y.shape), path, list(x.shape)))
            mixed = sum(w * x.astype(np.float64) for w, x in zip(weights, arrays)).astype(np.float32)
            target[names[-1]].CopyFrom(numpy_helper.from_array(mixed, names[-1]))
    return out


def label(man, path):
    """How the blend record names a member: name, version and run of its manifest, or the file."""
    if man is None:
        return os.path.basename(path)
    stages = man.get('training', {}).get('stages') or [{}]
    run = stages[-1].get('run')
    return '%s %s' % (man.get('name'), man.get('version')) + (' (run %s)' % run if run else '')


def add_member_stages(training, members):
    """Every stage of the other members that the last one's record lacks (a soup's stages trained
    side by side from one model), put before its own last stage and counted in the totals, so that
    the manifest still records every stage whose weights are in the soup."""
    stages = training.get('stages')
    if not stages:
        return
    known = {st.get('run') for st in stages}
    for man in members:
        for st in (man or {}).get('training', {}).get('stages') or []:
            if st.get('run') in known:
                continue
            known.add(st.get('run'))
            stages.insert(len(stages) - 1, st)
            training['steps'] = training.get('steps', 0) + st.get('steps', 0)
            training['wallSeconds'] = round(training.get('wallSeconds', 0) + st.get('wallSeconds', 0), 1)


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument('models', nargs='+', help='two models with --alpha (A usually the shipped models/colorizer.onnx, '
                   'B a candidate fine-tuned from it), or any number with --weights')
    p.add_argument('--alpha', type=float, help='two models: the share of B, 0 … 1')
    p.add_argument('--weights', type=float, nargs='+', help='one share per model, each 0 … 1, summing to 1')
    p.add_argument('--out', required=True)
    a = p.parse_args()
    if (a.alpha is None) == (a.weights is None):
        sys.exit('blend: give --alpha (two models) or --weights (one per model)')
    if a.alpha is not None:
        if len(a.models) != 2:
            sys.exit('blend: --alpha blends two models, %d given (use --weights)' % len(a.models))
        if not 0.0 <= a.alpha <= 1.0:
            sys.exit('blend: --alpha %g is outside 0 … 1' % a.alpha)
        weights = [1.0 - a.alpha, a.alpha]
    else:
        weights = a.weights
        if len(weights) != len(a.models) or len(weights) < 2:
            sys.exit('blend: %d models and %d weights (one each, two models at least)' % (len(a.models), len(weights)))
        if min(weights) < 0 or abs(sum(weights) - 1.0) > 1e-6:
            sys.exit('blend: the weights %s must be 0 … 1 and sum to 1' % ' '.join('%g' % w for w in weights))
    for path in a.models:
        if not os.path.exists(path):
            sys.exit('%s: no such file' % path)
    mans = [manifest_of(path) for path in a.models]
    if mans[-1] is None:
        sys.exit('%s: its manifest (.json beside it) is needed for the blend' % a.models[-1])
    for path, man in zip(a.models[:-1], mans[:-1]):
        if man is not None and man.get('bins') != mans[-1].get('bins'):
            sys.exit('%s: its bins differ from %s\'s, so the two outputs do not mean the same colours'
                     % (a.models[-1], path))
    model = blend(a.models, weights)

    onnx, _ = _onnx()
    os.makedirs(os.path.dirname(os.path.abspath(a.out)), exist_ok=True)
    tmp = a.out + '.tmp'
    onnx.save(model, tmp)
    os.replace(tmp, a.out)  # never a half-written model where the engine looks
    man = dict(mans[-1], onnx=os.path.basename(a.out))
    if a.alpha is not None:
        record = {'with': label(mans[0], a.models[0]), 'alpha': a.alpha,
                  'what': '(1 - alpha) * that model + alpha * this stage, folded weights'}
    else:
        record = {'of': [{'model': label(m, path), 'weight': w} for m, path, w in zip(mans, a.models, weights)],
                  'what': 'sum of weight * model over the members (the last is this stage), folded weights'}
    t = man.setdefault('training', {})  # a manifest without a training record still gets the blend's
    if a.weights is not None:
        add_member_stages(t, mans[:-1])
    if t.get('stages'):
        t['stages'][-1]['blend'] = record
    t['blend'] = record
    json_path = os.path.splitext(a.out)[0] + '.json'
    with open(json_path + '.tmp', 'w') as f:
        json.dump(man, f, indent=1)
        f.write('\n')
    os.replace(json_path + '.tmp', json_path)
    print('wrote %s: %s, and %s' % (a.out, ' + '.join('%.2f × %s' % (w, path) for w, path in zip(weights, a.models)),
                                    json_path))


if __name__ == '__main__':
    main()
