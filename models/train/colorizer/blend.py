"""Blend two exported colorizers of one architecture: weights = (1 − alpha) · A + alpha · B.

    /usr/bin/python3 models/train/colorizer/blend.py models/colorizer.onnx scratch/cand/colorizer.onnx \
        --alpha 0.5 --out scratch/blend/colorizer.onnx

Why: every stage since 2.1.0 started from it (`train.py --init`) and moved some numbers the
right way and others the wrong way (stage 8: AuC and green up, a cool cast; stage 9: red up, AuC
down). A model fine-tuned from another stays in the same basin, so the straight line between
their weights is a family of models in between (weight-space ensembling, Wortsman et al. 2022,
"Robust fine-tuning of zero-shot models"); alpha picks a point on it, chosen on val like any
stage. The blend is taken on the exported graphs, where every BatchNorm is already folded into
its convolution, so it mixes the functions' own weights, not BN parameterisations that differ
between the two (a shipped model read back has identity BNs, a trained one has its statistics).

Convs and Gemms are matched in graph order and every shape is checked; a graph of another
architecture, width or storage (int8 weights) is refused with a one-line reason. The output is
B's graph with the blended weights; B's manifest is copied beside it with the blend recorded in
its last training stage, so the engine and eval:color take the result as a model.
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


def blend(path_a, path_b, alpha):
    """B's model with every Conv/Gemm weight and bias replaced by (1 − alpha) · A + alpha · B."""
    onnx, numpy_helper = _onnx()
    ga, mb = onnx.load(path_a).graph, onnx.load(path_b)
    gb = mb.graph
    la, lb = layer_inputs(ga, path_a), layer_inputs(gb, path_b)
    if len(la) != len(lb):
        raise SystemExit('%s: %d conv/linear layers, %s has %d (another architecture?)'
                         % (path_b, len(lb), path_a, len(la)))
    va = {t.name: numpy_helper.to_array(t) for t in ga.initializer}
    tb = {t.name: t for t in gb.initializer}
    for k, ((wa, ba), (wb, bb)) in enumerate(zip(la, lb)):
        for na, nb in ((wa, wb), (ba, bb)):
            if (na is None) != (nb is None):
                raise SystemExit('%s: layer %d has a bias where %s has none' % (path_b, k, path_a))
            if nb is None:
                continue
            x, y = va[na], numpy_helper.to_array(tb[nb])
            if x.shape != y.shape or y.dtype != np.float32:
                raise SystemExit('%s: layer %d %s %s, %s has %s (another width?)'
                                 % (path_b, k, y.dtype, list(y.shape), path_a, list(x.shape)))
            mixed = ((1.0 - alpha) * x.astype(np.float64) + alpha * y.astype(np.float64)).astype(np.float32)
            tb[nb].CopyFrom(numpy_helper.from_array(mixed, nb))
    return mb


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument('a', help='the model at alpha 0 (usually the shipped models/colorizer.onnx)')
    p.add_argument('b', help='the model at alpha 1 (a candidate fine-tuned from A)')
    p.add_argument('--alpha', type=float, required=True, help='share of B, 0 … 1')
    p.add_argument('--out', required=True)
    a = p.parse_args()
    if not 0.0 <= a.alpha <= 1.0:
        sys.exit('blend: --alpha %g is outside 0 … 1' % a.alpha)
    for path in (a.a, a.b):
        if not os.path.exists(path):
            sys.exit('%s: no such file' % path)
    man_a, man_b = manifest_of(a.a), manifest_of(a.b)
    if man_b is None:
        sys.exit('%s: its manifest (.json beside it) is needed for the blend' % a.b)
    if man_a is not None and man_a.get('bins') != man_b.get('bins'):
        sys.exit('%s: its bins differ from %s\'s, so the two outputs do not mean the same colours' % (a.b, a.a))
    model = blend(a.a, a.b, a.alpha)

    onnx, _ = _onnx()
    os.makedirs(os.path.dirname(os.path.abspath(a.out)), exist_ok=True)
    tmp = a.out + '.tmp'
    onnx.save(model, tmp)
    os.replace(tmp, a.out)  # never a half-written model where the engine looks
    man = dict(man_b, onnx=os.path.basename(a.out))
    other = '%s %s' % (man_a.get('name'), man_a.get('version')) if man_a else os.path.basename(a.a)
    record = {'with': other, 'alpha': a.alpha, 'what': '(1 - alpha) * that model + alpha * this stage, folded weights'}
    t = man.get('training', {})
    if t.get('stages'):
        t['stages'][-1]['blend'] = record
    t['blend'] = record
    json_path = os.path.splitext(a.out)[0] + '.json'
    with open(json_path + '.tmp', 'w') as f:
        json.dump(man, f, indent=1)
        f.write('\n')
    os.replace(json_path + '.tmp', json_path)
    print('wrote %s: %.2f × %s + %.2f × %s, and %s' % (a.out, 1 - a.alpha, a.a, a.alpha, a.b, json_path))


if __name__ == '__main__':
    main()
